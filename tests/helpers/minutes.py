"""Helpers shared by the minutes tests."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

from helpers import MEETING

ITEMS = """
[[item]]
id = "budget"
title = "Budget monitoring"

[[item]]
id = "contract"
title = "Contract award"
exempt = 3
"""


SECRETS = ("PBNOTESQ", "PBOPTIONSQ", "PBTEXTQ", "PBSECONDQ", "PBREASONQ", "PBINTERESTQ",
           "PBACTIONQ", "PBOWNERQ")


RESOLUTIONS = """\
[attendance]
present = ["Councillor A", "Councillor C"]
apologies = ["Councillor B"]
officers = ["Director of Finance"]

[[resolution]]
item = "minutes"
text = ["That the minutes of the last meeting be approved as a correct record."]

[[resolution]]
item = "budget"
kind = "ORDERED"
notes = '''The Director of Finance presented the report.

Members asked about:
- spending on placements
- the reserves policy

The Director answered each question.'''
options = "To leave the budget unchanged was considered and rejected."
text = ["That the position be noted.", "That the reserves policy be reviewed."]
reasons = "To keep the budget balanced."
vote = { for = 5, against = 1, abstain = 0 }
interests = ["Councillor A declared an interest as a school governor."]

[[resolution.action]]
what = "Review the reserves policy"
owner = "Director of Finance"
due = 2027-06-01

[[resolution]]
item = "contract"
notes = "PBNOTESQ the bids were compared."
options = "PBOPTIONSQ re-tendering."
text = ["PBTEXTQ That the contract be awarded to Bidder X.", "PBSECONDQ That it start in May."]
reasons = "PBREASONQ best value."
interests = ["PBINTERESTQ Councillor C is related to a bidder."]

[[resolution.action]]
what = "PBACTIONQ sign the contract"
owner = "PBOWNERQ"
due = 2027-04-01
"""


def write_pack(root: Path, *, meeting: str = MEETING, items: str = ITEMS,
               resolutions: str | None = RESOLUTIONS) -> Path:
    root.mkdir(parents=True)
    (root / "pack.toml").write_text(meeting + textwrap.dedent(items), encoding="utf-8")
    if resolutions is not None:
        (root / "resolutions.toml").write_text(resolutions, encoding="utf-8")
    return root


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


OLDER = """\
[[resolution]]
item = "budget"
notes = "OLDERNOTESQ"

[[resolution.action]]
what = "Report on school transport"
owner = "Head of Transport"
due = 2027-01-10

[[resolution.action]]
what = "DONEACTIONQ publish the plan"
status = "done"
"""


def meeting(date: str, committee: str = "Test Committee", extra: str = "") -> str:
    return (MEETING.replace("date = 2027-03-17", f"date = {date}")
            .replace('committee = "Test Committee"', f'committee = "{committee}"') + extra)

