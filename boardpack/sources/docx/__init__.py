"""Word reports (.docx): checked, inspected, rewritten, then read by Pandoc's docx reader.

Before Pandoc sees a file, the zip is checked (empty, password-protected,
damaged, zip bomb) and every part is read with bounded inflation; hidden text is
cut out and comments and document properties are left behind (``inspect``).
Then what Word shows and Pandoc's reader misses is written into the XML
(``rewrite``: list numbers as Word counts them (``numbering``), text boxes,
simple fields, alternative-format chunks (``chunks``), cell shading), Pandoc reads
the rest with tracked changes accepted, and ``marks`` finishes what the rewrite
marked. The text of the page headers and footers (``pages``) goes before and
after the report. Pictures come from the file's own parts (Pandoc is sandboxed, so
it cannot extract them to disk).
"""

from __future__ import annotations

import posixpath
from typing import Any

from boardpack.cache import paused_gc
from boardpack.pandoc import ast
from boardpack.pandoc import run as pandoc
from boardpack.problems import Problem
from boardpack.sources import ENDINGS, Context, Converted, images
from boardpack.sources.docx import chunks, numbering, pages, rewrite, tablestyles
from boardpack.sources.docx import inspect as docxinspect
from boardpack.sources.docx.inspect import Findings, Package
from boardpack.sources.docx.marks import Marks
from boardpack.sources.zipsafe import UnsafeZip, open_office

KIND = "docx"
EXTENSIONS = ENDINGS[KIND]
VERSION = 5  # 4: Word as Word shows it; 5: pictures marked decorative need no alt text
# A chunk of a chunk is read; one more level down is only warned about.
MAX_CHUNK_DEPTH = 2
# More distinct header and footer lines than this are running heads (chapter titles),
# not a report's committee line: they are warned about instead of shown.
MAX_PAGE_LINES = 6
PAGE_LINES_TYPST = "#block(width: 100%)[#set text(size: 0.9em, fill: luma(35%))"
# Paragraph styles Pandoc's reader turns into metadata; they are text the author wrote.
META_STYLES = ("title", "subtitle", "author", "date", "abstract")
# What Word writes for "Mark as decorative" (in a picture's properties), and where.
DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative decorative"
DRAWING_PROPERTIES = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing docPr"
BLIP = "http://schemas.openxmlformats.org/drawingml/2006/main blip"
EMBED = "http://schemas.openxmlformats.org/officeDocument/2006/relationships embed"


def convert(data: bytes, ctx: Context) -> Converted:
    with paused_gc():  # many objects and no cycles: the collector would only slow it down
        return _convert(data, ctx)


def _convert(data: bytes, ctx: Context) -> Converted:
    package = unpack(data, ctx)
    tokens: list[str] = []
    doc = read_document(package, ctx, tokens)
    blocks, notes = ast.clean(front_matter(doc["meta"]) + doc["blocks"], prefix=ctx.item,
                             owned=True)
    for note in notes:
        ctx.warn(note, "boardpack never passes raw markup through")
    try:
        page = pages.read(package)
    except docxinspect.BadPart as exc:
        raise ctx.error(str(exc), "open it in Word and save it again") from None
    blocks = with_pages(Marks(tokens).finish(blocks), page, ctx)
    blocks = embed_images(blocks, package, ctx)
    if not blocks:
        ctx.warn("the document has no text", "check that this is the right file")
    return ctx.result(blocks)


