"""Raw Typst written by boardpack itself: the one escaper for text inside it.

Officer text never goes into Typst by concatenation: it goes into the Pandoc AST and
Pandoc's writer escapes it. Where boardpack must write a Typst call itself (a PDF's
placed page with its alternative text, a chart's description, the preamble's
settings), each string argument is written by ``typst_string``.
"""

from __future__ import annotations


def _typst_escapes() -> dict[int, str]:
    """What ``typst_string`` writes for a character: quotes, backslashes and control
    characters escaped; lone surrogates (not valid in UTF-8) replaced."""
    escapes = {ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\t"): "\\t",
               ord("\r"): "\\r"}
    for code in [*range(0x20), *range(0x7F, 0xA0)]:
        escapes.setdefault(code, f"\\u{{{code:x}}}")
    return escapes | dict.fromkeys(range(0xD800, 0xE000), "\ufffd")


TYPST_ESCAPES = _typst_escapes()


def typst_string(text: str) -> str:
    """A Typst string literal of ``text``: quotes, backslashes and control characters
    escaped, so nothing in it can be read as Typst code."""
    return '"' + text.translate(TYPST_ESCAPES) + '"'
