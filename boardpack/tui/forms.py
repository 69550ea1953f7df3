"""Modal forms: an item, the meeting, a resolution, resolutions.toml, choosing from a list.

A form never loses what the clerk typed: it hands the values to ``on_save``
(which calls the core) and closes only when that succeeds; otherwise the
one-line problem is shown in the form and it stays open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from boardpack.model import PURPOSES, RESOLUTION_KINDS
from boardpack.tui.guard import Guarded
from boardpack.tui.widgets import Tick

Save = Callable[[dict[str, Any]], str | None]
"""Saves a form's values through the core; returns a problem line, or None when saved."""

FORM_CHROME = 7
"""Rows of a form that are not its fields: the border, title, problem line, buttons, margins."""

SCHEDULE_12A = {
    1: "information relating to any individual",
    2: "information likely to reveal the identity of an individual",
    3: "financial or business affairs of a particular person",
    4: "consultations or negotiations on a labour relations matter",
    5: "legal professional privilege",
    6: "a notice, order or direction the authority proposes to give or make",
    7: "the prevention, investigation or prosecution of crime",
}
"""What each paragraph of Part 1 of Schedule 12A to the Local Government Act 1972 covers."""

PART_B = [(f"Part B: {n} – {what}", n) for n, what in SCHEDULE_12A.items()]


class FormScreen(Guarded, ModalScreen[bool]):
    """A titled form with Save and Cancel; subclasses give the fields and read them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
    ]
    TITLE = "Form"
    SAVE = "Save"
    KEYS = "ctrl+s saves · Escape cancels · Tab: next field"
    SAVE = "Save"
    AUTO_FOCUS = "Input, Select, TextArea"

    def __init__(self, on_save: Save, *, title: str = "") -> None:
        super().__init__()
        self.on_save = on_save
        self.form_title = title or self.TITLE

    def fields(self) -> ComposeResult:
        yield from ()

    def values(self) -> dict[str, Any]:
        return {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label(self.form_title, classes="form-title")
            with VerticalScroll(classes="form-fields"):
                yield from self.fields()
            yield Static("", classes="form-error", id="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button(self.SAVE, variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
                yield Label(self.KEYS, classes="form-keys")

    def on_mount(self) -> None:
        self.fit(self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.height)

    def fit(self, height: int) -> None:
        """Give the fields what the terminal leaves once the title, the problem line and
        the buttons are shown, so that Save and Cancel are never cut off."""
        room = max(3, height - FORM_CHROME)
        self.query_one(".form-fields").styles.max_height = room
        for editor in self.query(".fill"):
            editor.styles.height = room

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        problem = self.on_save(self.values())
        if problem:
            error = self.query_one("#form-error", Static)
            error.update(problem)
            error.display = True
            self.notify(problem, severity="error", timeout=8)
        else:
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


def field_input(value: str = "", **kwargs: Any) -> Input:
    """A one-line input, compact so that a form fits in 80×24."""
    return Input(value, compact=True, **kwargs)


def field(label: str, widget: Any) -> ComposeResult:
    """A bold label over its widget."""
    yield Label(label, classes="field-label")
    yield widget


class ItemForm(FormScreen):
    """An agenda item: id (when adding), title, purpose, presenter, summary, Part B."""

    TITLE = "Agenda item"

    def __init__(self, on_save: Save, *, values: dict[str, Any] | None = None,
                 adding: bool = False) -> None:
        super().__init__(on_save, title="Add an agenda item" if adding else "Edit the item")
        self.initial = values or {}
        self.adding = adding

    def fields(self) -> ComposeResult:
        v = self.initial
        if self.adding:
            yield from field("Id (lower-case letters, digits, dashes)",
                              field_input(v.get("id", ""), id="id", placeholder="e.g. kpi-report"))
        yield from field("Title", field_input(v.get("title", ""), id="title"))
        yield from field("Purpose", Select([(p.capitalize(), p) for p in PURPOSES],
                                            value=v.get("purpose", "information"),
                                            allow_blank=False, id="purpose", compact=True))
        yield from field("Presenter", field_input(v.get("presenter", ""), id="presenter"))
        yield from field("Summary", TextArea(v.get("summary", ""), id="summary"))
        exempt = v.get("exempt")
        yield from field("Part B (exempt under Schedule 12A)",
                          Select(PART_B, value=exempt if exempt else Select.NULL,
                                 prompt="Part A (public)", id="exempt", compact=True))
        yield Tick("Report to follow", v.get("to_follow", False), id="to_follow",
                       compact=True)

    def values(self) -> dict[str, Any]:
        exempt = self.query_one("#exempt", Select).value
        out: dict[str, Any] = {
            "title": self.query_one("#title", Input).value,
            "purpose": self.query_one("#purpose", Select).value,
            "presenter": self.query_one("#presenter", Input).value,
            "summary": self.query_one("#summary", TextArea).text.strip(),
            "exempt": exempt if isinstance(exempt, int) else None,
            "to_follow": self.query_one("#to_follow", Tick).value,
        }
        if self.adding:
            out["id"] = self.query_one("#id", Input).value
        return out


MEETING_INPUTS = (
    ("committee", "Committee"), ("authority", "Authority"), ("date", "Date (YYYY-MM-DD)"),
    ("time", "Time (HH:MM)"), ("venue", "Venue"), ("chair", "Chair"),
    ("vice_chair", "Vice-chair"), ("previous_meeting", "Previous meeting (YYYY-MM-DD)"),
)
CLERK_INPUTS = (("name", "Clerk's name"), ("email", "Clerk's email"), ("phone", "Clerk's phone"))


class MeetingForm(FormScreen):
    """The meeting's details and the clerk's contact details."""

    TITLE = "Meeting details"

    def __init__(self, on_save: Save, *, values: dict[str, Any]) -> None:
        super().__init__(on_save)
        self.initial = values

    def fields(self) -> ComposeResult:
        for key, label in MEETING_INPUTS:
            yield from field(label, field_input(str(self.initial.get(key) or ""), id=key))
        yield from field("Members (one a line)",
                          TextArea("\n".join(self.initial.get("members", [])), id="members"))
        clerk = self.initial.get("clerk", {})
        for key, label in CLERK_INPUTS:
            yield from field(label, field_input(clerk.get(key, ""), id=f"clerk-{key}"))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: self.query_one(f"#{key}", Input).value
                               for key, _ in MEETING_INPUTS}
        out["members"] = self.query_one("#members", TextArea).text
        out["clerk"] = {key: self.query_one(f"#clerk-{key}", Input).value
                        for key, _ in CLERK_INPUTS}
        return out


class ResolutionForm(FormScreen):
    """The common case: what was resolved, the vote, notes, and one new action."""

    TITLE = "Resolution"

    def __init__(self, on_save: Save, *, item_title: str,
                 values: dict[str, Any] | None = None) -> None:
        super().__init__(on_save, title=f"Resolution: {item_title}")
        self.initial = values or {}

    def fields(self) -> ComposeResult:
        v = self.initial
        yield from field("Kind", Select([(k, k) for k in RESOLUTION_KINDS],
                                         value=v.get("kind", "RESOLVED"), allow_blank=False,
                                         id="kind", compact=True))
        yield from field("Resolved (one paragraph a line)",
                          TextArea("\n".join(v.get("text", [])), id="text"))
        yield from field("Vote (\"unanimous\" or e.g. \"for 5, against 1, abstain 0\")",
                          field_input(v.get("vote", ""), id="vote"))
        yield from field("Notes", TextArea(v.get("notes", ""), id="notes"))
        yield Label("New action (optional)", classes="field-label")
        yield from field("What", field_input("", id="action-what"))
        yield from field("Owner", field_input("", id="action-owner"))
        yield from field("Due (YYYY-MM-DD)", field_input("", id="action-due"))

    def values(self) -> dict[str, Any]:
        text = self.query_one("#text", TextArea).text
        return {
            "kind": self.query_one("#kind", Select).value,
            "text": [line.strip() for line in text.splitlines() if line.strip()],
            "vote": self.query_one("#vote", Input).value.strip(),
            "notes": self.query_one("#notes", TextArea).text.strip(),
            "action": {key: self.query_one(f"#action-{key}", Input).value.strip()
                       for key in ("what", "owner", "due")},
        }


class ClearanceForm(FormScreen):
    """Who cleared the item's papers, in which role, and what they said (internal)."""

    TITLE = "Clearance"

    def __init__(self, on_save: Save, *, item_title: str, roles: Sequence[str]) -> None:
        super().__init__(on_save, title=f"Clearance: {item_title}")
        self.roles = list(roles)

    def fields(self) -> ComposeResult:
        yield from field("Role", Select([(r, r) for r in self.roles], value=self.roles[0],
                                         allow_blank=False, id="role", compact=True))
        yield from field("Cleared by (name and job title)", field_input("", id="by"))
        yield from field("Comment (never published)", field_input("", id="comment"))

    def values(self) -> dict[str, Any]:
        return {"role": self.query_one("#role", Select).value,
                "by": self.query_one("#by", Input).value.strip(),
                "comment": self.query_one("#comment", Input).value.strip()}


