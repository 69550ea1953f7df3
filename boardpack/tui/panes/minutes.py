"""The Minutes tab: what the committee resolved on the selected item, and recording it
(the resolution form, or resolutions.toml in a TOML editor)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static, TabPane

from boardpack.layout import RESOLUTIONS_FILE
from boardpack.model import Item, Pack, Resolution
from boardpack.pack import edit_record
from boardpack.tui.commands import screen_action
from boardpack.tui.forms import ResolutionForm, TomlEditor
from boardpack.tui.guard import Guarded
from boardpack.tui.messages import Ask, Change


def minutes_text(item: Item, found: list[Resolution]) -> str:
    """The item's resolutions, votes, notes and actions as lines of text."""
    if not found:
        return (f"No resolution recorded for '{item.title}'.\n"
                "Press r to record one, t to edit resolutions.toml.")
    lines = []
    for res in found:
        lines.append(f"{res.kind}:")
        lines += [f"  {n}. {t}" for n, t in enumerate(res.text, start=1)]
        if res.vote:
            lines.append(f"  Vote: {res.vote}")
        if res.notes:
            lines.append(f"  Notes: {res.notes}")
        for action in res.actions:
            due = f" by {action.due.isoformat()}" if action.due else ""
            lines.append(f"  Action: {action.what} ({action.owner or 'no owner'}{due}, "
                         f"{action.status})")
    return "\n".join(lines)


class MinutesPane(Guarded, TabPane):
    """The selected item's resolutions and actions."""

    def __init__(self, root: Path, **kwargs: Any) -> None:
        super().__init__("Minutes", **kwargs)
        self.root = root
        self.item: Item | None = None
        self.found: list[tuple[int, Resolution]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="minutes-text", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Record", id="btn-record", compact=True,
                         action=screen_action("item.resolution"))
            yield Button("Edit TOML", id="btn-toml", compact=True,
                         action=screen_action("pack.resolutions_toml"))

    def show(self, pack: Pack | None, item: Item | None) -> None:
        self.item = item
        self.found = [(i, r) for i, r in enumerate(pack.resolutions if pack else [])
                      if item is not None and r.item == item.id]
        text = self.query_one("#minutes-text", Static)
        text.update("" if item is None else minutes_text(item, [r for _, r in self.found]))

    def record(self) -> None:
        """Ask for the item's resolution (its first one, if recorded) and a new action."""
        item = self.item
        if item is None:
            return
        index, existing = self.found[0] if self.found else (None, None)
        values = {}
        if existing is not None:
            values = {"kind": existing.kind, "text": existing.text,
                      "vote": str(existing.vote or ""), "notes": existing.notes}

        def save(v: dict[str, Any]) -> None:
            vote = edit_record.vote_from_text(self.root, v["vote"])
            action = v["action"]
            due = edit_record.date_from_text(self.root, action["due"], "due date")
            fields = {"text": v["text"], "vote": vote, "notes": v["notes"]}
            target = index
            if target is None:
                target = edit_record.add_resolution(self.root, item.id, v["kind"], **fields)
            else:
                edit_record.update_resolution(self.root, target, kind=v["kind"], **fields)
            if action["what"]:
                edit_record.add_action(self.root, target, action["what"], action["owner"], due)

        self.post_message(Ask(
            lambda form_save: ResolutionForm(form_save, item_title=item.title, values=values),
            lambda v: Change(lambda: save(v), "Resolution saved")))

    def edit_toml(self) -> None:
        """Open resolutions.toml in a TOML editor; it is saved only if it is valid."""
        path = self.root / RESOLUTIONS_FILE
        try:
            text = path.read_text(encoding="utf-8") if path.exists() else ""
        except (OSError, UnicodeDecodeError) as exc:
            self.notify(f"{self.root.name}: {path.name}: cannot read ({exc})", severity="error")
            return
        self.post_message(Ask(
            lambda save: TomlEditor(save, text=text, title="resolutions.toml (ctrl+s saves)"),
            lambda v: Change(lambda: edit_record.save_resolutions_text(self.root, v["text"]),
                             "resolutions.toml saved")))
