"""Every real-world workbook in ../shared/corpus/xlsx converts, or stops with one clear line.

The corpus holds files that break openpyxl (Strict OOXML, an XML bomb, encrypted
and truncated files, Windows-style part names …). Each must either convert or
raise a BoardpackError with a single line naming the file and the reason, never
another exception. What converts is then laid out in one PDF and one HTML, so
the blocks are proven usable by Pandoc and Typst too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CORPUS

from boardpack.pandoc import ast
from boardpack.problems import BoardpackError
from boardpack.render import html, pdf
from boardpack.sources import Context, Converted, xlsx

NAMES = sorted(p.name for p in (CORPUS / "xlsx").glob("*.xlsx")) or ["(no corpus)"]
# Reasons the corpus README gives (or that the files show) for the files that must fail.
EXPECTED_ERRORS = {
    "openpyxl__null_file.xlsx": "empty",
    "poi__protected_passtika.xlsx": "password-protected",
    "poi__clusterfuzz-5636439151607808.xlsx": "damaged",
    "poi__poc-xmlbomb.xlsx": "XML entities",
    "poi__SampleSS.strict.xlsx": "Strict Open XML",
    "calamine__issue_530.xlsx": "Windows",
    "poi__xlsx-corrupted.xlsx": "not well-formed",
}


def outcome(path: Path) -> Converted | BoardpackError:
    ctx = Context(pack_root=path.parent, pack="corpus", item="kpis", file=path.name)
    try:
        return xlsx.convert(path.read_bytes(), ctx)
    except BoardpackError as exc:
        return exc


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Converted | BoardpackError]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present beside the project")
    return {name: outcome(CORPUS / "xlsx" / name) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_each_workbook_converts_or_gives_one_clear_line(
        corpus: Path, outcomes: dict[str, Converted | BoardpackError], name: str) -> None:
    result = outcomes[name]
    if isinstance(result, BoardpackError):
        [problem] = result.problems
        line = str(problem)
        assert "\n" not in line and name in line and "Traceback" not in line
        assert len(problem.message) > 20
        if name in EXPECTED_ERRORS:
            assert EXPECTED_ERRORS[name] in line
        return
    assert name not in EXPECTED_ERRORS, f"{name} should have been refused"
    assert result.blocks
    assert all("\n" not in str(note) for note in result.notes)


def test_known_findings(corpus: Path, outcomes: dict[str, Converted | BoardpackError]) -> None:
    hidden = outcomes["poi__TwoSheetsOneHidden.xlsx"]
    assert isinstance(hidden, Converted)
    assert any("is hidden and was left out" in str(n) for n in hidden.notes)
    errors = outcomes["calamine__errors.xlsx"]
    assert isinstance(errors, Converted)
    assert any("formula errors" in str(n) and "#DIV/0!" in str(n) for n in errors.notes)
    big = outcomes["poi__bug62181.xlsx"]
    assert isinstance(big, BoardpackError) and "max_sheet_rows" in str(big)


def test_everything_that_converts_lays_out(corpus: Path, tmp_path: Path,
                                           outcomes: dict[str, Converted | BoardpackError]
                                           ) -> None:
    blocks: list[dict] = []
    for name, result in outcomes.items():
        if isinstance(result, Converted):
            blocks += [ast.header(1, name), *result.blocks]
            for media, data in result.media.items():
                (tmp_path / media).parent.mkdir(parents=True, exist_ok=True)
                (tmp_path / media).write_bytes(data)
    document = ast.document(blocks)
    assert pdf.render(document, tmp_path).startswith(b"%PDF")
    page = html.render(document, tmp_path).decode("utf-8")
    assert "poi__DateFormatTests.xlsx" in page and "<table" in page
