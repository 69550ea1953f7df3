"""The wheel holds the whole package: every subpackage, every template, the app's stylesheet.

``pyproject.toml`` lists the packages by name, so a new subpackage left off the list is
missing from a real install while the editable install the tests use still finds it.
The wheel is built here from a copy of the project (setuptools, no network) and its
file list compared with the source tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest
from helpers import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The names of the files in a wheel of the project as it is now."""
    project = tmp_path_factory.mktemp("project")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "boardpack", project / "boardpack", ignore=ignore)
    shutil.copytree(ROOT / "templates", project / "templates", ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "--no-build-isolation", "--no-index", "-q", "-w", str(out),
                           str(project)], capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    [built] = out.glob("boardpack-*.whl")
    with zipfile.ZipFile(built) as archive:
        return set(archive.namelist())


def test_every_module_of_every_subpackage_is_in_the_wheel(wheel: set[str]) -> None:
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "boardpack").rglob("*.py")
               if "__pycache__" not in path.parts}
    packages = {name.rsplit("/", 1)[0] for name in modules if name.endswith("/__init__.py")}
    assert {"boardpack/sources/pdf", "boardpack/cli/commands", "boardpack/tui/screens"} <= packages
    assert sorted(modules - wheel) == []


def test_every_template_and_the_stylesheet_are_in_the_wheel(wheel: set[str]) -> None:
    templates = {"boardpack/_templates/" + path.relative_to(ROOT / "templates").as_posix()
                 for path in (ROOT / "templates").rglob("*") if path.is_file()}
    assert "boardpack/_templates/render/pack.typ" in templates
    assert sorted(templates - wheel) == []
    assert "boardpack/tui/app.tcss" in wheel
    assert "boardpack/site/search.js" in wheel  # the search page's script
