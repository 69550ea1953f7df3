"""Reading a PDF safely: pages, sizes, text, encryption, damage, black boxes over text.

``inspect`` reads a PDF with pypdf and checks that Typst can place every page (the
pack embeds them); it also renders the first pages as small PNG images for the
HTML pack. ``inspect_bounded`` does the same in a worker process with a time limit
and a memory cap, because a hostile PDF can make a reader loop or allocate without
end (the corpus has an xref loop, a cyclic outline and files that hang poppler).

Limits: ``max_pages`` (``[limits] max_pdf_pages`` in ``pack.toml``, default 1,000)
refuses longer files; ``seconds`` (``[limits] convert_seconds``) stops the worker;
``MEMORY_MB`` caps the worker's address space. Measured on a 1,000-page text PDF:
8 s and 150 MB on an idle two-core machine (pypdf's text extraction is most of it).

``fake_redactions`` finds dark filled boxes drawn over text that is still in the
file: a "redaction" that hides nothing from anyone who copies the text.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pypdf
import typst
from pypdf import PasswordType
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

MEMORY_MB = 2048
PAGE_IMAGE_PPI = 60  # readable enough beside the text, small enough to embed
DARK = 0.25  # a fill at most this light (0 black, 1 white) counts as a black box
MIN_HIDDEN_GLYPHS = 2
MAX_OPERATIONS = 400_000  # per page, forms included: the box scan stops there
# Operators that fill a path or draw a form, as tokens of a content stream.
MAY_HIDE = re.compile(rb"(?:^|\s)(?:f\*?|F|B\*?|b\*?|Do)(?=\s|$)")
FILL_OPERATORS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
PATH_END_OPERATORS = FILL_OPERATORS | {b"S", b"s", b"n"}

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class PdfProblem(Exception):
    """Why a PDF cannot go into a pack, and what to do about it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Page:
    """One page: its size as shown (points, after rotation) and its text."""

    number: int
    width: float
    height: float
    rotation: int
    text: str
    text_readable: bool = True

    @property
    def landscape(self) -> bool:
        return self.width > self.height


