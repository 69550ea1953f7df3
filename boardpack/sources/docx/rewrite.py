"""What Word shows and Pandoc's docx reader misses, written into the XML Pandoc reads.

One streaming pass over the main document part (expat, byte offsets) notes where
each change goes; the changes are then spliced into the bytes, so everything else
stays exactly as Word wrote it:

- list numbers (counted by ``numbering``): a list Pandoc can write exactly (one
  level's number and a full stop, in decimal, letters or roman numerals) stays a
  list, each paragraph marked with its number so that ``marks`` sets the list's
  start as Word counts it; any other list (1.1, 3.2.1, D.4, (a), 2)) loses its
  Word numbering and gets its number as text, as Word shows it;
- text boxes (DrawingML, VML, or both in ``mc:AlternateContent``) move out of
  their anchor paragraph to just after it, between two marks, and the paragraph
  keeps its own text;
- simple fields (``w:fldSimple``) become complex fields, whose result Pandoc keeps;
- each ``w:altChunk`` becomes a marked paragraph that ``marks`` replaces with the
  converted chunk;
- a shaded table cell's first paragraph gets a mark holding the fill colour.

A mark is a text run between private-use characters, with a token made for each
conversion, so nothing in a document can forge one. The pass also counts what the
pack cannot show (embedded objects, charts, SmartArt, ink), for warnings.
"""

from __future__ import annotations

import bisect
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from boardpack.sources.docx import numbering, tablestyles
from boardpack.sources.docx.inspect import W_NAMESPACES, findable, new_parser, parse, w_val

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
VML_OFFICE = "urn:schemas-microsoft-com:office:office"
RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"
OPEN, SEP, CLOSE = "\ue000", "\ue002", "\ue001"
# Kinds of mark: a text box's start and end, an altChunk, a cell's fill, a list number.
BOX_START, BOX_END, CHUNK, SHADE, NUMBER = "B", "E", "C", "S", "N"
# Number formats a Pandoc ordered list writes exactly, in HTML and in Typst, with "."
LIST_STYLES = {"decimal": "Decimal", "lowerLetter": "LowerAlpha", "upperLetter": "UpperAlpha",
               "lowerRoman": "LowerRoman", "upperRoman": "UpperRoman"}
# OLE programmatic ids ("Excel.Sheet.12"), as a reader would name the object.
OBJECT_NAMES = {"excel": "Excel worksheet", "word": "Word document",
                "powerpoint": "PowerPoint presentation", "visio": "Visio drawing",
                "acroexch": "PDF document", "package": "embedded file",
                "equation": "Equation Editor equation", "paint": "Paint picture"}
# Word elements the pass looks at when they open, and when they close.
NOTED = frozenset({"p", "pStyle", "numPr", "numId", "ilvl", "tbl", "tr", "tc", "tblStyle",
                   "tblLook", "shd", "gridSpan", "drawing", "pict", "object", "txbxContent",
                   "fldSimple", "altChunk"})
NOTED_ENDS = frozenset({"p", "pPr", "numPr", "tc", "tbl", "txbxContent", "fldSimple",
                        "altChunk"})
QUICK_LOOK = re.compile(rb"<(?:[^\s<>/:!?]+:)?(?:numPr|pStyle|txbxContent|fldSimple|altChunk|"
                        rb"shd|tblStyle|OLEObject|graphicData|contentPart)[\s/>]")


@dataclass
class Rewritten:
    """The main document part as Pandoc should read it, and what the pass found."""

    data: bytes
    token: str
    text_boxes: int = 0
    chunks: list[str] = field(default_factory=list)  # each altChunk's relationship id
    objects: list[str] = field(default_factory=list)  # what each embedded object is
    charts: list[str] = field(default_factory=list)  # each chart's name
    smartart: list[str] = field(default_factory=list)  # each SmartArt diagram's name
    ink: int = 0


@dataclass
class _Edit:
    """Replace ``start``–``end`` (an insertion when they are equal) by ``text``."""

    start: int
    end: int
    text: bytes | Callable[[], bytes]
    order: int = 0


