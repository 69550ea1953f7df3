"""The pack model: plain dataclasses, loaded by ``boardpack.pack.load``.

Nothing here reads files or knows about Pandoc; see ``boardpack.pack.agenda`` for
numbering. ``Vote`` is the one way a vote is typed, written and said; ``Change``
is what a supplement says changed about an item since the last issue.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

PURPOSES = ("information", "decision", "discussion")
RESOLUTION_KINDS = ("RESOLVED", "AGREED", "ORDERED", "RECOMMENDED", "NOTED")
Edition = Literal["members", "public"]
EDITIONS: tuple[Edition, ...] = ("members", "public")


@dataclass(frozen=True)
class Contact:
    """The clerk (democratic services officer) members contact about the meeting."""

    name: str
    email: str = ""
    phone: str = ""


@dataclass
class Meeting:
    """Who meets, when and where."""

    authority: str
    committee: str
    date: dt.date
    time: str
    venue: str
    members: list[str]
    clerk: Contact
    chair: str = ""
    vice_chair: str = ""
    nation: str = "england"
    published: dt.date | None = None
    previous_meeting: dt.date | None = None
    template: str = "default"
    style: str = "default"


@dataclass(frozen=True)
class SourceRef:
    """One input file of an item, as named in ``pack.toml`` or found in the drop folder.

    ``path`` is relative to the pack folder; ``kind`` names a source module (``sources.kinds()``)
    (guessed from the file name when not given); ``options`` holds per-kind
    settings such as a workbook's ``sheet`` and ``range``.
    """

    path: str
    kind: str
    options: tuple[tuple[str, Any], ...] = ()
    dropped: bool = False
    title: str = ""

    def option(self, key: str, default: Any = None) -> Any:
        return dict(self.options).get(key, default)


@dataclass(frozen=True)
class Notices:
    """What an executive item's notices say (2012 Regulations): key decision, private meeting.

    Dates are the days each notice was (first) published; ``urgency`` names the route taken
    when a key decision's notice could not be given in time. See ``pack.executive``.
    """

    key_decision: bool = False
    forward_plan: str = ""
    key_decision_notice: dt.date | None = None
    private_notice: dt.date | None = None
    further_notice: dt.date | None = None
    representations: str = ""
    response: str = ""
    urgency: str = ""
    urgency_notice: dt.date | None = None
    urgency_agreed_by: str = ""
    urgency_reasons: str = ""


@dataclass
class Item:
    """One agenda item as the clerk wrote it in ``pack.toml``."""

    id: str
    title: str
    presenter: str = ""
    purpose: str = "information"
    summary: str = ""
    files: list[SourceRef] = field(default_factory=list)
    exempt: int | None = None
    to_follow: bool = False
    standard: bool = False
    notices: Notices = field(default_factory=Notices)

    @property
    def part_b(self) -> bool:
        return self.exempt is not None


@dataclass
class Action:
    """Something the committee asked for, carried into the next meeting's action log."""

    what: str
    owner: str = ""
    due: dt.date | None = None
    status: str = "open"


# The counts a vote may record, in the order they are written, with the word the
# minutes use for each.
VOTE_COUNTS = {"for": "for", "against": "against", "abstain": "abstentions"}
VOTE_TYPED = '"unanimous", or counts such as "for 5, against 1, abstain 0"'


