"""The fast AST passes give exactly what the simple recursive ones gave.

``ast.clean``, ``ast.edit``, ``ast.text_of`` and ``letter.inline_text`` were rewritten
for speed (in place, in one pass, stepping over words and spaces). Each is held here
to a reference written the plain way — ``ast.walk`` rebuilding every node, ``ast.nodes``
visiting every node — on a few hundred generated Pandoc trees (nested notes, tables,
citations, links to missing or repeated targets, raw output in odd places) and on what
Pandoc itself reads from Markdown, compared as JSON text so that even the order of keys
must agree. The hostile-input guarantees are checked too: raw output never survives,
and a document nested too deeply stops with a one-line problem.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from boardpack.pandoc import ast
from boardpack.pandoc import run as pandoc
from boardpack.pipeline.check import check
from boardpack.sources import letter, md

HERE = Path(__file__).resolve().parent.parent / "data"
Node = dict[str, Any]


# --- references: what the passes did before they were made fast ----------------------


def reference_clean(blocks: list[Node], prefix: str, shift: int = 1
                    ) -> tuple[list[Node], list[str]]:
    """clean() as one ``walk`` with a fix, then links checked against ``nodes``."""
    dropped: set[str] = set()

    def safe(a: list[Any]) -> list[Any]:
        return ast._prefixed(ast._safe_attr(a), prefix)

    def fix(node: Node) -> Any:
        kind, c = node["t"], node.get("c")
        if kind in ("RawBlock", "RawInline"):
            dropped.add(c[0])
            return []
        if kind == "Cite":
            return c[1]
        if kind == "Header":
            return {"t": kind, "c": [min(c[0] + shift, 6), safe(c[1]), c[2]]}
        if kind in ("Div", "Span", "CodeBlock", "Code", "Table", "Figure"):
            return {"t": kind, "c": [safe(c[0]), *c[1:]]}
        if kind in ("Link", "Image"):
            target = c[2][0]
            if kind == "Link" and target.startswith("#") and target[1:]:
                target = f"#{prefix}--{target[1:]}"
            if kind == "Link" and not ast._safe_url(target):
                return c[1]
            return {"t": kind, "c": [safe(c[0]), c[1], [target, c[2][1]]]}
        return None

    cleaned = ast.walk(blocks, fix)
    counts: dict[str, int] = {}
    linkable: set[str] = set()
    for node in ast.nodes(cleaned):
        c = node.get("c")
        a = c[1] if node["t"] == "Header" else c[0] if isinstance(c, list) and c else None
        if isinstance(a, list) and len(a) == 3 and isinstance(a[0], str) and a[0]:
            counts[a[0]] = counts.get(a[0], 0) + 1
            if node["t"] in ("Header", "Div", "Figure", "Table"):
                linkable.add(a[0])

    def unlink(node: Node) -> Any:
        target = node["c"][2][0] if node["t"] == "Link" else ""
        if target.startswith("#") and (target[1:] not in linkable or counts[target[1:]] > 1):
            return node["c"][1]
        return None

    if any(n["t"] == "Link" and n["c"][2][0].startswith("#") for n in ast.nodes(cleaned)):
        cleaned = ast.walk(cleaned, unlink)
    return cleaned, [f"raw {fmt} in the file was left out" for fmt in sorted(dropped)]


def reference_text_of(value: Any) -> str:
    parts: list[str] = []
    for node in ast.nodes(value):
        kind = node["t"]
        if kind == "Str":
            parts.append(node["c"])
        elif kind in ("Space", "SoftBreak", "LineBreak", "Para", "Plain", "Header"):
            parts.append(" ")
        elif kind == "Code":
            parts.append(node["c"][-1])
        elif kind == "Math":
            parts.append(node["c"][1])
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def without_notes(value: Any) -> Any:
    return ast.walk(value, lambda n: [] if n["t"] == "Note" else None)


def reference_inline_text(value: list[Node]) -> str:
    lines: list[list[Node]] = [[]]
    for node in without_notes(value):
        if node.get("t") == "LineBreak":
            lines.append([])
        else:
            lines[-1].append(node)
    return "\n".join(reference_text_of(line) for line in lines)


# --- generated trees -------------------------------------------------------------------

IDS = ["intro", "sec-1", "Sec 1!", "dup", "missing", "ünïcode", "x" * 70, ""]
WORDS = ["word", "Inspection", "of", "a\xa0b", "tab\there", "&<>\"'", "ﬁne", "Ｏfsted",
         "soft\u00adhyphen", "  ", "\u2003", "end."]
TARGETS = ["#intro", "#sec-1", "#Sec 1!", "#dup", "#missing", "#", "https://example.org/",
           "javascript:alert(1)", " JavaScript:x", "data:text/html,x", "mailto:a@b.org",
           "tel:01632", "reports/pic.png", "media/abc.png", "VBScript:x"]
PAIRS = [["width", "50%"], ["onclick", "alert(1)"], ["style", "color:red"], ["alt", 'a"b'],
         ["lang", "en"], ["Height", "3"], ["title", "javascript:x"], ["colspan", "2"]]
CLASSES = ["ok", "bad class", "y" * 41, "a<b", "unnumbered", "fine_one-2"]
LEAF_INLINES = ("Str", "Str", "Str", "Space", "Space", "SoftBreak", "LineBreak")
INLINE_KINDS = ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript",
                "SmallCaps", "Quoted", "Span", "Link", "Image", "Note", "Cite", "Code", "Math",
                "RawInline")
BLOCK_KINDS = ("Para", "Para", "Plain", "Header", "Div", "BlockQuote", "BulletList",
               "OrderedList", "DefinitionList", "LineBlock", "CodeBlock", "RawBlock", "Table",
               "Figure", "HorizontalRule")


class Trees:
    """Random but reproducible Pandoc trees (API 1.23), nested a few levels deep."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def attr(self) -> list[Any]:
        r = self.r
        return [r.choice(IDS), r.sample(CLASSES, r.randint(0, 2)),
                [list(p) for p in r.sample(PAIRS, r.randint(0, 3))]]

    def inlines(self, depth: int, most: int = 6) -> list[Node]:
        return [self.inline(depth) for _ in range(self.r.randint(0, most))]

    def blocks(self, depth: int, most: int = 4) -> list[Node]:
        return [self.block(depth) for _ in range(self.r.randint(1 if depth == 0 else 0, most))]

    def inline(self, depth: int) -> Node:
        r = self.r
        kind = r.choice(LEAF_INLINES if depth > 3 or r.random() < 0.6 else INLINE_KINDS)
        if kind == "Str":
            return {"t": "Str", "c": r.choice(WORDS)}
        if kind in ("Space", "SoftBreak", "LineBreak"):
            return {"t": kind}
        if kind == "Quoted":
            return {"t": kind, "c": [{"t": r.choice(["DoubleQuote", "SingleQuote"])},
                                     self.inlines(depth + 1)]}
        if kind in ("Span",):
            return {"t": kind, "c": [self.attr(), self.inlines(depth + 1)]}
        if kind in ("Link", "Image"):
            return {"t": kind, "c": [self.attr(), self.inlines(depth + 1),
                                     [r.choice(TARGETS), r.choice(["", "a title"])]]}
        if kind == "Note":
            return {"t": kind, "c": self.blocks(depth + 1, 2)}
        if kind == "Cite":
            citation = {"citationId": "doe", "citationPrefix": self.inlines(depth + 1, 3),
                        "citationSuffix": self.inlines(depth + 1, 2),
                        "citationMode": {"t": "NormalCitation"}, "citationNoteNum": 1,
                        "citationHash": 0}
            return {"t": kind, "c": [[citation], self.inlines(depth + 1)]}
        if kind == "Code":
            return {"t": kind, "c": [self.attr(), r.choice(WORDS)]}
        if kind == "Math":
            return {"t": kind, "c": [{"t": "InlineMath"}, "x^2 <y>"]}
        if kind == "RawInline":
            return {"t": kind, "c": [r.choice(["html", "typst", "latex"]), "<b>#raw</b>"]}
        return {"t": kind, "c": self.inlines(depth + 1)}

    def cell(self, depth: int) -> list[Any]:
        return [self.attr(), {"t": "AlignDefault"}, 1, 1, self.blocks(depth + 1, 2)]

    def block(self, depth: int) -> Node:
        r = self.r
        kind = r.choice(BLOCK_KINDS[:3] if depth > 3 else BLOCK_KINDS)
        if kind in ("Para", "Plain"):
            return {"t": kind, "c": self.inlines(depth)}
        if kind == "Header":
            return {"t": kind, "c": [r.randint(1, 6), self.attr(), self.inlines(depth)]}
        if kind == "Div":
            return {"t": kind, "c": [self.attr(), self.blocks(depth + 1)]}
        if kind == "BlockQuote":
            return {"t": kind, "c": self.blocks(depth + 1)}
        if kind == "BulletList":
            return {"t": kind, "c": [self.blocks(depth + 1, 2) for _ in range(r.randint(1, 3))]}
        if kind == "OrderedList":
            return {"t": kind, "c": [[1, {"t": "Decimal"}, {"t": "Period"}],
                                     [self.blocks(depth + 1, 2) for _ in range(2)]]}
        if kind == "DefinitionList":
            return {"t": kind, "c": [[self.inlines(depth), [self.blocks(depth + 1, 2)]]]}
        if kind == "LineBlock":
            return {"t": kind, "c": [self.inlines(depth) for _ in range(r.randint(1, 3))]}
        if kind == "CodeBlock":
            return {"t": kind, "c": [self.attr(), "code <here>"]}
        if kind == "RawBlock":
            return {"t": kind, "c": [r.choice(["html", "typst", "tex"]), "#set page()"]}
        if kind == "Figure":
            return {"t": kind, "c": [self.attr(), [None, self.blocks(depth + 1, 1)],
                                     self.blocks(depth + 1, 2)]}
        if kind == "Table":
            row = [self.attr(), [self.cell(depth) for _ in range(2)]]
            return {"t": kind, "c": [self.attr(), [None, self.blocks(depth + 1, 1)],
                                     [[{"t": "AlignDefault"}, {"t": "ColWidth", "c": 0.5}]] * 2,
                                     [self.attr(), [row]],
                                     [[self.attr(), 0, [], [[self.attr(), [self.cell(depth)
                                                                           for _ in range(2)]]]]],
                                     [self.attr(), []]]}
        return {"t": "HorizontalRule"}


