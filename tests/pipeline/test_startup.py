"""Start-up and the nothing-changed path: a command imports only what it needs, and a
build whose inputs have not changed keeps its outputs without converting anything.

Imports are read from ``sys.modules`` in a child process; the whole-build check is
driven through ``uptodate.check_build``/``record_build`` around real builds. No timing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import DEMO, MEETING, ROOT

from boardpack.cache import Cache
from boardpack.cli import commands
from boardpack.pack import history, library
from boardpack.pack import load as packfile
from boardpack.pack.issued import Manifest
from boardpack.pipeline import uptodate
from boardpack.pipeline.build import build, prepare_house
from boardpack.pipeline.check import check as check_pack
from boardpack.pipeline.convert import convert_pack
from boardpack.problems import Level

RUN = """\
import runpy, sys
sys.argv = ["boardpack", *sys.argv[1:]]
try:
    runpy.run_module("boardpack.cli", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print("MODULES " + " ".join(sorted(sys.modules)), file=sys.stderr)
sys.exit(code)
"""
HEAVY = ("openpyxl", "numpy", "pypdf", "textual")  # never needed to start or to skip a build
# Assembling a pack computes its deadlines (bank holidays): not needed once a build whose
# inputs have not changed is recognised before anything is assembled.
BUILT = ("holidays",)


def boardpack(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run the CLI in a child; its result and the modules it had imported at the end."""
    done = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, check=False)
    lines = done.stderr.splitlines()
    modules = {m for line in lines if line.startswith("MODULES ") for m in line.split()[1:]}
    done.stderr = "\n".join(line for line in lines if not line.startswith("MODULES "))
    return done, modules


def loaded(modules: set[str], *names: str) -> list[str]:
    return sorted(m for m in modules for n in names if m == n or m.startswith(n + "."))


# --- the command line -------------------------------------------------------------------

def test_help_lists_every_command_and_imports_no_heavy_library() -> None:
    done, modules = boardpack("--help")
    assert done.returncode == 0, done.stderr
    listed = {line.split()[0] for line in done.stdout.splitlines() if line.startswith("    ")}
    assert {"build", "check", "new", *commands.names()} <= listed
    assert {"minutes", "publish", "register", "resolution", "verify"} <= listed
    for module in commands.modules():
        assert " ".join(module.HELP.split()[:3]) in " ".join(done.stdout.split())
    assert loaded(modules, *HEAVY, "holidays", "typst", "nh3", "boardpack.pipeline.build") == []


def test_an_unknown_command_is_one_clear_line() -> None:
    done, modules = boardpack("frobnicate-this", "--now")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("error: 'frobnicate-this' is not a command or a folder")
    for name in ("build", "check", "new", "minutes", "verify"):
        assert name in line
    assert loaded(modules, "boardpack.cli.commands.minutes", "boardpack.pipeline.build") == []


def test_a_command_imports_its_own_module_only(tmp_path: Path) -> None:
    done, modules = boardpack("verify", str(tmp_path / "no-such-pack"))
    assert done.returncode == 1 and "nothing has been issued yet" in done.stderr
    assert "boardpack.cli.commands.verify" in modules
    others = [f"boardpack.cli.commands.{n}"
              for n in ("minutes", "publish", "register", "resolution")]
    assert loaded(modules, *others, *HEAVY, "boardpack.pipeline.build") == []


def test_a_command_option_help_still_works() -> None:
    done, modules = boardpack("minutes", "--help")
    assert done.returncode == 0 and "--edition" in done.stdout
    assert loaded(modules, "boardpack.cli.commands.verify", "boardpack.pipeline.build") == []


def test_command_modules_are_named_after_their_command() -> None:
    found = commands.modules()
    assert [m.NAME for m in found] == commands.names()
    for module in found:
        assert module.__name__.rsplit(".", 1)[1] == module.NAME.replace("-", "_")
    assert commands.find("no-such-command") is None and commands.find("../cli") is None


@pytest.fixture(scope="module")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / DEMO.name
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".history", "issued"))
    assert build(root).ok
    recorded(root, formats=("pdf", "html"))
    return root


def test_an_up_to_date_build_imports_no_heavy_library(built_demo: Path) -> None:
    times = {p.name: p.stat().st_mtime_ns for p in (built_demo / "build").glob("*.*")}
    done, modules = boardpack("build", str(built_demo))
    assert done.returncode == 0, done.stderr
    assert sorted(Path(line).name for line in done.stdout.splitlines()) == sorted(
        ["members.pdf", "members.html", "public.pdf", "public.html"])
    assert loaded(modules, *HEAVY, *BUILT) == []
    assert {p.name: p.stat().st_mtime_ns for p in (built_demo / "build").glob("*.*")} == times


# --- the whole-build check --------------------------------------------------------------

