"""Property-based tests: whatever pack.toml or resolutions.toml holds, the loader answers
with a pack and problems, or a BoardpackError; no other exception ever escapes, and
every problem is one line.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import tomlkit
from helpers import DEMO
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from boardpack.pack import agenda
from boardpack.pack import load as packfile
from boardpack.problems import BoardpackError, Problem

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.function_scoped_fixture])
KEYS = [
    "meeting", "item", "house", "limits", "resolution", "action", "authority", "committee",
    "date", "time", "venue", "members", "clerk", "name", "email", "phone", "chair", "vice_chair",
    "nation", "published", "previous_meeting", "template", "style", "id", "title", "presenter",
    "purpose", "summary", "files", "exempt", "to_follow", "path", "kind", "logo", "colour",
    "accent", "font", "max_file_mb", "max_unzipped_mb", "max_pdf_pages", "max_sheet_rows",
    "convert_seconds", "text", "vote", "for", "against", "abstain", "what", "owner", "due",
    "status", "interests", "notes", "options", "reasons", "item-id", "sheet", "range",
]
WORDS = [
    "", " ", "reports/a.md", "reports/a", "reports", "../outside.md", "/etc/passwd", "~/x.md",
    "C:\\x.md", "default", "corporate-parenting-board", "../../etc", "14:00", "25:99", "#1d4f91",
    "#xyz", "red", "unanimous", "information", "decision", "RESOLVED", "open", "done", "md",
    "docx", "pdf", "england", "wales", "minutes", "apologies", "exclusion", "a", "a-b",
    "Item A", "\x00", "\u202e", "a\nb", "{paragraphs}", "{committee}",
]
keys = st.sampled_from(KEYS) | st.text(min_size=1, max_size=6)
scalars = st.one_of(
    st.sampled_from(WORDS), st.text(max_size=12), st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.dates(min_value=dt.date(1000, 1, 1)),
    st.datetimes(min_value=dt.datetime(1000, 1, 1)), st.times(),
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=8,
)
tables = st.dictionaries(keys, values, max_size=5)
meeting = st.fixed_dictionaries(
    {"date": st.dates(min_value=dt.date(1000, 1, 1)) | scalars, "time": st.sampled_from(WORDS),
     "authority": scalars, "committee": scalars, "venue": scalars,
     "members": st.lists(scalars, max_size=3) | scalars,
     "clerk": st.dictionaries(keys, scalars, max_size=3) | scalars},
    optional={"template": st.sampled_from(WORDS), "style": st.sampled_from(WORDS),
              "previous_meeting": scalars, "published": scalars, "chair": scalars},
)
item = st.fixed_dictionaries(
    {"id": st.sampled_from(WORDS) | scalars, "title": scalars},
    optional={"files": st.lists(st.sampled_from(WORDS) | tables, max_size=3) | scalars,
              "exempt": st.integers(-3, 9) | scalars, "purpose": st.sampled_from(WORDS),
              "to_follow": scalars, "summary": scalars},
)
packs = st.one_of(
    tables,
    st.fixed_dictionaries({"meeting": meeting, "item": st.lists(item, max_size=4)},
                          optional={"house": tables, "limits": tables, "extra": values}),
)
resolution = st.fixed_dictionaries(
    {"item": st.sampled_from(WORDS) | scalars},
    optional={"text": st.lists(scalars, max_size=2) | scalars, "kind": st.sampled_from(WORDS),
              "vote": st.sampled_from(WORDS) | tables, "interests": values,
              "action": st.lists(tables | scalars, max_size=3) | scalars},
)
resolution_files = tables | st.fixed_dictionaries(
    {"resolution": st.lists(resolution | tables, max_size=4)})


def dump(document: dict) -> str:
    """TOML text of a generated document (documents TOML cannot hold are skipped)."""
    try:
        return tomlkit.dumps(document)
    except (ValueError, TypeError, tomlkit.exceptions.TOMLKitError):
        assume(False)
        raise


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A pack folder with a report in place, whose pack.toml each example overwrites."""
    shutil.copytree(DEMO, tmp_path / "fuzz", ignore=shutil.ignore_patterns("build", ".*"))
    (tmp_path / "fuzz" / "reports" / "a.md").write_text("# A\n", encoding="utf-8")
    return tmp_path / "fuzz"


def load_safely(root: Path) -> list[Problem]:
    """Load the pack: a pack or BoardpackError are fine; anything else fails the test."""
    try:
        loaded = packfile.load(root)
    except BoardpackError as exc:
        problems = exc.problems
    else:
        problems = loaded.problems
        agenda.entries(loaded.pack)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert "\n" not in str(problem), str(problem)
    return problems


@FUZZ
@given(document=packs)
def test_generated_pack_toml(folder: Path, document: dict) -> None:
    (folder / "pack.toml").write_text(dump(document), encoding="utf-8")
    load_safely(folder)


@FUZZ
@given(document=resolution_files)
def test_generated_resolutions_toml(folder: Path, document: dict) -> None:
    (folder / "resolutions.toml").write_text(dump(document), encoding="utf-8")
    load_safely(folder)


@FUZZ
@given(text=st.text(max_size=300) | st.binary(max_size=300).map(
    lambda b: b.decode("latin-1")))
@pytest.mark.parametrize("name", ["pack.toml", "resolutions.toml"])
def test_random_text(folder: Path, name: str, text: str) -> None:
    (folder / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    load_safely(folder)


@FUZZ
@given(data=st.data())
@pytest.mark.parametrize("name", ["pack.toml", "resolutions.toml"])
def test_mutated_demo_files(folder: Path, name: str, data: st.DataObject) -> None:
    """Near-valid files: the demo pack's own, with a few characters cut or changed."""
    text = (DEMO / name).read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 12))
        insert = data.draw(st.sampled_from(["", "\"", "[", "]", "=", "\n", "[[item]]\n", "#",
                                            "0", "x", "'''", "{", "}", ",", "\\"]))
        text = text[:at] + insert + text[at + cut:]
    (folder / name).write_text(text, encoding="utf-8")
    load_safely(folder)
