"""Plain tables are written as Typst by boardpack (``render.plain_tables``), not by
Pandoc's writer: they must lay out as Pandoc's Typst does, show every character of a
cell as it is, and leave any other table to Pandoc."""

from __future__ import annotations

import copy
import io
import random
import re

import pypdf
import pytest
import typst
from helpers import CORPUS
from helpers.pdf import typst_pdf
from helpers.xlsx import convert, workbook

from boardpack.pandoc import ast
from boardpack.render import fragments, html, html_fixes, pdf, plain_tables, typst_fixes
from boardpack.sources import Context, xlsx

# What officers type that means something to Typst's markup; a cell shows it as typed.
TRICKY = ["#strong[x]", "a]b[c", "*not bold*", "$x$", "@ref", "<label>", "back\\slash",
          'say "hi"', "it's", "en--dash", "http://example.org", "~tilde",
          "semi;colon", "(paren)", "under_score", "`code`"]
# At the start of a cell Pandoc 3.9's Typst would make these a heading, a bullet and a
# numbered list; boardpack's shows them as typed.
LINE_START = ["= no heading", "- no bullet", "+ no number", "1. no list"]
RAG = '#box(fill: rgb("#d4351c"), inset: 2pt)[#text(fill: white)['


def _str(text: str) -> list[dict]:
    return ast.inlines(text)


def _cell(inlines: list[dict], align: str = "AlignDefault", rowspan: int = 1,
          colspan: int = 1) -> list:
    return [["", [], []], {"t": align}, rowspan, colspan, [ast.plain(inlines)]]


def _table(rows: list[list[list]], head: list[list[list]], *, pairs: list | None = None,
           widths: list[float] | None = None, caption: list | None = None) -> dict:
    count = 3
    specs = [[{"t": a}, {"t": "ColWidth", "c": w} if widths else {"t": "ColWidthDefault"}]
             for a, w in zip(["AlignLeft", "AlignRight", "AlignCenter"], widths or [0] * 3,
                             strict=True)][:count]
    return {"t": "Table", "c": [["", ["some-class"], pairs or []], [None, caption or []],
                                specs, [["", [], []], [[["", [], []], r] for r in head]],
                                [[["", [], []], 0, [], [[["", [], []], r] for r in rows]]],
                                [["", [], []], []]]}


def _sample(texts: list[str] = TRICKY, **kwargs: object) -> dict:
    head = [[_cell([ast.strong(_str("Indicator"))]),
             _cell([ast.strong(_str("Two columns"))], "AlignCenter", colspan=2)]]
    rows = [[_cell(_str(text)), _cell(_str(f"{n}.5")), _cell(_str("x"))]
            for n, text in enumerate(texts)]
    rows.append([_cell([*_str("first line"), {"t": "LineBreak"}, *_str("second line")]),
                 _cell([ast.emph(_str("leaning")), {"t": "Space"}, *_str("words")]),
                 _cell([ast.span([ast.raw_inline("typst", RAG), *_str("Red"),
                                  ast.raw_inline("typst", "]]")], classes=["rag"])])])
    rows.append([_cell(_str("spans two rows"), rowspan=2), _cell(_str("1")),
                 _cell(_str("right"), "AlignRight")])
    rows.append([_cell(_str("2")), _cell([])])
    return _table(rows, head, **kwargs)  # type: ignore[arg-type]


def _pages(source: str) -> list[str]:
    data = typst_pdf('#set page(width: 24cm, height: auto)\n' + source)
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def _pictures(source: str) -> list[bytes]:
    """The pages Typst draws of ``source`` (as PNG): two sources lay out the same when
    these are equal."""
    drawn = typst.compile(f"#set page(width: 24cm, height: auto)\n{source}".encode(),
                          format="png", ppi=60)
    return drawn if isinstance(drawn, list) else [drawn]


def _pandoc_typst(blocks: list[dict]) -> str:
    return fragments.write_json([fragments.payload(blocks)], "typst", pdf.WRITER_OPTIONS)


SETTINGS = [["typst:text:size", "7pt"], ["typst:inset", "3pt"]]


