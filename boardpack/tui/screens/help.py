"""The help screen: every key of the screen beneath and of the app, as now mapped."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label

from boardpack.tui.commands import APP, KEYMAP_ENV, commands_of
from boardpack.tui.guard import Guarded


class HelpScreen(Guarded, ModalScreen[None]):
    """Keys, what they do, and the binding id a keymap file may remap."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "app.pop_screen", "Close", id="help.close"),
    ]

    def __init__(self, beneath: Screen, keymap: dict[str, str]) -> None:
        super().__init__()
        self.beneath = beneath
        self.keymap = keymap
        self.ids: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="form help"):
            yield Label("Keys (Escape closes; ctrl+p opens the command palette)",
                        classes="form-title")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            yield Label(self.remap("item.add"), id="remap", classes="muted", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#keys", DataTable)
        table.add_columns("Key", "Does")  # the id of the highlighted key is shown below
        for command in (*commands_of(self.beneath), *APP):
            key = self.keymap.get(command.id, command.key)
            table.add_row(Text(key, style="bold"), command.help)
            self.ids.append(command.id)
        table.focus()

    @staticmethod
    def remap(binding_id: str) -> str:
        return (f"Remap this key in ~/.config/boardpack/keys.toml (or ${KEYMAP_ENV}): "
                f'[keys] "{binding_id}" = "n"')

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.ids):
            self.query_one("#remap", Label).update(self.remap(self.ids[event.cursor_row]))
