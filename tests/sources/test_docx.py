"""Word reports (.docx): what a member reads in the pack is what the officer meant.

Each test makes its .docx with the real Pandoc docx writer, sometimes edited at the
XML level to add what Word writes (hidden text, a picture format Typst cannot show),
builds or checks a pack holding it, and reads the PDF back with pypdf and the HTML
with the standard library's parser.
"""

from __future__ import annotations

import base64
import io
import random
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import hostile
import pypdf
import pytest
import typst
from helpers import DEMO, pdf_outline, pdf_text, tagged
from helpers.html import Elements

from boardpack.pandoc import ast
from boardpack.pandoc import run as pandoc
from boardpack.pipeline.build import build
from boardpack.pipeline.check import check
from boardpack.problems import Level, Problem
from boardpack.sources import docx as docx_source
from boardpack.sources.docx import inspect as docxinspect

TITLE = "Quarterly report"


def word(markdown: str) -> bytes:
    """A .docx written by Pandoc's docx writer (sandboxed: pictures as data: URIs)."""
    return pandoc.run(["-f", "markdown", "-t", "docx", "-o", "-"], markdown.encode("utf-8"))


def png_uri(rgb: tuple[int, int, int]) -> str:
    return "data:image/png;base64," + base64.b64encode(hostile.png(60, 30, rgb)).decode()


def edited(data: bytes, changes: dict[str, Callable[[bytes], bytes]],
           renames: dict[str, str] | None = None) -> bytes:
    """The .docx with some parts changed (and some renamed), as Word might have written it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            part = source.read(info)
            change = changes.get(info.filename)
            archive.writestr((renames or {}).get(info.filename, info.filename),
                             change(part) if change else part)
    return out.getvalue()


def items(*files: str, limits: str = "") -> str:
    """pack.toml items, one per report file (the id is the file's stem)."""
    out = [limits]
    for name in files:
        stem = Path(name).stem
        out.append(f'[[item]]\nid = "{stem}"\ntitle = "{TITLE} {stem}"\n'
                   f'files = ["reports/{name}"]\n')
    return "\n".join(out)


def warnings(problems: list[Problem], file: str) -> list[str]:
    return [p.message for p in problems if p.level is Level.WARNING and p.file.endswith(file)]


def flat(text: str) -> str:
    return " ".join(text.split())


# --- structure: headings, lists, tables, footnotes, links, pictures --------------------

REPORT = f"""\
# Summary of performance

The plan is on the [council website](https://example.org/plan) and a note explains
caseloads.[^1]

## Detail of actions

- Recruit alpha social workers
- Retain beta staff

1. Review gamma cases
2. Audit delta files

| Measure | Quarter three |
|---------|--------------:|
| Average caseload | 19 |
| Vacancy rate | 15% |

![Caseloads chart: falling from 21 to 19]({png_uri((29, 79, 145))})

[^1]: Footnote epsilon: caseloads are counted per full-time worker.
"""


@pytest.fixture(scope="module")
def structured(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Problem]]:
    from helpers import MEETING

    root = tmp_path_factory.mktemp("docx") / "structured"
    (root / "reports").mkdir(parents=True)
    (root / "reports" / "report.docx").write_bytes(word(REPORT))
    (root / "pack.toml").write_text(MEETING + items("report.docx"), encoding="utf-8")
    result = build(root, editions=["members"])
    assert result.ok, [str(p) for p in result.problems]
    return root, result.problems


def test_structure_reaches_the_pdf(structured: tuple[Path, list[Problem]]) -> None:
    root, problems = structured
    assert warnings(problems, "report.docx") == []
    pdf = root / "build" / "members.pdf"
    text = flat(pdf_text(pdf))
    for words in ("Recruit alpha social workers", "Review gamma cases", "Audit delta files",
                  "Average caseload 19", "Vacancy rate 15%",
                  "Footnote epsilon: caseloads are counted per full-time worker.",
                  "Caseloads chart: falling from 21 to 19"):
        assert words in text
    order = [text.index(w) for w in (f"{TITLE} report", "Summary of performance",
                                     "Detail of actions", "Recruit alpha")]
    assert order == sorted(order)
    converted = check(root).converted
    assert converted is not None
    blocks = converted.by_file[("report", "reports/report.docx")].blocks
    levels = {ast.text_of(b["c"][2]): b["c"][0] for b in blocks if b["t"] == "Header"}
    assert levels == {"Summary of performance": 2, "Detail of actions": 3}  # item is level 1
    reader = pypdf.PdfReader(pdf)
    page = next(p for p in reader.pages if "Caseloads chart" in (p.extract_text() or ""))
    assert len(page.images) >= 1
    uris = [annot.get_object().get("/A", {}).get("/URI") for p in reader.pages
            for annot in p.get("/Annots", [])]
    assert "https://example.org/plan" in uris


