"""Paths that leave the pack folder, devices and FIFOs are refused, never read.

Each hazard gets one line naming pack, item and file; ``check`` exits 1 without a
traceback, never hangs on a FIFO, and still reports the rest of the pack.
"""

from __future__ import annotations

import base64
import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import hostile
import pytest

from boardpack.pipeline.build import build

SECRET = "TOP-SECRET-OUTSIDE-THE-PACK"


def problem_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in done.stderr, done.stderr
    return [line for line in done.stderr.splitlines() if line.startswith(("error:", "warning:"))]


def line_for(lines: list[str], *needles: str) -> str:
    found = [line for line in lines if all(n in line for n in needles)]
    assert len(found) == 1, f"{needles} in {lines}"
    return found[0]


def item(item_id: str, *files: str, extra: str = "") -> str:
    """One [[item]] table of pack.toml."""
    listed = f"files = {list(files)!r}\n".replace("'", '"') if files else ""
    return f'[[item]]\nid = "{item_id}"\ntitle = "Item {item_id}"\n{extra}{listed}\n'


ITEMS = "".join([
    item("fine", "reports/fine.md"),
    item("typo", "reports/typo.md", extra='purpose = "decisoin"\n'),
    item("absolute", "/etc/passwd"),
    item("dotdot", "../outside/secret.md"),
    item("sneaky", "reports/../../outside/secret.md"),
    item("listed-link", "reports/link.md"),
    item("dropped"),
    item("zero", "reports/zero.md"),
    item("fifo", "reports/fifo.md"),
    item("fifodrop"),
    item("image", "reports/image.md"),
])


@pytest.fixture
def hazard_pack(make_pack: Callable[..., Path], tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    (outside / "secret.png").write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="))
    root = make_pack(ITEMS, files={
        "reports/fine.md": "# Fine\n\nAll well.\n",
        "reports/typo.md": "# Typo\n\nThe mistake is in pack.toml.\n",
        "reports/image.md": "# Pictures\n\n![leak](leak.png) and ![up](../../outside/secret.png)\n",
    })
    reports = root / "reports"
    (reports / "link.md").symlink_to(outside / "secret.md")
    (reports / "dropped-evil.md").symlink_to(outside / "secret.md")
    (reports / "zero.md").symlink_to("/dev/zero")
    (reports / "leak.png").symlink_to(outside / "secret.png")
    os.mkfifo(reports / "fifo.md")
    os.mkfifo(reports / "fifodrop-x.md")
    os.mkfifo(root / "resolutions.toml")
    return root


def test_every_path_hazard_is_one_line_and_the_rest_still_checks(hazard_pack: Path) -> None:
    done = hostile.run_cli("check", hazard_pack)
    assert done.returncode == 1
    lines = problem_lines(done)
    pack = hazard_pack.name
    assert all(line.startswith(f"error: {pack}: ") or line.startswith(f"warning: {pack}: ")
               for line in lines), lines
    line_for(lines, "error:", "item 'absolute'", "/etc/passwd", "absolute")
    line_for(lines, "error:", "item 'dotdot'", "../outside/secret.md", "outside the pack")
    line_for(lines, "error:", "item 'sneaky'", "reports/../../outside/secret.md", "outside")
    line_for(lines, "error:", "item 'listed-link'", "reports/link.md", "outside the pack")
    line_for(lines, "error:", "item 'dropped'", "reports/dropped-evil.md", "outside the pack")
    line_for(lines, "error:", "item 'zero'", "reports/zero.md")
    line_for(lines, "error:", "item 'fifo'", "reports/fifo.md", "FIFO")
    line_for(lines, "error:", "item 'fifodrop'", "reports/fifodrop-x.md", "FIFO")
    line_for(lines, "error:", "resolutions.toml", "FIFO")
    # the rest of the pack is still checked: a mistake elsewhere, and the images
    line_for(lines, "error:", "item 'typo'", "purpose")
    line_for(lines, "item 'image'", "leak.png", "outside the pack")
    line_for(lines, "item 'image'", "secret.png", "outside the pack")
    assert not [line for line in lines if "item 'fine'" in line]
    assert SECRET not in done.stderr + done.stdout


def test_nothing_outside_reaches_a_build(hazard_pack: Path, tmp_path: Path) -> None:
    """Build refuses the pack (nothing written) and never copies an outside file."""
    result = build(hazard_pack, formats=["html"])
    assert not result.ok and result.outputs == []
    assert not (hazard_pack / "build" / "members.html").exists()
    cached = b"".join(p.read_bytes() for p in (hazard_pack / "build").rglob("*") if p.is_file())
    assert SECRET.encode() not in cached
    assert (tmp_path / "outside" / "secret.png").read_bytes() not in cached


def test_drop_folder_that_is_a_symlink_outside(make_pack: Callable[..., Path],
                                               tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "paper-report.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    root = make_pack(item("paper", extra="to_follow = true\n"))
    (root / "reports").symlink_to(outside, target_is_directory=True)
    done = hostile.run_cli("check", root)
    assert done.returncode == 1
    line_for(problem_lines(done), "error:", "item 'paper'", "reports/paper-report.md",
             "outside the pack")
    assert SECRET not in done.stderr


def test_device_node_inside_the_pack(make_pack: Callable[..., Path]) -> None:
    root = make_pack(item("dev", "reports/dev.md"))
    (root / "reports").mkdir()
    try:
        os.mknod(root / "reports" / "dev.md", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("making a device node needs root")
    done = hostile.run_cli("check", root)
    assert done.returncode == 1
    line_for(problem_lines(done), "error:", "item 'dev'", "reports/dev.md", "not a regular file")


@pytest.mark.parametrize("name", ["pack.toml", "resolutions.toml"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_toml_file_that_is_a_fifo_does_not_hang(make_pack: Callable[..., Path], name: str,
                                                command: str) -> None:
    root = make_pack(item("a", extra="to_follow = true\n"))
    (root / name).unlink(missing_ok=True)
    os.mkfifo(root / name)
    done = hostile.run_cli(command, root)
    assert done.returncode == 1
    line = line_for(problem_lines(done), "error:", name)
    assert "FIFO" in line and line.startswith(f"error: {root.name}: {name}: ")


def test_symlinked_logo_and_template_names_stay_inside(make_pack: Callable[..., Path]) -> None:
    """A house logo named with ../ is not looked up outside the templates folder either."""
    meeting_extra = '\n[house]\nlogo = "../../../../../../../../../../etc/hostname"\n'
    root = make_pack(item("a", extra="to_follow = true\n") + meeting_extra)
    done = hostile.run_cli("check", root)
    line = line_for(problem_lines(done), "logo")
    assert line.startswith(f"warning: {root.name}: pack.toml: ") and "not found" in line
    assert done.returncode == 0
