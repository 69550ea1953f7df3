"""Excel workbooks (.xlsx, .xlsm): one sheet's table as Excel shows it, KPIs with RAG.

Options in the file's ``pack.toml`` entry::

    files = [{path = "reports/kpis.xlsx", sheet = "KPIs", range = "A3:J20",
              kpi = {direction = "lower"}}]

``sheet`` (default: the first visible worksheet; a list such as ``["KPIs",
"Finance"]`` shows each in turn), ``range`` (default: every visible cell with
content; with one sheet only) and ``kpi`` (see ``kpi``). How it reads:

1. ``package`` checks the zip and every XML part (no DTDs: XML bombs), and
   lists the sheets; Strict Open XML is refused with what to do.
2. ``scan`` streams the sheet's XML once for hidden rows and columns,
   merges, the table's extent and formulas with no saved result, and stops at
   the ``[limits]`` (``max_sheet_rows``, ``max_sheet_cells``).
3. ``grid`` reads the values with openpyxl in read-only mode (cached formula
   results, ``data_only``), for the table's rectangle only, and formats them.

openpyxl's full mode would report hidden rows and merges itself, but it builds
every cell of every sheet in memory, hidden sheets included; read-only mode plus
the scan keeps memory bounded by the one table shown. Hidden sheets, rows and
columns never reach the pack, and ``check`` warns about each, as it does about
formula errors, formulas with no saved result and values a format hides. What a
reader of the workbook would see but the pack does not show (another visible sheet, a
chart sheet, a chart, a picture, a cell comment) is warned about too, by name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from boardpack.cache import paused_gc
from boardpack.pandoc import ast
from boardpack.problems import BoardpackError, Level
from boardpack.sources import ENDINGS, Context, Converted
from boardpack.sources.xlsx import charts, kpi
from boardpack.sources.xlsx.extras import sheet_extras
from boardpack.sources.xlsx.grid import Grid, read_grid
from boardpack.sources.xlsx.package import Package, Sheet, WorkbookError, open_package
from boardpack.sources.xlsx.ratings import agrees
from boardpack.sources.xlsx.scan import Area, Scan, TooLarge, scan_sheet
from boardpack.sources.xlsx.table import (
    Status,
    chart_inlines,
    needs_landscape,
    placed,
    rag_inlines,
    table,
    too_wide,
)

KIND = "xlsx"
EXTENSIONS = ENDINGS[KIND]
# 6: cells take their column's alignment; 5: the latest figures' colours as the ratings
# of a sheet without a column
VERSION = 6
OPTIONS = ("sheet", "range", "kpi")
MAX_LISTED = 8
CHART_HINT = ("boardpack draws its own trend chart for each indicator; add the workbook's "
              "chart to the report as a picture if members need it")
HIDDEN_HINT = ("hidden data is still in the file: delete it from the workbook if it must not "
               "be published")


@dataclass(frozen=True)
class Options:
    """A workbook entry's settings from pack.toml."""

    sheets: tuple[str, ...] = ()  # none: the first visible worksheet
    area: Area | None = None
    kpi: kpi.KpiOption | bool = True


def read_options(ctx: Context) -> Options:
    for key in sorted(set(ctx.options) - set(OPTIONS)):
        ctx.warn(f"unknown setting '{key}' for a workbook was ignored",
                 f"workbooks take: {', '.join(OPTIONS)}")
    sheet = ctx.options.get("sheet")
    names = [sheet] if isinstance(sheet, str) else sheet if isinstance(sheet, list) else None
    if sheet is not None and (not names or not all(isinstance(n, str) and n.strip()
                                                    for n in names)):
        raise ctx.error("sheet should be the name of a sheet, in quotes, or a list of names",
                        'e.g. sheet = "KPIs" or sheet = ["KPIs", "Finance"] in the file\'s '
                        "entry in pack.toml")
    raw_range = ctx.options.get("range")
    area = None
    if raw_range is not None:
        area = Area.parse(raw_range) if isinstance(raw_range, str) else None
        if area is None:
            raise ctx.error(f"range {raw_range!r} is not a cell range",
                            'write it as Excel does, e.g. range = "A1:F20"')
    try:
        kpi_option = kpi.parse_option(ctx.options.get("kpi", True))
    except kpi.KpiOptionError as exc:
        raise ctx.error(str(exc), "see docs/kpi-workbooks.md") from None
    sheets = tuple(dict.fromkeys(n.strip() for n in names or []))
    if area is not None and len(sheets) > 1:
        raise ctx.error("range can be set for one sheet only",
                        "give the file once per sheet, each with its own sheet and range")
    return Options(sheets=sheets, area=area, kpi=kpi_option)


