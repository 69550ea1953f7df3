"""The dialogs of issuing a pack: pre-flight and confirm, the members' password, and a
closing report (what was issued, verified or written).

They only show and ask; ``boardpack.tui.screens.publish_flow`` runs the core and opens them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from boardpack.publish.encrypt import MIN_LENGTH
from boardpack.publish.readiness import Readiness
from boardpack.tui.forms import FormScreen, Save, field, field_input
from boardpack.tui.guard import Guarded
from boardpack.tui.widgets import Tick


def sentence(line: str) -> str:
    """``line`` with a capital first letter (the rest as it is)."""
    return line[:1].upper() + line[1:]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


class PreflightScreen(FormScreen):
    """What pre-flight found and the deadline status; Publish (with Force ticked, when
    pre-flight found what should not be published) or Cancel; Encrypt asks for a
    password next."""

    TITLE = "Publish"
    SAVE = "Publish"
    KEYS = "ctrl+s publishes · Space ticks · Esc cancels"
    AUTO_FOCUS = "Checkbox, Button"

    def __init__(self, on_save: Save, *, title: str, readiness: Readiness) -> None:
        super().__init__(on_save, title=title)
        self.readiness = readiness

    def fields(self) -> ComposeResult:
        r = self.readiness
        yield Static(sentence(r.deadline), id="deadline", markup=False)
        shown = r.shown()
        if shown:
            yield Label(f"Pre-flight found {_plural(len(shown), 'thing')}:",
                        classes="field-label")
            yield Static("\n".join(f"• {p}" for p in shown), id="findings", markup=False)
        else:
            yield Static("Pre-flight found nothing that should not be published.",
                         id="findings", markup=False)
        if r.needs_force:
            stops = [_plural(len(r.blocking), "warning")] if r.blocking else []
            if r.refused:
                stops.append(_plural(len(r.refused), "missing clearance"))
            yield Tick(f"Force: publish despite {' and '.join(stops)} (the issue records them)",
                       False, id="force", compact=True)
        yield Tick("Encrypt the members' PDF (a password is asked next)",
                   False, id="encrypt", compact=True)

    def values(self) -> dict[str, Any]:
        ticks = {t.id: t.value for t in self.query(Checkbox)}
        return {"force": ticks.get("force", False), "encrypt": ticks.get("encrypt", False)}


class PasswordScreen(FormScreen):
    """The members' PDF password, masked and typed twice; it is handed on and forgotten."""

    TITLE = "Password for the members' PDF"
    SAVE = "Encrypt"
    KEYS = "Enter: next, then encrypt · Esc cancels"
    AUTO_FOCUS = "Input"

    def fields(self) -> ComposeResult:
        yield Static("Members open the PDF with this password. boardpack keeps it nowhere: "
                     "give it to them another way.", markup=False)
        yield from field(f"Password (at least {MIN_LENGTH} characters)",
                         field_input(password=True, id="password"))
        yield from field("Type it again", field_input(password=True, id="again"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.prevent_default()  # not the form's: Enter in the first moves to the second
        if event.input.id == "password":
            self.query_one("#again", Input).focus()
        else:
            self.action_save()

    def values(self) -> dict[str, Any]:
        return {"password": self.query_one("#password", Input).value,
                "again": self.query_one("#again", Input).value}

    def forget(self) -> None:
        """Empty both inputs (once the password has been handed on, or refused)."""
        for box in self.query(Input):
            box.value = ""


class ReportScreen(Guarded, ModalScreen[None]):
    """What a publish, verify or minutes run did: a title and lines; Close."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="report.close"),
    ]

    def __init__(self, title: str, lines: Sequence[str], *, failed: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)
        self.failed = failed

    def compose(self) -> ComposeResult:
        with Vertical(classes="form report" + (" failed" if self.failed else "")):
            yield Label(self.title_text, classes="form-title", markup=False)
            with VerticalScroll(classes="form-fields"):
                yield Static("\n".join(self.lines), id="report-lines", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button("Close", variant="primary", id="close", compact=True)
                yield Label("Enter · Esc closes", classes="form-keys")

    def on_mount(self) -> None:
        self.query_one(".form-fields").styles.max_height = max(3, self.app.size.height - 7)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
