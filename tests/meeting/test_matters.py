"""Matters arising: a new pack shows its committee's previous minutes for approval and
the actions still open, in PDF and HTML; the public edition gets no exempt record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import pdf_text
from helpers.minutes import OLDER, RESOLUTIONS, SECRETS, flat, html_text, meeting, write_pack

from boardpack.meeting import matters
from boardpack.pack import library
from boardpack.pack import load as packfile
from boardpack.pandoc.ast import text_of
from boardpack.pipeline.build import build


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four packs side by side: the new meeting, its previous one, an older one and
    another committee's meeting in between."""
    base = tmp_path_factory.mktemp("packs")
    write_pack(base / "test-2026-11-04", meeting=meeting("2026-11-04"), resolutions=OLDER)
    previous = RESOLUTIONS.replace("The Director of Finance presented the report.",
                                   "PREVNOTESQ The Director of Finance presented the report.")
    write_pack(base / "test-2027-01-13", meeting=meeting("2027-01-13"), resolutions=previous)
    write_pack(base / "other-2027-02-01", meeting=meeting("2027-02-01", "Other Committee"),
               resolutions='[[resolution]]\nitem = "budget"\nnotes = "OTHERCOMMITTEEQ"\n')
    write_pack(base / "test-2027-03-17", resolutions=None)
    result = build(base / "test-2027-03-17")
    assert result.ok, [str(p) for p in result.problems]
    return base


def texts(folder: Path, edition: str) -> dict[str, str]:
    out = folder / "test-2027-03-17" / "build"
    return {"pdf": flat(pdf_text(out / f"{edition}.pdf")),
            "html": html_text(out / f"{edition}.html")}


def minutes_item(text: str) -> str:
    """The text of the "minutes" item, from its agenda text to the next item's heading
    (the embedded minutes have items of the same names)."""
    start = text.index("To approve as a correct record the minutes")
    return text[start:text.rindex("4. Budget monitoring")]


@pytest.mark.parametrize("fmt", ["pdf", "html"])
@pytest.mark.parametrize("edition", ["members", "public"])
def test_previous_minutes_and_open_actions_appear(folder: Path, edition: str, fmt: str) -> None:
    item = minutes_item(texts(folder, edition)[fmt])
    # the date comes from the previous pack (pack.toml does not set previous_meeting)
    assert "minutes of the meeting held on Wednesday, 13 January 2027" in item
    assert "Minutes of the meeting held on Wednesday, 13 January 2027" in item
    assert "Submitted for approval as a correct record." in item
    assert "PREVNOTESQ The Director of Finance presented the report." in item
    assert "Apologies for absence were received from Councillor B." in item
    assert "That the reserves policy be reviewed." in item
    # the action log: open actions of every earlier meeting, none that are done
    log = item[item.index("Action log"):]
    assert "Review the reserves policy" in log and "Director of Finance" in log
    assert "Meeting of 13 January 2027, item 4. Budget monitoring" in log
    assert "Report on school transport" in log and "Overdue" in log  # due 10 January
    assert "DONEACTIONQ" not in item and "OLDERNOTESQ" not in item  # older minutes: not here
    assert "OTHERCOMMITTEEQ" not in item


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_the_public_edition_has_no_exempt_minutes_or_actions(folder: Path, fmt: str) -> None:
    public, members = texts(folder, "public")[fmt], texts(folder, "members")[fmt]
    for secret in SECRETS:
        assert secret not in public, secret
        assert secret in minutes_item(members), secret
    item = minutes_item(public)
    assert "7. Contract award" in item and "paragraph 3 of Part 1 of Schedule 12A" in item
    assert "Actions on exempt items are listed in the members' edition." in item
    assert "Actions on exempt items" not in members


def test_the_raw_public_html_has_no_marker(folder: Path) -> None:
    raw = (folder / "test-2027-03-17" / "build" / "public.html").read_text(encoding="utf-8")
    assert not [s for s in SECRETS if s in raw]


def blocks(root: Path, edition: str) -> str:
    """The text the "minutes" item carries in ``edition``, given the pack's past."""
    pack = packfile.load(root).pack
    return text_of(matters.blocks(pack, edition, library.past(pack).earlier))


def test_previous_pack_is_the_latest_earlier_one_of_the_same_committee(folder: Path) -> None:
    pack = packfile.load(folder / "test-2027-03-17").pack
    earlier = library.earlier_meetings(pack)
    assert [m.root.name for m in earlier] == ["test-2027-01-13", "test-2026-11-04"]
    past = library.past(pack)
    assert [e.meeting for e in past.earlier] == earlier and past.first_issued is None
    assert matters.previous_date(pack, past.earlier) == dt.date(2027, 1, 13)
    first = packfile.load(folder / "test-2026-11-04").pack
    assert library.earlier_meetings(first) == []
    assert matters.blocks(first, "members", library.past(first).earlier) == []


def test_pack_toml_previous_meeting_wins(tmp_path: Path) -> None:
    write_pack(tmp_path / "a", meeting=meeting("2027-01-13"))
    root = write_pack(tmp_path / "b", meeting=meeting(
        "2027-03-17", extra="previous_meeting = 2027-02-02\n"), resolutions=None)
    pack = packfile.load(root).pack
    earlier = library.past(pack).earlier
    assert matters.previous_date(pack, earlier) == dt.date(2027, 2, 2)
    assert matters.dated(pack, earlier) is pack


def test_committee_names_match_loosely(tmp_path: Path) -> None:
    write_pack(tmp_path / "a", meeting=meeting("2027-01-13", "test  COMMITTEE"))
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "pack.toml").write_text("[meeting\n", encoding="utf-8")
    root = write_pack(tmp_path / "b", resolutions=None)
    assert [m.root.name for m in library.earlier_meetings(packfile.load(root).pack)] == ["a"]


def test_an_unrecorded_previous_meeting_says_minutes_will_follow(tmp_path: Path) -> None:
    write_pack(tmp_path / "a", meeting=meeting("2027-01-13"), resolutions=None)
    root = write_pack(tmp_path / "b", resolutions=None)
    text = blocks(root, "members")
    assert "The draft minutes of that meeting will follow." in text
    assert "There are no open actions from earlier meetings." in text
    # The earlier meeting had an exempt item: the public edition says its actions are not
    # listed there, whether or not it had any.
    text = blocks(root, "public")
    assert "The draft minutes of that meeting will follow." in text
    assert "There are no open actions on the public items of earlier meetings." in text
    assert "Actions on exempt items are listed in the members' edition." in text


def test_a_damaged_previous_record_is_flagged_not_hidden(tmp_path: Path) -> None:
    write_pack(tmp_path / "a", meeting=meeting("2027-01-13"),
               resolutions=RESOLUTIONS + '\n[[resolution]]\nitem = "gone"\n')
    root = write_pack(tmp_path / "b", resolutions=None)
    text = blocks(root, "members")
    assert "could not be read" in text and "Review the reserves policy" in text
