"""resolutions.toml: validation that names file, line and key; the editing API keeps
what a person wrote (comments, order, layout), saves atomically and respects the lock."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
from helpers.minutes import ITEMS

from boardpack.cli import main
from boardpack.model import Vote
from boardpack.pack import edit_record
from boardpack.pack import load as packfile
from boardpack.problems import BoardpackError, Level

COMMENTED = '''\
# Resolutions of the Test Committee, 17 March 2027.
# Recorded by the clerk during the meeting.

[attendance]
present = ["Councillor A"]   # quorum is one
apologies = ["Councillor B"]

# --- Item 4: the budget ---
[[resolution]]
item = "budget"       # Budget monitoring
kind   =   "ORDERED"
text = [
    "That the position be noted.",   # moved by the Chair
]
# Actions the committee asked for

[[resolution.action]]
what = "Review reserves"   # by the summer
owner = "Director of Finance"
due = 2027-06-01
# --- Item 7: exempt ---

[[resolution]]
item = "contract"
text = ["That the contract be awarded."]
# end of the record
'''


def comments(text: str) -> list[str]:
    return [line[line.index("#"):] for line in text.splitlines() if "#" in line]


def problems_of(root: Path) -> list[str]:
    return [str(p) for p in packfile.load(root).problems]


# --- validation ----------------------------------------------------------------------


def test_a_wrong_kind_is_reported_with_file_line_and_key(make_pack) -> None:
    root = make_pack(ITEMS, resolutions="""\
        [[resolution]]
        item = "budget"
        kind = "DECIDED"
        """)
    found = problems_of(root)
    assert any("resolutions.toml:3" in p and "'kind' is 'DECIDED'; should be one of RESOLVED" in p
               and "item 'budget'" in p for p in found), found


def test_an_item_not_on_the_agenda_is_an_error(make_pack) -> None:
    root = make_pack(ITEMS, resolutions="""\
        [[resolution]]
        item = "budget"

        [[resolution]]
        item = "no-such-item"
        """)
    problems = packfile.load(root).problems
    bad = [p for p in problems if "no-such-item" in p.message]
    assert bad and bad[0].level is Level.ERROR and bad[0].line == 5
    assert bad[0].file == "resolutions.toml"


def test_standard_items_may_have_resolutions(make_pack) -> None:
    root = make_pack(ITEMS, resolutions="""\
        [[resolution]]
        item = "minutes"
        text = ["That the minutes be approved."]
        """)
    assert problems_of(root) == []
    assert packfile.load(root).pack.resolutions[0].text == ["That the minutes be approved."]


@pytest.mark.parametrize(("line", "expected"), [
    ('due = 2027-06-01T10:00:00', "'due' should be a date"),
    ('due = "next week"', "'due' should be a date"),
    ('status = "pending"', "'status' is 'pending'; should be open or done"),
    ('owner = 3', "'owner' should be text"),
    ('whom = "x"', "unknown key 'whom'"),
])
def test_action_fields_are_checked(make_pack, line: str, expected: str) -> None:
    root = make_pack(ITEMS, resolutions=f"""\
        [[resolution]]
        item = "budget"

        [[resolution.action]]
        what = "Review reserves"
        {line}
        """)
    found = problems_of(root)
    assert any(expected in p and "resolutions.toml:6" in p and "item 'budget'" in p
               for p in found), found


@pytest.mark.parametrize(("vote", "ok"), [
    ('"unanimous"', True), ('{ for = 5, against = 1, abstain = 0 }', True),
    ('"most"', False), ('{ for = -1 }', False), ('{ yes = 3 }', False), ('{ for = 2.5 }', False),
])
def test_votes(make_pack, vote: str, ok: bool) -> None:
    root = make_pack(ITEMS, resolutions=f'[[resolution]]\nitem = "budget"\nvote = {vote}\n')
    found = problems_of(root)
    assert (found == []) is ok, found


def test_attendance_is_validated(make_pack) -> None:
    root = make_pack(ITEMS, resolutions="""\
        [attendance]
        present = ["Councillor A", "Councillor B"]
        apologies = ["Councillor B"]
        officer = ["Clerk"]
        """)
    loaded = packfile.load(root)
    messages = [str(p) for p in loaded.problems]
    assert any("unknown key 'officer'" in m and "did you mean 'officers'" in m
               and "resolutions.toml:4" in m for m in messages), messages
    both = [p for p in loaded.problems if "both present" in p.message]
    assert both and both[0].level is Level.WARNING
    assert loaded.pack.attendance.present == ["Councillor A", "Councillor B"]


def test_an_unknown_top_level_table_is_reported(make_pack) -> None:
    root = make_pack(ITEMS, resolutions='[resolutoin]\nitem = "budget"\n')
    assert any("unknown key 'resolutoin'" in p and "resolutions.toml:1" in p
               for p in problems_of(root))


# --- editing keeps what a person wrote -----------------------------------------------


def test_round_trip_keeps_comments_order_and_layout(make_pack) -> None:
    root = make_pack(ITEMS, resolutions=COMMENTED)
    before = COMMENTED
    assert problems_of(root) == []

    index = edit_record.add_resolution(root, "minutes", "RESOLVED",
                                       ["That the minutes be approved."],
                                       notes="The minutes were agreed.\nNo matters arose.")
    edit_record.update_resolution(root, 0, reasons="To keep the budget balanced.",
                                  vote=Vote.of({"for": 4, "against": 1}))
    edit_record.update_resolution(root, 0, kind="RESOLVED")
    edit_record.add_action(root, 1, "Sign the contract", "Head of Legal", dt.date(2027, 4, 1))
    edit_record.update_action(root, 0, 0, status="done")
    edit_record.set_attendance(root, officers=["Clerk"])
    text = (root / "resolutions.toml").read_text(encoding="utf-8")

    assert index == 2
    assert comments(text) == comments(before)  # every comment, in the same order
    # lines a person wrote, spacing and all, are untouched
    for line in ('item = "budget"       # Budget monitoring',
                 '    "That the position be noted.",   # moved by the Chair',
                 'what = "Review reserves"   # by the summer',
                 'present = ["Councillor A"]   # quorum is one'):
        assert line in text.splitlines()
    # a changed value keeps its place; new keys go after the last key of their table,
    # not under a comment written for the next table
    lines = text.splitlines()
    item_line = lines.index('item = "budget"       # Budget monitoring')
    assert lines[item_line + 1] == 'kind   =   "RESOLVED"'
    assert lines.index('reasons = "To keep the budget balanced."') < lines.index(
        "# Actions the committee asked for")
    assert lines[lines.index("# --- Item 7: exempt ---") + 2] == "[[resolution]]"
    assert lines.index('officers = ["Clerk"]') < lines.index("# --- Item 4: the budget ---")

    pack = packfile.load(root).pack
    assert [r.item for r in pack.resolutions] == ["budget", "contract", "minutes"]
    assert pack.resolutions[0].vote == Vote.of({"for": 4, "against": 1})
    assert pack.resolutions[0].actions[0].status == "done"
    assert pack.resolutions[1].actions[0].due == dt.date(2027, 4, 1)
    assert pack.resolutions[2].notes == "The minutes were agreed.\nNo matters arose."
    assert pack.attendance.officers == ["Clerk"]
    assert problems_of(root) == []


def test_removing_keeps_the_neighbours_comments(make_pack) -> None:
    root = make_pack(ITEMS, resolutions=COMMENTED)
    edit_record.remove_action(root, 0, 0)
    edit_record.remove_resolution(root, 0)
    text = (root / "resolutions.toml").read_text(encoding="utf-8")
    lines = text.splitlines()
    # the comments about the removed table went with it; the next table keeps its own
    assert "# --- Item 7: exempt ---" in lines
    assert lines[lines.index("# --- Item 7: exempt ---") + 2] == "[[resolution]]"
    assert "# end of the record" in lines
    assert "Review reserves" not in text and '"budget"' not in text
    assert [r.item for r in packfile.load(root).pack.resolutions] == ["contract"]

    edit_record.remove_resolution(root, 0)
    text = (root / "resolutions.toml").read_text(encoding="utf-8")
    assert "# end of the record" in text and "[[resolution]]" not in text
    assert "[attendance]" in text and packfile.load(root).pack.resolutions == []


def test_an_edit_that_would_add_an_error_is_refused_and_nothing_changes(make_pack) -> None:
    root = make_pack(ITEMS, resolutions=COMMENTED)
    for edit in (lambda: edit_record.add_resolution(root, "no-such-item"),
                 lambda: edit_record.update_resolution(root, 0, kind="DECIDED"),
                 lambda: edit_record.update_resolution(root, 0, item=None),
                 lambda: edit_record.add_action(root, 0, "x", status="pending"),
                 lambda: edit_record.update_resolution(root, 5, notes="x"),
                 lambda: edit_record.update_action(root, 1, 3, status="done"),
                 lambda: edit_record.update_resolution(root, 0, colour="red")):
        with pytest.raises(BoardpackError) as caught:
            edit()
        assert "resolutions.toml" in str(caught.value)
    assert (root / "resolutions.toml").read_text(encoding="utf-8") == COMMENTED


def test_a_file_with_errors_can_still_be_fixed_through_the_api(make_pack) -> None:
    root = make_pack(ITEMS, resolutions='[[resolution]]\nitem = "budget"\nkind = "DECIDED"\n')
    edit_record.update_resolution(root, 0, notes="Unrelated edit")  # the old error stays
    edit_record.update_resolution(root, 0, kind="AGREED")
    assert problems_of(root) == []


def test_first_edit_creates_the_file(make_pack) -> None:
    root = make_pack(ITEMS)
    assert not (root / "resolutions.toml").exists()
    edit_record.add_resolution(root, "budget", "NOTED")
    text = (root / "resolutions.toml").read_text(encoding="utf-8")
    assert text.startswith("[[resolution]]")
    assert tomllib.loads(text) == {"resolution": [{"item": "budget", "kind": "NOTED"}]}


def test_awkward_text_round_trips(make_pack) -> None:
    root = make_pack(ITEMS)
    notes = 'He said "no" \\ and """ then\n\n- a bullet\ttab\r\nend ‘curly’ £5'
    edit_record.add_resolution(root, "budget", notes=notes, text=['A "quoted" point'])
    got = packfile.load(root).pack.resolutions[0]
    assert got.notes == notes.replace("\r\n", "\n")
    assert got.text == ['A "quoted" point']