def test_a_plain_table_lays_out_as_pandocs_typst_and_shows_every_character() -> None:
    table = _sample(pairs=SETTINGS, widths=[0.5, 0.25, 0.25])
    ours = plain_tables.typst(copy.deepcopy(table))
    assert ours is not None and ours["t"] == "RawBlock"
    theirs = _pandoc_typst([table])
    assert "table.cell(align:" in theirs or "[#strong" in theirs  # Pandoc wrote it
    assert "#set text(size: 7pt);" in ours["c"][1] and "inset: 3pt," in ours["c"][1]
    assert "columns: (50%, 25%, 25%)," in ours["c"][1]
    mine, pandocs = _pages(ours["c"][1]), _pages(theirs)
    assert mine == pandocs
    assert _pictures(ours["c"][1]) == _pictures(theirs)  # drawn the same, to the pixel
    assert ", none," in ours["c"][1] and '"spans two rows"' in ours["c"][1]  # the lean forms
    shown = mine[0]
    for text in TRICKY:  # typed in: what the officer wrote, character for character
        assert text in shown, text
    assert "first line\nsecond line" in shown and "leaning words" in shown
    assert "Red" in shown and "spans two rows" in shown


def test_content_written_alike_in_several_cells_is_made_once() -> None:
    """A rating's box in many cells is bound once to a name the cells use (Typst then
    lays it out once); content in one cell only stays in it; the table draws as
    Pandoc's Typst does, to the pixel."""
    def rating(word: str, box: str = RAG) -> list:
        return _cell([ast.span([ast.raw_inline("typst", box), *_str(word),
                                ast.raw_inline("typst", "]]")], classes=["rag"])])

    green = RAG.replace("#d4351c", "#00703c")
    head = [[_cell([ast.strong(_str("Indicator"))]), _cell([ast.strong(_str("Latest"))]),
             _cell([ast.strong(_str("Status"))])]]
    rows = [[_cell(_str(f"Indicator {n}")), _cell(_str(f"{n}.5")),
             rating("Green", green) if n % 3 == 0 else rating("Red")] for n in range(7)]
    rows.append([_cell([ast.emph(_str("once"))]), _cell([]), rating("Amber")])
    table = _table(rows, head)
    ours = plain_tables.typst(copy.deepcopy(table))
    assert ours is not None
    text = ours["c"][1]
    assert text.count("#let bp-cell-") == 2  # Red (four cells) and Green (three)
    assert text.count('[#"Red";]') == 1 and text.count('[#"Green";]') == 1
    red = re.search(r'#let (bp-cell-\d+) = \[[^;]*"Red"', text)
    assert red is not None and text.count(f", {red[1]},") == 4
    assert text.count('[#"Amber";]') == 1 and "#emph[" in text  # once each: in their cell
    assert _pictures(text) == _pictures(_pandoc_typst([table]))
    assert "Red" in _pages(text)[0] and "Indicator 6" in _pages(text)[0]


def test_a_cell_that_starts_like_markup_shows_as_typed() -> None:
    ours = plain_tables.typst(_sample(LINE_START))
    assert ours is not None
    shown = _pages(ours["c"][1])[0]
    for text in LINE_START:
        assert f"\n{text} " in shown, text


def test_default_widths_are_a_count_of_columns() -> None:
    ours = plain_tables.typst(_sample())
    assert ours is not None and "columns: 3," in ours["c"][1]
    assert "align: (left,right,center,)," in ours["c"][1]


@pytest.mark.parametrize("change", ["caption", "label", "list in a cell", "link",
                                    "cell attributes", "unsafe setting", "other setting",
                                    "head rows in a body", "foot", "row too short",
                                    "span too tall"])
