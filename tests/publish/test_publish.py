"""Issuing: frozen editions with a manifest, proved by ``verify``; encrypted members' copies."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from pathlib import Path

import pypdf
import pytest
from helpers import pdf_outline, pdf_pages, pdf_text

from boardpack.cli import main
from boardpack.pack import issued as manifests
from boardpack.problems import BoardpackError
from boardpack.publish import encrypt
from boardpack.publish.issue import publish

PASSWORD = "correct horse battery"
WHEN = dt.datetime(2027, 1, 11, 15, 30, tzinfo=dt.UTC)

ITEMS = """
[[item]]
id = "finance"
title = "Budget monitoring"
files = ["reports/finance.md"]

[[item]]
id = "fostering"
title = "Fostering annual report"
to_follow = true

[[item]]
id = "contract"
title = "Contract award"
exempt = 3
files = ["reports/contract.md"]
"""
FILES = {
    "reports/finance.md": "# Position\n\nThe forecast overspend is 1.2 million pounds.\n",
    "reports/contract.md": "# Bids\n\nThe preferred bidder is Acme Care Homes Ltd.\n",
}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_writable(folder: Path) -> None:
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def files(folder: Path) -> list[str]:
    """Every file under ``folder``, relative to it."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def pack(make_pack) -> Path:
    return make_pack(ITEMS, FILES)


def test_publish_freezes_both_editions_with_a_manifest(pack: Path) -> None:
    result = publish(pack, now=WHEN)
    assert result.ok, result.problems
    folder = pack / "issued" / "1"
    assert result.folder == folder and result.issue == 1
    names = files(folder)
    assert names == ["internal/manifest.json", "members/members.html", "members/members.pdf",
                     "public/manifest.json", "public/public.html", "public/public.pdf"]
    data = json.loads((folder / "internal" / "manifest.json").read_text())
    assert data["issue"] == 1 and data["kind"] == "pack" and data["supplement"] is None
    assert data["time"] == "2027-01-11T15:30:00+00:00"
    assert data["editions"] == ["members", "public"]
    assert data["boardpack_version"]
    inputs = {f["path"]: f["sha256"] for f in data["inputs"]}
    assert set(inputs) == {"pack.toml", "reports/finance.md", "reports/contract.md"}
    assert all(inputs[p] == sha(pack / p) for p in inputs)
    outputs = {f["path"]: f for f in data["outputs"]}
    assert set(outputs) == set(names) - {"internal/manifest.json", "public/manifest.json"}
    assert all(outputs[n]["sha256"] == sha(folder / n) for n in outputs)
    assert {(f["edition"], f["format"]) for f in outputs.values()} == {
        ("members", "pdf"), ("members", "html"), ("public", "pdf"), ("public", "html")}
    assert data["public_manifest"] == sha(folder / "public" / "manifest.json")
    # The public manifest: the public files, their digests, and nothing of the inputs.
    shown = json.loads((folder / "public" / "manifest.json").read_text())
    assert {f["path"]: f["sha256"] for f in shown["outputs"]} == {
        n: sha(folder / "public" / n) for n in ("public.pdf", "public.html")}
    assert (shown["issue"], shown["kind"], shown["time"]) == (1, "pack", data["time"])
    assert "inputs" not in shown and "items" not in shown
    assert "contract" not in json.dumps(shown) and "contract" in json.dumps(data)
    # Read-only, and nothing left behind from the temporary folder.
    assert not folder.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert all(not p.stat().st_mode & stat.S_IWUSR for p in folder.rglob("*"))
    assert [p.name for p in (pack / "issued").iterdir()] == ["1"]


def test_issued_pack_shows_report_to_follow_and_its_publication_date(pack: Path) -> None:
    result = publish(pack, now=WHEN)
    assert result.ok, result.problems
    for edition in ("members", "public"):
        text = pdf_text(pack / "issued" / "1" / edition / f"{edition}.pdf")
        assert "Published 11 January 2027" in text.replace("\n", " ")
        assert "report to follow" in text
        assert "Report to follow." in text
        html = (pack / "issued" / "1" / edition / f"{edition}.html").read_text()
        assert "Report to follow." in html


