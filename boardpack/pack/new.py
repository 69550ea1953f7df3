"""``new``: a fresh pack folder from the template in ``templates/new/``."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import tomlkit

from boardpack import templates
from boardpack.files import atomic_write
from boardpack.layout import DROP_FOLDER, PACK_FILE, RESOLUTIONS_FILE
from boardpack.problems import BoardpackError, Problem


def create(root: Path, *, committee: str, date: dt.date, template: str = "default",
           authority: str | None = None) -> Path:
    """Create the pack folder ``root``; refuses to touch an existing pack."""
    name = root.name
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        raise BoardpackError(Problem("a pack folder name may use letters, digits, '.', '-' and "
                                     "'_' only", pack=name, hint="e.g. packs/cpb-2026-07-20"))
    if (root / PACK_FILE).exists():
        raise BoardpackError(Problem("a pack already exists here", pack=name, file=PACK_FILE,
                                     hint="choose another folder name"))
    if not committee.strip():
        raise BoardpackError(Problem("the committee name is empty", pack=name))
    templates.load_toml("committees", template)  # fails clearly if unknown
    doc = tomlkit.parse(templates.find("new/pack.toml").read_text(encoding="utf-8"))
    meeting = doc["meeting"]
    meeting["committee"] = committee.strip()
    meeting["date"] = date
    meeting["template"] = template
    if authority:
        meeting["authority"] = authority
    root.mkdir(parents=True, exist_ok=True)
    (root / DROP_FOLDER).mkdir(exist_ok=True)
    atomic_write(root / PACK_FILE, tomlkit.dumps(doc))
    resolutions = templates.find("new/resolutions.toml").read_text(encoding="utf-8")
    if not (root / RESOLUTIONS_FILE).exists():
        atomic_write(root / RESOLUTIONS_FILE, resolutions)
    report = root / DROP_FOLDER / "introduction.md"
    if not report.exists():
        atomic_write(report, templates.find("new/introduction.md").read_text(encoding="utf-8"))
    return root
