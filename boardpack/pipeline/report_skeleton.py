"""``boardpack report PACK ITEM``: a report's skeleton in the council's template.

The skeleton is one Pandoc document made from the report template (see
``pack.report_rules``): the item's title, the cover table (meeting, date, report of,
author and contact, wards affected, key decision, exempt information), then each
section with its guidance as placeholder text. Pandoc writes it as Word, styled by
``templates/reports/<template>.docx`` if the council keeps one there or else by a
reference document made in the house style, and as Markdown. Both are written to
``PACK/reports/ITEM-report.*``, where the drop folder attaches them to the item; an
existing file is never written over.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from boardpack import templates
from boardpack.model import Item, Pack
from boardpack.pack import load as packfile
from boardpack.pack.report_rules import ReportRules, Section, rules
from boardpack.pandoc import ast
from boardpack.pandoc import run as pandoc
from boardpack.problems import BoardpackError, Level, Problem
from boardpack.render import reference_docx
from boardpack.textfmt import long_date

FORMATS = ("docx", "md")
SUFFIX = "-report"
SCHEDULE_12A = "of Part 1 of Schedule 12A to the Local Government Act 1972"


@dataclass
class Written:
    """The skeleton files written, and the ones left alone because they exist."""

    paths: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def file_name(item_id: str, fmt: str) -> str:
    """``reports/ITEM-report.docx``: a name the drop folder attaches to the item."""
    return f"{packfile.DROP_FOLDER}/{item_id}{SUFFIX}.{fmt}"


def blocks(pack: Pack, item: Item, made: ReportRules) -> list[ast.Node]:
    """The skeleton of ``item``'s report as Pandoc blocks."""
    guide = made.cover_guidance
    exempt = (f"Yes: paragraph {item.exempt} {SCHEDULE_12A} (not for publication)"
              if item.exempt else "None: for publication")
    values = {
        "meeting": pack.meeting.committee, "date": long_date(pack.meeting.date),
        "report_of": item.presenter or guide.get("report_of", ""),
        "author": guide.get("author", ""), "wards": guide.get("wards", ""),
        "key_decision": guide.get("key_decision", ""), "exempt": exempt,
    }
    cover = ast.table([], [[[ast.strong(made.cover[row])], values[row]] for row in values],
                      widths=[0.3, 0.7])
    out = [ast.para(pack.meeting.authority), ast.para([ast.strong(item.title)]), cover]
    for section in made.sections:
        out.append(ast.header(1, section.heading))
        if section.parts:
            for part in section.parts:
                out += [ast.header(2, part.heading), *_placeholder(part)]
        else:
            out += _placeholder(section)
    return out


def _placeholder(section: Section) -> list[ast.Node]:
    text = section.guidance or f"[{section.heading}]"
    if section.form == "numbered":
        return [ast.ordered([[ast.para(text)]])]
    if section.form == "list":
        return [ast.bullets([text])]
    return [ast.para(text)]


def render(document: dict, fmt: str, reference: bytes | None) -> bytes:
    """The skeleton as Word (styled by ``reference``) or as Markdown."""
    payload = orjson.dumps(document)
    if fmt == "md":
        return pandoc.run(["-f", "json", "-t", "markdown", "--wrap=none"], payload)
    with tempfile.TemporaryDirectory(prefix="boardpack-report-") as folder:
        args = ["-f", "json", "-t", "docx", "-o", "-"]
        if reference is not None:
            style = Path(folder) / "reference.docx"
            style.write_bytes(reference)
            args += ["--reference-doc", str(style)]
        return pandoc.run(args, payload)


def reference(pack: Pack, template: str) -> bytes:
    """The council's own Word styles for the template, or the house style's."""
    try:
        return templates.find(f"reports/{template}.docx", pack.root).read_bytes()
    except BoardpackError:
        return reference_docx.make(pack.house)


def write(root: Path | str, item_id: str, formats: tuple[str, ...] = FORMATS) -> Written:
    """Write the skeleton of ``item_id``'s report into the pack's drop folder."""
    pack = packfile.load_or_raise(root)
    item = pack.item(item_id)
    if item is None:
        ids = ", ".join(i.id for i in pack.items) or "none"
        raise BoardpackError(Problem(f"no agenda item with id '{item_id}'", pack=pack.name,
                                     file=packfile.PACK_FILE, hint=f"the items are: {ids}"))
    made, problems = rules(pack.committee, pack.root, pack.name, pack.meeting.template)
    document = ast.document(blocks(pack, item, made), meta={"lang": ast.meta_string("en-GB")})
    written = Written(problems=problems)
    style = reference(pack, made.template) if "docx" in formats else None
    for fmt in formats:
        relative = file_name(item.id, fmt)
        target = pack.root / relative
        if target.exists() or target.is_symlink():
            written.problems.append(Problem(
                "exists already, so it was left as it is", pack=pack.name, item=item.id,
                file=relative, level=Level.WARNING,
                hint="rename or remove it first if a new skeleton is wanted"))
            continue
        if _write_new(target, render(document, fmt, style)):
            written.paths.append(relative)
        else:
            written.problems.append(Problem("appeared while the skeleton was written, so it "
                                            "was left as it is", pack=pack.name, item=item.id,
                                            file=relative, level=Level.WARNING))
    return written


def _write_new(path: Path, data: bytes) -> bool:
    """Write ``path`` whole, only if it does not exist (False if it does)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.link(temp, path)  # fails if the name exists: never written over
    except FileExistsError:
        return False
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    return True
