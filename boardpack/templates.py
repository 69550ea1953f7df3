"""Where templates live: committee templates, house styles and the render templates.

A pack may carry its own ``templates/`` folder; anything found there wins over the
project's ``templates/``. A TOML template is parsed once per version of its file:
``_parse`` keeps the parsed tables by path, modification time and size (a module-level
``lru_cache``: a thousand packs naming one committee template read it once), and each
caller gets its own copy.
"""

from __future__ import annotations

import copy
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from boardpack.layout import PACK_FILE, TEMPLATES_FOLDER
from boardpack.problems import BoardpackError, Problem

PROJECT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PACKAGED_TEMPLATES = Path(__file__).resolve().parent / "_templates"


def search_path(pack_root: Path | None = None) -> list[Path]:
    """Template folders, most specific first."""
    paths = [pack_root / TEMPLATES_FOLDER] if pack_root else []
    paths += [p for p in (PROJECT_TEMPLATES, PACKAGED_TEMPLATES) if p.is_dir()]
    return paths


def find(name: str, pack_root: Path | None = None) -> Path:
    """The first template file called ``name`` (e.g. ``render/pack.typ``)."""
    parts = Path(name).parts
    if not parts or Path(name).is_absolute() or ".." in parts:
        raise BoardpackError(Problem(f"template name '{name}' leaves the templates folder",
                                     pack=pack_root.name if pack_root else "",
                                     hint="name a file inside templates/"))
    for folder in search_path(pack_root):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise BoardpackError(
        Problem(
            f"template '{name}' not found",
            pack=pack_root.name if pack_root else "",
            hint="reinstall boardpack, or restore the templates/ folder",
        )
    )


def load_toml(kind: str, name: str, pack_root: Path | None = None, *,
              shared: bool = False) -> dict[str, Any]:
    """A named TOML template such as ``committees/default`` or ``house/default``: the
    caller's own copy, or with ``shared`` the parsed tables themselves, which the
    caller only reads."""
    if not name.replace("-", "").replace("_", "").isalnum():
        raise BoardpackError(
            Problem(
                f"{kind} template name '{name}' may use only letters, digits, - and _",
                pack=pack_root.name if pack_root else "",
                file=PACK_FILE,
            )
        )
    path = find(f"{kind}/{name}.toml", pack_root)
    info = path.stat()
    tables = _parse(str(path), info.st_mtime_ns, info.st_size)
    return tables if shared else copy.deepcopy(tables)


@lru_cache(maxsize=256)
def _parse(path: str, mtime_ns: int, size: int) -> dict[str, Any]:
    """The template file at ``path``, parsed; ``mtime_ns`` and ``size`` key the cache."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BoardpackError(
            Problem(f"template is not valid TOML: {exc}", file=path, hint="fix the template")
        ) from None


def names(kind: str, pack_root: Path | None = None) -> list[str]:
    """Names of the templates of one kind that can be chosen."""
    found: set[str] = set()
    for folder in search_path(pack_root):
        found.update(p.stem for p in (folder / kind).glob("*.toml"))
    return sorted(found)
