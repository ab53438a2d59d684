"""Lesson plans in the course files, and how courses run in the timetable: every mistake a content
editor can make is found at its line, and the sample courses are plans a stand-in tutor can run."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import ROOT

from generator.errors import DataErrors
from generator.load import load_yaml
from generator.project import load_project

TODAY = dt.date(2026, 11, 25)
COURSE = "content/courses/cv-writing.yml"
TIMETABLE = "site_data/testshire/timetable.yml"

# A plan for the fixture's 90-minute session, added below its bring list (line 12 onwards).
PLAN = """\
    plan:
      outcomes:
        purpose: say what a CV is for
        parts: name the parts of a CV
      activities:
        - minutes: 20
          title: Welcome
          tutor: Says who you are and when the break is.
          learners: Say their name.
        - minutes: 30
          title: What a CV is for
          tutor: Asks who reads a CV.
          learners: Talk in pairs.
          covers: [purpose]
        - minutes: 10
          title: Break
          break: yes
        - minutes: 30
          title: The parts
          tutor: Shows an example CV.
          learners: Circle the parts.
          covers: [parts]
      support:
        - Read the example aloud.
      stretch:
        - Compare two CVs.
      check_learning: Each learner names two parts of a CV.
"""


def with_plan(project: Path, plan: str = PLAN) -> None:
    path = project / COURSE
    text = path.read_text()
    path.write_text(text.replace("      - A pen\n", "      - A pen\n" + plan, 1))


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text()
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1))


def problems(project: Path, name: str = COURSE) -> list[str]:
    """The problems found in one file (a course with a mistake also leaves the timetable pointing at
    a course that is not there)."""
    with pytest.raises(DataErrors) as caught:
        load_project(project, TODAY)
    found = [problem.format(project) for problem in caught.value.problems]
    return [problem for problem in found if problem.startswith(name)]


def test_a_plan_that_adds_up_is_accepted(project: Path) -> None:
    with_plan(project)
    session = load_project(project, TODAY).courses["cv-writing"].sessions[0]
    assert session.plan is not None
    assert [activity.minutes for activity in session.plan.activities] == [20, 30, 10, 30]
    assert session.plan.outcomes["parts"] == "name the parts of a CV"


def test_activity_minutes_that_do_not_add_up_are_found_at_the_sessions_minutes(project: Path) -> None:
    with_plan(project, PLAN.replace("- minutes: 20", "- minutes: 15"))
    assert problems(project) == [
        f"{COURSE}:9:14: sessions[0].minutes: The activities add up to 85 minutes, but the session "
        "lasts 90 minutes.\n  Change the activities' minutes (15 + 30 + 10 + 30) so they add up to 90, "
        "or change the session's minutes."
    ]


def test_an_outcome_no_activity_covers_is_found_at_its_line(project: Path) -> None:
    with_plan(project, PLAN.replace("          covers: [parts]\n", ""))
    assert problems(project) == [
        f'{COURSE}:16:16: sessions[0].plan.outcomes.parts: No activity covers the outcome "parts".\n'
        "  Add parts to the covers: list of the activity that teaches it, or delete the outcome."
    ]


def test_an_activity_covering_an_unknown_outcome_is_found_at_its_line(project: Path) -> None:
    with_plan(project, PLAN.replace("covers: [parts]", "covers: [part]"))
    assert problems(project) == [
        f'{COURSE}:34:20: sessions[0].plan.activities[3].covers[0]: There is no outcome "part" in this '
        "session.\n  The outcomes are: purpose, parts. Use one of their ids, or add it under outcomes:."
    ]


def test_a_long_session_without_a_break_is_refused(project: Path) -> None:
    plan = PLAN.replace("          title: Break\n          break: yes\n", "          title: Group talk\n"
                        "          tutor: Leads a talk.\n          learners: Talk.\n")
    with_plan(project, plan)
    assert problems(project) == [
        f"{COURSE}:18:9: sessions[0].plan.activities: A session of 90 minutes needs a break.\n"
        "  Add an activity with break: yes, for example 10 minutes half way through."
    ]


def test_an_activity_must_say_what_tutor_and_learners_do(project: Path) -> None:
    with_plan(project, PLAN.replace("          learners: Say their name.\n", ""))
    assert problems(project) == [
        f'{COURSE}:19:18: sessions[0].plan.activities[0].title: The activity "Welcome" does not say what '
        "the learners do.\n  Add a learners: line, or write break: yes if it is a break."
    ]


def test_a_plan_may_only_use_the_courses_own_guides(project: Path) -> None:
    with_plan(project, PLAN.replace("      activities:\n", "      guides: [make-a-vc]\n      activities:\n"))
    assert problems(project) == [
        f'{COURSE}:17:16: sessions[0].plan.guides[0]: There is no guide "make-a-vc".\n'
        '  Did you mean "make-a-cv"? Add it to the guides: list at the end of the file first.'
    ]


def test_a_plan_names_worksheets_that_exist(project: Path) -> None:
    with_plan(project, PLAN.replace("      activities:\n", "      worksheets: [Plan your CV]\n      activities:\n"))
    assert problems(project) == [
        f'{COURSE}:17:20: sessions[0].plan.worksheets[0]: There is no worksheet "Plan your CV".\n'
        "  Add it to content/worksheets/cv-writing.yml first."
    ]


@pytest.mark.parametrize("thing", ["Your email address and password", "Your Universal Credit sign-in details",
                                   "Your bank card and PIN", "Your log in details"])
def test_a_bring_list_asking_for_a_secret_is_refused(project: Path, thing: str) -> None:
    edit(project, COURSE, "      - A pen\n", f"      - {thing}\n")
    assert problems(project) == [
        f'{COURSE}:12:9: sessions[0].bring[0]: "{thing}" asks learners to bring a password or sign-in '
        "details.\n  Never ask for passwords or Universal Credit sign-in details: learners keep them in "
        "their heads, not on paper. Write, for example: Your email address, if you have one."
    ]


def test_no_sample_course_asks_learners_to_bring_a_password_or_sign_in_details() -> None:
    """The rule, checked on the shipped course files as written, not only through the model."""
    secret = re.compile(r"pass\s*word|passcode|\bpin\b|(sign|log)[\s-]*(in|on) details|login details|"
                        r"cyfrinair|manylion mewngofnodi", re.IGNORECASE)
    found = []
    for path in sorted((ROOT / "content" / "courses").glob("*.yml")):
        for session in load_yaml(path).data.get("sessions", []):
            for thing in session.get("bring", []):
                # Each thing in English, or in every language it is written in ({en: ..., cy: ...}).
                texts = thing.values() if isinstance(thing, dict) else [thing]
                found += [f"{path.name}: {text}" for text in texts if secret.search(text)]
    assert found == []


def test_every_sample_course_session_has_a_plan_that_fits_a_two_hour_slot() -> None:
    project = load_project(ROOT, TODAY)
    for slug, course in project.courses.items():
        for session in course.sessions:
            assert session.plan is not None, f"{slug}: {session.title} has no lesson plan"
            assert session.minutes == 120
            assert any(activity.is_break for activity in session.plan.activities)
            assert session.plan.support and session.plan.stretch and session.plan.check_learning
    # Timetable slots agree with the plans: no warning about a slot's length.
    assert not [warning for warning in project.warnings if "This slot is" in warning.message]


def test_two_step_verification_comes_after_recovery_details_in_the_email_course() -> None:
    sessions = load_project(ROOT, TODAY).courses["using-email"].sessions
    first = sessions[0]
    assert first.plan is not None
    assert not any("2-step" in text or "recovery" in text
                   for text in [first.what_happens, *first.plan.outcomes.values()])
    recovery = next(n for n, s in enumerate(sessions) if s.plan and "recovery" in s.plan.outcomes)
    two_step = next(n for n, s in enumerate(sessions) if s.plan and "two-step" in s.plan.outcomes)
    assert recovery < two_step


def test_a_slot_shorter_than_the_plans_is_a_warning(project: Path) -> None:
    with_plan(project)
    warnings = [warning.format(project) for warning in load_project(project, TODAY).warnings]
    assert warnings == [
        f"{TIMETABLE}:7:10: warning: sessions[0].end: This slot is 120 minutes long, but the lesson plans "
        "of Writing a CV are timed for 90 minutes.\n  Change start: and end: to fit the sessions, or "
        "change the sessions' minutes: in content/courses/cv-writing.yml."
    ]


def test_runs_as_on_a_course_without_sessions_is_an_error(project: Path) -> None:
    edit(project, COURSE, "title: Writing a CV\n", "title: Writing a CV\nformat: drop-in\n")
    path = project / COURSE
    text = path.read_text()
    path.write_text(text[: text.index("sessions:")] + text[text.index("guides:"):])
    edit(project, TIMETABLE, "    booking: drop-in\n", "    booking: drop-in\n    runs_as: course\n")
    assert problems(project, TIMETABLE) == [
        f"{TIMETABLE}:14:14: sessions[0].runs_as: Writing a CV has no sessions, so it cannot run as a "
        "course.\n  Delete the runs_as: line: a drop-in has no sessions to count."
    ]
