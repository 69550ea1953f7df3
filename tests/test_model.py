"""The model's one value type with a grammar: a vote, typed the same way in the CLI and
the app, held one way in resolutions.toml and said one way in the minutes."""

from __future__ import annotations

import pytest

from boardpack.model import Vote


@pytest.mark.parametrize("typed", ["for 5, against 1, abstain 0", "for=5,against=1,abstain=0",
                                   "For: 5; against 1, abstain=0", "abstain 0, against 1, for 5"])
def test_counts_are_read_one_way_however_they_are_spelt(typed: str) -> None:
    vote = Vote.parse(typed)
    assert vote == Vote.of({"for": 5, "against": 1, "abstain": 0})
    assert str(vote) == "for 5, against 1, abstain 0"
    assert Vote.parse(str(vote)) == vote
    assert vote is not None and vote.toml() == {"for": 5, "against": 1, "abstain": 0}
    assert Vote.from_toml(vote.toml()) == vote
    assert vote.sentence() == "Voting: for 5, against 1, abstentions 0."


def test_unanimous_and_none() -> None:
    vote = Vote.parse(" Unanimous ")
    assert vote == Vote(unanimous=True) and str(vote) == "unanimous"
    assert vote.toml() == "unanimous" and Vote.from_toml("unanimous") == vote
    assert vote.sentence() == "The decision was unanimous."
    assert Vote.parse("") is None and Vote.from_toml("") is None and Vote.from_toml({}) is None


def test_some_counts_only_in_their_order() -> None:
    vote = Vote.parse("against 2, for 7")
    assert vote is not None and vote.counts == (("for", 7), ("against", 2))
    assert vote.sentence() == "Voting: for 7, against 2."


@pytest.mark.parametrize("typed", ["most of them", "for five", "yes 3", "for 5 against 1",
                                   "for -1", ","])
def test_anything_else_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="is not understood"):
        Vote.parse(typed)
