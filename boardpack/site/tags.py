"""A tagged PDF's structure tree, pruned to some of its pages, for a document cut from it.

The elements kept are those the parent tree names for the kept pages' marked content
and annotations, with their ancestors; each keeps only what it marks there
(marked-content ids, marked-content and object references) and its kept children,
and loses a page reference outside them, so the cut holds no object of the pages
left out. The parent tree and the id tree are rebuilt for what remains. The work
is proportional to what is kept, not to the whole tree. The source is edited in
memory: open it afresh for each cut. A PDF without a parent tree gets no tags.
"""

from __future__ import annotations

import pikepdf

ObjGen = tuple[int, int]


def copy_structure(source: pikepdf.Pdf, cut: pikepdf.Pdf, pages: set[ObjGen],
                   dropped: set[ObjGen]) -> None:
    """Give ``cut`` (whose pages were copied from ``source``: ``pages``) the structure of
    those pages; ``dropped`` are annotations of theirs that were not copied."""
    root = source.Root.get("/StructTreeRoot")
    if not isinstance(root, pikepdf.Dictionary) or "/ParentTree" not in root:
        return
    parents = pikepdf.NumberTree(root.ParentTree)
    entries = _entries(source, parents, pages, dropped)
    kept = _with_ancestors([e for _, value in entries for e in _elements(value)], root)
    top = _kept_kids(root.get("/K"), kept)
    if not top:
        return
    for element in kept.values():
        _prune(element, kept, pages, dropped)
    for kid in top:
        del kid["/P"]  # the old root would bring the whole tree along: set below
    # Built in the cut (making an object indirect in the source would load all of it).
    new_root = cut.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    new_root.K = pikepdf.Array([cut.copy_foreign(e) for e in top])
    for copied in new_root.K:
        copied.P = new_root
    for key in ("/RoleMap", "/ClassMap", "/ParentTreeNextKey"):
        if key in root:
            new_root[key] = _bring(cut, root[key])
    new_root.ParentTree = pikepdf.Dictionary(Nums=pikepdf.Array(
        [x for key, value in entries for x in (key, _bring(cut, _only(value, kept)))]))
    ids = sorted((bytes(e.ID), e) for e in kept.values() if isinstance(e.get("/ID"),
                                                                        pikepdf.String))
    if ids:
        new_root.IDTree = pikepdf.Dictionary(Names=pikepdf.Array(
            [x for name, element in ids for x in (pikepdf.String(name),
                                                   cut.copy_foreign(element))]))
    cut.Root.StructTreeRoot = new_root
    cut.Root.MarkInfo = pikepdf.Dictionary(Marked=True)


def _bring(cut: pikepdf.Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """``value`` (of the source) as the cut may hold it: indirect objects copied,
    direct arrays and dictionaries rebuilt around them."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return cut.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_bring(cut, x) for x in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({k: _bring(cut, v) for k, v in value.items()})
    return value


def _entries(source: pikepdf.Pdf, parents: pikepdf.NumberTree, pages: set[ObjGen],
             dropped: set[ObjGen]) -> list[tuple[int, pikepdf.Object]]:
    """The parent tree's entries for the kept pages and their kept annotations."""
    found: dict[int, pikepdf.Object] = {}
    for page in source.pages:
        if page.obj.objgen not in pages:
            continue
        keys = [page.obj.get("/StructParents")]
        keys += [a.get("/StructParent") for a in page.obj.get("/Annots", pikepdf.Array())
                 if a.objgen not in dropped]
        for key in keys:
            if isinstance(key, int) and key in parents:
                found[key] = parents[key]
    return sorted(found.items(), key=lambda pair: pair[0])


def _elements(value: pikepdf.Object) -> list[pikepdf.Dictionary]:
    """The elements a parent-tree entry names (an array for a page, one for an object)."""
    items = list(value) if isinstance(value, pikepdf.Array) else [value]
    return [e for e in items if isinstance(e, pikepdf.Dictionary)]


def _with_ancestors(elements: list[pikepdf.Dictionary], root: pikepdf.Dictionary
                    ) -> dict[ObjGen, pikepdf.Dictionary]:
    kept: dict[ObjGen, pikepdf.Dictionary] = {}
    for first in elements:
        element: pikepdf.Object | None = first
        while (isinstance(element, pikepdf.Dictionary) and element.objgen not in kept
               and element.objgen != root.objgen and element.objgen != (0, 0)):
            kept[element.objgen] = element
            element = element.get("/P")
    return kept


def _prune(element: pikepdf.Dictionary, kept: dict[ObjGen, pikepdf.Dictionary],
           pages: set[ObjGen], dropped: set[ObjGen]) -> None:
    """Keep of ``element`` what lies on the kept pages, in place."""
    page = element.get("/Pg")
    on_kept = isinstance(page, pikepdf.Dictionary) and page.objgen in pages
    out = pikepdf.Array()
    for kid in _kids(element.get("/K")):
        if isinstance(kid, int):
            keep = on_kept
        elif not isinstance(kid, pikepdf.Dictionary):
            keep = False
        elif kid.get("/Type") == pikepdf.Name.MCR:
            where = kid.get("/Pg")
            keep = on_kept if where is None else where.objgen in pages
        elif kid.get("/Type") == pikepdf.Name.OBJR:
            where, annot = kid.get("/Pg"), kid.get("/Obj")
            keep = ((on_kept if where is None else where.objgen in pages)
                    and annot is not None and annot.objgen not in dropped)
        else:
            keep = kid.objgen in kept
        if keep:
            out.append(kid)
    element.K = out
    if page is not None and not on_kept:
        del element["/Pg"]  # its content on kept pages names its own page


def _kids(kids: pikepdf.Object | None) -> list[pikepdf.Object]:
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _kept_kids(kids: pikepdf.Object | None, kept: dict[ObjGen, pikepdf.Dictionary]
               ) -> pikepdf.Array:
    return pikepdf.Array([k for k in _kids(kids)
                          if isinstance(k, pikepdf.Dictionary) and k.objgen in kept])


def _only(value: pikepdf.Object, kept: dict[ObjGen, pikepdf.Dictionary]) -> pikepdf.Object:
    """A parent-tree entry with the elements not kept as null."""
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([e if isinstance(e, pikepdf.Dictionary) and e.objgen in kept
                              else None for e in value])
    return value