# --- saving is atomic and locked -----------------------------------------------------

SAVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from boardpack.pack import edit_record
    root = Path(sys.argv[1])
    padding = "x" * 30_000
    for n in range(1, 100_000):
        edit_record.update_resolution(root, 0, notes=f"version {n} " + padding)
        print(n, flush=True)
""")


def test_a_save_killed_midway_leaves_the_old_or_the_new_file(make_pack) -> None:
    root = make_pack(ITEMS, resolutions=COMMENTED)
    edit_record.update_resolution(root, 0, notes="version 0 " + "x" * 30_000)
    template = (root / "resolutions.toml").read_text(encoding="utf-8")
    for kill_after in (1, 4, 9):
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(root)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        for _ in range(kill_after):
            assert child.stdout.readline()
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
        text = (root / "resolutions.toml").read_text(encoding="utf-8")
        data = tomllib.loads(text)  # still parses
        version = data["resolution"][0]["notes"].split()[1]
        assert int(version) >= kill_after
        # exactly one whole version: the one before the kill, or the one being saved
        assert text == template.replace("version 0 ", f"version {version} ")
        assert comments(text) == comments(COMMENTED)
    # the lock died with the process: the next edit goes straight through
    edit_record.update_resolution(root, 0, notes="after", timeout=1)
    assert packfile.load(root).pack.resolutions[0].notes == "after"


HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from boardpack.pack.tomledit import locked
    with locked(Path(sys.argv[1])):
        print("held", flush=True)
        sys.stdin.read()
""")