@dataclass(frozen=True)
class Vote:
    """How a decision was voted: unanimously, or with counts for, against and abstaining
    (any of them), kept in the order of ``VOTE_COUNTS``.

    ``parse`` reads it as the CLI and the app take it ("unanimous", "for 5, against 1,
    abstain 0"; "for=5" and "for: 5" too), ``str`` writes it that way again, ``toml``
    is how ``resolutions.toml`` holds it and ``sentence`` how the minutes say it.
    """

    unanimous: bool = False
    counts: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, counts: Mapping[str, int]) -> Vote:
        """Counts by name (``VOTE_COUNTS``), in any order."""
        return cls(counts=tuple((key, counts[key]) for key in VOTE_COUNTS if key in counts))

    @classmethod
    def parse(cls, text: str) -> Vote | None:
        """The vote typed as ``text`` (see ``VOTE_TYPED``); None for none; ValueError if
        it is not understood."""
        text = text.strip().lower()
        if not text:
            return None
        if text == "unanimous":
            return cls(unanimous=True)
        counts: dict[str, int] = {}
        for part in text.replace(";", ",").split(","):
            words = part.replace("=", " ").replace(":", " ").split()
            if len(words) != 2 or words[0] not in VOTE_COUNTS or not words[1].isdigit():
                raise ValueError(f"vote '{text}' is not understood")
            counts[words[0]] = int(words[1])
        return cls.of(counts)

    @classmethod
    def from_toml(cls, value: str | Mapping[str, int]) -> Vote | None:
        """A vote as ``resolutions.toml`` holds it (checked by the loader): "unanimous",
        a table of counts, or "" for none."""
        if isinstance(value, str):
            return cls(unanimous=True) if value == "unanimous" else None
        return cls.of(value) if value else None

    def toml(self) -> str | dict[str, int]:
        return "unanimous" if self.unanimous else dict(self.counts)

    def __str__(self) -> str:
        return "unanimous" if self.unanimous else ", ".join(f"{k} {n}" for k, n in self.counts)

    def sentence(self) -> str:
        """'The decision was unanimous.' or 'Voting: for 5, against 1, abstentions 0.'"""
        if self.unanimous:
            return "The decision was unanimous."
        return "Voting: " + ", ".join(f"{VOTE_COUNTS[k]} {n}" for k, n in self.counts) + "."


@dataclass
class Resolution:
    """The outcome of one agenda item, as recorded by the clerk."""

    item: str
    kind: str = "RESOLVED"
    text: list[str] = field(default_factory=list)
    notes: str = ""
    options: str = ""
    reasons: str = ""
    vote: Vote | None = None
    interests: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    line: int | None = None
    urgent: bool = False
    urgent_reason: str = ""
    dispensations: list[str] = field(default_factory=list)
    called_in: dt.date | None = None
    called_in_by: str = ""
    call_in_reason: str = ""


@dataclass
class Attendance:
    """Who came, as the clerk records it under ``[attendance]`` in ``resolutions.toml``."""

    present: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    officers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Limits:
    """Bounds on what one input may cost; set under ``[limits]`` in ``pack.toml``."""

    max_file_mb: float = 50
    max_unzipped_mb: float = 300
    max_pdf_pages: int = 1000
    max_sheet_rows: int = 2_000
    max_sheet_cells: int = 40_000
    convert_seconds: float = 120

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)

    @property
    def max_unzipped_bytes(self) -> int:
        return int(self.max_unzipped_mb * 1_000_000)


@dataclass
class Pack:
    """A meeting's pack folder, loaded."""

    root: Path
    meeting: Meeting
    items: list[Item]
    resolutions: list[Resolution] = field(default_factory=list)
    attendance: Attendance = field(default_factory=Attendance)
    house: dict[str, Any] = field(default_factory=dict)
    committee: dict[str, Any] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    decisions_published: dt.date | None = None

    @property
    def name(self) -> str:
        return self.root.name

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


# What changed about an item since the last issue (a supplement lists them).
ChangeKind = Literal["added", "received", "changed", "entry", "removed"]
DESCRIPTIONS: dict[str, str] = {
    "added": "New item",
    "received": "Report to follow: now received",
    "changed": "Papers changed",
    "entry": "Title or exemption changed",
    "removed": "Withdrawn from the agenda",
}


@dataclass(frozen=True)
class Change:
    """One item that differs from the last issue."""

    item: str
    title: str
    kind: ChangeKind
    part_b: bool = False
    public_kind: ChangeKind | None = None  # what a public edition shows (None: nothing)

    def seen_in(self, edition: Edition) -> Change | None:
        """The change as ``edition`` may show it, or None if it may not show it."""
        if edition == "members":
            return self
        return None if self.public_kind is None else dataclasses.replace(
            self, kind=self.public_kind)

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self.kind]

    @property
    def in_supplement(self) -> bool:
        """Whether the supplement carries the item's papers (a withdrawn item has none)."""
        return self.kind != "removed"
