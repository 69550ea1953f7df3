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
