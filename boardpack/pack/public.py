"""What an edition may show of a pack: the one place where Part B is withheld.

The members' edition shows everything. A public edition shows of an exempt (Part B)
item exactly what ``PublicItem`` holds, an allow-list: its agenda number, its title,
its Schedule 12A paragraph and the statutory notice. Its id, presenter, purpose,
summary, files, resolutions, actions, declarations and change status are not in it,
so no public output can be made from them: the pack, the supplement and its "what
changed" page, the minutes in every format, the public register and the matters
arising in the next meeting's pack are all made from ``view``. A withheld item's
anchor is made from its number (``item_10``: the underscore keeps it apart from every
item id), never from its id, title or files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from boardpack.model import Edition, Item, Pack, Resolution
from boardpack.pack.agenda import Entry, entries


def notice(paragraph: int) -> str:
    """The statutory notice shown in place of an exempt item's content."""
    return (
        "This item is not for publication by virtue of paragraph "
        f"{paragraph} of Part 1 of Schedule 12A to the Local Government Act 1972."
    )


@dataclass(frozen=True)
class PublicItem:
    """All that a public edition may show of an exempt (Part B) item."""

    number: int
    title: str
    paragraph: int

    @classmethod
    def of(cls, item: Item, number: int) -> PublicItem:
        return cls(number, item.title, item.exempt or 0)

    @property
    def anchor(self) -> str:
        """The id of its heading and link target: from its number only."""
        return f"item_{self.number}"

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def notice(self) -> str:
        return notice(self.paragraph)

    @property
    def digest(self) -> str:
        """What a public reader can see of it between issues (its number aside, which
        moves when items are added before it)."""
        shown = {"title": self.title, "paragraph": self.paragraph}
        return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


Shown = Entry | PublicItem


@dataclass(frozen=True)
class View:
    """An edition's agenda, each entry in full or as a ``PublicItem``, and the record of
    the items shown in full. The pack's meeting, house style and attendance are public."""

    edition: Edition
    entries: list[Shown]
    resolutions: list[Resolution]

    @property
    def full(self) -> dict[str, Entry]:
        """The entries shown in full, by item id."""
        return {e.item.id: e for e in self.entries if isinstance(e, Entry)}

    @property
    def withheld(self) -> list[PublicItem]:
        return [e for e in self.entries if isinstance(e, PublicItem)]

    def outcomes(self, entry: Entry) -> list[Resolution]:
        """The resolutions recorded on an entry shown in full."""
        return [r for r in self.resolutions if r.item == entry.item.id]


def view(pack: Pack, edition: Edition) -> View:
    """``pack`` as ``edition`` may show it."""
    agenda = entries(pack)
    if edition == "members":
        return View(edition, list(agenda), list(pack.resolutions))
    shown: list[Shown] = [PublicItem.of(e.item, e.number) if e.item.part_b else e
                          for e in agenda]
    full = {e.item.id for e in shown if isinstance(e, Entry)}
    return View(edition, shown, [r for r in pack.resolutions if r.item in full])


def published(pack: Pack) -> set[str]:
    """The ids of the items whose papers the public edition carries."""
    return set(view(pack, "public").full)


def digest(item: Item) -> str:
    """``PublicItem.digest`` of an exempt item; empty for a public one (shown in full)."""
    return PublicItem.of(item, 0).digest if item.part_b else ""
