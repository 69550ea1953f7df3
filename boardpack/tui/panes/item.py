"""The Item tab: the selected item's details and files, and attaching or detaching a file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Label, ListItem, ListView, Static, TabPane

from boardpack.model import Item, Pack, SourceRef
from boardpack.pack import clearances, item_files
from boardpack.pack import edit_agenda as agendaedit
from boardpack.problems import BoardpackError, Problem
from boardpack.tui.commands import screen_action
from boardpack.tui.file_dialogs import AttachForm, FileTitleForm
from boardpack.tui.forms import ClearanceForm
from boardpack.tui.guard import Guarded, guarded
from boardpack.tui.messages import Ask, Change


class ItemPane(Guarded, TabPane):
    """The item's title, purpose, Part A/B, presenter and summary, then its files."""

    class FileHighlighted(Message):
        """The clerk highlighted one of the item's files."""

        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    class FileChosen(Message):
        """The clerk chose one of the item's files (Enter or a click)."""

        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    def __init__(self, root: Path, **kwargs: Any) -> None:
        super().__init__("Item", **kwargs)
        self.root = root
        self.item: Item | None = None
        self.file_paths: list[str] = []
        self.keep: str | None = None  # the file to highlight once the item is shown again
        self.last_folder: Path | None = None  # where the last file attached came from

    def compose(self) -> ComposeResult:
        yield Static("", id="item-details", markup=False)
        yield Label("Files", classes="section")
        yield ListView(id="files")
        with Horizontal(classes="buttons"):
            yield Button("Attach", id="btn-attach", compact=True,
                         action=screen_action("item.attach"))
            yield Button("Detach", id="btn-detach", compact=True,
                         action=screen_action("item.detach"))
            yield Button("Meeting", id="btn-meeting", compact=True,
                         action=screen_action("meeting.edit"))

    async def show(self, item: Item | None, notices: Sequence[str] = ()) -> None:
        """Show ``item``, with ``notices``: an executive's notices for it, one a line."""
        files = self.query_one("#files", ListView)
        if self.keep is None and item is not None and self.item is not None \
                and self.item.id == item.id and files.index is not None \
                and 0 <= files.index < len(self.file_paths):
            self.keep = self.file_paths[files.index]  # shown again: keep the highlight
        self.item = item
        details = self.query_one("#item-details", Static)
        await files.clear()
        self.file_paths = []
        if item is None:
            details.update("No item yet: press a to add one.")
            return
        part = f"Part B (paragraph {item.exempt})" if item.part_b else "Part A (public)"
        lines = [item.title] if item.standard else [
            item.title, f"Purpose: {item.purpose} · {part}", f"Presenter: {item.presenter or '—'}"]
        if item.to_follow:
            lines.append("Report to follow")
        if item.summary:
            lines.append(item.summary)
        lines += notices
        details.update("\n".join(lines))
        self.file_paths = [ref.path for ref in item.files]
        await files.extend(ListItem(Label(Text(
            f"{ref.path} ({ref.kind}{', dropped' if ref.dropped else ''})"
            + (f" · title: {ref.title}" if ref.title else "")))) for ref in item.files)
        if self.file_paths:
            keep, self.keep = self.keep, None
            files.index = self.file_paths.index(keep) if keep in self.file_paths else 0

    def highlighted(self) -> SourceRef | None:
        """The highlighted file (the first if none is), or None if the item has none."""
        if self.item is None or not self.item.files:
            return None
        index = self.query_one("#files", ListView).index or 0
        return self.item.files[min(index, len(self.item.files) - 1)]

    @on(ListView.Highlighted, "#files")
    @guarded
    def _highlighted(self, event: ListView.Highlighted) -> None:
        event.stop()
        ref = self.highlighted()
        if ref is not None:
            self.post_message(self.FileHighlighted(ref.path))

    @on(ListView.Selected, "#files")
    @guarded
    def _chosen(self, event: ListView.Selected) -> None:
        event.stop()
        ref = self.highlighted()
        if ref is not None:
            self.post_message(self.FileChosen(ref.path))

    # --- attaching and detaching ----------------------------------------------------

    def clear(self, pack: Pack | None) -> None:
        """Ask who cleared the item's papers as they are now, and in which role."""
        item = self.own("record a clearance")
        if item is None or pack is None:
            return
        if not item.files:
            self.notify("The item has no papers to clear yet", severity="warning")
            return
        roles = clearances.roles_for(pack, item)
        self.post_message(Ask(
            lambda save: ClearanceForm(save, item_title=item.title, roles=roles),
            lambda v: Change(lambda: clearances.record(self.root, item.id, str(v["role"]),
                                                       v["by"], comment=v["comment"]),
                             f"Cleared by {v['role']}")))

    def own(self, doing: str) -> Item | None:
        """The item shown, if it is one of the pack's (a standard one has no files)."""
        if self.item is None:
            self.notify("Add an item first (a)", severity="warning")
            return None
        if self.item.standard:
            self.notify(f"Cannot {doing}: '{self.item.title}' is a standard item of the "
                        "agenda, which has no files", severity="warning")
            return None
        return self.item

    def attach(self) -> None:
        """Ask for a file to attach (from anywhere); it is copied into reports/."""
        item = self.own("attach a file")
        if item is None:
            return
        start = self.last_folder if self.last_folder and self.last_folder.is_dir() \
            else Path.home()
        in_pack = agendaedit.attachable(self.root)

        def change(values: dict[str, Any]) -> Change:
            source = str(values["path"])

            def run() -> item_files.CopiedIn:
                if not source:
                    raise BoardpackError(Problem("no file chosen", pack=self.root.name,
                                                 item=item.id, hint="type a path or pick one"))
                done = item_files.copy_in(self.root, item.id, source)
                self.last_folder = Path(source).expanduser().parent
                self.keep = done.path
                return done

            return Change(run, lambda done: done.line(Path(source).name), select=item.id)

        self.post_message(Ask(lambda save: AttachForm(save, item_title=item.title, start=start,
                                                      root=self.root, in_pack=in_pack),
                              change))

    def _highlighted_path(self) -> str | None:
        index = self.query_one("#files", ListView).index
        if self.item is None or index is None or not 0 <= index < len(self.file_paths):
            self.notify("Highlight a file of the item first", severity="warning")
            return None
        return self.file_paths[index]

    def move_file(self, offset: int) -> None:
        """Move the highlighted file ``offset`` places down the item's files (up if negative)."""
        item, path = self.item, self._highlighted_path()
        if item is None or path is None:
            return
        self.keep = path
        self.post_message(Change(lambda: item_files.move_file(self.root, item.id, path, offset),
                                 select=item.id))

    def title_file(self) -> None:
        """Ask for the highlighted file's title (its heading in the pack)."""
        item, path = self.item, self._highlighted_path()
        if item is None or path is None:
            return
        ref = next(r for r in item.files if r.path == path)
        self.keep = path
        self.post_message(Ask(
            lambda save: FileTitleForm(save, path=path, title=ref.title),
            lambda v: Change(lambda: item_files.title_file(self.root, item.id, path, v["title"]),
                             f"Title of {path} saved", select=item.id)))

    def detach(self) -> None:
        """Detach the highlighted file; a dropped file goes back to the inbox."""
        item, path = self.item, self._highlighted_path()
        if item is None or path is None:
            return

        def done(moved: str | None) -> str:
            return f"Detached {path}" + (f"; it waits in the inbox as {moved}" if moved else "")

        self.post_message(Change(lambda: agendaedit.detach(self.root, item.id, path), done,
                                 select=item.id))
