"""Every PDF of the shared corpus of real-world files either renders into a pack or stops
with one clear line naming the file and the reason: never a traceback, never a hang
(the hazard files include an xref loop, a cyclic outline and a file that hangs poppler).

All files are converted once, in parallel, through one pack's cache; the ones that
convert are then built together into one pack.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CORPUS, MEETING, pdf_outline, pdf_pages
from helpers.pdf import html_sections

from boardpack.cache import Cache
from boardpack.pack import load as packfile
from boardpack.pipeline.build import build
from boardpack.pipeline.convert import ConvertedPack, convert_pack
from boardpack.problems import Level

FOLDER = CORPUS / "pdf"
NAMES = sorted(p.name for p in FOLDER.glob("*.pdf")) if FOLDER.is_dir() else ["(no corpus)"]
# What each file of the corpus that cannot go into a pack is refused for.
REFUSED = {
    "pdfjs__issue19176.pdf": "is a PDF 2.0 file",
    "pikepdf__graph-encrypted.pdf": "password-protected: ask for an unprotected copy",
    "pypdf__crazyones-encrypted-256.pdf": "password-protected: ask for an unprotected copy",
    "samplefiles__libreoffice-writer-password.pdf": "password-protected",
    "qpdf__bad1.pdf": "is not a PDF file",
    "qpdf__empty.pdf": "the PDF has no pages",
    "samplefiles__unreadablemetadata.pdf": "the PDF is damaged and cannot be read",
}


def item_id(index: int) -> str:
    return f"corpus-{index + 1:02d}"


def pack_toml(names: list[str]) -> str:
    items = "".join(f'\n[[item]]\nid = "{item_id(NAMES.index(name))}"\ntitle = "{name}"\n'
                    f'files = ["files/{name}"]\n' for name in names)
    return MEETING + items


@pytest.fixture(scope="module")
def corpus_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pack with every corpus PDF as an item (skips, like ``corpus``, without it)."""
    if not FOLDER.is_dir():
        pytest.skip("../shared/corpus is not present beside the project")
    root = tmp_path_factory.mktemp("corpus") / "corpus-pdf"
    (root / "files").mkdir(parents=True)
    for name in NAMES:
        (root / "files" / name).write_bytes((FOLDER / name).read_bytes())
    (root / "pack.toml").write_text(pack_toml(NAMES), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def converted(corpus_pack: Path) -> ConvertedPack:
    pack = packfile.load(corpus_pack).pack
    return convert_pack(pack, cache=Cache.for_pack(corpus_pack))


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", NAMES)
def test_corpus_pdf_renders_or_is_refused_in_one_line(
        corpus_pack: Path, converted: ConvertedPack, name: str) -> None:
    item = item_id(NAMES.index(name))
    errors = [p for p in converted.problems if p.file == f"files/{name}"
              and p.level is Level.ERROR]
    result = converted.by_file.get((item, f"files/{name}"))
    if name in REFUSED:
        assert result is None
        (problem,) = errors
        line = str(problem)
        assert "\n" not in line and "Traceback" not in line
        assert line.startswith(f"error: {corpus_pack.name}: item '{item}': files/{name}: ")
        assert REFUSED[name] in problem.message
        assert problem.hint
    else:
        assert not errors, [str(p) for p in errors]
        assert result is not None
        placed = [b for b in result.blocks if b["t"] == "RawBlock" and b["c"][0] == "typst"
                  and b["c"][1].startswith("#bp-pdf-page(")]
        assert len(placed) == result.meta["pages"] >= 1


@pytest.mark.timeout(300)
def test_corpus_pdfs_build_into_one_pack(corpus_pack: Path, converted: ConvertedPack) -> None:
    good = [name for name in NAMES if (item_id(NAMES.index(name)), f"files/{name}")
            in converted.by_file]
    assert len(good) == len(NAMES) - len(REFUSED)
    (corpus_pack / "pack.toml").write_text(pack_toml(good), encoding="utf-8")
    result = build(corpus_pack, editions=["members"])
    assert result.ok, [str(p) for p in result.problems if p.level is Level.ERROR]
    out = corpus_pack / "build" / "members.pdf"
    titles = [title for title, _, _ in pdf_outline(out)]
    assert all(any(title.endswith(name) for title in titles) for name in good)
    pages = pdf_pages(out)
    placed = sum(converted.by_file[(item_id(NAMES.index(name)), f"files/{name}")].meta["pages"]
                 for name in good)
    assert len(pages) > placed
    text = " ".join(" ".join(pages).split())
    assert "The round pegs in the square holes." in text  # crazyones-pdfa
    assert "Hello, here is some text without a meaning." in text  # pdflatex-4-pages
    sections = html_sections(corpus_pack / "build" / "members.html").sections
    assert len(sections) == placed
