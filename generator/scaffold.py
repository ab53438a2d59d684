"""Make a new area: a folder in site_data/ with four files that pass `jobclub check` as they are.

The files come from the Jinja templates in templates/new-area/, full of notes for the staff who will
edit them. Every value put into a file goes through `yaml_value`, so a name with a colon, a quote or a
# in it cannot change the file's meaning (YAML's version of autoescape). The files are written into a
work folder and checked with the same models as staff files; only when all four pass does the folder
move into site_data/ in one step, so a failed `new-area` never leaves half an area behind.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import textwrap
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError

from .build import WORK_FOLDER
from .errors import DataErrors, JobclubError
from .load import load_yaml
from .model import (
    _SLUG,
    AREA_FILES,
    FINDER_FOLDERS,
    HELP_TOPICS,
    JOB_CLUB_SUFFIX,
    WEEKDAYS,
    Nation,
    PartnerType,
)
from .validate import did_you_mean, validate_document

NATIONS: tuple[str, ...] = Nation.__args__  # type: ignore[attr-defined]
PARTNER_TYPES: tuple[str, ...] = PartnerType.__args__  # type: ignore[attr-defined]
TEMPLATES = Path("templates") / "new-area"
# The course the example session uses, if the project has it; otherwise its first course.
PREFERRED_COURSE = "drop-in-job-club"
SESSION_DAY = "tuesday"


class ScaffoldError(JobclubError):
    """`new-area` was asked for something it cannot make. Holds one message per mistake."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class NewArea:
    """What the templates are filled in with."""

    slug: str
    name: str
    nation: str
    course: str
    starts_on: dt.date
    until: dt.date

    # Ids only: the example venue's and partner's names and the town are neutral placeholders.
    @property
    def venue_id(self) -> str:
        return f"{self.slug}-library"

    @property
    def partner_id(self) -> str:
        return f"{self.slug}-libraries"

    @property
    def example_cancellation(self) -> dt.date:
        """The third session's date: a real one, so the example in the notes works as it is."""
        days_to_first = (WEEKDAYS.index(SESSION_DAY) - self.starts_on.weekday()) % 7
        return self.starts_on + dt.timedelta(days=days_to_first, weeks=2)


def new_area(root: Path, slug: str, name: str, nation: str, today: dt.date) -> list[Path]:
    """Make site_data/<slug>/ with area.yml, venues.yml, partners.yml and timetable.yml.

    Raises ScaffoldError (every mistake in the request, each with a fix) before writing anything.
    """
    area = _checked_request(root, slug, name, nation, today)
    files = render_files(root / TEMPLATES, area)
    return _write_checked(root, area.slug, files)


# --- The request ---------------------------------------------------------------------------------


def _checked_request(root: Path, slug: str, name: str, nation: str, today: dt.date) -> NewArea:
    if not (root / "content").is_dir() and not (root / "site_data").is_dir():
        raise ScaffoldError([
            f"{root} is not a Job Club Kit folder: it has no content/ or site_data/ folder. "
            "Go to the Job Club Kit folder first (the one with README.md in it), then try again."
        ])
    messages = []
    # The site says "<name> job club", so a name typed with "job club" at the end would say it twice.
    name = JOB_CLUB_SUFFIX.sub("", " ".join(name.split())).strip()
    if not name:
        messages.append(
            'The name is empty. Write the area\'s name as people know it, for example --name "Conwy".'
        )
    slug_problem = _slug_problem(slug, name)
    if slug_problem:
        messages.append(slug_problem)
    elif (root / "site_data" / slug).exists():
        messages.append(
            f"site_data/{slug} already exists, so there is already an area called {slug}. "
            "Change the files in that folder, or choose another short name."
        )
    chosen_nation = nation.strip().lower().replace(" ", "-")
    if chosen_nation not in NATIONS:
        hint = " ".join(filter(None, [did_you_mean(chosen_nation, NATIONS),
                                      f"Write one of: {', '.join(NATIONS)}."]))
        messages.append(f'"{nation}" is not a nation that Job Club Kit knows. {hint}')
    course = _example_course(root)
    if course is None:
        messages.append(
            "There are no courses in content/courses, so the new area's timetable would have nothing "
            "to point at. Add a course first (see docs/data-files.md)."
        )
    if not (root / TEMPLATES).is_dir():
        messages.append(
            f"{TEMPLATES.as_posix()}/ is missing, so there is nothing to make the new files from. "
            "Copy it back from Job Club Kit."
        )
    if messages:
        raise ScaffoldError(messages)
    assert course is not None
    return NewArea(slug, name, chosen_nation, course, today, today + dt.timedelta(days=364))


