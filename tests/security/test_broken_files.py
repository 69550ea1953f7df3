"""Broken files: one line each naming the file and what to do, and the rest still checks.

One pack holds a good report, a report with an unrelated warning, an item with a
mistake in pack.toml, and one item per broken file (truncated, empty, renamed,
password-protected, zip bombs, damaged and encrypted PDFs, bad UTF-8). ``check``
and ``build`` run once each on it as the real CLI. Cases for a kind boardpack
cannot read yet are skipped with a message and run once its module exists.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import hostile
import openpyxl
import pypdf
import pytest
import typst

from boardpack import sources
from boardpack.pandoc import run as pandoc

ADVICE = ("—", "ask", "save", "open", "export", "remove", "replace", "raise", "check", "fix",
          "send")
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


@dataclass(frozen=True)
class Case:
    """One broken file: its item id, file name, how to make its bytes, and what to expect."""

    id: str
    name: str
    make: Callable[[dict[str, bytes]], bytes]
    expect: tuple[str, ...]  # at least one of these words is in the message

    @property
    def kind(self) -> str:
        return {"markdown": "md"}.get(self.name.rsplit(".", 1)[1], self.name.rsplit(".", 1)[1])


def corpus(name: str, fallback: Callable[[dict[str, bytes]], bytes]
           ) -> Callable[[dict[str, bytes]], bytes]:
    """A file from ../shared/corpus, or a generated stand-in where the corpus is absent."""
    def make(good: dict[str, bytes]) -> bytes:
        path = CORPUS / name
        return path.read_bytes() if path.is_file() else fallback(good)
    return make


def truncated(kind: str) -> Callable[[dict[str, bytes]], bytes]:
    return lambda good: good[kind][: len(good[kind]) // 2]


def encrypted_pdf(good: dict[str, bytes]) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(good["pdf"]))
    writer.encrypt("secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def ole(_good: dict[str, bytes]) -> bytes:
    return hostile.OLE_MAGIC + b"\0" * 4088


EMPTY = ("empty", "0 bytes", "no pages", "damaged", "not a PDF")
DAMAGED = ("damaged", "truncated", "not a", "cannot", "could not")
CASES = [
    Case("docx-empty", "docx-empty.docx", lambda g: b"", EMPTY),
    Case("docx-truncated", "docx-truncated.docx", truncated("docx"), DAMAGED),
    Case("docx-png", "docx-png.docx", lambda g: hostile.PNG_1PX, ("not a Word", "not a")),
    Case("docx-password", "docx-password.docx",
         corpus("docx/poi__bug53475-password-is-pass.docx", ole), ("password",)),
    Case("docx-bomb", "docx-bomb.docx", lambda g: hostile.docx_bomb(400), ("zip bomb",)),
    Case("docx-bomb-lying", "docx-bomb-lying.docx", lambda g: hostile.docx_bomb(400, lie=True),
         ("zip bomb", "larger than", "damaged")),
    Case("docx-as-pdf", "docx-as-pdf.pdf", lambda g: g["docx"], ("not a PDF", "not a", "damaged")),
    Case("xlsx-empty", "xlsx-empty.xlsx", lambda g: b"", EMPTY),
    Case("xlsx-truncated", "xlsx-truncated.xlsx", truncated("xlsx"), DAMAGED),
    Case("xlsx-png", "xlsx-png.xlsx", lambda g: hostile.PNG_1PX, ("not a",)),
    Case("xlsx-password", "xlsx-password.xlsx",
         corpus("xlsx/poi__protected_passtika.xlsx", ole), ("password",)),
    Case("xlsx-bomb", "xlsx-bomb.xlsx", lambda g: hostile.xlsx_bomb(400), ("zip bomb",)),
    Case("xlsx-bomb-lying", "xlsx-bomb-lying.xlsx", lambda g: hostile.xlsx_bomb(400, lie=True),
         ("zip bomb", "larger than", "damaged")),
    Case("xlsx-xml-bomb", "xlsx-xml-bomb.xlsx",
         corpus("xlsx/poi__poc-xmlbomb.xlsx", lambda g: hostile.xlsx_bomb(400)),
         ("bomb", "damaged", "entit", "DTD", "could not")),
    Case("pdf-empty", "pdf-empty.pdf", lambda g: b"", EMPTY),
    Case("pdf-truncated", "pdf-truncated.pdf", truncated("pdf"), DAMAGED),
    Case("pdf-garbage", "pdf-garbage.pdf", lambda g: b"%PDF-1.7\n1 0 obj << /Type /Catalog",
         DAMAGED),
    Case("pdf-encrypted", "pdf-encrypted.pdf", encrypted_pdf, ("password", "encrypted")),
    Case("pdf-password-corpus", "pdf-password-corpus.pdf",
         corpus("pdf/samplefiles__libreoffice-writer-password.pdf", encrypted_pdf),
         ("password", "encrypted")),
    Case("pdf-damaged-corpus", "pdf-damaged-corpus.pdf",
         corpus("pdf/qpdf__bad1.pdf", lambda g: g["pdf"][:200] + b"\0" * 500 + g["pdf"][-200:]),
         DAMAGED),
    Case("md-latin1", "md-latin1.md", lambda g: "Caf\u00e9 budget \u00a3100".encode("latin-1"),
         ("UTF-8",)),
    Case("md-binary", "md-binary.md", lambda g: hostile.PNG_1PX, ("UTF-8", "NUL", "not a text")),
]


def good_files() -> dict[str, bytes]:
    """A valid file of each kind, made by the real tools."""
    book = openpyxl.Workbook()
    book.active.append(["Indicator", "Value"])
    book.active.append(["Caseload", 18])
    xlsx = io.BytesIO()
    book.save(xlsx)
    return {
        "docx": pandoc.run(["-f", "markdown", "-t", "docx", "-o", "-"], b"# Hello\n\nWords.\n"),
        "xlsx": xlsx.getvalue(),
        "pdf": typst.compile(b"= A report\n\nSome words on a page.\n" * 5, format="pdf"),
    }


def readable(case: Case) -> bool:
    return case.kind in sources.kinds()


ITEMS_HEAD = """
[[item]]
id = "good"
title = "A good report"
files = ["reports/good.md"]

