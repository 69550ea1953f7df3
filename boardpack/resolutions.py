"""Read and validate ``resolutions.toml``: what the committee decided, item by item."""

from __future__ import annotations

import datetime as dt
from typing import Any

from boardpack.model import RESOLUTION_KINDS, Action, Pack, Resolution
from boardpack.problems import BoardpackError, Problem
from boardpack.tomlcheck import Lines, Table, parse

RESOLUTIONS_FILE = "resolutions.toml"
ACTION_STATUSES = ("open", "done")


def load(pack: Pack, problems: list[Problem]) -> list[Resolution]:
    """The pack's resolutions; a missing file means none recorded yet."""
    from boardpack.agenda import agenda_ids

    path = pack.root / RESOLUTIONS_FILE
    if not path.exists():
        return []
    from boardpack.packfile import read_text

    try:
        text = read_text(path, pack=pack.name, file=RESOLUTIONS_FILE)
        data = parse(text, pack=pack.name, file=RESOLUTIONS_FILE)
    except BoardpackError as exc:
        problems.extend(exc.problems)
        return []
    return parse_resolutions(data, Lines(text), pack.name, set(agenda_ids(pack)), problems)


def parse_resolutions(data: dict[str, Any], lines: Lines, pack: str, item_ids: set[str],
                      problems: list[Problem]) -> list[Resolution]:
    """Validate parsed ``resolutions.toml`` data against the agenda's item ids."""
    raw_list = data.get("resolution", [])
    for key in data:
        if key != "resolution":
            problems.append(Problem(f"unknown key '{key}'", pack=pack, file=RESOLUTIONS_FILE,
                                    line=lines.table(key), hint="use [[resolution]] tables"))
    if not isinstance(raw_list, list):
        problems.append(Problem("'resolution' should be [[resolution]] tables", pack=pack,
                                file=RESOLUTIONS_FILE))
        return []
    out: list[Resolution] = []
    action_index = 0
    for index, raw in enumerate(raw_list):
        if not isinstance(raw, dict):
            problems.append(Problem(f"resolution {index + 1} is not a table", pack=pack,
                                    file=RESOLUTIONS_FILE))
            continue
        item = raw.get("item") if isinstance(raw.get("item"), str) else ""
        t = Table(raw, f"resolution {index + 1}", pack, RESOLUTIONS_FILE, lines, "resolution",
                  index, item=item)
        item = t.get("item", str, "", required=True)
        if item and item not in item_ids:
            t.problem("item", f"resolution {index + 1}: no agenda item with id '{item}'",
                      "use an id from pack.toml (or a standard item such as 'minutes')")
        vote = t.get("vote", (str, dict), "", check=_vote)
        resolution = Resolution(
            item=item,
            kind=t.get("kind", str, "RESOLVED", check=lambda v: "" if v in RESOLUTION_KINDS
                       else f"should be one of {', '.join(RESOLUTION_KINDS)}"),
            text=t.strings("text"),
            notes=t.get("notes", str, ""),
            options=t.get("options", str, ""),
            reasons=t.get("reasons", str, ""),
            vote=vote,
            interests=t.strings("interests"),
            line=lines.table("resolution", index),
        )
        actions = t.get("action", list, [])
        for raw_action in actions:
            at = Table(raw_action if isinstance(raw_action, dict) else {},
                       f"resolution {index + 1} action", pack, RESOLUTIONS_FILE, lines,
                       "resolution.action", action_index, item=item)
            action_index += 1
            resolution.actions.append(Action(
                what=at.get("what", str, "", required=True),
                owner=at.get("owner", str, ""),
                due=at.get("due", dt.date, None, check=lambda v: "" if not isinstance(
                    v, dt.datetime) else "should be a date like 2026-09-01"),
                status=at.get("status", str, "open", check=lambda v: "" if v in ACTION_STATUSES
                              else "should be open or done"),
            ))
            problems += at.finish()
        problems += t.finish()
        out.append(resolution)
    return out


def _vote(value: str | dict) -> str:
    if isinstance(value, str):
        return "" if value in ("", "unanimous") else "should be \"unanimous\" or a table of counts"
    unknown = set(value) - {"for", "against", "abstain"}
    if unknown:
        return f"has unknown keys {sorted(unknown)}; use for, against, abstain"
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value.values()):
        return "counts should be whole numbers"
    return ""
