"""The KPI scorecards in ../shared/corpus/kpi, read as the councils laid them out.

Each workbook copies a council's published layout. The expected readings in
``kpi_expected.toml`` were typed in from the cells of each file (values, number
formats, fills), not from boardpack's output: per indicator its direction, target,
latest figure and period, comparators and the council's own rating.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest
from helpers import CORPUS
from helpers.pdf import overprinted_characters
from helpers.xlsx import kpis_of

from boardpack.pandoc import ast
from boardpack.render import html, pdf
from boardpack.sources import Context, Converted, xlsx
from boardpack.sources.xlsx import kpi
from boardpack.sources.xlsx.ratings import rag

EXPECTED = tomllib.loads((Path(__file__).parent / "kpi_expected.toml").read_text("utf-8"))
BOOKS = {book["file"]: book for book in EXPECTED["workbook"]}
FOLDER = CORPUS / "kpi"


def _corpus() -> None:
    if not FOLDER.is_dir():
        pytest.skip("../shared/corpus/kpi is not present beside the project")


def readings(name: str) -> list[kpi.Kpi]:
    return kpis_of((FOLDER / name).read_bytes(), BOOKS[name]["sheet"])


def converted(name: str) -> Converted:
    ctx = Context(pack_root=FOLDER, pack="corpus", item="kpis", file=name)
    return xlsx.convert((FOLDER / name).read_bytes(), ctx)


def close(got: float | None, want: float | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-9)


def matching(items: list[kpi.Kpi], row: dict) -> kpi.Kpi:
    found = [k for k in items if k.ref == row["ref"]]
    assert len(found) == 1, f"row {row['ref']} read {len(found)} times"
    assert " ".join(found[0].name.split()).startswith(row["name"]), found[0].name
    return found[0]


def test_every_corpus_workbook_has_expectations() -> None:
    _corpus()
    assert sorted(p.name for p in FOLDER.glob("*.xlsx")) == sorted(BOOKS)


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_each_indicator_reads_as_the_council_set_it(name: str) -> None:
    _corpus()
    items = readings(name)
    book = BOOKS[name]
    assert [k.ref for k in items] == [row["ref"] for row in book["row"]]
    for row in book["row"]:
        item = matching(items, row)
        where = f"{name} {row['ref']}"
        want_direction = None if row["direction"] == "none" else row["direction"]
        assert item.direction == want_direction, where
        assert close(item.target, row.get("target")), (where, item.target)
        if "floor" in row:
            assert close(item.floor, row["floor"]), (where, item.floor)
        assert close(item.latest, row["latest"]), (where, item.latest)
        period = row.get("latest_period", book["latest_period"])
        if row["ref"] == "CH11":  # Q3 and the year to date hold the same figure
            assert item.latest_period in (period, "2022/23 Year to date"), where
        else:
            assert item.latest_period == period, (where, item.latest_period)
        rating = item.rating
        if "rag" in row:
            assert rating is not None, where
            assert (rating.word, rating.family) == (row["rag"], row["rag_colour"]), where
        else:
            assert rating is None, (where, rating)
        for heading, value in row.get("comparators", {}).items():
            got = [v for h, v in item.comparators.items() if h.endswith(heading)]
            assert len(got) == 1 and close(got[0], value), (where, heading, item.comparators)
        assert len(item.comparators) == len(row.get("comparators", {})), where


def _expected_disagreements(book: dict) -> set[str]:
    """Rows where the rule the README states (10% tolerance, or the sheet's thresholds)
    gives another colour than the council's, worked out from the typed-in values."""
    found = set()
    for row in book["row"]:
        if "rag" not in row or row["rag_colour"] == "grey" or "target" not in row \
                or row["direction"] == "none":
            continue
        if "floor" in row:  # the sheet's own bands: the council applied them itself
            continue
        status = rag(row["latest"], row["target"], row["direction"], 0.10)
        agree = {"Green": {"green"}, "Amber": {"amber", "yellow"}, "Red": {"red"}}[status]
        if row["rag_colour"] not in agree:
            found.add(row["ref"])
    return found


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_check_names_the_rows_where_the_ratings_differ(name: str) -> None:
    _corpus()
    result = converted(name)
    warned = " ".join(str(n) for n in result.notes if "ratings" in str(n) or "rating and"
                      in str(n))
    expected = _expected_disagreements(BOOKS[name])
    for ref in (row["ref"] for row in BOOKS[name]["row"]):
        assert (f"{ref}: the sheet says" in warned) == (ref in expected), (ref, warned)


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_the_table_shows_each_rating_as_a_word_on_its_colour(name: str) -> None:
    _corpus()
    result = converted(name)
    spans = [n for n in ast.nodes(result.blocks) if n["t"] == "Span"
             and "rag" in n["c"][0][1]]
    shown = [(ast.text_of(s["c"][1]), s["c"][0][1][1]) for s in spans]
    for row in BOOKS[name]["row"]:
        if "rag" in row:
            assert (row["rag"], f"rag-{row['rag_colour']}") in shown, (row["ref"], shown)


def test_the_corpus_scorecards_fit_their_pages(tmp_path: Path) -> None:
    _corpus()
    blocks: list[dict] = []
    for name in sorted(BOOKS):
        result = converted(name)
        blocks += [ast.header(1, name), *result.blocks]
        for media, data in result.media.items():
            (tmp_path / media).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / media).write_bytes(data)
    document = ast.document(blocks)
    out = tmp_path / "pack.pdf"
    out.write_bytes(pdf.render(document, tmp_path))
    assert overprinted_characters(out) == []
    page = html.render(document, tmp_path).decode("utf-8")
    assert "rag-yellow" in page and "Within tolerance" in page
