"""Watching a pack and building again on each change, with one kept Typst compiler."""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

import pytest
from helpers import pdf_text

from boardpack.memory import glibc
from boardpack.pipeline.autobuild import Round, rounds
from boardpack.pipeline.progress import Event, Kept, Priming

ITEMS = """
[[item]]
id = "alpha"
title = "Alpha report"
purpose = "information"
files = ["reports/alpha.md"]
"""


class Watcher:
    """``rounds`` run in a thread; each round arrives on a queue."""

    def __init__(self, root: Path, **options: object) -> None:
        self.stop = threading.Event()
        self.arrived: queue.Queue[Round] = queue.Queue()
        self.thread = threading.Thread(target=self._run, args=(root, options), daemon=True)
        self.thread.start()

    def _run(self, root: Path, options: dict) -> None:
        for found in rounds(root, stop=self.stop, **options):
            self.arrived.put(found)

    def next(self, seconds: float = 60) -> Round:
        return self.arrived.get(timeout=seconds)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=10)


@pytest.fixture
def watcher(make_pack):
    made: list[Watcher] = []

    def start(**options: object) -> tuple[Path, Watcher]:
        root = make_pack(ITEMS, files={"reports/alpha.md": "# Alpha\n\nFirst FIRSTWORD.\n"})
        made.append(Watcher(root, editions=["members"], **options))
        return root, made[-1]

    yield start
    for each in made:
        each.close()


def test_a_changed_report_is_built_again_with_the_kept_compiler(watcher) -> None:
    root, watch = watcher()
    first = watch.next()
    assert first.result.ok and first.changes is None
    assert "FIRSTWORD" in pdf_text(root / "build" / "members.pdf")
    (root / "reports" / "alpha.md").write_text("# Alpha\n\nSecond SECONDWORD.\n",
                                               encoding="utf-8")
    second = watch.next()
    assert second.changes is not None and "reports/alpha.md" in second.changes.paths
    assert second.result.ok and second.result.stats.compiled == ["members"]
    text = pdf_text(root / "build" / "members.pdf")
    assert "SECONDWORD" in text and "FIRSTWORD" not in text
    assert "SECONDWORD" in (root / "build" / "members.html").read_text(encoding="utf-8")


def test_a_broken_pack_is_reported_and_the_watch_goes_on(watcher) -> None:
    root, watch = watcher()
    assert watch.next().result.ok
    pack_file = root / "pack.toml"
    good = pack_file.read_text(encoding="utf-8")
    pack_file.write_text(good + "\n[[item\n", encoding="utf-8")
    broken = watch.next()
    assert not broken.result.ok
    assert any("pack.toml" in str(problem) for problem in broken.result.problems)
    pack_file.write_text(good, encoding="utf-8")
    assert watch.next().result.ok


def test_outputs_and_kept_versions_never_start_a_build(watcher, tmp_path: Path) -> None:
    out = tmp_path / "p" / "issued"
    root, watch = watcher(out=out)
    assert watch.next().result.ok and (out / "members.pdf").is_file()
    (out / "note.txt").write_text("written by someone else", encoding="utf-8")
    (root / ".history").mkdir(exist_ok=True)
    (root / ".history" / "old.md").write_text("an old version", encoding="utf-8")
    time.sleep(1.5)  # well past the watcher's debounce
    with pytest.raises(queue.Empty):
        watch.next(seconds=0.5)


def test_build_watch_on_the_command_line_stops_cleanly_on_ctrl_c(make_pack) -> None:
    import signal
    import subprocess
    import sys

    root = make_pack(ITEMS, files={"reports/alpha.md": "# Alpha\n\nFirst FIRSTWORD.\n"})
    process = subprocess.Popen(
        [sys.executable, "-m", "boardpack.cli", "build", str(root), "--watch", "--edition",
         "members", "--format", "html"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    assert process.stderr is not None
    try:
        lines = []
        for line in process.stderr:  # each build ends with one "watching" line
            lines.append(line)
            if "watching for changes" in line:
                if len([x for x in lines if "watching" in x]) == 2:
                    break
                assert "first build: built" in line
                if glibc():  # a watch lives long: it started again under the system malloc
                    environ = Path(f"/proc/{process.pid}/environ").read_bytes()
                    assert b"PYTHONMALLOC=malloc\0" in environ
                (root / "reports" / "alpha.md").write_text("# Alpha\n\nSecond SECONDWORD.\n",
                                                           encoding="utf-8")
        assert "changed: reports/alpha.md: built" in lines[-1]
        assert "SECONDWORD" in (root / "build" / "members.html").read_text(encoding="utf-8")
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=30)[1]
    finally:
        process.kill()
    assert process.returncode == 0
    assert "stopped watching" in rest and "Traceback" not in rest


def test_a_watch_on_an_up_to_date_pack_lays_it_out_once_then_rebuilds(make_pack) -> None:
    from boardpack.pipeline.build import build

    root = make_pack(ITEMS, files={"reports/alpha.md": "# Alpha\n\nFirst FIRSTWORD.\n"})
    assert build(root, editions=["members"]).ok
    events: list[Event] = []
    watch = Watcher(root, editions=["members"], on_event=events.append)
    try:
        first = watch.next()
        assert first.result.ok and first.result.stats.compiled == []  # kept as it was
        assert [type(e) for e in events] == [Kept, Priming]
        (root / "reports" / "alpha.md").write_text("# Alpha\n\nSecond SECONDWORD.\n",
                                                   encoding="utf-8")
        second = watch.next()
        assert second.result.ok and second.result.stats.compiled == ["members"]
        assert "SECONDWORD" in pdf_text(root / "build" / "members.pdf")
    finally:
        watch.close()