def _slug_problem(slug: str, name: str) -> str:
    if slug in FINDER_FOLDERS:
        from_name = suggest_slug(name)
        suggestion = from_name if from_name and from_name not in FINDER_FOLDERS else f"{slug}-area"
        return (
            f'"{slug}" cannot be the short name of an area: the published site keeps {slug}/ for the '
            f"national finder in Welsh. Choose another short name, for example {suggestion}."
        )
    if _SLUG.match(slug):
        return ""
    suggestion = suggest_slug(slug) or suggest_slug(name) or "my-area"
    return (
        f'"{slug}" cannot be used as the short name of an area (it goes in web addresses). '
        f"Use small letters, numbers and dashes only, for example {suggestion}."
    )


def suggest_slug(text: str) -> str:
    """A slug close to what was typed: 'Ynys Môn' -> 'ynys-mon'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _example_course(root: Path) -> str | None:
    courses = sorted(path.stem for path in (root / "content" / "courses").glob("*.yml"))
    if PREFERRED_COURSE in courses:
        return PREFERRED_COURSE
    return next((course for course in courses if _SLUG.match(course)), None)


# --- The files -----------------------------------------------------------------------------------


class Verbatim(str):
    """Text that goes into a file exactly as it is (inside a block of text, or a comment)."""


def yaml_value(value: object) -> str:
    """A value written so that YAML reads back exactly the same text: plain if that is safe,
    otherwise in double quotes (a JSON string is a valid YAML one)."""
    if isinstance(value, Verbatim):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    try:
        plain_reads_back = yaml.safe_load(f"value: {text}") == {"value": text}
    except (yaml.YAMLError, ValueError):  # 2026-02-30 raises a bare ValueError
        plain_reads_back = False
    return text if plain_reads_back and text.strip() == text else json.dumps(text, ensure_ascii=False)


def in_text(value: object) -> Verbatim:
    """A value inside a block of text or a comment, where YAML reads every character as it is."""
    return Verbatim(" ".join(str(value).split()))


def comment_list(words: Iterable[str], indent: int = 0, width: int = 100) -> Verbatim:
    """Choices as comment lines: '#   job-search, benefits, ...', wrapped to fit the editor."""
    prefix = " " * indent + "#   "
    return Verbatim("\n".join(textwrap.wrap(", ".join(words), width, initial_indent=prefix,
                                            subsequent_indent=prefix, break_on_hyphens=False)))


def render_files(templates: Path, area: NewArea) -> dict[str, str]:
    """The text of each new file, by name."""
    environment = Environment(
        loader=FileSystemLoader(templates),
        undefined=StrictUndefined,
        finalize=yaml_value,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters.update(in_text=in_text, comment_list=comment_list)
    values = {
        "area": area,
        "day": SESSION_DAY,
        "nations": NATIONS,
        "partner_types": PARTNER_TYPES,
        "help_topics": HELP_TOPICS,
    }
    files = {}
    for name in AREA_FILES:
        try:
            files[name] = environment.get_template(f"{name}.j2").render(values)
        except TemplateError as error:
            raise JobclubError(f"{TEMPLATES.as_posix()}/{name}.j2: {error}") from None
    return files


def _write_checked(root: Path, slug: str, files: dict[str, str]) -> list[Path]:
    """Write the files into a work folder, check them as staff files are checked, then move the
    folder into site_data/ in one step."""
    work = root / WORK_FOLDER / f"new-area-{slug}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        for name, text in files.items():
            (work / name).write_text(text, encoding="utf-8")
        problems = []
        for name, model in AREA_FILES.items():
            try:
                problems += validate_document(load_yaml(work / name), model)[1]
            except DataErrors as errors:
                problems += errors.problems
        if problems:
            found = "\n".join(problem.format(work) for problem in problems)
            raise JobclubError(f"The files made from {TEMPLATES.as_posix()}/ have mistakes:\n{found}")
        destination = root / "site_data" / slug
        destination.parent.mkdir(exist_ok=True)
        try:
            os.rename(work, destination)
        except OSError as error:
            raise JobclubError(f"Could not make site_data/{slug}: {error.strerror}.") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [destination / name for name in files]