@dataclass
class Box:
    """A dark box over text still in the file, in PDF points from the page's lower left."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    hidden: int  # characters (glyphs) under it, or 0 for an unapplied redaction mark
    kind: str = "drawn"  # "drawn" (page content), "annotation" (a comment), "unapplied"


@dataclass
class Inspection:
    """What ``inspect`` found."""

    pages: list[Page]
    encrypted: bool = False
    boxes: list[Box] = field(default_factory=list)
    images: list[bytes] = field(default_factory=list)  # PNG of each of the first pages
    active: list[str] = field(default_factory=list)  # scripts and actions the file carries

    @property
    def has_text(self) -> bool:
        return any(page.text.strip() for page in self.pages)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["images"] = [base64.b64encode(image).decode("ascii") for image in self.images]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Inspection:
        return cls(pages=[Page(**p) for p in data["pages"]], encrypted=data["encrypted"],
                   boxes=[Box(**b) for b in data["boxes"]],
                   images=[base64.b64decode(i) for i in data["images"]],
                   active=data.get("active", []))


# --- opening -------------------------------------------------------------------------

DAMAGED_HINT = "open it and save or print it to a new PDF, or ask the author for a new copy"


def open_pdf(data: bytes, max_pages: int) -> pypdf.PdfReader:
    """A reader with the file decrypted, or PdfProblem: not a PDF, damaged, locked, empty
    or too long. A file with only an owner password (printing or copying restricted)
    opens with the empty user password, as every PDF viewer opens it."""
    if b"%PDF-" not in data[:1024]:
        raise PdfProblem("is not a PDF file (it does not start with %PDF)",
                         "check it is the right file, or export it as PDF again")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        if encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise PdfProblem("password-protected: ask for an unprotected copy",
                             "boardpack never stores passwords; the author can save a copy "
                             "without a password to open it")
        count = len(reader.pages)
    except PdfProblem:
        raise
    except pypdf.errors.DependencyError as exc:
        raise PdfProblem(f"encrypted in a way boardpack cannot read ({exc})",
                         "ask for an unprotected copy") from None
    except Exception as exc:  # pypdf raises many types on damaged files
        raise PdfProblem(f"the PDF is damaged and cannot be read ({_reason(exc)})",
                         DAMAGED_HINT) from None
    if count == 0:
        raise PdfProblem("the PDF has no pages", "export it again from the program that made it")
    if count > max_pages:
        raise PdfProblem(f"has {count:,} pages, over the limit of {max_pages:,}",
                         "split it into smaller files, or raise [limits] max_pdf_pages in "
                         "pack.toml")
    return reader


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --- pages and text ------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Text safe to place anywhere: no control characters but line breaks and tabs, no
    lone surrogates, lines without trailing spaces."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", "", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def read_page(reader: pypdf.PdfReader, index: int) -> tuple[Page, list[Box]]:
    """Size, rotation and text of one page, and the dark boxes over its text, from one
    pass over its content. A page whose text cannot be read keeps none."""
    page = reader.pages[index]
    try:
        rotation = int(page.rotation) % 360
    except Exception:  # a damaged /Rotate
        rotation = 0
    try:
        box = page.cropbox
        width, height = abs(float(box.width)), abs(float(box.height))
    except Exception:  # no usable /MediaBox: viewers assume US Letter
        width, height = 612.0, 792.0
    if rotation in (90, 270):
        width, height = height, width
    scan = _Scan(page) if _may_hide(page) else None
    try:
        text = page.extract_text() if scan is None else page.extract_text(
            visitor_operand_before=scan.before, visitor_operand_after=scan.after)
        text, readable = clean_text(text or ""), True
    except Exception:  # a damaged content stream: the page is still shown as it is
        text, readable = "", False
    return (Page(number=index + 1, width=round(width, 2), height=round(height, 2),
                 rotation=rotation, text=text, text_readable=readable),
            [] if scan is None else scan.boxes(page, index + 1))


def _may_hide(page: pypdf.PageObject) -> bool:
    """Whether a page has annotations, forms or fill operators: the box scan is skipped
    for the rest (most text pages), which saves a third of the reading time."""
    try:
        if page.get("/Annots"):
            return True
        contents = page.get_contents()
        return contents is not None and MAY_HIDE.search(contents.get_data()) is not None
    except Exception:  # the text reader reports a damaged page
        return False


# --- Typst: can the pack place the pages, and images of them ----------------------------


def typst_pages(data: bytes, count: int, image_pages: int, ppi: float) -> list[bytes]:
    """Check that Typst can place all ``count`` pages into a PDF (as the pack does), and
    return PNG images of the first ``image_pages``. PdfProblem if Typst cannot."""
    with tempfile.TemporaryDirectory(prefix="boardpack-pdf-") as folder:
        root = Path(folder)
        (root / "file.pdf").write_bytes(data)
        whole = root / "whole.typ"
        whole.write_text(_pages_source(count), encoding="utf-8")
        compiler = typst.Compiler(root=str(root), ignore_system_fonts=True)
        try:
            compiler.compile(input=str(whole), format="pdf")
            if image_pages <= 0:
                return []
            first = root / "first.typ"
            first.write_text(_pages_source(min(count, image_pages)), encoding="utf-8")
            images = compiler.compile(input=str(first), format="png", ppi=ppi)
        except typst.TypstError as exc:
            raise _typst_problem(exc.message) from None
    return images if isinstance(images, list) else [images]


def _pages_source(count: int) -> str:
    return ("#set page(width: auto, height: auto, margin: 0pt)\n"
            f'#for n in range(1, {count + 1}) {{ page(image("file.pdf", page: n)) }}\n')


def _typst_problem(message: str) -> PdfProblem:
    if "version of the PDF is too high" in message:
        return PdfProblem("is a PDF 2.0 file, which the pack cannot include yet",
                          "export or print it again as PDF 1.7 (e.g. Save As PDF in Word)")
    if "encrypted" in message:
        return PdfProblem("password-protected: ask for an unprotected copy",
                          "the author can save a copy without a password")
    detail = message.replace("file.pdf", "the file").strip()[:160]
    return PdfProblem(f"the PDF's pages cannot be placed in the pack ({detail})", DAMAGED_HINT)


# --- the whole inspection ------------------------------------------------------------


def inspect(data: bytes, *, max_pages: int, image_pages: int = 0,
            ppi: float = PAGE_IMAGE_PPI) -> Inspection:
    """Everything the pack needs from a PDF, in this process; PdfProblem if it cannot
    be used."""
    reader = open_pdf(data, max_pages)
    pages, boxes = _read_all(reader)
    images = typst_pages(data, len(pages), image_pages, ppi)
    return Inspection(pages=pages, encrypted=reader.is_encrypted, boxes=boxes, images=images,
                      active=active_content(reader))


# Actions a PDF viewer may run or follow without the reader choosing to.
ACTIVE_ACTIONS = {"/JavaScript": "JavaScript", "/Launch": "an action that starts a program",
                  "/SubmitForm": "a form that sends data", "/ImportData": "an action that "
                  "imports data", "/GoToR": "a link into another file", "/GoToE": "a link into "
                  "an attached file"}


def active_content(reader: pypdf.PdfReader) -> list[str]:
    """What in the file could run or reach out when opened in a PDF viewer: scripts,
    launch actions, automatic actions, attached files, XFA forms, script links."""
    found: set[str] = set()
    root = _dict(reader.trailer.get("/Root"))
    names = _dict(root.get("/Names"))
    if "/JavaScript" in names:
        found.add("JavaScript")
    if "/EmbeddedFiles" in names:
        found.add("attached files")
    if "/XFA" in _dict(root.get("/AcroForm")):
        found.add("an XFA form")
    _actions(root.get("/OpenAction"), found)
    for holder in [root, *(page for page in reader.pages)]:
        if "/AA" in _dict(holder):
            found.add("actions that run by themselves")
    for page in reader.pages:
        annotations = page.get("/Annots")
        for annotation in annotations.get_object() if annotations is not None else []:
            annotation = _dict(annotation)
            _actions(annotation.get("/A"), found)
            if "/AA" in annotation:
                found.add("actions that run by themselves")
            if annotation.get("/Subtype") == "/FileAttachment":
                found.add("attached files")
    return sorted(found)


def _dict(value: Any) -> DictionaryObject:
    value = value.get_object() if value is not None else None
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _actions(value: Any, found: set[str], depth: int = 0) -> None:
    """Record an action and the actions chained after it (``/Next``), to a bounded depth."""
    action = _dict(value)
    if not action or depth > 20:
        return
    kind = action.get("/S")
    if kind in ACTIVE_ACTIONS:
        found.add(ACTIVE_ACTIONS[kind])
    uri = str(action.get("/URI", "")).strip().lower()
    if kind == "/URI" and uri.startswith(("javascript:", "vbscript:", "file:", "data:")):
        found.add("a link that runs a script or opens a local file")
    chained = action.get("/Next")
    chained = chained.get_object() if chained is not None else None
    for following in chained if isinstance(chained, ArrayObject) else [chained]:
        _actions(following, found, depth + 1)


def _read_all(reader: pypdf.PdfReader) -> tuple[list[Page], list[Box]]:
    pages: list[Page] = []
    boxes: list[Box] = []
    for index in range(len(reader.pages)):
        page, found = read_page(reader, index)
        pages.append(page)
        boxes += found
    return pages, boxes


def inspect_bounded(data: bytes, *, max_pages: int, image_pages: int = 0,
                    ppi: float = PAGE_IMAGE_PPI, seconds: float = 120,
                    memory_mb: int = MEMORY_MB) -> Inspection:
    """``inspect`` in a worker process that is stopped after ``seconds`` and may use at
    most ``memory_mb``; PdfProblem for anything that goes wrong."""
    request = json.dumps({"max_pages": max_pages, "image_pages": image_pages, "ppi": ppi,
                          "memory_mb": memory_mb})
    try:
        done = subprocess.run([sys.executable, "-m", __name__, request], input=data,
                              capture_output=True, timeout=seconds, check=False)
    except subprocess.TimeoutExpired:
        raise PdfProblem(f"reading the PDF took more than {seconds:g} s and was stopped",
                         "the file may be damaged; print it to a new PDF, or raise [limits] "
                         "convert_seconds in pack.toml") from None
    if done.returncode != 0:
        errors = done.stderr.decode("utf-8", "replace").strip()
        last = errors.splitlines()[-1] if errors else f"exit code {done.returncode}"
        if "MemoryError" in errors or "memory allocation" in errors:
            raise PdfProblem(f"reading the PDF needed more than {memory_mb} MB of memory",
                             DAMAGED_HINT)
        if done.returncode < 0:
            last = f"the reader stopped with signal {-done.returncode}"
        raise PdfProblem(f"the PDF is damaged and cannot be read ({last[:160]})", DAMAGED_HINT)
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        raise PdfProblem("the PDF reader gave no answer for this file", DAMAGED_HINT) from None
    if "problem" in answer:
        raise PdfProblem(answer["problem"], answer.get("hint", ""))
    return Inspection.from_json(answer)


def main(argv: list[str]) -> int:
    """Worker: the request (JSON) as argument, the PDF on stdin, the answer on stdout."""
    request = json.loads(argv[0])
    _cap_memory(int(request["memory_mb"]))
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    data = sys.stdin.buffer.read()
    try:
        found = inspect(data, max_pages=request["max_pages"],
                        image_pages=request["image_pages"], ppi=request["ppi"])
        answer: dict[str, Any] = found.to_json()
    except PdfProblem as problem:
        answer = {"problem": problem.message, "hint": problem.hint}
    sys.stdout.write(json.dumps(answer))
    return 0


def _cap_memory(megabytes: int) -> None:
    """Limit this process's address space (where the platform allows it)."""
    try:
        import resource
    except ImportError:  # Windows: no such limit; the time limit still holds
        return
    limit = megabytes << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


