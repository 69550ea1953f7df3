"""Every action of the app, named once: its key, its binding id and its palette title.

A screen's ``BINDINGS`` are made from its table here, so the footer, the help
screen, the command palette and a user's keymap file all agree. Binding ids
(``item.add`` …) are what a keymap file remaps.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider

KEYMAP_ENV = "BOARDPACK_KEYMAP"


@dataclass(frozen=True)
class Command:
    """One action: ``title`` reads "area: verb" in the palette; ``label`` is for the footer."""

    id: str
    key: str
    action: str
    title: str
    label: str
    help: str
    show: bool = True
    """Whether the footer shows it: only the main keys, so that they fit in 80 columns."""

    def binding(self) -> Binding:
        return Binding(self.key, self.action, self.label, show=self.show, id=self.id,
                       tooltip=self.help)


PACKS = (
    Command("packs.new", "n", "new_pack", "pack: new", "New pack",
            "Create a pack: committee, date, time, venue and authority; it opens"),
    Command("packs.open", "o", "open_pack", "pack: open", "Open",
            "Open the highlighted pack (Enter or a click also opens it)"),
    Command("packs.refresh", "r", "refresh", "packs: refresh", "Refresh",
            "Read the packs again"),
    Command("packs.forward_plan", "p", "forward_plan", "packs: write forward plan",
            "Forward plan", "Write the forward plan (key decisions and private meetings) of "
            "the executive's packs into forward-plan/", show=False),
    Command("packs.site", "s", "build_site", "packs: build public site", "Site",
            "Build the public web site of the packs' issued public editions into site/",
            show=False),
    Command("packs.quit", "q", "app.quit", "app: quit", "Quit", "Leave boardpack",
            show=False),
)

PACK = (
    Command("item.add", "a", "add_item", "item: add", "Add", "Add an agenda item"),
    Command("item.edit", "e", "edit_item", "item: edit", "Edit",
            "Edit the item's title, purpose, presenter and Part B paragraph"),
    Command("item.remove", "d", "remove_item", "item: remove", "Remove",
            "Take the item off the agenda (its files are kept)", show=False),
    Command("item.up", "shift+up", "move_item(-1)", "item: move up", "Up",
            "Move the item up the agenda", show=False),
    Command("item.down", "shift+down", "move_item(1)", "item: move down", "Down",
            "Move the item down the agenda", show=False),
    Command("item.attach", "f", "attach_file", "item: attach file", "Attach",
            "Attach a file from anywhere: it is copied into reports/ under the item's id"),
    Command("item.file_up", "ctrl+up", "move_file(-1)", "item: move file up", "File up",
            "Move the highlighted file up the item's files", show=False),
    Command("item.file_down", "ctrl+down", "move_file(1)", "item: move file down",
            "File down", "Move the highlighted file down the item's files", show=False),
    Command("item.file_title", "n", "title_file", "item: title file", "Title",
            "Give the highlighted file a title: its heading in the pack (Appendix A: …)",
            show=False),
    Command("item.detach", "x", "detach_file", "item: detach file", "Detach",
            "Detach the highlighted file (the file is kept)", show=False),
    Command("item.resolution", "r", "record_resolution", "item: record resolution",
            "Resolve", "Record the committee's resolution and actions for the item"),
    Command("item.clear", "l", "clear_item", "item: record clearance", "Clear",
            "Record that an officer (finance, legal …) cleared the item's papers as they "
            "are now", show=False),
    Command("pack.resolutions_toml", "t", "edit_resolutions", "pack: edit resolutions.toml",
            "TOML", "Edit resolutions.toml in a TOML editor", show=False),
    Command("meeting.edit", "m", "edit_meeting", "meeting: edit details", "Meeting",
            "Edit the meeting's date, time, venue, members and clerk"),
    Command("inbox.assign", "i", "assign_inbox", "inbox: assign file to item", "Assign",
            "Give the highlighted inbox file to an agenda item", show=False),
    Command("pack.build", "b", "build", "pack: build", "Build",
            "Build the members and public editions"),
    Command("pack.cancel_build", "c", "cancel_build", "pack: cancel build", "Cancel",
            "Stop the build that is running", show=False),
    Command("pack.open_output", "o", "open_output", "pack: open output", "Open",
            "Open the members PDF of the last build", show=False),
    Command("pack.check", "k", "check", "pack: check", "Check",
            "Show every problem boardpack check reports", show=False),
    Command("pack.decisions", "w", "write_decisions", "pack: write decision notice",
            "Decisions", "Write an executive's decision notice (members and public) into "
            "build/", show=False),
    Command("pack.publish", "p", "publish", "pack: publish", "Publish",
            "Issue the pack under issued/<n>/: pre-flight and the deadline first, then "
            "confirm (force, encrypt)", show=False),
    Command("pack.supplement", "s", "publish(True)", "pack: publish supplement",
            "Supplement", "Issue a supplement: only the items new or changed since the last "
            "issue", show=False),
    Command("pack.verify", "v", "verify", "pack: verify issues", "Verify",
            "Check every issued file against its manifests", show=False),
    Command("pack.minutes", "u", "write_minutes", "pack: write draft minutes", "Minutes",
            "Write the draft minutes (members and public; .docx, PDF, HTML) into build/",
            show=False),
    Command("view.wide_agenda", "z", "widen_agenda", "view: widen the agenda", "Wide",
            "Widen the agenda so that long titles show whole (z again narrows it)",
            show=False),
    Command("view.item", "1", "show_tab('item')", "view: item", "Item", "Show the item",
            show=False),
    Command("view.preview", "2", "show_tab('preview')", "view: preview", "Preview",
            "Preview the item's file", show=False),
    Command("view.minutes", "3", "show_tab('minutes')", "view: resolutions", "Minutes",
            "Show the item's resolutions and actions", show=False),
    Command("view.inbox", "4", "show_tab('inbox')", "view: inbox", "Inbox",
            "Show dropped files that match no item", show=False),
    Command("view.check", "5", "show_tab('check')", "view: check", "Problems",
            "Show the check view", show=False),
    Command("view.build", "6", "show_tab('build')", "view: build", "Build log",
            "Show the build progress and log", show=False),
    Command("pack.close", "escape,q", "close", "pack: back to packs", "Back",
            "Go back to the list of packs", show=False),
)

APP = (
    Command("app.help", "f1", "app.help", "app: help", "Keys",
            "List every key (ctrl+p finds every command)"),
    Command("app.quit", "ctrl+q", "app.quit", "app: quit", "Quit", "Leave boardpack"),
)


def bindings(commands: Iterable[Command]) -> list[BindingType]:
    return [command.binding() for command in commands]


def screen_action(command_id: str) -> str:
    """The action a button runs to do what the pack screen's command ``command_id`` does
    (so a button, its key and its palette entry are one action)."""
    return "screen." + next(c.action for c in PACK if c.id == command_id)


def commands_of(node: object) -> tuple[Command, ...]:
    """The commands a screen (or the app) declares in its ``COMMAND_TABLE``."""
    return tuple(getattr(node, "COMMAND_TABLE", ()))


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str]:
    """The user's key remapping ({binding id: keys}) and a problem line, if any.

    Read from ``$BOARDPACK_KEYMAP`` or ``~/.config/boardpack/keys.toml``, a table
    ``[keys]`` of binding ids to keys, e.g. ``"item.add" = "n"``. A missing file
    is no keymap; a bad one is reported and ignored.
    """
    if path is None:
        env = os.environ.get(KEYMAP_ENV)
        path = Path(env) if env else Path.home() / ".config" / "boardpack" / "keys.toml"
    if not path.is_file():
        return {}, ""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{path}: cannot read the keymap ({exc}); default keys are used"
    keys = data.get("keys", {})
    known = {c.id for c in PACKS + PACK + APP}
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        return {}, f"{path}: [keys] should map binding ids to keys, e.g. \"item.add\" = \"n\""
    unknown = sorted(set(keys) - known)
    if unknown:
        return ({k: v for k, v in keys.items() if k in known},
                f"{path}: unknown binding id(s) {', '.join(unknown)}; see the help screen")
    return dict(keys), ""


class BoardpackProvider(Provider):
    """The palette's commands: the current screen's actions and the app's."""

    def _commands(self) -> list[Command]:
        return [*commands_of(self.screen), *APP]

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, partial(self.screen.run_action, command.action),
                               help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title),
                          partial(self.screen.run_action, command.action), help=command.help)
