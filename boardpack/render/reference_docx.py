"""A Word reference document in the house style, for Pandoc's ``--reference-doc``.

Pandoc styles the ``.docx`` files it writes from a reference document. This one is
Pandoc's own, with the house font in every style, the house colour on the title and
headings, and British English as the language. Only attribute values of
``word/styles.xml`` change (read and written with ElementTree); every other part is
copied as it is.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping
from typing import Any

from boardpack.pandoc import run as pandoc

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STYLES = "word/styles.xml"
COLOURED = re.compile(r"^(Title|Heading\d)$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_THEME_FONTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_AFTER_COLOUR = {f"{{{W}}}{name}" for name in (
    "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd",
    "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def pandoc_default() -> bytes:
    """Pandoc's own reference document."""
    return pandoc.run(["--print-default-data-file", "reference.docx"], b"")


def make(house: Mapping[str, Any], base: bytes | None = None) -> bytes:
    """A reference document in ``house``'s font and colour (from ``base``, by default
    Pandoc's own)."""
    source = zipfile.ZipFile(io.BytesIO(base if base is not None else pandoc_default()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == STYLES:
                data = restyle(data, str(house.get("font", "")), str(house.get("colour", "")))
            target.writestr(info, data)
    return out.getvalue()


def restyle(styles: bytes, font: str, colour: str) -> bytes:
    """``word/styles.xml`` with ``font`` in every run style and ``colour`` on the title
    and headings (either may be empty: left as it is)."""
    for prefix, uri in _namespaces(styles).items():
        ET.register_namespace(prefix, uri)
    root = ET.fromstring(styles)
    if font:
        for fonts in root.iter(_w("rFonts")):
            for theme in _THEME_FONTS:
                fonts.attrib.pop(_w(theme), None)
            for key in ("ascii", "hAnsi", "eastAsia", "cs"):
                fonts.set(_w(key), font)
    for lang in root.iter(_w("lang")):
        lang.set(_w("val"), "en-GB")
    if COLOUR.match(colour):
        for style in root.iter(_w("style")):
            if COLOURED.match(style.get(_w("styleId"), "")):
                _colour(style, colour.lstrip("#").upper())
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _colour(style: ET.Element, hex_colour: str) -> None:
    run = style.find(_w("rPr"))
    if run is None:
        run = ET.SubElement(style, _w("rPr"))
    colour = run.find(_w("color"))
    if colour is None:  # in its place in the schema's order: before size, underline …
        colour = ET.Element(_w("color"))
        later = [i for i, child in enumerate(run) if child.tag in _AFTER_COLOUR]
        run.insert(later[0] if later else len(run), colour)
    colour.attrib.clear()
    colour.set(_w("val"), hex_colour)


def _namespaces(data: bytes) -> dict[str, str]:
    """The prefixes the part declares, so that they are written back unchanged."""
    found: dict[str, str] = {}
    for _, (prefix, uri) in ET.iterparse(io.BytesIO(data), events=("start-ns",)):
        found.setdefault(prefix, uri)
    return found
