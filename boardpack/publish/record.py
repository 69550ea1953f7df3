"""What an issue's public manifest says of its meeting, for a public web site.

Made from the public view (``boardpack.pack.public``), the one Part B allow-list: of an
exempt item, its number, title, Schedule 12A paragraph and the anchor made from its
number, nothing else; the decisions of the items shown in full only. The meeting's
time, venue, members and clerk are on every public front sheet.
"""

from __future__ import annotations

from typing import Any

from boardpack.model import Pack
from boardpack.pack.agenda import Entry
from boardpack.pack.public import PublicItem, view


def details(pack: Pack) -> dict[str, Any]:
    """The meeting as a public front sheet shows it."""
    m = pack.meeting
    return {"time": m.time, "venue": m.venue, "members": list(m.members), "chair": m.chair,
            "vice_chair": m.vice_chair, "clerk": m.clerk.name, "clerk_email": m.clerk.email,
            "clerk_phone": m.clerk.phone}


def agenda(pack: Pack) -> list[dict[str, Any]]:
    """Each agenda entry as the public edition shows it."""
    listed: list[dict[str, Any]] = []
    for shown in view(pack, "public").entries:
        if isinstance(shown, PublicItem):
            listed.append({"number": shown.number, "title": shown.title,
                           "anchor": shown.anchor, "part_b": True,
                           "paragraph": shown.paragraph})
        else:
            item = shown.item
            listed.append({"number": shown.number, "title": item.title, "anchor": shown.anchor,
                           "part_b": False, "standard": item.standard,
                           "presenter": item.presenter, "to_follow": item.to_follow})
    return listed


def decisions(pack: Pack) -> list[dict[str, Any]]:
    """The resolutions recorded on the items the public edition shows in full."""
    shown = view(pack, "public")
    found: list[dict[str, Any]] = []
    for entry in shown.entries:
        if not isinstance(entry, Entry):
            continue
        for resolution in shown.outcomes(entry):
            found.append({"number": entry.number, "title": entry.item.title,
                          "anchor": entry.anchor, "kind": resolution.kind,
                          "text": list(resolution.text)})
    return found