def read_document(package: Package, ctx: Context, tokens: list[str], depth: int = 0
                  ) -> dict[str, Any]:
    """Pandoc's reading of a Word package, after ``rewrite`` has added what Word shows
    and Pandoc misses; its alternative-format chunks read into it. ``tokens`` gets the
    token of each set of marks made (``marks`` finishes them after ``ast.clean``)."""
    try:
        findings = docxinspect.inspect(package)
        styles, listing = package.related("styles"), package.related("numbering")
        definitions = numbering.read(package.parts.get(listing or ""), package.parts.get(
            styles or ""), listing or "", styles or "")
        table_styles = tablestyles.read(package.parts.get(styles or ""), styles or "")
        rewritten = rewrite.rewrite(package.parts[package.main], package.main, definitions,
                                    table_styles)
    except docxinspect.BadPart as exc:
        raise ctx.error(str(exc), "open it in Word and save it again") from None
    report(findings, ctx)
    report_unshown(rewritten, ctx)
    tokens.append(rewritten.token)
    package.parts[package.main] = rewritten.data
    where = Problem("", pack=ctx.pack, item=ctx.item, file=ctx.file)
    found = chunks.Chunks()
    if rewritten.chunks and depth < MAX_CHUNK_DEPTH:
        found = chunks.convert(package, rewritten.chunks, where, ctx.limits.convert_seconds,
                               lambda data: read_document(unpack(data, ctx), ctx, tokens,
                                                          depth + 1)["blocks"])
    elif rewritten.chunks:
        found.unread = ["a Word file inside a Word file inside this one"] * len(rewritten.chunks)
    for what in found.unread:
        ctx.warn(f"the file holds content in another format ({what}) that the pack cannot "
                 "show", "open the file in Word and save it again, or paste that content "
                 "into the report as ordinary text")
    doc = pandoc.read(docxinspect.repack(package), "docx", extra=["--track-changes=accept"],
                      timeout=ctx.limits.convert_seconds, where=where)
    if rewritten.chunks:
        doc["blocks"] = Marks([rewritten.token]).insert_chunks(doc["blocks"], found.blocks)
    return doc


def report_unshown(found: rewrite.Rewritten, ctx: Context) -> None:
    """Warn about what Word shows in the body that the pack cannot."""
    if found.objects:
        ctx.warn(f"the file embeds {count(len(found.objects), 'object')} "
                 f"({listed(found.objects)}) that the pack cannot show: at most a picture of "
                 "it appears", "paste the content into the report itself (a table as a Word "
                 "table), or add the file to the item as a file of its own")
    for kind, names, hint in (
            ("chart", found.charts, "in Word, copy the chart and paste it as a picture (Paste "
             "Special > PNG) with alt text, or give its figures in a table"),
            ("SmartArt diagram", found.smartart, "in Word, convert the SmartArt to text, or "
             "paste it as a picture with alt text")):
        if names:
            named = [n for n in names if n]
            such = f" ({listed([f'“{n}”' for n in named])})" if named else ""
            ctx.warn(f"the file has {count(len(names), kind)}{such} that the pack cannot "
                     "show", hint)
    if found.ink:
        ctx.warn(f"the file has {count(found.ink, 'ink drawing')} (handwriting or pen "
                 "marks) that the pack cannot show", "ask the author to type the note, or "
                 "to delete the ink (Draw > Eraser)")


def listed(names: list[str], most: int = 3) -> str:
    """'an Excel worksheet, a Word document' from the names, each kind once."""
    kinds = list(dict.fromkeys(names))
    shown = ", ".join(kinds[:most])
    return shown + (f" and {len(kinds) - most} more" if len(kinds) > most else "")


def with_pages(blocks: list[dict[str, Any]], page: pages.Pages, ctx: Context
               ) -> list[dict[str, Any]]:
    """The blocks with the page header text before them and the footer text after them,
    once, without lines the body already holds; warnings for what is not shown."""
    body = {" ".join(ast.text_of(b).lower().split()) for b in blocks
            if b["t"] in ("Para", "Plain", "Header")} if page.headers or page.footers else set()
    headers = [h for h in page.headers if " ".join(h.lower().split()) not in body]
    footers = [f for f in page.footers if " ".join(f.lower().split()) not in body]
    if len(headers) + len(footers) > MAX_PAGE_LINES:
        ctx.warn(f"the page headers and footers hold {len(headers) + len(footers)} different "
                 f"lines (such as '{(headers or footers)[0][:60]}'), which the pack does not "
                 "show", "put what members must read in the body of the report")
        headers, footers = [], []
    if page.pictures:
        ctx.warn(f"the page header or footer has {count(page.pictures, 'picture')} (a logo?) "
                 "that the pack does not show", "nothing to do for the council's logo; put "
                 "anything members must see in the body of the report")
    for mark in page.watermarks:
        ctx.warn(f"the pages carry the watermark '{mark[:40]}', which the pack does not show",
                 "if the report is still a draft, ask for the final version; otherwise remove "
                 "the watermark in Word (Design > Watermark > Remove Watermark)")
    return page_lines(headers, "page-header") + blocks + page_lines(footers, "page-footer")