@dataclass
class _Table:
    style: str = ""
    look: dict[str, bool] = field(default_factory=lambda: dict(tablestyles.DEFAULT_LOOK))
    fill: str | None = None  # the table's own shading (w:tblPr/w:shd)
    rows: list[int] = field(default_factory=list)  # the grid columns each row has filled


@dataclass
class _Cell:
    table: _Table
    row: int
    column: int
    fill: str | None = None
    own: bool = False  # it has its own w:shd (which may take the table's fill off)
    first: bool = True  # its first paragraph is still to come


@dataclass
class _Paragraph:
    start: int
    prefix: str  # the element's namespace prefix with its colon ("w:"), or ""
    content: int  # where a run goes to come before all the paragraph's others
    self_closing: bool
    style: str = ""
    num_id: str | None = None
    ilvl: int | None = None
    numpr: tuple[int, int] | None = None
    ppr_end: int | None = None  # where "</w:pPr>" starts
    resolved: bool = False
    cell: _Cell | None = None  # the cell this paragraph opens
    runs: list[tuple[int, bytes]] = field(default_factory=list)
    after: list[Callable[[], bytes]] = field(default_factory=list)


@dataclass
class _Holder:
    """A drawing, a VML picture or alternate content, which may hold text boxes."""

    start: int
    depth: int
    paragraph: _Paragraph | None
    alternate: bool = False
    branch: int = 0
    branch_content: bool = False  # the current branch holds elements
    boxes: dict[int, list[list[int]]] = field(default_factory=dict)
    name: str = ""  # the drawing's name or description (wp:docPr)
    shows: str = ""  # "chart" or "SmartArt" when that is what it draws


def mark(token: str, kind: str, *payload: str) -> str:
    return OPEN + token + kind + SEP.join(payload) + CLOSE


def rewrite(data: bytes, name: str, definitions: numbering.Definitions,
            table_styles: dict[str, tablestyles.TableStyle] | None = None) -> Rewritten:
    """The main document part with the changes above spliced in."""
    token = secrets.token_hex(6)
    if not findable(data) or QUICK_LOOK.search(data) is None:
        return Rewritten(data, token)
    return _Pass(data, name, definitions, token, table_styles or {}).run()


def object_name(prog_id: str) -> str:
    """What an OLE object is, from its ProgID ("Excel.Sheet.12": an Excel worksheet)."""
    head = prog_id.split(".")[0]
    return OBJECT_NAMES.get(head.lower(), f"{head} object" if head else "object")


def simple(label: numbering.Label) -> bool:
    """Whether Pandoc's ordered list writes this number exactly, in HTML and in Typst."""
    return label.fmt in LIST_STYLES and label.pattern == f"%{label.level + 1}."