# --- black boxes over text -------------------------------------------------------------


def fake_redactions(data: bytes, max_pages: int = 1000) -> list[Box]:
    """Dark boxes over text that is still in the file, and redaction marks never applied.

    A heuristic: a filled rectangle of a near-black colour counts if it covers at least
    two characters drawn before it (or drawn after it in a dark colour); a black
    square comment or a /Redact annotation over text counts too. PdfProblem if the
    file cannot be read.
    """
    return _read_all(open_pdf(data, max_pages))[1]


@dataclass
class _Glyph:
    x: float
    y: float
    order: int
    dark: bool


@dataclass
class _Fill:
    x0: float
    y0: float
    x1: float
    y1: float
    order: int
    kind: str = "drawn"

    def hides(self, glyph: _Glyph) -> bool:
        inside = self.x0 <= glyph.x <= self.x1 and self.y0 <= glyph.y <= self.y1
        return inside and (glyph.order < self.order or glyph.dark)


def _annotation_fills(page: pypdf.PageObject, order: int) -> list[_Fill]:
    """Redaction marks never applied, and black-filled square comments (drawn last)."""
    out = []
    for ref in page.get("/Annots") or []:
        annotation = ref.get_object()
        if not isinstance(annotation, DictionaryObject) or "/Rect" not in annotation:
            continue
        x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
        box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        subtype = annotation.get("/Subtype")
        if subtype == "/Redact":
            out.append(_Fill(*box, order=order, kind="unapplied"))
        elif subtype in ("/Square", "/Polygon") and _dark(_numbers(annotation.get("/IC"))):
            out.append(_Fill(*box, order=order, kind="annotation"))
    return out