def test_any_other_table_is_left_for_pandoc(change: str) -> None:
    table = _sample()
    c = table["c"]
    if change == "caption":
        c[1] = [None, [ast.plain(_str("A caption"))]]
    elif change == "label":
        c[0][0] = "table-1"
    elif change == "list in a cell":
        c[4][0][3][0][1][0][4] = [{"t": "BulletList", "c": [[ast.plain(_str("a"))]]}]
    elif change == "link":
        c[4][0][3][0][1][0][4] = [ast.plain([{"t": "Link", "c": [["", [], []], _str("a"),
                                                                 ["https://x.org", ""]]}])]
    elif change == "cell attributes":
        c[4][0][3][0][1][0][0] = ["", [], [["typst:fill", "red"]]]
    elif change == "unsafe setting":
        c[0][2] = [["typst:inset", '3pt); #panic("x"']]
    elif change == "other setting":
        c[0][2] = [["typst:fill", "blue"]]
    elif change == "head rows in a body":
        c[4][0][2] = [[["", [], []], [_cell(_str("a")), _cell([]), _cell([])]]]
    elif change == "row too short":
        c[4][0][3][0][1].pop()
    elif change == "span too tall":
        c[4][0][3][-1][1][0][2] = 2
    elif change == "foot":
        c[5][1] = [[["", [], []], [_cell(_str("total")), _cell([]), _cell([])]]]
    assert plain_tables.typst(table) is None
    assert plain_tables.html_block(table) is None


def test_raw_typst_holding_nul_leaves_the_table_for_pandoc() -> None:
    """NUL marks the shared cells while a table is written; only raw Typst could hold
    one (strings escape it), and then Pandoc writes the table."""
    table = _sample()
    table["c"][4][0][3][0][1][0][4] = [ast.plain([ast.raw_inline("typst", "#text[a\0b]")])]
    assert plain_tables.typst(table) is None
    assert plain_tables.typst(_sample(["a\0b"])) is not None  # a string escapes it


def test_blocks_are_copied_not_changed_and_tables_in_divisions_are_written() -> None:
    table = _sample()
    division = {"t": "Div", "c": [["", ["landscape"], []], [table]]}
    blocks = [ast.para(_str("Before")), division]
    before = copy.deepcopy(blocks)
    out = plain_tables.in_blocks(blocks)
    assert blocks == before  # the HTML writer reads these very blocks
    assert out is not None and out[0] is blocks[0]
    assert out[1]["t"] == "Div" and out[1]["c"][1][0]["t"] == "RawBlock"
    assert plain_tables.in_blocks([ast.para(_str("no table"))]) is None


def test_a_change_to_the_table_writer_is_a_new_fragment_key() -> None:
    assert "boardpack.render.plain_tables" in fragments._drawn_on(typst_fixes)


WORKBOOKS = sorted(p.name for p in (CORPUS / "kpi").glob("*.xlsx")) if (
    CORPUS / "kpi").is_dir() else []


@pytest.mark.parametrize("name", WORKBOOKS)
def test_a_councils_scorecard_lays_out_as_pandocs_typst(name: str) -> None:
    """Real scorecards by others (../shared/corpus/kpi): their tables are plain, and
    boardpack's Typst gives the same pages as Pandoc's; numbers stay right-aligned."""
    path = CORPUS / "kpi" / name
    ctx = Context(pack_root=path.parent, pack="corpus", item="kpis", file=name)
    blocks = xlsx.convert(path.read_bytes(), ctx).blocks
    tables = [b for b in blocks if b["t"] == "Table"]
    assert tables
    for table in tables:
        ours = plain_tables.typst(table)
        assert ours is not None
        aligns = re.search(r"align: \(([a-z,]*)\)", ours["c"][1])
        assert aligns is not None and "right" in aligns[1]
        assert _pages(ours["c"][1]) == _pages(_pandoc_typst([table]))


def test_a_workbooks_numbers_stay_right_aligned_in_html() -> None:
    """Cells take their column's alignment: the HTML writer still right-aligns them."""
    def fill(book: object) -> None:
        sheet = book.active  # type: ignore[attr-defined]
        sheet.append(["Indicator", "Target", "Latest"])
        sheet.append(["Visits on time", 90, 87.5])

    result = convert(workbook(fill))
    table = next(b for b in result.blocks if b["t"] == "Table")
    html = fragments.write_json([fragments.payload([table])], "html5", [])
    assert re.search(r'<td style="text-align: right;">87\.5</td>', html), html


# --- HTML --------------------------------------------------------------------------

def _finished(blocks: list[dict]) -> str:
    """The sanitised HTML of ``blocks`` as one fragment, marked by ``html_fixes``."""
    marked = html_fixes.marked(fragments.Pieces.of(blocks))
    text = fragments.write_json(marked.payloads, "html5", html.WRITER_OPTIONS)
    return html.finish_fragment(text, "0" * 64)