def fresh(tree: Any) -> Any:
    """An unshared copy (what Pandoc's JSON gives: no node appears twice)."""
    return json.loads(json.dumps(tree))


def same(a: Any, b: Any) -> bool:
    return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


SEEDS = range(400)


# --- clean --------------------------------------------------------------------------


def test_clean_gives_what_walk_and_nodes_gave_on_generated_trees() -> None:
    for seed in SEEDS:
        tree = Trees(seed).blocks(0, 6)
        before = json.dumps(tree)
        shift = seed % 3
        expected = reference_clean(fresh(tree), "it", shift)
        copied = ast.clean(tree, prefix="it", shift=shift)
        assert json.dumps(tree) == before, f"seed {seed}: clean changed its input"
        owned = ast.clean(fresh(tree), prefix="it", shift=shift, owned=True)
        assert same(copied, expected), f"seed {seed}: copying clean differs"
        assert same(owned, expected), f"seed {seed}: in-place clean differs"
        kinds = {n["t"] for n in ast.nodes(copied[0])}
        assert not kinds & {"RawBlock", "RawInline", "Cite"}, seed


def test_links_reach_only_a_target_that_exists_once() -> None:
    blocks = [
        {"t": "Header", "c": [1, ["intro", [], []], [{"t": "Str", "c": "Intro"}]]},
        {"t": "Para", "c": [
            {"t": "Link", "c": [["", [], []], [{"t": "Str", "c": "up"}], ["#intro", ""]]},
            {"t": "Link", "c": [["", [], []], [{"t": "Str", "c": "gone"}], ["#nowhere", ""]]},
            {"t": "Link", "c": [["", [], []], [{"t": "Str", "c": "twice"}], ["#dup", ""]]},
            # a citation's prefix is dropped with it: its span does not make 'intro' twice
            {"t": "Cite", "c": [[{"citationId": "a", "citationPrefix": [
                {"t": "Span", "c": [["intro", [], []], []]}], "citationSuffix": [],
                "citationMode": {"t": "NormalCitation"}, "citationNoteNum": 1,
                "citationHash": 0}], [{"t": "Str", "c": "@a"}]]}]},
        {"t": "Div", "c": [["dup", [], []], []]},
        {"t": "Span", "c": [["dup", [], []], []]},
    ]
    cleaned, notes = ast.clean(fresh(blocks), prefix="r", owned=True)
    assert same((cleaned, notes), reference_clean(fresh(blocks), "r"))
    para = cleaned[1]["c"]
    assert para[0]["t"] == "Link" and para[0]["c"][2][0] == "#r--intro"
    assert para[1:] == [{"t": "Str", "c": "gone"}, {"t": "Str", "c": "twice"},
                        {"t": "Str", "c": "@a"}]


