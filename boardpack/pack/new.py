"""``new``: a fresh pack folder from the template in ``templates/new/``."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

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


def folder_name(committee: str, date: dt.date) -> str:
    """``children-s-scrutiny-2027-02-03``: the committee's name in lower case, and the date."""
    slug = re.sub(r"[^a-z0-9]+", "-", committee.lower()).strip("-") or "pack"
    return f"{slug}-{date.isoformat()}"


def create_meeting(parent: Path, *, committee: str, date: str, time: str = "",
                   venue: str = "", authority: str = "", template: str = "default") -> Path:
    """A new pack in ``parent`` for a meeting typed in a form (the date as YYYY-MM-DD); its
    folder is named after the committee and the date."""
    from boardpack.pack.edit_agenda import update_meeting

    try:
        day = dt.date.fromisoformat(date.strip())
    except ValueError:
        raise BoardpackError(Problem(f"date '{date}' is not a date like 2027-01-20",
                                     pack=parent.name)) from None
    root = create(parent / folder_name(committee, day), committee=committee, date=day,
                  template=template, authority=authority.strip() or None)
    typed = (("time", time), ("venue", venue))
    details: dict[str, Any] = {key: value.strip() for key, value in typed if value.strip()}
    if details:
        update_meeting(root, **details)
    return root


def made(root: Path) -> list[Path]:
    """The files ``create`` writes into a new pack."""
    return [root / PACK_FILE, root / RESOLUTIONS_FILE, root / DROP_FOLDER / "introduction.md"]
