"""How a course runs in the timetable: which session is on which date, and when the next course
starts, as pages, feeds and posters say it."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT

from generator import schedule
from generator.events import session_title
from generator.posters import poster_items
from generator.project import Project, load_project
from generator.render import load_strings, make_environment, render_area
from generator.runs import course_part, next_course_starts

TODAY = dt.date(2026, 11, 25)
# They read the session blocks in the rendered Markdown (conftest.blocks_as_markdown).
pytestmark = pytest.mark.usefixtures("blocks_as_markdown")


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(ROOT, TODAY)


def test_a_course_run_numbers_its_sessions_and_skips_weeks_that_are_off(project: Project) -> None:
    area = project.areas["wigan"]
    course = project.courses["cv-writing"]
    entry = next(entry for entry in area.sessions if entry.course == "cv-writing")
    found = schedule.occurrences(entry, "england", area.venues)
    parts = [(o.date, o.is_off, course_part(o, course)) for o in found[:10]]
    # Tuesdays from 8 September; 27 October is half term, so session 4 waits a week.
    numbers = [(date.isoformat(), None if off or part is None else part.number) for date, off, part in parts]
    assert numbers[:9] == [
        ("2026-09-08", 1), ("2026-09-15", 2), ("2026-09-22", 3), ("2026-09-29", 4),
        ("2026-10-06", 1), ("2026-10-13", 2), ("2026-10-20", 3), ("2026-10-27", None), ("2026-11-03", 4),
    ]
    first = parts[0][2]
    assert first is not None and first.count == 4 and first.session.title == "What goes in a CV"
    starts = next_course_starts(found, course, TODAY)
    assert starts is not None and starts.date == dt.date(2026, 12, 8)


def test_feeds_name_the_session_of_a_course_or_the_weeks_topic(project: Project) -> None:
    area = project.areas["wigan"]
    found = schedule.upcoming(area.sessions, "england", TODAY, 14, area.venues)
    titles = {(o.date.isoformat(), session_title(o, project.courses)) for o in found if not o.is_off}
    assert ("2026-12-01", "Writing a CV, session 4 of 4: Making your CV fit the job") in titles
    assert ("2026-12-08", "Writing a CV, session 1 of 4: What goes in a CV") in titles
    assert ("2026-11-26", "Searching and applying for jobs online: Phone and video interviews") in titles
    # A drop-in has no sessions to count.
    assert ("2026-11-30", "Drop-in job club") in titles


def test_course_page_says_which_session_is_when_and_when_the_next_course_starts(project: Project) -> None:
    strings = load_strings(ROOT / "templates", "en")
    pages = render_area(
        project, project.areas["wigan"], TODAY, make_environment(ROOT / "templates"), strings
    ).pages
    cv = pages["courses/cv-writing.md"]
    assert (
        "At Wigan Life Centre, the next course starts on Tuesday 8 December. It runs for 4 sessions, "
        "one a week. Start at session 1."
    ) in cv
    assert "Session 1 of 4: What goes in a CV\n{: .jc-part }" in cv
    job_search = pages["courses/job-search-online.md"]
    assert "At Wigan Jobcentre, each week has its own topic. You can join any week." in job_search
    assert "This week: Phone and video interviews\n{: .jc-part }" in job_search
    # The timetable names the session too.
    assert "Session 4 of 4: Making your CV fit the job\n{: .jc-part }" in pages["timetable.md"]


def test_posters_say_when_the_next_course_starts(project: Project) -> None:
    area = project.areas["wigan"]
    strings = load_strings(ROOT / "templates", "en")
    found = schedule.upcoming(area.sessions, "england", TODAY, 28, area.venues)
    items = {item.title: item for item in poster_items(found, area, project.courses, strings, True)}
    assert items["Writing a CV"].how_it_runs == "A course of 4 sessions. The next one starts on Tue 8 Dec."
    assert items["Searching and applying for jobs online"].how_it_runs == (
        "Each week has its own topic. Join any week."
    )
    assert items["Drop-in job club"].how_it_runs == ""