class Stack:
    """The open elements of a streaming pass, and the ``mc:Fallback`` it skips (a copy
    of the ``mc:Choice`` before it, which is read instead)."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.ignoring = 0  # the depth of the Fallback being skipped

    def push(self, tag: str) -> bool:
        """Open ``tag``; True if it is inside a skipped Fallback."""
        self.stack.append(tag)
        return bool(self.ignoring)

    def pop(self) -> bool:
        """Close the last element; True if it was inside (or was) a skipped Fallback."""
        depth = len(self.stack)
        self.stack.pop()
        if self.ignoring and depth == self.ignoring:
            self.ignoring = 0
            return True
        return bool(self.ignoring)

    def skip(self) -> None:
        """Skip the element just opened (a Fallback) and everything in it."""
        self.ignoring = len(self.stack)


class _Pass(Stack):
    """The streaming pass: ``start``/``end`` note edits; ``render`` splices them in."""

    def __init__(self, data: bytes, name: str, definitions: numbering.Definitions,
                 token: str, table_styles: dict[str, tablestyles.TableStyle]) -> None:
        super().__init__()
        self.table_styles = table_styles
        self.data = data
        self.name = name
        self.token = token
        self.counter = numbering.Counter(definitions)
        self.found = Rewritten(data, token)
        self.edits: list[_Edit] = []
        self.paragraphs: list[_Paragraph] = []
        self.finished: list[_Paragraph] = []  # paragraphs with runs to insert
        self.numbered: list[tuple[_Paragraph, numbering.Label]] = []
        self.cells: list[_Cell] = []
        self.tables: list[_Table] = []
        self.holders: list[_Holder] = []
        self.fields: list[tuple[int, int, str]] = []
        self.chunk_starts: list[tuple[int, int]] = []
        self.parser = new_parser()
        self._sorted: list[_Edit] | None = None
        self._starts: list[int] = []

    def run(self) -> Rewritten:
        parse(self.data, self.name, self.start, self.end, parser=self.parser)
        self.number_paragraphs()
        for paragraph in self.finished:
            fill = self.cell_fill(paragraph.cell) if paragraph.cell else None
            if fill:
                paragraph.runs.append((0, self.run_xml(paragraph.prefix, mark(
                    self.token, SHADE, fill))))
            self.insert_runs(paragraph)
        self.found.data = self.render(0, len(self.data))
        return self.found

    # --- reading ---------------------------------------------------------------------

    def tag_end(self, index: int) -> int:
        """The offset just after the start tag at ``index`` (quoted values respected)."""
        data, quote, position = self.data, 0, index + 1
        while position < len(data):
            byte = data[position]
            if quote:
                quote = 0 if byte == quote else quote
            elif byte in (0x22, 0x27):
                quote = byte
            elif byte == 0x3E:
                return position + 1
            position += 1
        return len(data)

    def element_end(self, index: int) -> int:
        """The offset just after the element whose end event came at ``index``: expat
        gives the end tag's start, or for ``<x/>`` the offset just after it."""
        if self.data.startswith(b"</", index):
            return self.data.index(b">", index) + 1
        return index

    def prefix(self, index: int) -> str:
        found = re.match(rb"<([^\s/>]+)", self.data[index:index + 80])
        name = found.group(1).decode("ascii", "replace") if found else ""
        return name[: name.index(":") + 1] if ":" in name else ""

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        namespace, _, local = tag.rpartition(" ")
        word = namespace in W_NAMESPACES
        parent = self.stack[-1] if self.stack else ""
        if self.push(local if word else ""):  # the stack holds Word elements' names
            return
        holder = self.holders[-1] if self.holders else None
        if holder and holder.alternate and len(self.stack) == holder.depth + 2:
            holder.branch_content = True
        if word:
            if parent == "p" and local != "pPr" and not self.paragraphs[-1].resolved:
                self.resolve(self.paragraphs[-1])
            if local in NOTED:
                self.start_w(local, parent, attrs, self.parser.CurrentByteIndex)
        elif namespace == MC:
            self.start_alternate(local, self.parser.CurrentByteIndex)
        elif local == "docPr" and holder:
            holder.name = attrs.get("descr") or attrs.get("title") or attrs.get("name", "")
        elif local == "graphicData":
            uri = attrs.get("uri", "").rstrip("/").rsplit("/", 1)[-1]
            kind = "chart" if uri in ("chart", "chartex") else "SmartArt" if \
                uri == "diagram" else ""
            if kind and holder and not holder.shows:
                holder.shows = kind
            elif kind:
                (self.found.charts if kind == "chart" else self.found.smartart).append("")
        elif local == "contentPart":
            self.found.ink += 1
        elif local == "OLEObject" and namespace == VML_OFFICE:
            self.found.objects.append(object_name(attrs.get("ProgID", "")))

    def start_alternate(self, local: str, index: int) -> None:
        holder = self.holders[-1] if self.holders else None
        if local == "AlternateContent":
            self.open_holder(index, alternate=True)
        elif holder and holder.alternate and len(self.stack) == holder.depth + 1:
            if local == "Fallback" and holder.branch_content:
                self.skip()  # the Choice is read; this is its copy
            else:
                holder.branch += 1
                holder.branch_content = False

    def start_w(self, local: str, parent: str, attrs: dict[str, str], index: int) -> None:
        paragraph = self.paragraphs[-1] if self.paragraphs else None
        if local == "p":
            self.open_paragraph(index, parent)
        elif paragraph and parent == "pPr" and local in ("pStyle", "numPr"):
            if local == "pStyle":
                paragraph.style = w_val(attrs) or ""
            else:
                paragraph.numpr = (index, 0)
        elif paragraph and parent == "numPr" and local in ("numId", "ilvl"):
            if local == "numId":
                paragraph.num_id = w_val(attrs) or ""
            else:
                paragraph.ilvl = numbering.integer(w_val(attrs), 0)
        elif local in ("tbl", "tr", "tc") or parent in ("tblPr", "tcPr"):
            self.start_table_part(local, parent, attrs)
        elif local in ("drawing", "pict", "object"):
            holder = self.holders[-1] if self.holders else None
            if holder is None or holder.paragraph is not paragraph:
                self.open_holder(index)
        elif local == "txbxContent" and self.holders:
            holder = self.holders[-1]
            inner = self.tag_end(index)
            holder.boxes.setdefault(holder.branch, []).append([inner, inner])
        elif local == "fldSimple":
            self.fields.append((index, self.tag_end(index), w_val(attrs, "instr") or ""))
        elif local == "altChunk":
            self.chunk_starts.append((index, len(self.found.chunks)))
            self.found.chunks.append(attrs.get(RELATIONSHIP_ID, ""))

    def start_table_part(self, local: str, parent: str, attrs: dict[str, str]) -> None:
        table = self.tables[-1] if self.tables else None
        if local == "tbl":
            self.tables.append(_Table())
        elif table is None:
            return
        elif local == "tr":
            table.rows.append(0)
        elif local == "tc" and table.rows:
            self.cells.append(_Cell(table, len(table.rows) - 1, table.rows[-1]))
            table.rows[-1] += 1
        elif parent == "tblPr" and local == "tblStyle":
            table.style = w_val(attrs) or ""
        elif parent == "tblPr" and local == "tblLook":
            table.look = tablestyles.look(attrs)
        elif parent == "tblPr" and local == "shd":
            table.fill = tablestyles.shading(attrs)
        elif parent == "tcPr" and self.cells and local == "shd":
            self.cells[-1].fill, self.cells[-1].own = tablestyles.shading(attrs), True
        elif parent == "tcPr" and self.cells and local == "gridSpan" and table.rows:
            table.rows[-1] += max(0, min(numbering.integer(w_val(attrs), 1), 64) - 1)

    def cell_fill(self, cell: _Cell) -> str | None:
        """A cell's fill: its own, else its table style's, else its table's."""
        if cell.own:
            return cell.fill
        table = cell.table
        styled = tablestyles.fill(self.table_styles, table.style, table.look, cell.row,
                                  len(table.rows), cell.column, table.rows[cell.row])
        return styled or table.fill

    def open_paragraph(self, index: int, parent: str) -> None:
        end = self.tag_end(index)
        paragraph = _Paragraph(index, self.prefix(index), end, self.data[end - 2:end] == b"/>")
        if parent == "tc" and self.cells and self.cells[-1].first:
            self.cells[-1].first = False
            paragraph.cell = self.cells[-1]
        self.paragraphs.append(paragraph)

    def open_holder(self, index: int, alternate: bool = False) -> None:
        paragraph = self.paragraphs[-1] if self.paragraphs else None
        self.holders.append(_Holder(index, len(self.stack), paragraph, alternate))

    def end(self, tag: str) -> None:
        depth = len(self.stack)
        local = self.stack[-1]
        if self.pop():
            return
        if self.holders and self.holders[-1].depth == depth:
            self.close_holder(self.element_end(self.parser.CurrentByteIndex))
            return
        if local not in NOTED_ENDS:
            return
        index = self.parser.CurrentByteIndex
        if local == "p" and self.paragraphs:
            self.close_paragraph(self.paragraphs.pop(), self.element_end(index))
        elif local == "pPr" and self.paragraphs and self.stack and self.stack[-1] == "p":
            paragraph = self.paragraphs[-1]
            if self.data.startswith(b"</", index):
                paragraph.ppr_end = index
            paragraph.content = self.element_end(index)
            self.resolve(paragraph)
        elif local == "numPr" and self.paragraphs and self.paragraphs[-1].numpr:
            paragraph = self.paragraphs[-1]
            if paragraph.numpr and not paragraph.numpr[1]:
                paragraph.numpr = (paragraph.numpr[0], self.element_end(index))
        elif local == "tc" and self.cells:
            self.cells.pop()
        elif local == "tbl" and self.tables:
            self.tables.pop()
        elif local == "txbxContent" and self.holders:
            boxes = self.holders[-1].boxes.get(self.holders[-1].branch)
            if boxes:
                boxes[-1][1] = index
        elif local == "fldSimple" and self.fields:
            self.close_field(index)
        elif local == "altChunk" and self.chunk_starts:
            self.close_chunk(index)

    # --- what each element becomes -----------------------------------------------------

    def resolve(self, paragraph: _Paragraph) -> None:
        """Count the paragraph's list number, once, as soon as its properties are read."""
        if paragraph.resolved:
            return
        paragraph.resolved = True
        found = self.counter.numbering_of(paragraph.style, paragraph.num_id, paragraph.ilvl)
        label = self.counter.label(*found) if found else None
        if label is not None and not label.bullet:
            self.numbered.append((paragraph, label))
        elif found and label is None:  # a list or level the file does not define: Word
            self.remove_numbering(paragraph)  # shows no number, and neither should Pandoc

    def close_paragraph(self, paragraph: _Paragraph, end: int) -> None:
        self.resolve(paragraph)
        for index, moved in enumerate(paragraph.after):
            self.edits.append(_Edit(end, end, moved, order=index))
        self.finished.append(paragraph)

    def close_holder(self, end: int) -> None:
        holder = self.holders.pop()
        chosen = next((holder.boxes[b] for b in sorted(holder.boxes) if holder.boxes[b]), [])
        anchor = holder.paragraph
        if holder.shows and not chosen:
            self.placeholder(holder, end)
        if not chosen or anchor is None:
            return
        self.found.text_boxes += len(chosen)
        self.edits.append(_Edit(holder.start, end, b""))
        boxes = [(lo, hi) for lo, hi in chosen]

        def moved() -> bytes:
            return b"".join([self.marker_paragraph(anchor.prefix, BOX_START),
                             *(self.render(lo, hi) for lo, hi in boxes),
                             self.marker_paragraph(anchor.prefix, BOX_END)])

        anchor.after.append(moved)

    def placeholder(self, holder: _Holder, end: int) -> None:
        """A chart or SmartArt, which Pandoc drops, becomes a line saying it is not shown."""
        name = " ".join(holder.name.split())[:80]
        (self.found.charts if holder.shows == "chart" else self.found.smartart).append(name)
        if not holder.alternate:  # alternate content may offer a picture of it instead
            p = self.prefix(holder.start)
            words = f"[{holder.shows}{f' “{name}”' if name else ''} not shown in the pack]"
            self.edits.append(_Edit(holder.start, end, (
                f'<{p}t xml:space="preserve">{escape(words)}</{p}t>').encode()))

    def close_field(self, index: int) -> None:
        start, start_end, instr = self.fields.pop()
        if self.data[start_end - 2:start_end] == b"/>":
            self.edits.append(_Edit(start, start_end, b""))
            return
        p = self.prefix(start)
        begin = (f'<{p}r><{p}fldChar {p}fldCharType="begin"/></{p}r><{p}r><{p}instrText '
                 f'xml:space="preserve">{escape(instr)}</{p}instrText></{p}r><{p}r><{p}fldChar '
                 f'{p}fldCharType="separate"/></{p}r>')
        finish = f'<{p}r><{p}fldChar {p}fldCharType="end"/></{p}r>'
        self.edits.append(_Edit(start, start_end, begin.encode("utf-8")))
        self.edits.append(_Edit(index, self.element_end(index), finish.encode("utf-8")))

    def close_chunk(self, index: int) -> None:
        start, number = self.chunk_starts.pop()
        self.edits.append(_Edit(start, self.element_end(index),
                                self.marker_paragraph(self.prefix(start), CHUNK, str(number))))

    def number_paragraphs(self) -> None:
        """Each list's numbers: marked for Pandoc's list, or as text (see above)."""
        as_text = {label.key for _, label in self.numbered if not simple(label)}
        for paragraph, label in self.numbered:
            if label.key not in as_text:
                paragraph.runs.append((1, self.run_xml(paragraph.prefix, mark(
                    self.token, NUMBER, label.text, LIST_STYLES[label.fmt], str(label.value)))))
                continue
            if label.text:
                suffix = "" if label.suffix == "nothing" else " "
                paragraph.runs.append((1, self.run_xml(paragraph.prefix, label.text + suffix,
                                                       label.bold)))
            self.remove_numbering(paragraph)

    def remove_numbering(self, paragraph: _Paragraph) -> None:
        p = paragraph.prefix
        none = f'<{p}numPr><{p}numId {p}val="0"/></{p}numPr>'.encode()
        if paragraph.numpr and paragraph.numpr[1]:
            self.edits.append(_Edit(*paragraph.numpr, none))
        elif paragraph.ppr_end is not None:
            self.edits.append(_Edit(paragraph.ppr_end, paragraph.ppr_end, none))
        elif not paragraph.self_closing and paragraph.content == self.tag_end(paragraph.start):
            paragraph.runs.insert(0, (-1, f"<{p}pPr>".encode() + none + f"</{p}pPr>".encode()))

    def insert_runs(self, paragraph: _Paragraph) -> None:
        """One edit for what goes at the start of the paragraph's content."""
        if not paragraph.runs:
            return
        runs = b"".join(run for _, run in sorted(paragraph.runs, key=lambda r: r[0]))
        if paragraph.self_closing:
            opened = self.data[paragraph.start:paragraph.content][:-2].rstrip() + b">"
            closing = f"</{paragraph.prefix}p>".encode()
            self.edits.append(_Edit(paragraph.start, paragraph.content,
                                    opened + runs + closing))
        else:
            self.edits.append(_Edit(paragraph.content, paragraph.content, runs, order=-1))

    def marker_paragraph(self, prefix: str, kind: str, *payload: str) -> bytes:
        p = prefix
        return f"<{p}p>".encode() + self.run_xml(p, mark(self.token, kind, *payload)) + \
            f"</{p}p>".encode()

    @staticmethod
    def run_xml(prefix: str, text: str, bold: bool = False) -> bytes:
        p = prefix
        props = f"<{p}rPr><{p}b/></{p}rPr>" if bold else ""
        return (f'<{p}r>{props}<{p}t xml:space="preserve">{escape(text)}</{p}t></{p}r>'
                ).encode()

    # --- splicing --------------------------------------------------------------------

    def render(self, lo: int, hi: int) -> bytes:
        """The bytes from ``lo`` to ``hi`` with the edits inside them made."""
        if self._sorted is None:
            self._sorted = sorted(self.edits, key=lambda e: (e.start, e.end > e.start, e.order))
            self._starts = [e.start for e in self._sorted]
        out: list[bytes] = []
        position = lo
        for edit in self._sorted[bisect.bisect_left(self._starts, lo):]:
            if edit.start < position or edit.end > hi:
                continue  # before the range, inside a part already replaced, or beyond
            if edit.start > hi:
                break
            out.append(self.data[position:edit.start])
            out.append(edit.text() if callable(edit.text) else edit.text)
            position = edit.end
        out.append(self.data[position:hi])
        return b"".join(out)