def _resources(node: Any) -> DictionaryObject:
    resources = node.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    return resources if isinstance(resources, DictionaryObject) else DictionaryObject()


def _entry(resources: DictionaryObject, kind: str, name: Any) -> Any:
    """``resources[kind][name]``, resolved, or None."""
    table = resources.get(kind)
    table = table.get_object() if table is not None else None
    if not isinstance(table, DictionaryObject) or name not in table:
        return None
    return table[name].get_object()


def _numbers(values: Any) -> list[float]:
    if not isinstance(values, list | ArrayObject):
        return []
    try:
        return [float(v) for v in values]
    except (TypeError, ValueError):
        return []


def _dark(colour: list[float] | None) -> bool:
    """Whether a Gray, RGB or CMYK colour is near black."""
    if not colour:
        return False
    if len(colour) == 1:
        return colour[0] <= DARK
    if len(colour) == 3:
        return max(colour) <= DARK
    if len(colour) == 4:
        c, m, y, k = colour
        return max((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)) <= DARK
    return False


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)


def _matrix(values: Any) -> Matrix | None:
    numbers = _numbers(values)
    return (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5]) if len(
        numbers) == 6 else None


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


@dataclass
class _State:
    """The parts of the graphics and text state the scan follows."""

    ctm: Matrix = IDENTITY
    fill: list[float] | None = field(default_factory=lambda: [0.0])
    components: int = 1  # of the fill colour space; 0 for one whose colours we do not judge
    widths: _Widths | None = None
    size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    render: int = 0

    def copy(self) -> _State:
        return _State(**vars(self))


