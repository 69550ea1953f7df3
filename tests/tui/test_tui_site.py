"""The app builds the public site of its folder of packs (Pilot, a real issue)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers.tui import settle

from boardpack.publish.issue import publish
from boardpack.tui.app import make_app
from boardpack.tui.screens.packs import PacksScreen

pytestmark = pytest.mark.anyio


async def test_s_builds_the_site_and_says_where(pack: Path, tmp_path: Path) -> None:
    made = publish(pack, force=True, now=dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC))
    assert made.ok, made.problems
    app = make_app(pack.parent, today=dt.date(2027, 3, 2), keymap_file=tmp_path / "none.toml")
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PacksScreen)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        said = [n.message for n in app._notifications]
        site = pack.parent / "site"
        assert any(m.startswith(f"Site of 1 meeting(s) in {site}/") for m in said), said
        page = (site / "meetings" / pack.name / "index.html").read_text(encoding="utf-8")
        assert "Test Committee: Wednesday, 17 March 2027" in page
