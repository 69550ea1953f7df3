"""A pack folder's anatomy: the name of every file and folder boardpack reads or writes.

People write ``pack.toml``, ``resolutions.toml``, the reports (usually dropped into
``reports/``) and, if they like, their own ``templates/``. boardpack writes the
outputs under ``build/`` (with its cache in ``build/.cache``), kept versions of
inputs in ``.history/``, issues in ``issued/<n>/`` (``public/``, ``members/`` and
``internal/`` inside) and the lock ``.lock``.
``NOT_CONTENT`` is the one list of what, at the top of a pack, is not the pack's
content: the watcher, the fingerprint of a build, the manifest of an issue and
the app's file picker all leave these out.
"""

from __future__ import annotations

from pathlib import Path

from boardpack.model import EDITIONS

PACK_FILE = "pack.toml"
RESOLUTIONS_FILE = "resolutions.toml"
CLEARANCES_FILE = "clearances.toml"  # who cleared which report (boardpack.pack.clearances)
RECORD_FILES = (PACK_FILE, RESOLUTIONS_FILE)  # the meeting and what it decided
DROP_FOLDER = "reports"
TEMPLATES_FOLDER = "templates"
BUILD_FOLDER = "build"
CACHE_FOLDER = f"{BUILD_FOLDER}/.cache"
HISTORY_FOLDER = ".history"
ISSUED_FOLDER = "issued"
MANIFEST_FILE = "manifest.json"
# Inside issued/<n>/: what may be published (the public editions and the public
# manifest), the members' editions, and the full manifest (the clerk's record).
ISSUED_PUBLIC = "public"
ISSUED_MEMBERS = "members"
ISSUED_INTERNAL = "internal"
LOCK_FILE = ".lock"

# Made by boardpack or by other tools, never written by the clerk or an officer.
NOT_CONTENT = frozenset({BUILD_FOLDER, ISSUED_FOLDER, HISTORY_FOLDER, LOCK_FILE, ".git",
                         ".cache", "__pycache__"})

FORMATS = ("pdf", "html")  # of the pack
MINUTES_FORMATS = ("docx", "pdf", "html")


def build_folder(root: Path) -> Path:
    """Where a build writes unless told otherwise."""
    return root / BUILD_FOLDER


def pack_output(edition: str, fmt: str) -> str:
    """``members.pdf``, ``public.html``, …"""
    return f"{edition}.{fmt}"


def issued_output(edition: str, fmt: str, supplement: int | None = None) -> str:
    """An issue's copy of an output: ``members.pdf``, or ``supplement-2-members.pdf``."""
    return (f"supplement-{supplement}-" if supplement else "") + pack_output(edition, fmt)


def minutes_output(edition: str, fmt: str) -> str:
    """``minutes.pdf`` for members, ``public-minutes.pdf`` for the public."""
    return f"{'minutes' if edition == 'members' else 'public-minutes'}.{fmt}"


def outputs(root: Path) -> list[Path]:
    """The files a full build writes."""
    return [build_folder(root) / pack_output(edition, fmt) for edition in EDITIONS
            for fmt in FORMATS]