def page_lines(lines: list[str], kind: str) -> list[dict[str, Any]]:
    """Header or footer lines in a division of their own, in smaller, greyer type."""
    if not lines:
        return []
    return [ast.raw_block("typst", PAGE_LINES_TYPST),
            ast.div([ast.para(line) for line in lines], classes=[kind]),
            ast.raw_block("typst", "]")]


def unpack(data: bytes, ctx: Context) -> Package:
    """Every part of the file, read within the limits, or a clear error."""
    try:
        archive = open_office(data, max_unzipped=ctx.limits.max_unzipped_bytes, label="Word")
        return docxinspect.unpack(archive, budget=ctx.limits.max_unzipped_bytes)
    except UnsafeZip as exc:  # its message says what to do
        raise ctx.error(str(exc)) from None
    except docxinspect.READ_ERRORS as exc:
        message = str(exc) if isinstance(exc, docxinspect.BadPart) else (
            f"the file is damaged ({type(exc).__name__}: {str(exc)[:120]})")
        raise ctx.error(message, "open it in Word and save it again, or ask the author "
                        "to send it again") from None


def report(findings: Findings, ctx: Context) -> None:
    """Warn about what the file held that the pack leaves out or changes."""
    if findings.tracked:
        kinds = [count(findings.insertions, "insertion"), count(findings.deletions, "deletion"),
                 count(findings.moves, "move"), count(findings.formatting, "formatting change")]
        ctx.warn(f"the file still had tracked changes ({', '.join(k for k in kinds if k)}); "
                 "the pack shows them accepted",
                 "in Word use Review > Accept (or Reject) all changes and save, so the pack "
                 "shows what the author meant")
    if findings.comments:
        ctx.warn(f"the file had {count(len(findings.comments), 'comment')}, left out of the "
                 "pack", "in Word use Review > Delete All Comments and save")
    if findings.hidden_words or findings.hidden_pictures:
        what = ", ".join(k for k in (count(findings.hidden_words, "word"),
                                     count(findings.hidden_pictures, "picture")) if k)
        ctx.warn(f"the file had hidden text ({what}); it was left out of the pack",
                 "in Word, show hidden text (Home > ¶) to find it; delete it, or unhide it "
                 "if members should read it")
    if findings.linked_pictures:
        ctx.warn(f"{count(len(findings.linked_pictures), 'picture')} linked from outside the "
                 f"file (such as '{findings.linked_pictures[0][:60]}') left out",
                 "insert the picture into the document (Insert > Pictures) instead of "
                 "linking to it")


def count(n: int, noun: str) -> str:
    """'1 comment', '3 comments'; empty for none."""
    return f"{n} {noun}{'' if n == 1 else 's'}" if n else ""


def front_matter(meta: dict[str, Any]) -> list[dict[str, Any]]:
    """Title, subtitle, authors, date and abstract, which Pandoc moves out of the text."""
    blocks: list[dict[str, Any]] = []
    for key in META_STYLES:
        if key not in meta:
            continue
        found = meta_blocks(meta[key])
        if key == "title":
            found = [ast.para([ast.strong(b["c"])]) for b in found]
        elif key == "subtitle":
            found = [ast.para([ast.emph(b["c"])]) for b in found]
        blocks += found
    return blocks


def meta_blocks(value: dict[str, Any]) -> list[dict[str, Any]]:
    """A metadata value as paragraphs (a list gives one paragraph per entry)."""
    kind: str = value["t"]
    content: Any = value.get("c")
    if kind in ("MetaInlines", "MetaString"):
        return [ast.para(content)] if content else []
    if kind == "MetaBlocks":
        return list(content)
    if kind == "MetaList":
        return [block for entry in content for block in meta_blocks(entry)]
    return []