[[item]]
id = "warned"
title = "A report with a picture without alt text"
files = ["reports/warned.md"]
"""
TYPO_ITEM = """
[[item]]
id = "typo"
title = "A mistake in pack.toml"
purpose = "decisoin"
files = ["reports/good-too.md"]
"""


@dataclass
class Run:
    root: Path
    check: subprocess.CompletedProcess[str]
    build: subprocess.CompletedProcess[str]

    def lines(self, which: str) -> list[str]:
        done = getattr(self, which)
        assert "Traceback" not in done.stderr, done.stderr
        return [line for line in done.stderr.splitlines()
                if line.startswith(("error:", "warning:"))]


@pytest.fixture(scope="module")
def broken_pack(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The pack with every readable broken case, checked and built once."""
    root = tmp_path_factory.mktemp("broken") / "broken-pack"
    reports = root / "reports"
    reports.mkdir(parents=True)
    good = good_files()
    items = [ITEMS_HEAD]
    for case in CASES:
        if readable(case):
            (reports / case.name).write_bytes(case.make(good))
            items.append(f'[[item]]\nid = "{case.id}"\ntitle = "Broken: {case.id}"\n'
                         f'files = ["reports/{case.name}"]\n')
    (reports / "good.md").write_text("# Fine\n\nAll well.\n", encoding="utf-8")
    (reports / "good-too.md").write_text("# Fine too\n", encoding="utf-8")
    (reports / "warned.md").write_text("# Chart\n\n![](chart.png)\n", encoding="utf-8")
    (reports / "chart.png").write_bytes(hostile.PNG_1PX)
    from helpers import MEETING

    (root / "pack.toml").write_text(MEETING + "\n".join(items), encoding="utf-8")
    built = hostile.run_cli("build", root)  # build stops at a pack.toml error, so add that after
    with open(root / "pack.toml", "a", encoding="utf-8") as handle:
        handle.write(TYPO_ITEM)
    return Run(root, hostile.run_cli("check", root), built)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
@pytest.mark.parametrize("command", ["check", "build"])
def test_broken_file_gives_one_line(broken_pack: Run, case: Case, command: str) -> None:
    if not readable(case):
        pytest.skip(f"boardpack has no '{case.kind}' source module yet")
    lines = broken_pack.lines(command)
    mine = [line for line in lines if f"reports/{case.name}" in line]
    assert len(mine) == 1, mine
    line = mine[0]
    assert line.startswith(f"error: {broken_pack.root.name}: item '{case.id}': "
                           f"reports/{case.name}: "), line
    message = line.split(f"reports/{case.name}: ", 1)[1]
    assert any(word.lower() in message.lower() for word in case.expect), line
    assert any(word in message for word in ADVICE), f"no advice in: {line}"
    assert len(line) < 400


@pytest.mark.parametrize("command", ["check", "build"])
def test_the_rest_of_the_pack_still_checks(broken_pack: Run, command: str) -> None:
    done = getattr(broken_pack, command)
    assert done.returncode == 1
    lines = broken_pack.lines(command)
    assert [line for line in lines if "item 'warned'" in line and "alt text" in line]
    assert sum(1 for case in CASES if readable(case)) == len(
        [line for line in lines if line.startswith("error:") and "reports/" in line])
    if command == "check":
        assert [line for line in lines if "item 'typo'" in line and "purpose" in line]
        assert "error(s)" in done.stderr
    assert not [line for line in lines if "item 'good'" in line]
    assert not (broken_pack.root / "build" / "members.pdf").exists()


def test_the_good_files_are_good() -> None:
    """The stand-ins the broken files are cut from are themselves readable."""
    good = good_files()
    assert pypdf.PdfReader(io.BytesIO(good["pdf"])).pages
    assert openpyxl.load_workbook(io.BytesIO(good["xlsx"])).active["B2"].value == 18
    assert good["docx"][:2] == b"PK"


TOML_CASES = {
    "pack-syntax": ("pack.toml", b'[meeting]\ncommittee = "Unclosed\n', "not valid TOML"),
    "pack-latin1": ("pack.toml", '[meeting]\ncommittee = "Caf\u00e9"\n'.encode("latin-1"),
                    "UTF-8"),
    "pack-binary": ("pack.toml", hostile.PNG_1PX, "UTF-8"),
    "resolutions-syntax": ("resolutions.toml", b"[[resolution]]\nitem = minutes\n",
                           "not valid TOML"),
    "resolutions-latin1": ("resolutions.toml", "[[resolution]]\ntext = \"\u00a3\"\n".encode(
        "latin-1"), "UTF-8"),
}


@pytest.mark.parametrize("case", sorted(TOML_CASES))
def test_invalid_toml_is_one_line(make_pack: Callable[..., Path], case: str) -> None:
    name, data, expect = TOML_CASES[case]
    root = make_pack(TYPO_ITEM, files={"reports/good-too.md": "# Fine\n"})
    (root / name).write_bytes(data)
    done = hostile.run_cli("check", root)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if name in line]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: {root.name}: {name}:") and expect in lines[0]
    assert any(word in lines[0] for word in ADVICE), lines[0]
    if name == "resolutions.toml":  # pack.toml still loads, so its problems still show
        assert "item 'typo'" in done.stderr
