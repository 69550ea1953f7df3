"""Members' confidential copies: the PDF encrypted with AES-256.

The password comes from ``BOARDPACK_PASSWORD`` or is asked for at the prompt; it
is used once, in memory, and never written to the pack, the manifest or a log.
"""

from __future__ import annotations

import getpass
import io
import os
import sys
from collections.abc import Callable, Mapping

import pypdf

from boardpack.problems import BoardpackError, Problem

ENV = "BOARDPACK_PASSWORD"
MIN_LENGTH = 8
Ask = Callable[[str], str]


def password(env: Mapping[str, str] | None = None, ask: Ask | None = None,
             interactive: bool | None = None) -> str:
    """The password for members' copies: from the environment, or asked for twice."""
    env = os.environ if env is None else env
    given = env.get(ENV)
    if given is None:
        if interactive is None:
            interactive = sys.stdin.isatty()
        if not interactive:
            raise BoardpackError(Problem(
                "no password for the members' copies",
                hint=f"set {ENV} or run publish --encrypt in a terminal to be asked"))
        ask = ask or getpass.getpass
        given = ask("Password for the members' copies: ")
        if ask("Type it again: ") != given:
            raise BoardpackError(Problem("the two passwords differ", hint="try again"))
    if len(given) < MIN_LENGTH:
        raise BoardpackError(Problem(
            f"the password is shorter than {MIN_LENGTH} characters",
            hint="choose a longer one: it protects confidential papers"))
    return given


def encrypt_pdf(data: bytes, secret: str) -> bytes:
    """The same PDF (pages, bookmarks, tags, metadata), encrypted with AES-256."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=secret, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
