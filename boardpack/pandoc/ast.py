"""Pandoc AST, built and walked as plain JSON-like data.

Builders (``para``, ``header``, ``table`` …) make nodes from Python values, so
officer text is never spliced into markup. ``clean`` makes input from someone
else's file safe to place in a pack: raw HTML/Typst/LaTeX dropped, headings
nested under the item, identifiers made unique to the item.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any

Node = dict[str, Any]
Attr = list[Any]
API_VERSION = [1, 23, 1]
# The class of a division only the HTML pack shows (a PDF's page-by-page text and
# images): the Typst writer is never given it (see ``fragments.shown``).
HTML_ONLY = "html-only"
# The class of an image its author marked decorative (``{.decorative}`` in Markdown):
# it needs no alt text, and the PDF marks it as an artifact, which screen readers skip.
DECORATIVE = "decorative"


def attr(identifier: str = "", classes: Iterable[str] = (), **kv: str) -> Attr:
    return [identifier, list(classes), [[k.replace("_", "-"), v] for k, v in kv.items()]]


_WORDS = re.compile(r"(\s+)")


def inlines(text: str) -> list[Node]:
    """Plain text as inline nodes (words and spaces), with no markup interpreted."""
    if text.isprintable() and " " not in text:  # one word (no other space is printable)
        return [{"t": "Str", "c": text}] if text else []
    out: list[Node] = []
    for index, part in enumerate(_WORDS.split(text)):
        if not part:
            continue
        if index % 2:
            out.append({"t": "SoftBreak"} if "\n" in part else {"t": "Space"})
        else:
            out.append({"t": "Str", "c": part})
    return out


def as_inlines(content: str | list[Node]) -> list[Node]:
    return inlines(content) if isinstance(content, str) else content


def para(content: str | list[Node]) -> Node:
    return {"t": "Para", "c": as_inlines(content)}


def plain(content: str | list[Node]) -> Node:
    return {"t": "Plain", "c": as_inlines(content)}


def header(level: int, content: str | list[Node], identifier: str = "",
           classes: Iterable[str] = ()) -> Node:
    return {"t": "Header", "c": [level, attr(identifier, classes), as_inlines(content)]}


def strong(content: str | list[Node]) -> Node:
    return {"t": "Strong", "c": as_inlines(content)}


def emph(content: str | list[Node]) -> Node:
    return {"t": "Emph", "c": as_inlines(content)}


def span(content: str | list[Node], classes: Iterable[str] = (), **kv: str) -> Node:
    return {"t": "Span", "c": [attr("", classes, **kv), as_inlines(content)]}


def link(content: str | list[Node], target: str, title: str = "") -> Node:
    return {"t": "Link", "c": [attr(), as_inlines(content), [target, title]]}


def image(target: str, alt: str, classes: Iterable[str] = (), **kv: str) -> Node:
    return {"t": "Image", "c": [attr("", classes, **kv), inlines(alt), [target, ""]]}


def div(blocks: list[Node], classes: Iterable[str] = (), identifier: str = "", **kv: str) -> Node:
    return {"t": "Div", "c": [attr(identifier, classes, **kv), blocks]}


def bullets(entries: Iterable[str | list[Node]]) -> Node:
    return {"t": "BulletList", "c": [[plain(e)] for e in entries]}


def ordered(entries: Iterable[str | list[Node] | list[Node]], start: int = 1) -> Node:
    items = [[plain(e)] if isinstance(e, str) or (e and "t" in e[0] and e[0]["t"] in INLINE)
             else e for e in entries]
    return {"t": "OrderedList", "c": [[start, {"t": "Decimal"}, {"t": "Period"}], items]}


def raw_block(fmt: str, text: str) -> Node:
    """Raw output for one writer. Only boardpack's own code may make these."""
    return {"t": "RawBlock", "c": [fmt, text]}


def raw_inline(fmt: str, text: str) -> Node:
    """Raw inline output for one writer. Only boardpack's own code may make these."""
    return {"t": "RawInline", "c": [fmt, text]}