FORMATS = ("html",)
EDITIONS = ("members", "public")
ITEMS = """
[[item]]
id = "alpha"
title = "Alpha report"
files = ["reports/alpha.md"]

[[item]]
id = "secret"
title = "Contract award"
files = ["reports/secret.md"]
exempt = 3
"""
PNG = bytes.fromhex(  # a 1×1 picture
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a2f9bc1f0000000049454e44ae426082")
FILES = {
    "reports/alpha.md": "# Alpha\n\nALPHAWORD and a chart.\n\n![Chart](chart.png)\n\n"
                        "```{=html}\n<b>raw</b>\n```\n",
    "reports/chart.png": PNG,
    "reports/secret.md": "# Tender\n\nThe exempt figures.\n",
}


def checked(root: Path, formats: tuple[str, ...] = FORMATS) -> uptodate.BuildCheck:
    pack = packfile.load(root).pack
    cache = Cache.for_pack(pack.root)
    prepare_house(pack, cache)
    return uptodate.check_build(pack, library.past(pack), cache, EDITIONS, formats,
                                root / "build")


def recorded(root: Path, formats: tuple[str, ...] = FORMATS) -> uptodate.BuildCheck:
    """Record the build just made, as ``build`` does once it checks first."""
    check = checked(root, formats)
    converted = convert_pack(packfile.load(root).pack, cache=Cache.for_pack(root))
    uptodate.record_build(check, Cache.for_pack(root), converted)
    return check


@pytest.fixture
def pack(make_pack, tmp_path: Path) -> Path:
    """A pack built as HTML and recorded, beside the committee's previous meeting."""
    make_pack(name="previous", meeting=MEETING_BEFORE,
              resolutions='[[resolution]]\nitem = "alpha"\nnotes = "FIRST"\n')
    root = make_pack(ITEMS, FILES)
    result = build(root, formats=FORMATS)
    assert result.ok, result.problems
    recorded(root)
    return root


MEETING_BEFORE = MEETING.replace("date = 2027-03-17", "date = 2027-01-13") + """
[[item]]
id = "alpha"
title = "Earlier alpha"
"""


def test_nothing_changed_keeps_the_outputs_and_says_what_the_build_said(pack: Path) -> None:
    first = build(pack, formats=FORMATS)
    check = checked(pack)
    assert check.kept
    assert check.outputs == first.outputs
    conversion_notes = [p for p in first.problems if p.file == "reports/alpha.md"]
    assert conversion_notes and conversion_notes[0].level is Level.WARNING
    assert [p for p in check.problems if p.file] == conversion_notes


def test_a_touched_but_unchanged_report_still_keeps_the_outputs(pack: Path) -> None:
    report = pack / "reports" / "alpha.md"
    os.utime(report, ns=(report.stat().st_atime_ns, report.stat().st_mtime_ns + 10**9))
    assert checked(pack).kept


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def own_stylesheet(root: Path) -> None:
    css = root / "templates" / "render" / "pack.css"
    css.parent.mkdir(parents=True)
    css.write_text((ROOT / "templates/render/pack.css").read_text() + "\nh1 { color: red; }\n")


def first_issue(root: Path) -> None:
    """An issue's manifest, as ``publish`` writes it (1 March 2027, at noon)."""
    made = Manifest(issue=1, kind="pack", time="2027-03-01T12:00:00+00:00",
                    boardpack_version="0", editions=["members", "public"], meeting={})
    (root / "issued" / "1").mkdir(parents=True)
    (root / "issued" / "1" / "manifest.json").write_text(made.to_json(), encoding="utf-8")


CHANGES = {
    "a report": lambda root: edit(root / "reports/alpha.md", "ALPHAWORD", "ALPHAWORX"),
    "a picture a report shows": lambda root: (root / "reports/chart.png").write_bytes(
        PNG.replace(b"\x60\xf8", b"\x60\xf9")),
    "pack.toml": lambda root: edit(root / "pack.toml", "Alpha report", "Alpha paper"),
    "a pack template": own_stylesheet,
    "the previous meeting's record": lambda root: edit(
        root.parent / "previous/resolutions.toml", "FIRST", "SECOND"),
    "a first issue": first_issue,
    "an output": lambda root: (root / "build/public.html").write_text("edited by hand"),
    "the cache": lambda root: shutil.rmtree(root / "build/.cache"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_means_a_build(pack: Path, change: str) -> None:
    CHANGES[change](pack)
    assert not checked(pack).kept


def test_another_selection_of_outputs_is_checked_on_its_own(pack: Path) -> None:
    assert checked(pack).kept
    assert not checked(pack, formats=("pdf", "html")).kept  # never built
    result = build(pack)  # PDF too
    assert result.ok
    recorded(pack, formats=("pdf", "html"))
    assert checked(pack, formats=("pdf", "html")).kept and checked(pack).kept


def test_a_kept_build_after_a_check_of_a_change_since_undone_keeps_nothing_new(
        pack: Path) -> None:
    """A report changed, read by ``check``, and changed back: ``check`` kept nothing (it
    writes nothing into the pack), so the kept build has nothing new to keep or say."""
    rel = "reports/alpha.md"
    original = (pack / rel).read_bytes()
    edit(pack / rel, "ALPHAWORD", "ALPHANEW")
    assert not checked(pack).kept
    assert len(history.versions(pack, rel)) == 1  # a check that finds a change keeps nothing
    check_pack(pack)  # nor does the clerk's check
    assert len(history.versions(pack, rel)) == 1
    (pack / rel).write_bytes(original)
    again = checked(pack)
    assert again.kept
    assert [p for p in again.problems if p.level is Level.INFO] == []
    assert [v.read_bytes() for v in history.versions(pack, rel)] == [original]


FILES_READ = """\
import json, os, sys
from boardpack.cache import Cache
from boardpack.pack import library
from boardpack.pack import load as packfile
from boardpack.pack.issued import Manifest
from boardpack.pipeline.assemble import assemble
from boardpack.pipeline.build import prepare_house
from boardpack.pipeline.convert import convert_pack

pack = packfile.load(sys.argv[1]).pack
cache = Cache.for_pack(pack.root)
prepare_house(pack, cache)
converted = convert_pack(pack, cache=cache)
past = library.past(pack)
seen = set()

def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and args[0] is not None \\
            and not isinstance(args[0], int):
        seen.add(os.path.realpath(os.fsdecode(args[0])))

sys.addaudithook(hook)
for edition in ("members", "public"):
    document = assemble(pack, converted, edition, past)
print(json.dumps({"read": sorted(seen), "earlier": [e.meeting.root.name for e in past.earlier],
                  "first_issued": str(past.first_issued)}))
"""


def test_assembly_reads_no_file_it_is_given_what_it_needs(pack: Path) -> None:
    """The build loads the earlier meetings and the first issue's date; assembly reads
    nothing but Python's own modules (the bank holidays' calendar, imported late)."""
    first_issue(pack)
    done = subprocess.run([sys.executable, "-c", FILES_READ, str(pack)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["earlier"] == ["previous"] and found["first_issued"] == "2027-03-01"
    python = [Path(p).resolve() for p in (sys.prefix, sys.base_prefix, *sys.path) if p]
    assert [p for p in map(Path, found["read"])
            if not any(p.is_relative_to(folder) for folder in python)] == []


FINGERPRINT = """\
import sys
from pathlib import Path
from boardpack.pack import library
from boardpack.pack import load as packfile
from boardpack.pipeline import uptodate

pack = packfile.load(sys.argv[1]).pack
print(uptodate.CODE, uptodate.fingerprint(pack, library.past(pack), {}, ["members.html"],
                                          pack.root / "build"))
"""


def test_a_changed_source_reader_changes_the_fingerprint(pack: Path, tmp_path: Path) -> None:
    """The fingerprint takes in the whole package, not only the folder of the module that
    computes it: a reader edited in a copy of the package means a rebuild."""
    copy = tmp_path / "code"
    shutil.copytree(ROOT / "boardpack", copy / "boardpack",
                    ignore=shutil.ignore_patterns("__pycache__"))

    def fingerprint() -> tuple[str, str]:
        done = subprocess.run([sys.executable, "-c", FINGERPRINT, str(pack)], cwd=tmp_path,
                              env={**os.environ, "PYTHONPATH": str(copy)}, capture_output=True,
                              text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        code, value = done.stdout.split()
        return code, value

    code, before = fingerprint()
    assert Path(code) == (copy / "boardpack").resolve()
    assert fingerprint()[1] == before
    reader = copy / "boardpack" / "sources" / "md.py"
    reader.write_text(reader.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert fingerprint()[1] != before


# --- kept versions ----------------------------------------------------------------------

def test_a_kept_copy_once_compared_is_not_read_again(tmp_path: Path) -> None:
    rel, data = "reports/kpi.md", b"one version"
    cache = Cache(tmp_path / "cache")
    when = dt.datetime(2027, 1, 4, 9, 30, tzinfo=dt.UTC)
    assert history.keep(tmp_path, rel, data, now=when, cache=cache) == []
    [kept] = history.versions(tmp_path, rel)
    # The copy's bytes are swapped for others of the same size and time: with the index,
    # the file is known by its hash and is not compared byte for byte again.
    info = kept.path.stat()
    kept.path.write_bytes(b"one versiom")
    os.utime(kept.path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert history.keep(tmp_path, rel, data, cache=cache) == []
    assert len(history.versions(tmp_path, rel)) == 1
    # Without it (or once the copy's time differs) the bytes are compared, and differ.
    assert history.keep(tmp_path, rel, data, now=when + dt.timedelta(days=1)) != []
    assert len(history.versions(tmp_path, rel)) == 2
