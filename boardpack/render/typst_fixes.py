"""What Pandoc 3.9's Typst writer would get wrong, put right on a fragment's AST first.

**Images keep their alt text.** Pandoc 3.9's Typst writer drops an image's alt text
(3.10 keeps it; the pinned pypandoc-binary ships 3.9), so a picture would be a
``/Figure`` with no ``/Alt``, invisible to a screen reader. Before the writer reads a
fragment, each image is therefore lowered to a raw Typst call made here, ``image(path,
width:, height:, alt:)``, every string through the one Typst escaper (``typst_string``)
and every size checked against a pattern, so nothing an officer typed is ever read as
Typst code.

- The alt text is the image's ``alt`` attribute, else its description (a Word
  picture's alt text, a Markdown image's text).
- An image its author marked decorative (class ``decorative``: Word's "Mark as
  decorative", or ``{.decorative}`` in Markdown) becomes an artifact, which a screen
  reader skips.
- An image with neither is still a figure (``check`` warns about it): its alt text
  says it has no description, or gives its figure's caption, so the PDF stays valid.

A figure made of one image keeps its caption, written by Pandoc; the image inside it
is placed as a block, as Pandoc would place it.

**A heading that starts with a number stays a heading.** The writer puts an unlisted
or unnumbered heading's text in a content block (``#heading(...)[10. Title]``), where
Typst reads a leading "10. " as a numbered list: the heading (and the title a screen
reader announces) would lose its number. The number's full stop is escaped.

**A plain table is written here** (``plain_tables``), not by the writer, which is slow
on a workbook's thousands of cells; it lays out the same.

**A table cell or footnote that starts like markup is kept as typed.** The writer
escapes "- ", "+ ", "= ", "/ " and "1. " only after a line break, and neither has one
before it: a cell "- 5 children" would be a bullet, "= Total" a heading (in the PDF's
bookmarks), a footnote "1. Source: ONS" a numbered list. Its first word gets a
backslash before it.
"""

from __future__ import annotations

import re

from boardpack.cache import from_json
from boardpack.pandoc import ast
from boardpack.pandoc.raw import typst_string
from boardpack.render import plain_tables
from boardpack.render.fragments import Block, Pieces, payload

NO_DESCRIPTION = "A picture its author has not described"
_SIZE = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(in|cm|mm|pt|px|em|%)?")
_MARK = b'"t":"Image"'
_TABLE = b'"t":"Table"'
_NOTE = b'"t":"Note"'
_LINK = b'"t":"Link"'
_LISTS = (b'"t":"BulletList"', b'"t":"OrderedList"')
_NUMBER = re.compile(r"\d{1,4}\.")
_LINE_START = ("-", "+", "=", "/")  # what Typst reads as markup at the start of a line
# a paragraph or a link in the JSON that starts so (a quick test before a copy is made;
# it may also find what needs nothing, never miss what does)
_MARKUP_START = re.compile(rb'(?:"t":"(?:Plain|Para)","c":|"t":"Link","c":\[\[.{0,400}?\]\],)'
                           rb'\[\{"t":"Str","c":"(?:[-+=/]|\d{1,4}\.")')
# what Pandoc writes without escaping the start of its text: in a content block, or
# after a list item's marker (where "- x" is a list in the item)
_UNESCAPED = ("Table", "Note", "Link", "BulletList", "OrderedList")
_BRACKETED = ("unlisted", "unnumbered")  # classes the writer writes as #heading(...)[...]


def lowered(pieces: Pieces) -> Pieces:
    """``pieces`` put right (a fragment with nothing to change is kept as it is, its
    JSON too, so its cache key does not change)."""
    blocks, payloads = [], []
    for piece, text in zip(pieces.blocks, pieces.payloads, strict=True):
        images, tables = _MARK in text, _TABLE in text
        unescaped = (_NOTE in text or _LINK in text or any(k in text for k in _LISTS)
                     ) and bool(_MARKUP_START.search(text))
        numbered = [i for i, block in enumerate(piece) if _bracketed_number(block)]
        if not images and not numbered and not tables and not unescaped:
            blocks.append(piece)
            payloads.append(text)
            continue
        # the HTML writer reads the same blocks: change a copy (read back from the
        # fragment's JSON when images are changed inside it, a shallow one if not)
        changed = from_json(text) if images else list(piece)
        for index in numbered:
            level, attributes, content = changed[index]["c"]
            escaped = ast.raw_inline("typst", content[0]["c"].replace(".", "\\."))
            changed[index] = {"t": "Header", "c": [level, attributes, [escaped, *content[1:]]]}
        if images:
            changed = ast.edit(ast.edit(changed, _figure, ("Figure",)), _image, ("Image",))
        if tables:  # after the images: a picture in a cell is raw Typst by now
            changed = plain_tables.in_blocks(changed) or changed
        written = payload(changed)
        if (_TABLE in written or unescaped) and _MARKUP_START.search(written):
            # a table, note, link or list left for the writer, with text that starts
            # like markup: put right on a copy
            changed = ast.edit(from_json(written), _kept_as_typed, _UNESCAPED)
            written = payload(changed)
        blocks.append(changed)
        payloads.append(written)
    return Pieces(blocks, payloads)


