"""Sessions as events for machines: iCalendar feeds (RFC 5545) and schema.org JSON-LD.

Feeds are written with the `icalendar` package, in Europe/London time with a VTIMEZONE, so a session
at 10am is at 10am on both sides of the clock change. Each occurrence has a UID built from what stays
the same when it is cancelled or moved (area, course, venue, usual date and time), so a calendar app
updates it instead of adding a second copy. A cancelled occurrence stays, with STATUS:CANCELLED.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone
from markupsafe import Markup

from . import runs
from .model import Course, Venue
from .phrases import Phrasebook
from .project import AreaData
from .schedule import Occurrence, occurrences

LONDON = ZoneInfo("Europe/London")
FEED_HISTORY_DAYS = 28  # past sessions kept in feeds, so a calendar does not lose last week's
FEED_AHEAD_DAYS = 3 * 366  # how far ahead a feed goes, whatever `until:` says


def session_title(occurrence: Occurrence, courses: dict[str, Course], t: Any = None) -> str:
    """The course's title, and which session it is when the timetable says how the course runs:
    "Writing a CV, session 2 of 4: Finding your skills" (in the language of the strings `t`)."""
    title = occurrence.entry.title or courses[occurrence.entry.course].title
    part = runs.course_part(occurrence, courses[occurrence.entry.course])
    if part is None:
        return title
    if part.runs_as == "course":
        if t is not None:
            return t.plain("event_session_of", course=title, number=part.number, count=part.count,
                           title=part.session.title)
        return f"{title}, session {part.number} of {part.count}: {part.session.title}"
    return f"{title}: {part.session.title}"


def uid(area: str, occurrence: Occurrence) -> str:
    """Stable across builds, and one per entry: two entries that differ only in their room (two groups
    at once) get two UIDs, or a calendar would merge them and lose the cancellation of one."""
    entry = occurrence.entry
    # The room's English in every language's feed (a Welsh room name is a Translated, see languages.py).
    english = getattr(entry.room, "english", entry.room)
    room = f"-room{hashlib.sha256(english.encode()).hexdigest()[:10]}" if english else ""
    return (
        f"{area}-{entry.course}-{entry.venue}{room}-{occurrence.usual_date:%Y%m%d}-{entry.start:%H%M}@jobclub"
    )


def feed_occurrences(area: AreaData, today: dt.date, course: str | None = None) -> list[Occurrence]:
    """What a feed holds: from four weeks ago to the end of the timetable (at most three years
    ahead), in order."""
    since = today - dt.timedelta(days=FEED_HISTORY_DAYS)
    last = today + dt.timedelta(days=FEED_AHEAD_DAYS)
    found = [
        occurrence
        for entry in area.sessions
        if course is None or entry.course == course
        for occurrence in occurrences(entry, area.area.nation, area.venues)
        if since <= occurrence.date <= last
    ]
    return sorted(found, key=lambda occurrence: occurrence.sort_key)


def calendar_feed(
    name: str,
    area: AreaData,
    found: Iterable[Occurrence],
    courses: dict[str, Course],
    today: dt.date,
    serialised: dict[str, bytes] | None = None,
    *,
    words: Phrasebook | None = None,
) -> bytes:
    """An iCalendar file of these sessions.

    `serialised` caches each event's iCalendar text by UID: an area's feed and its courses' feeds
    hold the same events, and serialising them is most of the work. `words` says how often a session
    runs and what changed, in the same words as the pages (plain text, in the site's language);
    without it, the words of the area's first language from the project's templates.
    """
    if words is None:
        from .render import load_strings  # render imports this module: import on use

        templates = area.folder.parent.parent / "templates"
        words = Phrasebook(load_strings(templates, area.area.languages[0]), area.venues, today, plain=True)
    found = list(found)
    serialised = {} if serialised is None else serialised
    calendar = Calendar()
    calendar.add("prodid", "-//Job Club Kit//jobclub//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    # A VTIMEZONE with only the clock changes these sessions need.
    first = min((o.date for o in found), default=today)
    last = max((o.date for o in found), default=today)
    calendar.add_component(
        Timezone.from_tzid(
            "Europe/London",
            first_date=dt.date(first.year - 1, 1, 1),
            last_date=dt.date(last.year + 1, 12, 31),
        )
    )
    # The build's --today, so that the same inputs give the same bytes.
    stamp = dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)
    events = []
    for occurrence in found:
        key = uid(area.slug, occurrence)
        if key not in serialised:
            serialised[key] = _event_text(_event(occurrence, area, courses, stamp, words))
        events.append(serialised[key])
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    return head + b"".join(events) + b"END:VCALENDAR" + end


# What an event is written from: its properties, by name, in the order they are written.
_Properties = tuple[tuple[str, object], ...]


def _event(
    occurrence: Occurrence, area: AreaData, courses: dict[str, Course], stamp: dt.datetime, words: Phrasebook
) -> _Properties:
    venue = area.venues[occurrence.venue]
    partner = area.partners[occurrence.entry.run_by]
    t = words.t
    title = session_title(occurrence, courses, t)
    entry = occurrence.entry
    notes = [f"{words.pattern(entry)}."]
    if occurrence.is_off:
        summary, status = f"{t.plain('session_cancelled')}: {title}", "CANCELLED"
        notes.insert(0, f"{words.off(occurrence)}.")
    else:
        summary, status = title, "CONFIRMED"
    if occurrence.is_moved:
        notes.insert(0, words.change(occurrence))
    notes.append(t.plain("session_run_by", partner=partner.name))
    if not occurrence.is_off:
        booking = t.plain("session_drop_in") if entry.booking == "drop-in" else t.plain(
            "session_book", how=entry.how_to_book
        )
        notes.append(booking)
    return (
        ("uid", uid(area.slug, occurrence)),
        ("dtstamp", stamp),
        ("dtstart", dt.datetime.combine(occurrence.date, occurrence.start, tzinfo=LONDON)),
        ("dtend", dt.datetime.combine(occurrence.date, occurrence.end, tzinfo=LONDON)),
        ("summary", summary),
        ("status", status),
        ("sequence", 1 if occurrence.is_off or occurrence.is_moved else 0),
        ("location", _place(venue, entry.room if occurrence.venue == entry.venue else None)),
        ("description", " ".join(notes)),
    )


def _event_text(properties: _Properties) -> bytes:
    """The event's iCalendar text; while the preview runs, the text written before for the same
    properties."""
    if _remembered is None:
        return _written(properties)
    key = tuple((name, type(value), value, _zone(value)) for name, value in properties)
    found = _remembered.get(key)
    if found is None:
        found = _remembered[key] = _written(properties)
        while len(_remembered) > _REMEMBERED_EVENTS:
            _remembered.popitem(last=False)
    else:
        _remembered.move_to_end(key)
    return found


def _written(properties: _Properties) -> bytes:
    """The event as icalendar writes it: its properties' lines, in icalendar's order for an event,
    each written by icalendar. Most lines (the place, the description, the title) are the same for
    every week of a session: each is written once and used again (_line)."""
    lines = {name.upper(): _line(name, value) for name, value in properties}
    return _BEGIN + b"".join(lines[name] for name in _order(tuple(lines))) + _END


_BEGIN, _END = b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n"
_PER_EVENT = frozenset({"uid"})  # different in every event: not kept
_LINES_KEPT = 4096
_lines: dict[tuple[object, ...], bytes] = {}


def _line(name: str, value: object) -> bytes:
    """One property's folded line with its line break, as icalendar writes it in an event."""
    key = (name, type(value), value, _zone(value))
    found = _lines.get(key)
    if found is None:
        event = Event()
        event.add(name, value)
        found = event.content_line(name.upper(), event[name]).to_ical() + b"\r\n"
        if name not in _PER_EVENT:
            if len(_lines) >= _LINES_KEPT:
                _lines.clear()
            _lines[key] = found
    return found


@functools.cache
def _order(names: tuple[str, ...]) -> tuple[str, ...]:
    """The order icalendar writes an event's properties in (its canonical order, then by name)."""
    event = Event()
    for name in names:
        event[name] = ""
    return tuple(event.sorted_keys())


def _zone(value: object) -> object:
    """What an equal time can still differ in when written: its time zone's name and its fold (aware
    times in two zones are equal when they are the same instant)."""
    if isinstance(value, dt.datetime | dt.time):
        return str(value.tzinfo), value.fold
    return None


_REMEMBERED_EVENTS = 8192
_remembered: OrderedDict[tuple[object, ...], bytes] | None = None


@contextlib.contextmanager
def remembered_events() -> Iterator[None]:
    """While the preview runs: each event's iCalendar text is kept between rebuilds, by everything it
    is written from, so after a saved timetable only the events that changed are written again
    (writing them with icalendar was a quarter of a rebuild)."""
    global _remembered
    _remembered = OrderedDict()
    try:
        yield
    finally:
        _remembered = None


def _place(venue: Venue, room: str | None) -> str:
    parts = [
        venue.name,
        *([room] if room else []),
        *venue.address.lines,
        venue.address.town,
        venue.address.postcode,
    ]
    return ", ".join(parts)


# --- schema.org JSON-LD ------------------------------------------------------------------------

_STATUS = {
    "off": "https://schema.org/EventCancelled",
    "moved": "https://schema.org/EventRescheduled",
    "on": "https://schema.org/EventScheduled",
}


def structured_data(
    found: Iterable[Occurrence], area: AreaData, courses: dict[str, Course], t: Any = None
) -> Markup:
    """A <script type="application/ld+json"> block describing these sessions for search engines."""
    items = [_json_ld(occurrence, area, courses, t) for occurrence in found]
    if not items:
        return Markup("")
    text = json.dumps(items, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Nothing staff typed can close the script element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def _json_ld(
    occurrence: Occurrence, area: AreaData, courses: dict[str, Course], t: Any = None
) -> dict[str, object]:
    venue = area.venues[occurrence.venue]
    course = courses[occurrence.entry.course]
    # schema.org's EventRescheduled is for a new date or time; a session moved to another building
    # at its usual time is scheduled, at its new place.
    rescheduled = occurrence.is_moved and (occurrence.date, occurrence.start) != (
        occurrence.usual_date, occurrence.entry.start
    )
    status = "off" if occurrence.is_off else "moved" if rescheduled else "on"
    event: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Event" if course.format == "drop-in" else ["Event", "CourseInstance"],
        "name": session_title(occurrence, courses, t),
        "description": course.summary,
        "startDate": dt.datetime.combine(occurrence.date, occurrence.start, tzinfo=LONDON).isoformat(),
        "endDate": dt.datetime.combine(occurrence.date, occurrence.end, tzinfo=LONDON).isoformat(),
        "eventStatus": _STATUS[status],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "location": {
            "@type": "Place",
            "name": venue.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": ", ".join(venue.address.lines),
                "addressLocality": venue.address.town,
                "postalCode": venue.address.postcode,
                "addressCountry": "GB",
            },
        },
        "organizer": {"@type": "Organization", "name": area.partners[occurrence.entry.run_by].name},
    }
    if status == "moved":
        event["previousStartDate"] = dt.datetime.combine(
            occurrence.usual_date, occurrence.entry.start, tzinfo=LONDON
        ).isoformat()
    if occurrence.entry.spaces:
        event["maximumAttendeeCapacity"] = occurrence.entry.spaces
    return event
