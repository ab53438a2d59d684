"""Gather and check everything in a project before anything is written.

A project is a folder with `content/` (courses and guides shared by every area), `site_data/` (one
folder per area) and `templates/`. `load_project` reads every file, validates it, checks that every
reference points at something that exists, and either returns the whole project or raises one
DataErrors listing every problem found.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import schedule
from .errors import DataErrors, Position, Problem
from .load import Document, Loc, field_name, load_yaml, read_text
from .model import (
    AREA_FILES,
    Area,
    Course,
    Partner,
    PartnersFile,
    TimetableEntry,
    TimetableFile,
    Venue,
    VenuesFile,
)
from .validate import did_you_mean, validate_document
from .worksheets import WorksheetsFile, load_worksheets


@dataclass(frozen=True)
class Page:
    """A Markdown page from content/ (a guide, or a page every area shares)."""

    slug: str
    title: str
    markdown: str
    path: Path


@dataclass
class AreaData:
    """One area's validated files."""

    folder: Path
    area: Area
    venues: dict[str, Venue]
    partners: dict[str, Partner]
    sessions: list[TimetableEntry]

    @property
    def slug(self) -> str:
        return self.area.slug


@dataclass
class Project:
    root: Path
    courses: dict[str, Course]
    guides: dict[str, Page]
    pages: dict[str, Page]
    areas: dict[str, AreaData]
    warnings: list[Problem] = field(default_factory=list)
    worksheets: dict[str, WorksheetsFile] = field(default_factory=dict)


def area_slugs(root: Path) -> list[str]:
    """The areas in a project: every folder in site_data/ with an area.yml."""
    folder = root / "site_data"
    return sorted(p.name for p in folder.iterdir() if (p / "area.yml").is_file()) if folder.is_dir() else []


def load_project(root: Path, today: dt.date, only: list[str] | None = None) -> Project:
    """Read and check the whole project (or only some areas). Raises DataErrors listing every problem."""
    problems: list[Problem] = []
    courses = _load_courses(root / "content" / "courses", problems)
    try:
        worksheets = load_worksheets(root, courses)
    except DataErrors as errors:
        problems.extend(errors.problems)
        worksheets = {}
    guides = _load_pages(root / "content" / "guides", problems)
    pages = _load_pages(root / "content" / "pages", problems)
    for course in courses.values():
        _check_guides(root, course, guides, problems)
        _check_plans(root, course, worksheets.get(course.slug), problems)
    slugs = area_slugs(root)
    if not slugs:
        problems.append(
            Problem(Position(root / "site_data"), "", "There are no areas in site_data",
                    "Make one with: jobclub new-area SLUG --name NAME --nation NATION")
        )
    for slug in only or []:
        if slug not in slugs:
            hint = did_you_mean(slug, slugs) or f"The areas are: {', '.join(slugs)}."
            problems.append(Problem(Position(root / "site_data"), "", f'There is no area "{slug}"', hint))
    warnings: list[Problem] = []
    areas: dict[str, AreaData] = {}
    for slug in only or slugs:
        if slug in slugs:
            area = _load_area(root / "site_data" / slug, courses, today, problems, warnings)
            if area is not None:
                areas[slug] = area
    if problems:
        raise DataErrors(sorted(problems, key=lambda problem: problem.position))
    return Project(root, courses, guides, pages, areas, warnings, worksheets)


# --- content/ ------------------------------------------------------------------------------------


def _load_courses(folder: Path, problems: list[Problem]) -> dict[str, Course]:
    courses: dict[str, Course] = {}
    for path in sorted(folder.glob("*.yml")):
        document = _load(path, problems)
        if document is None:
            continue
        course, found = validate_document(document, Course)
        problems.extend(found)
        if course is None:
            continue
        if course.slug != path.stem:
            problems.append(_slug_mismatch(document, course.slug, path.stem, "file"))
        courses[path.stem] = course
    return courses


_RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_SAFE_LINK = re.compile(r"^(https?:|mailto:|tel:|#|/|\.|[a-z0-9-]+(\.md)?(#[\w-]*)?$)", re.I)


def _load_pages(folder: Path, problems: list[Problem]) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    for path in sorted(folder.glob("*.md")):
        try:
            text = read_text(path)
        except DataErrors as errors:
            problems.extend(errors.problems)
            continue
        lines = text.splitlines()
        if not lines or not lines[0].startswith("# "):
            problems.append(
                Problem(Position(path, 1, 1), "", "The page does not start with its title",
                        "Make the first line the title, starting with # and a space, e.g. # Make a CV")
            )
            continue
        for number, line in enumerate(lines, start=1):
            if tag := _RAW_HTML.search(line):
                problems.append(
                    Problem(Position(path, number, tag.start() + 1), "", "HTML is not allowed in a page",
                            "Write it in Markdown instead: headings, lists, **bold** and [links](https://...).")
                )
            for link in _LINK.finditer(line):
                if not _SAFE_LINK.match(link[1]):
                    problems.append(
                        Problem(Position(path, number, link.start(1) + 1), "",
                                _unsafe_link_message(link[1]),
                                "Links must start with https://, http://, mailto: or tel:.")
                    )
        pages[path.stem] = Page(path.stem, lines[0][2:].strip(), text, path)
    return pages