@dataclass
class _Frame:
    """Where the scan is: the page's content, or a form it draws."""

    resources: DictionaryObject
    state: _State
    saved: list[_State] = field(default_factory=list)
    path: list[tuple[float, float]] = field(default_factory=list)
    curved: bool = False
    text: Matrix = IDENTITY
    line: Matrix = IDENTITY


INITIAL_COLOURS = {1: [0.0], 3: [0.0, 0.0, 0.0], 4: [0.0, 0.0, 0.0, 1.0]}
SPACES = {"/DeviceGray": 1, "/CalGray": 1, "/G": 1, "/DeviceRGB": 3, "/CalRGB": 3,
          "/RGB": 3, "/DeviceCMYK": 4, "/CMYK": 4}


class _Scan:
    """Follows a page's content as pypdf's text extraction parses it (the visitor
    callbacks), noting dark filled rectangles and where each visible glyph lands."""

    def __init__(self, page: pypdf.PageObject) -> None:
        self.fills: list[_Fill] = []
        self.glyphs: list[_Glyph] = []
        self.order = 0
        self.operations = 0
        self.frames = [_Frame(_resources(page), _State())]
        self.fonts: dict[int, _Widths] = {}

    def boxes(self, page: pypdf.PageObject, number: int) -> list[Box]:
        try:
            fills = self.fills + _annotation_fills(page, self.order + 1)
        except Exception:  # damaged annotations: judge the page content alone
            fills = self.fills
        out = []
        for fill in fills:
            hidden = sum(1 for glyph in self.glyphs if fill.hides(glyph))
            if hidden >= MIN_HIDDEN_GLYPHS or fill.kind == "unapplied":
                out.append(Box(number, round(fill.x0, 1), round(fill.y0, 1),
                               round(fill.x1, 1), round(fill.y1, 1), hidden, fill.kind))
        return out

    def before(self, operator: bytes, operands: list[Any], _cm: Any, _tm: Any) -> None:
        self.operations += 1
        if self.operations > MAX_OPERATIONS:
            return
        try:
            if operator == b"Do":
                self._enter(operands[0] if operands else None)
            else:
                self._step(self.frames[-1], operator, operands)
        except (TypeError, ValueError, IndexError, KeyError, AttributeError):
            return  # malformed operands: the operation is skipped, as a viewer would

    def after(self, operator: bytes, _operands: list[Any], _cm: Any, _tm: Any) -> None:
        if operator == b"Do" and len(self.frames) > 1 and self.operations <= MAX_OPERATIONS:
            self.frames.pop()

    def _enter(self, name: Any) -> None:
        """pypdf is about to walk a form (or skip an image): scan inside it."""
        frame = self.frames[-1]
        form = _entry(frame.resources, "/XObject", name)
        state = frame.state.copy()
        resources = frame.resources
        if isinstance(form, DictionaryObject):
            state.ctm = _multiply(_matrix(form.get("/Matrix")) or IDENTITY, state.ctm)
            if "/Resources" in form:
                resources = _resources(form)
        self.frames.append(_Frame(resources, state))

    def _step(self, frame: _Frame, operator: bytes, operands: list[Any]) -> None:
        state = frame.state
        if operator == b"q":
            frame.saved.append(state.copy())
        elif operator == b"Q" and frame.saved:
            frame.state = frame.saved.pop()
        elif operator == b"cm":
            state.ctm = _multiply(_matrix(operands) or IDENTITY, state.ctm)
        elif operator in (b"g", b"rg", b"k"):
            state.fill, state.components = _numbers(operands), len(operands)
        elif operator == b"cs":
            state.components = self._components(operands[0], frame.resources)
            state.fill = INITIAL_COLOURS.get(state.components)
        elif operator in (b"sc", b"scn"):
            numbers = _numbers(operands)
            state.fill = numbers if len(numbers) == state.components else None
        elif operator in PATH_OPERATORS:
            self._path(frame, operator, operands)
        else:
            self._text(frame, operator, operands)

    def _path(self, frame: _Frame, operator: bytes, operands: list[Any]) -> None:
        ctm = frame.state.ctm
        if operator == b"re":
            x, y, w, h = (float(v) for v in operands)
            frame.path += [_apply(ctm, px, py) for px, py in
                           ((x, y), (x + w, y), (x + w, y + h), (x, y + h))]
        elif operator in (b"m", b"l"):
            frame.path.append(_apply(ctm, float(operands[0]), float(operands[1])))
        elif operator in (b"c", b"v", b"y"):
            frame.curved = True
        else:
            if operator in FILL_OPERATORS and not frame.curved and _dark(frame.state.fill):
                self._add_fill(frame.path)
            frame.path, frame.curved = [], False

    def _text(self, frame: _Frame, operator: bytes, operands: list[Any]) -> None:
        state = frame.state
        if operator == b"BT":
            frame.text = frame.line = IDENTITY
        elif operator == b"Tf":
            font = _entry(frame.resources, "/Font", operands[0])
            if id(font) not in self.fonts:
                self.fonts[id(font)] = _Widths.of(font)
            state.widths = self.fonts[id(font)]
            state.size = float(operands[1])
        elif operator in TEXT_PARAMETERS:
            setattr(state, TEXT_PARAMETERS[operator], float(operands[0]))
            if operator == b"Tz":
                state.scale /= 100
        elif operator in (b"Td", b"TD"):
            tx, ty = float(operands[0]), float(operands[1])
            if operator == b"TD":
                state.leading = -ty
            frame.line = frame.text = _multiply((1, 0, 0, 1, tx, ty), frame.line)
        elif operator == b"Tm":
            frame.line = frame.text = _matrix(operands) or IDENTITY
        elif operator in (b"T*", b"'", b'"'):
            frame.line = frame.text = _multiply((1, 0, 0, 1, 0, -state.leading), frame.line)
            if operator != b"T*":
                self._show(frame, [operands[-1]])
        elif operator == b"Tj":
            self._show(frame, [operands[0]])
        elif operator == b"TJ":
            self._show(frame, list(operands[0]))

    def _components(self, name: Any, resources: DictionaryObject) -> int:
        if name in SPACES:
            return SPACES[name]
        space = _entry(resources, "/ColorSpace", name)
        if isinstance(space, NameObject):
            return SPACES.get(space, 0)
        if isinstance(space, list) and space:
            if space[0] == "/ICCBased" and len(space) > 1:
                return int(space[1].get_object().get("/N", 0))
            return SPACES.get(space[0], 0)
        return 0

    def _add_fill(self, path: list[tuple[float, float]]) -> None:
        """A filled path counts if it is a rectangle (every point on its bounding box)."""
        if len(path) < 3:
            return
        xs, ys = [p[0] for p in path], [p[1] for p in path]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if x1 - x0 < 4 or y1 - y0 < 4:
            return
        if all(min(abs(x - x0), abs(x - x1), abs(y - y0), abs(y - y1)) < 0.5 for x, y in path):
            self.order += 1
            self.fills.append(_Fill(x0, y0, x1, y1, self.order))

    def _show(self, frame: _Frame, parts: list[Any]) -> None:
        """Note where each glyph of a text-showing operation lands, and move on."""
        state = frame.state
        widths = state.widths or _Widths()
        visible = int(state.render) not in (3, 7)  # 3: invisible (OCR layers), 7: clip
        dark = _dark(state.fill)
        placed = _multiply(frame.text, state.ctm)
        middle = state.size * 0.3 + state.rise
        offset = 0.0  # along the line, in text space
        self.order += 1
        for part in parts:
            if isinstance(part, int | float):
                offset -= float(part) / 1000 * state.size * state.scale
                continue
            raw = getattr(part, "original_bytes", None) or bytes(part)
            for code in widths.codes(raw):
                advance = widths.width(code) / 1000 * state.size
                if visible:
                    x, y = _apply(placed, offset + advance * state.scale / 2, middle)
                    self.glyphs.append(_Glyph(x, y, self.order, dark))
                advance += state.char_spacing
                if code == 32 and widths.step == 1:
                    advance += state.word_spacing
                offset += advance * state.scale
        frame.text = _multiply((1, 0, 0, 1, offset, 0), frame.text)


