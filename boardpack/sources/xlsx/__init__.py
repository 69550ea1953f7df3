"""Excel workbooks (.xlsx, .xlsm): one sheet's table as Excel shows it, KPIs with RAG.

Options in the file's ``pack.toml`` entry::

    files = [{path = "reports/kpis.xlsx", sheet = "KPIs", range = "A3:J20",
              kpi = {direction = "lower"}}]

``sheet`` (default: the first visible worksheet), ``range`` (default: every
visible cell with content) and ``kpi`` (see ``boardpack.sources.xlsx.kpi``). How it reads:

1. ``xlsx_package`` checks the zip and every XML part (no DTDs: XML bombs), and
   lists the sheets; Strict Open XML is refused with what to do.
2. ``xlsx_scan`` streams the sheet's XML once for hidden rows and columns,
   merges, the table's extent and formulas with no saved result, and stops at
   the ``[limits]`` (``max_sheet_rows``, ``max_sheet_cells``).
3. ``xlsx_grid`` reads the values with openpyxl in read-only mode (cached formula
   results, ``data_only``), for the table's rectangle only, and formats them.

openpyxl's full mode would report hidden rows and merges itself, but it builds
every cell of every sheet in memory, hidden sheets included; read-only mode plus
the scan keeps memory bounded by the one table shown. Hidden sheets, rows and
columns never reach the pack, and ``check`` warns about each, as it does about
formula errors, formulas with no saved result and values a format hides.
"""

from __future__ import annotations

from dataclasses import dataclass

from boardpack.cache import paused_gc
from boardpack.pandoc import ast
from boardpack.problems import BoardpackError
from boardpack.sources import Context, Converted
from boardpack.sources.xlsx import charts, kpi
from boardpack.sources.xlsx.grid import Grid, read_grid
from boardpack.sources.xlsx.package import Package, Sheet, WorkbookError, open_package
from boardpack.sources.xlsx.scan import Area, Scan, TooLarge, scan_sheet
from boardpack.sources.xlsx.table import chart_inlines, table

KIND = "xlsx"
EXTENSIONS = (".xlsx", ".xlsm")
VERSION = 2
OPTIONS = ("sheet", "range", "kpi")
MAX_LISTED = 8
HIDDEN_HINT = ("hidden data is still in the file: delete it from the workbook if it must not "
               "be published")


@dataclass(frozen=True)
class Options:
    """A workbook entry's settings from pack.toml."""

    sheet: str | None = None
    area: Area | None = None
    kpi: kpi.KpiOption | bool = True


def read_options(ctx: Context) -> Options:
    for key in sorted(set(ctx.options) - set(OPTIONS)):
        ctx.warn(f"unknown setting '{key}' for a workbook was ignored",
                 f"workbooks take: {', '.join(OPTIONS)}")
    sheet = ctx.options.get("sheet")
    if sheet is not None and (not isinstance(sheet, str) or not sheet.strip()):
        raise ctx.error("sheet should be the name of a sheet, in quotes",
                        'e.g. sheet = "KPIs" in the file\'s entry in pack.toml')
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
    return Options(sheet=sheet.strip() if sheet else None, area=area, kpi=kpi_option)


def convert(data: bytes, ctx: Context) -> Converted:
    with paused_gc():  # many objects and no cycles: the collector would only slow it down
        return _convert(data, ctx)


def _convert(data: bytes, ctx: Context) -> Converted:
    options = read_options(ctx)
    try:
        package = open_package(data, max_unzipped=ctx.limits.max_unzipped_bytes)
        sheet = choose_sheet(package, options.sheet, ctx)
        warn_hidden_sheets(package, ctx)
        with package.open_part(sheet.part) as handle:
            scan = scan_sheet(handle, area=options.area, max_rows=ctx.limits.max_sheet_rows,
                              max_cells=ctx.limits.max_sheet_cells, sheet=sheet.name)
        warn_hidden_cells(scan, sheet, ctx)
        if scan.extent is None:
            ctx.warn(f"sheet '{sheet.name}' has no visible cells with content" +
                     (f" in {options.area}" if options.area else ""),
                     "check the sheet and range in pack.toml")
            return ctx.result([ast.para([ast.emph(f"Sheet {sheet.name} is empty.")])],
                              sheet=sheet.name)
        check_size(scan, sheet, ctx)
        grid = read_grid(data, sheet.name, scan, scan.extent)
    except WorkbookError as exc:
        raise ctx.error(str(exc)) from None
    except TooLarge as exc:
        raise too_large(exc, sheet.name, ctx) from None
    warn_cells(grid, scan, sheet, ctx)
    blocks = [ast.para([ast.strong(title)]) for title in grid.titles]
    shown = f"Sheet: {sheet.name}" + (f", cells {options.area}" if options.area else "")
    blocks += [ast.para([ast.emph(shown)]), *kpi_blocks(grid, options, ctx)]
    return ctx.result(blocks, sheet=sheet.name)


def choose_sheet(package: Package, wanted: str | None, ctx: Context) -> Sheet:
    """The sheet asked for, or the first visible worksheet; hidden ones are refused."""
    names = ", ".join(f"'{s.name}'" for s in package.visible_worksheets) or "none"
    if wanted is None:
        if not package.visible_worksheets:
            raise ctx.error("the workbook has no visible worksheet to show",
                            "unhide the sheet members should see, or ask for the workbook "
                            "again")
        sheet = package.visible_worksheets[0]
    else:
        sheet = next((s for s in package.sheets if s.name == wanted), None) or next(
            (s for s in package.sheets if s.name.casefold() == wanted.casefold()), None)
        if sheet is None:
            raise ctx.error(f"the workbook has no sheet named '{wanted}'",
                            f"visible sheets: {names}")
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


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else "")


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


def kpi_blocks(grid: Grid, options: Options, ctx: Context) -> list[dict]:
    """The table, with a RAG column, a key and trend charts when it is a KPI table."""
    try:
        layout = kpi.find_layout(grid, options.kpi)
    except kpi.KpiOptionError as exc:
        raise ctx.error(str(exc), "see docs/kpi-workbooks.md") from None
    if layout is None:
        return [table(grid)]
    kpis = kpi.read_kpis(grid, layout, ctx.warn)
    statuses: list[str | None] = [None] * len(grid.body)
    for item in kpis:
        statuses[item.row] = item.status
    blocks = [table(grid, statuses if any(statuses) else None)]
    if any(statuses):
        blocks.append(ast.para(rag_key(layout.default_tolerance)))
    trend = [item for item in kpis if sum(v is not None for v in item.values) >= 2]
    inlines: list[dict] = []
    for item in trend:
        series = item.series()
        svg = charts.line_chart(series)
        if inlines:
            inlines.append({"t": "Space"})
        inlines += chart_inlines(svg, ctx.add_media(svg, "svg"), charts.describe(series))
    if inlines:
        blocks.append(ast.div([ast.para(inlines)], classes=["kpi-charts"]))
    return blocks


def rag_key(tolerance: float) -> str:
    share = f"{tolerance * 100:g}%"
    return (f"RAG status, from the latest period: Green – target met; Amber – missed by no "
            f"more than {share} of the target; Red – missed by more than {share}.")