def _unsafe_link_message(target: str) -> str:
    if ":" in target:
        return f'A link starting "{target.split(":")[0]}:" cannot be used'
    return f'"{target}" is not a link that can be used'


def _check_guides(root: Path, course: Course, guides: dict[str, Page], problems: list[Problem]) -> None:
    path = root / "content" / "courses" / f"{course.slug}.yml"
    for index, guide in enumerate(course.guides):
        if guide not in guides:
            problems.append(
                _dangling(load_yaml(path), ("guides", index), guide, "guide", guides, "content/guides")
            )


def _check_plans(
    root: Path, course: Course, worksheets: WorksheetsFile | None, problems: list[Problem]
) -> None:
    """A session plan may only use the course's own guides and worksheets, which the packs print."""
    path = root / "content" / "courses" / f"{course.slug}.yml"
    # Without the worksheets (they have mistakes of their own, reported already) titles are not checked.
    titles = {worksheet.title: worksheet for worksheet in worksheets.worksheets} if worksheets else None
    for index, session in enumerate(course.sessions):
        if session.plan is None:
            continue
        for place, guide in enumerate(session.plan.guides):
            if guide not in course.guides:
                loc = ("sessions", index, "plan", "guides", place)
                problem = _dangling(load_yaml(path), loc, guide, "guide", dict.fromkeys(course.guides),
                                    "the course's guides: list")
                problems.append(replace(problem, hint=problem.hint + " Add it to the guides: list at the "
                                        "end of the file first."))
        for place, title in enumerate(session.plan.worksheets):
            if titles is not None and title not in titles:
                loc = ("sessions", index, "plan", "worksheets", place)
                problems.append(_dangling(load_yaml(path), loc, title, "worksheet", titles,
                                          f"content/worksheets/{course.slug}.yml"))


# --- site_data/<area>/ ---------------------------------------------------------------------------


def _load_area(
    folder: Path,
    courses: dict[str, Course],
    today: dt.date,
    problems: list[Problem],
    warnings: list[Problem],
) -> AreaData | None:
    documents: dict[str, Document] = {}
    models: dict[str, object] = {}
    for name, model in AREA_FILES.items():
        path = folder / name
        if not path.is_file():
            problems.append(
                Problem(Position(path), "", f"This area has no {name} file",
                        f"Copy {name} from another area's folder and change it.")
            )
            continue
        document = _load(path, problems)
        if document is None:
            continue
        validated, found = validate_document(document, model)
        problems.extend(found)
        if validated is not None:
            documents[name], models[name] = document, validated
    if len(models) < len(AREA_FILES):
        return None
    area = models["area.yml"]
    venues_file = models["venues.yml"]
    partners_file = models["partners.yml"]
    timetable = models["timetable.yml"]
    assert isinstance(area, Area) and isinstance(venues_file, VenuesFile)
    assert isinstance(partners_file, PartnersFile) and isinstance(timetable, TimetableFile)
    before = len(problems)
    if area.slug != folder.name:
        problems.append(_slug_mismatch(documents["area.yml"], area.slug, folder.name, "folder"))
    venues = _by_id(venues_file.venues, documents["venues.yml"], "venues", problems)
    partners = _by_id(partners_file.partners, documents["partners.yml"], "partners", problems)
    for index, partner in enumerate(partners_file.partners):
        for place, venue in enumerate(partner.venues):
            if venue not in venues:
                problems.append(_dangling(documents["partners.yml"], ("partners", index, "venues", place),
                                          venue, "venue", venues, "venues.yml"))
    document = documents["timetable.yml"]
    for index, entry in enumerate(timetable.sessions):
        for name, known, kind, where in (
            ("course", courses, "course", "content/courses"),
            ("venue", venues, "venue", "venues.yml"),
            ("run_by", partners, "partner", "partners.yml"),
        ):
            value = getattr(entry, name)
            if value not in known:
                problems.append(_dangling(document, ("sessions", index, name), value, kind, known, where))
        for place, move in enumerate(entry.moved):
            if move.venue is not None and move.venue not in venues:
                loc = ("sessions", index, "moved", place, "venue")
                problems.append(_dangling(document, loc, move.venue, "venue", venues, "venues.yml"))
        problems.extend(schedule.check_entry(entry, document, ("sessions", index)))
        if entry.course in courses:
            checked = _check_run(entry, courses[entry.course], document, ("sessions", index))
            problems.extend(problem for problem in checked if not problem.warning)
            warnings.extend(problem for problem in checked if problem.warning)
        warnings.extend(
            schedule.warn_entry(entry, venues.get(entry.venue), today, document, ("sessions", index))
        )
    if len(problems) > before:
        return None
    warnings.extend(schedule.warn_overlaps(list(timetable.sessions), area.nation, venues, document))
    warnings.extend(_stale_partners(partners_file.partners, documents["partners.yml"], today))
    for document in documents.values():
        warnings.extend(_placeholders(document))
    return AreaData(folder, area, venues, partners, list(timetable.sessions))


