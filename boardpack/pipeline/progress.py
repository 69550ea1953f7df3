"""What a build says as it goes: typed events, which the CLI prints and the app shows.

``build``, ``publish``, the draft minutes and ``build --watch`` hand each event to
their ``on_event`` callback (``boardpack site`` its ``SiteEvent``), from the thread
doing the work. ``str(event)`` is the line the CLI prints; the app moves its progress
bar by the event's type. No caller reads the text to tell one event from another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Kept:
    """Nothing a build reads has changed since the last build: its outputs are kept."""

    outputs: tuple[Path, ...]

    def __str__(self) -> str:
        return "nothing changed since the last build: outputs kept"


@dataclass(frozen=True)
class Converting:
    """The reports (``files`` of them) are being read."""

    files: int

    def __str__(self) -> str:
        return "converting reports"


@dataclass(frozen=True)
class FileConverted:
    """One of item ``item``'s files has been read (or taken from the cache)."""

    item: str
    path: str

    def __str__(self) -> str:
        return f"converted {self.path}"


@dataclass(frozen=True)
class Rendering:
    """One output is being rendered, or (``kept``) is up to date and stays as it is."""

    edition: str
    fmt: str
    kept: bool = False
    encrypted: bool = False

    def __str__(self) -> str:
        text = f"rendering {self.edition} {self.fmt.upper()}"
        if self.encrypted:
            text += " (encrypted)"
        return text + (": up to date, kept" if self.kept else "")


@dataclass(frozen=True)
class Priming:
    """``build --watch`` lays out the kept outputs once, so the first rebuild is quick."""

    def __str__(self) -> str:
        return "laying out the kept outputs once, so that rebuilds are quick"


@dataclass(frozen=True)
class SiteRead:
    """The packs' public folders have been read."""

    meetings: int

    def __str__(self) -> str:
        return f"read the public issues of {self.meetings} meeting(s)"


@dataclass(frozen=True)
class SiteWritten:
    """The public site (``boardpack site``) has been written."""

    written: int
    kept: int
    removed: int

    def __str__(self) -> str:
        return (f"site written: {self.written} file(s) written, {self.kept} unchanged, "
                f"{self.removed} removed")


SiteEvent = SiteRead | SiteWritten
Event = Kept | Converting | FileConverted | Rendering | Priming
OnEvent = Callable[[Event], None]
