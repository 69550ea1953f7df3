"""The first screen: every pack in the folder, with its deadline and state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import Worker, get_current_worker

from boardpack.pack.library import PackSummary, find_packs, in_batches, minutes_state
from boardpack.pack.load import PACK_FILE
from boardpack.problems import BoardpackError, Level
from boardpack.textfmt import short_date
from boardpack.tui.commands import PACKS, bindings
from boardpack.tui.guard import Guarded

if TYPE_CHECKING:
    from boardpack.tui.app import BoardpackApp

COLUMNS = ("Committee", "Meeting", "Publish by", "Items", "Missing", "Built")
BATCH = 200  # rows added at a time after the first screenful


def deadline_text(summary: PackSummary, today: dt.date) -> Text:
    """'in 3 working days', 'today' or '2 days ago', coloured by urgency; for a meeting
    in the past, 'held' and how far its minutes have got."""
    days = summary.days_left
    if summary.date is not None and summary.date < today:
        return Text(f"held · {minutes_state(summary.root)}", style="dim")
    if days is None:
        return Text("")
    if days < 0:
        return Text(f"{-days} day{'s' if days != -1 else ''} ago", style="dim")
    if days == 0:
        return Text("today", style="bold red")
    return Text(f"in {days} working day{'s' if days != 1 else ''}",
                style="bold yellow" if days <= 5 else "")


def fitted(labels: Sequence[str], rows: list[list[Text]], width: int) -> list[int]:
    """Each column's width: as wide as its widest cell, but the first (the committee,
    whose whole name the status line shows) narrowed so that every column fits ``width``."""
    widths = [max([len(label)] + [row[i].cell_len for row in rows])
              for i, label in enumerate(labels)]
    room = width - 2 * len(labels) - 2  # cell padding and the scrollbar
    over = sum(widths) - room
    if over > 0:
        widths[0] = max(len(labels[0]), widths[0] - over)
    return widths


class PacksScreen(Guarded, Screen[None]):
    """A table of packs; Enter (or a click) opens one."""

    COMMAND_TABLE = PACKS
    BINDINGS = bindings(PACKS)

    def __init__(self, target: Path) -> None:
        super().__init__()
        self.target = target
        self.packs: list[PackSummary] = []
        self._rows: list[list[Text]] = []  # the table's cells, a row per pack
        self._column_widths: list[int] = []

    @property
    def boardpack(self) -> BoardpackApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="packs", cursor_type="row", zebra_stripes=True)
        yield Static("", id="pack-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "boardpack"
        self.sub_title = f"packs in {self.target.name or self.target}"
        self.query_one("#pack-status", Static).update("Reading the packs…")
        self.load_packs()

    @work(thread=True, exclusive=True, group="packs", exit_on_error=False)
    def load_packs(self) -> None:
        """Read the packs' summaries and make their rows: a screenful first, so that the
        table is shown (and usable) at once, then the rest in batches."""
        worker = get_current_worker()
        roots = find_packs(self.target)
        shown = 0
        for batch in in_batches(roots, self.boardpack.today, first=self.app.size.height,
                                size=BATCH):
            rows = [self.row(s) for s in batch]  # reads the disk: not on the UI's thread
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self.add_packs, worker, batch, rows, shown == 0,
                                      len(roots))
            shown += len(batch)
        if not roots and not worker.is_cancelled:
            self.app.call_from_thread(self.add_packs, worker, [], [], True, 0)

    def add_packs(self, worker: Worker[None], found: list[PackSummary],
                  rows: list[list[Text]], first: bool, total: int) -> None:
        """Add rows to the table (``first``: a fresh table, its columns fitted to these
        rows); once all ``total`` are in, fit the columns to them all. Rows of a reading
        that a newer one replaced are dropped (it is cancelled on this thread)."""
        if worker.is_cancelled:
            return
        table = self.query_one("#packs", DataTable)
        if first:
            self.packs, self._rows = [], []
            table.clear(columns=True)
            table.focus()
            self._set_columns(table, rows)
        self.packs += found
        self._rows += rows
        for row in rows:
            table.add_row(*row)
        if first:
            if not total:
                self.query_one("#pack-status", Static).update(
                    f"No packs in {self.target.name or self.target}/ yet: press n to create one")
            self._status(table.cursor_row)
            self.call_after_refresh(self.boardpack.packs_ready, len(self.packs))  # drawn
        done = len(self.packs) >= total
        self.sub_title = f"packs in {self.target.name or self.target}" + (
            "" if done else f" · reading {len(self.packs):,} of {total:,}…")
        if done:
            if not first and self._widths(self._rows) != self._column_widths:
                self._refit(table)
            self.call_after_refresh(self.boardpack.packs_listed, len(self.packs))

    def _widths(self, rows: list[list[Text]]) -> list[int]:
        return fitted(COLUMNS, rows, self.app.size.width)

    def _set_columns(self, table: DataTable, rows: list[list[Text]]) -> None:
        self._column_widths = self._widths(rows)
        for label, width in zip(COLUMNS, self._column_widths, strict=True):
            table.add_column(label, width=width)

    def _refit(self, table: DataTable) -> None:
        """The table again with its columns fitted to every row, the cursor kept."""
        row = table.cursor_row
        table.clear(columns=True)
        self._set_columns(table, self._rows)
        for cells in self._rows:
            table.add_row(*cells)
        table.move_cursor(row=row, animate=False)

    def row(self, s: PackSummary) -> list[Text]:
        """The table's cells for one pack (reads how far a held meeting's minutes got)."""
        if s.problem:
            return [Text(f"⚠ {s.name}", style="red")] + [Text("")] * (len(COLUMNS) - 1)
        deadline = deadline_text(s, self.boardpack.today)
        if s.notices:
            deadline.append(" · notices", style="bold yellow")
        return [Text(s.committee, overflow="ellipsis", no_wrap=True),
                Text(short_date(s.date) if s.date else ""), deadline, Text(str(s.items)),
                Text(str(s.missing), style="yellow" if s.missing else ""),
                Text("yes", style="green") if s.built else Text("no", style="dim")]

    def _status(self, row: int) -> None:
        if 0 <= row < len(self.packs):
            s = self.packs[row]
            notices = f" · {s.notices}" if s.notices else ""
            to_clear = "; ".join(f"{item} ({', '.join(roles)})" for item, roles in s.to_clear)
            status = s.problem or f"{s.committee} · {s.name}: Enter opens it{notices}" + (
                f" · still to clear: {to_clear}" if to_clear else "")
            self.query_one("#pack-status", Static).update(status)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._status(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_row(event.cursor_row)

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.packs):
            self.boardpack.open_pack(self.packs[row].root)

    def action_open_pack(self) -> None:
        self.open_row(self.query_one("#packs", DataTable).cursor_row)

    def action_new_pack(self) -> None:
        """Ask for the new pack's meeting, create it in the folder shown, and open it."""
        from boardpack.pack.new import create_meeting  # tomlkit: not for the first screen
        from boardpack.tui.new_pack import NewPackForm

        parent = self.target.parent if (self.target / PACK_FILE).is_file() else self.target
        created: list[Path] = []

        def save(values: dict[str, Any]) -> str | None:
            try:
                created.append(create_meeting(parent, **values))
            except BoardpackError as exc:
                return str(exc.problems[0]) if exc.problems else str(exc)
            except OSError as exc:
                return f"{parent}: cannot create the pack ({exc.strerror or exc})"
            return None

        def closed(saved: bool | None) -> None:
            if saved and created:
                self.notify(f"Created {created[-1].name}: add its items, then build (b)")
                self.load_packs()
                self.boardpack.open_pack(created[-1])

        self.app.push_screen(NewPackForm(save, today=self.boardpack.today.isoformat()), closed)

    def action_refresh(self) -> None:
        self.load_packs()

    def action_forward_plan(self) -> None:
        self.notify("Writing the forward plan…")
        self.write_forward_plan()

    @work(thread=True, exclusive=True, group="notices", exit_on_error=False)
    def write_forward_plan(self) -> None:
        """The forward plan of the packs in this folder, from today for four months."""
        from boardpack.pack import forward_plan
        from boardpack.publish import forward_plan as notice

        folder = self._folder()
        try:
            plan = forward_plan.collect(folder, self.boardpack.today)
            errors = [p for p in plan.problems if p.level is Level.ERROR]
            if errors:
                raise BoardpackError(errors)
            written = notice.write(plan, folder / "forward-plan", published=self.boardpack.today)
        except BoardpackError as exc:
            self.app.call_from_thread(self.notify, str(exc.problems[0]), severity="error",
                                      timeout=10)
            return
        self.app.call_from_thread(self.notify, "Forward plan written: " + ", ".join(
            str(p) for p in written), timeout=8)

    def action_build_site(self) -> None:
        self.notify("Building the public site…")
        self.build_site()

    @work(thread=True, exclusive=True, group="site", exit_on_error=False)
    def build_site(self) -> None:
        """The public site of this folder's packs (their issued public editions), in
        ``site/`` beside them."""
        from boardpack.site.build import build_site

        folder = self._folder()
        result = build_site(folder, folder / "site", today=self.boardpack.today)
        first = next((p for p in result.problems if p.level is not Level.INFO), None)
        if not result.ok and first is not None:
            self.app.call_from_thread(self.notify, str(first), severity="error", timeout=10)
            return
        t = result.tally
        self.app.call_from_thread(
            self.notify, f"Site of {result.meetings} meeting(s) in {result.out}/ "
            f"({len(t.written)} file(s) written, {len(t.kept)} unchanged): open "
            f"{result.out / 'index.html'}, or copy the folder to any web host"
            + (f"; {first}" if first else ""), timeout=10)

    def _folder(self) -> Path:
        """The folder of packs (the target, or the folder of the one pack opened)."""
        return self.target if self.target.is_dir() and not (
            self.target / "pack.toml").is_file() else self.target.parent

    def on_screen_resume(self) -> None:
        if self.packs:
            self.load_packs()