def embed_images(blocks: list, package: Package, ctx: Context) -> list:
    """Point each picture at stored media; a picture that cannot be shown becomes its
    description, with a warning. Pictures without a description are warned about once.
    Tables lose rows with no cells of their own on the way (see ``without_empty_rows``)."""
    undescribed: list[str] = []
    unusable: list[str] = []
    decorative = decorative_pictures(package)

    def fix(node: dict) -> dict | list | None:
        if node["t"] == "Table":
            return without_empty_rows(node)
        if node["t"] != "Image":
            return None
        a, alt, (target, title) = node["c"]
        part = find_part(package, target)
        name = posixpath.basename(part or target)
        if not ast.text_of(alt) and part in decorative:
            a = [a[0], [*a[1], ast.DECORATIVE], a[2]]
        elif not ast.text_of(alt):
            undescribed.append(name)
        broken = images.problem(package.parts[part], posixpath.splitext(part)[1]) if part \
            else "is not in the file"
        if broken or part is None:
            unusable.append(f"'{name[:60]}' {broken}")
            return [ast.emph(alt or "picture")]
        return {"t": "Image", "c": [a, alt, [ctx.add_media(
            package.parts[part], posixpath.splitext(part)[1]), title]]}

    blocks = ast.edit(blocks, fix, ("Table", "Image"))  # clean() made them: ours to change
    if undescribed:
        ctx.warn(f"{count(len(undescribed), 'picture')} with no alt text (such as "
                 f"'{undescribed[0][:60]}')",
                 "in Word, right-click each picture, choose View Alt Text and describe it "
                 "for members who use screen readers")
    for problem in unusable:
        ctx.warn(f"picture {problem}; its description is shown instead",
                 "in Word, save the picture as PNG (right-click, Save as Picture) and insert "
                 "that instead")
    return blocks


def decorative_pictures(package: Package) -> set[str]:
    """The picture parts that Word marks decorative ("Mark as decorative") wherever the
    main document shows them."""
    main = package.parts[package.main]
    if b"decorative" not in main:
        return set()
    targets = {r.id: r.target for r in package.relationships(package.main)}
    marked: set[str] = set()
    plain: set[str] = set()
    current = {"decorative": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == DRAWING_PROPERTIES:
            current["decorative"] = False
        elif tag == DECORATIVE:
            current["decorative"] = attrs.get("val") in ("1", "true")
        elif tag == BLIP and EMBED in attrs:
            (marked if current["decorative"] else plain).add(targets.get(attrs[EMBED], ""))

    docxinspect.parse(main, package.main, start)
    return marked - plain


def without_empty_rows(node: dict[str, Any]) -> dict[str, Any] | None:
    """A table without rows that have no cells of their own (every cell above spans
    them), shortening those spans: Pandoc's Typst writer cannot write an empty row."""
    if node["t"] != "Table":
        return None
    a, caption, specs, head, bodies, foot = node["c"]
    head = [head[0], squeeze(head[1])]
    bodies = [[b[0], b[1], squeeze(b[2]), squeeze(b[3])] for b in bodies]
    foot = [foot[0], squeeze(foot[1])]
    return {"t": "Table", "c": [a, caption, specs, head, bodies, foot]}


def squeeze(rows: list[list[Any]]) -> list[list[Any]]:
    kept: list[list[Any]] = []
    for row in rows:
        if row[1]:
            kept.append(row)
            continue
        for index, above in enumerate(kept):  # cells that reach down into this row
            for cell in above[1]:
                if index + cell[2] > len(kept):
                    cell[2] -= 1
    return kept


def find_part(package: Package, target: str) -> str | None:
    """The part a picture's target names: Pandoc gives it relative to the main document."""
    folder = posixpath.dirname(package.main)
    for candidate in (docxinspect.resolve(folder, target), docxinspect.resolve("", target),
                      docxinspect.resolve("word", target)):
        if candidate in package.parts:
            return candidate
    return None
