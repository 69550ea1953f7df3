"""A tagged PDF's structure tree, pruned to some of its pages, for a document cut from it.

Each structure element keeps the content it marks on the kept pages (marked-content
ids, marked-content and object references); an element left with nothing is dropped,
and so is a reference to a page or annotation that was not kept, so the cut document
holds no object of the pages left out. The parent tree and the id tree are rebuilt
for what remains. The source is edited in memory (open it afresh for each cut).
"""

from __future__ import annotations

import pikepdf

ObjGen = tuple[int, int]


def copy_structure(source: pikepdf.Pdf, cut: pikepdf.Pdf, pages: set[ObjGen],
                   dropped: set[ObjGen]) -> None:
    """Give ``cut`` (whose pages were copied from ``source``: ``pages``) the structure of
    those pages; ``dropped`` are annotations of theirs that were not copied."""
    root = source.Root.get("/StructTreeRoot")
    if not isinstance(root, pikepdf.Dictionary):
        return
    pruner = _Pruner(pages, dropped)
    new_root = source.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    kids = pruner.kids(root.get("/K"), None, new_root)
    if not kids:
        return
    new_root.K = kids
    for key in ("/RoleMap", "/ClassMap", "/ParentTreeNextKey"):
        if key in root:
            new_root[key] = root[key]
    new_root.ParentTree = _parent_tree(source, root, pruner.kept, pages, dropped)
    if "/IDTree" in root:
        ids = [(name, element) for name, element in pikepdf.NameTree(root.IDTree).items()
               if element.objgen in pruner.kept]
        new_root.IDTree = pikepdf.Dictionary(Names=pikepdf.Array(
            [x for name, element in ids for x in (pikepdf.String(name), element)]))
    cut.Root.StructTreeRoot = cut.copy_foreign(new_root)
    cut.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    for page in cut.pages:  # an annotation whose element was dropped leaves no key behind
        for annot in page.obj.get("/Annots", pikepdf.Array()):
            if "/StructParent" in annot and annot.StructParent not in _keys(cut):
                del annot["/StructParent"]


def _keys(cut: pikepdf.Pdf) -> set[int]:
    return {int(k) for k in pikepdf.NumberTree(cut.Root.StructTreeRoot.ParentTree)}


class _Pruner:
    """Walks the tree, keeping what lies on the kept pages; ``kept`` are the elements."""

    def __init__(self, pages: set[ObjGen], dropped: set[ObjGen]) -> None:
        self.pages = pages
        self.dropped = dropped
        self.kept: set[ObjGen] = set()

    def on_kept(self, page: pikepdf.Object | None) -> bool:
        return isinstance(page, pikepdf.Dictionary) and page.objgen in self.pages

    def kids(self, kids: pikepdf.Object | None, page: pikepdf.Object | None,
             parent: pikepdf.Object) -> pikepdf.Array:
        """What of ``kids`` (an element's /K) lies on kept pages; ``page`` is the
        element's /Pg."""
        if kids is None:
            return pikepdf.Array()
        out = pikepdf.Array()
        for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, int):
                if self.on_kept(page):
                    out.append(kid)
            elif not isinstance(kid, pikepdf.Dictionary):
                continue
            elif kid.get("/Type") == pikepdf.Name.MCR:
                if self.on_kept(kid.get("/Pg", page)):
                    out.append(kid)
            elif kid.get("/Type") == pikepdf.Name.OBJR:
                annot = kid.get("/Obj")
                if (self.on_kept(kid.get("/Pg", page)) and annot is not None
                        and annot.objgen not in self.dropped):
                    out.append(kid)
            elif self.element(kid, page, parent):
                out.append(kid)
        return out

    def element(self, element: pikepdf.Dictionary, page: pikepdf.Object | None,
                parent: pikepdf.Object) -> bool:
        """Prune one element in place; whether anything of it is left."""
        own = element.get("/Pg", page)
        kids = self.kids(element.get("/K"), own, element)
        if not kids:
            return False
        element.K = kids
        element.P = parent
        if "/Pg" in element and not self.on_kept(element.Pg):
            del element["/Pg"]  # its content on kept pages names its own page
        self.kept.add(element.objgen)
        return True


def _parent_tree(source: pikepdf.Pdf, root: pikepdf.Dictionary, kept: set[ObjGen],
                 pages: set[ObjGen], dropped: set[ObjGen]) -> pikepdf.Dictionary:
    """The parent tree's entries for the kept pages and annotations, with dropped
    elements as null."""
    old = pikepdf.NumberTree(root.ParentTree) if "/ParentTree" in root else None
    nums: list[tuple[int, pikepdf.Object]] = []
    for page in source.pages:
        if page.objgen not in pages or old is None:
            continue
        key = page.obj.get("/StructParents")
        if isinstance(key, int) and key in old:
            entries = old[key]
            nums.append((key, pikepdf.Array(
                [e if isinstance(e, pikepdf.Dictionary) and e.objgen in kept else None
                 for e in entries])))
        for annot in page.obj.get("/Annots", pikepdf.Array()):
            key = annot.get("/StructParent")
            if annot.objgen in dropped or not isinstance(key, int) or key not in old:
                continue
            element = old[key]
            if isinstance(element, pikepdf.Dictionary) and element.objgen in kept:
                nums.append((key, element))
    nums.sort(key=lambda pair: pair[0])
    return pikepdf.Dictionary(Nums=pikepdf.Array([x for pair in nums for x in pair]))
