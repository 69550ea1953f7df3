"""Checks on Office files (.docx, .xlsx) before any library unpacks them.

An Office file is a zip archive. These checks refuse, with a clear message, a
file that is not a zip (truncated, renamed, or encrypted: password-protected
Office files are OLE compound files, not zips), one that would unpack to more
than the limit (a zip bomb), and one with too many members.
"""

from __future__ import annotations

import io
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_MEMBERS = 10_000


class UnsafeZip(ValueError):
    """The archive may not be opened; the message says why and what to do."""


def open_office(data: bytes, *, max_unzipped: int, label: str = "Office") -> zipfile.ZipFile:
    """Open ``data`` as an Office zip after checking it is safe to unpack."""
    if not data:
        raise UnsafeZip("the file is empty (0 bytes): ask the author to send it again")
    if data.startswith(OLE_MAGIC):
        raise UnsafeZip("the file is password-protected (encrypted): ask the author for a copy "
                        "without a password")
    if not data.startswith(b"PK"):
        raise UnsafeZip(f"this is not a {label} file (wrong extension, or damaged): open it in "
                        "its own program and save it again")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise UnsafeZip(f"the file is damaged or truncated ({exc}): ask for it again") from None
    if len(members) > MAX_MEMBERS:
        raise UnsafeZip(f"the file has {len(members)} parts, more than {MAX_MEMBERS}: "
                        "it may be a zip bomb")
    total = sum(m.file_size for m in members)
    if total > max_unzipped:
        raise UnsafeZip(f"the file would unpack to {total / 1e6:.0f} MB, over the "
                        f"{max_unzipped / 1e6:.0f} MB limit (a zip bomb?): raise "
                        "[limits] max_unzipped_mb if it is genuine")
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > 1000 and \
                member.file_size > 10_000_000:
            ratio = member.file_size // max(member.compress_size, 1)
            raise UnsafeZip(f"part '{member.filename}' expands {ratio}-fold: a zip bomb; "
                            "ask for the file again")
    return archive


def checked_read(archive: zipfile.ZipFile, name: str, *, limit: int) -> bytes:
    """Read one member, refusing to inflate more than ``limit`` bytes whatever it claims."""
    with archive.open(name) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnsafeZip(f"part '{name}' is larger than it claims (a zip bomb?)")
    return data
