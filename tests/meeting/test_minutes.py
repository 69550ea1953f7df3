"""``boardpack minutes``: draft minutes in the seeds' form as .docx, PDF and HTML, and
public minutes in which an exempt item shows its title and exemption only."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from helpers import pdf_text
from helpers.minutes import ITEMS, SECRETS, _Text, flat, html_text, write_pack

from boardpack.cli import main
from boardpack.meeting import minutes
from boardpack.pack import agenda
from boardpack.pack import load as packfile
from boardpack.pipeline import minutes as draft

# Markers planted in every field of the exempt item's record; none may reach the public.









def html_tags(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def docx_parts(path: Path) -> dict[str, str]:
    """Every XML part of a .docx, as text (so a marker anywhere in it is found)."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist() if name.endswith((".xml", ".rels"))}


def docx_text(path: Path) -> str:
    document = docx_parts(path)["word/document.xml"]
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", document, flags=re.S)
    return "\n".join("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs)




@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_pack(tmp_path_factory.mktemp("minutes") / "test-committee-2027-03-17")
    assert main(["minutes", str(root)]) == 0
    return root


def outputs(root: Path, name: str) -> dict[str, str]:
    out = root / "build"
    return {"pdf": flat(pdf_text(out / f"{name}.pdf")), "html": html_text(out / f"{name}.html"),
            "docx": flat(docx_text(out / f"{name}.docx"))}


def test_all_six_files_are_written(written: Path) -> None:
    names = sorted(p.name for p in (written / "build").iterdir())
    assert names == ["minutes.docx", "minutes.html", "minutes.pdf", "public-minutes.docx",
                     "public-minutes.html", "public-minutes.pdf"]
    assert (written / "build" / "minutes.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("fmt", ["pdf", "html", "docx"])
def test_members_minutes_follow_the_seeds_form(written: Path, fmt: str) -> None:
    text = outputs(written, "minutes")[fmt]
    pack = packfile.load(written).pack
    # heading with the meeting's details
    assert "Minutes of the meeting of the Test Committee" in text
    for detail in ("Wednesday, 17 March 2027", "10.30 am", "Room 1"):
        assert detail in text
    assert "Present" in text and "Councillor A (in the Chair)" not in text  # no chair set
    assert "Councillor C" in text and "Also in attendance" in text
    assert "Director of Finance" in text
    assert "Apologies for absence were received from Councillor B." in text
    assert "Item 4, Budget monitoring: Councillor A declared an interest as a school governor." \
        in text
    # every agenda item, numbered as on the agenda, in order
    positions = [text.index(f"{e.number}. {e.item.title}") for e in agenda.entries(pack)]
    assert positions == sorted(positions) and len(positions) == 7
    budget = text[text.index("4. Budget monitoring"):text.index("5. Any other urgent business")]
    assert budget.index("Minutes:") < budget.index("The Director of Finance presented")
    assert "spending on placements" in budget and "The Director answered each question." in budget
    assert budget.index("OPTIONS") < budget.index("To leave the budget unchanged")
    assert budget.index("To leave") < budget.index("ORDERED") < budget.index("That the position")
    assert budget.index("That the position") < budget.index("That the reserves policy be reviewed")
    assert budget.index("reviewed") < budget.index("REASON") < budget.index("To keep the budget")
    assert "Voting: for 5, against 1, abstentions 0." in budget
    for cell in ("Action", "Owner", "Due", "Status", "Review the reserves policy",
                 "1 June 2027", "Open"):
        assert cell in budget
    assert "RESOLVED – That the minutes of the last meeting be approved" in text
    for secret in SECRETS:  # the members' minutes carry the exempt record in full
        assert secret in text, secret
    assert "Confidential – not for publication." in text


def test_numbered_points_are_a_numbered_list(written: Path) -> None:
    pdf = outputs(written, "minutes")["pdf"]
    assert "1. That the position be noted. 2. That the reserves policy be reviewed." in pdf
    tags = [t for t, _ in html_tags(written / "build" / "minutes.html")]
    assert "ol" in tags
    assert "<w:numPr>" in docx_parts(written / "build" / "minutes.docx")["word/document.xml"]


def test_the_docx_is_editable_word_with_real_headings(written: Path) -> None:
    parts = docx_parts(written / "build" / "minutes.docx")
    document = parts["word/document.xml"]
    assert 'w:val="Heading1"' in document and 'w:val="Heading2"' in document
    assert "<w:tbl>" in document  # details and actions are Word tables
    assert "Title" not in re.findall(r'w:pStyle w:val="([^"]+)"', document)


@pytest.mark.parametrize("fmt", ["pdf", "html", "docx"])
def test_public_minutes_show_an_exempt_item_by_title_and_notice_only(written: Path,
                                                                    fmt: str) -> None:
    text = outputs(written, "public-minutes")[fmt]
    assert "7. Contract award" in text
    assert "not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A" in text
    # that a declaration was made on the exempt item is not said (it is not in the
    # allow-list); the same sentence stands whenever the agenda has an exempt item
    assert "Declarations on exempt items are recorded in the exempt minutes." in text
    assert "a declaration was made" not in text
    assert "4. Budget monitoring" in text and "Review the reserves policy" in text
    for secret in SECRETS:
        assert secret not in text, secret


def test_no_exempt_marker_anywhere_in_the_public_files(written: Path) -> None:
    out = written / "build"
    raw = {
        "pdf": pdf_text(out / "public-minutes.pdf"),
        "html": (out / "public-minutes.html").read_text(encoding="utf-8"),
        **{f"docx:{k}": v for k, v in docx_parts(out / "public-minutes.docx").items()},
    }
    for where, content in raw.items():
        for secret in SECRETS:
            assert secret not in content, (where, secret)
    members = "".join(docx_parts(out / "minutes.docx").values())
    assert all(secret in members for secret in SECRETS)


def test_nothing_recorded_yet_shows_membership_and_blanks(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "p", resolutions=None)
    pack = packfile.load(root).pack
    [written] = draft.write(pack, tmp_path / "out", editions=["members"], formats=["pdf"])
    text = flat(pdf_text(written))
    assert "Attendance not yet recorded; the membership is:" in text
    assert "Councillor A" in text and "Councillor B" in text
    assert "Not yet recorded." in text and "Nothing recorded yet." in text


def test_single_points_read_like_the_seeds(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "p", resolutions="""\
        [[resolution]]
        item = "budget"
        kind = "AGREED"
        text = ["That the feedback be noted."]
        vote = "unanimous"
        """.replace("        ", ""))
    pack = packfile.load(root).pack
    blocks = minutes.resolution_blocks(pack.resolutions[0])
    from boardpack.pandoc.ast import text_of

    assert text_of(blocks) == "AGREED – That the feedback be noted. The decision was unanimous."


def test_text_blocks_turn_lines_into_paragraphs_and_bullets() -> None:
    blocks = minutes.text_blocks("First para\nstill first.\n\n• one\n• two\n  continued\nAfter")
    assert [b["t"] for b in blocks] == ["Para", "BulletList", "Para"]
    from boardpack.pandoc.ast import text_of

    assert text_of(blocks[1]) == "one two continued"


def test_a_pack_with_errors_in_its_record_writes_nothing(tmp_path: Path, capsys) -> None:
    root = write_pack(tmp_path / "p", resolutions='[[resolution]]\nitem = "nope"\n')
    assert main(["minutes", str(root)]) == 1
    error = capsys.readouterr().err
    assert "resolutions.toml:2" in error and "no agenda item with id 'nope'" in error
    assert not (root / "build").exists()


def test_a_missing_report_does_not_stop_the_minutes(tmp_path: Path, capsys) -> None:
    root = write_pack(tmp_path / "p", items=ITEMS + '\n[[item]]\nid = "late"\ntitle = "Late"\n'
                      'files = ["reports/late.md"]\n')
    assert packfile.load(root).problems  # the build would stop on this
    assert main(["minutes", str(root), "--format", "html", "--edition", "public"]) == 0
    assert sorted(p.name for p in (root / "build").iterdir()) == ["public-minutes.html"]
