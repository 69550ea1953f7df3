"""The light records of the packs beside one (``boardpack.pack.record``) give the same
answers as full loads: matters arising, the earlier meetings, the register (table,
CSV and JSON) and the first screen, on folders of packs made at random; a changed
or deleted earlier pack, or a changed committee template, is seen at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import shutil
import textwrap
from pathlib import Path

import pytest
from helpers import ROOT
from helpers.folders import random_folder

from boardpack.layout import RESOLUTIONS_FILE
from boardpack.meeting import decisions, matters, register
from boardpack.model import Limits
from boardpack.pack import library, parsed, public, record
from boardpack.pack import load as packfile
from boardpack.pack.library import Earlier, Past
from boardpack.problems import BoardpackError, Level

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module", params=[1, 2, 3])
def folder(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp(f"random-{request.param}")
    random_folder(base, seed=request.param, count=40)
    return base


def full_past(pack: packfile.Pack) -> Past:
    """The pack's past as it was read before records: every sibling's ``pack.toml``
    parsed, every earlier meeting of the committee fully loaded."""
    earlier = []
    for meeting in sorted((m for m in map(library.meeting_of, library.siblings(pack.root))
                           if m is not None
                           and library.same_committee(m.committee, pack.meeting.committee)
                           and m.date < pack.meeting.date),
                          key=lambda m: m.date, reverse=True):
        try:
            loaded = packfile.load(meeting.root)
        except BoardpackError:
            earlier.append(Earlier(meeting, None, damaged=True))
            continue
        damaged = any(p.level is Level.ERROR and p.file == RESOLUTIONS_FILE
                      for p in loaded.problems)
        earlier.append(Earlier(meeting, loaded.pack, damaged))
    return Past(tuple(earlier))


def full_record(root: Path) -> register.Record:
    """A record as a full load gives it, for the register's slow path."""
    return record.make(root)


def loaded_packs(folder: Path) -> list[packfile.Pack]:
    out = []
    for root in library.packs_in(folder):
        try:
            out.append(packfile.load(root).pack)
        except BoardpackError:
            continue
    return out


