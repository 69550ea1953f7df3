"""Reading an HTML pack back: every element with its attributes and text."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any, ClassVar


def flat(text: str) -> str:
    return " ".join(text.split())


class Elements(HTMLParser):
    """Every element of a page as (tag, attributes, text inside it)."""

    VOID: ClassVar[set[str]] = {"img", "br", "hr", "col", "meta", "link", "input"}

    def __init__(self, page: str) -> None:
        super().__init__()
        self.open: list[tuple[str, dict[str, Any], list[str]]] = []
        self.found: list[tuple[str, dict[str, Any], str]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            self.found.append((tag, dict(attrs), ""))
        else:
            self.open.append((tag, dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, attrs, parts = self.open.pop()
            text = "".join(parts)
            self.found.append((name, attrs, flat(text)))
            if self.open:
                self.open[-1][2].append(text)
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1][2].append(data)

    def texts(self, tag: str, **attrs: str) -> list[str]:
        """The text of each ``tag`` element with these attributes (``class_`` for class)."""
        return [text for name, found, text in self.found if name == tag and all(
            found.get(key.rstrip("_").replace("_", "-")) == value
            for key, value in attrs.items())]


class ListNumbers(HTMLParser):
    """Each list item of a page's ordered lists as (its number as shown, its text)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.lists: list[list[Any]] = []  # [next number, type] of each open list
        self.items: list[tuple[str, list[str]]] = []
        self.open: list[list[str] | None] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "ol":
            self.lists.append([int(found.get("start") or 1), found.get("type") or "1"])
        elif tag == "ul":
            self.lists.append([0, "bullet"])
        elif tag == "li" and self.lists:
            number, kind = self.lists[-1]
            self.lists[-1][0] += 1
            self.items.append((shown(number, kind) if kind != "bullet" else "•", []))
            self.open.append(self.items[-1][1])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        elif tag == "li" and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for parts in self.open:
            if parts is not None:
                parts.append(data)

    def numbered(self) -> list[tuple[str, str]]:
        return [(number, flat("".join(parts))) for number, parts in self.items]


def shown(number: int, kind: str) -> str:
    """How a browser writes an ordered list's number of this ``type``, with its full stop."""
    if kind in ("a", "A"):
        text = chr(ord("a") + number - 1)
    elif kind in ("i", "I"):
        text = ""
        for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            while number >= value:
                text, number = text + letters, number - value
    else:
        text = str(number)
    return (text.upper() if kind in ("A", "I") else text) + "."