class TomlEditor(FormScreen):
    """A whole TOML file in a code editor; saved only if it is valid."""

    TITLE = "resolutions.toml"
    BINDINGS: ClassVar[list[BindingType]] = [  # before the editor, which keeps Escape
        Binding("escape", "cancel", "Cancel", id="form.cancel", priority=True),
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
    ]

    def __init__(self, on_save: Save, *, text: str, title: str = "") -> None:
        super().__init__(on_save, title=title)
        self.text = text

    def fields(self) -> ComposeResult:
        yield TextArea.code_editor(self.text, language="toml", id="toml", soft_wrap=True,
                                   classes="fill")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#toml", TextArea).focus()

    def values(self) -> dict[str, Any]:
        return {"text": self.query_one("#toml", TextArea).text}


class PickScreen(Guarded, ModalScreen[str | None]):
    """Choose one of a list (an item, a file) by key or mouse; Escape chooses nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel"),
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], *,
                 free_text: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.free_text = free_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label(self.title_text, classes="form-title")
            yield OptionList(*[Option(label, id=value) for value, label in self.choices],
                             id="choices")
            if self.free_text:
                yield field_input(placeholder=self.free_text, id="free")
            with Horizontal(classes="form-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Label("Enter chooses · Escape cancels", classes="form-keys")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(event.value.strip())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(Guarded, ModalScreen[bool]):
    """A yes/no question."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No", id="confirm.no"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.labels = (yes, no)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form confirm"):
            yield Static(self.question, classes="form-title")
            with Horizontal(classes="form-buttons"):
                yield Button(self.labels[0], variant="primary", id="yes", compact=True)
                yield Button(self.labels[1], id="no", compact=True)
                yield Label("y · n or Escape", classes="form-keys")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