def test_structure_reaches_the_html(structured: tuple[Path, list[Problem]]) -> None:
    root, _ = structured
    page = Elements((root / "build" / "members.html").read_text(encoding="utf-8"))
    pictures = [attrs for tag, attrs, _ in page.found if tag == "img"
                and attrs.get("alt") == "Caseloads chart: falling from 21 to 19"]
    assert pictures and pictures[0]["src"].startswith("data:image/png;base64,")
    assert {"Average caseload", "19", "Vacancy rate", "15%"} <= set(page.texts("td"))
    assert {"Recruit alpha social workers", "Audit delta files"} <= set(page.texts("li"))
    links = [(attrs.get("href"), text) for tag, attrs, text in page.found if tag == "a"]
    assert ("https://example.org/plan", "council website") in links
    notes = [text for _, attrs, text in page.found if attrs.get("role") == "doc-endnotes"]
    assert notes and "Footnote epsilon: caseloads are counted" in notes[0]
    levels = {text: int(tag[1]) for tag, _, text in page.found if re.fullmatch(r"h[1-6]", tag)}
    item_level = next(level for text, level in levels.items() if text.endswith("report"))
    assert levels["Summary of performance"] == item_level + 1
    assert levels["Detail of actions"] == item_level + 2


# --- tracked changes, comments, hidden text --------------------------------------------

CHANGES = """\
Kept opening words.

Before [Insertedword]{.insertion author="A" date="2026-01-01T00:00:00Z"}
[Deletedword]{.deletion author="A" date="2026-01-01T00:00:00Z"} after.

[Commentsecret remark]{.comment-start id="0" author="B" date="2026-01-01T00:00:00Z"}Commented
words[]{.comment-end id="0"} stay.

Shown [Hiddenstyled]{custom-style="Private Note"} and [Hiddendirect]{custom-style="Direct Hide"}
words.[^1]

::: {custom-style="Hidden Para"}
Hiddenparagraph here
:::

Closing words.

[^1]: Footnote shown [Hiddenfootnote]{custom-style="Direct Hide"} text.
"""
ABSENT = ("Deletedword", "Commentsecret", "Hiddenstyled", "Hiddendirect", "Hiddenfootnote",
          "Hiddenparagraph")
PRESENT = ("Kept opening words", "Insertedword", "Commented words stay", "Shown and words",
           "Footnote shown text", "Closing words")


def hide_styles(styles: bytes) -> bytes:
    """Word's 'Hidden' font effect on two styles, as a template might carry it."""
    return re.sub(rb'(w:styleId="(?:PrivateNote|HiddenPara)">.*?)</w:style>',
                  rb"\1<w:rPr><w:vanish /></w:rPr></w:style>", styles)


def hide_runs(part: bytes) -> bytes:
    """Word's 'Hidden' font effect applied directly to runs."""
    return part.replace(b'<w:rStyle w:val="DirectHide" />', b"<w:vanish />")


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    from helpers import MEETING

    data = edited(word(CHANGES), {"word/styles.xml": hide_styles,
                                  "word/document.xml": hide_runs,
                                  "word/footnotes.xml": hide_runs})
    root = tmp_path_factory.mktemp("docx") / "changed"
    (root / "reports").mkdir(parents=True)
    (root / "reports" / "changes.docx").write_bytes(data)
    (root / "pack.toml").write_text(MEETING + items("changes.docx"), encoding="utf-8")
    return root, data


def test_the_file_really_holds_what_must_not_be_shown(changed: tuple[Path, bytes]) -> None:
    """Pandoc alone, showing everything, would let all of it through."""
    everything = ast.text_of(pandoc.read(changed[1], "docx",
                                         extra=["--track-changes=all"])["blocks"])
    for word_ in (*ABSENT, "Insertedword"):
        assert word_ in everything


