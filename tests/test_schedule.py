"""Dated sessions from timetable entries: patterns, bank holidays by nation, cancellations, moves, closures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.load import load_yaml
from generator.model import TimetableEntry, Venue
from generator.schedule import check_entry, occurrences, pattern_dates, warn_overlaps

D = dt.date


def entry(**fields: object) -> TimetableEntry:
    base = {"course": "cv-writing", "venue": "library", "run_by": "jobcentre",
            "start": "10:00", "end": "12:00", "booking": "drop-in"}
    return TimetableEntry.model_validate({**base, **fields})


def venue(**fields: object) -> Venue:
    base = {
        "id": "library", "name": "Town Library",
        "address": {"lines": ["1 High Street"], "town": "Testtown", "postcode": "TE1 1AA"},
        "opening_hours": {},
        "accessibility": {name: "yes" for name in ["step_free_access", "accessible_toilet", "hearing_loop",
                                                    "parking", "public_computers", "wifi"]},
    }
    return Venue.model_validate({**base, **fields})


def off(found: list) -> dict[dt.date, str]:
    return {occurrence.date: occurrence.off_reason for occurrence in found if occurrence.is_off}


def test_weekly_session_skips_the_bank_holidays_of_its_own_nation() -> None:
    mondays = entry(day="monday", **{"from": "2027-07-26"}, until="2027-09-06")
    assert off(occurrences(mondays, "england")) == {D(2027, 8, 30): "Late Summer Bank Holiday (bank holiday)"}
    assert off(occurrences(mondays, "wales")) == {D(2027, 8, 30): "Late Summer Bank Holiday (bank holiday)"}
    assert off(occurrences(mondays, "scotland")) == {D(2027, 8, 2): "Summer Bank Holiday (bank holiday)"}


def test_st_andrews_day_is_a_bank_holiday_only_in_scotland() -> None:
    mondays = entry(day="monday", **{"from": "2026-11-23"}, until="2026-12-07")
    assert off(occurrences(mondays, "england")) == {}
    assert off(occurrences(mondays, "scotland")) == {D(2026, 11, 30): "Saint Andrew's Day (bank holiday)"}


def test_second_of_january_is_a_bank_holiday_only_in_scotland() -> None:
    # 2 January 2027 is a Saturday: Scotland has it on the Saturday and a day off on Monday 4 January.
    saturdays = entry(day="saturday", **{"from": "2027-01-02"}, until="2027-01-09")
    assert off(occurrences(saturdays, "scotland")) == {D(2027, 1, 2): "New Year Holiday (bank holiday)"}
    assert off(occurrences(saturdays, "england")) == {}
    mondays = entry(day="monday", **{"from": "2027-01-04"}, until="2027-01-11")
    assert off(occurrences(mondays, "scotland")) == {D(2027, 1, 4): "New Year Holiday (observed) (bank holiday)"}
    assert off(occurrences(mondays, "england")) == {}


def test_st_patricks_day_and_the_twelfth_are_bank_holidays_only_in_northern_ireland() -> None:
    wednesdays = entry(day="wednesday", **{"from": "2027-03-10"}, until="2027-03-24")
    assert off(occurrences(wednesdays, "northern-ireland")) == {D(2027, 3, 17): "Saint Patrick's Day (bank holiday)"}
    assert off(occurrences(wednesdays, "scotland")) == {}
    mondays = entry(day="monday", **{"from": "2027-07-05"}, until="2027-07-19")
    assert off(occurrences(mondays, "northern-ireland")) == {D(2027, 7, 12): "Battle of the Boyne (bank holiday)"}
    assert off(occurrences(mondays, "england")) == {}


def test_a_session_can_run_on_bank_holidays_when_told() -> None:
    mondays = entry(day="monday", **{"from": "2027-08-23"}, until="2027-09-06", on_bank_holidays="yes")
    assert off(occurrences(mondays, "england")) == {}


def test_monthly_last_friday() -> None:
    last_fridays = entry(day="friday", repeat="monthly", week_of_month="last", **{"from": "2026-09-01"},
                         until="2026-12-31")
    assert pattern_dates(last_fridays) == [D(2026, 9, 25), D(2026, 10, 30), D(2026, 11, 27), D(2026, 12, 25)]
    assert off(occurrences(last_fridays, "england")) == {D(2026, 12, 25): "Christmas Day (bank holiday)"}


def test_monthly_first_tuesday_and_fortnightly() -> None:
    first = entry(day="tuesday", repeat="monthly", week_of_month="first", **{"from": "2026-09-01"},
                  until="2026-12-31")
    assert pattern_dates(first) == [D(2026, 9, 1), D(2026, 10, 6), D(2026, 11, 3), D(2026, 12, 1)]
    fortnightly = entry(day="tuesday", repeat="fortnightly", **{"from": "2026-09-01"}, until="2026-10-01")
    assert pattern_dates(fortnightly) == [D(2026, 9, 1), D(2026, 9, 15), D(2026, 9, 29)]


def test_cancelled_session_stays_with_its_reason() -> None:
    tuesdays = entry(day="tuesday", **{"from": "2026-12-01"}, until="2026-12-15",
                     cancelled=[{"date": "2026-12-08", "reason": "Library closed for stocktake"}])
    found = occurrences(tuesdays, "england")
    assert [o.date for o in found] == [D(2026, 12, 1), D(2026, 12, 8), D(2026, 12, 15)]
    assert off(found) == {D(2026, 12, 8): "Library closed for stocktake"}


def test_moved_session_changes_date_time_and_venue_for_one_week() -> None:
    tuesdays = entry(day="tuesday", **{"from": "2026-12-01"}, until="2026-12-15", moved=[
        {"date": "2026-12-08", "to": "2026-12-09", "start": "13:00", "end": "15:00",
         "venue": "jobcentre-office", "reason": "Room needed for elections"}])
    found = occurrences(tuesdays, "england")
    moved = found[1]
    assert (moved.date, moved.start, moved.end, moved.venue) == (
        D(2026, 12, 9), dt.time(13), dt.time(15), "jobcentre-office")
    assert (moved.usual_date, moved.moved_reason, moved.is_off) == (D(2026, 12, 8), "Room needed for elections", False)
    assert [(o.date, o.venue) for o in (found[0], found[2])] == [(D(2026, 12, 1), "library"), (D(2026, 12, 15), "library")]


def test_venue_closure_cancels_every_session_there() -> None:
    library = venue(closed=[{"from": "2026-12-24", "until": "2027-01-02", "reason": "Closed for Christmas"}])
    thursdays = entry(day="thursday", **{"from": "2026-12-17"}, until="2027-01-07")
    found = occurrences(thursdays, "england", {"library": library})
    assert off(found) == {D(2026, 12, 24): "Closed for Christmas", D(2026, 12, 31): "Closed for Christmas"}
    elsewhere = entry(venue="other", day="thursday", **{"from": "2026-12-17"}, until="2027-01-07")
    assert off(occurrences(elsewhere, "england", {"library": library})) == {}


def check(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "timetable.yml"
    path.write_text(text)
    document = load_yaml(path)
    sessions = document.data["sessions"]
    model = TimetableEntry.model_validate(sessions[0])
    return [p.format(tmp_path) for p in check_entry(model, document, ("sessions", 0))]


BASE = """sessions:
  - course: cv-writing
    venue: library
    run_by: jobcentre
    start: 10:00
    end: 12:00
    booking: drop-in
