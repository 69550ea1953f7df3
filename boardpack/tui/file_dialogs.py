"""Dialogs for an item's files: attach one from anywhere, give one a title.

``AttachForm`` browses from the clerk's home folder (or the last folder used) with a
folder tree, takes a typed path (``~`` and Tab-completion work) or one of the pack's
files not attached yet; the copying and attaching is the core's
(``boardpack.pack.item_files.copy_in``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.suggester import Suggester
from textual.widgets import DirectoryTree, Input, OptionList
from textual.widgets.option_list import Option

from boardpack.sources import kind_for
from boardpack.tui.forms import FORM_CHROME, FormScreen, Save, field, field_input


def shown(path: Path) -> str:
    """A path as the clerk reads it: ``~/Downloads`` for one in the home folder."""
    home = Path.home()
    if path == home:
        return "~"
    return f"~/{path.relative_to(home).as_posix()}" if path.is_relative_to(home) else str(path)


def complete(value: str) -> str | None:
    """The typed path made longer to the first file or folder it starts, or None."""
    if not value:
        return None
    typed = Path(os.path.expanduser(value))
    folder, start = (typed, "") if value.endswith(("/", os.sep)) else (typed.parent, typed.name)
    try:
        names = sorted(entry.name + ("/" if entry.is_dir() else "")
                       for entry in folder.iterdir()
                       if entry.name.startswith(start) and not entry.name.startswith("."))
    except OSError:
        return None
    return value + names[0][len(start):] if names and names[0] != start else None


class PathSuggester(Suggester):
    """Suggests the rest of a path as it is typed (→ or Tab takes it)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete(value)


class PathInput(Input):
    """A path input whose Tab completes the path (and moves on when there is nothing to
    complete)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Complete", show=False, id="attach.complete"),
    ]

    def action_complete(self) -> None:
        longer = complete(self.value) if self.cursor_at_end else None
        if longer:
            self.value = longer
            self.cursor_position = len(longer)
        else:
            self.screen.focus_next()


class Readable(DirectoryTree):
    """Folders and the files boardpack can read, hidden ones left out; the top folder
    named as the clerk reads it."""

    def __init__(self, path: Path, **kwargs: Any) -> None:
        super().__init__(path, **kwargs)
        self.root.set_label(shown(path))

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".")
                and (kind_for(p.name) is not None or self._safe_is_dir(p))]

    async def watch_path(self) -> None:
        await super().watch_path()
        self.root.set_label(shown(Path(self.path)))


class AttachForm(FormScreen):
    """Choose a file to attach: typed, browsed from a folder, or one already in the pack."""

    KEYS = "Enter/ctrl+s attaches · Tab next · Esc cancels"
    SAVE = "Attach"

    def __init__(self, on_save: Save, *, item_title: str, start: Path, root: Path,
                 in_pack: Sequence[str] = ()) -> None:
        super().__init__(on_save, title=f"Attach a file to '{item_title}'")
        self.start = start
        self.root = root
        self.in_pack = list(in_pack)

    def fields(self) -> ComposeResult:
        if self.in_pack:
            yield from field("In the pack, not attached yet", OptionList(
                *[Option(path, id=path) for path in self.in_pack], id="in-pack"))
        yield from field("File (a path; ~ and Tab complete it; a folder opens below)",
                         PathInput("", compact=True, id="path", suggester=PathSuggester(),
                                   placeholder="e.g. ~/Downloads/report.docx"))
        yield from field("…or choose it here", Readable(self.start, id="tree"))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#path", Input).focus()

    def fit(self, height: int) -> None:
        super().fit(height)
        room = max(3, height - FORM_CHROME)
        others = 4 + (2 + min(len(self.in_pack), 4) if self.in_pack else 0)
        self.query_one("#tree").styles.height = max(3, room - others)

    def typed(self) -> Path:
        """The typed path: ``~`` expanded, a relative one taken from the folder shown."""
        value = os.path.expanduser(self.query_one("#path", Input).value.strip())
        return Path(self.query_one("#tree", Readable).path) / value if value else Path()

    def values(self) -> dict[str, Any]:
        return {"path": str(self.typed()) if self.query_one("#path", Input).value.strip()
                else ""}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.prevent_default()  # not also FormScreen's: this one saves or opens a folder
        path = self.typed()
        if event.value.strip() and path.is_dir():
            self.query_one("#tree", Readable).path = path
            self.query_one("#path", Input).value = ""
        else:
            self.action_save()

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.query_one("#path", Input).value = str(event.path)
        self.action_save()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#path", Input).value = str(self.root / str(event.option.id))
        self.action_save()


class FileTitleForm(FormScreen):
    """The title a file of an item has in the pack (its heading, e.g. "Appendix A: …")."""

    def __init__(self, on_save: Save, *, path: str, title: str) -> None:
        super().__init__(on_save, title=f"Title of {path}")
        self.initial = title

    def fields(self) -> ComposeResult:
        yield from field("Title (empty: made from the file's name)",
                         field_input(self.initial, id="title",
                                     placeholder="e.g. Appendix A: workforce figures"))

    def values(self) -> dict[str, Any]:
        return {"title": self.query_one("#title", Input).value}
