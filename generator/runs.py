"""Which session of a course is on which date, for timetable entries that say how the course runs.

An entry with `runs_as: course` starts on its first date and holds the course's sessions in order,
then starts again: pages, packs, feeds and posters say "Writing a CV, session 2 of 4: Finding your
skills" and when the next course starts. With `runs_as: modules` each week is one session's topic and
people can join any week. The counting itself is in schedule.py (`Occurrence.run_index`): a week that
is off does not use up a session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Course, CourseSession
from .schedule import Occurrence


@dataclass(frozen=True)
class CoursePart:
    """One dated session's place in its course."""

    number: int  # 1 for the first session
    count: int  # how many sessions the course has
    session: CourseSession
    runs_as: str  # course or modules

    @property
    def starts_a_course(self) -> bool:
        return self.runs_as == "course" and self.number == 1


def course_part(occurrence: Occurrence, course: Course) -> CoursePart | None:
    """Which of the course's sessions this is, if the entry runs as a course or as modules."""
    entry = occurrence.entry
    if entry.runs_as is None or occurrence.run_index is None or not course.sessions:
        return None
    index = occurrence.run_index % len(course.sessions)
    return CoursePart(index + 1, len(course.sessions), course.sessions[index], entry.runs_as)


def next_course_starts(found: Iterable[Occurrence], course: Course, after: dt.date) -> Occurrence | None:
    """The first session 1, on or after `after`, of entries that run as a course."""
    for occurrence in sorted(found, key=lambda occurrence: occurrence.sort_key):
        part = course_part(occurrence, course)
        if occurrence.date >= after and part is not None and part.starts_a_course:
            return occurrence
    return None