"""


def test_a_pattern_that_never_gives_a_date_is_an_error(tmp_path: Path) -> None:
    assert check(tmp_path, BASE + "    day: tuesday\n    from: 2026-09-02\n    until: 2026-09-07\n") == [
        "timetable.yml:8:10: sessions[0].day: The pattern gives no dates between 2026-09-02 and 2026-09-07, "
        "so this session never happens.\n"
        "  Check the day, repeat and week_of_month, and the from: and until: dates."
    ]


def test_moving_a_date_the_session_never_runs_on_is_an_error(tmp_path: Path) -> None:
    text = BASE + ("    day: tuesday\n    from: 2026-09-01\n    until: 2026-12-31\n    moved:\n"
                   "      - date: 2026-09-03\n        to: 2026-09-04\n        reason: Room in use\n")
    assert check(tmp_path, text) == [
        "timetable.yml:12:15: sessions[0].moved[0].date: 2026-09-03 is a Thursday, but this session is on "
        "Tuesdays.\n  Check the date: only a date the session runs on can be cancelled or moved."
    ]


def test_two_sessions_in_the_same_room_at_the_same_time_is_a_warning(tmp_path: Path) -> None:
    text = BASE + "    day: tuesday\n    from: 2026-09-01\n    until: 2026-12-31\n" + BASE.split("\n", 1)[1].replace(
        "start: 10:00", "start: 11:00").replace("end: 12:00", "end: 13:00") + (
        "    day: tuesday\n    from: 2026-09-01\n    until: 2026-12-31\n")
    path = tmp_path / "timetable.yml"
    path.write_text(text)
    document = load_yaml(path)
    entries = [TimetableEntry.model_validate(item) for item in document.data["sessions"]]
    warnings = [w.format(tmp_path) for w in warn_overlaps(entries, "england", {"library": venue()}, document)]
    assert warnings == [
        "timetable.yml:14:12: warning: sessions[1]: This session is in the same room at Town Library at the "
        "same time as sessions[0] (first on 2026-09-01).\n"
        "  Change the time or the day, or give each one its own room: with a room: line."
    ]
    entries[1] = entries[1].model_copy(update={"room": "Room 2"})
    assert warn_overlaps(entries, "england", {"library": venue()}, document) == []


@pytest.mark.parametrize("repeat", ["monthly"])
def test_monthly_needs_a_week_of_the_month(repeat: str) -> None:
    with pytest.raises(ValueError, match="A monthly session needs to say which week of the month"):
        entry(day="friday", repeat=repeat, **{"from": "2026-09-01"}, until="2026-12-31")
