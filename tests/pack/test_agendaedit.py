"""The core behind the app: agenda edits keep comments and save atomically, pack
summaries for the first screen, and the folder watcher. No Textual here."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from helpers import MEETING

from boardpack.layout import outputs
from boardpack.pack import edit_agenda as agendaedit
from boardpack.pack import library as packlist
from boardpack.pack import load as packfile
from boardpack.pack.watch import PackChanges, relevant, watch
from boardpack.problems import BoardpackError

ITEMS = """\
# The agenda, as the clerk wrote it.
[[item]]
id = "budget"  # keep this comment
title = "Budget monitoring"
files = ["reports/budget.md"]

# Performance comes second.
[[item]]
id = "performance"
title = "Performance report"

[[item]]
id = "fostering"
title = "Fostering service"
"""


def ids(root: Path) -> list[str]:
    return [i.id for i in packfile.load(root).pack.items]


def text(root: Path) -> str:
    return (root / "pack.toml").read_text(encoding="utf-8")


@pytest.fixture
def pack(make_pack) -> Path:
    return make_pack(ITEMS, files={"reports/budget.md": "# Budget\n\nText.\n"})


def test_add_item_after_another_keeps_comments(pack: Path) -> None:
    agendaedit.add_item(pack, "sen", "SEND sufficiency", position=1, purpose="decision",
                        presenter="Director")
    assert ids(pack) == ["budget", "sen", "performance", "fostering"]
    item = packfile.load(pack).pack.item("sen")
    assert (item.purpose, item.presenter) == ("decision", "Director")
    body = text(pack)
    assert "# keep this comment" in body and "# Performance comes second." in body
    assert body.index("# Performance comes second.") < body.index('id = "performance"')


def test_reorder_moves_the_comment_above_an_item_with_it(pack: Path) -> None:
    agendaedit.move_item(pack, "fostering", -2)
    assert ids(pack) == ["fostering", "budget", "performance"]
    agendaedit.move_item(pack, "performance", -2)
    assert ids(pack) == ["performance", "fostering", "budget"]
    body = text(pack)
    for comment in ("# The agenda", "# keep this comment", "# Performance comes second."):
        assert body.count(comment) == 1
    assert body.index("# Performance comes second.") < body.index('id = "performance"')
    assert "\n\n[[item]]" in body  # items stay separated by a blank line


def test_remove_item_keeps_its_files_and_the_other_comments(pack: Path) -> None:
    agendaedit.remove_item(pack, "budget")
    assert ids(pack) == ["performance", "fostering"]
    assert (pack / "reports/budget.md").is_file()
    assert "# Performance comes second." in text(pack)


def test_update_item_sets_and_clears_part_b(pack: Path) -> None:
    agendaedit.update_item(pack, "fostering", exempt=3, presenter="Head of Service")
    item = packfile.load(pack).pack.item("fostering")
    assert item.exempt == 3 and item.part_b and item.presenter == "Head of Service"
    body = text(pack)
    assert body.index("exempt = 3") > body.index('id = "fostering"')
    agendaedit.update_item(pack, "fostering", exempt=None, presenter="")
    data = tomllib.loads(text(pack))["item"][2]
    assert "exempt" not in data and "presenter" not in data


@pytest.mark.parametrize(("call", "message"), [
    (lambda p: agendaedit.add_item(p, "Bad Id", "x"), "not a usable item id"),
    (lambda p: agendaedit.add_item(p, "budget", "x"), "already an item"),
    (lambda p: agendaedit.update_item(p, "budget", exempt=9), "from 1 to 7"),
    (lambda p: agendaedit.update_item(p, "budget", purpose="gossip"), "purpose should be"),
    (lambda p: agendaedit.update_item(p, "nothing", title="x"), "no agenda item"),
    (lambda p: agendaedit.update_meeting(p, date="20/01/2027"), "not a date"),
    (lambda p: agendaedit.update_meeting(p, time="2pm"), "not a time"),
    (lambda p: agendaedit.attach(p, "budget", "../outside.md"), "outside the pack"),
])
def test_bad_edits_are_refused_and_nothing_is_written(pack: Path, call, message) -> None:
    before = text(pack)
    with pytest.raises(BoardpackError) as caught:
        call(pack)
    assert message in str(caught.value)
    assert caught.value.problems[0].pack == pack.name
    assert text(pack) == before


def test_meeting_details_are_saved_typed(pack: Path) -> None:
    agendaedit.update_meeting(pack, venue="Council Chamber", date="2027-04-01", time="9.30",
                              members="Cllr One\nCllr Two\n\nCllr Three",
                              clerk={"phone": "01632 111111"})
    meeting = packfile.load(pack).pack.meeting
    assert meeting.venue == "Council Chamber"
    assert meeting.date == dt.date(2027, 4, 1) and meeting.time == "9:30"
    assert meeting.members == ["Cllr One", "Cllr Two", "Cllr Three"]
    assert meeting.clerk.phone == "01632 111111" and meeting.clerk.name == "Clerk"


def test_attach_and_detach_a_listed_file(pack: Path) -> None:
    (pack / "kpi").mkdir()
    (pack / "kpi" / "perf.md").write_text("# KPIs\n", encoding="utf-8")
    assert "kpi/perf.md" in agendaedit.attachable(pack)
    agendaedit.attach(pack, "performance", "kpi/perf.md")
    assert [r.path for r in packfile.load(pack).pack.item("performance").files] == [
        "kpi/perf.md"]
    assert "kpi/perf.md" not in agendaedit.attachable(pack)
    with pytest.raises(BoardpackError, match="already attached"):
        agendaedit.attach(pack, "fostering", "kpi/perf.md")
    assert agendaedit.detach(pack, "performance", "kpi/perf.md") is None
    assert packfile.load(pack).pack.item("performance").files == []
    assert (pack / "kpi" / "perf.md").is_file()


def test_detaching_a_dropped_file_sends_it_to_the_inbox(pack: Path) -> None:
    (pack / "reports" / "fostering-report.md").write_text("# F\n", encoding="utf-8")
    assert [r.path for r in packfile.load(pack).pack.item("fostering").files] == [
        "reports/fostering-report.md"]
    moved = agendaedit.detach(pack, "fostering", "reports/fostering-report.md")
    assert moved == "reports/_fostering-report.md"
    loaded = packfile.load(pack)
    assert loaded.pack.item("fostering").files == []
    assert loaded.unmatched_drops == ["reports/_fostering-report.md"]
    agendaedit.assign(pack, moved, "performance")
    loaded = packfile.load(pack)
    assert [r.path for r in loaded.pack.item("performance").files] == [moved]
    assert loaded.unmatched_drops == []


# --- pack summaries -----------------------------------------------------------------

def test_summaries_count_items_missing_reports_and_days_left(make_pack) -> None:
    root = make_pack(ITEMS, files={"reports/budget.md": "# B\n"}, name="good")
    bad = make_pack(name="bad", meeting="[meeting\n")
    found = packlist.summaries(root.parent, today=dt.date(2027, 3, 1))
    assert [s.name for s in found] == ["bad", "good"]
    assert "not valid TOML" in found[0].problem or "TOML" in found[0].problem
    good = found[1]
    # 17 March 2027 (Wednesday): five clear working days before means publication by 9 March.
    assert good.deadline == dt.date(2027, 3, 9) and good.days_left == 6  # working days
    assert (good.items, good.missing, good.built) == (3, 2, False)
    (root / "reports" / "fostering-report.md").write_text("# F\n", encoding="utf-8")
    assert packlist.summarise(root, dt.date(2027, 3, 1)).missing == 1  # a drop counts
    (bad / "pack.toml").write_text('[meeting]\ncommittee = "X"\n', encoding="utf-8")
    assert "no [meeting] table with a date" in packlist.summarise(bad, dt.date.today()).problem
    assert packlist.find_packs(root) == [root] and bad in packlist.find_packs(root.parent)


def test_a_summary_says_built_when_every_output_is_newer_than_every_input(pack: Path
                                                                          ) -> None:
    today = dt.date(2027, 3, 1)
    for output in outputs(pack):
        output.parent.mkdir(exist_ok=True)
        output.write_bytes(b"x")
    assert packlist.summarise(pack, today).built
    later = time.time() + 5
    os.utime(pack / "reports" / "budget.md", (later, later))
    assert not packlist.summarise(pack, today).built
    for output in outputs(pack):
        os.utime(output, (later + 5, later + 5))
    assert packlist.summarise(pack, today).built
    (pack / "build" / "public.html").unlink()
    assert not packlist.summarise(pack, today).built


def test_summaries_in_batches_are_the_summaries_of_each_pack(make_pack) -> None:
    """The app reads a large folder a batch at a time: the same summaries, in order."""
    today = dt.date(2027, 3, 1)
    for n in range(9):
        meeting = MEETING.replace("2027-03-17", f"2027-0{1 + n % 6}-1{n}")
        make_pack(ITEMS, files={"reports/budget.md": "# B\n"} if n % 2 else {},
                  name=f"packs/m{n}", meeting=meeting if n != 4 else "[meeting\n")
    (make_pack(ITEMS, name="packs/m9") / "resolutions.toml").write_text("")
    roots = packlist.find_packs(make_pack(name="packs/m0").parent)
    one_by_one = [packlist.summarise(root, today) for root in roots]
    assert packlist.summaries(roots[0].parent, today) == one_by_one
    assert [bool(s.problem) for s in one_by_one].count(True) == 1  # m4
    assert len({s.days_left for s in one_by_one if not s.problem}) > 5  # past and ahead
    for first, size, lengths in ((1, 1, [1] * 10), (3, 2, [3, 2, 2, 2, 1]),
                                 (4, 100, [4, 6]), (100, 1, [10])):
        batches = list(packlist.in_batches(roots, today, first, size))
        assert [len(batch) for batch in batches] == lengths
        assert [s for batch in batches for s in batch] == one_by_one
    assert list(packlist.in_batches([], today)) == []


# --- watching -----------------------------------------------------------------------

def test_relevant_paths_leave_out_build_output_and_temporary_files(tmp_path: Path) -> None:
    assert relevant(tmp_path, str(tmp_path / "pack.toml")) == "pack.toml"
    assert relevant(tmp_path, str(tmp_path / "reports" / "a.docx")) == "reports/a.docx"
    for ignored in ("build/members.pdf", ".lock", "reports/~$a.docx", ".pack.toml.x.tmp",
                    "reports/a.docx.part"):
        assert relevant(tmp_path, str(tmp_path / ignored)) is None
    assert relevant(tmp_path, "/elsewhere/pack.toml") is None
    changes = PackChanges(frozenset({"pack.toml", "reports/b.md", "reports/a.md"}))
    assert changes.pack_file and not changes.resolutions
    assert changes.drops == ["reports/a.md", "reports/b.md"]


def test_watch_reports_a_dropped_file(pack: Path) -> None:
    async def first_batch() -> PackChanges:
        stop = asyncio.Event()
        events = watch(pack, debounce_ms=100, stop=stop)

        async def drop() -> None:
            await asyncio.sleep(0.3)
            (pack / "build").mkdir(exist_ok=True)
            (pack / "build" / "members.pdf").write_bytes(b"ignored")
            (pack / "reports" / "performance-q3.md").write_text("# Q3\n", encoding="utf-8")

        task = asyncio.create_task(drop())
        batch = await asyncio.wait_for(anext(events), timeout=10)
        stop.set()
        await task
        return batch

    batch = asyncio.run(first_batch())
    assert batch.drops == ["reports/performance-q3.md"]
    assert not any(p.startswith("build/") for p in batch.paths)


def test_the_core_never_imports_textual() -> None:
    code = ("import sys, boardpack.pack.edit_agenda, boardpack.pack.library, boardpack.pack.watch, "
            "boardpack.pipeline.build, boardpack.pipeline.check, boardpack.cli; "
            "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
