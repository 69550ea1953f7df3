"""HTML renderer: one self-contained file, sanitised, with every resource embedded.

Images are inlined as data URIs before Pandoc runs (so Pandoc stays sandboxed),
and the body Pandoc writes is passed through nh3 (the Ammonia sanitiser) with an
allow-list, so no script, event handler or frame from any input can survive.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from pathlib import Path
from string import Template
from typing import Any

import nh3

from boardpack import ast, pandoc, templates

ALLOWED_TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code",
    "col", "colgroup", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "mark", "nav", "ol", "p",
    "pre", "q", "s", "section", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title", "role", "aria-label", "aria-describedby",
          "aria-hidden"},
    "a": {"href", "download", "type"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "col": {"style", "span"},
    "ol": {"start", "type"},
    "li": {"value"},
}


def inline_media(blocks: list, workspace: Path) -> list:
    """Replace ``media/…`` image and link targets with data URIs."""

    def data_uri(target: str) -> str | None:
        path = workspace / target
        if not target.startswith("media/") or not path.is_file():
            return None
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")

    def fix(node: dict) -> dict | None:
        if node["t"] not in ("Image", "Link"):
            return None
        a, content, (target, title) = node["c"]
        uri = data_uri(target)
        return None if uri is None else {"t": node["t"], "c": [a, content, [uri, title]]}

    return ast.walk(blocks, fix)


# data: URIs that cannot become a page of their own (no HTML, SVG or XML documents).
SAFE_DATA_URIS = {
    "img": ("data:image/",),
    "a": ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp",
          "data:application/pdf", "data:text/csv", "data:text/plain",
          "data:application/octet-stream", "data:application/vnd.openxmlformats-officedocument."),
}


def _data_uri_filter(tag: str, attribute: str, value: str) -> str | None:
    """Keep a data: URI only where it is an embedded image or a download."""
    lowered = "".join(value.split()).lower()
    if attribute in ("href", "src") and lowered.startswith("data:"):
        return value if lowered.startswith(SAFE_DATA_URIS.get(tag, ())) else None
    return value


def sanitise(body: str) -> str:
    """Only allow-listed tags and attributes; links only to safe schemes."""
    return nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_data_uri_filter,
        url_schemes={"http", "https", "mailto", "tel", "data"},
        link_rel="noopener noreferrer",
        strip_comments=True,
        filter_style_properties={"text-align", "width"},
    )


_TABLE_TAG = re.compile(r"<(/?)table(?=[\s>])[^>]*>")
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)


def scrollable_tables(body: str) -> str:
    """Wrap each outermost table of sanitised HTML in a region that scrolls sideways.

    A wide table scrolls inside the page instead of widening it, and the region
    takes keyboard focus so it can be scrolled without a mouse (WCAG 2.1.1).
    """
    out: list[str] = []
    depth = start = last = 0
    for match in _TABLE_TAG.finditer(body):
        if match.group(1):
            depth = max(depth - 1, 0)
            if depth == 0:
                table = body[start:match.end()]
                caption = _CAPTION.search(table)
                label = html.unescape(re.sub(r"<[^>]+>", "", caption.group(1))).strip() if \
                    caption else ""
                out += [body[last:start], '<div class="table-scroll" tabindex="0" role="region" ',
                        f'aria-label="{html.escape(label or "Table", quote=True)}">', table,
                        "</div>"]
                last = match.end()
        else:
            if depth == 0:
                start = match.start()
            depth += 1
    out.append(body[last:])
    return "".join(out)


def render(document: dict[str, Any], workspace: Path, *, pack_root: Path | None = None
           ) -> bytes:
    """The HTML pack of a Pandoc document whose media live under ``workspace``."""
    doc = dict(document, blocks=inline_media(document["blocks"], workspace))
    body = pandoc.write(doc, "html5", extra=["--wrap=none"])
    page = Template(templates.find("render/pack.html", pack_root).read_text(encoding="utf-8"))
    css = templates.find("render/pack.css", pack_root).read_text(encoding="utf-8")
    meta = document["meta"]

    def text(name: str) -> str:
        value = meta.get(name)
        if value is None:
            return ""
        return html.escape(value["c"] if value["t"] == "MetaString" else ast.text_of(value["c"]))

    colour = text("house-colour")
    if colour:
        css = css.replace("--colour: #1d4f91", f"--colour: {colour}")
    out = page.safe_substitute(
        title=text("pagetitle"), css=css, edition=text("edition"),
        edition_label=text("edition-label"), house_name=text("house-name"),
        committee=text("committee"), date=text("meeting-date"),
        body=scrollable_tables(sanitise(body)),
    )
    return out.encode("utf-8")