def convert(data: bytes, ctx: Context) -> Converted:
    with paused_gc():  # many objects and no cycles: the collector would only slow it down
        return _convert(data, ctx)


def _convert(data: bytes, ctx: Context) -> Converted:
    options = read_options(ctx)
    try:
        package = open_package(data, max_unzipped=ctx.limits.max_unzipped_bytes)
        sheets = [choose_sheet(package, name, ctx) for name in options.sheets or (None,)]
        warn_hidden_sheets(package, ctx)
        warn_sheets_not_shown(package, sheets, ctx)
        blocks = [block for sheet in sheets
                  for block in sheet_blocks(data, package, sheet, options, ctx)]
    except WorkbookError as exc:
        raise ctx.error(str(exc)) from None
    names = [sheet.name for sheet in sheets]
    return ctx.result(blocks, sheet=names[0], **({"sheets": names} if len(names) > 1 else {}))


def sheet_blocks(data: bytes, package: Package, sheet: Sheet, options: Options,
                 ctx: Context) -> list[dict]:
    """One sheet's titles, table, key, notes and charts; raises WorkbookError."""
    try:
        with package.open_part(sheet.part) as handle:
            scan = scan_sheet(handle, area=options.area, max_rows=ctx.limits.max_sheet_rows,
                              max_cells=ctx.limits.max_sheet_cells, sheet=sheet.name)
        warn_hidden_cells(scan, sheet, ctx)
        warn_extras(package, sheet, ctx)
        if scan.extent is None:
            ctx.warn(f"sheet '{sheet.name}' has no visible cells with content" +
                     (f" in {options.area}" if options.area else ""),
                     "check the sheet and range in pack.toml")
            return [ast.para([ast.emph(f"Sheet {sheet.name} is empty.")])]
        check_size(scan, sheet, ctx)
        grid = read_grid(data, sheet.name, scan, scan.extent)
    except TooLarge as exc:
        raise too_large(exc, sheet.name, ctx) from None
    warn_cells(grid, scan, sheet, ctx)
    heading = [ast.para([ast.strong(title)]) for title in grid.titles]
    shown = f"Sheet: {sheet.name}" + (f", cells {options.area}" if options.area else "")
    heading.append(ast.para([ast.emph(shown)]))
    blocks, chart_blocks, wide = kpi_blocks(grid, sheet, options, ctx)
    if too_wide(blocks[0]):
        ctx.warn(f"the table on sheet '{sheet.name}' has too many columns to fit a landscape "
                 "page, so some cells may run into their neighbours in the PDF",
                 'set range = "A1:M40" (the columns members need) on this file in pack.toml')
    return [*placed([*heading, *blocks], wide), *chart_blocks]