def test_deleted_comment_and_hidden_text_never_reach_the_pack(changed: tuple[Path, bytes]
                                                              ) -> None:
    root, _ = changed
    result = build(root)
    assert result.ok, [str(p) for p in result.problems]
    for name in ("members.pdf", "public.pdf", "members.html", "public.html"):
        path = root / "build" / name
        text = flat(pdf_text(path) if name.endswith(".pdf") else " ".join(
            t for tag, _, t in Elements(path.read_text(encoding="utf-8")).found
            if tag == "body"))
        for word_ in PRESENT:
            assert word_ in text, (name, word_)
        for word_ in ABSENT:
            assert word_ not in text, (name, word_)
        if name.endswith(".html"):
            raw = path.read_text(encoding="utf-8")
            assert not any(word_ in raw for word_ in ABSENT)


def test_check_warns_about_changes_comments_and_hidden_text(changed: tuple[Path, bytes]
                                                           ) -> None:
    found = check(changed[0], use_cache=False)
    assert found.errors == []
    messages = warnings(found.problems, "changes.docx")
    assert any("still had tracked changes (1 insertion, 1 deletion)" in m for m in messages)
    assert any("had 1 comment, left out" in m for m in messages)
    hidden = [m for m in messages if "had hidden text" in m]
    assert hidden and "(5 words)" in hidden[0]
    assert all("\n" not in str(p) for p in found.problems)


# --- every word of the report reaches the PDF ------------------------------------------


def words(text: str) -> Counter[str]:
    """Words as a reader sees them: ligatures, hyphens at line ends and case ignored."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"-\s*\n\s*", "", text)
    text = re.sub(r"(?<=\w)[-\u2010\u2011](?=\w)", "", text)
    # letters and digits apart: a footnote mark is printed against the next word ("1Ofsted")
    return Counter(w.casefold() for w in re.findall(r"[^\W\d_]+|\d+", text))


def test_every_word_of_the_demo_report_is_in_the_pdf(make_pack) -> None:
    data = (DEMO / "reports" / "improvement-plan.docx").read_bytes()
    root = make_pack(items("improvement-plan.docx"),
                     files={"reports/improvement-plan.docx": data})
    result = build(root, editions=["members"], formats=["pdf"])
    assert result.ok and warnings(result.problems, "improvement-plan.docx") == []
    blocks = pandoc.read(data, "docx", extra=["--track-changes=accept"])["blocks"]
    shown = ast.walk(blocks, lambda n: [] if n["t"] == "Image" else None)  # alt text is not
    expected = words(ast.text_of(shown))                                  # printed
    assert sum(expected.values()) > 300
    missing = expected - words(pdf_text(root / "build" / "members.pdf"))
    assert not missing, missing


# --- pictures --------------------------------------------------------------------------

EMF = b"\x01\x00\x00\x00" + b"\0" * 36 + b" EMF" + b"\0" * 60


def only_media(data: bytes) -> str:
    return next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
                if n.startswith("word/media/"))


def set_description(text: bytes) -> Callable[[bytes], bytes]:
    return lambda part: re.sub(rb'descr="[^"]*"', b'descr="' + text + b'"', part)


def test_pictures_typst_cannot_show_become_their_description(make_pack) -> None:
    plain = word(f"![Beta diagram]({png_uri((200, 40, 40))})\n\nAfter the diagram.\n")
    media = only_media(plain)
    emf = media.rsplit(".", 1)[0] + ".emf"
    rels = "word/_rels/document.xml.rels"
    vector = edited(plain, {
        media: lambda _: EMF,
        rels: lambda part: part.replace(media[5:].encode(), emf[5:].encode()),
        "word/document.xml": set_description(b"Beta diagram description"),
    }, renames={media: emf})
    undescribed = edited(word(f"![]({png_uri((40, 160, 40))})\n\nA plain chart.\n"),
                         {"word/document.xml": set_description(b"")})
    root = make_pack(items("vector.docx", "undescribed.docx"),
                     files={"reports/vector.docx": vector,
                            "reports/undescribed.docx": undescribed})
    result = build(root, editions=["members"])
    assert result.ok, [str(p) for p in result.problems]
    vector_notes = warnings(result.problems, "vector.docx")
    assert len(vector_notes) == 1
    assert "not an image type boardpack can show" in vector_notes[0]
    assert ".emf" in vector_notes[0] and "description is shown instead" in vector_notes[0]
    assert warnings(result.problems, "undescribed.docx") == [
        "1 picture with no alt text (such as " + repr(Path(only_media(undescribed)).name)
        + ")"]
    text = flat(pdf_text(root / "build" / "members.pdf"))
    assert "Beta diagram description" in text and "After the diagram." in text
    page = Elements((root / "build" / "members.html").read_text(encoding="utf-8"))
    assert "Beta diagram description" in page.texts("em")
    sources = [attrs["src"] for tag, attrs, _ in page.found if tag == "img"]
    assert len(sources) == 1 and sources[0].startswith("data:image/png;base64,")


# --- what Pandoc moves or mangles ------------------------------------------------------


def test_title_author_and_date_written_in_the_document_are_kept(make_pack) -> None:
    data = word("---\ntitle: Fostering sufficiency review\nsubtitle: Second interim "
                "findings\nauthor: \"Jo Bloggs, Head of Service\"\ndate: 4 January 2027\n---\n\n"
                "# Findings\n\nBody text.\n")
    root = make_pack(items("titled.docx"), files={"reports/titled.docx": data})
    result = build(root, editions=["members"], formats=["pdf"])
    assert result.ok
    text = flat(pdf_text(root / "build" / "members.pdf"))
    assert ("Fostering sufficiency review Second interim findings Jo Bloggs, Head of Service "
            "4 January 2027 Findings Body text.") in text


def test_a_link_to_a_missing_bookmark_keeps_its_text(make_pack) -> None:
    data = word("# Risks\n\nSee [the risk register](#register-that-is-gone) and "
                "[the risks](#risks).\n")
    root = make_pack(items("links.docx"), files={"reports/links.docx": data})
    result = build(root, editions=["members"], formats=["pdf"])
    assert result.ok, [str(p) for p in result.problems]
    assert "See the risk register and the risks." in flat(pdf_text(root / "build" /
                                                                    "members.pdf"))


CONTENTS = """\
# Contents

