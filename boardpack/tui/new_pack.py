"""The new-pack form of the packs screen: committee (from the templates, or typed), date,
time, venue and authority; ``pack.new.create_meeting`` makes the folder."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Select

from boardpack import templates
from boardpack.tui.forms import FormScreen, Save, field, field_input


def template_title(name: str) -> str:
    """``corporate-parenting-board`` → ``Corporate Parenting Board``."""
    return name.replace("-", " ").title()


class NewPackForm(FormScreen):
    """A new pack: its committee template and name, and the meeting's details."""

    TITLE = "New pack"

    def __init__(self, on_save: Save, *, today: str = "") -> None:
        super().__init__(on_save, title="New pack (a folder named after the committee and date)")
        self.today = today

    def fields(self) -> ComposeResult:
        names = templates.names("committees")
        choices = [("Any committee (the default template)", "default")] + [
            (template_title(n), n) for n in names if n != "default"]
        yield from field("Committee template (standard items, report deadline)",
                         Select(choices, value="default", allow_blank=False, id="template",
                                compact=True))
        yield from field("Committee", field_input(id="committee",
                                                  placeholder="e.g. Corporate Parenting Board"))
        yield from field("Date (YYYY-MM-DD)", field_input(id="date", placeholder=self.today))
        yield from field("Time (HH:MM)", field_input("14:00", id="time"))
        yield from field("Venue", field_input(id="venue",
                                              placeholder="e.g. Committee Room 1, Town Hall"))
        yield from field("Authority", field_input(id="authority",
                                                  placeholder="e.g. Testshire County Council"))

    @on(Select.Changed, "#template")
    def _template_chosen(self, event: Select.Changed) -> None:
        committee = self.query_one("#committee", Input)
        if isinstance(event.value, str) and event.value != "default" and not committee.value:
            committee.value = template_title(event.value)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: self.query_one(f"#{key}", Input).value.strip()
                               for key in ("committee", "date", "time", "venue", "authority")}
        out["template"] = self.query_one("#template", Select).value
        return out