def cell(content: str | list[Node], align: str = "AlignDefault") -> list[Any]:
    blocks = [plain(content)] if isinstance(content, str) or not content or content[0].get(
        "t") in INLINE else content
    return [attr(), {"t": align}, 1, 1, blocks]


def table(head: Sequence[str | list[Node]], rows: Sequence[Sequence[str | list[Node]]],
          caption: str = "", aligns: list[str] | None = None,
          widths: list[float] | None = None, classes: Iterable[str] = (),
          row_classes: list[str] | None = None) -> Node:
    """A simple table: one header row and body rows of cells."""
    ncols = len(head) if head else max((len(r) for r in rows), default=1)
    aligns = aligns or ["AlignDefault"] * ncols
    colspecs = [[{"t": a}, {"t": "ColWidth", "c": w} if widths else {"t": "ColWidthDefault"}]
                for a, w in zip(aligns, widths or [0.0] * ncols, strict=False)]
    head_rows = [[attr(), [cell(c, a) for c, a in zip(head, aligns, strict=False)]]] if head else []
    body_rows = []
    for index, row in enumerate(rows):
        padded = list(row) + [""] * (ncols - len(row))
        klass = [row_classes[index]] if row_classes and row_classes[index] else []
        body_rows.append([attr("", klass), [cell(c, a) for c, a in zip(padded, aligns,
                                                                          strict=False)]])
    cap = [[plain(caption)]] if caption else []
    return {"t": "Table", "c": [attr("", classes), [None, cap], colspecs,
                                [attr(), head_rows], [[attr(), 0, [], body_rows]],
                                [attr(), []]]}


INLINE = {"Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript",
          "SmallCaps", "Quoted", "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math",
          "RawInline", "Link", "Image", "Note", "Span"}


def document(blocks: list[Node], meta: dict[str, Node] | None = None) -> dict[str, Any]:
    return {"pandoc-api-version": API_VERSION, "meta": meta or {}, "blocks": blocks}


def meta_string(text: str) -> Node:
    return {"t": "MetaString", "c": text}


def meta_inlines(text: str) -> Node:
    return {"t": "MetaInlines", "c": inlines(text)}


# --- walking -------------------------------------------------------------------------

Fix = Callable[[Node], Node | list[Node] | None]
# Inline nodes that never hold another node (Pandoc's types say so): the passes below
# step over them without looking inside, which is most of their speed.
_LEAVES = frozenset({"Str", "Space", "SoftBreak", "LineBreak"})


def walk(value: Any, fn: Fix) -> Any:
    """Rebuild ``value`` bottom-up, replacing each node by ``fn(node)``.

    ``fn`` returns the node (possibly changed), a list of nodes to splice in its
    place, or ``None`` to keep it as it is.
    """
    if isinstance(value, list):
        out: list[Any] = []
        for element in value:
            result = walk(element, fn)
            if isinstance(element, dict) and "t" in element and isinstance(result, _Splice):
                out.extend(result)
            else:
                out.append(result)
        return out
    if isinstance(value, dict):
        rebuilt = {k: walk(v, fn) for k, v in value.items()}
        if "t" in rebuilt:
            result = fn(rebuilt)
            if isinstance(result, list):
                return _Splice(result)
            return rebuilt if result is None else result
        return rebuilt
    return value


class _Splice(list):
    """Marks a list of nodes that replaces a single node."""


def edit(value: Any, fn: Fix, kinds: Collection[str]) -> Any:
    """``walk(value, fn)`` for a tree the caller owns, with ``fn`` called only on nodes
    of ``kinds`` (it must leave others alone): the tree is changed in place, not copied,
    and words and spaces cost almost nothing. Returns the changed ``value``."""
    skip = _LEAVES.difference(kinds)
    if isinstance(value, list):
        _edit_list(value, fn, kinds, skip)
    elif isinstance(value, dict):
        return _edit_value(value, fn, kinds, skip)
    return value


