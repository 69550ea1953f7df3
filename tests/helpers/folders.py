"""Folders of many packs made at random (seeded), for comparing fast paths with slow.

Committees share names loosely (case, spaces), dates fall over four years, items
may be exempt, resolutions may name unknown items or carry actions open or done,
some packs are an executive's with decisions published, some have a damaged
``resolutions.toml`` and one a ``pack.toml`` that does not parse.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

COMMITTEES = ("Test Committee", "test  committee", "Audit Committee", "Executive")
NATIONS = ("england", "wales", "scotland", "northern-ireland")
STATUSES = ("open", "done", "in progress")


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def random_pack(rng: random.Random, root: Path, n: int) -> Path:
    """One pack in ``root`` (its folder name carries ``n``)."""
    committee = rng.choice(COMMITTEES)
    date = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(4 * 365))
    template = 'template = "executive"\n' if committee == "Executive" else ""
    lines = ["[meeting]", 'authority = "Testshire County Council"',
             f'committee = "{committee}"', f"date = {date.isoformat()}", 'time = "10:30"',
             'venue = "Room 1"', 'members = ["Councillor A", "Councillor B", "Councillor C"]',
             'clerk = { name = "Clerk", email = "clerk@example.org" }',
             f'nation = "{rng.choice(NATIONS)}"', template]
    items = []
    for i in range(rng.randint(1, 4)):
        exempt = f"exempt = {rng.randint(1, 7)}\n" if rng.random() < 0.3 else ""
        items.append(f"item-{i}")
        lines.append(f'\n[[item]]\nid = "item-{i}"\ntitle = "Item {i} of meeting {n}"\n'
                     f'purpose = "decision"\n{exempt}')
    folder = root / f"pack-{n:03d}"
    folder.mkdir(parents=True)
    (folder / "pack.toml").write_text("\n".join(lines), encoding="utf-8")
    record = ['[attendance]\npresent = ["Councillor A"]\napologies = ["Councillor B"]\n']
    if committee == "Executive" and rng.random() < 0.7:
        published = date + dt.timedelta(days=rng.randint(1, 6))
        record.insert(0, f"[decisions]\npublished = {published.isoformat()}\n")
    for item in [*items, "minutes", "no-such-item"]:
        if rng.random() < 0.4:
            continue
        record.append(f'[[resolution]]\nitem = "{item}"\ntext = ["That item {item} of '
                      f'meeting {n} be agreed."]\n')
        for a in range(rng.randint(0, 3)):
            due = date + dt.timedelta(days=rng.randint(-30, 200))
            record.append(f'[[resolution.action]]\nwhat = "Action {a} on {item} of '
                          f'meeting {n}"\nowner = "Officer {a}"\ndue = {due.isoformat()}\n'
                          f'status = "{rng.choice(STATUSES)}"\n')
    text = "\n".join(record)
    if rng.random() < 0.08:
        text += "\n[[resolution]\n"  # does not parse: the record of that meeting is damaged
    if rng.random() < 0.9:
        (folder / "resolutions.toml").write_text(text, encoding="utf-8")
    return folder


def random_folder(root: Path, seed: int, count: int) -> list[Path]:
    """``count`` packs in ``root``, made from ``seed``; one ``pack.toml`` is broken."""
    rng = random.Random(seed)
    packs = [random_pack(rng, root, n) for n in range(count)]
    broken = root / "pack-broken"
    broken.mkdir()
    (broken / "pack.toml").write_text("[meeting\n", encoding="utf-8")
    return [*packs, broken]
