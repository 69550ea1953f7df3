"""Publish, supplement, verify and the draft minutes from the pack screen, each through
the core as the CLI runs it (``publish``, ``publish --supplement``, ``verify``,
``minutes``).

Publishing goes: pre-flight in a worker (``publish.readiness.assess``, the findings
``publish`` itself checks, and the deadline status) → the pre-flight dialog, which asks
for Force when they would stop the issue → the password, when encrypting → ``publish``
in a worker, its progress in the Build tab's log → ``verify`` → a report naming the
issue and its files. The password is handed to the worker in a list that the worker
empties once ``publish`` has it; the inputs are emptied as soon as it is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from boardpack.layout import ISSUED_INTERNAL, ISSUED_PUBLIC, MANIFEST_FILE
from boardpack.pack import issued
from boardpack.pipeline.progress import Event, FileConverted
from boardpack.problems import BoardpackError, Level, Problem, errors
from boardpack.publish.readiness import Readiness, assess
from boardpack.tui.messages import Job
from boardpack.tui.panes.build import BuildPane, BuildPanel
from boardpack.tui.screens.publish import (
    PasswordScreen,
    PreflightScreen,
    ReportScreen,
    sentence,
)

if TYPE_CHECKING:
    from boardpack.pack.issued import Verified
    from boardpack.publish.issue import PublishResult
    from boardpack.tui.app import BoardpackApp
    from boardpack.tui.screens.pack import PackScreen


def first_error(problems: list[Problem], what: str) -> str:
    """One line for the clerk: the first error (or problem), and how many more there are."""
    found = errors(problems) or [p for p in problems if p.level is not Level.INFO]
    if not found:
        return what
    more = f" (and {len(found) - 1} more, listed in the Build tab)" if len(found) > 1 else ""
    return f"{what}: {found[0]}{more}"


class PublishFlow:
    """The pack screen's publish, supplement, verify and minutes actions."""

    def __init__(self, screen: PackScreen) -> None:
        self.screen = screen
        self.busy = False

    @property
    def root(self) -> Path:
        return self.screen.root

    @property
    def app(self) -> BoardpackApp:
        return cast("BoardpackApp", self.screen.app)

    def panel(self) -> BuildPanel:
        return self.screen.query_one(BuildPanel)

    def log_event(self, event: Event) -> None:
        """A progress event of the worker's thread, to the Build tab's log."""
        if not isinstance(event, FileConverted):
            self.app.call_from_thread(self.panel().log_line, str(event))

    def run(self, job: Job) -> None:
        self.screen.post_message(job)

    # --- publish and supplement -------------------------------------------------------

    def start(self, *, supplement: bool = False) -> None:
        """Pre-flight the pack, then ask (``confirm``)."""
        if self.busy:
            self.screen.notify("A publish is already under way", severity="warning")
            return
        if self.screen.query_one(BuildPane).running:
            self.screen.notify("A build is running: publish once it has finished",
                               severity="warning")
            return
        self.busy = True
        self.screen.action_show_tab("build")
        self.panel().status("Pre-flight: reading the reports…")
        root, day = self.root, self.app.today
        self.run(Job("publish", lambda: assess(root, day=day, supplement=supplement,
                                               on_event=self.log_event),
                     lambda found: self.confirm(found, supplement), self.failed))

    def confirm(self, found: Readiness, supplement: bool) -> None:
        if not found.ok:
            self.refused(found.shown(), first_error(found.problems, "Not published"))
            return
        self.panel().finish(found.shown(), "Pre-flight done: confirm to publish")
        chosen: dict[str, bool] = {}

        def save(values: dict[str, bool]) -> str | None:
            if found.needs_force and not values["force"]:
                return ("Not published: tick Force to publish despite these findings, or "
                        "cancel and fix them first")
            chosen.update(values)
            return None

        def closed(saved: bool | None) -> None:
            if not saved:
                self.cancelled()
            elif chosen["encrypt"]:
                self.ask_password(supplement, chosen["force"], found.deadline)
            else:
                self.publish(supplement, chosen["force"], [], found.deadline)

        what = "a supplement to" if supplement else ""
        title = f"Publish {what} {self.root.name}".replace("  ", " ")
        self.app.push_screen(PreflightScreen(save, title=title, readiness=found), closed)

    def ask_password(self, supplement: bool, force: bool, deadline: str) -> None:
        from boardpack.publish.encrypt import password

        secret: list[str] = []
        form: PasswordScreen

        def save(values: dict[str, str]) -> str | None:
            answers = iter((values["password"], values["again"]))
            form.forget()
            try:
                secret.append(password({}, lambda _prompt: next(answers), interactive=True))
            except BoardpackError as exc:
                form.query_one("#password").focus()
                return str(exc.problems[0].message) + ": type it twice again"
            return None

        def closed(saved: bool | None) -> None:
            if saved and secret:
                self.publish(supplement, force, secret, deadline)
            else:
                self.cancelled()

        form = PasswordScreen(save)
        self.app.push_screen(form, closed)

    def publish(self, supplement: bool, force: bool, secret: list[str], deadline: str) -> None:
        """``publish`` in a worker; ``secret`` (the password, if any) is emptied once used.
        ``deadline`` is the status pre-flight showed (for the app's day)."""
        from boardpack.publish.issue import publish

        root = self.root
        self.panel().status("Publishing…")

        def work() -> tuple[PublishResult, Verified | None]:
            try:
                result = publish(root, supplement=supplement, force=force,
                                 password=secret[0] if secret else None,
                                 on_event=self.log_event)
            finally:
                secret.clear()
            return result, issued.verify(root) if result.ok else None

        self.run(Job("publish", work, lambda done: self.published(done[0], done[1], deadline),
                     self.failed))

    def published(self, result: PublishResult, verified: Verified | None,
                  deadline: str) -> None:
        self.busy = False
        if not result.ok or result.folder is None or result.manifest is None \
                or verified is None:
            self.refused([p for p in result.problems if p.level is not Level.INFO],
                         first_error(result.problems, "Not published"))
            return
        from boardpack.publish.issue import public_line

        made, folder = result.manifest, result.folder
        what = f"supplement {made.supplement}" if made.supplement else "the pack"
        title = f"Issued {what} as issue {made.issue}"
        relative = folder.relative_to(self.root).as_posix()
        files = [f"{relative}/{o.path}" for o in made.outputs] + [
            *([f"{relative}/{ISSUED_PUBLIC}/{MANIFEST_FILE}"] if made.has_public else []),
            f"{relative}/{ISSUED_INTERNAL}/{MANIFEST_FILE}"]
        lines = [sentence(deadline), ""]
        if result.changes:
            lines += ["What changed:", *(f"  {c.title}: {c.description}"
                                         for c in result.changes), ""]
        lines += [f"Files written in {self.root.name}/:", *(f"  {f}" for f in files), "",
                  ("Verify: OK, " if verified.ok else "Verify FAILED: ")
                  + verified.summary(self.root.name),
                  *(f"  {p}" for p in verified.problems), "",
                  sentence(public_line(made, Path(relative))) + "."]
        shown = [p for p in result.problems if p.level is not Level.INFO]
        self.panel().finish(shown, title)
        self.panel().log_line(f"done: issue {made.issue}")
        self.screen.run_check()
        self.app.push_screen(ReportScreen(title, lines, failed=not verified.ok))

    def refused(self, problems: list[Problem], line: str) -> None:
        """Nothing was issued: one line, and the problems in the Build tab."""
        self.busy = False
        self.panel().finish(problems, line)
        self.screen.notify(line, severity="error", timeout=10)

    def cancelled(self) -> None:
        self.busy = False
        self.panel().status("Publish cancelled: nothing was issued.")

    def failed(self, line: str) -> None:
        """The worker raised (the screen has told the clerk)."""
        self.busy = False
        self.panel().finish([], f"Publish failed: {line}")

    # --- verify and minutes ---------------------------------------------------------

    def verify(self) -> None:
        """``verify`` in a worker, then its report."""
        root = self.root
        self.run(Job("verify", lambda: issued.verify(root), self.verified))

    def verified(self, result: Verified) -> None:
        if not result.issues:
            self.screen.notify(first_error(result.problems, "Nothing to verify"),
                               severity="warning", timeout=10)
            return
        title = ("Verify: every issued file matches its manifest" if result.ok
                 else f"Verify FAILED: {len(result.problems)} problem(s)")
        lines = [result.summary(self.root.name), *(f"• {p}" for p in result.problems)]
        self.app.push_screen(ReportScreen(title, lines, failed=not result.ok))

    def minutes(self) -> None:
        """The draft minutes into build/, as ``boardpack minutes`` writes them."""
        from boardpack.pipeline import minutes

        root = self.root
        self.screen.notify("Writing the draft minutes…", timeout=3)
        self.run(Job("minutes", lambda: minutes.write_draft(root),
                     lambda done: self.minutes_written(*done)))

    def minutes_written(self, written: list[Path], problems: list[Problem]) -> None:
        if errors(problems) or not written:
            self.screen.notify(first_error(problems, "No minutes written"), severity="error",
                               timeout=10)
            return
        lines = [f"In {self.root.name}/:",
                 *(f"  {p.relative_to(self.root).as_posix()}" for p in written), "",
                 "Members' minutes: minutes.*; the public minutes: public-minutes.*.",
                 "They are drafts until the next meeting approves them."]
        self.app.push_screen(ReportScreen(f"Draft minutes written ({len(written)} files)",
                                          lines))