def test_a_second_writer_gets_a_clear_message(make_pack) -> None:
    root = make_pack(ITEMS, resolutions=COMMENTED)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(root)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(BoardpackError) as caught:
            edit_record.add_resolution(root, "minutes", timeout=0.2)
        message = str(caught.value)
        assert "being saved by another boardpack" in message and root.name in message
        assert "\n" not in message
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert (root / "resolutions.toml").read_text(encoding="utf-8") == COMMENTED
    edit_record.add_resolution(root, "minutes", timeout=1)
    assert len(packfile.load(root).pack.resolutions) == 3


def test_resolutions_text_is_validated_before_saving(make_pack) -> None:
    pack = make_pack(ITEMS)
    good = '[[resolution]]\nitem = "budget"\ntext = ["That the report be noted."]\n'
    edit_record.save_resolutions_text(pack, good)
    assert packfile.load(pack).pack.resolutions[0].text == ["That the report be noted."]
    for bad, message in (("[[resolution]\n", "not valid TOML"),
                         ('[[resolution]]\nitem = "nope"\n', "no agenda item")):
        with pytest.raises(BoardpackError, match=message):
            edit_record.save_resolutions_text(pack, bad)
    assert (pack / "resolutions.toml").read_text(encoding="utf-8") == good


def test_votes_and_dates_typed_in_a_form(make_pack) -> None:
    pack = make_pack(ITEMS)
    assert edit_record.vote_from_text(pack, "Unanimous") == Vote(unanimous=True)
    assert edit_record.vote_from_text(pack, "for 5, against 1; abstain=0") == Vote.of(
        {"for": 5, "against": 1, "abstain": 0})
    assert edit_record.vote_from_text(pack, " ") is None
    with pytest.raises(BoardpackError, match="not understood"):
        edit_record.vote_from_text(pack, "most of them")
    assert edit_record.date_from_text(pack, " 2027-02-01 ", "due") == dt.date(2027, 2, 1)
    with pytest.raises(BoardpackError, match="not a date"):
        edit_record.date_from_text(pack, "next week", "due")


