"""The agenda column: the pack's items in order, which one is selected, and the edits
of the agenda (add, edit, remove, move an item; the meeting's details)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Label, ListItem, ListView

from boardpack.model import Item, Pack
from boardpack.pack import agenda
from boardpack.pack import edit_agenda as agendaedit
from boardpack.tui.commands import screen_action
from boardpack.tui.forms import ConfirmScreen, ItemForm, MeetingForm
from boardpack.tui.guard import Guarded, guarded
from boardpack.tui.messages import Ask, Change


class AgendaPane(Guarded, Vertical):
    """The numbered agenda; highlighting an item selects it."""

    class ItemHighlighted(Message):
        """The clerk highlighted another item: ``item`` is now selected."""

        def __init__(self, item: str) -> None:
            super().__init__()
            self.item = item

    class ItemChosen(Message):
        """The clerk chose the highlighted item (Enter or a click)."""

        def __init__(self, item: str) -> None:
            super().__init__()
            self.item = item

    def __init__(self, root: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.root = root
        self.pack: Pack | None = None
        self.ids: list[str] = []
        self.entries: dict[str, agenda.Entry] = {}
        self.selected: str | None = None

    def compose(self) -> ComposeResult:
        yield ListView(id="agenda")
        with Horizontal(classes="buttons"):
            yield Button("+", id="btn-add", compact=True, tooltip="Add an item (a)",
                         action=screen_action("item.add"))
            yield Button("Edit", id="btn-edit", compact=True, tooltip="Edit (e)",
                         action=screen_action("item.edit"))
            yield Button("−", id="btn-remove", compact=True, tooltip="Remove (d)",
                         action=screen_action("item.remove"))
            yield Button("▲", id="btn-up", compact=True, tooltip="Move up (shift+up)",
                         action=screen_action("item.up"))
            yield Button("▼", id="btn-down", compact=True, tooltip="Move down (shift+down)",
                         action=screen_action("item.down"))

    async def show(self, pack: Pack, select: str | None) -> None:
        """Show every agenda entry in its numbered place, selecting ``select`` if it is one
        (else the pack's first item). Standard and generated entries are marked as such,
        in words; a row cut short keeps its whole title in its tooltip."""
        self.pack = pack
        self.entries = {e.item.id: e for e in agenda.entries(pack)}
        view = self.query_one("#agenda", ListView)
        await view.clear()
        self.ids = list(self.entries)
        await view.extend(self._row(entry) for entry in self.entries.values())
        self.selected = None
        own = [item.id for item in pack.items]
        if self.ids:
            self.select(select if select in self.ids else (own or self.ids)[0])

    @staticmethod
    def _row(entry: agenda.Entry) -> ListItem:
        item = entry.item
        marks = Text()
        if item.standard:
            marks.append("generated" if entry.generated else "standard")
        if item.part_b:
            marks.append("Part B", style="bold magenta")
        if not item.standard and not item.files:
            marks.append(", " if marks else "").append("no report", style="yellow")
        labels = [Label(Text(f"{entry.number}. {item.title}"), classes="entry-title")]
        if marks:
            labels.append(Label(marks, classes="entry-mark"))
        row = ListItem(Horizontal(*labels, classes="entry"), name=item.id,
                       classes="read-only" if item.standard else "")
        row.tooltip = f"{entry.label}" + (" (read-only)" if item.standard else "")
        return row

    def select(self, item_id: str) -> bool:
        """Highlight and select ``item_id``; False if it is no entry of the agenda."""
        if item_id not in self.ids:
            return False
        self.query_one("#agenda", ListView).index = self.ids.index(item_id)
        self.selected = item_id
        return True

    def entry(self) -> agenda.Entry | None:
        """The selected agenda entry (a pack's item, or a standard or generated one)."""
        return self.entries.get(self.selected) if self.selected else None

    def item(self) -> Item | None:
        """The selected entry's item, standard ones included."""
        entry = self.entry()
        return entry.item if entry else None

    def own_item(self, doing: str) -> Item | None:
        """The selected item if it is one of the pack's; else say why ``doing`` cannot be
        done to it, and None."""
        entry = self.entry()
        if entry is None or self.pack is None:
            self.notify("No item selected", severity="warning")
            return None
        reason = entry.read_only(self.pack.meeting.template)
        if reason:
            self.notify(f"Cannot {doing}: {reason}", severity="warning", timeout=8)
            return None
        return entry.item

    def toggle_wide(self) -> None:
        """Widen the agenda so that long titles show whole, or narrow it again."""
        self.toggle_class("wide")

    @on(ListView.Highlighted, "#agenda")
    @guarded
    def _highlighted(self, event: ListView.Highlighted) -> None:
        event.stop()
        row = event.item
        if row is None or row is not event.list_view.highlighted_child:
            return  # a stale event from before the list was rebuilt
        if row.name in self.ids and row.name != self.selected:
            self.selected = row.name
            self.post_message(self.ItemHighlighted(row.name))

    @on(ListView.Selected, "#agenda")
    @guarded
    def _chosen(self, event: ListView.Selected) -> None:
        event.stop()
        if self.selected:
            self.post_message(self.ItemChosen(self.selected))

    # --- edits of the agenda ------------------------------------------------------------

    def add_item(self) -> None:
        """Ask for a new item, placed after the selected one (after the pack's last item
        before it, when a standard entry is selected)."""
        position = self._position_after()

        def change(values: dict[str, Any]) -> Change:
            new_id = values.pop("id", "").strip()
            return Change(lambda: agendaedit.add_item(
                self.root, new_id, values.pop("title"), position=position, **values),
                f"Added '{new_id}'", select=new_id)

        self.post_message(Ask(lambda save: ItemForm(save, adding=True), change))

    def edit_item(self) -> None:
        """Ask for the selected item's new title, purpose, presenter, summary, Part B."""
        item = self.own_item("edit it")
        if item is None:
            return
        values = {"title": item.title, "purpose": item.purpose, "presenter": item.presenter,
                  "summary": item.summary, "exempt": item.exempt, "to_follow": item.to_follow}
        self.post_message(Ask(lambda save: ItemForm(save, values=values), lambda v: Change(
            lambda: agendaedit.update_item(self.root, item.id, **v), "Saved")))

    def remove_item(self) -> None:
        """Take the selected item off the agenda, once the clerk confirms."""
        item = self.own_item("remove it")
        if item is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                own = [i.id for i in self.pack.items] if self.pack else []
                rest = [i for i in own if i != item.id]
                index = own.index(item.id) if item.id in own else 0
                after = rest[min(index, len(rest) - 1)] if rest else None
                self.post_message(Change(lambda: agendaedit.remove_item(self.root, item.id),
                                         f"Removed '{item.id}'", select=after))

        self.app.push_screen(ConfirmScreen(f"Take '{item.title}' off the agenda? "
                                           "Its files are kept."), answer)

    def move_item(self, offset: int) -> None:
        """Move the selected item ``offset`` places down (up if negative)."""
        item = self.own_item("move it")
        if item is not None:
            self.post_message(Change(lambda: agendaedit.move_item(self.root, item.id, offset),
                                     select=item.id))

    def _position_after(self) -> int | None:
        """Where among the pack's items a new one goes: after the selected entry."""
        if self.pack is None or self.selected not in self.ids:
            return None
        own = [item.id for item in self.pack.items]
        before = [i for i in self.ids[:self.ids.index(self.selected) + 1] if i in own]
        return own.index(before[-1]) + 1 if before else 0

    def edit_meeting(self) -> None:
        """Ask for the meeting's date, time, venue, members and clerk."""
        if self.pack is None:
            self.notify("Fix pack.toml first: it does not load", severity="error")
            return
        m = self.pack.meeting
        values = {"committee": m.committee, "authority": m.authority, "date": m.date.isoformat(),
                  "time": m.time, "venue": m.venue, "chair": m.chair,
                  "vice_chair": m.vice_chair, "members": m.members,
                  "previous_meeting": m.previous_meeting.isoformat() if m.previous_meeting
                  else "",
                  "clerk": {"name": m.clerk.name, "email": m.clerk.email,
                            "phone": m.clerk.phone}}

        def change(v: dict[str, Any]) -> Change:
            clerk = v.pop("clerk")
            return Change(lambda: agendaedit.update_meeting(self.root, clerk=clerk, **v),
                          "Meeting details saved")

        self.post_message(Ask(lambda save: MeetingForm(save, values=values), change))
