"""Fragment rendering and the build stamp: nothing is rendered twice, nothing leaks.

Counts come from the build's ``RenderStats`` (each Pandoc fragment run and each
Typst compile is recorded), never from timing.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import pdf_text

from boardpack.layout import CACHE_FOLDER
from boardpack.pipeline.build import build
from boardpack.pipeline.progress import Event, Rendering
from boardpack.render import fragments
from boardpack.render.html import embed_media, finish_fragment

MARKER = "ZQXMARKERPARTB"
ITEMS = """
[[item]]
id = "alpha"
title = "Alpha report"
purpose = "information"
files = ["reports/alpha.md"]

[[item]]
id = "beta"
title = "Beta report"
purpose = "decision"
files = ["reports/beta.md"]

[[item]]
id = "secret"
title = "Contract award"
purpose = "decision"
files = ["reports/secret.md"]
exempt = 3
"""
FILES = {
    "reports/alpha.md": "# Alpha\n\nAlpha text ALPHAWORD with a note.[^1]\n\n[^1]: Alpha note.\n",
    "reports/beta.md": "# Beta\n\nBeta text BETAWORD with a note.[^1]\n\n[^1]: Beta note.\n",
    "reports/secret.md": f"# Tender\n\nThe exempt figures {MARKER}.\n",
}
OUTPUTS = ["members.pdf", "members.html", "public.pdf", "public.html"]


@pytest.fixture
def pack(make_pack) -> Path:
    return make_pack(ITEMS, files=FILES)


def rendered_ids(result) -> set[str]:
    """The heading ids of the fragments Pandoc wrote in a build."""
    return {entry.split(" ", 1)[1] for entry in result.stats.rendered}


def test_a_build_with_nothing_changed_renders_nothing(pack: Path) -> None:
    first = build(pack)
    assert first.ok, first.problems
    assert {"alpha", "beta", "secret"} <= rendered_ids(first)
    assert sorted(first.stats.compiled) == ["members", "public"]
    times = {name: (pack / "build" / name).stat().st_mtime_ns for name in OUTPUTS}

    again = build(pack)
    assert again.ok, again.problems
    assert again.stats.rendered == [] and again.stats.compiled == []
    assert sorted(again.stats.skipped) == sorted(OUTPUTS)
    assert {name: (pack / "build" / name).stat().st_mtime_ns for name in OUTPUTS} == times


def test_one_changed_report_rerenders_only_its_fragments(pack: Path) -> None:
    assert build(pack).ok
    report = pack / "reports" / "beta.md"
    report.write_text(report.read_text() + "\nA late paragraph LATEWORD.\n")
    again = build(pack)
    assert again.ok, again.problems
    # Typst and HTML once each: the public edition reuses the members' identical fragment.
    assert sorted(again.stats.rendered) == ["html5 beta", "typst beta"]
    assert sorted(again.stats.compiled) == ["members", "public"]
    assert "LATEWORD" in pdf_text(pack / "build" / "public.pdf")
    assert "LATEWORD" in (pack / "build" / "members.html").read_text()


def test_a_changed_exempt_report_leaves_the_public_edition_alone(pack: Path) -> None:
    assert build(pack).ok
    (pack / "reports" / "secret.md").write_text(f"# Tender\n\nNew figures {MARKER}2.\n")
    again = build(pack)
    assert again.ok
    assert sorted(again.stats.skipped) == ["public.html", "public.pdf"]
    assert again.stats.compiled == ["members"]


def test_the_public_edition_never_receives_a_members_fragment(pack: Path) -> None:
    members = build(pack, editions=["members"])
    assert members.ok
    cached = list((pack / CACHE_FOLDER / fragments.SPACE).rglob("*.json"))
    assert any(MARKER in path.read_text() for path in cached)  # it is in the cache
    public = build(pack, editions=["public"])
    assert public.ok
    # The exempt item's public fragment (title and notice, under an anchor made from its
    # number) is its own, never the members'.
    assert "item_8" in rendered_ids(public) and "secret" in rendered_ids(members)
    assert MARKER not in pdf_text(pack / "build" / "public.pdf")
    assert MARKER not in (pack / "build" / "public.html").read_text()
    assert MARKER in pdf_text(pack / "build" / "members.pdf")


def test_damaged_cache_entries_are_rendered_again(pack: Path) -> None:
    assert build(pack).ok
    entries = sorted((pack / CACHE_FOLDER / fragments.SPACE).rglob("*.json"))
    for index, path in enumerate(entries):
        if index % 3 == 0:
            path.write_text("{not json")
        elif index % 3 == 1:  # valid JSON whose text does not match its checksum
            entry = json.loads(path.read_text())
            path.write_text(json.dumps(dict(entry, text=entry["text"] + "TAMPERED")))
        else:
            path.unlink()
    for name in OUTPUTS:
        (pack / "build" / name).unlink()
    again = build(pack)
    assert again.ok, again.problems
    assert len(again.stats.rendered) >= len(entries)
    html = (pack / "build" / "members.html").read_text()
    assert "TAMPERED" not in html and "ALPHAWORD" in html
    assert "TAMPERED" not in pdf_text(pack / "build" / "members.pdf")


def test_a_touched_output_is_rendered_again(pack: Path) -> None:
    assert build(pack).ok
    (pack / "build" / "public.html").write_text("edited by hand")
    again = build(pack)
    assert again.stats.skipped == ["members.pdf", "members.html", "public.pdf"]
    assert "BETAWORD" in (pack / "build" / "public.html").read_text()


def test_the_cache_deleted_in_the_middle_of_a_build_is_rebuilt(pack: Path) -> None:
    def delete_cache(event: Event) -> None:
        if event == Rendering("members", "pdf"):
            shutil.rmtree(pack / CACHE_FOLDER)

    result = build(pack, on_event=delete_cache)
    assert result.ok, result.problems
    assert "ALPHAWORD" in pdf_text(pack / "build" / "members.pdf")
    shutil.rmtree(pack / CACHE_FOLDER)
    again = build(pack)
    assert again.ok and sorted(again.stats.skipped) == []  # no stamps left: all rendered
    assert "BETAWORD" in pdf_text(pack / "build" / "public.pdf")


def test_html_footnotes_stay_unique_across_fragments(pack: Path) -> None:
    assert build(pack).ok
    html = (pack / "build" / "members.html").read_text()
    ids = [part.split('"', 1)[0] for part in html.split(' id="')[1:]]
    assert len(ids) == len(set(ids))
    assert sum("fnref1" in i for i in ids) == 2  # one note in each of two reports
    for target in [part.split('"', 1)[0] for part in html.split('href="#')[1:]]:
        assert target in ids


def test_split_cuts_before_each_top_level_heading_with_its_markers() -> None:
    raw = {"t": "RawBlock", "c": ["typst", "#bp-item-start(false, true)"]}
    head = {"t": "Header", "c": [1, ["a", [], []], [{"t": "Str", "c": "A"}]]}
    sub = {"t": "Header", "c": [2, ["a-1", [], []], [{"t": "Str", "c": "A1"}]]}
    para = {"t": "Para", "c": [{"t": "Str", "c": "x"}]}
    assert fragments.split([para, raw, head, sub, para, raw, head]) == [
        [para], [raw, head, sub, para], [raw, head]]
    assert fragments.split([raw, head, para]) == [[raw, head, para]]


def test_media_go_in_after_sanitising_only_where_allowed(tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    png, svg = "media/" + "a" * 32 + ".png", "media/" + "b" * 32 + ".svg"
    (tmp_path / png).write_bytes(b"\x89PNG")
    (tmp_path / svg).write_bytes(b"<svg/>")
    body = finish_fragment(
        f'<p><img src="{png}" alt="a > b"><a href="{svg}">chart</a>'
        f'<img src="{svg}" onerror="x()"></p>', "k" * 64)
    out = embed_media(body, tmp_path)
    assert out.count("data:image/png;base64,") == 1
    assert out.count("data:image/svg+xml;base64,") == 1  # as a picture only
    assert '<a rel="noopener noreferrer">chart</a>' in out and "onerror" not in out


def test_the_cache_lives_inside_the_pack(pack: Path) -> None:
    assert build(pack).ok
    assert (pack / CACHE_FOLDER / fragments.SPACE).is_dir()
    assert os.path.commonpath([pack, *(pack / CACHE_FOLDER).rglob("*")]) == str(pack)


def test_each_writer_reads_only_what_it_shows(tmp_path: Path) -> None:
    from boardpack.cache import Cache
    from boardpack.pandoc import ast

    blocks = [ast.header(1, "Item", "item"), ast.para("Both formats BOTHWORD."),
              ast.div([ast.para("Only the HTML pack HTMLWORD.")], classes=[ast.HTML_ONLY]),
              ast.raw_block("typst", "// TYPSTWORD"), ast.raw_block("html", "<!-- RAWHTML -->")]
    typst = fragments.write(blocks, "typst", extra=[], store=Cache(tmp_path))
    html = fragments.write(blocks, "html5", extra=[], store=Cache(tmp_path))
    assert "BOTHWORD" in typst and "TYPSTWORD" in typst
    assert "HTMLWORD" not in typst and "RAWHTML" not in typst
    assert "BOTHWORD" in html and "HTMLWORD" in html and "RAWHTML" in html
    assert "TYPSTWORD" not in html
    pieces = fragments.Pieces.of(blocks)
    assert pieces.written_as("typst").payloads != pieces.payloads
    assert pieces.written_as("html5").payloads != pieces.payloads


def test_footnote_ids_come_from_the_fragment_not_the_code(tmp_path: Path, monkeypatch) -> None:
    """A new release (another version string, another sanitiser) writes the same ids."""
    from boardpack.cache import Cache
    from boardpack.pandoc import ast
    from boardpack.render.html import finish_fragment

    note = {"t": "Note", "c": [ast.para("The note.")]}
    blocks = [ast.header(1, "Item", "item"), ast.para([*ast.inlines("Text"), note])]

    def ids(store: Path) -> list[str]:
        html = fragments.write(blocks, "html5", extra=[], store=Cache(store),
                               finish=finish_fragment)
        return sorted(part.split('"', 1)[0] for part in html.split(' id="')[1:])

    before = ids(tmp_path / "one")
    fragments.versions.cache_clear()
    monkeypatch.setattr(fragments, "VERSION", "another")
    after = ids(tmp_path / "two")
    fragments.versions.cache_clear()
    assert any(i.endswith("-fn1") for i in before)
    assert before == after


def test_only_fragments_not_in_the_cache_are_prepared(tmp_path: Path) -> None:
    """The renderers' fixes (``typst_fixes``, ``html_fixes``) run on what Pandoc writes,
    not again on every fragment of every rebuild."""
    from boardpack.cache import Cache
    from boardpack.pandoc import ast
    from boardpack.render.typst_fixes import lowered

    prepared: list[str] = []

    def counted(pieces: fragments.Pieces) -> fragments.Pieces:
        prepared.extend(fragments.label(piece) for piece in pieces.blocks)
        return lowered(pieces)

    picture = ast.para([ast.image("media/a.png", "A bar chart of placements")])
    blocks = [ast.header(1, "One", "one"), picture, ast.header(1, "Two", "two"),
              ast.para("Words only.")]
    first = fragments.write(blocks, "typst", extra=[], store=Cache(tmp_path), prepare=counted)
    assert 'alt: "A bar chart of placements"' in first and prepared == ["one", "two"]
    again = fragments.write(blocks, "typst", extra=[], store=Cache(tmp_path), prepare=counted)
    assert again == first and prepared == ["one", "two"]
    blocks[3] = ast.para("Words changed.")
    fragments.write(blocks, "typst", extra=[], store=Cache(tmp_path), prepare=counted)
    assert prepared == ["one", "two", "two"]
