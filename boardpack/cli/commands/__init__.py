"""The CLI's commands, one module each, found by scanning this package.

A command module ``boardpack/cli/commands/<name>.py`` defines ``NAME`` (the module's
name, with ``-`` for ``_``), ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int`` (exit code: 0 ok, 1 problems in the pack). ``build``, ``check``
and ``new`` are commands like any other.

Commands are listed from the file names without importing them, so that running
one command imports only its own module; ``modules()`` imports them all (for the
full ``--help``). Keep a command module's top-level imports light: put heavy ones
inside ``run``. A helper module that is not a command starts with ``_``.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def names() -> list[str]:
    """Every command's name, from the module file names (nothing is imported)."""
    return sorted(info.name.replace("_", "-") for info in pkgutil.iter_modules(__path__)
                  if not info.name.startswith("_"))


def find(name: str) -> ModuleType | None:
    """The command module called ``name``, imported; None if there is no such command."""
    if name not in names():
        return None
    module = importlib.import_module(f"{__name__}.{name.replace('-', '_')}")
    return module if hasattr(module, "NAME") and hasattr(module, "run") else None


def modules() -> list[ModuleType]:
    """Every command module, imported, in name order."""
    return [m for m in map(find, names()) if m is not None]
