"""Word renderer: a Pandoc document as an editable ``.docx`` (the draft minutes).

One Pandoc run. The document's title is left out of the Word file's metadata:
Pandoc would print it as a Title paragraph above the document's own heading.
"""

from __future__ import annotations

import json
from typing import Any

from boardpack.pandoc import ast
from boardpack.pandoc import run as pandoc


def render(document: dict[str, Any]) -> bytes:
    """The ``.docx`` of a Pandoc document (its blocks, in its language)."""
    lang = document["meta"].get("lang", ast.meta_string("en-GB"))
    word = ast.document(document["blocks"], meta={"lang": lang})
    payload = json.dumps(word, ensure_ascii=False).encode("utf-8")
    return pandoc.run(["-f", "json", "-t", "docx", "-o", "-"], payload)
