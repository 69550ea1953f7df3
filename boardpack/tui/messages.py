"""The messages a pane posts up to its screen: a change to save, a form to open, a job.

A pane decides *what* (which core call, what to say, what to select after, what to
show when a job ends); the screen decides *how*: a change runs through its
``attempt`` (a problem becomes a notification, never a traceback) and the pack is
read again; a job runs in one of its workers, whose failures it handles in one
place. So a pane never imports the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message
from textual.screen import Screen

from boardpack.tui.forms import Save


class Change(Message):
    """Make a change through the core, then show the pack again.

    ``run`` calls the core; ``done`` is what to tell the clerk once it is saved (or a
    function of what ``run`` returned); ``select`` is the item to select afterwards
    (None: the one selected now).
    """

    def __init__(self, run: Callable[[], object], done: str | Callable[[Any], str] = "",
                 select: str | None = None) -> None:
        super().__init__()
        self.run = run
        self.done = done
        self.select = select


class Ask(Message):
    """Open a form, ``form(save)``; each Save makes the change ``change(values)``.

    The form stays open, showing the problem, until a Save succeeds, so nothing the
    clerk typed is lost; the pack is shown again when the form closes saved.
    """

    def __init__(self, form: Callable[[Save], Screen[bool]],
                 change: Callable[[dict[str, Any]], Change]) -> None:
        super().__init__()
        self.form = form
        self.change = change


class Job(Message):
    """Run slow work in a thread worker of the screen, so the app never waits.

    ``work`` runs in the worker group ``group`` (a new job replaces a running one of its
    group, whose result is then dropped); ``done(result)`` is called (and awaited, if it
    returns an awaitable) once it returns. If it raises, the screen tells the clerk and
    calls ``failed(line)`` with the one-line reason.
    """

    def __init__(self, group: str, work: Callable[[], Any], done: Callable[[Any], Any],
                 failed: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.group = group
        self.work = work
        self.done = done
        self.failed = failed
