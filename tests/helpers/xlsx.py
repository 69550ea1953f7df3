"""Helpers shared by the xlsx tests."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from boardpack.model import Limits
from boardpack.pandoc import ast
from boardpack.pipeline.build import build
from boardpack.problems import BoardpackError
from boardpack.sources import Context, Converted, xlsx
from boardpack.sources.xlsx import kpi
from boardpack.sources.xlsx.grid import Grid, read_grid
from boardpack.sources.xlsx.package import open_package
from boardpack.sources.xlsx.scan import scan_sheet
from helpers import MEETING


def save(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook(fill: Callable[[openpyxl.Workbook], None]) -> bytes:
    """A workbook whose first sheet is 'KPIs', filled in by ``fill``."""
    book = openpyxl.Workbook()
    book.active.title = "KPIs"
    fill(book)
    return save(book)


def convert(data: bytes, limits: Limits | None = None, **options: object) -> Converted:
    ctx = Context(pack_root=Path("."), pack="p", item="kpis", file="reports/kpis.xlsx",
                  options=dict(options), limits=limits or Limits())
    return xlsx.convert(data, ctx)


def refusal(data: bytes, limits: Limits | None = None, **options: object) -> str:
    with pytest.raises(BoardpackError) as caught:
        convert(data, limits, **options)
    assert len(caught.value.problems) == 1
    message = str(caught.value.problems[0])
    assert "\n" not in message and "reports/kpis.xlsx" in message
    return message


def tables(result: Converted) -> list[dict]:
    return [n for n in ast.nodes(result.blocks) if n["t"] == "Table"]


def cell_texts(table: dict) -> list[list[str]]:
    """Rows of cell texts, head rows first; a spanning cell appears once."""
    _, _, _, head, bodies, _ = table["c"]
    rows = head[1] + [r for body in bodies for r in body[3]]
    return [[ast.text_of(cell[4]) for cell in row[1]] for row in rows]


def built_pack(root: Path, files_toml: str, files: dict[str, bytes]) -> Path:
    """A one-item pack ('kpis') in ``root``, built; fails the test on any error."""
    (root / "reports").mkdir(parents=True)
    (root / "pack.toml").write_text(
        f'{MEETING}\n[[item]]\nid = "kpis"\ntitle = "Performance indicators"\n{files_toml}\n',
        encoding="utf-8")
    for name, data in files.items():
        (root / name).write_bytes(data)
    result = build(root)
    assert result.ok, [str(p) for p in result.problems]
    return root



def grid_of(data: bytes, sheet: str | None = None) -> Grid:
    """The table boardpack reads from a workbook's sheet (the first visible one)."""
    package = open_package(data, max_unzipped=300_000_000)
    chosen = next(s for s in package.sheets if s.name == sheet) if sheet else \
        package.visible_worksheets[0]
    with package.open_part(chosen.part) as handle:
        scan = scan_sheet(handle, area=None, max_rows=2000, max_cells=40000, sheet=chosen.name)
    assert scan.extent is not None
    return read_grid(data, chosen.name, scan, scan.extent)


def kpis_of(data: bytes, sheet: str | None = None) -> list[kpi.Kpi]:
    """The indicators boardpack reads from a workbook's sheet (the first visible one)."""
    grid = grid_of(data, sheet)
    layout = kpi.find_layout(grid, True)
    assert layout is not None, f"sheet {sheet or 1} is not recognised as a KPI table"
    return kpi.read_kpis(grid, layout, lambda message, hint: None)