See [1. Introduction](#introduction) for the aims, then [2. Staffing](#staffing).

# Introduction

Why the review was made.

# Staffing

| Team | Vacancies |
|------|----------:|
| North | 4 |

Table: 1. Source: payroll records, March

See [- the plan](https://example.org/plan) and [= the budget](https://example.org/b).

- \\- 4 posts since March
- 1\\. Recruitment drive
"""


def test_a_link_caption_or_list_item_that_starts_like_markup_shows_as_written(
        make_pack) -> None:
    """Pandoc 3.9's Typst writer leaves the start of a link's text, a table's caption and
    a list item's text unescaped, where Typst reads "1. " as a list, "- " as a bullet
    and "= " as a heading: a Word contents list's "1. Introduction" broke its line."""
    root = make_pack(items("contents.docx"), files={"reports/contents.docx": word(CONTENTS)})
    result = build(root, editions=["members"], formats=["pdf"])
    assert result.ok, [str(p) for p in result.problems]
    pdf = root / "build" / "members.pdf"
    lines = [" ".join(line.split()) for line in pdf_text(pdf).splitlines()]
    for line in ("See 1. Introduction for the aims, then 2. Staffing.",
                 "1. Source: payroll records, March",
                 "See - the plan and = the budget.", "• - 4 posts since March",
                 "• 1. Recruitment drive"):
        assert line in lines, (line, lines)
    report = pdf_text(pdf).split("Contents", 1)[1].split("Any other urgent business")[0]
    assert report.count("•") == 2 and "‣" not in report  # the list's two bullets only
    titles = [title for title, _, _ in pdf_outline(pdf)]
    assert not [t for t in titles if "budget" in t or "Source" in t], titles
    # no list was made of them: as many list items as the same report without the starts
    plain = CONTENTS.replace("[1. ", "[").replace("[2. ", "[").replace(": 1. ", ": ")
    plain = plain.replace("[- ", "[").replace("[= ", "[").replace("- \\- ", "- ")
    plain = plain.replace("- 1\\. ", "- ")
    other = make_pack(items("contents.docx"), files={"reports/contents.docx": word(plain)},
                      name="plain")
    assert build(other, editions=["members"], formats=["pdf"]).ok
    items_in = [len(tagged.tree(r / "build" / "members.pdf").find("/LI")) for r in (root, other)]
    assert items_in[0] == items_in[1]


def test_a_header_row_spanned_from_above_is_dropped_and_typst_lays_it_out(tmp_path: Path
                                                                          ) -> None:
    """Word's merged header cells can leave a row with no cells of its own."""
    table = ast.table(["Area", "Cost"], [["North", "£1"]])
    head_row = table["c"][3][1][0]
    for cell in head_row[1]:
        cell[2] = 2  # each header cell spans two rows ...
    table["c"][3][1].append([ast.attr(), []])  # ... so the second row has no cells
    fixed = ast.walk([table], docx_source.without_empty_rows)[0]
    rows = fixed["c"][3][1]
    assert len(rows) == 1 and [cell[2] for cell in rows[0][1]] == [1, 1]
    source = pandoc.write(ast.document([fixed]), "typst")
    (tmp_path / "t.typ").write_text(source, encoding="utf-8")
    assert typst.compile(str(tmp_path / "t.typ"), format="pdf").startswith(b"%PDF")


# --- broken and hostile files, and the limits ------------------------------------------

BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
                  + b"".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'.encode()
                             for p, c in zip("abcdefgh", "bcdefghi", strict=True))
                  + b']><w:document xmlns:w="http://schemas.openxmlformats.org/'
                  b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p>'
                  b"</w:body></w:document>")


