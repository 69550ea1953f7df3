"""A long-lived command starts again under the system's malloc (``boardpack.memory``)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from boardpack.memory import LONG_LIFE, child_environment, glibc, relaunch


def test_a_long_lived_command_is_started_again_with_the_system_malloc() -> None:
    program, argv, environment = relaunch({"HOME": "/h"}, ["python", "-m", "boardpack"],
                                          "/usr/bin/python3", True) or ("", [], {})
    assert program == "/usr/bin/python3" and argv == ["python", "-m", "boardpack"]
    assert environment == {"HOME": "/h", "PYTHONMALLOC": "malloc", "MALLOC_ARENA_MAX": "1"}


@pytest.mark.parametrize(("environ", "on_glibc"), [
    ({"PYTHONMALLOC": "pymalloc"}, True),  # the user chose: and the relaunch sets it
    ({}, False),  # no malloc_trim to give memory back with
])
def test_it_is_not_started_again_when_it_cannot_gain(environ: dict[str, str],
                                                    on_glibc: bool) -> None:
    assert relaunch(environ, ["boardpack"], "/usr/bin/python3", on_glibc) is None


@pytest.mark.skipif(not glibc(), reason="the system malloc is relaunched for on glibc only")
def test_long_life_starts_the_same_process_again_once() -> None:
    code = ("import os, sys; print(os.getpid(), os.environ.get('PYTHONMALLOC'), "
            "file=sys.stderr); from boardpack.memory import long_life; long_life(); "
            "print(os.getpid(), os.environ['PYTHONMALLOC'], os.environ['MALLOC_ARENA_MAX'])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={"PATH": "/usr/bin:/bin"})
    before = done.stderr.split()
    assert before[1:] == ["None", str(before[0]), "malloc"]  # printed again after the exec
    assert done.stdout.split() == [before[0], *LONG_LIFE.values()]


def test_a_child_gets_none_of_the_long_life_settings_but_its_own_arenas() -> None:
    builder = {"HOME": "/h", **LONG_LIFE}
    assert child_environment(builder) == {"HOME": "/h"}
    assert child_environment(builder, arenas=2) == {"HOME": "/h", "MALLOC_ARENA_MAX": "2"}
    chosen = {"HOME": "/h", "MALLOC_ARENA_MAX": "4"}  # the user's own: passed on
    assert child_environment(chosen) == chosen
