"""What pypdf reads from a PDF's objects, in the bounded worker (``worker``): whether the
file opens (password, damage), what in it could run or reach out when opened (scripts,
actions, attachments), and dark boxes drawn over text that is still in the file.

The worker imports this module only when it needs it: the page text, sizes and images
come from PDFium, and most files carry nothing these checks look for (see
``pdfium.may_carry_actions`` and ``pdfium.may_hide``).

``boxes`` finds dark filled boxes drawn over text that is still in the file: a
"redaction" that hides nothing from anyone who copies the text. A heuristic: a filled
rectangle of a near-black colour counts if it covers at least two characters drawn
before it (or drawn after it in a dark colour); a black square comment or a /Redact
annotation over text counts too.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdf
from pypdf import PasswordType
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from boardpack.sources.pdf.types import (
    DAMAGED_HINT,
    LOCKED,
    Box,
    PdfProblem,
    check_count,
    check_start,
    reason,
)

DARK = 0.25  # a fill at most this light (0 black, 1 white) counts as a black box
MIN_HIDDEN_GLYPHS = 2
MAX_OPERATIONS = 400_000  # per page, forms included: the box scan stops there
FILL_OPERATORS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
PATH_END_OPERATORS = FILL_OPERATORS | {b"S", b"s", b"n"}

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


# --- opening -------------------------------------------------------------------------


def open_pdf(data: bytes, max_pages: int) -> pypdf.PdfReader:
    """A reader with the file decrypted, or PdfProblem: not a PDF, damaged, locked, empty
    or too long. A file with only an owner password (printing or copying restricted)
    opens with the empty user password, as every PDF viewer opens it."""
    check_start(data)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        if encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise PdfProblem(*LOCKED)
        count = len(reader.pages)
    except PdfProblem:
        raise
    except pypdf.errors.DependencyError as exc:
        raise PdfProblem(f"encrypted in a way boardpack cannot read ({exc})",
                         "ask for an unprotected copy") from None
    except Exception as exc:  # pypdf raises many types on damaged files
        raise PdfProblem(f"the PDF is damaged and cannot be read ({reason(exc)})",
                         DAMAGED_HINT) from None
    check_count(count, max_pages)
    return reader


# --- what could run when the file is opened -------------------------------------------

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


# --- black boxes over text -------------------------------------------------------------


def boxes(reader: pypdf.PdfReader, indexes: list[int]) -> list[Box]:
    """Dark boxes over text still in the file, and redaction marks never applied, on the
    pages at ``indexes`` (from 0)."""
    out: list[Box] = []
    for index in indexes:
        if index >= len(reader.pages):
            continue
        page = reader.pages[index]
        out += _scan(page).boxes(page, index + 1)
    return out


def _scan(page: pypdf.PageObject) -> _Scan:
    """The page's content followed by pypdf's text reader; a damaged content stream ends
    the scan there, and what was found before it counts."""
    scan = _Scan(page)
    try:
        page.extract_text(visitor_operand_before=scan.before, visitor_operand_after=scan.after)
    except Exception as exc:  # pypdf raises many types on damaged content
        scan.stopped = reason(exc)
    return scan


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
    annotations: Any = page.get("/Annots") or []
    for ref in annotations:
        annotation = ref.get_object()
        if not isinstance(annotation, DictionaryObject) or "/Rect" not in annotation:
            continue
        rect: Any = annotation["/Rect"]
        x0, y0, x1, y1 = (float(v) for v in rect)
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
        self.stopped = ""  # why the content could not be followed to its end, if it could not

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