# --- the CLI uses the same API -------------------------------------------------------


def test_cli_records_a_meeting(make_pack, capsys) -> None:
    root = make_pack(ITEMS)
    assert main(["resolution", str(root), "attendance", "--present", "Councillor A",
                 "--apologies", "Councillor B"]) == 0
    assert main(["resolution", str(root), "add", "budget", "--kind", "ordered",
                 "--text", "That the position be noted.", "--text", "That reserves be reviewed.",
                 "--vote", "for=5,against=1,abstain=0", "--notes", "The report was presented."]
                ) == 0
    assert main(["resolution", str(root), "action", "1", "Review reserves", "--owner",
                 "Director", "--due", "2027-06-01"]) == 0
    assert main(["resolution", str(root), "action-edit", "1", "1", "--status", "done"]) == 0
    assert main(["resolution", str(root), "edit", "1", "--notes", ""]) == 0
    pack = packfile.load(root).pack
    r = pack.resolutions[0]
    assert (r.kind, r.text, r.notes) == ("ORDERED", ["That the position be noted.",
                                                     "That reserves be reviewed."], "")
    assert r.vote == Vote.of({"for": 5, "against": 1, "abstain": 0})
    assert str(r.vote) == "for 5, against 1, abstain 0"
    assert r.actions[0].status == "done" and r.actions[0].due == dt.date(2027, 6, 1)
    assert pack.attendance.apologies == ["Councillor B"]
    capsys.readouterr()
    assert main(["resolution", str(root), "list"]) == 0
    listed = capsys.readouterr().out
    assert "1. [budget] ORDERED" in listed and "1.1 Review reserves (Director" in listed

    assert main(["resolution", str(root), "add", "nope"]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("error:") and "no agenda item with id 'nope'" in error
    assert "resolutions.toml" in error and len(error.splitlines()) == 1
    assert main(["resolution", str(root), "remove", "1"]) == 0
    assert packfile.load(root).pack.resolutions == []
