"""Pandoc AST, built and walked as plain JSON-like data.

Builders (``para``, ``header``, ``table`` …) make nodes from Python values, so
officer text is never spliced into markup. ``clean`` makes input from someone
else's file safe to place in a pack: raw HTML/Typst/LaTeX dropped, headings
nested under the item, identifiers made unique to the item.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

Node = dict[str, Any]
Attr = list[Any]
API_VERSION = [1, 23, 1]


def attr(identifier: str = "", classes: Iterable[str] = (), **kv: str) -> Attr:
    return [identifier, list(classes), [[k.replace("_", "-"), v] for k, v in kv.items()]]


def inlines(text: str) -> list[Node]:
    """Plain text as inline nodes (words and spaces), with no markup interpreted."""
    out: list[Node] = []
    for index, part in enumerate(re.split(r"(\s+)", text)):
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


def table(head: list[str | list[Node]], rows: list[list[str | list[Node]]],
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


def walk(value: Any, fn: Callable[[Node], Node | list[Node] | None]) -> Any:
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


def text_of(value: Any) -> str:
    """The plain text of an AST fragment, words separated by spaces."""
    parts: list[str] = []
    for node in nodes(value):
        kind = node["t"]
        if kind == "Str":
            parts.append(node["c"])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind in ("Code", "Math"):
            parts.append(node["c"][-1] if kind == "Code" else node["c"][1])
        elif kind in ("Para", "Plain", "Header"):
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


# Part of every cached conversion's key: bump it when ``clean`` changes what it keeps.
CLEAN_VERSION = 3


def clean(blocks: list[Node], *, prefix: str, shift: int = 1) -> tuple[list[Node], list[str]]:
    """Make someone else's blocks safe to place under an item heading.

    Drops raw HTML/Typst/LaTeX (returns a note for each kind dropped), shifts
    heading levels by ``shift`` (so a report's level-1 heading becomes level 2),
    and prefixes every identifier and internal link with ``prefix`` so they are
    unique across the pack.
    """
    dropped: set[str] = set()

    def fix(node: Node) -> Node | list[Node] | None:
        kind = node["t"]
        if kind in ("RawBlock", "RawInline"):
            dropped.add(node["c"][0])
            return []
        if kind == "Header":
            level, a, content = node["c"]
            return {"t": "Header", "c": [min(level + shift, 6), _prefixed(_safe_attr(a), prefix),
                                         content]}
        if kind == "Cite":  # '@name' is text here: a citation would need a bibliography
            return node["c"][1]
        if kind in ("Div", "Span", "CodeBlock", "Code", "Table", "Figure"):
            c = list(node["c"])
            c[0] = _prefixed(_safe_attr(c[0]), prefix)
            return {"t": kind, "c": c}
        if kind in ("Link", "Image"):
            a, content, (target, title) = node["c"]
            if kind == "Link" and target.startswith("#"):
                target = f"#{prefix}--{target[1:]}" if target[1:] else target
            if kind == "Link" and not _safe_url(target):
                return content
            return {"t": kind, "c": [_prefixed(_safe_attr(a), prefix), content, [target, title]]}
        return None

    cleaned = _unlink_missing(walk(blocks, fix))
    notes = [f"raw {fmt} in the file was left out" for fmt in sorted(dropped)]
    return cleaned, notes


# Blocks Pandoc's Typst writer gives a label, so that an internal link can reach them.
_LINKABLE = {"Header", "Div", "Figure", "Table"}


def _unlink_missing(blocks: list[Node]) -> list[Node]:
    """Internal links whose target is not exactly one heading, division, figure or table
    become their text: Typst refuses a link to a label that is missing or used twice."""
    seen: dict[str, int] = {}
    linkable: set[str] = set()
    internal = False
    for node in nodes(blocks):
        c = node.get("c")
        internal = internal or (node["t"] == "Link" and c[2][0].startswith("#"))
        a = c[1] if node["t"] == "Header" else c[0] if isinstance(c, list) and c else None
        if isinstance(a, list) and len(a) == 3 and isinstance(a[0], str) and a[0]:
            seen[a[0]] = seen.get(a[0], 0) + 1
            if node["t"] in _LINKABLE:
                linkable.add(a[0])

    def fix(node: Node) -> Node | list[Node] | None:
        if node["t"] == "Link" and node["c"][2][0].startswith("#"):
            target = node["c"][2][0][1:]
            if target not in linkable or seen[target] > 1:
                return node["c"][1]
        return None

    return walk(blocks, fix) if internal else blocks


_SAFE_KEYS = {"width", "height", "alt", "colspan", "rowspan", "lang"}


def _safe_attr(a: Attr) -> Attr:
    """Keep only harmless key-value attributes (no event handlers, no styles)."""
    identifier, classes, pairs = a
    classes = [c for c in classes if re.fullmatch(r"[A-Za-z0-9_-]{1,40}", c)]
    pairs = [[k, v] for k, v in pairs if k.lower() in _SAFE_KEYS and not re.search(
        r"[<>\"'`]|javascript:", v, re.I)]
    return [identifier, classes, pairs]


def _prefixed(a: Attr, prefix: str) -> Attr:
    identifier = a[0]
    if identifier:
        identifier = f"{prefix}--" + re.sub(r"[^A-Za-z0-9_-]", "-", identifier)[:60]
    return [identifier, a[1], a[2]]


def _safe_url(target: str) -> bool:
    scheme = re.match(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):", target)
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto", "tel")


def images(blocks: Any) -> list[Node]:
    return [n for n in nodes(blocks) if n["t"] == "Image"]
