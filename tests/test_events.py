"""Calendar feeds and structured data, read back as a calendar app and a search engine would."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT
from icalendar import Calendar

from generator.build import build
from generator.errors import DataErrors
from generator.events import calendar_feed, feed_occurrences, structured_data
from generator.phrases import Phrasebook
from generator.project import load_project
from generator.render import load_strings

TODAY = dt.date(2026, 11, 25)
AREAS = ["conwy", "greenwich", "wigan"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("events") / "site"
    build(ROOT, out, TODAY)
    return out


def words(area: object) -> Phrasebook:
    return Phrasebook(load_strings(ROOT / "templates", "en"), area.venues, TODAY, plain=True)  # type: ignore[attr-defined]


def events(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def page_events(path: Path) -> list[dict]:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', path.read_text(), re.S)
    return json.loads(block)


def test_every_feed_parses_and_has_a_london_timezone(site: Path) -> None:
    feeds = sorted(site.glob("*/calendar.ics")) + sorted(site.glob("*/courses/*.ics"))
    assert len(feeds) >= 3 + 9
    for feed in feeds:
        calendar = Calendar.from_ical(feed.read_bytes())
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"], feed
        uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
        assert uids and len(uids) == len(set(uids)), feed


@pytest.mark.parametrize("area", AREAS)
def test_feed_matches_the_timetable_page(site: Path, area: str) -> None:
    """Every session on the timetable page is in the feed, at the same time, with the same status."""
    on_page = {
        (item["startDate"], item["name"], item["eventStatus"].rsplit("/", 1)[1])
        for item in page_events(site / area / "timetable/index.html")
    }
    last = TODAY + dt.timedelta(weeks=8)
    in_feed = set()
    for event in events(site / area / "calendar.ics"):
        start = event.decoded("DTSTART")
        if TODAY <= start.date() < last:
            status = "EventCancelled" if str(event["STATUS"]) == "CANCELLED" else None
            name = str(event["SUMMARY"]).removeprefix("Cancelled: ")
            in_feed.add((start.isoformat(), name, status))
    assert {(s, n) for s, n, _ in on_page} == {(s, n) for s, n, _ in in_feed}
    cancelled_on_page = {(s, n) for s, n, status in on_page if status == "EventCancelled"}
    assert cancelled_on_page == {(s, n) for s, n, status in in_feed if status == "EventCancelled"}
    assert on_page, "the sample timetable shows sessions"


def test_cancelled_sessions_stay_in_the_feed_as_cancelled(site: Path) -> None:
    conwy = events(site / "conwy/calendar.ics")
    christmas = [e for e in conwy if e.decoded("DTSTART").date() == dt.date(2026, 12, 24)]
    assert christmas and all(str(e["STATUS"]) == "CANCELLED" for e in christmas)
    assert "Not on: " in str(christmas[0]["DESCRIPTION"])


def test_moved_session_keeps_its_uid_and_shows_where_it_moved(site: Path) -> None:
    conwy = {str(e["UID"]): e for e in events(site / "conwy/calendar.ics")}
    moved = conwy["conwy-job-search-online-colwyn-bay-library-roomaa5e0781a3-20261208-0930@jobclub"]
    assert str(moved["LOCATION"]).startswith("Colwyn Bay Jobcentre")
    # A move to another building on the same date says what changed, in the same words as the page.
    said = "At Colwyn Bay Jobcentre this week instead of Colwyn Bay Library."
    assert str(moved["DESCRIPTION"]).startswith(said)
    page = re.sub(r"<[^>]+>", "", (site / "conwy/timetable/index.html").read_text())
    assert said in page
    # Someone who goes to the library that day reads on the library's page where the session is.
    library = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (
        site / "conwy/venues/colwyn-bay-library/index.html").read_text().split("<article", 1)[1]))
    assert "Tuesday 8 December Moved . " + said in library
    assert "Study room" not in str(moved["LOCATION"])  # the usual room is in the usual building
    on_page = {item["startDate"]: item for item in page_events(site / "conwy/timetable/index.html")}
    # Same date and time, another building: scheduled, at the new place (not "rescheduled").
    moved_here = on_page["2026-12-08T09:30:00+00:00"]
    assert moved_here["eventStatus"] == "https://schema.org/EventScheduled"
    assert moved_here["location"]["name"] == "Colwyn Bay Jobcentre"
    assert "previousStartDate" not in moved_here


def test_a_session_moved_to_another_day_is_rescheduled_in_the_pages_event_data() -> None:
    project = load_project(ROOT, TODAY)
    area = project.areas["conwy"]
    moved = next(o for o in feed_occurrences(area, TODAY) if o.is_moved)
    later = dataclasses.replace(moved, date=moved.usual_date + dt.timedelta(days=1))
    (event,) = json.loads(re.sub(r"</?script[^>]*>", "", structured_data([later], area, project.courses)))
    assert event["eventStatus"] == "https://schema.org/EventRescheduled"
    assert event["previousStartDate"].startswith(moved.usual_date.isoformat())


def test_uids_are_stable_across_builds_on_different_days() -> None:
    project = load_project(ROOT, TODAY)
    area = project.areas["wigan"]
    later = dt.date(2026, 12, 2)

    def uids(today: dt.date) -> dict[str, dt.date]:
        feed = Calendar.from_ical(calendar_feed("x", area, feed_occurrences(area, today), project.courses, today,
                                                words=words(area)))
        return {str(e["UID"]): e.decoded("DTSTART").date() for e in feed.walk("VEVENT")}

    before, after = uids(TODAY), uids(later)
    shared = set(before) & set(after)
    assert len(shared) > 10 and all(before[uid] == after[uid] for uid in shared)


def test_each_event_is_written_as_icalendar_writes_it_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lines an event shares with others (its place, description, times) are written once and
    used again: every sample feed, in English and Welsh, is byte for byte the feed with each event
    written whole by icalendar, cancelled and moved sessions, long folded lines and all."""
    from icalendar import Event

    from generator import events as events_module

    project = load_project(ROOT, TODAY)

    def feeds() -> list[bytes]:
        made = []
        for slug in project.areas:
            area = project.areas[slug]
            for language in area.area.languages:
                said = Phrasebook(load_strings(ROOT / "templates", language), area.venues, TODAY, plain=True)
                made.append(calendar_feed("x", area, feed_occurrences(area, TODAY), project.courses, TODAY,
                                          words=said))
        return made

    events_module._lines.clear()
    reused = feeds()

    def whole(properties: tuple[tuple[str, object], ...]) -> bytes:
        event = Event()
        for name, value in properties:
            event.add(name, value)
        return bytes(event.to_ical())

    monkeypatch.setattr(events_module, "_written", whole)
    written_whole = feeds()
    assert reused == written_whole
    text = b"".join(written_whole)
    assert b"STATUS:CANCELLED" in text and b"\r\n " in text  # cancelled sessions, and folded lines


