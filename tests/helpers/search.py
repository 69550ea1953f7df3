"""Searching every byte of an output for a marker: a PDF's page text, objects and
decoded streams; an HTML page's text, attributes and decoded ``data:`` URIs; every part
of a Word file; any other file as bytes."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from pathlib import Path

import pypdf
from pypdf.generic import IndirectObject, StreamObject


def _pdf(data: bytes) -> list[bytes]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    found = [(page.extract_text() or "").encode("utf-8") for page in reader.pages]
    found += [str(v).encode("utf-8") for v in (reader.metadata or {}).values()]
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = IndirectObject(number, 0, reader).get_object()
        except (pypdf.errors.PdfReadError, ValueError, KeyError):
            continue
        if isinstance(obj, StreamObject):
            try:
                found.append(obj.get_data())
            except (ValueError, NotImplementedError, pypdf.errors.PdfReadError):
                continue
        else:
            found.append(str(obj).encode("utf-8", "replace"))
    return found


def _html(data: bytes) -> list[bytes]:
    text = data.decode("utf-8", "replace")
    return [base64.b64decode(m.group(1)) for m in
            re.finditer(r"data:[^,]*;base64,([A-Za-z0-9+/=]+)", text)]


def contents(path: Path) -> list[bytes]:
    """Every form in which ``path`` holds text a reader could get at."""
    data = path.read_bytes()
    found = [data]
    if data.startswith(b"%PDF"):
        found += _pdf(data)
    elif path.suffix in (".html", ".htm"):
        found += _html(data)
    elif zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            found += [package.read(name) for name in package.namelist()]
    return found


def holds(path: Path, marker: str) -> bool:
    """Whether ``marker`` is anywhere in the file, in UTF-8 or UTF-16."""
    forms = [marker.encode(), marker.encode("utf-16-be"), marker.encode("utf-16-le")]
    return any(form in blob for blob in contents(path) for form in forms)


def files_holding(folder: Path, marker: str) -> list[str]:
    """The files under ``folder`` (relative paths) that hold ``marker``."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and holds(p, marker))
