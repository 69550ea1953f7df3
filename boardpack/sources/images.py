"""Checking image bytes before they reach a renderer, so a broken image is a clear
problem with its report and not a failed layout of the whole pack."""

from __future__ import annotations

import re
import struct
import zlib

KINDS = {"png": "png", "jpg": "jpeg", "jpeg": "jpeg", "gif": "gif", "svg": "svg", "webp": "webp"}


def problem(data: bytes, extension: str) -> str:
    """Why ``data`` is not a usable image of its kind; empty if it is fine."""
    kind = KINDS.get(extension.lower().lstrip("."))
    if kind is None:
        return "is not an image type boardpack can show (use PNG, JPEG, GIF, SVG or WebP)"
    if not data:
        return "is empty"
    check = {"png": _png, "jpeg": _jpeg, "gif": _gif, "svg": _svg, "webp": _webp}[kind]
    return check(data)


def _png(data: bytes) -> str:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "is not a PNG image (wrong contents for its name)"
    offset, seen_end = 8, False
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset: offset + 8])
        chunk = data[offset + 4: offset + 8 + length]
        crc = data[offset + 8 + length: offset + 12 + length]
        if len(crc) < 4 or zlib.crc32(chunk) != struct.unpack(">I", crc)[0]:
            return "is a damaged PNG image"
        offset += 12 + length
        if kind == b"IEND":
            seen_end = True
            break
    return "" if seen_end else "is a truncated PNG image"


def _jpeg(data: bytes) -> str:
    if not data.startswith(b"\xff\xd8"):
        return "is not a JPEG image (wrong contents for its name)"
    return "" if b"\xff\xd9" in data[-1024:] else "is a truncated JPEG image"


def _gif(data: bytes) -> str:
    return "" if data[:6] in (b"GIF87a", b"GIF89a") else "is not a GIF image"


def _webp(data: bytes) -> str:
    return "" if data[:4] == b"RIFF" and data[8:12] == b"WEBP" else "is not a WebP image"


def _svg(data: bytes) -> str:
    head = data[:2048].decode("utf-8", "replace")
    if not re.search(r"<svg[\s>]", head + data[2048:65536].decode("utf-8", "replace")):
        return "is not an SVG image"
    if re.search(r"<!ENTITY|<!DOCTYPE[^>]*\[", head, re.I):
        return "is an SVG with entity declarations, which boardpack does not accept"
    return ""