def test_raw_output_in_odd_places_is_dropped_and_named() -> None:
    raw_html = {"t": "RawInline", "c": ["html", "<script>x()</script>"]}
    blocks = [
        {"t": "Table", "c": [["", [], []], [None, [{"t": "RawBlock", "c": ["typst", "#x"]}]],
                             [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}]],
                             [["", [], []], []],
                             [[["", [], []], 0, [], [[["", [], []], [
                                 [["", [], []], {"t": "AlignDefault"}, 1, 1,
                                  [{"t": "Plain", "c": [raw_html, {"t": "Str", "c": "kept"}]}]]
                             ]]]]], [["", [], []], []]]},
        {"t": "Para", "c": [{"t": "Note", "c": [{"t": "RawBlock", "c": ["latex", "\\x"]}]},
                            {"t": "Link", "c": [["", [], []], [raw_html], ["#", ""]]}]},
    ]
    cleaned, notes = ast.clean(fresh(blocks), prefix="r")
    assert same((cleaned, notes), reference_clean(fresh(blocks), "r"))
    assert notes == ["raw html in the file was left out", "raw latex in the file was left out",
                     "raw typst in the file was left out"]
    assert not [n for n in ast.nodes(cleaned) if n["t"].startswith("Raw")]
    assert ast.text_of(cleaned) == "kept"