def _check_run(entry: TimetableEntry, course: Course, document: Document, loc: Loc) -> list[Problem]:
    """A course runs as a course or as modules only if it has sessions, in slots as long as its plans."""
    found = []
    if entry.runs_as is not None and not course.sessions:
        found.append(
            Problem(document.position((*loc, "runs_as")), field_name((*loc, "runs_as")),
                    f"{course.title} has no sessions, so it cannot run as a {entry.runs_as}",
                    "Delete the runs_as: line: a drop-in has no sessions to count.")
        )
    slot = (dt.datetime.combine(dt.date.min, entry.end) - dt.datetime.combine(dt.date.min, entry.start))
    minutes = int(slot.total_seconds() // 60)
    # Only timed lesson plans make the length a promise: the tutor would run out of time, or of plan.
    lengths = sorted({session.minutes for session in course.sessions if session.plan is not None})
    if lengths and not entry.title and lengths != [minutes]:
        planned = " or ".join(f"{length} minutes" for length in lengths)
        found.append(
            Problem(document.position((*loc, "end")), field_name((*loc, "end")),
                    f"This slot is {minutes} minutes long, but the lesson plans of {course.title} "
                    f"are timed for {planned}",
                    "Change start: and end: to fit the sessions, or change the sessions' minutes: in "
                    f"content/courses/{course.slug}.yml.", warning=True)
        )
    return found


# What `jobclub new-area` writes for staff to replace: an area must not be published with it.
PLACEHOLDER_POSTCODE = "ZZ99 9ZZ"
PLACEHOLDER_TEXT = "Change this"


def _placeholders(document: Document, loc: Loc = (), value: object = None) -> list[Problem]:
    """Example text from `jobclub new-area` that is still there."""
    value = document.data if loc == () else value
    if isinstance(value, dict):
        return [w for key, item in value.items() for w in _placeholders(document, (*loc, key), item)]
    if isinstance(value, list):
        return [w for index, item in enumerate(value) for w in _placeholders(document, (*loc, index), item)]
    if isinstance(value, str) and (value.startswith(PLACEHOLDER_TEXT) or value == PLACEHOLDER_POSTCODE):
        message = "This is still the example that new-area wrote"
        hint = "Write the real details here before the site is published."
        return [Problem(document.position(loc), field_name(loc), message, hint, warning=True)]
    return []


STALE_AFTER_DAYS = 183  # about six months


def _stale_partners(partners: list[Partner], document: Document, today: dt.date) -> list[Problem]:
    """Listings nobody has checked for six months: a phone number or opening time may have changed."""
    warnings = []
    for index, partner in enumerate(partners):
        loc = ("partners", index, "last_checked")
        if partner.last_checked is None:
            warnings.append(
                Problem(document.position(("partners", index)), field_name(loc),
                        f"{partner.name} has no last_checked date",
                        "Check the listing with the organisation, then add last_checked: with today's date.",
                        warning=True)
            )
        elif (today - partner.last_checked).days > STALE_AFTER_DAYS:
            warnings.append(
                Problem(document.position(loc), field_name(loc),
                        f"{partner.name} was last checked on {partner.last_checked}, "
                        "more than six months ago",
                        "Check the phone number, address and how to get help with the organisation, "
                        "then change last_checked: to today's date.",
                        warning=True)
            )
    return warnings


def _load(path: Path, problems: list[Problem]) -> Document | None:
    try:
        return load_yaml(path)
    except DataErrors as errors:
        problems.extend(errors.problems)
        return None


Listed = typing.TypeVar("Listed", Venue, Partner)


def _by_id(
    items: list[Listed], document: Document, key: str, problems: list[Problem]
) -> dict[str, Listed]:
    found: dict[str, Listed] = {}
    for index, item in enumerate(items):
        if item.id in found:
            problems.append(
                Problem(document.position((key, index, "id")), field_name((key, index, "id")),
                        f'Two entries have the id "{item.id}"',
                        "Give each one its own id, for example by adding the town: "
                        f"{item.id}-2 or {item.id}-town.")
            )
        found[item.id] = item
    return found


def _dangling(document: Document, loc: Loc, value: str, kind: str, known: dict, where: str) -> Problem:
    hint = did_you_mean(value, known) or (
        f"The {kind}s in {where} are: {', '.join(sorted(known))}." if known else f"Add it to {where} first."
    )
    return Problem(document.position(loc), field_name(loc), f'There is no {kind} "{value}"', hint)


def _slug_mismatch(document: Document, slug: str, expected: str, container: str) -> Problem:
    return Problem(
        document.position(("slug",)),
        "slug",
        f'The slug "{slug}" does not match the {container} name "{expected}"',
        f"Write slug: {expected}, or rename the {container}.",
    )