def _edit_list(items: list[Any], fn: Fix, kinds: Collection[str], skip: frozenset[str]
               ) -> None:
    splices: list[tuple[int, list[Node]]] = []
    for index, element in enumerate(items):
        if isinstance(element, dict):
            kind = element.get("t")
            if kind in skip:
                continue  # a word or a space: Pandoc puts no node inside
            content = element.get("c")
            if kind is not None and len(element) == 2 and isinstance(content, list):
                _edit_list(content, fn, kinds, skip)
            elif len(element) > 1 or kind is None:
                _edit_dict(element, fn, kinds, skip)
            if kind in kinds:
                result = fn(element)
                if isinstance(result, list):
                    splices.append((index, result))
                elif result is not None:
                    items[index] = result
        elif isinstance(element, list):
            _edit_list(element, fn, kinds, skip)
    for index, result in reversed(splices):
        items[index:index + 1] = result


def _edit_dict(value: dict[str, Any], fn: Fix, kinds: Collection[str], skip: frozenset[str]
               ) -> None:
    for key, child in value.items():
        if isinstance(child, list):
            _edit_list(child, fn, kinds, skip)
        elif isinstance(child, dict):
            value[key] = _edit_value(child, fn, kinds, skip)


def _edit_value(value: dict[str, Any], fn: Fix, kinds: Collection[str], skip: frozenset[str]
                ) -> Any:
    """An object that is not an element of a list: changed, or what replaces it."""
    _edit_dict(value, fn, kinds, skip)
    if "t" in value and value["t"] in kinds:
        result = fn(value)
        if result is not None:
            return _Splice(result) if isinstance(result, list) else result
    return value


def nodes(value: Any) -> Iterator[Node]:
    """Every node in ``value``, depth first."""
    if isinstance(value, list):
        for element in value:
            yield from nodes(element)
    elif isinstance(value, dict):
        if "t" in value:
            yield value
        for v in value.values():
            yield from nodes(v)


def text_of(value: Any, *, without: Collection[str] = ()) -> str:
    """The plain text of an AST fragment, words separated by spaces; nodes of the kinds
    ``without`` names (e.g. "Note") and everything inside them are left out."""
    parts: list[str] = []
    _text(value, parts, without)
    return " ".join("".join(parts).split())  # what re.sub(r"\s+", " ", …).strip() gives


def _text(value: Any, parts: list[str], without: Collection[str]) -> None:
    """Append the text of ``value`` to ``parts``, in document order."""
    if isinstance(value, list):
        for element in value:
            if isinstance(element, dict):
                kind = element.get("t")  # words and spaces without a call
                if kind == "Str" and kind not in without:
                    parts.append(element["c"])
                elif kind in _BREAKS and kind not in without:
                    parts.append(" ")
                else:
                    _text(element, parts, without)
            elif isinstance(element, list):
                _text(element, parts, without)
        return
    if not isinstance(value, dict):
        return
    if "t" in value:
        kind = value["t"]
        if kind in without:
            return
        if kind == "Str":
            parts.append(value["c"])
        elif kind in _BREAKS or kind in ("Para", "Plain", "Header"):
            parts.append(" ")
        elif kind == "Code":
            parts.append(value["c"][-1])
        elif kind == "Math":
            parts.append(value["c"][1])
    for child in value.values():
        if isinstance(child, list | dict):
            _text(child, parts, without)


_BREAKS = frozenset({"Space", "SoftBreak", "LineBreak"})

# Part of every cached conversion's key: bump it when ``clean`` changes what it keeps.
CLEAN_VERSION = 3
# How deeply lists and objects may nest in what ``clean`` reads (an object counts two):
# about where the recursive walk it replaced ran out of stack. Deeper is refused with
# RecursionError, which a conversion reports as a file too deeply nested to read.
MAX_NESTING = 900


