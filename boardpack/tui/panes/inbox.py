"""The Inbox tab: files dropped into the pack that match no item, and giving one to an item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Label, ListItem, ListView, TabPane

from boardpack.model import Pack
from boardpack.pack import edit_agenda as agendaedit
from boardpack.sources import kind_for
from boardpack.tui.forms import PickScreen
from boardpack.tui.guard import Guarded
from boardpack.tui.messages import Change


class InboxPane(Guarded, TabPane):
    """The unmatched drops, one a line."""

    def __init__(self, root: Path, **kwargs: Any) -> None:
        super().__init__("Inbox", **kwargs)
        self.root = root
        self.pack: Pack | None = None
        self.paths: list[str] = []

    def compose(self) -> ComposeResult:
        yield Label("Dropped files that match no item: "
                    "highlight one and press i to assign it.", classes="muted")
        yield ListView(id="inbox-list")

    async def show(self, pack: Pack, paths: list[str]) -> None:
        self.pack = pack
        self.paths = list(paths)
        inbox = self.query_one("#inbox-list", ListView)
        await inbox.clear()
        await inbox.extend(ListItem(Label(Text(path))) for path in self.paths)
        if self.paths:
            inbox.index = 0

    def announce(self, arrived: list[str], before: set[str]) -> None:
        """Tell the clerk where each file just dropped into the pack went: to the item it
        attached to (not already one of its files in ``before``), or into the inbox."""
        if self.pack is None:
            return
        owners = {ref.path: item for item in self.pack.items for ref in item.files}
        for path in arrived:
            item = owners.get(path)
            if item is not None and path not in before:
                self.notify(f"{path} arrived: attached to '{item.title}' ({item.id})",
                            title="File dropped in")
            elif path in self.paths:
                why = ("it matches no item" if kind_for(path) else
                       "boardpack cannot read this kind of file")
                self.notify(f"{path} arrived: {why}, so it waits in the inbox (press 4, "
                            "then i to assign it)", title="File dropped in",
                            severity="warning")

    def assign(self) -> None:
        """Ask which item the highlighted file belongs to, and attach it there."""
        index = self.query_one("#inbox-list", ListView).index
        if not self.paths or index is None or not 0 <= index < len(self.paths):
            self.notify("The inbox is empty", severity="information")
            return
        path = self.paths[index]
        assert self.pack is not None
        choices = [(i.id, i.title) for i in self.pack.items]

        def chosen(item_id: str | None) -> None:
            if item_id:
                self.post_message(Change(lambda: agendaedit.assign(self.root, path, item_id),
                                         f"{path} attached to '{item_id}'", select=item_id))

        self.app.push_screen(PickScreen(f"Give {path} to which item?", choices), chosen)
