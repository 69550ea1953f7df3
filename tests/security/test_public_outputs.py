"""Every public output is made from the public view, which holds of an exempt (Part B)
item its number, title, Schedule 12A paragraph and notice, and nothing else.

Two proofs. First, markers planted in every field and file of exempt items (of this
meeting and of an earlier one) are searched for in every public output of a meeting
taken from issue to minutes: the issue's public folder, a supplement's, the public
minutes in each format and the public register, each read as text, as PDF objects
decoded by pypdf and by qpdf, as bytes, as unzipped .docx parts and as decoded
``data:`` URIs. Every marker is found in the members' outputs, so the search can find
what it looks for. Second, two meetings whose exempt items differ in everything but
their number, title and paragraph give the very same public outputs, byte for byte:
nothing of the rest, not even whether there is any, can be told from them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from helpers import MEETING, pdf_text
from helpers import write_files as write
from helpers.contents import contents, qpdf_decoded
from helpers.markers import (
    COMMENTS,
    EARLIER_ID,
    EARLIER_ITEMS,
    EARLIER_RECORD,
    ID,
    LATE_ID,
    MARKERS,
    OPEN_REPORT,
    PUBLIC_ITEM,
    PUBLIC_RECORD,
    TITLES,
    late_papers,
    marked_meeting,
)
from helpers.minutes import meeting

from boardpack.cli import main
from boardpack.pack import agenda
from boardpack.pack import load as packfile
from boardpack.pipeline import minutes
from boardpack.pipeline.build import build
from boardpack.publish.issue import publish

WHEN = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)

def cli(*args: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """The meeting taken from issue to register; its outputs, public and members'."""
    base = tmp_path_factory.mktemp("meetings")
    root = marked_meeting(base)
    first = publish(root, now=WHEN)
    assert first.ok, [str(p) for p in first.problems]
    late_papers(root)
    second = publish(root, supplement=True, now=WHEN + dt.timedelta(days=2))
    assert second.ok, [str(p) for p in second.problems]
    assert [(c.item, c.kind) for c in second.changes] == [
        ("youth", "added"), (ID, "changed"), (LATE_ID, "received")]
    cli("minutes", str(root))
    registers = base.parent / f"{base.name}-registers"
    registers.mkdir()
    for fmt, suffix in (("table", "txt"), ("csv", "csv"), ("json", "json")):
        (registers / f"public.{suffix}").write_text(
            cli("register", str(base), "--public", "--format", fmt), encoding="utf-8")
        (registers / f"members.{suffix}").write_text(
            cli("register", str(base), "--format", fmt), encoding="utf-8")
    issued = root / "issued"
    public = [*sorted((issued / "1" / "public").iterdir()),
              *sorted((issued / "2" / "public").iterdir()),
              *sorted((root / "build").glob("public-minutes.*")),
              *sorted(registers.glob("public.*"))]
    members = [*sorted((issued / "1" / "members").iterdir()),
               *sorted((issued / "2" / "members").iterdir()),
               issued / "1" / "internal" / "manifest.json",
               *sorted((root / "build").glob("minutes.*")), *sorted(registers.glob("members.*"))]
    return {"public": public, "members": members, "root": [root]}


def test_the_outputs_searched_are_every_public_file(outputs: dict[str, list[Path]]) -> None:
    names = [p.relative_to(p.parents[1]).as_posix() for p in outputs["public"]]
    assert names == [
        "public/manifest.json", "public/public.html", "public/public.pdf",
        "public/manifest.json", "public/supplement-1-public.html",
        "public/supplement-1-public.pdf", "build/public-minutes.docx",
        "build/public-minutes.html", "build/public-minutes.pdf",
        *(f"{outputs['public'][9].parent.name}/public.{s}" for s in ("csv", "json", "txt"))]


@pytest.mark.parametrize("marker", MARKERS + COMMENTS)
def test_no_public_output_holds_the_marker(outputs: dict[str, list[Path]], marker: str) -> None:
    assert [p.name for p in outputs["public"] if contents(p).contains(marker)] == []


def test_every_marker_is_found_in_the_members_outputs(outputs: dict[str, list[Path]]) -> None:
    assert [m for m in MARKERS if not any(contents(p).contains(m)
                                          for p in outputs["members"])] == []


def test_comments_reach_no_output_but_the_clerk_sees_them(outputs: dict[str, list[Path]],
                                                         capsys) -> None:
    root = outputs["root"][0]
    everything = [p for p in root.rglob("*") if p.is_file() and p.suffix in (
        ".pdf", ".html", ".docx", ".json") and ".cache" not in p.parts]
    assert len(everything) > 10
    for comment in COMMENTS:
        assert [p.name for p in everything if contents(p).contains(comment)] == [], comment
    main(["check", str(root)])
    lines = capsys.readouterr().err.splitlines()
    said = [line for line in lines if "holds a comment" in line]
    assert any("item 'open-report': reports/open-report.md" in line and
               f"'{COMMENTS[0]}: ask legal before this goes out'" in line for line in said)
    assert any(COMMENTS[1] in line and line.startswith("warning:") for line in said)


def test_public_outputs_show_exactly_the_allowed_fields(outputs: dict[str, list[Path]]) -> None:
    """The controls: what a public edition shows of an exempt item is there."""
    root = outputs["root"][0]
    issue = root / "issued" / "1" / "public"
    text = " ".join(pdf_text(issue / "public.pdf").split())
    for title in TITLES[:2]:
        assert title in text
    assert "paragraph 3 of Part 1 of Schedule 12A" in text
    assert "paragraph 5 of Part 1 of Schedule 12A" in text
    assert "Part B, exempt under paragraph 3" in text and "Head of Libraries" in text
    assert "Review the reserves" in text  # an earlier meeting's open action
    assert TITLES[2] in text and "paragraph 1 of Part 1 of Schedule 12A" in text
    assert "Actions on exempt items are listed in the members' edition." in text
    minutes_text = " ".join(pdf_text(root / "build" / "public-minutes.pdf").split())
    assert "Publish the library hours" in minutes_text and TITLES[0] in minutes_text
    assert "Declarations on exempt items are recorded in the exempt minutes." in minutes_text


