"""HTML renderer: one self-contained file, sanitised, with every resource embedded.

The body is written fragment by fragment (``boardpack.render.fragments``: one Pandoc run per
agenda item, in parallel, cached by content; tables first given scoped header cells,
``boardpack.render.html_fixes``), and each fragment is passed through nh3
(the Ammonia sanitiser) with an allow-list, so no script, event handler or frame from
any input can survive. Only then are the pack's own stored media (``media/<hash>.<ext>``
under the workspace) put in as data URIs, each checked against the rule the sanitiser
applies to data URIs (``SAFE_DATA_URIS``), so Pandoc and nh3 never carry megabytes of
base64. The house font is embedded too, subset to the page's characters
(``boardpack.render.webfont``).
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

from boardpack import templates
from boardpack.cache import Cache
from boardpack.pandoc import ast
from boardpack.render import fragments, html_fixes, webfont
from boardpack.render.fragments import Pieces, RenderStats

WRITER_OPTIONS = ["--wrap=none"]

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
        filter_style_properties={"text-align", "width", "background-color", "color"},
    )


_TABLE_TAG = re.compile(r"<(/?)table(?=[\s>])[^>]*>")
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)
_HEADER_CELL = re.compile(r"<th[\s>][^>]*>(.*?)</th>", re.S)
LABELLED_HEADINGS = 3  # how many column headings name a table that has no caption


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def table_label(table: str) -> str:
    """What a table's scrolling region is called: its caption, else its first column
    headings ("Table: Indicator, Target, Better …")."""
    caption = _CAPTION.search(table)
    if caption and _plain(caption.group(1)):
        return _plain(caption.group(1))
    headings = [_plain(h) for h in _HEADER_CELL.findall(table)]
    headings = [h for h in headings if h]
    if not headings:
        return "Table"
    more = " …" if len(headings) > LABELLED_HEADINGS else ""
    return "Table: " + ", ".join(headings[:LABELLED_HEADINGS]) + more


def scrollable_tables(body: str) -> str:
    """Wrap each outermost table of sanitised HTML in a region that scrolls sideways.

    A wide table scrolls inside the page instead of widening it, and the region
    takes keyboard focus so it can be scrolled without a mouse (WCAG 2.1.1). A
    label/value table (``html_fixes``) is left as it is: it wraps instead.
    """
    out: list[str] = []
    depth = start = last = 0
    for match in _TABLE_TAG.finditer(body):
        if match.group(1):
            depth = max(depth - 1, 0)
            if depth == 0:
                table = body[start:match.end()]
                if "label-value" in body[start:body.index(">", start)]:
                    continue
                label = html.escape(table_label(table), quote=True)
                out += [body[last:start], '<div class="table-scroll" tabindex="0" role="region" ',
                        f'aria-label="{label}">', table, "</div>"]
                last = match.end()
        else:
            if depth == 0:
                start = match.start()
            depth += 1
    out.append(body[last:])
    return "".join(out)


# A start tag as nh3 writes it: every attribute value in double quotes.
MEDIA_TAG = re.compile(r'<(img|a)((?:\s+[^\s=>/"]+(?:="[^"]*")?)*)\s*/?>')
MEDIA_ATTRIBUTE = re.compile(r'\s(src|href)="(media/[0-9a-f]{32}\.[a-z0-9]{1,10})"')
NOTE_IDS = re.compile(r'\b(id="|href="#)(fn\d+|fnref\d+|footnotes)"')


def finish_fragment(text: str, key: str) -> str:
    """One fragment of Pandoc's HTML: footnote ids made unique in the page (each
    fragment numbers its notes from 1) by ``key``, the hash of the fragment's blocks,
    sanitised, wide tables made scrollable."""
    text = NOTE_IDS.sub(lambda m: f'{m[1]}n{key[:10]}-{m[2]}"', text)
    return scrollable_tables(sanitise(text))


def embed_media(body: str, workspace: Path) -> str:
    """Put stored media (``media/…`` image and link targets) in as data URIs where the
    sanitiser's rule for the tag allows that data URI; a target it would not allow is
    dropped, as the sanitiser drops it."""
    uris: dict[str, str | None] = {}

    def data_uri(target: str) -> str | None:
        if target not in uris:
            path = workspace / target
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            uris[target] = (f"data:{mime};base64," + base64.b64encode(path.read_bytes())
                            .decode("ascii")) if path.is_file() else None
        return uris[target]

    def tag(match: re.Match[str]) -> str:
        allowed = SAFE_DATA_URIS.get(match[1], ())

        def attribute(found: re.Match[str]) -> str:
            uri = data_uri(found[2])
            if uri is None:
                return found[0]
            return f' {found[1]}="{uri}"' if uri.lower().startswith(allowed) else ""

        return MEDIA_ATTRIBUTE.sub(attribute, match[0])

    return MEDIA_TAG.sub(tag, body)


def render(document: dict[str, Any], workspace: Path, *, pack_root: Path | None = None,
           stats: RenderStats | None = None, pieces: Pieces | None = None) -> bytes:
    """The HTML pack of a Pandoc document whose media (and fragment cache) live under
    ``workspace``; ``pieces`` is its blocks already cut into fragments, if at hand."""
    store = Cache(workspace)
    body = fragments.write(pieces or Pieces.of(document["blocks"]), "html5",
                           extra=WRITER_OPTIONS, store=store, finish=finish_fragment,
                           prepare=html_fixes.marked, stats=stats)
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
    fields = {"title": text("pagetitle"), "edition": text("edition"),
              "edition_label": text("edition-label"), "house_name": text("house-name"),
              "committee": text("committee"), "date": text("meeting-date")}
    if (text("house-font") or webfont.FAMILY) == webfont.FAMILY:
        shown = webfont.characters(body, page.safe_substitute(css="", body="", **fields))
        css = webfont.font_faces(shown, store) + "\n" + css
    out = page.safe_substitute(css=css, body=embed_media(body, workspace), **fields)
    return out.encode("utf-8")
