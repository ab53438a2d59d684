"""Worksheets learners keep and write on: content/worksheets/<course>.yml, one file per course.

A tutor-facing editor changes the worksheets here, not in the templates: each worksheet is a few parts,
and each part has boxes to write in, a table to fill in, a box of advice or a list to tick. The same file
says which kinds of local help the learner pack lists at its end. A worksheet never asks for a password:
a box labelled for one is refused.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from .errors import DataErrors, Position, Problem
from .load import Document, load_yaml
from .model import Course, HelpTopic, Localised, LocalisedText, Model, Slug, _fail
from .validate import did_you_mean, validate_document

WORKSHEETS_FOLDER = Path("content") / "worksheets"

# Words that would ask a learner to write down a secret.
_SECRET = re.compile(
    r"pass\s*word|passcode|pass\s*phrase|\bpin\b|security code|cyfrinair|chyfrinair|gyfrinair|rhif pin",
    re.IGNORECASE,
)


def _not_a_secret(label: str) -> str:
    texts = label.translations.values() if isinstance(label, LocalisedText) else [label]
    if any(_SECRET.search(text) for text in texts):
        raise _fail(
            "secret",
            '"{value}" asks learners to write down a password',
            "Never give learners a space to write a password: paper gets lost and shared computers "
            "are public. Put advice about passwords in an advice: box instead.",
            at="label",
            value=label,
        )
    return label


class WriteIn(Model):
    """A labelled box with ruled lines to write on."""

    label: Localised = Field(description="What to write, e.g. 'Your new email address'. Never a password.")
    hint: Localised | None = Field(None, description="A short example or tip shown under the label.")
    lines: int = Field(2, ge=1, le=12, description="How many lines to write on, from 1 to 12.")

    @model_validator(mode="after")
    def _no_secret(self) -> WriteIn:
        _not_a_secret(self.label)
        return self


class Column(Model):
    """One column of a table to fill in."""

    label: Localised = Field(description="The column's heading, e.g. Employer. Keep it to one or two words.")
    width: int = Field(2, ge=1, le=6, description="How wide, compared with the other columns: 1 to 6.")

    @model_validator(mode="after")
    def _no_secret(self) -> Column:
        _not_a_secret(self.label)
        return self


class Table(Model):
    """A table with empty rows to fill in, such as a job-search log."""

    columns: list[Column] = Field(min_length=2, max_length=6, description="The columns, left to right.")
    rows: int = Field(6, ge=1, le=12, description="How many empty rows to write in, from 1 to 12.")
    example: list[Localised] = Field(
        [], description="An example row, filled in, one value per column. Leave it out for none."
    )

    @model_validator(mode="after")
    def _example_fits(self) -> Table:
        if self.example and len(self.example) != len(self.columns):
            raise _fail(
                "example_columns",
                "The example row has {found} values, but the table has {columns} columns",
                "Write one value for each column, in the same order.",
                at="example",
                found=len(self.example),
                columns=len(self.columns),
            )
        return self


class Part(Model):
    """One part of a worksheet, under its own heading."""

    heading: Localised = Field(description="The part's heading, e.g. 'Your contact details'.")
    intro: Localised | None = Field(None, description="A sentence or two saying what to do.")
    write_in: list[WriteIn] = Field([], description="Boxes to write in, one after the other.")
    table: Table | None = Field(None, description="A table to fill in.")
    advice: list[Localised] = Field([], description="Advice shown in a box, one point per line.")
    tick_list: list[Localised] = Field([], description="Things to tick off, one per line.")

    @model_validator(mode="after")
    def _has_content(self) -> Part:
        if not (self.write_in or self.table or self.advice or self.tick_list):
            raise _fail(
                "empty_part",
                "This part has nothing to fill in or read",
                "Add write_in:, table:, advice: or tick_list: below the heading.",
                at="heading",
            )
        return self


class Worksheet(Model):
    """One worksheet: it starts on a new page."""

    title: Localised = Field(description="The worksheet's title, e.g. 'Plan your CV'.")
    intro: Localised | None = Field(None, description="A sentence or two saying what the worksheet is for.")
    page: Literal["portrait", "landscape"] = Field(
        "portrait", description="portrait, or landscape for a wide table such as a job search log."
    )
    parts: list[Part] = Field(min_length=1, description="The parts, in order.")


class WorksheetsFile(Model):
    """content/worksheets/<course>.yml: the learner pack's worksheets for one course."""

    course: Slug = Field(description="Id of the course (content/courses/<id>.yml). Must match the file name.")
    help_topics: list[HelpTopic] = Field(
        ["job-search", "cv-and-applications", "interviews", "digital-skills"],
        min_length=1,
        description="Which local help to list at the end of the learner pack, e.g. cv-and-applications.",
    )
    worksheets: list[Worksheet] = Field([], description="The worksheets, in order.")


def load_worksheets(root: Path, courses: dict[str, Course]) -> dict[str, WorksheetsFile]:
    """Every course's worksheets, checked, by course. Raises DataErrors listing every problem.

    A course without a file gets the defaults: no worksheets, and the usual job-search help.
    """
    folder = root / WORKSHEETS_FOLDER
    problems: list[Problem] = []
    found: dict[str, WorksheetsFile] = {}
    for path in sorted(folder.glob("*.yml")):
        try:
            document = load_yaml(path)
        except DataErrors as errors:
            problems.extend(errors.problems)
            continue
        worksheets, found_problems = validate_document(document, WorksheetsFile)
        problems.extend(found_problems)
        if worksheets is None:
            continue
        problems.extend(_check_course(document, worksheets, path, courses))
        found[path.stem] = worksheets
    for slug, course in courses.items():
        if course.format == "course" and slug not in found:
            found[slug] = WorksheetsFile(course=slug)
    if problems:
        raise DataErrors(sorted(problems, key=lambda problem: problem.position))
    return found


def _check_course(
    document: Document, worksheets: WorksheetsFile, path: Path, courses: dict[str, Course]
) -> list[Problem]:
    where = document.position(("course",))
    if worksheets.course not in courses:
        hint = did_you_mean(worksheets.course, courses) or f"The courses are: {', '.join(sorted(courses))}."
        return [Problem(where, "course", f'There is no course "{worksheets.course}"', hint)]
    if courses[worksheets.course].format != "course":
        return [Problem(where, "course", f'"{worksheets.course}" is a drop-in, which has no packs',
                        "Delete this file, or choose a course.")]
    if worksheets.course != path.stem:
        return [Problem(where, "course",
                        f'The course "{worksheets.course}" does not match the file name "{path.stem}"',
                        f"Write course: {path.stem}, or rename the file.")]
    return []


def missing_worksheets(root: Path, courses: dict[str, Course]) -> list[Problem]:
    """Warnings for courses that have no worksheets file (their learner packs have no worksheets)."""
    folder = root / WORKSHEETS_FOLDER
    return [
        Problem(
            Position(folder / f"{slug}.yml"),
            "",
            f'The course "{slug}" has no worksheets, so its learner pack has none',
            f"Copy one of the files in {WORKSHEETS_FOLDER.as_posix()} to {slug}.yml and change it "
            "for this course.",
            warning=True,
        )
        for slug, course in courses.items()
        if course.format == "course" and not (folder / f"{slug}.yml").is_file()
    ]