def choose_sheet(package: Package, wanted: str | None, ctx: Context) -> Sheet:
    """The sheet asked for, or the first visible worksheet; hidden ones are refused."""
    names = ", ".join(f"'{s.name}'" for s in package.visible_worksheets) or "none"
    sheet: Sheet | None
    if wanted is None:
        if not package.visible_worksheets:
            raise ctx.error("the workbook has no visible worksheet to show",
                            "unhide the sheet members should see, or ask for the workbook "
                            "again")
        sheet = package.visible_worksheets[0]
    else:
        found = next((s for s in package.sheets if s.name == wanted), None) or next(
            (s for s in package.sheets if s.name.casefold() == wanted.casefold()), None)
        if found is None:
            raise ctx.error(f"the workbook has no sheet named '{wanted}'",
                            f"visible sheets: {names}")
        sheet = found
        if sheet.hidden:
            raise ctx.error(f"sheet '{sheet.name}' is hidden, and boardpack never publishes "
                            "hidden sheets", "unhide it in Excel if members should see it, "
                            f"or choose a visible sheet ({names})")
    if sheet.kind != "worksheet":
        raise ctx.error(f"sheet '{sheet.name}' is a {sheet.kind or 'sheet of unknown kind'}, "
                        "not a table of cells", f"choose a worksheet ({names})")
    if not sheet.part:
        raise ctx.error(f"sheet '{sheet.name}' is missing from the file (damaged)",
                        "open the workbook in Excel and save it again")
    return sheet


def warn_hidden_sheets(package: Package, ctx: Context) -> None:
    for sheet in package.sheets:
        if sheet.hidden:
            how = "very hidden (only a macro can show it)" if sheet.state == "veryHidden" \
                else "hidden"
            ctx.warn(f"sheet '{sheet.name}' is {how} and was left out of the pack", HIDDEN_HINT)


def warn_sheets_not_shown(package: Package, shown: list[Sheet], ctx: Context) -> None:
    """Visible sheets the pack leaves out: other worksheets, chart sheets."""
    names = {sheet.name for sheet in shown}
    others = [s.name for s in package.visible_worksheets if s.name not in names]
    if others:
        listed = _listed([f"'{n}'" for n in others])
        ctx.warn(f"the workbook's other visible {_plural('sheet', others)} {listed} "
                 f"{'is' if len(others) == 1 else 'are'} not shown in the pack",
                 "name every sheet members should see in the file's entry, e.g. sheet = "
                 + json.dumps([*sorted(names), *others][:3], ensure_ascii=False))
    charts_ = [s.name for s in package.sheets if not s.hidden and s.kind == "chartsheet"]
    if charts_:
        listed = _listed([f"'{n}'" for n in charts_])
        ctx.warn(f"the workbook's chart {_plural('sheet', charts_)} {listed} "
                 f"{'is' if len(charts_) == 1 else 'are'} not shown in the pack", CHART_HINT)


def warn_extras(package: Package, sheet: Sheet, ctx: Context) -> None:
    """Comments, charts and pictures on the sheet, which the pack does not show."""
    extras = sheet_extras(package, sheet)
    if extras.comments:
        ctx.warn(f"sheet '{sheet.name}' has {_counted('cell comment', extras.comments)} "
                 f"({_listed(extras.comments)}) that the pack does not show",
                 "put what members need into the cells or the report; comments stay in the "
                 "file, so delete them if the file itself is published")
    if extras.charts:
        titles = [f"'{t}'" if t else "untitled" for t in extras.charts]
        ctx.warn(f"sheet '{sheet.name}' has {_counted('chart', extras.charts)} "
                 f"({_listed(titles)}) that the pack does not show", CHART_HINT)
    if extras.pictures:
        ctx.warn(f"sheet '{sheet.name}' has {_counted('picture', [0] * extras.pictures)} "
                 "that the pack does not show",
                 "add the picture to the report (Markdown or Word) if members need it")


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else "")


def _counted(word: str, items: list) -> str:
    """'a chart', '3 charts'."""
    return f"a {word}" if len(items) == 1 else f"{len(items)} {word}s"


def _plural(word: str, items: list) -> str:
    return word if len(items) == 1 else word + "s"


def warn_hidden_cells(scan: Scan, sheet: Sheet, ctx: Context) -> None:
    if scan.hidden_row_values:
        rows = sorted({int("".join(ch for ch in ref if ch.isdigit()))
                       for ref in scan.hidden_row_values})
        ctx.warn(f"sheet '{sheet.name}' has hidden rows with data ({_plural('row', rows)} "
                 f"{_listed([str(r) for r in rows])}) that were left out of the pack",
                 HIDDEN_HINT)
    if scan.hidden_col_values:
        letters = sorted({"".join(ch for ch in ref if ch.isalpha())
                          for ref in scan.hidden_col_values}, key=lambda s: (len(s), s))
        ctx.warn(f"sheet '{sheet.name}' has hidden columns with data "
                 f"({_plural('column', letters)} {_listed(letters)}) that were left out of the "
                 "pack", HIDDEN_HINT)


