"""The paper a job club runs on, for each course an area runs, printed beside its packs:

- `<course>-register.pdf`: a sign-in register for each session at each place (date, course, venue;
  columns for a name and a signature, and nothing else: the less personal data on paper, the better);
- `<course>-attendance.pdf`: proof-of-attendance slips a learner can show their work coach (what the
  session covered, the date, the venue and the tutor's signature), two to a page to cut in half;
- `<course>-certificate.pdf`: a certificate of completion;
- `<course>-progress.pdf`: a progress record, each session's outcomes to tick.

What the learner keeps (slips, certificate, progress record) also comes in large print. They are made
by the packs' printer from templates/packs/, so they share its stylesheets, tags and PDF cache.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import runs, schedule
from .model import Course, CourseSession, TimetableEntry, Venue
from .project import AreaData

# Each course gets these papers: (kind, which is also the end of the file name; print size; template).
PAPERWORK: tuple[tuple[str, str, str], ...] = (
    ("register", "standard", "register.html"),
    ("attendance", "standard", "attendance.html"),
    ("attendance-large-print", "large-print", "attendance.html"),
    ("certificate", "standard", "certificate.html"),
    ("certificate-large-print", "large-print", "certificate.html"),
    ("progress", "standard", "progress.html"),
    ("progress-large-print", "large-print", "progress.html"),
)
REGISTER_ROWS = 10  # one page at 14pt, with a long course title; a bigger group uses two copies
LOOK_AHEAD_DAYS = 26 * 7  # a register's date is the session's next date in this time, if there is one


@dataclass(frozen=True)
class SessionSheet:
    """One session of the course at one place: a page of the register, a slip."""

    number: int
    count: int
    session: CourseSession
    entry: TimetableEntry
    venue: Venue
    date: dt.date | None  # its next date, when the timetable says which session is on which date


def session_sheets(area: AreaData, course: Course, today: dt.date) -> list[SessionSheet]:
    """Every session of the course at every place the area runs it, in the timetable's order."""
    sheets = []
    for entry in (entry for entry in area.sessions if entry.course == course.slug and not entry.title):
        found = schedule.upcoming([entry], area.area.nation, today, LOOK_AHEAD_DAYS, area.venues)
        for number, session in enumerate(course.sessions, start=1):
            date = next(
                (
                    occurrence.date
                    for occurrence in found
                    if (part := runs.course_part(occurrence, course)) is not None and part.number == number
                ),
                None,
            )
            sheets.append(
                SessionSheet(number, len(course.sessions), session, entry, area.venues[entry.venue], date)
            )
    return sheets


def paperwork_values(area: AreaData, course: Course, today: dt.date) -> dict[str, Any]:
    """What the paperwork templates are given, beside the packs' own values."""
    return {
        "sheets": session_sheets(area, course, today),
        "register_rows": REGISTER_ROWS,
        "total_minutes": sum(session.minutes for session in course.sessions),
    }