def test_each_publish_makes_a_new_issue_and_never_touches_an_old_one(pack: Path) -> None:
    assert publish(pack, now=WHEN).ok
    first = {p: (sha(p), p.stat().st_mtime_ns) for p in (pack / "issued/1").rglob("*.*")}
    (pack / "reports/finance.md").write_text("# Position\n\nNow balanced.\n")
    second = publish(pack, now=WHEN + dt.timedelta(days=1))
    assert second.ok and second.issue == 2
    assert len(first) == 6 and first == {p: (sha(p), p.stat().st_mtime_ns)
                                         for p in (pack / "issued/1").rglob("*.*")}
    assert "Now balanced." in pdf_text(pack / "issued/2/public/public.pdf")
    made = manifests.read(pack, 2)
    assert made.previous_manifest == sha(pack / "issued/1/internal/manifest.json")


def test_an_issue_number_is_never_reused(pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert publish(pack, now=WHEN).ok
    before = {p: sha(p) for p in (pack / "issued/1").rglob("*.*")}
    # As if another process had not yet been seen: the next number looks free but is not.
    monkeypatch.setattr(manifests, "issue_numbers", lambda root: [])
    result = publish(pack, now=WHEN)
    assert not result.ok
    assert any("issue 1 already exists" in p.message for p in result.problems)
    assert before == {p: sha(p) for p in (pack / "issued/1").rglob("*.*")}
    assert [p.name for p in (pack / "issued").iterdir()] == ["1"]


def test_verify_passes_then_names_a_tampered_file(pack: Path, capsys) -> None:
    assert publish(pack, now=WHEN).ok
    assert publish(pack, now=WHEN).ok
    assert main(["verify", str(pack)]) == 0
    assert "8 issued file(s) in issue(s) 1, 2" in capsys.readouterr().err

    folder = pack / "issued" / "1"
    make_writable(folder)
    data = bytearray((folder / "public" / "public.pdf").read_bytes())
    data[len(data) // 2] ^= 0x01
    (folder / "public" / "public.pdf").write_bytes(bytes(data))
    (folder / "notes.txt").write_text("added later")
    (folder / "public" / "members.pdf").write_bytes((folder / "members/members.pdf").read_bytes())
    assert main(["verify", str(pack)]) == 1
    err = capsys.readouterr().err
    assert "issued/1/public/public.pdf: has changed since it was issued" in err
    assert "issued/1/notes.txt: was not part of issue 1" in err
    assert "issued/1/public/members.pdf: was not part of issue 1" in err
    assert "members/members.pdf" not in err


def test_verify_catches_a_rewritten_manifest_and_a_missing_file(pack: Path) -> None:
    assert publish(pack, now=WHEN).ok
    assert publish(pack, now=WHEN).ok
    folder = pack / "issued" / "1"
    make_writable(folder)
    # Tamper with a file and "fix" its manifest to match: issue 2's manifest still knows.
    (folder / "public" / "public.html").write_text("<p>rewritten</p>")
    made = manifests.read(pack, 1)
    made.outputs = [manifests.record(folder / o.path, o.path, edition=o.edition,
                                     format=o.format) for o in made.outputs]
    (folder / "internal" / "manifest.json").write_text(made.to_json())
    make_writable(pack / "issued" / "2")
    (pack / "issued" / "2" / "members" / "members.html").unlink()
    result = manifests.verify(pack)
    messages = [str(p) for p in result.problems]
    assert not result.ok
    assert any("issued/1/internal/manifest.json: the manifest of issue 1 has changed since "
               "issue 2" in m for m in messages)
    assert any("issued/2/members/members.html: is missing" in m for m in messages)
    # The public manifest of issue 1 no longer matches the rewritten full manifest.
    assert any("issued/1/public/manifest.json: the public manifest does not match" in m
               for m in messages)


def test_verify_with_nothing_issued_fails(pack: Path, capsys) -> None:
    assert main(["verify", str(pack)]) == 1
    assert "nothing has been issued yet" in capsys.readouterr().err


def test_publish_refuses_what_should_not_be_published(make_pack) -> None:
    pack = make_pack(ITEMS, {**FILES, "reports/finance.md": "The overspend is £[TBC].\n"})
    result = publish(pack, now=WHEN)
    assert not result.ok
    assert any("placeholder" in p.message for p in result.problems)
    assert not (pack / "issued" / "1").exists()
    assert publish(pack, now=WHEN, force=True).ok


def test_publish_reports_bad_input_without_issuing(make_pack) -> None:
    pack = make_pack(ITEMS.replace('exempt = 3', 'exempt = 9'), FILES)
    result = publish(pack, now=WHEN)
    assert not result.ok and result.folder is None
    assert any("Schedule 12A" in p.message for p in result.problems)
    assert not (pack / "issued").exists() or not any((pack / "issued").iterdir())


# --- encrypted members' copies ------------------------------------------------------------


def test_encrypted_members_pdf(pack: Path) -> None:
    result = publish(pack, now=WHEN, password=PASSWORD)
    assert result.ok, result.problems
    folder = pack / "issued" / "1"
    assert files(folder) == ["internal/manifest.json", "members/members.pdf",
                             "public/manifest.json", "public/public.html", "public/public.pdf"]
    raw = (folder / "members" / "members.pdf").read_bytes()
    assert b"/AESV3" in raw  # AES-256 (PDF 2.0 / extension level 3)
    reader = pypdf.PdfReader(folder / "members" / "members.pdf")
    assert reader.is_encrypted
    with pytest.raises(pypdf.errors.PdfReadError):
        reader.pages[0].extract_text()
    assert reader.decrypt("wrong password") == pypdf.PasswordType.NOT_DECRYPTED
    assert reader.decrypt(PASSWORD) != pypdf.PasswordType.NOT_DECRYPTED
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Acme Care Homes Ltd." in text
    assert "Confidential – not for publication" in text
    assert any("Contract award" in entry.title for entry in reader.outline
               if not isinstance(entry, list))
    # The public edition is untouched, and the password is nowhere in the pack.
    assert not pypdf.PdfReader(folder / "public" / "public.pdf").is_encrypted
    assert "Acme" not in pdf_text(folder / "public" / "public.pdf")
    made = manifests.read(pack, 1)
    assert made.encrypted and [o.encrypted for o in made.outputs if o.edition == "members"] == [
        True]
    for path in pack.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
    assert main(["verify", str(pack)]) == 0


def test_publish_encrypt_takes_the_password_from_the_environment(
        pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(encrypt.ENV, PASSWORD)
    assert main(["publish", str(pack), "--encrypt"]) == 0
    reader = pypdf.PdfReader(pack / "issued" / "1" / "members" / "members.pdf")
    assert reader.is_encrypted and reader.decrypt(PASSWORD)
    assert "Budget monitoring" in "".join(p.extract_text() for p in reader.pages)


def test_password_prompt() -> None:
    answers = iter([PASSWORD, PASSWORD])
    assert encrypt.password(env={}, ask=lambda _: next(answers), interactive=True) == PASSWORD
    different = iter([PASSWORD, PASSWORD + "!"])
    with pytest.raises(BoardpackError, match="differ"):
        encrypt.password(env={}, ask=lambda _: next(different), interactive=True)
    with pytest.raises(BoardpackError, match="BOARDPACK_PASSWORD"):
        encrypt.password(env={}, interactive=False)
    with pytest.raises(BoardpackError, match="shorter"):
        encrypt.password(env={encrypt.ENV: "short"})


def test_publish_cli_without_a_password_fails_cleanly(pack: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv(encrypt.ENV, raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["publish", str(pack), "--encrypt"]) == 1
    assert "no password for the members' copies" in capsys.readouterr().err
    assert not (pack / "issued").exists()


def test_publish_cli_prints_what_it_issued(pack: Path, capsys) -> None:
    assert main(["publish", str(pack)]) == 0
    out, err = capsys.readouterr()
    assert "issued the pack as issue 1" in err
    assert f"publish {pack / 'issued' / '1' / 'public'}/ and nothing else" in err
    assert out.split() == [str(pack / "issued" / "1" / n) for n in (
        "members/members.pdf", "members/members.html", "public/public.pdf",
        "public/public.html", "public/manifest.json", "internal/manifest.json")]
    assert os.access(pack / "issued" / "1" / "public" / "public.pdf", os.R_OK)
    pages = pdf_pages(pack / "issued" / "1" / "members" / "members.pdf")
    assert pdf_outline(pack / "issued" / "1" / "members" / "members.pdf") and len(pages) > 3


def test_a_later_build_shows_the_date_the_pack_was_first_issued(pack: Path) -> None:
    from boardpack.pipeline.build import build

    assert publish(pack, now=WHEN).ok
    assert build(pack, editions=["public"], formats=["pdf"]).ok
    text = " ".join(pdf_text(pack / "build" / "public.pdf").split())
    assert "Published 11 January 2027" in text


def as_first_format(pack: Path, number: int) -> None:
    """Rewrite issue ``number`` as boardpack wrote issues before the public manifest: the
    editions and the full manifest side by side, without the public entries."""
    folder = pack / "issued" / str(number)
    make_writable(folder)
    data = json.loads((folder / "internal" / "manifest.json").read_text())
    for output in data["outputs"]:
        (folder / output["path"]).rename(folder / Path(output["path"]).name)
        output["path"] = Path(output["path"]).name
    for name in ("public", "members", "internal"):
        for path in (folder / name).iterdir():
            path.unlink()
        (folder / name).rmdir()
    del data["public_manifest"]
    for item in data["items"]:
        del item["public_entry"]
    data["format"] = 1
    (folder / "manifest.json").write_text(json.dumps(data, indent=2))


def test_an_issue_of_the_first_format_is_still_read_and_verified(pack: Path, capsys) -> None:
    assert publish(pack, now=WHEN).ok
    as_first_format(pack, 1)
    assert main(["verify", str(pack)]) == 0
    assert "4 issued file(s) in issue(s) 1" in capsys.readouterr().err
    # the next issue is chained to it, and a supplement compares with it
    (pack / "reports/contract.md").write_text("# Bids\n\nNow Beta Homes.\n")
    (pack / "reports/finance.md").write_text("# Position\n\nNow balanced.\n")
    result = publish(pack, supplement=True, now=WHEN + dt.timedelta(days=1))
    assert result.ok, result.problems
    assert [(c.item, c.kind, c.public_kind) for c in result.changes] == [
        ("finance", "changed", "changed"), ("contract", "changed", None)]
    assert manifests.read(pack, 2).previous_manifest == sha(pack / "issued/1/manifest.json")
    public = pdf_text(pack / "issued/2/public/supplement-1-public.pdf")
    assert "Now balanced." in public and "Contract award" not in public
    assert main(["verify", str(pack)]) == 0
    # tampering with the old issue is still caught, and so is its manifest's change
    folder = pack / "issued" / "1"
    (folder / "public.pdf").write_bytes(b"%PDF-1.7 not the issued file")
    (folder / "manifest.json").write_text((folder / "manifest.json").read_text() + "\n")
    assert main(["verify", str(pack)]) == 1
    err = capsys.readouterr().err
    assert "issued/1/public.pdf: has changed since it was issued (issue 1)" in err
    assert "issued/1/manifest.json: the manifest of issue 1 has changed since issue 2" in err
    # and it still dates the pack
    assert manifests.first_issued(pack) == WHEN.astimezone().date()
