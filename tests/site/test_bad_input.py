"""Bad input to ``boardpack site``: one clear line naming the pack and the file, exit 1,
no traceback; and the site is never written inside a pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from boardpack.cli import main

MANIFEST = {"issue": 1, "kind": "pack", "time": "2027-01-10T09:00:00+00:00",
            "boardpack_version": "0.1.0",
            "meeting": {"authority": "Testshire", "committee": "Test Committee",
                        "date": "2027-03-17"},
            "outputs": [{"path": "public.pdf", "sha256": "0" * 64, "bytes": 4,
                         "edition": "public", "format": "pdf"}]}


def issued(packs: Path, name: str, manifest: str) -> Path:
    folder = packs / name / "issued" / "1" / "public"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(manifest, encoding="utf-8")
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["site", *args])
    return code, capsys.readouterr().err.splitlines()


def test_a_damaged_public_manifest_is_one_line(tmp_path: Path, capsys) -> None:
    issued(tmp_path / "packs", "broken-2027-03-17", '{"issue": 1, "kind": ')
    code, lines = run(capsys, str(tmp_path / "packs"), "--out", str(tmp_path / "site"))
    assert code == 1
    assert lines == ["error: broken-2027-03-17: issued/1/public/manifest.json: the public "
                     "manifest cannot be read (JSONDecodeError) — it has been damaged or "
                     "edited by hand; restore it"]
    assert not (tmp_path / "site").exists()


def test_a_listed_file_missing_is_one_line(tmp_path: Path, capsys) -> None:
    issued(tmp_path / "packs", "gap-2027-03-17", json.dumps(MANIFEST))
    code, lines = run(capsys, str(tmp_path / "packs"), "--out", str(tmp_path / "site"))
    assert code == 1
    assert lines == ["error: gap-2027-03-17: issued/1/public/public.pdf: is listed in the "
                     "public manifest but missing — restore the issue from a backup "
                     "(boardpack verify)"]


def test_a_file_changed_since_it_was_issued_is_not_put_on_the_site(tmp_path: Path,
                                                                   capsys) -> None:
    folder = issued(tmp_path / "packs", "changed-2027-03-17", json.dumps(MANIFEST))
    (folder / "public.pdf").write_bytes(b"%PDF")  # not the digest the manifest says
    code, lines = run(capsys, str(tmp_path / "packs"), "--out", str(tmp_path / "site"))
    assert code == 1
    assert lines[-1] == ("error: changed-2027-03-17: issued/1/public/public.pdf: has changed "
                         "since it was issued, so it is not put on the site — restore it from "
                         "a backup (boardpack verify)")
    assert not list((tmp_path / "site").rglob("public.pdf"))


def test_the_site_is_not_written_inside_a_pack(tmp_path: Path, capsys) -> None:
    pack = tmp_path / "packs" / "p"
    pack.mkdir(parents=True)
    (pack / "pack.toml").write_text("", encoding="utf-8")
    code, lines = run(capsys, str(tmp_path / "packs"), "--out", str(pack / "site"))
    assert code == 1 and len(lines) == 1
    assert "the site cannot be written inside a pack" in lines[0]


def test_no_folder_of_packs(tmp_path: Path, capsys) -> None:
    code, lines = run(capsys, str(tmp_path / "nowhere"), "--out", str(tmp_path / "site"))
    assert code == 1 and len(lines) == 1 and "is not a folder of packs" in lines[0]