def clean(blocks: list[Node], *, prefix: str, shift: int = 1,
          owned: bool = False) -> tuple[list[Node], list[str]]:
    """Make someone else's blocks safe to place under an item heading.

    Drops raw HTML/Typst/LaTeX (returns a note for each kind dropped), shifts
    heading levels by ``shift`` (so a report's level-1 heading becomes level 2),
    and prefixes every identifier and internal link with ``prefix`` so they are
    unique across the pack.

    ``blocks`` is copied first, unless ``owned`` says it is the caller's own fresh
    tree (such as Pandoc's output, where no node appears twice), which is then
    cleaned in place: the result is the same, and the copy is saved.
    """
    cleaner = _Cleaner(prefix, shift)
    cleaned = cleaner.value(blocks if owned else _copied(blocks), 0)
    _unlink(cleaned, cleaner.kept)
    notes = [f"raw {fmt} in the file was left out" for fmt in sorted(cleaner.dropped)]
    return cleaned, notes


def _copied(value: Any) -> Any:
    """A copy of a JSON-like tree in which no list or object is shared."""
    if isinstance(value, list):
        return [_copied(v) if isinstance(v, list | dict) else v for v in value]
    if isinstance(value, dict):
        return {k: _copied(v) if isinstance(v, list | dict) else v for k, v in value.items()}
    return value


# Nodes ``clean`` may replace; other nodes with nothing inside are stepped over.
_CLEANED = frozenset({"RawBlock", "RawInline", "Header", "Cite", "Div", "Span", "CodeBlock",
                      "Code", "Table", "Figure", "Link", "Image"})
_ATTRIBUTED = frozenset({"Div", "Span", "CodeBlock", "Code", "Table", "Figure"})


class _Cleaner:
    """``clean``'s pass: what ``walk`` with its fix would do, in place and in one go.

    ``kept`` lists (kind, identifier) for every node kept with an identifier, and
    ("#", "") for every internal link kept, in order; what a dropped citation held
    is taken off again, so it describes exactly the cleaned tree.
    """

    def __init__(self, prefix: str, shift: int) -> None:
        self.prefix = prefix
        self.shift = shift
        self.dropped: set[str] = set()
        self.kept: list[tuple[str, str]] = []

    def value(self, value: Any, depth: int) -> Any:
        """``value`` cleaned: the same list or object changed in place, or what replaces
        it (a node replaced by several is marked as a splice, as ``walk`` does)."""
        if isinstance(value, list):
            self.items(value, depth + 1)
        elif isinstance(value, dict):
            if "t" in value:
                result = self.node(value, depth + 2)
                return _Splice(result) if isinstance(result, list) else result
            for key, child in value.items():
                if isinstance(child, list | dict):
                    value[key] = self.value(child, depth + 2)
        return value

    def items(self, items: list[Any], depth: int) -> None:
        if depth > MAX_NESTING:
            raise RecursionError("the document is nested too deeply")
        splices: list[tuple[int, list[Node]]] = []
        for index, element in enumerate(items):
            if isinstance(element, dict):
                kind = element.get("t")
                if kind in _LEAVES or (len(element) == 1 and kind not in _CLEANED):
                    continue  # a word, a space, an alignment …: nothing inside, nothing to do
                if kind is None and "t" not in element:
                    self.value(element, depth)
                    continue
                result = self.node(element, depth + 2)
                if isinstance(result, list):
                    splices.append((index, result))
                elif result is not element:
                    items[index] = result
            elif isinstance(element, list):
                self.items(element, depth + 1)
        for index, result in reversed(splices):
            items[index:index + 1] = result

    def node(self, node: Node, depth: int) -> Node | list[Node]:
        """The node with its content cleaned, or what replaces it."""
        kind = node["t"]
        if kind == "Cite":  # '@name' is text here: a citation would need a bibliography
            parts = node["c"]
            for index, part in enumerate(parts):
                mark = len(self.kept)
                parts[index] = self.value(part, depth)
                if index != 1:
                    del self.kept[mark:]
            return parts[1]
        for key, child in node.items():
            if isinstance(child, list):
                self.items(child, depth + 1)
            elif isinstance(child, dict):
                node[key] = self.value(child, depth)
        if kind in ("RawBlock", "RawInline"):
            self.dropped.add(node["c"][0])
            return []
        if kind == "Header":
            level, a, content = node["c"]
            a = self.attr(kind, a)
            return {"t": "Header", "c": [min(level + self.shift, 6), a, content]}
        if kind in _ATTRIBUTED:
            c = list(node["c"])
            c[0] = self.attr(kind, c[0])
            return {"t": kind, "c": c}
        if kind in ("Link", "Image"):
            a, content, (target, title) = node["c"]
            if kind == "Link" and target.startswith("#"):
                target = f"#{self.prefix}--{target[1:]}" if target[1:] else target
            if kind == "Link" and not _safe_url(target):
                return content
            a = self.attr(kind, a)
            if kind == "Link" and target.startswith("#"):
                self.kept.append(("#", ""))
            return {"t": kind, "c": [a, content, [target, title]]}
        return node

    def attr(self, kind: str, a: Attr) -> Attr:
        """A kept node's attributes made safe and prefixed; its identifier noted."""
        a = _prefixed(_safe_attr(a), self.prefix)
        if a[0]:
            self.kept.append((kind, a[0]))
        return a


