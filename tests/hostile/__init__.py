"""The hostile-input pack: reports that try every way of getting live content into a pack.

The committed files beside this module are the pack; ``make`` copies it to a
temporary folder and adds what has to be generated (a Word report with hostile
links, once boardpack reads Word files). ``live_content`` lists whatever in an
HTML page could run or load something, so tests can assert it finds nothing.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

from boardpack import pandoc, sources

HERE = Path(__file__).resolve().parent
PLANTED = "PWNED"  # every planted script would put this in the page title or body
SAFE_LINK = "https://www.gov.uk/"
LIVE_TAGS = {"script", "iframe", "frame", "object", "embed", "applet", "form", "base", "meta",
             "link", "style", "svg", "math", "template", "noscript", "portal"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc",
                  "background", "poster", "srcset"}
SAFE_DATA_URI = ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp",
                 "data:image/svg+xml")
TEMPLATE_TAGS = {"meta", "style"}  # the pack's own <head> has one of each kind we allow

WORD_REPORT = f"""\
# A Word report with hostile links

A [javascript link](javascript:document.title='{PLANTED}'), a
[data link](data:text/html;base64,PHNjcmlwdD5kb2N1bWVudC50aXRsZT0nUFdORUQnPC9zY3JpcHQ+), a
[vbscript link](vbscript:msgbox) and a [safe link]({SAFE_LINK}).

<script>document.title = "{PLANTED}"</script>
"""
WORD_ITEM = """
[[item]]
id = "word-links"
title = "A Word report with hostile links"
presenter = "An untrusted author"
files = ["reports/word-links.docx"]
"""


def word_supported() -> bool:
    return "docx" in sources.kinds()


def make(target: Path) -> Path:
    """A copy of the hostile pack in ``target``, with generated inputs added."""
    shutil.copytree(HERE, target, ignore=shutil.ignore_patterns("*.py", "__pycache__", "build"))
    if word_supported():
        docx = pandoc.run(["-f", "markdown", "-t", "docx", "-o", "-"],
                          WORD_REPORT.encode("utf-8"))
        (target / "reports" / "word-links.docx").write_bytes(docx)
        with open(target / "pack.toml", "a", encoding="utf-8") as handle:
            handle.write(WORD_ITEM)
    return target


def _live_url(tag: str, name: str, url: str) -> bool:
    """A script URL, or a data: URI that is not an image shown by <img>."""
    if url.startswith(("javascript:", "vbscript:")):
        return True
    return url.startswith("data:") and not (tag == "img" and name == "src"
                                            and url.startswith(SAFE_DATA_URI))


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.head_tags: dict[str, int] = {}
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self.in_head = True
        if tag in LIVE_TAGS:
            if self.in_head and tag in TEMPLATE_TAGS:
                self.head_tags[tag] = self.head_tags.get(tag, 0) + 1
            else:
                self.found.append(f"<{tag}> element")
        for name, value in attrs:
            value = (value or "").strip()
            squashed = "".join(value.split()).lower()
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            elif name in URL_ATTRIBUTES and _live_url(tag, name, squashed):
                self.found.append(f"{name}={value[:40]} on <{tag}>")
            elif name == "style" and ("expression(" in squashed or "url(" in squashed):
                self.found.append(f"style={value[:40]} on <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def live_content(page: str) -> list[str]:
    """Everything in ``page`` that could run or load something, described briefly.

    The pack's own ``<head>`` may hold its meta tags and one stylesheet; anything
    else from the lists above, anywhere, is reported.
    """
    finder = _Finder()
    finder.feed(page)
    finder.close()
    if finder.head_tags.get("style", 0) > 1:
        finder.found.append("more than one <style> in <head>")
    return finder.found