def check_size(scan: Scan, sheet: Sheet, ctx: Context) -> None:
    """Refuse a table over the cell limit before any cell is read."""
    assert scan.extent is not None
    cells = len(scan.visible_rows(scan.extent)) * len(scan.visible_cols(scan.extent))
    if cells > ctx.limits.max_sheet_cells:
        raise TooLarge("cells", cells)


def too_large(exc: TooLarge, sheet: str, ctx: Context) -> BoardpackError:
    limit = ctx.limits.max_sheet_rows if exc.what == "rows" else ctx.limits.max_sheet_cells
    return ctx.error(f"the table on sheet '{sheet}' has more than {limit:,} {exc.what}, "
                     "too many for a board pack",
                     f'set range = "A1:H40" (the part members need) on this file in pack.toml, '
                     f"or raise max_sheet_{exc.what} under [limits]")


def warn_cells(grid: Grid, scan: Scan, sheet: Sheet, ctx: Context) -> None:
    errors = [f"{c.ref} ({c.text})" for row in grid.rows for c in row if c.error]
    if errors:
        ctx.warn(f"sheet '{sheet.name}' shows formula errors: {_listed(errors)}",
                 "correct the formulas in Excel and save the workbook again")
    if scan.uncalculated:
        ctx.warn(f"sheet '{sheet.name}' has formulas with no saved result, shown blank: "
                 f"{_listed(scan.uncalculated)}",
                 "open the workbook in Excel (which calculates them) and save it again")
    if grid.hidden_by_format:
        ctx.warn(f"sheet '{sheet.name}' has values hidden by their number format (such as "
                 f"';;;'), left out of the pack: {_listed(grid.hidden_by_format)}", HIDDEN_HINT)
    if grid.unevaluated:
        ctx.warn(f"sheet '{sheet.name}' has conditional formatting boardpack cannot evaluate, "
                 f"so the colours it paints are not shown: {_listed(grid.unevaluated)}",
                 "give the rating as a word (Red, Amber, Green) in its own column, or use "
                 "rules that compare the cell with a number or a cell of the same sheet")
    if scan.extension_formats:
        ctx.warn(f"sheet '{sheet.name}' has {scan.extension_formats} conditional formatting "
                 "rule(s) of Excel 2010 or later (such as custom icon sets) that boardpack does "
                 "not evaluate, so the colours or icons they show are not in the pack",
                 "give the rating as a word (Red, Amber, Green) in its own column")
    if grid.unknown_symbols:
        ctx.warn(f"sheet '{sheet.name}' has symbol-font characters boardpack cannot name, "
                 f"shown as the letters they are typed as: {_listed(grid.unknown_symbols)}",
                 "use a plain character (↑ ↓ → ✓ ✗) instead of a Wingdings or Symbol letter")