def test_anchors_of_exempt_items_are_their_numbers(outputs: dict[str, list[Path]]) -> None:
    root = outputs["root"][0]
    pack = packfile.load(root).pack
    numbers = {e.item.id: e.number for e in agenda.entries(pack)}  # as the minutes number it
    pack.items = [item for item in pack.items if item.id != "youth"]  # as issue 1 did
    first = {e.item.id: e.number for e in agenda.entries(pack)}
    earlier = {e.item.id: e.number for e in agenda.entries(
        packfile.load(root.parent / "test-2027-01-13").pack)}
    issue = root / "issued" / "1"
    public = (issue / "public" / "public.html").read_text(encoding="utf-8")
    for item in (ID, LATE_ID):
        anchor = f"item_{first[item]}"
        assert f'id="{anchor}"' in public and f'href="#{anchor}"' in public
        assert f'id="{item}"' in (issue / "members" / "members.html").read_text("utf-8")
        assert contents(issue / "public" / "public.pdf").contains(f"({anchor})")  # its name
    assert f'id="previous--minute-item_{earlier[EARLIER_ID]}"' in public
    minutes_html = (root / "build" / "public-minutes.html").read_text(encoding="utf-8")
    assert f'id="minute-item_{numbers[ID]}"' in minutes_html
    assert f'id="minute-{ID}"' in (root / "build" / "minutes.html").read_text("utf-8")


# --- two meetings that differ only in what a public edition may not show ---------------


def other_meeting(base: Path) -> Path:
    """``marked_meeting`` with exempt items that share only number, title and paragraph."""
    write(base / "test-2027-01-13", {
        "pack.toml": meeting("2027-01-13") + EARLIER_ITEMS + """
[[item]]
id = "another-earlier"
title = "Earlier exempt item"
presenter = "Someone"
exempt = 1
files = ["private/note.md"]
""",
        "private/note.md": "A note on the placement.\n",
        "resolutions.toml": EARLIER_RECORD})
    return write(base / "test-2027-03-17", {
        "pack.toml": MEETING + PUBLIC_ITEM + """
[[item]]
id = "other-contract"
title = "Residential placements: contract award"
exempt = 3

[[item]]
id = "counsel"
title = "Legal advice"
presenter = "Borough Solicitor"
purpose = "discussion"
summary = "Advice on the claim."
exempt = 5
files = ["reports/counsel.md", "reports/counsel-annex.md"]
""",
        "reports/open-report.md": OPEN_REPORT,
        "reports/counsel.md": "# Advice\n\nThe claim should be defended.\n",
        "reports/counsel-annex.md": "# Annex\n\nCase law.\n",
        "resolutions.toml": PUBLIC_RECORD + """
[[resolution]]
item = "counsel"
kind = "NOTED"
interests = ["Councillor A is a witness."]
"""})


# What differs between two compiles of the same Typst document: the time and an id.
COMPILED = re.compile(rb"(/CreationDate \(|/ModDate \(|<xmp:ModifyDate>|<xmp:CreateDate>|"
                      rb"<xmpMM:InstanceID>)[^)<]*|(/ID \[)[^\]]*")


def public_outputs(root: Path) -> dict[str, bytes]:
    """The public pack, minutes and register, a PDF as qpdf decodes it without the time
    it was made."""
    assert build(root, editions=["public"]).ok
    minutes.write(packfile.load(root).pack, root / "build", editions=["public"])
    files = {p.name: p.read_bytes() for p in sorted((root / "build").glob("public*"))}
    for name in [n for n in files if n.endswith(".pdf")]:
        files[name] = COMPILED.sub(lambda m: m[1] or m[2], qpdf_decoded(files[name]))
    files["register.json"] = cli("register", str(root.parent), "--public",
                                 "--format", "json").encode()
    return files


def test_public_outputs_depend_on_nothing_but_the_allowed_fields(tmp_path: Path) -> None:
    one = marked_meeting(tmp_path / "one" / "packs")
    other = other_meeting(tmp_path / "other" / "packs")
    first, second = public_outputs(one), public_outputs(other)
    assert sorted(first) == ["public-minutes.docx", "public-minutes.html", "public-minutes.pdf",
                             "public.html", "public.pdf", "register.json"]
    assert [name for name in first if first[name] != second[name]] == []
    # ... while the members' editions differ, of course.
    for root in (one, other):
        assert build(root, editions=["members"], formats=["html"]).ok
    assert ((one / "build" / "members.html").read_bytes()
            != (other / "build" / "members.html").read_bytes())
    shutil.rmtree(tmp_path / "one")


def test_no_item_id_can_be_an_exempt_items_anchor(make_pack) -> None:
    """Item ids have no underscore, so an item may be called ``item-4`` (or anything)."""
    root = make_pack("""
[[item]]
id = "item-4"
title = "Called like an item"

[[item]]
id = "secret"
title = "Contract award"
exempt = 3
""")
    numbers = {e.item.id: e.number for e in agenda.entries(packfile.load(root).pack)}
    result = build(root, editions=["public"], formats=["html"])
    assert result.ok, result.problems
    page = (root / "build" / "public.html").read_text(encoding="utf-8")
    assert f'id="item_{numbers["secret"]}"' in page and 'id="item-4"' in page
    assert 'id="secret"' not in page
