"""The app's last line of defence: a bug in one of its handlers is shown, never fatal.

Problems in a pack never get this far: the core reports them as ``Problem`` lines and
the screens show them. An exception that escapes a key, button or event handler is a
boardpack bug; instead of closing the app (and with it a form someone is typing in),
the clerk is told what happened and where the details were written, and the app keeps
running. Everything already saved stays saved: every write is atomic.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.actions import SkipAction
from textual.message_pump import MessagePump

LOG_NAME = "boardpack-errors.log"
GUARDED = "_boardpack_guarded"


def log_file() -> Path:
    return Path(tempfile.gettempdir()) / LOG_NAME


def report(node: MessagePump, error: BaseException) -> None:
    """Tell the clerk about an unexpected error and keep its traceback in the log file."""
    details = "".join(traceback.format_exception(error))
    where: Path | None = log_file()
    try:
        with log_file().open("a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n{details}\n")
    except OSError:
        where = None  # the log cannot be written: the notice says so by naming no file
    node.log.error(details)
    node.app.notify(
        f"Something went wrong inside boardpack ({type(error).__name__}: {str(error)[:120]}). "
        "Nothing saved was lost and the app is still running; please report this"
        + (f", with {where}." if where else "."),
        title="boardpack bug", severity="error", timeout=30)


def guarded(handler: Callable[..., Any]) -> Callable[..., Any]:
    """``handler`` reporting an unexpected exception instead of raising it."""
    if inspect.iscoroutinefunction(handler):
        @functools.wraps(handler)
        async def run_async(self: MessagePump, *args: Any, **kwargs: Any) -> Any:
            try:
                return await handler(self, *args, **kwargs)
            except SkipAction:
                raise
            except Exception as error:  # a bug: shown, not fatal
                report(self, error)
                return None

        setattr(run_async, GUARDED, True)
        return run_async

    @functools.wraps(handler)
    def run(self: MessagePump, *args: Any, **kwargs: Any) -> Any:
        try:
            return handler(self, *args, **kwargs)
        except SkipAction:
            raise
        except Exception as error:  # a bug: shown, not fatal
            report(self, error)
            return None

    setattr(run, GUARDED, True)
    return run


def is_handler(name: str, value: Any) -> bool:
    """Whether a class attribute is a handler Textual finds by name (``on_…``,
    ``action_…``) and is not guarded yet. Methods decorated with ``@on`` are recorded
    by Textual as the class is made, so they carry ``@guarded`` under their ``@on``."""
    return (inspect.isfunction(value) and name.startswith(("on_", "action_"))
            and not getattr(value, GUARDED, False))


class Guarded:
    """Mixin for the app's screens and widgets: each handler a subclass defines by name
    is ``guarded``."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if is_handler(name, value):
                setattr(cls, name, guarded(value))
