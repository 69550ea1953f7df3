"""Markdown reports: Pandoc's Markdown reader, with raw HTML/Typst/LaTeX dropped.

Raw HTML is shown as the text the author typed, except an HTML comment, which an
author writes never to be printed: comments are cut out of the text before it is
read (found by reading it once with raw HTML on, so a comment in code stays code),
and each is named to the clerk in a warning that shows what it says.
YAML front matter (and a Pandoc title block) is metadata, not text: it is left out
with a warning naming its fields.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath

from boardpack.cache import paused_gc
from boardpack.pandoc import ast
from boardpack.pandoc import run as pandoc
from boardpack.problems import BoardpackError, Problem
from boardpack.sources import ENDINGS, Context, Converted, images

KIND = "md"
EXTENSIONS = ENDINGS[KIND]
VERSION = 5  # 5: no alt-text warning for an image marked {.decorative}
IMAGE_TYPES = {f".{k}" for k in images.KINDS}
# Pandoc Markdown without raw HTML or TeX (shown as the text typed) or dollar maths.
# Explicit raw blocks (```{=typst}) are read as raw so that ast.clean drops them
# with a warning, rather than printing them as code.
FORMAT = "markdown-raw_html-raw_tex-tex_math_dollars"
# The same with raw HTML read as raw (and nothing made of it), to find the comments.
RAW_HTML = ("markdown+raw_html-raw_tex-tex_math_dollars-native_divs-native_spans"
            "-markdown_in_html_blocks")
COMMENT = re.compile(r"<!--.*?-->", re.S)
OPENED = ("<!--", "<!\u2013")  # an unclosed comment, as typed or with -- made a dash
SHOWN_COMMENTS = 10


def decode(data: bytes, ctx: Context) -> str:
    """UTF-8 text (a BOM allowed); anything else is a clear error with the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ctx.error(f"not valid UTF-8 text (line {line})",
                        "save the file as UTF-8 (in Word: Save As, Plain Text, UTF-8)") from None


def convert(data: bytes, ctx: Context) -> Converted:
    with paused_gc():  # many objects and no cycles: the collector would only slow it down
        return _convert(data, ctx)


def _convert(data: bytes, ctx: Context) -> Converted:
    text = decode(data, ctx)
    if "\x00" in text:
        raise ctx.error("contains NUL bytes, so it is not a text file",
                        "check the file is Markdown, not a renamed binary")
    where = Problem("", pack=ctx.pack, item=ctx.item, file=ctx.file)
    if "<!--" in text:
        text = without_comments(text, ctx, where)
    doc = pandoc.read(text.encode("utf-8"), FORMAT, timeout=ctx.limits.convert_seconds,
                      where=where)
    if "<!" in text and any(n["t"] == "Str" and any(o in n["c"] for o in OPENED)
                            for n in ast.nodes(doc["blocks"])):
        raise ctx.error("has an HTML comment ('<!--') that is never closed",
                        "end the comment with '-->', or delete it")
    if doc["meta"]:
        keys = sorted(doc["meta"])
        kind = "a title block" if text.lstrip().startswith("%") else "YAML front matter"
        ctx.warn(f"the file has {kind} ({', '.join(keys[:4])}"
                 f"{f' and {len(keys) - 4} more' if len(keys) > 4 else ''}) that the pack "
                 "does not show", "delete the block between the '---' lines, or move what "
                 "members should read into the text")
    blocks, notes = ast.clean(doc["blocks"], prefix=ctx.item, owned=True)
    for note in notes:
        ctx.warn(note, "boardpack never passes raw markup through")
    blocks = embed_images(blocks, ctx)
    return ctx.result(blocks)


def comments(text: str, ctx: Context, where: Problem) -> list[str]:
    """The HTML comments of a Markdown text, where Pandoc reads them as comments."""
    doc = pandoc.read(text.encode("utf-8"), RAW_HTML, timeout=ctx.limits.convert_seconds,
                      where=where)
    raw = [n["c"][1] for n in ast.nodes(doc["blocks"])
           if n["t"] in ("RawBlock", "RawInline") and n["c"][0] == "html"]
    return list(dict.fromkeys(c for markup in raw for c in COMMENT.findall(markup)))


def without_comments(text: str, ctx: Context, where: Problem) -> str:
    """``text`` with its HTML comments cut out, each named to the clerk in a warning."""
    found = comments(text, ctx, where)
    for comment in found:
        text = text.replace(comment, "")
    for comment in found[:SHOWN_COMMENTS]:
        said = " ".join(comment[4:-3].split())
        ctx.warn(f"holds a comment, left out of the pack: '{said[:200]}'",
                 "a comment is never published; delete it once it is dealt with")
    if len(found) > SHOWN_COMMENTS:
        ctx.warn(f"holds {len(found) - SHOWN_COMMENTS} more comments, left out of the pack")
    return text


def embed_images(blocks: list, ctx: Context) -> list:
    """Replace image paths by stored media; images that cannot be used become their alt text."""
    base = PurePosixPath(ctx.file).parent

    def fix(node: dict) -> dict | list | None:
        if node["t"] != "Image":
            return None
        a, alt, (target, title) = node["c"]
        if target.startswith("media/") and target in ctx.media:
            return None
        if ast.undescribed(node):
            ctx.warn(f"image '{target[:60]}' has no alt text",
                     "describe the image for members who use screen readers, or mark it "
                     "{.decorative} if it only decorates")
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
            ctx.warn(f"image '{target[:60]}' is not in the pack and was left out",
                     "save the image into the pack folder and link to it there")
            return [ast.emph(alt or "image")]
        relative = posixpath.normpath(str(base / target.split("#")[0].split("?")[0]))
        suffix = PurePosixPath(relative).suffix.lower()
        if suffix not in IMAGE_TYPES:
            ctx.warn(f"'{target[:60]}' is not an image boardpack can show",
                     "use PNG, JPEG, GIF, SVG or WebP")
            return [ast.emph(alt or "image")]
        try:
            data = ctx.read(relative)
        except BoardpackError as exc:
            problem = exc.problems[0]
            ctx.warn(f"image '{target[:60]}': {problem.message}", problem.hint)
            return [ast.emph(alt or "image")]
        broken = images.problem(data, suffix)
        if broken:
            ctx.warn(f"image '{target[:60]}' {broken} and was left out",
                     "export the image again from its original")
            return [ast.emph(alt or "image")]
        name = ctx.add_media(data, suffix)
        return {"t": "Image", "c": [a, alt, [name, title]]}

    return ast.edit(blocks, fix, ("Image",))  # clean() made them: ours to change
