"""Small pictures made for tests, without any imaging library."""

from __future__ import annotations

import struct
import zlib


def png(width: int, height: int, text: str = "") -> bytes:
    """An RGB PNG of a colour ramp, with ``text`` in a tEXt chunk when given."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 4 % 256, y * 15 % 256, 120)) for x in range(width))
        for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    comment = chunk(b"tEXt", b"Comment\x00" + text.encode("ascii")) if text else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + comment
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