def _kept_as_typed(node: Block) -> None:
    """A table's caption or cell, a footnote, a link's text or a list item's that starts
    like markup ("- ", "+ ", "= ", "/ ", "1. ", as in a Word contents list's
    "1. Introduction") kept as typed: the writer escapes it only after a line break,
    and none of these has one before it."""
    if node["t"] == "Note":
        _escaped_start(node["c"])
        return
    if node["t"] == "Link":
        _escaped_inlines(node["c"][1])
        return
    if node["t"] in ("BulletList", "OrderedList"):
        for item in node["c"] if node["t"] == "BulletList" else node["c"][1]:
            _escaped_start(item)
        return
    _, (_, caption), _, (_, head), bodies, (_, foot) = node["c"]
    _escaped_start(caption)
    for _, cells in [*head, *(row for body in bodies for row in (*body[2], *body[3])), *foot]:
        for cell in cells:
            _escaped_start(cell[4])


def _escaped_start(blocks: list[Block]) -> None:
    if blocks and blocks[0]["t"] in ("Plain", "Para"):
        _escaped_inlines(blocks[0]["c"])


def _escaped_inlines(inlines: list[Block]) -> None:
    first = inlines[0] if inlines else {}
    if first.get("t") == "Str" and (first["c"][:1] in _LINE_START
                                    or _NUMBER.fullmatch(first["c"])):
        inlines.insert(0, ast.raw_inline("typst", "\\"))


def _bracketed_number(block: Block) -> bool:
    """Whether a top-level heading is written in a content block and starts with a
    number and a full stop ("10. Residential placements")."""
    if block["t"] != "Header":
        return False
    _, (_, classes, _), content = block["c"]
    return (any(c in _BRACKETED for c in classes) and bool(content)
            and content[0]["t"] == "Str" and bool(_NUMBER.fullmatch(content[0]["c"])))


def _figure(node: Block) -> None:
    """A figure of one image: the image placed as a block, its caption the fallback
    for a missing description."""
    content = node["c"][2]
    if len(content) == 1 and content[0]["t"] in ("Plain", "Para") \
            and len(content[0]["c"]) == 1 and content[0]["c"][0]["t"] == "Image":
        caption = ast.text_of(node["c"][1][1])
        call = image_call(content[0]["c"][0], inline=False, fallback=caption)
        content[0] = ast.plain([ast.raw_inline("typst", f"#{call}")])


def _image(node: Block) -> Block:
    return ast.raw_inline("typst", "#" + image_call(node, inline=True))


def alt_text(node: Block) -> str:
    """What a screen reader says for an image: its ``alt`` attribute, else its
    description, on one line; empty when it has neither."""
    (_, _, pairs), description, _ = node["c"]
    explicit = dict(pairs).get("alt")
    return " ".join((explicit if explicit is not None else ast.text_of(description)).split())


def image_call(node: Block, *, inline: bool, fallback: str = "") -> str:
    """The Typst code that places one image: in a box in a line of text, inside
    ``pdf.artifact`` when decorative, else with its alt text (or ``fallback``, or a
    sentence saying it has none)."""
    (_, classes, pairs), _, (target, _) = node["c"]
    arguments = [typst_string(target)]
    sizes = dict(pairs)
    for key in ("height", "width"):  # the order Pandoc writes them in
        size = dimension(sizes.get(key, ""))
        if size:
            arguments.append(f"{key}: {size}")
    decorative = ast.DECORATIVE in classes
    if not decorative:
        arguments.append(f"alt: {typst_string(alt_text(node) or fallback or NO_DESCRIPTION)}")
    call = f"image({', '.join(arguments)})"
    if inline:
        call = f"box({call})"
    return f"pdf.artifact({call})" if decorative else call


def dimension(value: str) -> str:
    """A width or height as Typst reads it, as Pandoc's writer gives it: inches,
    centimetres, millimetres, points, ems and per cent as they are; pixels (and bare
    numbers) at 96 to the inch. Empty for anything else."""
    match = _SIZE.fullmatch(value.strip())
    if not match:
        return ""
    number, unit = float(match[1]), match[2] or "px"
    if unit == "px":
        number, unit = number / 96, "in"
    return f"{number:.5f}".rstrip("0").rstrip(".") + unit