@pytest.mark.parametrize(
    ("dates", "utc_hours"),
    [
        # The clock goes forward on 28 March 2027 and back on 25 October 2026.
        (["2027-03-23", "2027-03-30"], [10, 9]),
        (["2026-10-20", "2026-10-27"], [9, 10]),
    ],
)
def test_ten_oclock_stays_ten_oclock_across_the_clock_change(dates: list[str], utc_hours: list[int]) -> None:
    project = load_project(ROOT, TODAY)
    area = project.areas["wigan"]
    from generator.model import TimetableEntry

    entry = TimetableEntry.model_validate({
        "course": "cv-writing", "venue": next(iter(area.venues)), "run_by": next(iter(area.partners)),
        "start": "10:00", "end": "12:00", "booking": "drop-in", "dates": dates,
    })
    area.sessions = [entry]
    feed = Calendar.from_ical(calendar_feed("x", area, feed_occurrences(area, dt.date(2026, 9, 1)),
                                            project.courses, dt.date(2026, 9, 1), words=words(area)))
    starts = [e.decoded("DTSTART") for e in feed.walk("VEVENT")]
    assert [s.hour for s in starts] == [10, 10]
    assert [s.astimezone(dt.UTC).hour for s in starts] == utc_hours
    assert b"DTSTART;TZID=Europe/London:" in calendar_feed("x", area, feed_occurrences(area, dt.date(2026, 9, 1)),
                                                          project.courses, dt.date(2026, 9, 1),
                                                          words=words(area))


def test_pages_link_to_the_feeds_in_plain_words(site: Path) -> None:
    home = (site / "conwy/index.html").read_text()
    assert re.search(r'<a href="calendar.ics">Add these sessions to your calendar</a>', home)
    course = (site / "conwy/courses/cv-writing/index.html").read_text()
    assert 'href="../cv-writing.ics"' in course


