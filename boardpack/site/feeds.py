"""Atom and RSS feeds of what was published (new meetings, supplements, minutes and
decision notices), for the whole site and for each committee, made with feedgen.

Every entry is an issue (a decision notice issued with the minutes is an entry of its
own), dated by the issue's time, so the same record gives the same feed, byte for
byte. Links are absolute when the site's address is given (``base_url``), relative to
the site's top otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from boardpack.site.pages import meeting_url
from boardpack.site.records import Issue, Meeting
from boardpack.textfmt import short_date

LIMIT = 50  # entries in a feed, the latest


@dataclass(frozen=True)
class Entry:
    """One thing published."""

    id: str
    title: str
    link: str
    summary: str
    time: str  # ISO 8601 with a zone


def entries(meetings: list[Meeting]) -> list[Entry]:
    """What each meeting's issues published, latest first."""
    found = []
    for meeting in meetings:
        for issue in meeting.issues:
            found += _issue_entries(meeting, issue)
    found.sort(key=lambda e: (e.time, e.id), reverse=True)
    return found[:LIMIT]


def _issue_entries(meeting: Meeting, issue: Issue) -> list[Entry]:
    what = f"{meeting.committee}, {short_date(meeting.date)}"
    time = issue.time.isoformat()
    base = f"urn:boardpack:{meeting.slug}:issue-{issue.number}"
    link = meeting_url(meeting)
    if issue.kind == "supplement":
        return [Entry(base, f"Supplement {issue.supplement}: {what}", link,
                      f"Supplementary papers for the {what} meeting.", time)]
    if issue.kind == "minutes":
        made = [Entry(base, f"Minutes: {what}", f"{link}#documents",
                      f"The minutes of the {what} meeting.", time)]
        if any(f.name.startswith("public-decisions.") for f in issue.files):
            made.append(Entry(f"{base}:decisions", f"Decisions: {what}", f"{link}#decisions",
                              f"The decision notice of the {what} meeting.", time))
        return made
    return [Entry(base, f"Agenda: {what}", link,
                  f"The agenda and reports for the {what} meeting.", time)]


def _generator(title: str, url: str, feed_id: str, entries_: list[Entry], base_url: str,
               updated: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.link(href=base_url + url, rel="alternate")
    fg.description(title)
    fg.language("en-GB")
    fg.generator("boardpack")
    fg.updated(updated)
    fg.lastBuildDate(updated)
    for entry in reversed(entries_):  # feedgen puts each new entry first
        fe = fg.add_entry()
        fe.id(entry.id)
        fe.guid(entry.id, permalink=False)
        fe.title(entry.title)
        fe.link(href=base_url + entry.link)
        fe.summary(entry.summary)
        fe.description(entry.summary)
        fe.published(entry.time)
        fe.updated(entry.time)
    return fg


def feeds(title: str, page: str, feed_id: str, entries_: list[Entry], *, base_url: str = "",
          fallback_time: str = "2000-01-01T00:00:00+00:00") -> tuple[bytes, bytes]:
    """The Atom and the RSS feed of ``entries_`` (latest first); ``page`` is the site page
    they belong to."""
    updated = entries_[0].time if entries_ else fallback_time
    fg = _generator(title, page, feed_id, entries_, base_url, updated)
    return fg.atom_str(pretty=True), fg.rss_str(pretty=True)
