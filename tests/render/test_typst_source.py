"""The PDF's Typst source as files: a preamble module both editions share, a file per
fragment, and each edition's main file naming its own (real Pandoc, real Typst)."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import OPEN_AND_EXEMPT, built_demo, pdf_outline, pdf_pages, pdf_text

from boardpack.cache import Cache
from boardpack.pandoc import ast
from boardpack.pipeline.build import build
from boardpack.render.pdf import PART, closed_runs

PACK = OPEN_AND_EXEMPT
FILES = {"reports/alpha.md": "# Alpha\n\nThe ALPHAWORD figures.\n",
         "reports/secret.md": "# Tender\n\nThe exempt EXEMPTWORD figures.\n"}


def parts_of(main: Path) -> dict[str, str]:
    return {name: (main.parent / name).read_text(encoding="utf-8")
            for name in PART.findall(main.read_text(encoding="utf-8"))}


def test_the_editions_include_the_same_files_for_what_both_show(make_pack) -> None:
    root = make_pack(PACK, files=FILES)
    assert build(root, formats=["pdf"]).ok
    workspace = Cache.for_pack(root).root
    members, public = workspace / "members.typ", workspace / "public.typ"
    for main, edition in ((members, "members"), (public, "public")):
        lines = main.read_text(encoding="utf-8").splitlines()
        assert re.fullmatch(r'#import "bp-pre-[0-9a-f]{24}\.typ": \*', lines[0])
        assert lines[1:3] == ["#show: bp-pack", f'#metadata("{edition}") <bp-edition>']
        assert all(PART.fullmatch(line) for line in lines[3:])
    assert members.read_text().splitlines()[0] == public.read_text().splitlines()[0]
    mine, theirs = parts_of(members), parts_of(public)
    alpha = [name for name, text in mine.items() if "ALPHAWORD" in text]
    assert len(alpha) == 1 and alpha[0] in theirs  # the same file in both editions
    assert any("EXEMPTWORD" in text for text in mine.values())
    assert not any("EXEMPTWORD" in text for text in theirs.values())
    # the preamble module holds no edition: it is the same file for both
    module = workspace / members.read_text().splitlines()[0].split('"')[1]
    settings = module.read_text(encoding="utf-8").splitlines()[0]
    assert settings.startswith("#let bp-inputs = (") and '"edition"' not in settings
    assert "EXEMPTWORD" in pdf_text(root / "build" / "members.pdf")
    assert "ALPHAWORD" in pdf_text(root / "build" / "public.pdf")
    assert "EXEMPTWORD" not in pdf_text(root / "build" / "public.pdf")


def test_a_changed_report_leaves_no_file_of_its_old_fragment(make_pack) -> None:
    root = make_pack(PACK, files=FILES)
    assert build(root, formats=["pdf"]).ok
    workspace = Cache.for_pack(root).root
    before = set(parts_of(workspace / "members.typ"))
    (root / "reports" / "alpha.md").write_text("# Alpha\n\nThe NEWWORD figures.\n")
    assert build(root, formats=["pdf"]).ok
    wanted = set(parts_of(workspace / "members.typ")) | set(parts_of(workspace / "public.typ"))
    on_disk = {path.name for path in workspace.glob("bp-part-*.typ")}
    assert on_disk == wanted and before - wanted  # the old alpha fragment's file is gone
    assert "NEWWORD" in pdf_text(root / "build" / "public.pdf")


OLD_PREAMBLE = """// a pack's own preamble of the old kind: settings as bp-inputs, top-level rules
#let bp = bp-inputs
#set page(paper: "a5", header: [OWNHEADER #bp.at("edition", default: "")])
#set text(font: "Lato", lang: "en")
#let horizontalrule = line(length: 50%)
#let bp-page(target) = context {
  let found = query(target)
  if found.len() > 0 { str(counter(page).at(found.first().location()).first()) }
}
#let bp-item-start(confidential, new-page) = {
  if new-page { pagebreak(weak: true) }
  [#metadata((confidential: confidential)) <bp-item-start>]
}
#let bp-front-sheet(body) = body
"""


def test_a_packs_own_preamble_of_the_old_kind_still_lays_out(make_pack) -> None:
    root = make_pack(PACK, files={**FILES, "templates/render/pack.typ": OLD_PREAMBLE})
    assert build(root, formats=["pdf"]).ok
    workspace = Cache.for_pack(root).root
    main = (workspace / "members.typ").read_text(encoding="utf-8")
    assert main.startswith("#let bp-inputs = (") and "OWNHEADER" in main
    assert not PART.search(main)
    pages = pdf_pages(root / "build" / "public.pdf")
    assert all("OWNHEADER public" in page for page in pages)
    assert "OWNHEADER members" in pdf_text(root / "build" / "members.pdf")


def test_a_bracket_a_raw_block_opens_is_closed_in_the_same_file() -> None:
    opened, closed = ast.raw_block("typst", "#bp-front-sheet["), ast.raw_block("typst", "]")
    heading = ast.header(1, "Committee", "front")
    lines = ast.raw_block("typst", "#block(width: 100%)[#set text(fill: luma(35%))")
    page = ast.raw_block("typst", '#bp-pdf-page("media/a.pdf", 1, "a [bracket\\" in alt")')
    pieces = [[opened, ast.para("Council")], [heading, closed], [ast.header(1, "Agenda", "a")],
              [ast.raw_block("typst", "#block(inset: 4pt)["), ast.para("box"), closed],
              [ast.header(1, "Report", "r"), lines], [ast.header(1, "Inside", "i"), closed],
              [ast.header(1, "Appendix", "x"), page], [ast.header(1, "Last", "l")]]
    runs = closed_runs(pieces, ["open", "heading close", "agenda", "box", "lines",
                                "inside close", "page", "last"])
    assert runs == [["open", "heading close"], ["agenda"], ["box"], ["lines", "inside close"],
                    ["page"], ["last"]]


def test_editions_writing_the_same_parts_at_once_do_not_trip_over_each_other(
        tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from boardpack.render.pdf import TypstSource

    for round_ in range(20):
        parts = {f"bp-part-{round_:02d}{index:030x}.typ": f"part {index}\n" * 2000
                 for index in range(8)}
        sources = [TypstSource(f"main {n}\n", parts) for n in range(6)]
        with ThreadPoolExecutor(max_workers=6) as pool:
            list(pool.map(lambda pair: pair[1].write(tmp_path / f"e{pair[0]}.typ"),
                          enumerate(sources)))
        assert all((tmp_path / name).read_text() == text for name, text in parts.items())
    assert not list(tmp_path.glob(".*.tmp"))


def test_editions_laid_out_by_one_compiler_read_as_each_laid_out_alone(tmp_path: Path
                                                                       ) -> None:
    """The demo pack (Word reports, a KPI workbook, a PDF appendix, a Part B item): both
    editions laid out one after the other by one child, the public reusing the members'
    layouts, give the pages, text and bookmarks of each edition laid out alone."""
    root = built_demo(tmp_path, ["pdf"])
    for edition in ("members", "public"):
        alone = build(root, editions=[edition], formats=["pdf"], out=tmp_path / edition)
        assert alone.ok and alone.stats.compiled == [edition]
        together, apart = root / "build" / f"{edition}.pdf", tmp_path / edition / f"{edition}.pdf"
        assert pdf_pages(together) == pdf_pages(apart)
        assert pdf_outline(together) == pdf_outline(apart)
    members = pdf_pages(root / "build" / "members.pdf")
    public = pdf_pages(root / "build" / "public.pdf")
    assert any("Confidential – not for publication" in page for page in members)
    assert not any("Confidential" in page for page in public)


def test_a_part_that_comes_twice_is_included_twice(tmp_path: Path) -> None:
    from boardpack.render.pdf import typst_source

    same = [ast.header(1, "Apologies", ""), ast.para("None were received.")]
    document = ast.document([ast.para("Front"), *same, *same], meta={})
    source = typst_source(document, store=Cache(tmp_path))
    includes = PART.findall(source.main)
    assert len(includes) == 3 and includes[1] == includes[2]
    assert set(includes) | {next(iter(source.parts))} == set(source.parts)