def test_structured_data_cannot_be_closed_by_staff_text(project: Path) -> None:
    timetable = project / "site_data/testshire/timetable.yml"
    timetable.write_text(timetable.read_text().replace(
        "  - course: cv-writing\n    venue: town-library\n    run_by: jobcentre\n    day: tuesday",
        '  - course: cv-writing\n    title: "</script><script>alert(1)</script>"\n    venue: town-library\n'
        "    run_by: jobcentre\n    day: tuesday", 1))
    build(project, project / "site", TODAY)
    html = (project / "site/testshire/index.html").read_text()
    assert "<script>alert(1)" not in html
    assert any(item["name"] == "</script><script>alert(1)</script>" for item in page_events(project / "site/testshire/index.html"))


def two_groups_at_once(project: Path, second_room: str) -> None:
    """The first Tuesday session twice, at the same time, the second with a cancellation of its own."""
    timetable = project / "site_data/testshire/timetable.yml"
    text = timetable.read_text()
    timetable.write_text((text + (
        "  - course: cv-writing\n    venue: town-library\n    run_by: jobcentre\n    day: tuesday\n"
        "    start: 10:00\n    end: 12:00\n    from: 2026-09-01\n    until: 2027-07-20\n"
        f"    room: {second_room}\n    cancelled:\n      - date: 2026-12-08\n        reason: Tutor ill\n"
        "    booking: drop-in\n"
    )).replace("    booking: drop-in\n    spaces: 12\n", "    room: Room 1\n    booking: drop-in\n    spaces: 12\n", 1))


def test_two_rooms_at_the_same_time_keep_their_own_cancellations(project: Path) -> None:
    two_groups_at_once(project, "Room 2")
    loaded = load_project(project, TODAY)
    area = loaded.areas["testshire"]
    feed = Calendar.from_ical(
        calendar_feed("x", area, feed_occurrences(area, TODAY), loaded.courses, TODAY, words=words(area))
    )
    on_the_day = [e for e in feed.walk("VEVENT") if e.decoded("DTSTART").date() == dt.date(2026, 12, 8)]
    assert sorted(str(e["STATUS"]) for e in on_the_day) == ["CANCELLED", "CONFIRMED"]
    assert len({str(e["UID"]) for e in on_the_day}) == 2
    (cancelled,) = [e for e in on_the_day if str(e["STATUS"]) == "CANCELLED"]
    assert "Room 2" in str(cancelled["LOCATION"])


def test_the_same_session_written_twice_is_an_error(project: Path) -> None:
    two_groups_at_once(project, "Room 1")
    with pytest.raises(DataErrors) as caught:
        load_project(project, TODAY)
    assert [problem.format(project) for problem in caught.value.problems] == [
        "site_data/testshire/timetable.yml:26:5: sessions[2]: This is the same session as sessions[0]: the "
        "same course, venue, room and time on 2026-09-01.\n"
        "  Delete one of them, or if two groups meet at once give each its own room: line."
    ]


def test_a_feed_stops_three_years_ahead_whatever_until_says(project: Path) -> None:
    timetable = project / "site_data/testshire/timetable.yml"
    timetable.write_text(timetable.read_text().replace("until: 2027-07-20", "until: 2099-07-20"))
    loaded = load_project(project, TODAY)
    assert any("more than three years from now" in warning.message for warning in loaded.warnings)
    area = loaded.areas["testshire"]
    found = feed_occurrences(area, TODAY)
    assert dt.date(2029, 11, 1) < found[-1].date < dt.date(2029, 12, 1)
    assert len(calendar_feed("x", area, found, loaded.courses, TODAY, words=words(area))) < 500_000


def test_events_kept_between_preview_rebuilds_are_written_as_a_fresh_feed_writes_them() -> None:
    """While the preview runs, each event's text is kept by what it is written from: a feed is the
    same bytes as without, and an event that changed (a moved session, a new --today) is new text."""
    from generator import events as events_module

    project = load_project(ROOT, TODAY)
    area = project.areas["conwy"]
    found = feed_occurrences(area, TODAY)
    moved = next(o for o in found if not o.is_moved and not o.is_off)
    later = [dataclasses.replace(o, start=dt.time(o.start.hour, 5)) if o is moved else o for o in found]

    def feed(occurrences: list, today: dt.date = TODAY) -> bytes:
        return calendar_feed("x", area, occurrences, project.courses, today, words=words(area))

    fresh = feed(found), feed(later), feed(found, TODAY + dt.timedelta(days=1))
    with events_module.remembered_events():
        assert feed(found) == fresh[0]
        kept = len(events_module._remembered or {})
        assert (feed(found), feed(later)) == fresh[:2]
        assert len(events_module._remembered or {}) == kept + 1  # only the changed event written again
        assert feed(found, TODAY + dt.timedelta(days=1)) == fresh[2]
    assert events_module._remembered is None
