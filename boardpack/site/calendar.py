"""iCalendar (.ics) files of meetings, per committee and per meeting, with icalendar.

Each meeting is an event at its date and time (Europe/London; a meeting without a
time is a day's event), at its venue, with a link to its page. The stamp of an event
is the time of the meeting's latest issue, so the same record gives the same file.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from boardpack.site.pages import meeting_url
from boardpack.site.records import Meeting
from boardpack.textfmt import short_date

ZONE = ZoneInfo("Europe/London")


def start(meeting: Meeting) -> dt.datetime | dt.date:
    time = str(meeting.details.get("time", ""))
    try:
        hour, minute = (int(part) for part in time.split(":"))
        return dt.datetime.combine(meeting.date, dt.time(hour, minute), tzinfo=ZONE)
    except ValueError:
        return meeting.date


def event(meeting: Meeting, base_url: str) -> Event:
    made = Event()
    made.add("uid", f"{meeting.slug}@boardpack")
    made.add("dtstamp", meeting.issues[-1].time.astimezone(dt.UTC))
    made.add("dtstart", start(meeting))
    made.add("summary", f"{meeting.committee}, {short_date(meeting.date)}")
    venue = str(meeting.details.get("venue", ""))
    if venue:
        made.add("location", venue)
    link = base_url + meeting_url(meeting)
    made.add("url", link)
    made.add("description", f"Agenda and papers: {link}")
    return made


def calendar(meetings: list[Meeting], name: str, *, base_url: str = "") -> bytes:
    """One calendar of ``meetings``."""
    cal = Calendar()
    cal.add("prodid", "-//boardpack//public record//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for meeting in sorted(meetings, key=lambda m: (m.date, m.slug)):
        cal.add_component(event(meeting, base_url))
    cal.add_missing_timezones()
    return cal.to_ical()
