"""Publishing from the app, driven with Pilot: pre-flight and the deadline first, then
confirm (force, encrypt), the issue written under issued/<n>/ and verified; a supplement,
verify and the draft minutes; errors as one line while the app keeps running."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from helpers import pdf_text
from helpers.tui import open_pack, settle, until
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Static

from boardpack.tui.app import BoardpackApp, make_app
from boardpack.tui.screens.pack import PackScreen
from boardpack.tui.screens.publish import PasswordScreen, PreflightScreen, ReportScreen

TODAY = dt.date(2027, 3, 1)
SIZE = (80, 24)
PASSWORD = "Correct-Horse-42"
SLOW = 240.0  # publish converts and renders both editions: a safety net, not a measure
pytestmark = pytest.mark.anyio


def app_on(target: Path) -> BoardpackApp:
    return make_app(target, today=TODAY, keymap_file=target / "no-keymap.toml")


def text_of(screen: object, selector: str) -> str:
    return " ".join(str(w.render()) for w in screen.query(selector))  # type: ignore[attr-defined]


def toasts(app: BoardpackApp) -> str:
    return " ".join(" ".join(str(t.render()).split()) for t in app.screen.query("Toast"))


async def shows(pilot: Pilot, kind: type) -> object:
    await until(pilot, lambda: isinstance(pilot.app.screen, kind), SLOW)
    return pilot.app.screen


async def publish(pilot: Pilot, key: str = "p") -> ReportScreen:
    """Press ``key``, confirm the pre-flight dialog as it is, and wait for the report."""
    await pilot.press(key)
    await shows(pilot, PreflightScreen)
    await pilot.press("ctrl+s")
    report = await shows(pilot, ReportScreen)
    assert isinstance(report, ReportScreen)
    return report


async def polled(pilot: Pilot, condition: Callable[[], object]) -> None:
    """Wait for ``condition`` without waiting for the workers (one is held on purpose)."""
    deadline = time.monotonic() + SLOW
    while not condition():
        assert time.monotonic() < deadline, "the app did not react in time"
        await pilot.pause(0.05)


def manifest(root: Path, issue: int) -> dict:
    return json.loads((root / f"issued/{issue}/internal/manifest.json").read_text())


async def test_publish_shows_preflight_and_deadline_then_issues_and_verifies(
        pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        await open_pack(pilot)
        await pilot.press("p")
        dialog = await shows(pilot, PreflightScreen)
        deadline = text_of(dialog, "#deadline")
        # 17 March 2027 is a Wednesday: five clear working days (10-16 March) before it
        assert "Publication deadline 9 March 2027" in deadline and "met" in deadline
        assert "nothing that should not be published" in text_of(dialog, "#findings")
        assert not dialog.query("#force")  # nothing to force
        assert not (pack / "issued").exists()  # nothing is issued before the clerk confirms
        await pilot.press("ctrl+s")
        report = await shows(pilot, ReportScreen)
        assert report.title_text == "Issued the pack as issue 1"
        lines = "\n".join(report.lines)
        for name in ("issued/1/members/members.pdf", "issued/1/public/public.pdf",
                     "issued/1/public/manifest.json", "issued/1/internal/manifest.json"):
            assert name in lines
        assert "Verify: OK" in lines and "4 issued file(s) in issue(s) 1 match" in lines
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PackScreen)
        assert "done: issue 1" in "\n".join(app.screen.query_one("#build-log").lines)

    public = pdf_text(pack / "issued/1/public/public.pdf")
    members = pdf_text(pack / "issued/1/members/members.pdf")
    assert "Feedback from the monitoring visit" in public
    assert "Three bids were received" not in public  # the Part B report stays out
    assert "Three bids were received" in members
    made = manifest(pack, 1)
    assert made["issue"] == 1 and made["kind"] == "pack" and not made["encrypted"]
    assert [i["id"] for i in made["items"]][:2] == ["ofsted-visit", "improvement-plan"]
    assert made["forced"] == []
    shown = json.loads((pack / "issued/1/public/manifest.json").read_text())
    assert "residential-placements" not in json.dumps(shown)  # an exempt item's id is content


async def test_warnings_are_issued_only_when_force_is_ticked(pack: Path) -> None:
    (pack / "reports/improvement-plan.md").write_text("# Progress\n\nSpend is £XX [TBC].\n")
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        await open_pack(pilot)
        await pilot.press("p")
        dialog = await shows(pilot, PreflightScreen)
        findings = text_of(dialog, "#findings")
        assert "improvement-plan" in findings and "placeholder" in findings
        assert "Force: publish despite 1 warning" in text_of(dialog, "#force")
        await pilot.press("ctrl+s")  # not forced: refused, the dialog stays
        await settle(pilot)
        assert app.screen is dialog
        assert "tick Force" in text_of(dialog, "#form-error")
        assert not (pack / "issued" / "1").exists()
        dialog.query_one("#force", Checkbox).focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        report = await shows(pilot, ReportScreen)
        assert report.title_text == "Issued the pack as issue 1"
    forced = manifest(pack, 1)["forced"]
    assert len(forced) == 1 and "placeholder" in forced[0]


async def test_encrypting_asks_for_the_password_twice_and_keeps_it_nowhere(
        pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from boardpack.tui import guard

    monkeypatch.setattr(guard, "log_file", lambda: tmp_path / "errors.log")
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        await open_pack(pilot)
        await pilot.press("p")
        dialog = await shows(pilot, PreflightScreen)
        dialog.query_one("#encrypt", Checkbox).focus()
        await pilot.press("space", "ctrl+s")
        form = await shows(pilot, PasswordScreen)
        assert all(box.password for box in form.query(Input))  # masked
        await pilot.press(*PASSWORD, "enter", *"Correct-Horse-43", "enter")
        await settle(pilot)
        assert app.screen is form  # two that differ are refused
        assert "the two passwords differ" in text_of(form, "#form-error")
        assert [box.value for box in form.query(Input)] == ["", ""]
        assert not (pack / "issued" / "1").exists()
        await pilot.press(*PASSWORD, "enter", *PASSWORD, "enter")
        report = await shows(pilot, ReportScreen)
        assert report.title_text == "Issued the pack as issue 1"
        lines = "\n".join(report.lines)
        assert "members.pdf" in lines and "members.html" not in lines
        # the password is in no widget left in the app
        values = [box.value for s in app.screen_stack for box in s.query(Input)]
        assert PASSWORD not in values

    assert not (pack / "issued/1/members/members.html").exists()
    reader = pypdf.PdfReader(io.BytesIO((pack / "issued/1/members/members.pdf").read_bytes()))
    assert reader.is_encrypted
    assert reader.decrypt("wrong-password-0") == 0
    assert reader.decrypt(PASSWORD) != 0
    members = "\n".join(page.extract_text() for page in reader.pages)
    assert "Three bids were received" in members
    assert manifest(pack, 1)["encrypted"] is True
    secret = PASSWORD.encode()
    for path in tmp_path.rglob("*"):  # the pack, its cache and the app's error log
        if path.is_file():
            data = path.read_bytes()
            assert secret not in data, path
            assert PASSWORD.encode("utf-16-le") not in data, path


async def test_supplement_after_a_change_then_none_without_one(pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_pack(pilot)
        await pilot.press("s")  # nothing issued yet: one line, the app keeps running
        await until(pilot, lambda: "nothing has been issued yet" in toasts(app), SLOW)
        assert isinstance(app.screen, PackScreen) and not (pack / "issued").exists()
        await publish(pilot)
        await pilot.press("enter")
        (pack / "reports/workforce-kpis.md").write_text(
            "# Workforce\n\n| KPI | RAG |\n|---|---|\n| Agency | Amber |\n")
        await settle(pilot)
        report = await publish(pilot, "s")
        assert report.title_text == "Issued supplement 1 as issue 2"
        lines = "\n".join(report.lines)
        assert "Social work workforce" in lines  # what changed
        assert "issued/2/public/" in lines
        assert "2 issued file(s)" not in lines and "issue(s) 1, 2 match" in lines
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await shows(pilot, PreflightScreen)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "nothing has changed since issue 2" in toasts(app), SLOW)
        assert isinstance(app.screen, PackScreen)
    made = manifest(pack, 2)
    assert made["kind"] == "supplement" and made["supplement"] == 1
    assert made["since_issue"] == 1
    first = {i["id"]: i["files"] for i in manifest(pack, 1)["items"]}
    changed = [i["id"] for i in made["items"] if i["files"] != first[i["id"]]]
    assert changed == ["workforce-kpis"]
    assert not (pack / "issued" / "3").exists()
    text = pdf_text(next((pack / "issued/2/public").glob("*.pdf")))
    assert "Amber" in text  # the changed report is carried, an unchanged one is not
    assert "Feedback from the monitoring visit" not in text


async def test_verify_says_ok_then_names_a_tampered_file(pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_pack(pilot)
        await pilot.press("v")
        await until(pilot, lambda: "nothing has been issued yet" in toasts(app), SLOW)
        await publish(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("v")
        report = await shows(pilot, ReportScreen)
        assert report.title_text == "Verify: every issued file matches its manifest"
        assert not report.failed
        await pilot.press("enter")
        await settle(pilot)
        tampered = pack / "issued/1/public/public.html"
        os.chmod(tampered, 0o644)
        tampered.write_text(tampered.read_text() + "<!-- edited -->")
        await pilot.press("v")
        report = await shows(pilot, ReportScreen)
        assert report.title_text == "Verify FAILED: 1 problem(s)"
        assert report.failed
        assert "issued/1/public/public.html" in "\n".join(report.lines)
        assert "has changed since it was issued" in text_of(report, "#report-lines")


async def test_draft_minutes_are_written_and_their_paths_shown(pack: Path) -> None:
    (pack / "resolutions.toml").write_text(
        '[[resolution]]\nitem = "improvement-plan"\nkind = "RESOLVED"\n'
        'text = ["That the improvement plan be noted."]\n')
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        await open_pack(pilot)
        await pilot.press("u")
        report = await shows(pilot, ReportScreen)
        assert report.title_text.startswith("Draft minutes written")
        lines = "\n".join(report.lines)
        for name in ("build/minutes.pdf", "build/minutes.docx", "build/public-minutes.html"):
            assert name in lines
    assert "That the improvement plan be noted" in pdf_text(pack / "build/minutes.pdf")
    assert (pack / "build/public-minutes.docx").is_file()


async def test_a_bad_pack_is_one_line_and_the_app_keeps_running(pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_pack(pilot)
        (pack / "pack.toml").write_text((pack / "pack.toml").read_text() + "\n[[item]\n")
        await pilot.press("p")
        await until(pilot, lambda: "Not published" in toasts(app), SLOW)
        assert "pack.toml" in toasts(app)
        assert app.is_running and isinstance(app.screen, PackScreen)
        assert "Not published" in str(screen.query_one("#build-status", Static).render())
        assert not (pack / "issued").exists()


async def test_the_app_answers_keys_while_publishing(pack: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue is made in a worker: held there, the app still switches tabs, and a
    second publish is refused in one line."""
    import threading

    from boardpack.publish import issue

    started, go = threading.Event(), threading.Event()
    real = issue.publish

    def held(*args: object, **kwargs: object) -> object:
        started.set()
        go.wait(SLOW)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(issue, "publish", held)
    app = app_on(pack)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_pack(pilot)
        await pilot.press("p")
        await shows(pilot, PreflightScreen)
        await pilot.press("ctrl+s")
        await polled(pilot, lambda: started.is_set() and app.screen is screen)
        assert "Publishing" in str(screen.query_one("#build-status", Static).render())
        await pilot.press("1")
        await pilot.pause()
        assert screen.query_one("#tabs").active == "item"
        await pilot.press("p")
        await polled(pilot, lambda: "already under way" in toasts(app))
        go.set()
        report = await shows(pilot, ReportScreen)
        assert report.title_text == "Issued the pack as issue 1"
    assert not (pack / "issued" / "2").exists()


async def test_a_report_that_cannot_be_read_stops_the_issue_in_one_line(pack: Path) -> None:
    (pack / "reports/workforce-kpis.md").unlink()
    (pack / "pack.toml").write_text((pack / "pack.toml").read_text().replace(
        "reports/workforce-kpis.md", "reports/workforce-kpis.docx"))
    (pack / "reports/workforce-kpis.docx").write_bytes(b"not a Word file at all")
    app = app_on(pack)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_pack(pilot)
        await pilot.press("p")
        await until(pilot, lambda: "Not published" in toasts(app), SLOW)
        assert "workforce-kpis.docx" in toasts(app)
        assert app.is_running and app.screen is screen  # no dialog: nothing to confirm
        assert not (pack / "issued").exists()
