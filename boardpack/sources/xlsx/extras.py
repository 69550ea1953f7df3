"""What a worksheet holds besides its cells: comments, charts and pictures.

boardpack shows a sheet's cells; what else a reader of the workbook would see there
is listed from the sheet's relationships (``xl/worksheets/_rels/sheetN.xml.rels``),
so that ``check`` can name each thing the pack leaves out. Comment texts are never
read into a warning, only the cells they are on; a chart is named by its title.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from boardpack.sources.xlsx.package import (
    Package,
    Sheet,
    WorkbookError,
    local,
    parse,
    relationships,
    resolve,
)


@dataclass
class Extras:
    """The things on one sheet that its table does not show."""

    comments: list[str] = field(default_factory=list)  # the cells that carry one
    charts: list[str] = field(default_factory=list)  # each chart's title ("" if none)
    pictures: int = 0


def rels_of(part: str) -> str:
    """The relationships part of a part: ``a/b.xml`` → ``a/_rels/b.xml.rels``."""
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def sheet_extras(package: Package, sheet: Sheet) -> Extras:
    """The comments, charts and pictures on ``sheet``; raises WorkbookError."""
    found = Extras()
    for kind, target in relationships(package.archive, rels_of(sheet.part)).values():
        part = resolve(sheet.part, target)
        if part not in package.archive.namelist():
            continue
        if kind in ("comments", "threadedComment"):
            refs = [e.get("ref", "") for e in parse(package.archive, part).iter()
                    if local(e.tag) in ("comment", "threadedComment")]
            found.comments += [r for r in refs if r and r not in found.comments]
        elif kind == "drawing":
            for inner, drawn in relationships(package.archive, rels_of(part)).values():
                if inner == "chart":
                    found.charts.append(chart_title(package, resolve(part, drawn)))
            found.pictures += sum(1 for e in parse(package.archive, part).iter()
                                  if local(e.tag) == "pic")
    return found


def chart_title(package: Package, part: str) -> str:
    """A chart's title as typed, or "" when it has none (or its part is missing)."""
    if part not in package.archive.namelist():
        return ""
    charts = [e for e in parse(package.archive, part) if local(e.tag) == "chart"]
    for element in (child for chart in charts for child in chart):
        if local(element.tag) == "title":
            return " ".join("".join(t.text or "" for t in element.iter()
                                    if local(t.tag) in ("t", "v")).split())
    return ""


__all__ = ["Extras", "WorkbookError", "chart_title", "rels_of", "sheet_extras"]
