"""An Excel workbook's package: its parts checked, its sheets listed.

Before any XML parser or openpyxl sees a workbook, ``open_package`` checks the
zip (``zipsafe``: empty, encrypted, not a zip, zip bomb) and refuses any part
that declares a DTD or entities (an "XML bomb": Excel never writes them). It then
reads the workbook part for the sheets, their order and whether each is hidden,
and recognises Strict Open XML, which openpyxl would silently read as a workbook
with no sheets.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

from boardpack.sources.zipsafe import UnsafeZip, checked_read, open_office

STRICT_NS = "http://purl.oclc.org/ooxml/"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAX_SMALL_PART = 20_000_000
DTD_MARKS = tuple(mark.encode(codec) for mark in ("<!DOCTYPE", "<!ENTITY")
                  for codec in ("utf-8", "utf-16-le", "utf-16-be"))


class WorkbookError(ValueError):
    """The workbook cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook, as its workbook part lists it."""

    name: str
    state: str  # visible, hidden or veryHidden
    part: str  # the zip member holding the sheet, e.g. xl/worksheets/sheet1.xml
    kind: str  # worksheet, chartsheet, dialogsheet or macrosheet

    @property
    def hidden(self) -> bool:
        return self.state != "visible"


@dataclass
class Package:
    """An opened, checked workbook package."""

    archive: zipfile.ZipFile
    sheets: list[Sheet]

    @property
    def visible_worksheets(self) -> list[Sheet]:
        return [s for s in self.sheets if not s.hidden and s.kind == "worksheet"]

    @contextmanager
    def open_part(self, name: str) -> Iterator[IO[bytes]]:
        try:
            handle = self.archive.open(name)
        except KeyError:
            raise WorkbookError(f"the workbook lists part '{name}' but it is missing: the file "
                                "is damaged; open it in Excel and save it again") from None
        with handle:
            yield handle


def open_package(data: bytes, *, max_unzipped: int) -> Package:
    """Check ``data`` and list its sheets; raises WorkbookError."""
    try:
        archive = open_office(data, max_unzipped=max_unzipped, label="Excel")
    except UnsafeZip as exc:
        raise WorkbookError(str(exc)) from None
    refuse_dtds(archive)
    main = main_part(archive)
    root = parse(archive, main)
    if root.tag.startswith("{" + STRICT_NS):
        raise WorkbookError("the workbook is saved as 'Strict Open XML', which boardpack "
                            "cannot read: in Excel use File, Save As, 'Excel Workbook (.xlsx)'")
    if local(root.tag) != "workbook":
        raise WorkbookError("this is not an Excel workbook (it may be a Word or PowerPoint "
                            "file renamed): check the file and its extension")
    targets = relationships(archive, posixpath.join(posixpath.dirname(main), "_rels",
                                                    posixpath.basename(main) + ".rels"))
    sheets = []
    for element in root.iter():
        if local(element.tag) != "sheet":
            continue
        rel_id = element.get(f"{{{REL_NS}}}id", "")
        kind, part = targets.get(rel_id, ("", ""))
        sheets.append(Sheet(name=element.get("name", ""), state=element.get("state", "visible"),
                            part=resolve(main, part) if part else "", kind=kind))
    if not sheets:
        raise WorkbookError("the workbook has no sheets: open it in Excel and save it again")
    return Package(archive=archive, sheets=sheets)


def refuse_dtds(archive: zipfile.ZipFile) -> None:
    """Refuse any XML part that declares a DTD or entities (a billion-laughs bomb)."""
    for member in archive.infolist():
        if member.is_dir() or not member.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(member) as handle:
                head = handle.read(4096)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise WorkbookError(f"part '{member.filename}' is damaged ({exc}): ask for the "
                                "file again") from None
        if any(mark in head for mark in DTD_MARKS):
            raise WorkbookError(f"part '{member.filename}' declares XML entities, which Excel "
                                "never writes (an 'XML bomb' attack uses them): ask for the "
                                "workbook to be saved again from Excel")


def main_part(archive: zipfile.ZipFile) -> str:
    """The workbook part named by the package's root relationships."""
    for kind, target in relationships(archive, "_rels/.rels").values():
        if kind == "officeDocument":
            return target.lstrip("/")
    names = archive.namelist()
    if "xl/workbook.xml" in names:
        return "xl/workbook.xml"
    if any("\\" in name for name in names):
        raise WorkbookError("the file's parts are named with Windows '\\' paths, which breaks "
                            "the Excel format (some tools write them): open it in Excel and "
                            "save it again")
    raise WorkbookError("this is not an Excel workbook (no workbook part inside): check the "
                        "file and its extension")


def relationships(archive: zipfile.ZipFile, name: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type's last word, target) of a ``.rels`` part."""
    if name not in archive.namelist():
        return {}
    found = {}
    for element in parse(archive, name).iter():
        if local(element.tag) == "Relationship" and element.get("Id"):
            kind = element.get("Type", "").rstrip("/").rsplit("/", 1)[-1]
            found[element.get("Id", "")] = (kind, element.get("Target", ""))
    return found


def resolve(source: str, target: str) -> str:
    """A relationship target as a zip member name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def parse(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    """A small XML part (workbook, relationships), parsed."""
    try:
        data = checked_read(archive, name, limit=MAX_SMALL_PART)
    except KeyError:
        raise WorkbookError(f"part '{name}' is missing: the file is damaged; open it in "
                            "Excel and save it again") from None
    except UnsafeZip as exc:
        raise WorkbookError(str(exc)) from None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise WorkbookError(f"part '{name}' is damaged ({exc}): ask for the file again"
                            ) from None
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise WorkbookError(f"part '{name}' is not well-formed XML ({exc}): the file is "
                            "damaged; open it in Excel and save it again") from None


def local(tag: str) -> str:
    """An XML name without its namespace."""
    return tag.rsplit("}", 1)[-1]
