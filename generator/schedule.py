"""Turn timetable entries into dated sessions: weekly, fortnightly and monthly patterns, one-off dates,
bank holidays, venue closures, cancellations and moves.

Pure functions: the model goes in, dated occurrences come out. A session that is off (cancelled, on a
bank holiday, or at a closed venue) stays in the list with its reason, and a moved one says where it
moved from, so the pages, feeds and posters can say so instead of hiding it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from . import memo
from .errors import Problem
from .load import Document, Loc, field_name
from .model import WEEKDAYS, Closure, Move, TimetableEntry, Venue

_SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}
_WEEK_NUMBERS = {"first": 0, "second": 1, "third": 2, "fourth": 3}
FAR_AHEAD_DAYS = 3 * 366  # a session running longer than this ahead is probably a typing mistake


@dataclass(frozen=True)
class Occurrence:
    """One session on one date, where and when it really happens."""

    date: dt.date
    start: dt.time
    end: dt.time
    venue: str
    entry: TimetableEntry
    usual_date: dt.date
    off_reason: str | None = None
    moved_reason: str | None = None
    # For an entry that runs as a course or as modules: how many sessions it has held before this one
    # (sessions that are off do not count), so session 2 of 4 is the one after session 1 really happened.
    run_index: int | None = None

    @property
    def is_off(self) -> bool:
        return self.off_reason is not None

    @property
    def is_moved(self) -> bool:
        return self.moved_reason is not None

    @property
    def sort_key(self) -> tuple[dt.date, dt.time, dt.time, str, str]:
        return (self.date, self.start, self.end, self.venue, self.entry.course)


class BankHoliday(str):
    """A bank holiday as the reason a session is not on. As text, the English the `holidays` package
    gives ("Boxing Day (observed) (bank holiday)"); `name` is the holiday's own name, which
    phrases.off_reason shows in the reader's language."""

    name: str

    def __new__(cls, name: str) -> BankHoliday:
        made = super().__new__(cls, f"{name} (bank holiday)")
        made.name = name
        return made


@lru_cache(maxsize=64)
def bank_holidays(nation: str, year: int) -> dict[dt.date, str]:
    """The bank holidays of one nation in one year, from the `holidays` package (kept on disk: it
    reads every country's rules before it answers for one)."""
    def work_out() -> dict[str, str]:
        import holidays

        found = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[nation], years=year)
        return {day.isoformat(): name for day, name in sorted(found.items())}

    question = ["GB", _SUBDIVISIONS[nation], year, memo.installed("holidays")]
    def read(answer: dict[str, str]) -> dict[dt.date, str]:
        return {dt.date.fromisoformat(day): _text(name) for day, name in answer.items()}

    return memo.remembered("bank-holidays", question, work_out, read)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def pattern_dates(entry: TimetableEntry) -> list[dt.date]:
    """Every date of the repeating pattern, from its first to its last date."""
    if entry.day is None or entry.starts_on is None or entry.until is None:
        return []
    weekday = WEEKDAYS.index(entry.day)
    if entry.repeat == "monthly":
        return _monthly(weekday, entry.week_of_month or "first", entry.starts_on, entry.until)
    step = dt.timedelta(weeks=2 if entry.repeat == "fortnightly" else 1)
    day = entry.starts_on + dt.timedelta(days=(weekday - entry.starts_on.weekday()) % 7)
    dates = []
    while day <= entry.until:
        dates.append(day)
        day += step
    return dates