def test_a_cached_record_is_the_record_a_full_load_makes(folder: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    roots = library.packs_in(folder)
    first = [record.read(root) for root in roots]  # made, and stored
    assert first == [record.make(root) for root in roots]
    stored = [r for r in first if r.pack is not None]
    assert stored and any(r.damaged for r in stored) and any(r.pack is None for r in first)
    for made in stored:  # what a record leaves out, and nothing else
        assert made.pack is not None
        full = packfile.load(made.pack.root).pack
        assert made.pack == dataclasses.replace(
            full, items=[dataclasses.replace(i, files=[]) for i in full.items], house={},
            limits=Limits())

    def no_load(root: Path) -> record.Record:
        raise AssertionError(f"{root.name} was loaded, not read from its record")

    monkeypatch.setattr(record, "make", no_load)
    assert [record.read(root) for root in roots if record.read(root).pack is not None] == stored


def test_matters_arising_from_records_is_as_from_full_loads(folder: Path) -> None:
    compared = 0
    for pack in loaded_packs(folder):
        fast, slow = library.past(pack), full_past(pack)
        assert [e.meeting for e in fast.earlier] == [e.meeting for e in slow.earlier]
        assert [e.damaged for e in fast.earlier] == [e.damaged for e in slow.earlier]
        assert matters.dated(pack, fast.earlier) == matters.dated(pack, slow.earlier)
        for edition in ("members", "public"):
            got = matters.blocks(pack, edition, fast.earlier)
            assert got == matters.blocks(pack, edition, slow.earlier), (pack.name, edition)
            compared += bool(got)
    assert compared > 10  # the folders do have earlier meetings with records


def test_open_actions_are_those_of_every_packs_view(folder: Path) -> None:
    packs = loaded_packs(folder)
    for edition in ("members", "public"):
        every = [(p.meeting.date, r.item, a.what, a.status)
                 for p in sorted(packs, key=lambda p: p.meeting.date)
                 for r in public.view(p, edition).resolutions for a in r.actions
                 if a.status != "done"]
        got = matters.open_actions(packs, edition)
        assert got and [(a.meeting, a.what, a.status) for a in got] == [
            (date, what, status) for date, _, what, status in every]


@pytest.mark.parametrize("public", [False, True])
def test_the_register_from_records_is_as_from_full_loads(folder: Path, public: bool) -> None:
    fast = register.collect(folder, public=public, today=TODAY)
    slow = register.collect(folder, public=public, today=TODAY, read=full_record)
    reference = _register_by_full_loads(folder, public)
    assert fast.rows == slow.rows == reference.rows
    assert fast.problems == reference.problems and fast.problems
    assert register.table(fast.rows, 100) == register.table(reference.rows, 100)
    assert register.to_json(fast.rows) == register.to_json(reference.rows)
    assert register.to_csv(fast.rows) == register.to_csv(reference.rows)
    assert any(r.decision for r in fast.rows)
    assert any(r.part_b for r in fast.rows) is not public  # none at all in the public one
    opened = register.collect(folder, status="open", committee="test committee", today=TODAY)
    assert opened.rows and all(r.status == "open" for r in opened.rows)


@pytest.mark.parametrize("public", [False, True])
def test_the_register_from_kept_listings_is_as_from_full_loads(
        folder: Path, public: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    early, later = dt.date(2024, 1, 1), dt.date(2030, 1, 1)  # before and after every call-in
    register.collect(folder, public=public, today=TODAY)  # the listings made, and kept
    read: list[str] = []
    real = register._listing

    def counted(found: record.Record, public: bool, today: dt.date | None
                ) -> register.Listing:
        read.append(found.pack.root.name if found.pack else "?")
        return real(found, public, today)

    monkeypatch.setattr(register, "_listing", counted)  # a listing made from a record
    for today in (early, later):
        fast = register.collect(folder, public=public, today=today)
        reference = _register_by_full_loads(folder, public, today)
        assert fast.rows == reference.rows and fast.problems == reference.problems
        for width in (40, 100):
            assert register.table(fast.rows, width) == _slow_table(reference.rows, width)
        assert register.to_json(fast.rows) == _slow_json(reference.rows)
        assert register.to_csv(fast.rows) == register.to_csv(reference.rows)
    decided = {p.root.name for p in loaded_packs(folder) if decisions.decisions(p)}
    assert decided and set(read) == decided  # only what depends on the day is read again
    assert [r.decision for r in register.collect(folder, today=early).rows] != [
        r.decision for r in register.collect(folder, today=later).rows]


def _slow_json(rows: list[register.Row]) -> str:
    """The register's JSON as the standard library wrote it."""
    plain = [{**dataclasses.asdict(r), "date": r.date.isoformat(),
              "due": r.due.isoformat() if r.due else ""} for r in rows]
    return json.dumps(plain, indent=2, ensure_ascii=False) + "\n"


def _slow_table(rows: list[register.Row], width: int) -> str:
    """The register's table with every line wrapped by ``textwrap``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(register, "_lines", lambda text, width, indent="": textwrap.wrap(
            text, width, subsequent_indent=indent))
        return register.table(rows, width)


def test_a_line_that_fits_is_as_textwrap_gives_it() -> None:
    rng = random.Random(20)
    for _ in range(20_000):
        text = "".join(rng.choice("ab c  \t\n\xa0é-.1") for _ in range(rng.randint(0, 30)))
        width, indent = rng.randint(1, 30), rng.choice(["", "   "])
        assert register._lines(text, width, indent) == textwrap.wrap(
            text, width, subsequent_indent=indent), (text, width)


def test_a_kept_listing_is_made_again_when_damaged_or_its_code_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, previous, _ = three_meetings(tmp_path)
    made = register.listing(previous)
    assert made.rows and made == register._listing(record.read(previous), False, None)
    entries = list((previous / "build" / ".cache" / register.LISTINGS).rglob("*.json"))
    assert len(entries) == 1
    entry = json.loads(entries[0].read_text(encoding="utf-8"))
    entries[0].write_text(json.dumps({**entry, "value": {"members": [{"x": 1}]}}),
                          encoding="utf-8")
    assert register.listing(previous) == made  # damaged: from the record
    entries[0].write_text("not json", encoding="utf-8")
    assert register.listing(previous) == made
    monkeypatch.setattr(register, "LISTING_VERSION", "another")
    assert register.listing(previous) == made
    assert len(list((previous / "build" / ".cache" / register.LISTINGS).rglob("*.json"))) == 2


def _register_by_full_loads(folder: Path, public: bool, today: dt.date = TODAY
                            ) -> register.Register:
    """The register as it was made before records: every pack fully loaded."""
    out = register.Register([], [])
    for root in register.pack_folders(folder):
        try:
            loaded = packfile.load(root)
        except BoardpackError as exc:
            out.problems += exc.problems
            continue
        out.problems += [p for p in loaded.problems if p.file == RESOLUTIONS_FILE]
        out.rows += register.pack_rows(loaded.pack, public=public, today=today)
    out.rows.sort(key=lambda r: (r.date, r.pack, r.item_number or 0, r.resolution,
                                 -1 if r.action is None else r.action))
    return out


def test_the_first_screen_from_parsed_tables_is_as_from_parsing(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = library.summaries(folder, TODAY)  # parsed, and stored
    again = library.summaries(folder, TODAY)  # from the stored tables
    monkeypatch.setattr(parsed, "parse", lambda root, text, *, pack, file:
                        parsed.tomlcheck.parse(text, pack=pack, file=file))
    assert first == again == library.summaries(folder, TODAY)
    assert any(s.problem for s in first) and any(s.days_left for s in first)


# --- a changed, deleted or newly templated earlier pack is seen at once -----------------


def three_meetings(base: Path) -> tuple[Path, Path, Path]:
    from helpers.minutes import OLDER, RESOLUTIONS, meeting, write_pack

    older = write_pack(base / "a-2026-11-04", meeting=meeting("2026-11-04"), resolutions=OLDER)
    previous = write_pack(base / "b-2027-01-13", meeting=meeting("2027-01-13"),
                          resolutions=RESOLUTIONS)
    latest = write_pack(base / "c-2027-03-17", resolutions=None)
    return older, previous, latest


def test_a_changed_earlier_record_changes_the_next_build(tmp_path: Path) -> None:
    from helpers.minutes import html_text

    from boardpack.pipeline.build import build

    _, previous, latest = three_meetings(tmp_path)
    assert build(latest, formats=["html"]).ok
    shown = html_text(latest / "build" / "members.html")
    assert "Review the reserves policy" in shown and "CHANGEDACTIONQ" not in shown
    path = previous / "resolutions.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Review the reserves policy", "CHANGEDACTIONQ Review the reserves policy"),
        encoding="utf-8")
    result = build(latest, formats=["html"])
    assert result.ok and not result.stats.skipped  # the fingerprint saw the change
    assert "CHANGEDACTIONQ Review the reserves policy" in html_text(
        latest / "build" / "members.html")


def test_a_deleted_earlier_pack_is_no_longer_the_previous_meeting(tmp_path: Path) -> None:
    from helpers.minutes import html_text

    from boardpack.pipeline.build import build

    older, previous, latest = three_meetings(tmp_path)
    assert build(latest, formats=["html"]).ok
    assert "Minutes of the meeting held on Wednesday, 13 January 2027" in html_text(
        latest / "build" / "members.html")
    shutil.rmtree(previous)
    pack = packfile.load(latest).pack
    assert [e.meeting.root for e in library.past(pack).earlier] == [older]
    result = build(latest, formats=["html"])
    assert result.ok and not result.stats.skipped
    shown = html_text(latest / "build" / "members.html")
    assert "Minutes of the meeting held on Wednesday, 4 November 2026" in shown
    assert "13 January 2027" not in shown


def test_a_new_committee_template_in_an_earlier_pack_makes_a_new_record(tmp_path: Path
                                                                         ) -> None:
    from boardpack.pandoc.ast import text_of

    _, previous, latest = three_meetings(tmp_path)
    before = record.read(previous)
    assert before.pack is not None and len(before.pack.committee["opening"]) == 3
    own = previous / "templates" / "committees"
    own.mkdir(parents=True)
    default = (ROOT / "templates" / "committees" / "default.toml").read_text(encoding="utf-8")
    (own / "default.toml").write_text(
        default + '\n[[opening]]\nid = "chair"\ntitle = "Announcements"\n', encoding="utf-8")
    after = record.read(previous)
    assert after == record.make(previous) and after != before
    assert after.pack is not None and after.pack.committee["opening"][3]["id"] == "chair"
    pack = packfile.load(latest).pack
    text = text_of(matters.blocks(pack, "members", library.past(pack).earlier))
    assert "item 5. Budget monitoring" in text  # numbered after the new opening item
    shutil.rmtree(previous / "templates")
    assert record.read(previous) == record.make(previous) == before


def test_a_damaged_cache_entry_is_made_again(tmp_path: Path) -> None:
    _, previous, _ = three_meetings(tmp_path)
    made = record.read(previous)
    entries = list((previous / "build" / ".cache" / record.SPACE).rglob("*.json"))
    assert len(entries) == 1
    entry = json.loads(entries[0].read_text(encoding="utf-8"))
    entries[0].write_text(json.dumps({**entry, "pack": {"x": 1}}), encoding="utf-8")
    assert record.peek(previous).heading == made.heading
    assert record.read(previous) == made
    entries[0].write_text("not json", encoding="utf-8")
    assert record.read(previous) == made


def test_the_headings_index_sees_a_sibling_change(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from boardpack.pack import headings

    monkeypatch.setattr(headings, "SETTLED_NS", 0)  # trust files written just now
    older, previous, latest = three_meetings(tmp_path)
    pack = packfile.load(latest).pack
    (tmp_path / "notes").mkdir()  # folders that are not packs are passed over
    (tmp_path / "odd" / "pack.toml").mkdir(parents=True)
    assert [m.root for m in library.earlier_meetings(pack)] == [previous, older]
    assert library.earlier_meetings(pack) == library.earlier_meetings(pack, record.slow)
    index = list((latest / "build" / ".cache" / headings.SPACE).rglob("*.json"))
    assert len(index) == 1 and "b-2027-01-13" in index[0].read_text(encoding="utf-8")
    path = previous / "pack.toml"
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Test Committee", "Tset Committee"), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size, same time
    assert [m.root for m in library.earlier_meetings(pack)] == [older]
    assert [m.root for m in library.earlier_meetings(pack)] == [older]  # from the index
    shutil.rmtree(older)
    assert library.earlier_meetings(pack) == []
