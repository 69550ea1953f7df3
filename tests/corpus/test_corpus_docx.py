"""Every real-world .docx in ../shared/corpus/docx renders into a pack, or stops with one
line naming the file and the reason — never a traceback.

One pack holds every file: ``check`` converts them all once (in parallel, into the
pack's cache), then the files that converted are built into one members' edition,
PDF and HTML. Skipped, with a message, where ../shared is absent.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from helpers import CORPUS, MEETING, pdf_outline

from boardpack.pandoc import ast
from boardpack.pipeline.build import BuildResult, build
from boardpack.pipeline.check import CheckResult, check

FOLDER = CORPUS / "docx"
FILES = sorted(p.name for p in FOLDER.glob("*.docx")) if FOLDER.is_dir() else []
# The files that must be refused, and a word the one-line reason must contain.
REFUSED = {
    "poi__bug53475-password-is-pass.docx": "password-protected",
    "poi__clusterfuzz-4959857092198400.docx": "damaged",
}
# What convert.py says when a source module lets an unexpected exception out.
CRASHED = ("could not be read (", "too large or too deeply nested")


def item_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.removesuffix(".docx").lower()).strip("-")


def pack_toml(names: list[str]) -> str:
    return MEETING + "".join(
        f'\n[[item]]\nid = "{item_id(n)}"\ntitle = "Corpus {n}"\nfiles = ["reports/{n}"]\n'
        for n in names)


@dataclass
class Corpus:
    root: Path
    checked: CheckResult
    built: BuildResult
    converted: list[str]
    starts: dict[str, str] | None = None  # each file's first two pages of the built PDF
    html: str = ""

    def problems(self, name: str) -> list[str]:
        return [str(p) for p in self.checked.problems if p.file == f"reports/{name}"]


@pytest.fixture(scope="module")
def corpus_pack(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    if not FILES:
        pytest.skip("../shared/corpus/docx is not present beside the project")
    root = tmp_path_factory.mktemp("corpus") / "corpus-docx"
    (root / "reports").mkdir(parents=True)
    for name in FILES:
        (root / "reports" / name).write_bytes((FOLDER / name).read_bytes())
    biggest_first = sorted(FILES, key=lambda n: -(FOLDER / n).stat().st_size)
    (root / "pack.toml").write_text(pack_toml(biggest_first), encoding="utf-8")
    checked = check(root)
    assert checked.converted is not None
    converted = [n for n in FILES if (item_id(n), f"reports/{n}") in checked.converted.by_file]
    for name in set(FILES) - set(converted):
        (root / "reports" / name).unlink()
    (root / "pack.toml").write_text(pack_toml(converted), encoding="utf-8")
    built = build(root, editions=["members"])  # conversions come from check's cache
    corpus = Corpus(root, checked, built, converted)
    if built.ok:
        corpus.starts = first_pages(root / "build" / "members.pdf")
        corpus.html = normal((root / "build" / "members.html").read_text(encoding="utf-8"))
    return corpus


def first_pages(pdf: Path) -> dict[str, str]:
    """The text of the two pages where each item starts, found by its bookmark (reading
    all 400-odd pages with pypdf would take half a minute)."""
    reader = pypdf.PdfReader(pdf)
    out = {}
    for title, page, _ in pdf_outline(pdf):
        name = title.partition("Corpus ")[2]
        if name:
            out[name] = normal(" ".join(reader.pages[i].extract_text() or ""
                                        for i in range(page - 1, min(page + 1,
                                                                     len(reader.pages)))))
    return out


@pytest.mark.parametrize("name", FILES or ["(no corpus)"])
def test_converts_or_stops_with_one_line(corpus: Path, corpus_pack: Corpus, name: str
                                         ) -> None:
    problems = corpus_pack.problems(name)
    assert not any(crash in p for p in problems for crash in CRASHED), problems
    assert all("\n" not in p for p in problems)
    errors = [p for p in problems if p.startswith("error:")]
    if name in REFUSED:
        assert len(errors) == 1 and REFUSED[name] in errors[0], problems
        assert f"reports/{name}" in errors[0] and f"item '{item_id(name)}'" in errors[0]
    else:
        assert errors == [] and name in corpus_pack.converted


@pytest.mark.parametrize("name", [n for n in FILES if n not in REFUSED] or ["(no corpus)"])
def test_converted_file_renders_in_the_pack(corpus: Path, corpus_pack: Corpus, name: str
                                            ) -> None:
    assert corpus_pack.built.ok, [str(p) for p in corpus_pack.built.problems
                                  if p.level == "error"]
    assert corpus_pack.starts is not None
    pdf, html = corpus_pack.starts.get(name, ""), corpus_pack.html
    assert f"Corpus {name}" in pdf and f"Corpus {name}" in html
    blocks = corpus_pack.checked.converted.by_file[(item_id(name), f"reports/{name}")].blocks
    word = next((w for w in normal(ast.text_of(blocks)).split()
                 if len(w) >= 4 and w.isalpha()), None)
    if word is not None:  # the report's first real word is printed, and in the HTML
        assert word in pdf and word in html


def normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_cli_names_the_encrypted_file_in_one_line(corpus: Path, make_pack) -> None:
    name = "poi__bug53475-password-is-pass.docx"
    root = make_pack(pack_toml([name])[len(MEETING):] + '\n[[item]]\nid = "fine"\n'
                     'title = "Fine"\nfiles = ["reports/fine.md"]\n',
                     files={f"reports/{name}": (corpus / "docx" / name).read_bytes(),
                            "reports/fine.md": "# Fine\n\nAll well.\n"})
    done = subprocess.run([sys.executable, "-m", "boardpack.cli", "check", str(root)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert f"reports/{name}" in errors[0] and "password-protected" in errors[0]