def _monthly(weekday: int, week: str, first: dt.date, last: dt.date) -> list[dt.date]:
    dates = []
    year, month = first.year, first.month
    while dt.date(year, month, 1) <= last:
        start = dt.date(year, month, 1)
        first_in_month = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
        if week == "last":
            next_month = dt.date(year + month // 12, month % 12 + 1, 1)
            day = next_month - dt.timedelta(days=1)
            day -= dt.timedelta(days=(day.weekday() - weekday) % 7)
        else:
            day = first_in_month + dt.timedelta(weeks=_WEEK_NUMBERS[week])
        if day.month == month and first <= day <= last:
            dates.append(day)
        year, month = year + month // 12, month % 12 + 1
    return dates


def usual_dates(entry: TimetableEntry) -> list[dt.date]:
    """The dates the entry runs on before any cancellation or move."""
    return sorted(set(pattern_dates(entry)) | set(entry.dates))


_remembered: dict[tuple[int, str, int], tuple[object, object, list[Occurrence]]] | None = None


@contextlib.contextmanager
def occurrences_remembered() -> Iterator[None]:
    """While one area's pages and feeds are made, each session's dates are worked out once, not once
    for every page and feed that lists it."""
    global _remembered
    outer, _remembered = _remembered, {}
    try:
        yield
    finally:
        _remembered = outer


def occurrences(
    entry: TimetableEntry, nation: str, venues: Mapping[str, Venue] | None = None
) -> list[Occurrence]:
    """Every date the entry would run on, each marked with why it is off or moved, if it is."""
    if _remembered is None:
        return _occurrences(entry, nation, venues)
    key = (id(entry), nation, id(venues))
    found = _remembered.get(key)
    if found is None or found[0] is not entry or found[1] is not venues:
        found = _remembered[key] = (entry, venues, _occurrences(entry, nation, venues))
    return list(found[2])


def _occurrences(
    entry: TimetableEntry, nation: str, venues: Mapping[str, Venue] | None
) -> list[Occurrence]:
    cancelled = {cancellation.date: cancellation.reason for cancellation in entry.cancelled}
    moves: dict[dt.date, Move] = {move.date: move for move in entry.moved}
    from_pattern = set(pattern_dates(entry)) - set(entry.dates)
    found = []
    for usual in usual_dates(entry):
        move = moves.get(usual)
        date = (move.to if move and move.to else usual)
        venue = (move.venue if move and move.venue else entry.venue)
        reason = cancelled.get(usual)
        if reason is None and venues and venue in venues:
            reason = next((c.reason for c in venues[venue].closed if c.covers(date)), None)
        if reason is None and usual in from_pattern and not move and not entry.on_bank_holidays:
            holiday = bank_holidays(nation, date.year).get(date)
            if holiday:
                reason = BankHoliday(holiday)
        found.append(
            Occurrence(
                date=date,
                start=(move.start if move and move.start else entry.start),
                end=(move.end if move and move.end else entry.end),
                venue=venue,
                entry=entry,
                usual_date=usual,
                off_reason=reason,
                moved_reason=move.reason if move else None,
            )
        )
    return _numbered(found) if entry.runs_as else found


def _numbered(found: list[Occurrence]) -> list[Occurrence]:
    """Each session that is on gets its place in the run, counting from the entry's first date."""
    numbered, held = [], 0
    for occurrence in sorted(found, key=lambda occurrence: occurrence.date):
        if occurrence.is_off:
            numbered.append(occurrence)
        else:
            numbered.append(replace(occurrence, run_index=held))
            held += 1
    return numbered


def upcoming(
    entries: Iterable[TimetableEntry],
    nation: str,
    today: dt.date,
    days: int,
    venues: Mapping[str, Venue] | None = None,
) -> list[Occurrence]:
    """Sessions from today for `days` days, in order, including those that are off or moved."""
    last = today + dt.timedelta(days=days - 1)
    found = [
        occurrence
        for entry in entries
        for occurrence in occurrences(entry, nation, venues)
        if today <= occurrence.date <= last
    ]
    return sorted(found, key=lambda occurrence: occurrence.sort_key)


# --- Checks for `jobclub check` ----------------------------------------------------------------


def check_entry(entry: TimetableEntry, document: Document, loc: Loc) -> list[Problem]:
    """Mistakes in one entry's dates that the model alone cannot see."""
    problems = []
    pattern = pattern_dates(entry)
    if entry.day is not None and not pattern and not entry.dates:
        problems.append(
            Problem(
                document.position((*loc, "day")),
                field_name((*loc, "day")),
                f"The pattern gives no dates between {entry.starts_on} and {entry.until}, "
                "so this session never happens",
                "Check the day, repeat and week_of_month, and the from: and until: dates.",
            )
        )
    runs_on = set(pattern) | set(entry.dates)
    for kind, items in (("cancelled", entry.cancelled), ("moved", entry.moved)):
        for index, item in enumerate(items):
            if item.date not in runs_on:
                problems.append(_not_a_session_date(entry, item.date, document, (*loc, kind, index, "date")))
    return problems


def _not_a_session_date(entry: TimetableEntry, date: dt.date, document: Document, where: Loc) -> Problem:
    weekday = WEEKDAYS[date.weekday()]
    if entry.day and weekday != entry.day:
        why = f"{date} is a {weekday.capitalize()}, but this session is on {entry.day.capitalize()}s"
    else:
        why = f"This session does not run on {date}"
    return Problem(
        document.position(where),
        field_name(where),
        why,
        "Check the date: only a date the session runs on can be cancelled or moved.",
    )


def warn_entry(
    entry: TimetableEntry, venue: Venue | None, today: dt.date, document: Document, loc: Loc
) -> list[Problem]:
    """Things in one entry that are probably mistakes, but do not stop the build."""
    warnings = []
    dates = usual_dates(entry)
    if dates and (dates[-1] - today).days > FAR_AHEAD_DAYS:
        warnings.append(
            Problem(
                document.position((*loc, "until" if entry.until else "dates")),
                field_name(loc),
                f"This session runs until {dates[-1]}, more than three years from now",
                "Check the year: most timetables go a term or a year ahead. Calendar feeds only go "
                "three years ahead.",
                warning=True,
            )
        )
    if dates and dates[-1] < today:
        warnings.append(
            Problem(
                document.position((*loc, "until" if entry.until else "dates")),
                field_name(loc),
                f"Every date of this session has passed (the last was {dates[-1]})",
                "Change until: to the end of the new term, or delete the entry.",
                warning=True,
            )
        )
    if venue is not None:
        for day in sorted({date.weekday() for date in dates}):
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


def warn_overlaps(
    entries: list[TimetableEntry], nation: str, venues: Mapping[str, Venue], document: Document
) -> list[Problem]:
    """Two sessions in the same room of the same venue at the same time: one warning per pair."""
    by_place: dict[tuple[dt.date, str, str | None], list[tuple[int, Occurrence]]] = defaultdict(list)
    for index, entry in enumerate(entries):
        for occurrence in occurrences(entry, nation, venues):
            if not occurrence.is_off:
                by_place[(occurrence.date, occurrence.venue, entry.room)].append((index, occurrence))
    pairs: dict[tuple[int, int], dt.date] = {}
    for sessions in by_place.values():
        for position, (first, one) in enumerate(sessions):
            for second, other in sessions[position + 1 :]:
                if first != second and one.start < other.end and other.start < one.end:
                    pairs.setdefault((min(first, second), max(first, second)), one.date)
    warnings = []
    for (first, second), date in sorted(pairs.items()):
        entry = entries[second]
        place = venues[entry.venue].name if entry.venue in venues else entry.venue
        warnings.append(
            Problem(
                document.position(("sessions", second, "start")),
                field_name(("sessions", second)),
                f"This session is in the same room at {place} at the same time as "
                f"sessions[{first}] (first on {date})",
                "Change the time or the day, or give each one its own room: with a room: line.",
                warning=True,
            )
        )
    return warnings


# --- How often an entry runs, for people ------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """How often an entry runs, in parts a sentence is made of (phrases.pattern_phrase says it).

    `repeat` is None for an entry of one-off dates only; `dates` are its one-off dates, or the
    extra dates of a repeating entry."""

    repeat: str | None
    weekday: int | None
    week_of_month: str | None
    dates: tuple[dt.date, ...]


def pattern(entry: TimetableEntry, since: dt.date | None = None) -> Pattern:
    """The entry's pattern. With `since`, one-off dates before it are left out (unless every one is)."""
    in_pattern = set(pattern_dates(entry))
    dates = sorted(set(entry.dates) - in_pattern)
    if since is not None and entry.day is None:
        dates = [date for date in dates if date >= since] or dates[-1:]
    elif since is not None:
        dates = [date for date in dates if date >= since]
    if entry.day is None:
        return Pattern(None, None, None, tuple(dates))
    week = entry.week_of_month if entry.repeat == "monthly" else None
    return Pattern(entry.repeat, WEEKDAYS.index(entry.day), week, tuple(dates))


def upcoming_closures(
    venues: Mapping[str, Venue], today: dt.date, days: int
) -> list[tuple[Venue, Closure]]:
    """Venue closures that overlap the next `days` days, in date order."""
    last = today + dt.timedelta(days=days - 1)
    found = [
        (venue, closure)
        for venue in venues.values()
        for closure in venue.closed
        if closure.starts_on <= last and (closure.until or closure.starts_on) >= today
    ]
    return sorted(found, key=lambda pair: (pair[1].starts_on, pair[0].name.lower()))
