"""Turn timetable entries into dated sessions: weekly patterns, one-off dates, bank holidays, cancellations.

Pure functions: the model goes in, dated occurrences come out. A session that is off (cancelled, or on
a bank holiday) stays in the list with its reason, so the pages can say so instead of hiding it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import holidays

from .errors import Problem
from .load import Document, Loc, field_name
from .model import WEEKDAYS, TimetableEntry, Venue

_SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}


@dataclass(frozen=True)
class Occurrence:
    """One session on one date."""

    date: dt.date
    entry: TimetableEntry
    off_reason: str | None = None

    @property
    def is_off(self) -> bool:
        return self.off_reason is not None

    @property
    def sort_key(self) -> tuple[dt.date, dt.time, dt.time, str, str]:
        return (self.date, self.entry.start, self.entry.end, self.entry.venue, self.entry.course)


@lru_cache(maxsize=64)
def bank_holidays(nation: str, year: int) -> dict[dt.date, str]:
    """The bank holidays of one nation in one year, from the `holidays` package."""
    return dict(holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[nation], years=year).items())


def weekly_dates(entry: TimetableEntry) -> list[dt.date]:
    """Every date of the weekly pattern, from its first to its last date."""
    if entry.day is None or entry.starts_on is None or entry.until is None:
        return []
    offset = (WEEKDAYS.index(entry.day) - entry.starts_on.weekday()) % 7
    day = entry.starts_on + dt.timedelta(days=offset)
    dates = []
    while day <= entry.until:
        dates.append(day)
        day += dt.timedelta(weeks=1)
    return dates


def occurrences(entry: TimetableEntry, nation: str) -> list[Occurrence]:
    """Every date the entry would run on, each marked with why it is off, if it is."""
    cancelled = {cancellation.date: cancellation.reason for cancellation in entry.cancelled}
    weekly = weekly_dates(entry)
    found = []
    for date in sorted(set(weekly) | set(entry.dates)):
        reason = cancelled.get(date)
        if reason is None and date in weekly and date not in entry.dates and not entry.on_bank_holidays:
            holiday = bank_holidays(nation, date.year).get(date)
            if holiday:
                reason = f"{holiday} (bank holiday)"
        found.append(Occurrence(date, entry, reason))
    return found


def upcoming(
    entries: Iterable[TimetableEntry], nation: str, today: dt.date, days: int
) -> list[Occurrence]:
    """Sessions from today for `days` days, in order, including those that are off."""
    last = today + dt.timedelta(days=days - 1)
    found = [
        occurrence
        for entry in entries
        for occurrence in occurrences(entry, nation)
        if today <= occurrence.date <= last
    ]
    return sorted(found, key=lambda occurrence: occurrence.sort_key)


# --- Checks for `jobclub check` ----------------------------------------------------------------


def check_entry(entry: TimetableEntry, nation: str, document: Document, loc: Loc) -> list[Problem]:
    """Mistakes in one entry's dates that the model alone cannot see."""
    problems = []
    weekly = weekly_dates(entry)
    if entry.day is not None and not weekly and not entry.dates:
        problems.append(
            Problem(
                document.position((*loc, "day")),
                field_name((*loc, "day")),
                f"There is no {entry.day.capitalize()} between {entry.starts_on} and {entry.until}, "
                "so this session never happens",
                "Check the day and the from: and until: dates.",
            )
        )
    runs_on = set(weekly) | set(entry.dates)
    for index, cancellation in enumerate(entry.cancelled):
        if cancellation.date in runs_on:
            continue
        where = (*loc, "cancelled", index, "date")
        weekday = WEEKDAYS[cancellation.date.weekday()].capitalize()
        if entry.day and weekday.lower() != entry.day:
            why = f"{cancellation.date} is a {weekday}, but this session is on {entry.day.capitalize()}s"
        else:
            why = f"This session does not run on {cancellation.date}"
        problems.append(
            Problem(
                document.position(where),
                field_name(where),
                why,
                "Check the date: only a date the session runs on can be cancelled.",
            )
        )
    return problems


def warn_entry(
    entry: TimetableEntry, venue: Venue | None, today: dt.date, document: Document, loc: Loc
) -> list[Problem]:
    """Things in one entry that are probably mistakes, but do not stop the build."""
    warnings = []
    last = max([*weekly_dates(entry), *entry.dates], default=None)
    if last is not None and last < today:
        warnings.append(
            Problem(
                document.position((*loc, "until" if entry.until else "dates")),
                field_name(loc),
                f"Every date of this session has passed (the last was {last})",
                "Change until: to the end of the new term, or delete the entry.",
                warning=True,
            )
        )
    if venue is not None:
        for day in sorted({date.weekday() for date in [*weekly_dates(entry), *entry.dates]}):
            hours = getattr(venue.opening_hours, WEEKDAYS[day])
            if hours is None:
                continue
            if hours == "closed" or entry.start < hours[0] or entry.end > hours[1]:
                warnings.append(
                    Problem(
                        document.position((*loc, "start")),
                        field_name((*loc, "start")),
                        f"{venue.name} is not open for all of this session on "
                        f"{WEEKDAYS[day].capitalize()}s",
                        "Check the times, or the venue's opening_hours in venues.yml.",
                        warning=True,
                    )
                )
    return warnings