# Blocks Pandoc's Typst writer gives a label, so that an internal link can reach them.
_LINKABLE = {"Header", "Div", "Figure", "Table"}


def _unlink(blocks: list[Node], kept: list[tuple[str, str]]) -> None:
    """Internal links whose target is not exactly one heading, division, figure or table
    become their text: Typst refuses a link to a label that is missing or used twice.
    ``kept`` lists the identifiers in ``blocks`` and its internal links (see ``clean``)."""
    seen: dict[str, int] = {}
    linkable: set[str] = set()
    internal = False
    for kind, identifier in kept:
        if kind == "#":
            internal = True
            continue
        seen[identifier] = seen.get(identifier, 0) + 1
        if kind in _LINKABLE:
            linkable.add(identifier)

    def fix(node: Node) -> Node | list[Node] | None:
        if node["c"][2][0].startswith("#"):
            target = node["c"][2][0][1:]
            if target not in linkable or seen[target] > 1:
                return node["c"][1]
        return None

    if internal:
        edit(blocks, fix, ("Link",))


_SAFE_KEYS = {"width", "height", "alt", "colspan", "rowspan", "lang"}
_SAFE_CLASS = re.compile(r"[A-Za-z0-9_-]{1,40}")
_UNSAFE_VALUE = re.compile(r"[<>\"'`]|javascript:", re.I)
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")


def _safe_attr(a: Attr) -> Attr:
    """Keep only harmless key-value attributes (no event handlers, no styles)."""
    identifier, classes, pairs = a
    classes = [c for c in classes if _SAFE_CLASS.fullmatch(c)]
    pairs = [[k, v] for k, v in pairs if k.lower() in _SAFE_KEYS and not _UNSAFE_VALUE.search(v)]
    return [identifier, classes, pairs]


def _prefixed(a: Attr, prefix: str) -> Attr:
    identifier = a[0]
    if identifier:
        identifier = f"{prefix}--" + _NOT_ID.sub("-", identifier)[:60]
    return [identifier, a[1], a[2]]


def _safe_url(target: str) -> bool:
    scheme = _SCHEME.match(target)
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto", "tel")


def images(blocks: Any) -> list[Node]:
    return [n for n in nodes(blocks) if n["t"] == "Image"]


def undescribed(image: Node) -> bool:
    """Whether an image has no alt text although it is not marked decorative."""
    (_, classes, pairs), description, _ = image["c"]
    return DECORATIVE not in classes and not (dict(pairs).get("alt") or text_of(description))
