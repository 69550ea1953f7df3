"""The headless CLI as a script or CI would run it: exit codes and one-line errors."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from helpers import ROOT, pdf_text


def boardpack(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "boardpack.cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300, check=False)


def test_build_narrowed_to_one_edition_and_format_into_out(demo_pack: Path, tmp_path: Path
                                                           ) -> None:
    out = tmp_path / "out"
    done = boardpack("build", str(demo_pack), "--edition", "public", "--format", "pdf",
                     "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["public.pdf"]
    assert "Residential placements: contract award" in pdf_text(out / "public.pdf")
    assert not (demo_pack / "build" / "members.pdf").exists()


def test_bad_usage_exits_2(demo_pack: Path) -> None:
    assert boardpack("build", str(demo_pack), "--format", "docx").returncode == 2
    assert boardpack("frobnicate-this", "--now").returncode == 2
    assert boardpack("new", "x").returncode == 2


def test_problems_exit_1_with_one_line_each_and_no_traceback(make_pack) -> None:
    items = '[[item]]\nid = "a"\ntitle = "A"\nfiles = ["reports/missing.md", "../x.md"]\n'
    root = make_pack(items)
    for command in ("build", "check"):
        done = boardpack(command, str(root))
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
        assert errors == [
            "error: p: item 'a': reports/missing.md: file not found — check the name, or drop "
            "the file into the pack folder",
            "error: p: item 'a': ../x.md: path points outside the pack folder — copy the file "
            "into the pack folder first",
        ]
    assert not (root / "build" / "members.pdf").exists()


def test_invalid_toml_is_one_line(make_pack) -> None:
    root = make_pack('[[item]\nid = "a"\n')
    done = boardpack("check", str(root))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0].startswith("error: p: pack.toml:10: not valid TOML")


def test_missing_pack_folder(tmp_path: Path) -> None:
    done = boardpack("check", str(tmp_path / "nope"))
    assert done.returncode == 1
    assert "no such pack folder" in done.stderr and "Traceback" not in done.stderr


def test_new_creates_a_pack_that_checks_and_builds(tmp_path: Path) -> None:
    target = tmp_path / "packs" / "scrutiny-2027-02-03"
    done = boardpack("new", str(target), "--committee", "Children's Services Scrutiny Panel",
                     "--date", "2027-02-03", "--authority", "Testshire County Council")
    assert done.returncode == 0, done.stderr
    assert f"Created the pack {target}" in done.stdout
    for made in ("pack.toml", "resolutions.toml", "reports/introduction.md"):
        assert str(target / made) in done.stdout, made
    assert f"boardpack {target}" in done.stdout and f"boardpack check {target}" in done.stdout
    data = tomllib.loads((target / "pack.toml").read_text(encoding="utf-8"))
    assert data["meeting"]["committee"] == "Children's Services Scrutiny Panel"
    assert str(data["meeting"]["date"]) == "2027-02-03"
    assert "# A board pack." in (target / "pack.toml").read_text(encoding="utf-8")
    assert boardpack("check", str(target)).returncode == 0
    assert boardpack("build", str(target), "--format", "html").returncode == 0
    html = (target / "build" / "public.html").read_text(encoding="utf-8")
    assert "Children&#x27;s Services Scrutiny Panel" in html or \
        "Children's Services Scrutiny Panel" in html
    again = boardpack("new", str(target), "--committee", "X", "--date", "2027-02-03")
    assert again.returncode == 1 and "a pack already exists here" in again.stderr
    bad = boardpack("new", str(tmp_path / "p2"), "--committee", "X", "--date", "03/02/2027")
    assert bad.returncode == 2


def test_core_never_imports_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, boardpack\n"
        "for m in pkgutil.walk_packages(boardpack.__path__, 'boardpack.'):\n"
        "    if not m.name.startswith('boardpack.tui') and not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "assert 'textual' not in sys.modules, sorted(k for k in sys.modules if 'textual' in k)\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_help_shows_the_app_form() -> None:
    done = boardpack("--help")
    assert done.returncode == 0
    assert "usage: boardpack [PATH]" in done.stdout
    assert "boardpack COMMAND" in done.stdout and "check" in done.stdout


def test_attach_copies_a_file_from_anywhere_and_titles_it(make_pack, tmp_path: Path) -> None:
    root = make_pack('[[item]]\nid = "budget"\ntitle = "Budget"\n')
    outside = tmp_path / "Downloads"
    outside.mkdir()
    (outside / "Q3 figures.md").write_text("# Figures\n\nOn budget.\n")
    done = boardpack("attach", str(root), "budget", str(outside / "Q3 figures.md"),
                     "--title", "Appendix A: quarter three")
    assert done.returncode == 0, done.stderr
    assert "reports/budget-Q3-figures.md" in done.stdout
    assert (root / "reports" / "budget-Q3-figures.md").read_text() == "# Figures\n\nOn budget.\n"
    item = tomllib.loads((root / "pack.toml").read_text())["item"][0]
    assert item["files"] == [{"path": "reports/budget-Q3-figures.md",
                              "title": "Appendix A: quarter three"}]
    refused = boardpack("attach", str(root), "budget", str(outside))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().splitlines() == [
        f"error: p: item 'budget': {outside}: is a folder, not a file — choose a file in it"]


def test_the_app_from_the_command_line_starts_again_for_a_long_life(
        tmp_path: Path, monkeypatch) -> None:
    import boardpack.cli as cli
    import boardpack.tui.app as app

    relaunched: list[bool] = []
    opened: list[Path] = []
    monkeypatch.setattr(cli, "long_life", lambda: relaunched.append(True))
    monkeypatch.setattr(app, "run", lambda target: opened.append(target) or 0)
    assert cli.main([str(tmp_path)]) == 0  # a caller's own arguments: never started again
    assert relaunched == [] and opened == [tmp_path]
    monkeypatch.setattr(sys, "argv", ["boardpack", str(tmp_path)])
    assert cli.main() == 0  # this process's own command line
    assert relaunched == [True] and opened == [tmp_path, tmp_path]
    monkeypatch.setattr(sys, "argv", ["boardpack", "check", str(tmp_path / "none")])
    cli.main()  # a command that ends when it is done is not started again
    assert relaunched == [True]
