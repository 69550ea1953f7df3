"""The demo packs published and built as the public site, for the site's tests."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from boardpack.cli import main
from boardpack.publish.issue import publish
from boardpack.site.build import SiteResult, build_site
from helpers import ROOT

PACKS = ROOT / "packs"
CPB, EXECUTIVE = "corporate-parenting-board-2027-01-20", "executive-2027-02-10"
TODAY = dt.date(2027, 1, 1)  # before both meetings
WHEN = dt.datetime(2026, 12, 20, 9, 0, tzinfo=dt.UTC)


def quietly(*args: str) -> int:
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        return main(list(args))


def published_packs(base: Path) -> Path:
    """A copy of the demo packs with the board's and the Executive's packs issued, the
    Executive's minutes and decision notice issued, and the forward plan written."""
    packs = base / "packs"
    shutil.copytree(PACKS, packs, ignore=shutil.ignore_patterns("build", ".history", "issued"))
    for name, when in ((CPB, WHEN), (EXECUTIVE, WHEN + dt.timedelta(days=1))):
        made = publish(packs / name, force=True, now=when)
        assert made.ok, [str(p) for p in made.problems]
    minutes = publish(packs / EXECUTIVE, minutes=True, now=WHEN + dt.timedelta(days=60))
    assert minutes.ok, [str(p) for p in minutes.problems]
    assert quietly("forward-plan", str(packs), "--from", "2027-01-01") == 0
    return packs


def site(packs: Path, out: Path, **options: object) -> SiteResult:
    result = build_site(packs, out, today=TODAY, **options)  # type: ignore[arg-type]
    assert result.ok, [str(p) for p in result.problems]
    return result
