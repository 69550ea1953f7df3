"""The house font in the HTML pack: Lato, subset to the characters the page uses.

Each face the page's styles use (regular, bold, italic) is cut down with fontTools to
the characters of the page's text, saved as WOFF2 and embedded as a ``data:`` URI in
an ``@font-face`` rule with ``font-display: swap``, so every browser shows the face
the PDF uses, with nothing fetched (the page's Content-Security-Policy allows fonts
from ``data:`` only). A subset is kept in the pack's cache under the face, the
versions and the characters, so a rebuild whose text uses the same characters cuts
nothing. Layout features (kerning) are left out: they would double the cost and the
size for a difference few readers see.
"""

from __future__ import annotations

import base64
import html
import importlib.metadata
import io
import re
from functools import cache as memoise

import fontpkg_lato

from boardpack.cache import Cache, digest

FAMILY = "Lato"
SPACE = "webfonts"
# (file, weight, style): the faces pack.css asks for.
FACES = (("Lato-Regular.ttf", 400, "normal"), ("Lato-Bold.ttf", 700, "normal"),
         ("Lato-Italic.ttf", 400, "italic"))
_TAG = re.compile(r"<[^>]*>")


def characters(*texts: str) -> str:
    """The characters a page shows, from its HTML (tags and attributes left out,
    character references read), sorted, without controls."""
    shown: set[str] = set()
    for text in texts:
        shown.update(html.unescape(_TAG.sub(" ", text)))
    return "".join(sorted(c for c in shown if c.isprintable()))


@memoise
def _versions() -> str:
    return (f"fonttools {importlib.metadata.version('fonttools')} "
            f"fontpkg-lato {importlib.metadata.version('fontpkg-lato')}")


def subset(face: str, text: str, store: Cache) -> bytes:
    """The WOFF2 bytes of ``face`` holding the glyphs of ``text`` (from the cache if made
    before)."""
    key = digest(SPACE, _versions(), face, text)
    found = store.get(SPACE, key)
    if isinstance(found, str):
        return base64.b64decode(found)
    from fontTools import subset as cutter  # imported only when a subset is made
    from fontTools.ttLib import TTFont

    options = cutter.Options()
    options.flavor = "woff2"
    options.layout_features = []
    options.hinting = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # copyright, names, version: the licence's ask
    # the time of making kept out of the font (head.modified), so the same text gives the
    # same bytes
    font = TTFont(fontpkg_lato.ROOT / "files" / face, lazy=True, recalcTimestamp=False)
    subsetter = cutter.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    data = out.getvalue()
    store.put(SPACE, key, base64.b64encode(data).decode("ascii"))
    return data


def font_faces(text: str, store: Cache) -> str:
    """``@font-face`` rules embedding each face, subset to ``text``'s characters."""
    rules = []
    for face, weight, style in FACES:
        uri = "data:font/woff2;base64," + base64.b64encode(subset(face, text, store)).decode()
        rules.append(f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
                     f'font-style: {style}; font-display: swap; src: url("{uri}") '
                     'format("woff2"); }')
    return "\n".join(rules)