def test_hostile_and_broken_files_are_one_line_errors(make_pack) -> None:
    good = word("# Fine\n\nAll well.\n")
    cases = {
        "xmlbomb.docx": (edited(good, {"word/document.xml": lambda _: BILLION_LAUGHS}),
                         "declares a DTD"),
        "badxml.docx": (edited(good, {"word/document.xml": lambda part: part[:300]}),
                        "is damaged XML"),
        "nodocument.docx": (edited(good, {}, renames={"word/document.xml": "word/other.xml"}),
                            "not a Word document"),
        "lyingbomb.docx": (hostile.docx_bomb(400, lie=True), "damaged"),
        "bomb.docx": (hostile.docx_bomb(400), "zip bomb"),
    }
    files = {f"reports/{name}": data for name, (data, _) in cases.items()}
    root = make_pack(items("good.docx", *cases), files={**files, "reports/good.docx": good})
    found = check(root, use_cache=False)
    assert found.converted is not None
    assert set(found.converted.by_file) == {("good", "reports/good.docx")}
    for name, (_, expected) in cases.items():
        errors = [str(p) for p in found.errors if p.file == f"reports/{name}"]
        assert len(errors) == 1, (name, errors)
        assert expected in errors[0] and "\n" not in errors[0]
        assert f"item '{Path(name).stem}'" in errors[0]


def with_part(data: bytes, name: str, part: bytes) -> bytes:
    """The .docx with one more part, stored as it is."""
    buffer = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info))
        archive.writestr(name, part)
    return buffer.getvalue()


def test_the_unzipped_size_limit_is_set_in_pack_toml(make_pack) -> None:
    noise = random.randbytes(3_000_000)  # does not compress, so it is no zip bomb
    data = with_part(word("# Photos\n\nSee the appendix.\n"), "word/media/scan.bin", noise)
    small = make_pack(items("photos.docx", limits="[limits]\nmax_unzipped_mb = 2\n"),
                      files={"reports/photos.docx": data}, name="small")
    refused = [str(p) for p in check(small, use_cache=False).errors]
    assert len(refused) == 1
    assert "over the 2 MB limit" in refused[0] and "max_unzipped_mb" in refused[0]
    default = make_pack(items("photos.docx"), files={"reports/photos.docx": data},
                        name="default")
    assert check(default, use_cache=False).errors == []


def test_a_50_mb_word_file_is_refused_by_max_file_mb(make_pack) -> None:
    data = with_part(word("Words.\n"), "word/media/scan.bin", bytes(51_000_000))
    root = make_pack(items("big.docx"), files={"reports/big.docx": data})
    errors = [str(p) for p in check(root, use_cache=False).errors]
    assert len(errors) == 1 and "over the 50 MB limit" in errors[0]
    assert "max_file_mb" in errors[0]