def test_what_pandoc_reads_is_cleaned_as_before(corpus: Path) -> None:
    sources = [corpus / "md" / "pandoc__testsuite.md", corpus / "md" / "pandoc__MANUAL.md",
               corpus / "md" / "pandoc__markdown-citations.md",
               *sorted((HERE / "hostile-pack" / "reports").glob("*.md")),
               *sorted((HERE / "letters").glob("*.md"))]
    for path in sources:
        blocks = pandoc.read(path.read_bytes(), md.FORMAT)["blocks"]
        expected = reference_clean(fresh(blocks), "p")
        assert same(ast.clean(fresh(blocks), prefix="p", owned=True), expected), path.name
        assert ast.text_of(blocks) == reference_text_of(blocks), path.name
        cleaned = expected[0]
        assert letter.plain_text(cleaned) == letter.plain_text(fresh(cleaned)), path.name


def test_a_document_nested_too_deeply_stops_with_one_line(make_pack) -> None:
    deep: list[Node] = [{"t": "Para", "c": [{"t": "Str", "c": "deep"}]}]
    for _ in range(2000):
        deep = [{"t": "BlockQuote", "c": deep}]
    with pytest.raises(RecursionError):
        ast.clean(deep, prefix="d", owned=True)
    quotes = "> " * 400 + "deep\n"
    root = make_pack("""
        [[item]]
        id = "deep"
        title = "Deep"
        files = ["reports/deep.md"]
        [[item]]
        id = "shallow"
        title = "Shallow"
        files = ["reports/shallow.md"]
        """, files={"reports/deep.md": quotes, "reports/shallow.md": "> " * 60 + "fine\n"})
    result = check(root, use_cache=False)
    errors = [str(p) for p in result.errors]
    assert len(errors) == 1 and "deep.md" in errors[0], errors
    assert "too deeply nested" in errors[0] and "\n" not in errors[0]


# --- edit, text_of, inline_text -------------------------------------------------------


def test_edit_changes_in_place_what_walk_would_build() -> None:
    def fixer(calls: list[str], kinds: tuple[str, ...]) -> Any:
        def apply(node: Node) -> Any:
            if node["t"] not in kinds:
                return None
            calls.append(node["t"])
            if node["t"] == "Note":
                return []
            if node["t"] == "Image":
                return [ast.emph(node["c"][1])] if node["c"][2][0].startswith("r") else {
                    "t": "Image", "c": [node["c"][0], node["c"][1], ["media/x.png", ""]]}
            if node["t"] == "Str":
                return {"t": "Str", "c": node["c"].upper()}
            return {"t": "Table", "c": node["c"][:1] + node["c"][1:]}
        return apply

    for seed in SEEDS:
        tree = Trees(seed).blocks(0, 6)
        for kinds in (("Image", "Note", "Table"), ("Image", "Note", "Table", "Str")):
            walked: list[str] = []
            expected = ast.walk(tree, fixer(walked, kinds))
            edited: list[str] = []
            assert same(ast.edit(fresh(tree), fixer(edited, kinds), kinds), expected), seed
            assert edited == walked, seed  # the same nodes, in the same order


def test_text_of_gives_what_nodes_gave() -> None:
    for seed in SEEDS:
        tree = Trees(seed).blocks(0, 6)
        assert ast.text_of(tree) == reference_text_of(tree), seed
        assert ast.text_of(tree, without={"Note"}) == reference_text_of(without_notes(tree)), seed
        para = {"t": "Para", "c": Trees(seed).inlines(0, 12)}
        assert letter.inline_text(para["c"]) == reference_inline_text(para["c"]), seed


def test_text_of_spaces_are_any_unicode_whitespace() -> None:
    inlines = [{"t": "Str", "c": "\u2003a\xa0\x1cb\u3000"}, {"t": "SoftBreak"},
               {"t": "Str", "c": "c\u2028"}, {"t": "Note", "c": [ast.para("note")]}]
    assert ast.text_of(inlines) == reference_text_of(inlines) == "a b c note"
    assert letter.inline_text(inlines) == "a b c"
