"""Reading a PDF's structure tree (its tags) with pikepdf, independently of boardpack."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pikepdf = pytest.importorskip("pikepdf", reason="pikepdf (qpdf for Python) is not installed")


@dataclass
class Element:
    """One structure element: its role, its /Alt and /T, its table attributes, kids."""

    role: str
    alt: str | None
    title: str | None
    scope: str | None
    kids: list[Element] = field(default_factory=list)

    def walk(self) -> list[Element]:
        out = [self]
        for kid in self.kids:
            out += kid.walk()
        return out

    def find(self, role: str) -> list[Element]:
        return [e for e in self.walk() if e.role == role]


def _scope(element: Any) -> str | None:
    found = element.get("/A")
    if found is None:
        return None
    for owner in (list(found) if isinstance(found, pikepdf.Array) else [found]):
        if isinstance(owner, pikepdf.Dictionary) and owner.get("/Scope") is not None:
            return str(owner.get("/Scope"))
    return None


def _element(obj: Any) -> Element:
    alt, title = obj.get("/Alt"), obj.get("/T")
    element = Element(str(obj.get("/S")), str(alt) if alt is not None else None,
                      str(title) if title is not None else None, _scope(obj))
    kids = obj.get("/K")
    if kids is not None:
        for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") is not None:
                element.kids.append(_element(kid))
    return element


def tree(path: Path) -> Element:
    """The document's structure tree, from its /StructTreeRoot."""
    with pikepdf.open(path) as pdf:
        root = pdf.Root.StructTreeRoot
        top = Element("/StructTreeRoot", None, None, None)
        kids = root.K
        for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
            top.kids.append(_element(kid))
        return top


def catalog(path: Path) -> dict[str, Any]:
    """What the catalog and metadata say: language, title shown, PDF/UA part."""
    with pikepdf.open(path) as pdf:
        preferences = pdf.Root.get("/ViewerPreferences")
        with pdf.open_metadata() as meta:
            part = meta.get("pdfuaid:part")
        return {"lang": str(pdf.Root.get("/Lang")),
                "display_title": bool(preferences.get("/DisplayDocTitle"))
                if preferences is not None else False,
                "title": str(pdf.docinfo.get("/Title")),
                "pdfua": part}