def _both(blocks: list[dict], monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """The finished HTML written by boardpack, and by Pandoc (plain tables refused)."""
    ours = _finished(copy.deepcopy(blocks))
    with monkeypatch.context() as patched:
        patched.setattr(plain_tables, "html_block", lambda table: None)
        theirs = _finished(copy.deepcopy(blocks))
    return ours, theirs


def _label_value() -> dict:
    rows = [[_cell([ast.strong(_str(label))]), _cell(_str(value)), _cell(_str("."))]
            for label, value in (("Date", "1 May"), ("Venue", "Room <2>"))]
    return _table(rows, [])


def _wide() -> dict:
    table = _sample(widths=[0.3, 0.3, 0.3])
    specs = table["c"][2]
    table["c"][2] = specs + specs  # six columns
    for section in (table["c"][3][1], *(body[3] for body in table["c"][4])):
        for row in section:
            row[1] = [*row[1], *copy.deepcopy(row[1])]
    return table


@pytest.mark.parametrize("make", [
    lambda: _sample(pairs=SETTINGS, widths=[0.5, 0.25, 0.25]),
    lambda: _sample(LINE_START, widths=[0.29, 0.2537, 0.2463]),
    lambda: _sample(widths=[0.3, 0.3, 0.3]),  # narrower than the page: a width of its own
    lambda: _sample(widths=[0.5, 0.4999, 0.0001]),
    _sample, _label_value, _wide,
], ids=["settings", "line-start", "narrow", "rounding", "default-widths", "label-value",
        "wide"])
def test_a_plain_table_reads_in_html_as_pandoc_writes_it(
        make: object, monkeypatch: pytest.MonkeyPatch) -> None:
    table = make()  # type: ignore[operator]
    assert plain_tables.html_block(copy.deepcopy(table)) is not None
    blocks = [ast.para(_str("Before")), table, ast.para(_str("After"))]
    ours, theirs = _both(blocks, monkeypatch)
    assert ours == theirs


def test_html_marks_stay_on_a_copy_and_header_cells_are_scoped() -> None:
    blocks = [_label_value(), _sample()]
    before = copy.deepcopy(blocks)
    ours = _finished(blocks)
    assert blocks == before  # the PDF renderer reads these very blocks
    assert '<th style="text-align:left" scope="row"><strong>Date</strong></th>' in ours
    assert "<td style=\"text-align:right\">Room &lt;2&gt;</td>" in ours
    assert 'scope="colgroup"><strong>Two columns</strong></th>' in ours
    assert '<table class="some-class label-value">' in ours


def _random_table(rng: random.Random) -> dict:
    """A table of random shape and words: plain, or (a span too far, a row too short)
    not, which the writers must then leave to Pandoc."""
    count = rng.randint(1, 7)
    words = [*TRICKY, *LINE_START, "", "12.5", "Green", "a  b", "x\u00a0y"]

    def content() -> list[dict]:
        pick = rng.random()
        text = _str(rng.choice(words))
        if pick < 0.15:
            return [ast.strong(text)]
        if pick < 0.25:
            return [ast.emph(text), {"t": "LineBreak"}, *_str("more")]
        if pick < 0.35:
            return [ast.span(text, classes=["rag", "rag-red"])]
        return text

    def rows(number: int) -> list[list]:
        out, below = [], [0] * count
        for index in range(number):
            cells, column = [], 0
            while column < count:
                if below[column]:
                    column += 1
                    continue
                wide = min(rng.choice([1, 1, 1, 2]), count - column)
                if any(below[column:column + wide]):
                    wide = 1
                tall = rng.choice([1, 1, 1, 2]) if index < number - 1 else 1
                align = rng.choice(["AlignDefault"] * 3 + ["AlignRight", "AlignCenter"])
                cells.append(_cell(content(), align, tall, wide))
                below[column:column + wide] = [tall] * wide
                column += wide
            below = [max(0, left - 1) for left in below]
            out.append(cells)
        if out and out[-1] and rng.random() < 0.1:
            out[-1].pop()  # a row too short
        return out

    aligns = [rng.choice(["AlignLeft", "AlignRight", "AlignCenter", "AlignDefault"])
              for _ in range(count)]
    weights = [rng.random() + 0.1 for _ in range(count)]
    share = rng.choice([1.0, 0.9, 0.995])
    widths = None if rng.random() < 0.3 else [w / sum(weights) * share for w in weights]
    specs = [[{"t": a}, {"t": "ColWidth", "c": w} if widths else {"t": "ColWidthDefault"}]
             for a, w in zip(aligns, widths or [0.0] * count, strict=True)]
    head = rows(rng.choice([0, 1, 2]))
    body = rows(rng.randint(1, 5))
    return {"t": "Table", "c": [["", rng.choice([[], ["workbook-table"]]), []],
                                [None, []], specs,
                                [["", [], []], [[["", [], []], r] for r in head]],
                                [[["", [], []], 0, [], [[["", [], []], r] for r in body]]],
                                [["", [], []], []]]}


def test_random_tables_read_and_lay_out_as_pandoc_writes_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(20)
    written = 0
    for _ in range(40):
        table = _random_table(rng)
        ours, theirs = _both([table], monkeypatch)
        assert ours == theirs, table
        lowered = plain_tables.typst(copy.deepcopy(table))
        if lowered is None:
            continue
        written += 1
        mine = _pages(lowered["c"][1])
        pandocs = _pages(_pandoc_typst([table]))
        if re.search(r"'c': '([=+-]|1\.)'", str(table)):
            continue  # Pandoc's Typst makes markup of LINE_START (see above)
        assert mine == pandocs, table
    assert written >= 20  # most are plain


def test_styles_nested_past_counting_are_left_for_pandoc() -> None:
    table = _sample()
    deep: list[dict] = _str("deep")
    for _ in range(5000):
        deep = [ast.strong(deep)]
    table["c"][4][0][3][0][1][0][4] = [ast.plain(deep)]
    assert plain_tables.typst(table) is None
    assert plain_tables.html_block(table) is None


def _linked(text: str) -> list[dict]:
    """Words, then a link: a cell Pandoc's writer must write (not plain)."""
    return [*_str(text), {"t": "Space"},
            {"t": "Link", "c": [["", [], []], _str("see"), ["https://example.org", ""]]}]


def test_a_cell_pandoc_writes_that_starts_like_markup_is_kept_as_typed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [[_cell(_linked(text)), _cell(_str("1")), _cell(_str("x"))]
            for text in [*LINE_START, "/ term: said"]]
    table = _table(rows, [[_cell(_str("A")), _cell(_str("B")), _cell(_str("C"))]])
    assert plain_tables.typst(copy.deepcopy(table)) is None  # the link: Pandoc's to write

    def pdf_of(blocks: list[dict]) -> pypdf.PdfReader:
        lowered = typst_fixes.lowered(fragments.Pieces.of(blocks))
        source = fragments.write_json(lowered.payloads, "typst", pdf.WRITER_OPTIONS)
        return pypdf.PdfReader(io.BytesIO(typst_pdf(
            "#set page(width: 24cm, height: auto)\n" + source)))

    fixed = pdf_of([copy.deepcopy(table)])
    shown = fixed.pages[0].extract_text()
    for text in ["= no heading see", "- no bullet see", "+ no number see", "/ term: said see"]:
        assert text in shown, (text, shown)
    assert "•" not in shown and not fixed.outline  # no bullet, no heading in the bookmarks
    with monkeypatch.context() as patched:  # as Pandoc alone writes it
        patched.setattr(typst_fixes, "_kept_as_typed", lambda node: None)
        unfixed = pdf_of([copy.deepcopy(table)])
    assert "•" in unfixed.pages[0].extract_text() and unfixed.outline


def test_a_footnote_that_starts_like_markup_is_kept_as_typed() -> None:
    note = {"t": "Note", "c": [ast.para(_str("1. Source: ONS, 2025"))]}
    blocks = [ast.para([*_str("Figures"), note])]
    lowered = typst_fixes.lowered(fragments.Pieces.of(copy.deepcopy(blocks)))
    source = fragments.write_json(lowered.payloads, "typst", pdf.WRITER_OPTIONS)
    assert "#footnote[\\1. Source" in source  # typed in from Pandoc's own: #footnote[1. So…
    assert "#footnote[1. Source" in _pandoc_typst(blocks)
