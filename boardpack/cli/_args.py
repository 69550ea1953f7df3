"""Argument types the commands share: a date, a number from 1, a vote."""

from __future__ import annotations

import argparse
import datetime as dt

from boardpack.model import VOTE_TYPED, Vote


def date(text: str) -> dt.date:
    """A date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2027-03-01") from None


def number(text: str) -> int:
    """A whole number from 1 up (resolutions and actions are numbered from 1)."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number from 1 up")
    return int(text)


def vote(text: str) -> Vote | None:
    """A vote as ``Vote.parse`` reads it."""
    try:
        return Vote.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc}: write {VOTE_TYPED}") from None
