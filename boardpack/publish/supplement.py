"""Late papers: what changed since the last issue, item by item.

An item is compared by the sha256 of its input files (and of any file they draw
in, such as an image) and of its details in ``pack.toml`` against the last
issue's manifest. The public sees of an exempt item's change only what its public
entry shows (``boardpack.pack.public``): that it was added or withdrawn, or that its
title or paragraph changed; never that its papers changed or arrived. Nothing here
renders: assembly turns the changes into the supplement's front sheet and "what
changed" page.
"""

from __future__ import annotations

import json

from boardpack.model import Change, ChangeKind, Item
from boardpack.pack import public
from boardpack.pack.issued import FileRecord, ItemRecord, Manifest, sha256_bytes
from boardpack.pipeline.convert import ConvertedPack


def item_details(item: Item) -> str:
    """A digest of what ``pack.toml`` says about an item (title, summary, Part B …)."""
    fields = {"title": item.title, "presenter": item.presenter, "purpose": item.purpose,
              "summary": item.summary, "exempt": item.exempt, "to_follow": item.to_follow}
    return sha256_bytes(json.dumps(fields, sort_keys=True).encode("utf-8"))


def item_records(items: list[Item], converted: ConvertedPack,
                 inputs: list[FileRecord]) -> list[ItemRecord]:
    """Each item as it stands: its files and the files they drew in, with their digests."""
    digests = {f.path: f.sha256 for f in inputs}
    records = []
    for item in items:
        files: dict[str, str] = {}
        for ref in item.files:
            files[ref.path] = digests.get(ref.path, "")
            result = converted.by_file.get((item.id, ref.path))
            for dep in sorted(result.deps if result else ()):
                files[dep] = digests.get(dep, "")
        records.append(ItemRecord(id=item.id, title=item.title, part_b=item.part_b,
                                  to_follow=item.to_follow, files=files,
                                  details=item_details(item), public_entry=public.digest(item)))
    return records


def compare(previous: Manifest, current: list[ItemRecord]) -> list[Change]:
    """Items added, received, changed (in agenda order) and then those withdrawn."""
    changes: list[Change] = []
    for record in current:
        before = previous.item(record.id)
        kind: ChangeKind | None = None
        if before is None:
            kind = "added"
        elif not before.has_report and record.has_report:
            kind = "received"
        elif before.files != record.files or before.details != record.details:
            kind = "changed"
        if kind:
            changes.append(Change(record.id, record.title, kind, record.part_b,
                                  public_kind(before, record, kind)))
    now = {r.id for r in current}
    changes += [Change(r.id, r.title, "removed", r.part_b, "removed") for r in previous.items
                if r.id not in now]
    return changes


def public_kind(before: ItemRecord | None, record: ItemRecord, kind: ChangeKind
                ) -> ChangeKind | None:
    """What a public edition may say of a change: all of it for an item public both
    times; of an exempt item only a change in its public entry."""
    if before is None:
        return "added"
    if not (before.part_b or record.part_b):
        return kind
    if before.part_b != record.part_b:
        return "entry"
    # An issue made before public entries were recorded: its title is all we know.
    moved = (before.public_entry != record.public_entry if before.public_entry
             else before.title != record.title)
    return "entry" if moved else None
