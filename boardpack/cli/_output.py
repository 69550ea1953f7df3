"""What the commands print: problems (one line each) and progress, both on stderr."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from boardpack.pipeline.progress import Event, FileConverted
from boardpack.problems import Level, Problem


def report(problems: Sequence[Problem], *, quiet_info: bool = True) -> None:
    """Each problem on its own line (notes too unless ``quiet_info``)."""
    for problem in problems:
        if quiet_info and problem.level is Level.INFO:
            continue
        print(problem, file=sys.stderr)


def progress(event: Event) -> None:
    """One line per step of a build or an issue (not one per file converted)."""
    if not isinstance(event, FileConverted):
        print(f"boardpack: {event}…", file=sys.stderr, flush=True)