def kpi_blocks(grid: Grid, sheet: Sheet, options: Options, ctx: Context
               ) -> tuple[list[dict], list[dict], bool]:
    """The table (with the ratings and a key when it is a KPI table) and its notes; the
    trend charts; and whether the table needs a landscape page."""
    try:
        layout = kpi.find_layout(grid, options.kpi)
    except kpi.KpiOptionError as exc:
        raise ctx.error(str(exc), "see docs/kpi-workbooks.md") from None
    notes = [ast.para(note) for note in grid.notes]
    if layout is None:
        plain = table(grid)
        return [plain, *notes], [], needs_landscape(plain)
    kpis = kpi.read_kpis(grid, layout, ctx.warn)
    blocks: list[dict] = []
    if layout.rag is not None:
        ratings = {(item.row, layout.rag): (item.rating.word, item.rating.family)
                   for item in kpis if item.rating}
        blocks.append(table(grid, ratings=ratings))
        if ratings:
            blocks.append(ast.para(sheet_key(kpis, grid.headings()[layout.rag])))
        warn_disagreements(kpis, sheet, ctx)
    elif any(item.rating for item in kpis):  # the latest figures' colours rate them
        statuses: list[Status] = [None] * len(grid.body)
        for item in kpis:
            statuses[item.row] = (item.rating.word, item.rating.family) if item.rating \
                else None
        blocks.append(table(grid, statuses))
        blocks.append(ast.para(sheet_key(kpis, "", figures=True)))
        ctx.warn(f"sheet '{sheet.name}' has no rating column: the colours of its latest "
                 "figures are taken as the council's ratings (the RAG status column)",
                 level=Level.INFO)
        warn_disagreements(kpis, sheet, ctx)
    else:
        statuses = [None] * len(grid.body)
        for item in kpis:
            statuses[item.row] = item.status
        shown = statuses if any(statuses) else None
        blocks.append(table(grid, shown))
        if shown:
            blocks.append(ast.para(rag_key(layout)))
    wide = needs_landscape(blocks[0])
    blocks += notes
    inlines: list[dict] = []
    for item in kpis:
        if sum(v is not None for v in item.values) < 2:
            continue
        series = item.series()
        svg = charts.line_chart(series)
        if inlines:
            inlines.append({"t": "Space"})
        inlines += chart_inlines(svg, ctx.add_media(svg, "svg"), charts.describe(series))
    chart_blocks = [ast.div([ast.para(inlines)], classes=["kpi-charts"])] if inlines else []
    return blocks, chart_blocks, wide


def sheet_key(kpis: list[kpi.Kpi], heading: str, *, figures: bool = False) -> list[dict]:
    """The ratings the sheet uses, each on its colour, as the council wrote them (in
    the column ``heading``, or as the colours of the latest ``figures``)."""
    seen: dict[str, str | None] = {}
    for item in kpis:
        if item.rating and item.rating.word not in seen:
            seen[item.rating.word] = item.rating.family
    where = "the colours of the latest figures" if figures else f"column '{heading}'"
    out: list[dict] = ast.inlines(f"Ratings as set in the workbook ({where}): ")
    for number, (word, family) in enumerate(seen.items()):
        if number:
            out += ast.inlines(", ")
        out += rag_inlines(word, family)
    return [*out, {"t": "Str", "c": "."}]


def warn_disagreements(kpis: list[kpi.Kpi], sheet: Sheet, ctx: Context) -> None:
    """Rows where boardpack's own rule rates the latest figure otherwise than the sheet."""
    found = []
    for item in kpis:
        if item.rating is None or item.status is None or agrees(item.status, item.rating) \
                is not False:
            continue
        label = item.ref or item.name[:40]
        found.append(f"{label}: the sheet says {item.rating.word}, boardpack's rule gives "
                     f"{item.status} ({item.unit.format(item.latest or 0)} against "
                     f"{_against(item)})")
    if found:
        ctx.warn(f"sheet '{sheet.name}': the council's rating and boardpack's differ for "
                 f"{len(found)} {_plural('indicator', found)}: {'; '.join(found[:MAX_LISTED])}"
                 + (f"; and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""),
                 "the pack shows the sheet's rating; check it with the report's author")


def _against(item: kpi.Kpi) -> str:
    if item.green is not None or item.red is not None:
        return "the sheet's thresholds"
    assert item.target is not None
    better = f", {item.direction} is better" if item.direction in ("higher", "lower") else ""
    return f"target {item.unit.format(item.target)}{better}, tolerance " \
           f"{item.tolerance * 100:g}%"


def rag_key(layout: kpi.Layout) -> str:
    if layout.thresholds:
        return ("RAG status, from the latest period against the workbook's thresholds: Green – "
                "in the Green band; Red – in the Red band; Amber – between them.")
    share = f"{layout.default_tolerance * 100:g}%"
    return (f"RAG status, from the latest period: Green – target met; Amber – missed by no "
            f"more than {share} of the target; Red – missed by more than {share}.")