W_DOCUMENT = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
              'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:pStyle '
              'w:val="Quiet"/></w:pPr><w:r><w:t>Quietword</w:t></w:r><w:r><w:rPr><w:vanish '
              'w:val="0"/></w:rPr><w:t>Unhidden</w:t></w:r></w:p><w:p><w:r><w:t>Seen</w:t></w:r>'
              '<w:r><w:rPr><w:vanish/></w:rPr><w:t>Secret words</w:t></w:r><w:r><w:t>too</w:t>'
              "</w:r></w:p></w:body></w:document>")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_hidden_runs_are_cut_whatever_the_encoding(encoding: str) -> None:
    findings = docxinspect.Findings()
    declared = "UTF-16" if encoding == "utf-16" else "UTF-8"
    data = W_DOCUMENT.replace("UTF-8", declared).encode(encoding)
    out = docxinspect.cut_hidden(data, "word/document.xml", {"Quiet"}, findings)
    text = re.sub(r"<[^>]+>", " ", out.decode("utf-8-sig")).split()
    assert text == ["Unhidden", "Seen", "too"]
    assert findings.hidden_words == 3


W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Parts with nothing to cut or count, and parts whose one element to find hides behind
# another prefix, a default namespace, an odd encoding or a damaged end: the quick path
# (a bare expat check) must decide exactly as the full one does.
PART_BODIES = {
    "plain": '<w:p><w:r><w:t>Words only; insight, deliberate, moveable.</w:t></w:r></w:p>',
    "insertion, other prefix": '<x:p><x:ins x:id="1"><x:r><x:t>new</x:t></x:r></x:ins></x:p>',
    "deletion, default namespace": '<p xmlns="{ns}"><del><r><delText>old</delText></r></del></p>',
    "format change": '<w:p><w:pPr><w:pPrChange w:id="2"/></w:pPr></w:p>',
    "comment": '<w:p><w:commentRangeStart w:id="7"/><w:r><w:t>x</w:t></w:r></w:p>',
    "vanish, tab before its attribute": '<w:p><w:r><w:rPr><w:vanish\tw:val="1"/></w:rPr>'
                                        '<w:t>gone words</w:t></w:r></w:p>',
    "vanish in another namespace": '<w:p><w:r><w:rPr><o:vanish xmlns:o="urn:other"/></w:rPr>'
                                   '<w:t>kept</w:t></w:r></w:p>',
    "damaged": '<w:p><w:r><w:t>unclosed</w:r></w:p>',
}


def part(body: str, encoding: str = "UTF-8") -> bytes:
    xml = (f'<?xml version="1.0" encoding="{encoding}"?><w:document xmlns:w="{W_MAIN}" '
           f'xmlns:x="{W_MAIN}"><w:body>{body.format(ns=W_MAIN)}</w:body></w:document>')
    return xml.encode("utf-16" if encoding == "UTF-16" else encoding)


def cut(data: bytes, hidden: set[str]) -> tuple[bytes, docxinspect.Findings] | str:
    findings = docxinspect.Findings()
    try:
        return docxinspect.cut_hidden(data, "word/document.xml", hidden, findings), findings
    except docxinspect.BadPart as exc:
        return str(exc)


@pytest.mark.parametrize("encoding", ["UTF-8", "ISO-8859-1", "UTF-16"])
@pytest.mark.parametrize("name", PART_BODIES)
def test_the_quick_look_at_a_part_decides_as_the_full_read(name: str, encoding: str) -> None:
    data = part(PART_BODIES[name], encoding)
    quick = cut(data, set())
    full = cut(data, {"NoSuchStyle"})  # a hidden style always takes the full read
    assert quick == full
    if name == "damaged":
        assert isinstance(quick, str) and "damaged XML" in quick
    if name.startswith("vanish, "):
        assert not isinstance(quick, str) and quick[1].hidden_words == 2
    if name.startswith(("insertion", "deletion")):
        assert not isinstance(quick, str) and quick[1].tracked == 1


def test_styles_without_vanish_hide_nothing_but_must_still_be_sound_xml() -> None:
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W_MAIN}">'
              '<w:style w:styleId="Quiet"><w:rPr><w:b/></w:rPr></w:style></w:styles>')
    assert docxinspect.hidden_styles(styles.encode(), "word/styles.xml") == set()
    hiding = styles.replace("<w:b/>", '<w:vanish w:val="true"/>')
    assert docxinspect.hidden_styles(hiding.encode(), "word/styles.xml") == {"Quiet"}
    with pytest.raises(docxinspect.BadPart, match="damaged XML"):
        docxinspect.hidden_styles(styles[:-3].encode(), "word/styles.xml")
