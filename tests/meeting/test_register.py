"""``boardpack register``: every resolution and action across packs, filtered, as a table
readable in 80 columns, or as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers.minutes import OLDER, RESOLUTIONS, SECRETS, meeting, write_pack

from boardpack.cli import main
from boardpack.meeting import register

LONG = ("That Cabinet approve a supplementary estimate of £250,000 for home to school "
        "transport, to be funded from the corporate contingency.")
OTHER = f"""\
[[resolution]]
item = "budget"
kind = "RECOMMENDED"
text = ["{LONG}"]

[[resolution.action]]
what = "Take the recommendation to Cabinet"
owner = "Democratic Services"
due = 2027-02-15
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("register")
    write_pack(base / "test-2026-11-04", meeting=meeting("2026-11-04"), resolutions=OLDER)
    write_pack(base / "test-2027-01-13", meeting=meeting("2027-01-13"), resolutions=RESOLUTIONS)
    write_pack(base / "2027" / "other-2027-02-01",
               meeting=meeting("2027-02-01", "Other Committee"), resolutions=OTHER)
    (base / "notes").mkdir()  # a folder that is not a pack is passed over
    return base


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["register", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_rows_cover_every_resolution_and_action_in_order(folder: Path) -> None:
    rows = register.collect(folder).rows
    assert [(r.pack, r.item_number, r.type) for r in rows] == [
        ("test-2026-11-04", 4, "resolution"), ("test-2026-11-04", 4, "action"),
        ("test-2026-11-04", 4, "action"),
        ("test-2027-01-13", 3, "resolution"), ("test-2027-01-13", 4, "resolution"),
        ("test-2027-01-13", 4, "action"), ("test-2027-01-13", 7, "resolution"),
        ("test-2027-01-13", 7, "action"),
        ("other-2027-02-01", 4, "resolution"), ("other-2027-02-01", 4, "action"),
    ]
    ordered = next(r for r in rows if r.kind == "ORDERED")
    assert ordered.text == ("1. That the position be noted.\n"
                            "2. That the reserves policy be reviewed.")
    assert (ordered.resolution, ordered.part_b, ordered.title) == (1, False, "Budget monitoring")
    exempt = [r for r in rows if r.part_b]
    assert {r.item for r in exempt} == {"contract"}


def test_table_is_readable_in_80_columns(folder: Path, capsys) -> None:
    code, out, err = run(capsys, str(folder))
    assert code == 0 and err == ""
    assert all(len(line) <= 80 for line in out.splitlines()), max(out.splitlines(), key=len)
    assert "Test Committee, 13 January 2027 (test-2027-01-13)" in out
    assert "Other Committee, 1 February 2027 (other-2027-02-01)" in out
    lines = out.splitlines()
    ordered = next(i for i, line in enumerate(lines) if "ORDERED" in line)
    assert lines[ordered].split()[:4] == ["4", "ORDERED", "1.", "That"]
    assert lines[ordered + 1].strip() == "2. That the reserves policy be reviewed."
    action = next(i for i, line in enumerate(lines) if "Review the reserves policy" in line)
    assert lines[action].split()[:2] == ["4", "action"]
    assert lines[action + 1].strip() == "Director of Finance · due 1 June 2027 · open"
    # the clerk's register shows Part B, marked
    exempt = next(i for i, line in enumerate(lines) if "PBTEXTQ" in line)
    assert lines[exempt - 1].split() == ["7", "RESOLVED", "[Part", "B]"]
    assert "[Part B] PBACTIONQ sign the contract" in out
    wrapped = [line for line in lines if "contingency." in line]
    assert wrapped and wrapped[0].startswith(" " * 19)  # long text wraps under its column


def test_filters_by_committee_and_status(folder: Path, capsys) -> None:
    code, out, _ = run(capsys, str(folder), "--committee", "other", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and {r["committee"] for r in rows} == {"Other Committee"}
    assert len(rows) == 2
    _, out, _ = run(capsys, str(folder), "--status", "open", "--format", "json")
    rows = json.loads(out)
    assert {r["type"] for r in rows} == {"action"} and {r["status"] for r in rows} == {"open"}
    assert {r["text"] for r in rows} == {"Report on school transport",
                                         "Review the reserves policy",
                                         "PBACTIONQ sign the contract",
                                         "Take the recommendation to Cabinet"}
    _, out, _ = run(capsys, str(folder), "--status", "done", "--committee", "TEST committee",
                    "--format", "json")
    assert [r["text"] for r in json.loads(out)] == ["DONEACTIONQ publish the plan"]


def test_csv_has_every_column_and_round_trips(folder: Path, capsys) -> None:
    code, out, _ = run(capsys, str(folder), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 10
    assert list(rows[0]) == ["committee", "date", "pack", "item_number", "item", "title",
                             "part_b", "type", "kind", "text", "owner", "due", "status",
                             "resolution", "action", "decision", "decision_detail"]
    cabinet = next(r for r in rows if r["kind"] == "RECOMMENDED")
    assert "£250,000" in cabinet["text"] and cabinet["date"] == "2027-02-01"
    action = next(r for r in rows if r["text"] == "Review the reserves policy")
    assert (action["owner"], action["due"], action["status"]) == (
        "Director of Finance", "2027-06-01", "open")


def test_public_leaves_out_part_b_entirely(folder: Path, capsys) -> None:
    for fmt in ("table", "csv", "json"):
        _, out, _ = run(capsys, str(folder), "--public", "--format", fmt)
        assert not [s for s in SECRETS if s in out], fmt
        assert "Review the reserves policy" in out


def test_a_broken_pack_is_reported_and_the_rest_listed(folder: Path, tmp_path: Path,
                                                        capsys) -> None:
    write_pack(tmp_path / "good", resolutions=RESOLUTIONS)
    write_pack(tmp_path / "bad", resolutions='[[resolution]]\nitem = "nope"\n')
    (tmp_path / "worse").mkdir()
    (tmp_path / "worse" / "pack.toml").write_text("[meeting]\ndate = \n", encoding="utf-8")
    code, out, err = run(capsys, str(tmp_path), "--format", "json")
    assert code == 1
    assert "bad: item 'nope': resolutions.toml:2: resolution 1: no agenda item" in err
    assert "worse: pack.toml:2: not valid TOML" in err
    assert {r["pack"] for r in json.loads(out)} == {"good", "bad"}


def test_one_pack_or_nothing(folder: Path, tmp_path: Path, capsys) -> None:
    _, out, _ = run(capsys, str(folder / "test-2026-11-04"), "--format", "json")
    assert {r["pack"] for r in json.loads(out)} == {"test-2026-11-04"}
    _, out, _ = run(capsys, str(tmp_path))
    assert out == "No resolutions or actions recorded.\n"
    code, _, err = run(capsys, str(tmp_path / "missing"))
    assert code == 1 and "no such folder" in err


def test_public_positions_count_public_rows_only(tmp_path: Path, capsys) -> None:
    """A gap in the positions would tell that an exempt resolution lies in between."""
    record = '[[resolution]]\nitem = "contract"\nnotes = "PBNOTESQ"\n\n' + RESOLUTIONS
    write_pack(tmp_path / "p", resolutions=record)
    _, out, _ = run(capsys, str(tmp_path), "--format", "json")
    members = [(r["item"], r["resolution"]) for r in json.loads(out) if r["type"] == "resolution"]
    assert members == [("minutes", 1), ("budget", 2), ("contract", 0), ("contract", 3)]
    _, out, _ = run(capsys, str(tmp_path), "--public", "--format", "json")
    rows = json.loads(out)
    assert [(r["item"], r["resolution"]) for r in rows if r["type"] == "resolution"] == [
        ("minutes", 0), ("budget", 1)]
    assert {r["part_b"] for r in rows} == {False}
