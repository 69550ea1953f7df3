"""Concurrent saves and killed processes never leave a pack or its outputs half-written.

Two processes edit the same pack.toml through ``tomledit.edit`` (as the CLI and the
app do) while the test reads it; processes are killed with SIGKILL in the middle of
saving and of building; after each kill every file is the previous whole one or the
new whole one, and the next save and the next build work.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from helpers import DEMO

from boardpack.pack import load as packfile
from boardpack.pack import tomledit
from boardpack.pipeline.build import build

EDITOR = """
import sys
from pathlib import Path
from boardpack.pack import tomledit
path, count = Path(sys.argv[1]), int(sys.argv[2])
done = 0
while count < 0 or done < count:
    with tomledit.edit(path, timeout=60) as document:
        number = int(str(document["meeting"]["venue"]).split()[-1])
        document["meeting"]["venue"] = f"Room {number + 1}"
    done += 1
"""
PADDING = "".join(f"# padding line {n}: a long comment that makes each save take longer\n"
                  for n in range(300))


def editor(path: Path, count: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", EDITOR, str(path), str(count)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """The demo pack with its venue numbered and a long comment to make saves slower."""
    root = tmp_path / "pack"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".*"))
    text = (DEMO / "pack.toml").read_text(encoding="utf-8")
    text = re.sub(r'^venue = ".*"$', 'venue = "Room 0"', text, count=1, flags=re.M)
    (root / "pack.toml").write_text(text + PADDING, encoding="utf-8")
    return root


def without_venue(data: dict) -> dict:
    return {**data, "meeting": {k: v for k, v in data["meeting"].items() if k != "venue"}}


def venue_number(path: Path) -> int:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return int(data["meeting"]["venue"].removeprefix("Room "))


def test_two_processes_saving_never_corrupt_or_lose_an_edit(pack: Path) -> None:
    path = pack / "pack.toml"
    original = tomllib.loads(path.read_text(encoding="utf-8"))
    writers = [editor(path, 15), editor(path, 15)]
    reads = 0
    while any(w.poll() is None for w in writers):  # every read sees a whole file
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert without_venue(data) == without_venue(original)
        reads += 1
    for writer in writers:
        assert writer.wait() == 0, writer.stderr.read().decode() if writer.stderr else ""
    assert reads > 0
    assert venue_number(path) == 30  # no edit lost: each saw the other's before its own
    assert path.read_text(encoding="utf-8").endswith(PADDING)  # comments kept
    assert not [p for p in packfile.load(pack).problems if p.level == "error"]


def test_killed_during_save_leaves_old_or_new_file(pack: Path) -> None:
    path = pack / "pack.toml"
    original_text = path.read_text(encoding="utf-8")
    original = tomllib.loads(original_text)
    rng = random.Random(8)
    last = 0
    for _ in range(4):
        process = editor(path, -1)
        deadline = time.monotonic() + 60
        while venue_number(path) == last and time.monotonic() < deadline:
            time.sleep(0.01)  # until it is saving in a loop
        time.sleep(rng.uniform(0, 0.2))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)  # parses: never truncated
        assert without_venue(data) == without_venue(original)
        assert text.replace(data["meeting"]["venue"], "Room 0", 1) == original_text
        number = venue_number(path)
        assert number > last  # the killed process did save before it died
        last = number
        with tomledit.edit(path, timeout=5) as document:  # the lock died with the process
            document["meeting"]["venue"] = f"Room {number + 1}"
        last = number + 1
        assert venue_number(path) == last
    assert not [p for p in packfile.load(pack).problems if p.level == "error"]


def complete_pdf(data: bytes, must_contain: str) -> bool:
    if not data.rstrip().endswith(b"%%EOF"):
        return False
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    return must_contain in "".join(page.extract_text() or "" for page in reader.pages)


def complete_html(data: bytes, must_contain: str) -> bool:
    return data.rstrip().endswith(b"</html>") and must_contain.encode() in data


def test_killed_during_build_leaves_whole_outputs(make_pack: Callable[..., Path]) -> None:
    root = make_pack("""
        [[item]]
        id = "first"
        title = "First report"
        files = ["reports/first.md"]

        [[item]]
        id = "second"
        title = "Second report"
        files = ["reports/second.md"]
        """, files={"reports/first.md": "# One\n\nVersion one.\n",
                    "reports/second.md": "# Two\n\nThe last words of the pack.\n"})
    assert build(root, editions=["members"]).ok
    out = root / "build"
    old = {name: (out / name).read_bytes() for name in ("members.pdf", "members.html")}
    (root / "reports" / "first.md").write_text("# One\n\nVersion two.\n", encoding="utf-8")
    stages = ["converting reports", "rendering members PDF", "rendering members HTML"]
    for stage in stages:
        process = subprocess.Popen(
            [sys.executable, "-m", "boardpack.cli", "build", str(root), "--edition", "members"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert process.stderr is not None
        for line in process.stderr:
            if stage.encode() in line:
                break
        time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        for name, checker in (("members.pdf", complete_pdf), ("members.html", complete_html)):
            data = (out / name).read_bytes()
            assert data == old[name] or checker(data, "Version two"), f"{name} after {stage}"
    result = build(root, editions=["members"])
    assert result.ok, [str(p) for p in result.problems]
    assert complete_pdf((out / "members.pdf").read_bytes(), "Version two")
    assert complete_pdf((out / "members.pdf").read_bytes(), "The last words of the pack.")
    assert complete_html((out / "members.html").read_bytes(), "Version two")