PATH_OPERATORS = {b"re", b"m", b"l", b"c", b"v", b"y"} | PATH_END_OPERATORS
TEXT_PARAMETERS = {b"Tc": "char_spacing", b"Tw": "word_spacing", b"Tz": "scale",
                   b"TL": "leading", b"Ts": "rise", b"Tr": "render"}


@dataclass
class _Widths:
    """Glyph widths of a font (thousandths of an em), as far as the scan needs them."""

    step: int = 1
    first: int = 0
    table: list[float] = field(default_factory=list)
    cid: dict[int, float] = field(default_factory=dict)
    default: float = 500.0

    @classmethod
    def of(cls, font: Any) -> _Widths:
        font = font.get_object() if font is not None else None
        if not isinstance(font, DictionaryObject):
            return cls()
        if font.get("/Subtype") == "/Type0":
            return cls._composite(font)
        return cls(first=int(font.get("/FirstChar", 0)), table=_numbers(font.get("/Widths")))

    @classmethod
    def _composite(cls, font: DictionaryObject) -> _Widths:
        out = cls(step=2, default=1000.0)
        descendants = font.get("/DescendantFonts")
        descendants = descendants.get_object() if descendants is not None else None
        if not isinstance(descendants, list) or not descendants:
            return out
        descendant = descendants[0].get_object()
        out.default = float(descendant.get("/DW", 1000))
        entries = descendant.get("/W")
        entries = list(entries.get_object()) if entries is not None else []
        index = 0
        while index + 1 < len(entries):
            start = int(entries[index])
            following = entries[index + 1].get_object()
            if isinstance(following, list):
                for offset, width in enumerate(following):
                    out.cid[start + offset] = float(width)
                index += 2
            elif index + 2 < len(entries):
                for code in range(start, min(int(following), start + 65536) + 1):
                    out.cid[code] = float(entries[index + 2])
                index += 3
            else:
                break
        return out

    def codes(self, raw: bytes) -> Iterator[int]:
        if self.step == 1:
            yield from raw
        else:
            for index in range(0, len(raw) - 1, 2):
                yield raw[index] << 8 | raw[index + 1]

    def width(self, code: int) -> float:
        if self.step == 2:
            return self.cid.get(code, self.default)
        index = code - self.first
        return self.table[index] if 0 <= index < len(self.table) else self.default


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
