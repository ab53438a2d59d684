"""The words people act on: how often a session runs, what changed this week, why it is off.

One function for each, used by every page, pack, poster and calendar feed, so that they all say the
same thing. The words come from the strings file (templates/strings/<language>.yml, under `pattern:`,
`moved:` and `closure:`), whole phrases with gaps, so a translator can order the parts as the
language needs. `t` is a render.Strings; with `plain=True` nothing is escaped (for calendar feeds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .model import Closure, TimetableEntry, Venue
from .schedule import BankHoliday, Occurrence, pattern


def _fill(t: Any, plain: bool) -> Any:
    return t.plain if plain else t


def listing(t: Any, items: Sequence[str], plain: bool = False) -> str:
    """"A", "A and B", "A, B and C"."""
    if len(items) == 1:
        return items[0]
    return _fill(t, plain)("list_and", items=", ".join(str(item) for item in items[:-1]), last=items[-1])


def pattern_phrase(t: Any, entry: TimetableEntry, since: dt.date | None = None, plain: bool = False) -> str:
    """"Every Wednesday", "Every other Wednesday", "Last Friday of the month",
    "Wednesday 12 December only", "Every Tuesday, and Saturday 12 December"."""
    fill = _fill(t, plain)
    found = pattern(entry, since)
    dates = [t.long_date(date) for date in found.dates]
    if found.repeat is None:
        if len(dates) == 1:
            return fill("pattern.one_date", date=dates[0])
        return fill("pattern.dates", dates=listing(t, dates, plain))
    day = t("days")[found.weekday]
    key = f"pattern.monthly.{found.week_of_month}" if found.repeat == "monthly" else f"pattern.{found.repeat}"
    phrase = fill(key, day=day)
    if dates:
        return fill("pattern.and_dates", pattern=phrase, dates=listing(t, dates, plain))
    return phrase


def change_phrase(t: Any, occurrence: Occurrence, venues: Mapping[str, Venue], plain: bool = False) -> str:
    """What is different about a moved session, then why: "Moved from Thursday 7 January. Room needed",
    "At Colwyn Bay Jobcentre this week instead of Colwyn Bay Library. Library closed"."""
    fill = _fill(t, plain)
    entry = occurrence.entry
    new_place = occurrence.venue != entry.venue
    venue = venues[occurrence.venue].name if occurrence.venue in venues else occurrence.venue
    usual = venues[entry.venue].name if entry.venue in venues else entry.venue
    if occurrence.date != occurrence.usual_date:
        date = t.long_date(occurrence.usual_date)
        if new_place:
            what = fill("moved.date_and_venue", date=date, venue=venue)
        else:
            what = fill("moved.date", date=date)
    elif new_place:
        what = fill("moved.venue", venue=venue, usual=usual)
    else:
        times = fill("session_time", start=t.clock(occurrence.start), end=t.clock(occurrence.end))
        what = fill("moved.time", time=times)
    return fill("moved.with_reason", change=what, reason=str(occurrence.moved_reason).rstrip("."))


def off_reason(t: Any, occurrence: Occurrence) -> str:
    """Why a session is not on, as plain text in the language of `t`: what staff wrote, or the bank
    holiday's name from the strings' bank_holiday_names ("Gŵyl San Steffan (gŵyl banc)")."""
    reason = occurrence.off_reason
    if not isinstance(reason, BankHoliday):
        return str(reason).rstrip(".")
    text = getattr(t, "text", {})
    usual = reason.name.removesuffix(" (observed)")
    name = str((text.get("bank_holiday_names") or {}).get(usual, usual))
    if usual != reason.name:
        name = str(text.get("bank_holiday_observed", "{name} (observed)")).format(name=name)
    return str(text.get("session_bank_holiday", "{name} (bank holiday)")).format(name=name)


def off_phrase(t: Any, occurrence: Occurrence, plain: bool = False) -> str:
    """"Not on: Christmas Day (bank holiday)"."""
    return _fill(t, plain)("session_off", reason=off_reason(t, occurrence))


def closure_phrase(t: Any, venue: Venue, closure: Closure, plain: bool = False) -> str:
    """"Colwyn Bay Library is closed from Monday 14 December to Friday 18 December: Refurbishment"."""
    fill = _fill(t, plain)
    reason = closure.reason.rstrip(".")
    if closure.until is None or closure.until == closure.starts_on:
        return fill("closure.one_day", venue=venue.name, date=t.long_date(closure.starts_on), reason=reason)
    return fill(
        "closure.days",
        venue=venue.name,
        first=t.long_date(closure.starts_on),
        last=t.long_date(closure.until),
        reason=reason,
    )


@dataclass(frozen=True)
class Phrasebook:
    """The phrases above, bound to an area's words, venues and day, for templates: phrases.pattern(entry)."""

    t: Any
    venues: Mapping[str, Venue]
    today: dt.date | None = None
    plain: bool = False

    def pattern(self, entry: TimetableEntry) -> str:
        return pattern_phrase(self.t, entry, self.today, self.plain)

    def change(self, occurrence: Occurrence) -> str:
        return change_phrase(self.t, occurrence, self.venues, self.plain)

    def off(self, occurrence: Occurrence) -> str:
        return off_phrase(self.t, occurrence, self.plain)

    def reason(self, occurrence: Occurrence) -> str:
        """Why a session is off, on its own: after the "Cancelled" of a page's banner."""
        return off_reason(self.t, occurrence)

    def closure(self, venue: Venue, closure: Closure) -> str:
        return closure_phrase(self.t, venue, closure, self.plain)
