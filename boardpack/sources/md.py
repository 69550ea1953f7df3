"""Markdown reports: Pandoc's Markdown reader, with raw HTML/Typst/LaTeX dropped."""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath

from boardpack.cache import paused_gc
from boardpack.pandoc import ast
from boardpack.pandoc import run as pandoc
from boardpack.problems import BoardpackError, Problem
from boardpack.sources import Context, Converted, images

KIND = "md"
EXTENSIONS = (".md", ".markdown", ".txt")
VERSION = 3  # 3: no alt-text warning for an image marked {.decorative}
IMAGE_TYPES = {f".{k}" for k in images.KINDS}
# Pandoc Markdown without raw HTML or TeX (shown as the text typed) or dollar maths.
# Explicit raw blocks (```{=typst}) are read as raw so that ast.clean drops them
# with a warning, rather than printing them as code.
FORMAT = "markdown-raw_html-raw_tex-tex_math_dollars"


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
    doc = pandoc.read(text.encode("utf-8"), FORMAT, timeout=ctx.limits.convert_seconds,
                      where=Problem("", pack=ctx.pack, item=ctx.item, file=ctx.file))
    blocks, notes = ast.clean(doc["blocks"], prefix=ctx.item, owned=True)
    for note in notes:
        ctx.warn(note, "boardpack never passes raw markup through")
    blocks = embed_images(blocks, ctx)
    return ctx.result(blocks)


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
