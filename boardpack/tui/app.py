"""The clerk's terminal app: ``boardpack`` (./packs), ``boardpack PATH`` (a folder or a pack).

``make_app`` is the one factory, used by ``run`` and by the tests; ``today`` and
the keymap file can be given so that screens and snapshots are deterministic.
The app only calls the core: see ``pack.library``, ``pack.edit_agenda``,
``pack.edit_record``, ``pipeline.check``, ``pipeline.build`` and ``pack.watch``.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import BindingType

from boardpack.cache import Cache
from boardpack.layout import PACK_FILE
from boardpack.tui.commands import APP, BoardpackProvider, bindings, load_keymap
from boardpack.tui.guard import Guarded
from boardpack.tui.screens.packs import PacksScreen

if TYPE_CHECKING:
    from boardpack.render.kept import KeptCompiler


class BoardpackApp(Guarded, App[int]):
    """Packs list → pack workspace; every action also in the palette and the footer."""

    CSS_PATH = "app.tcss"
    TITLE = "boardpack"
    COMMAND_TABLE = APP
    BINDINGS: ClassVar[list[BindingType]] = bindings(APP)
    COMMANDS = App.COMMANDS | {BoardpackProvider}

    def __init__(self, target: Path, *, today: dt.date | None = None,
                 keymap: dict[str, str] | None = None, keymap_problem: str = "") -> None:
        super().__init__()
        self.target = target
        self.today = today or dt.date.today()
        self.keymap = dict(keymap or {})
        self.keymap_problem = keymap_problem
        self.packs_loaded = threading.Event()
        self._compilers: dict[Path, KeptCompiler] = {}
        self._compilers_lock = threading.Lock()

    def get_default_screen(self) -> PacksScreen:
        return PacksScreen(self.target)

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        if self.keymap_problem:
            self.notify(self.keymap_problem, severity="warning", timeout=10)
        if (self.target / PACK_FILE).is_file():
            self.open_pack(self.target)

    def packs_ready(self, count: int) -> None:
        """Called when the first screen has drawn its table, with its first ``count`` rows,
        and is usable (the startup bench times this); the rest may still be being added."""

    def packs_listed(self, count: int) -> None:
        """Called when every pack of the first screen is in its table."""
        self.packs_loaded.set()

    def open_pack(self, root: Path) -> None:
        from boardpack.tui.screens.pack import PackScreen  # not needed for the first screen

        self.push_screen(PackScreen(root))

    def action_help(self) -> None:
        from boardpack.tui.screens.help import HelpScreen  # not needed for the first screen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen, self.keymap))

    def on_unmount(self) -> None:
        """Stop the kept compilers' processes."""
        with self._compilers_lock:
            compilers, self._compilers = list(self._compilers.values()), {}
        for compiler in compilers:
            compiler.close()

    def compiler_for(self, root: Path) -> KeptCompiler:
        """The pack's Typst compiler, kept between builds so that rebuilds are incremental
        (its child process is recycled as it grows: ``boardpack.render.kept``)."""
        from boardpack.render.kept import KeptCompiler

        key = root.resolve()
        with self._compilers_lock:
            if key not in self._compilers:
                workspace = Cache.for_pack(key).root
                workspace.mkdir(parents=True, exist_ok=True)
                self._compilers[key] = KeptCompiler(workspace)
            return self._compilers[key]


def make_app(target: Path, *, today: dt.date | None = None,
             keymap_file: Path | None = None) -> BoardpackApp:
    """The app, on a folder of packs or one pack."""
    keymap, problem = load_keymap(keymap_file)
    return BoardpackApp(Path(target), today=today, keymap=keymap, keymap_problem=problem)


def run(target: Path) -> int:
    """Open the app on ``target``; returns the exit code."""
    from boardpack.memory import one_arena

    one_arena()  # before the app starts its threads: it lives long and builds many times
    app = make_app(target)
    app.run()
    return app.return_code or 0
