"""The agenda as members see it: standard items, reports, and Part B after Part A.

Numbering and order are decided here and only here; assembly, minutes, checks and
the TUI all ask this module. What a public edition may show of each entry is
decided in ``boardpack.pack.public``.
"""

from __future__ import annotations

from dataclasses import dataclass

from boardpack.model import Item, Pack
from boardpack.textfmt import long_date


@dataclass(frozen=True)
class Entry:
    """One numbered line of the agenda."""

    number: int
    item: Item
    text: str = ""

    @property
    def label(self) -> str:
        return f"{self.number}. {self.item.title}"

    @property
    def anchor(self) -> str:
        """The id of its heading and link target."""
        return self.item.id

    @property
    def generated(self) -> bool:
        """Whether boardpack adds it (the exclusion of the press and public before Part B)."""
        return self.item.standard and self.item.id == EXCLUSION

    def read_only(self, template: str) -> str:
        """Why the clerk cannot edit, move or remove it in the pack ("" for a pack's item)."""
        if self.generated:
            return (f"'{self.item.title}' is generated: it comes before the Part B items "
                    "while the agenda has any")
        if self.item.standard:
            return (f"'{self.item.title}' is a standard item of the committee template "
                    f"'{template}' (templates/committees/{template}.toml), not of this pack")
        return ""


EXCLUSION = "exclusion"


def _standard(spec: dict, pack: Pack) -> tuple[Item, str]:
    previous = pack.meeting.previous_meeting
    values = {
        "committee": pack.meeting.committee,
        "previous_meeting": long_date(previous) if previous else "the last meeting",
        "date": long_date(pack.meeting.date),
    }
    text = str(spec.get("text", ""))
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    item = Item(id=str(spec["id"]), title=str(spec.get("title", spec["id"])),
                purpose=str(spec.get("purpose", "information")), standard=True)
    return item, text


def entries(pack: Pack) -> list[Entry]:
    """Every agenda entry in order: opening items, Part A, exclusion notice, Part B, closing."""
    committee = pack.committee
    ordered: list[tuple[Item, str]] = [_standard(s, pack) for s in committee.get("opening", [])]
    part_a = [(i, "") for i in pack.items if not i.part_b]
    part_b = [(i, "") for i in pack.items if i.part_b]
    ordered += part_a
    closing = [_standard(s, pack) for s in committee.get("closing", [])]
    if part_b:
        ordered += closing
        exclusion = committee.get("exclusion", {
            "id": EXCLUSION,
            "title": "Exclusion of the press and public",
            "text": "To consider passing a resolution to exclude the press and public for the "
                    "following items.",
        })
        item, text = _standard({**exclusion, "id": EXCLUSION}, pack)
        paragraphs = sorted({str(i.exempt) for i, _ in part_b})
        text = text.replace("{paragraphs}", ", ".join(paragraphs))
        ordered.append((item, text))
        ordered += part_b
    else:
        ordered += closing
    return [Entry(number, item, text) for number, (item, text) in enumerate(ordered, start=1)]


def agenda_ids(pack: Pack) -> list[str]:
    """Ids of every agenda entry, standard items included."""
    return [e.item.id for e in entries(pack)]

