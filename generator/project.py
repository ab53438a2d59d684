"""Gather and check everything in a project before anything is written.

A project is a folder with `content/` (courses and guides shared by every area), `site_data/` (one
folder per area) and `templates/`. `load_project` reads every file, validates it, checks that every
reference points at something that exists, and either returns the whole project or raises one
DataErrors listing every problem found.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import pickle
import re
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import schedule
from .errors import DataErrors, Position, Problem
from .load import Document, Loc, field_name, load_yaml, read_text, texts_in
from .model import (
    AREA_FILES,
    HELP_TOPICS,
    JOB_CLUB_SUFFIX,
    Area,
    Course,
    Partner,
    PartnersFile,
    TimetableEntry,
    TimetableFile,
    Venue,
    VenuesFile,
)
from .services import NATIONS, Services, load_services
from .validate import CURLY_DOUBLE_QUOTES, curly_quoted, did_you_mean, validate_document
from .variant_check import content_problems, translation_problems
from .worksheets import WorksheetsFile, load_worksheets


@dataclass(frozen=True)
class Page:
    """A Markdown page from content/ (a guide, or a page every area shares)."""

    slug: str
    title: str
    markdown: str
    path: Path
    # Whole-page variants for some nations (`slug.scotland.md`), by nation: see variants.py.
    nations: dict[str, Page] = field(default_factory=dict, compare=False)


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

    def help_by_need(self) -> list[tuple[str, list[Partner]]]:
        """All of the area's local help, by need in the fixed order of help topics, each need's
        partners by name: the Get help page, the home page and the end of every learner pack."""
        found = []
        for topic in HELP_TOPICS:
            partners = [p for p in self.partners.values() if topic in p.helps_with]
            if partners:
                found.append((topic, sorted(partners, key=lambda partner: partner.name.lower())))
        return found


class Areas(Mapping[str, AreaData]):
    """A project's areas, each kept pickled (a sixth of the memory) and unpickled when asked for: a
    build of every area in Britain holds each one whole only while it is checked or built, so that
    its memory does not grow with the number of areas."""

    def __init__(self) -> None:
        self._pickled: dict[str, bytes] = {}

    def add(self, slug: str, area: AreaData) -> None:
        self._pickled[slug] = pickle.dumps(area, protocol=pickle.HIGHEST_PROTOCOL)

    def pickled(self, slug: str) -> bytes:
        return self._pickled[slug]

    def __getitem__(self, slug: str) -> AreaData:
        loaded: AreaData = pickle.loads(self._pickled[slug])
        return loaded

    def __contains__(self, slug: object) -> bool:
        return slug in self._pickled

    def __iter__(self) -> Iterator[str]:
        return iter(self._pickled)

    def __len__(self) -> int:
        return len(self._pickled)


@dataclass
class Project:
    root: Path
    courses: dict[str, Course]
    guides: dict[str, Page]
    pages: dict[str, Page]
    areas: Mapping[str, AreaData]
    warnings: list[Problem] = field(default_factory=list)
    worksheets: dict[str, WorksheetsFile] = field(default_factory=dict)
    services: Services = field(default_factory=lambda: Services(()))
    # The nation whose readers the content was resolved for (variants.for_nation), or None: as written.
    nation: str | None = None
    # Translated pages beside the English: ("guides", slug, "cy") -> the page in Welsh.
    translations: dict[tuple[str, str, str], Page] = field(default_factory=dict)
    # Lines for the end of `jobclub check`'s report (e.g. how much is in Welsh).
    notes: list[str] = field(default_factory=list)


def area_slugs(root: Path) -> list[str]:
    """The areas in a project: every folder in site_data/ with an area.yml."""
    folder = root / "site_data"
    return sorted(p.name for p in folder.iterdir() if (p / "area.yml").is_file()) if folder.is_dir() else []


def _not_areas(root: Path) -> list[Problem]:
    """Folders in site_data/ without an area.yml. Such a folder is not built, so its site would be
    taken down by the next full build: an error, so that nothing is taken down by mistake."""
    folder = root / "site_data"
    if not folder.is_dir():
        return []
    problems = []
    for path in sorted(folder.iterdir()):
        if not path.is_dir() or path.name.startswith(".") or (path / "area.yml").is_file():
            continue
        names = ("area.yaml", "area.yml.txt", "area.yml")
        misnamed = [p.name for p in path.iterdir() if p.name.lower() in names]
        hint = (
            f"Rename {misnamed[0]} to area.yml." if misnamed else
            "Add its area.yml (jobclub new-area makes a new area with one), or move the folder out of "
            "site_data/ if it is not an area."
        )
        problems.append(Problem(
            Position(path), "",
            f"The folder {path.name} has no area.yml, so it is not an area: it is not built, and a site "
            "already published for it would be taken down", hint,
        ))
    return problems


def load_project(root: Path, today: dt.date, only: list[str] | None = None) -> Project:
    """Read and check the whole project (or only some areas). Raises DataErrors listing every problem."""
    problems: list[Problem] = _links_outside(root)
    warnings: list[Problem] = []
    courses = _load_courses(root / "content" / "courses", problems, warnings)
    try:
        worksheets = load_worksheets(root, courses)
    except DataErrors as errors:
        problems.extend(errors.problems)
        worksheets = {}
    guides = _load_pages(root / "content" / "guides", problems)
    pages = _load_pages(root / "content" / "pages", problems)
    services, found, stale = load_services(root, today)
    problems.extend(found)
    variant_problems = content_problems(root, guides, pages, services) if not found else []
    problems.extend(problem for problem in variant_problems if not problem.warning)
    translations = {
        (kind, slug, language): page
        for kind, english in (("guides", guides), ("pages", pages))
        for language in TRANSLATED
        for slug, page in _load_pages(root / "content" / kind, problems, language, english).items()
    }
    if not found:  # Welsh pages are read in Wales: no other nation's service named by hand in them
        problems.extend(p for p in translation_problems(translations, services) if not p.warning)
    for course in courses.values():
        _check_guides(root, course, guides, problems)
        _check_plans(root, course, worksheets.get(course.slug), problems)
    slugs = area_slugs(root)
    problems.extend(_not_areas(root))
    if not slugs:
        problems.append(
            Problem(Position(root / "site_data"), "", "There are no areas in site_data",
                    "Make one with: jobclub new-area SLUG --name NAME --nation NATION")
        )
    for slug in only or []:
        if slug not in slugs:
            hint = did_you_mean(slug, slugs) or (
                f"The areas are: {', '.join(slugs)}. To start a new area, run jobclub new-area {slug} "
                "with --name and its job club's name in quotes"
            )
            problems.append(Problem(Position(root / "site_data"), "", f'There is no area "{slug}"', hint))
    warnings.extend([*stale, *(problem for problem in variant_problems if problem.warning)])
    areas = Areas()
    for slug in only or slugs:
        if slug in slugs:
            area = _load_area(root / "site_data" / slug, courses, today, problems, warnings)
            if area is not None:
                areas.add(slug, area)
    if problems:
        # Warnings too: `check` lists every problem at once, and a warning is one to fix as well.
        raise DataErrors(sorted(problems + warnings, key=_in_order))
    return Project(
        root, courses, guides, pages, areas, warnings, worksheets, services, translations=translations
    )


def _in_order(problem: Problem) -> tuple[Position, Position]:
    """Problems in file order, except that two entries with one id come first in their area's folder:
    that is often the cause of the problems after it (a venue copied and its id not changed, so the
    timetable names a venue that is not there), and fixing it first fixes them."""
    if problem.message.startswith(REPEATED_ID):
        return Position(problem.position.path.parent), problem.position
    return problem.position, problem.position


# --- content/ ------------------------------------------------------------------------------------


def _load_courses(folder: Path, problems: list[Problem], warnings: list[Problem]) -> dict[str, Course]:
    courses: dict[str, Course] = {}
    for path in sorted(folder.glob("*.yml")):
        document = _load(path, problems, warnings)
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


# Everything below reads a line once, left to right: no pattern can backtrack over a long line.
_TAG_START = re.compile(r"<([^\s<>]*)")
_AUTOLINK = re.compile(r"(?:https?://|mailto:|tel:)[^\s<>]*>|[^\s<>@/:]+@[^\s<>@/:]+>")
_INLINE_LINK = re.compile(r"(!?)\[[^\[\]]*\]\(\s*<?([^)\s>]*)")
_REFERENCE = re.compile(r"^ {0,3}\[([^\[\]]+)\]:[ \t]*<?([^\s>]*)")
_REFERENCE_IMAGE = re.compile(r"!\[([^\[\]]*)\](?:\[([^\[\]]*)\])?")
_ATTRIBUTES = re.compile(r"\{[^{}]*\}")
# The one attribute a page may set: the language of a few words, e.g. **Sign in**{: lang="en" }.
_LANGUAGE_ONLY = re.compile(r'^\{:\s*lang="(en|cy)"\s*\}$')
_SAFE_LINK = re.compile(r"^(https?:|mailto:|tel:|#|/(?![/\\])|\.|[a-z0-9-]+(\.md)?(#[\w-]*)?$)", re.I)
_REMOTE = re.compile(r"^([a-z][a-z0-9+.-]*:|[/\\]{2})", re.I)
_HTML_HINT = "Write it in Markdown instead: headings, lists, **bold** and [links](https://...)."
_LINK_HINT = "Links must start with https://, http://, mailto: or tel:."
_REMOTE_MESSAGE = "nothing on our pages asks another site for anything"


# Languages a page can be translated into, as <slug>.<language>.md beside <slug>.md.
TRANSLATED = ("cy",)
# The names of the pages and folders the kit gives every site: a shared page (content/pages/) named
# like one would take its place, or be lost.
KIT_PAGES = frozenset({
    "index", "readme", "timetable", "accessibility", "courses", "guides", "help", "venues", "packs",
    "posters", "assets", "search", "calendar", "404", "sitemap", *TRANSLATED,
})


def _load_pages(
    folder: Path,
    problems: list[Problem],
    language: str | None = None,
    english: dict[str, Page] | None = None,
) -> dict[str, Page]:
    """The pages in a folder: the English (<slug>.md), or with `language` its translations
    (<slug>.cy.md), each of which must have an English page beside it."""
    pages: dict[str, Page] = {}
    twins: list[tuple[str, str, Page]] = []
    for path in sorted(folder.glob(f"*.{language}.md" if language else "*.md")):
        # <slug>[.<nation>][.<language>].md: the English is <slug>.md, its Welsh <slug>.cy.md.
        stem = path.name.removesuffix(".md").removesuffix(f".{language}" if language else "")
        if language is None and stem.rpartition(".")[2] in TRANSLATED:
            continue
        if english is not None and stem.partition(".")[0] not in english:
            problems.append(
                Problem(Position(path, 1, 1), "", f'There is no English "{stem}.md" for this translation',
                        did_you_mean(stem, english) or "Name it after the English page, e.g. get-help.cy.md.")
            )
            continue
        if _outside(path, folder.parent.parent):
            continue  # reported by _links_outside
        # slug.<nation>.md is a page for one nation (variants.py).
        slug, _, nation = stem.partition(".")
        if language is None and slug.lower() in KIT_PAGES:
            problems.append(
                Problem(Position(path, 1, 1), "", f'"{slug}" is the name of one of the kit\'s own pages',
                        f"Every site already has a page or folder called {slug}. Rename this file, "
                        f"e.g. {slug}-info.md.")
            )
            continue
        if nation and "." not in nation and nation not in NATIONS and did_you_mean(nation, NATIONS):
            problems.append(
                Problem(Position(path), "", f'There is no nation "{nation}"',
                        f"{did_you_mean(nation, NATIONS)} A page for one nation is named "
                        f"{slug}.<nation>.md.")
            )
            continue
        try:
            text = read_text(path)
        except DataErrors as errors:
            problems.extend(errors.problems)
            pages[stem] = Page(stem, stem, "", path)  # so courses naming it say nothing more
            continue
        lines = text.splitlines()
        if not lines or not lines[0].startswith("# "):
            problems.append(
                Problem(Position(path, 1, 1), "", "The page does not start with its title",
                        "Make the first line the title, starting with # and a space, e.g. # Make a CV")
            )
            continue
        problems.extend(check_page(path, lines))
        page = Page(stem, plain_title(lines[0][2:]), text, path)
        if nation in NATIONS:
            twins.append((slug, nation, Page(slug, page.title, text, path)))
        else:
            pages[stem] = page
    for slug, nation, twin in twins:
        if slug not in pages:
            problems.append(
                Problem(Position(twin.path), "", f"This page is for {nation} only, but there is no {slug}.md",
                        f"Add {slug}.md for the other nations, or rename this file {slug}.md.")
            )
        else:
            pages[slug].nations[nation] = twin
    return pages


def plain_title(heading: str) -> str:
    """A heading's Markdown as the plain text it shows: `Help &amp; advice` and `Help \\& advice` are
    both "Help & advice" (escaped once, where it is printed)."""
    return html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|&<>])", r"\1", heading.strip().rstrip("#").strip()))


def check_page(path: Path, lines: list[str]) -> list[Problem]:
    """What a content page must not have: HTML, attributes, links that run code or leave the site
    without a click, and pictures from other websites. The rendered page is sanitised as well
    (sanitise.py); this says where to fix it."""
    found: list[Problem] = []

    def at(number: int, column: int, message: str, hint: str) -> None:
        found.append(Problem(Position(path, number, column + 1), "", message, hint))

    # Every pattern below needs a <, { or [ in the line: most lines of prose have none.
    marked = [(number, line) for number, line in enumerate(lines, start=1)
              if "<" in line or "{" in line or "[" in line]
    definitions: dict[str, tuple[int, int, str]] = {}
    for number, line in marked:
        if definition := _REFERENCE.match(line):
            definitions[definition[1].strip().lower()] = (number, definition.start(2), definition[2])
    for number, line in marked:
        for tag in _TAG_START.finditer(line):
            name = tag[1]
            if _AUTOLINK.match(line, tag.start(1)):
                target = name.rstrip(">")
                if _REMOTE.match(target) and not _SAFE_LINK.match(target):
                    at(number, tag.start(1), _unsafe_link_message(target), _LINK_HINT)
            elif name[:1].isalpha() or name[:1] in ("/", "!", "?"):
                at(number, tag.start(), "HTML is not allowed in a page", _HTML_HINT)
                break  # once a line is enough to find it
        for attributes in _ATTRIBUTES.finditer(line):
            if "=" in attributes[0] and not _LANGUAGE_ONLY.match(attributes[0]):
                at(number, attributes.start(), f"{attributes[0]} sets something on the page that a page "
                   "cannot set", "Delete the part in curly brackets { }.")
        for link in _INLINE_LINK.finditer(line):
            _check_target(link[2], bool(link[1]), number, link.start(2), at)
        if definition := _REFERENCE.match(line):
            _check_target(definition[2], False, number, definition.start(2), at)
        for image in _REFERENCE_IMAGE.finditer(line):
            label = (image[2] or image[1]).strip().lower()
            if label in definitions and _REMOTE.match(definitions[label][2]):
                line_number, column, target = definitions[label]
                _check_target(target, True, line_number, column, at)
    return sorted(set(found), key=lambda problem: problem.position)


def _check_target(target: str, image: bool, number: int, column: int, at: typing.Callable) -> None:
    if target.startswith(("//", "/\\", "\\")):
        message = f'"{_shortened(target)}" is a link to another site without saying how to reach it'
        at(number, column, f"{message}: {_REMOTE_MESSAGE}", "Write the whole address, starting with https://.")
    elif image and _REMOTE.match(target):
        at(number, column, f'A picture from another website cannot be used: {_REMOTE_MESSAGE}',
           "Save the picture into the project and use its file name, or link to the page instead.")
    elif not _SAFE_LINK.match(target):
        at(number, column, _unsafe_link_message(target), _LINK_HINT)


def _unsafe_link_message(target: str) -> str:
    target = html.unescape(target)  # &#106;avascript: is javascript: to a browser
    if ":" in target:
        return f'A link starting "{_shortened(target.split(":")[0])}:" cannot be used'
    return f'"{_shortened(target)}" is not a link that can be used'


def _shortened(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 3] + "..."


def _outside(path: Path, root: Path) -> bool:
    return path.is_symlink() and not path.resolve().is_relative_to(root.resolve())


def _links_outside(root: Path) -> list[Problem]:
    """Symlinks in content/, site_data/ or templates/ that lead out of the project: whatever they
    point at (a file in someone's home folder) would be published."""
    found = []
    for top in ("content", "site_data", "templates"):
        for folder, names, files in os.walk(root / top):
            for name in sorted(names + files):
                link = os.path.join(folder, name)
                if not os.path.islink(link):  # most are not: no Path made for them (a check's startup)
                    continue
                path = Path(link)
                if _outside(path, root):
                    found.append(
                        Problem(Position(path), "",
                                f"This is a link to {os.readlink(path)}, which is outside the project, "
                                "so it cannot be used",
                                "Copy the file into the project instead of linking to it, "
                                "or delete the link.")
                    )
    return found


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
        document = _load(path, problems, warnings)
        if document is None:
            continue
        validated, found = validate_document(document, model)
        problems.extend(found)
        if validated is not None:
            documents[name], models[name] = document, validated
    # Warnings about each file that could be read, even if another file has mistakes: `check` lists
    # every problem at once.
    for document in documents.values():
        warnings.extend(_placeholders(document))
        warnings.extend(_shown_quotes_and_insecure_addresses(document))
    if isinstance(models.get("partners.yml"), PartnersFile):
        warnings.extend(_stale_partners(models["partners.yml"].partners, documents["partners.yml"], today))
    if "area.yml" in documents:
        warnings.extend(_doubled_job_club(documents["area.yml"]))
    if isinstance(models.get("venues.yml"), VenuesFile):
        warnings.extend(_unknown_answers(models["venues.yml"].venues, documents["venues.yml"]))
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
    venue_entries = _Entries.of("venue", documents["venues.yml"], "venues", venues_file.venues)
    partner_entries = _Entries.of("partner", documents["partners.yml"], "partners", partners_file.partners)
    venues, partners = venue_entries.by_id, partner_entries.by_id
    for index, partner in enumerate(partners_file.partners):
        for place, venue in enumerate(partner.venues):
            venue_entries.refer(documents["partners.yml"], ("partners", index, "venues", place), venue)
    document = documents["timetable.yml"]
    for index, entry in enumerate(timetable.sessions):
        if entry.course not in courses:
            loc = ("sessions", index, "course")
            problems.append(_dangling(document, loc, entry.course, "course", courses, "content/courses"))
        venue_entries.refer(document, ("sessions", index, "venue"), entry.venue)
        partner_entries.refer(document, ("sessions", index, "run_by"), entry.run_by)
        for place, move in enumerate(entry.moved):
            if move.venue is not None:
                venue_entries.refer(document, ("sessions", index, "moved", place, "venue"), move.venue)
    problems.extend(venue_entries.problems() + partner_entries.problems())
    for index, entry in enumerate(timetable.sessions):
        problems.extend(schedule.check_entry(entry, document, ("sessions", index)))
        if entry.course in courses:
            checked = _check_run(entry, courses[entry.course], document, ("sessions", index))
            problems.extend(problem for problem in checked if not problem.warning)
            warnings.extend(problem for problem in checked if problem.warning)
        warnings.extend(
            schedule.warn_entry(entry, venues.get(entry.venue), today, document, ("sessions", index))
        )
    problems.extend(_same_session_twice(timetable.sessions, document))
    if len(problems) > before:
        return None
    warnings.extend(schedule.warn_overlaps(list(timetable.sessions), area.nation, venues, document))
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


def _same_session_twice(entries: list[TimetableEntry], document: Document) -> list[Problem]:
    """Two entries for the same course, venue, room and time on the same date: a calendar app could
    not tell them apart (events.uid), so a cancellation of one would be lost from the feeds."""
    seen: dict[tuple[object, ...], int] = {}
    found = []
    for index, entry in enumerate(entries):
        for date in schedule.usual_dates(entry):
            key = (entry.course, entry.venue, entry.room, entry.start, date)
            if key in seen and seen[key] != index:
                loc = ("sessions", index)
                found.append(
                    Problem(document.position(loc), field_name(loc),
                            f"This is the same session as sessions[{seen[key]}]: the same course, venue, "
                            f"room and time on {date}",
                            "Delete one of them, or if two groups meet at once give each its own room: line.")
                )
                break
            seen.setdefault(key, index)
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


_INSECURE_ADDRESS = re.compile(r"http://\S+", re.IGNORECASE)


def _shown_quotes_and_insecure_addresses(document: Document) -> list[Problem]:
    """Text wholly in curly double quotes, pasted from Word: in a file that is valid they are around
    text (a time or a date in them is refused), which the site would show in its quotes. And web
    addresses starting with http://, which browsers warn people away from."""
    found = []
    for loc, value in texts_in(document.data):
        where = document.position(loc), field_name(loc)
        if (inner := curly_quoted(value, CURLY_DOUBLE_QUOTES)) is not None:
            named = loc and isinstance(loc[-1], str)
            found.append(Problem(
                *where, f"{value.strip()} is in curly quote marks, which will show on the page",
                "If they are not meant to be seen, delete them, so that the line reads "
                f"{loc[-1]}: {inner}" if named else f"If they are not meant to be seen, delete the quote "
                f"marks around {inner}", warning=True,
            ))
        elif _INSECURE_ADDRESS.fullmatch(value.strip()):
            found.append(Problem(
                *where, f'"{value.strip()}" is not a secure address: it starts with http://, not https://',
                "Check whether the site works with https://: open the address in a browser with https:// "
                "in place of http://. If it does, write that address here.", warning=True,
            ))
    return found


def _doubled_job_club(document: Document) -> list[Problem]:
    """A name ending in "job club": the site adds those words, so it would say them twice."""
    typed = document.data.get("name") if isinstance(document.data, dict) else None
    if not isinstance(typed, str) or not JOB_CLUB_SUFFIX.search(typed):
        return []
    short = JOB_CLUB_SUFFIX.sub("", typed).strip()
    return [
        Problem(document.position(("name",)), "name", f'The name "{typed}" already ends in "job club"',
                f'The site adds "job club" after the name, so write name: {short} '
                f'(the site shows "{short} job club").', warning=True)
    ]


def _unknown_answers(venues: list[Venue], document: Document) -> list[Problem]:
    """Access answers that are "not known": the site tells people to ask, but someone should find out."""
    warnings = []
    for index, venue in enumerate(venues):
        unknown = [name for name, answer in venue.accessibility if answer is None and name != "notes"]
        if unknown:
            listed = ", ".join(name.replace("_", " ") for name in unknown)
            warnings.append(
                Problem(document.position(("venues", index, "accessibility", unknown[0])),
                        field_name(("venues", index, "accessibility")),
                        f"Nobody has said yet whether {venue.name} has: {listed}",
                        "The site tells people to ask the venue. When you know, change not known to "
                        "yes or no.", warning=True)
            )
    return warnings


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


def _load(path: Path, problems: list[Problem], warnings: list[Problem]) -> Document | None:
    if not path.resolve().is_relative_to(path.parent.parent.parent.resolve()):
        return None  # a link out of the project (reported by _links_outside): never read
    try:
        document = load_yaml(path)
    except DataErrors as errors:
        problems.extend(errors.problems)  # with the file's warnings, if it has any
        return None
    warnings.extend(document.warnings)  # a value cut short by a #
    return document


# The start of the message for two entries with one id: it comes first (_in_order).
REPEATED_ID = "Two entries have the id"


@dataclass
class _Entries:
    """An area's venues (or partners) by id, and the references to ids that none of them has. Their
    problems are said together: two entries with one id often explain a reference to an id that is
    not there (a venue copied and its id not changed), and then "Did you mean" the repeated id would
    send the sessions to the wrong one of the two."""

    kind: str
    document: Document
    key: str
    by_id: dict[str, typing.Any]
    # Each id that more than one entry has, with the indexes of those entries.
    repeated: dict[str, list[int]]
    # Each reference to an id that no entry has: the file, where in it, and the id.
    missing: list[tuple[Document, Loc, str]] = field(default_factory=list)

    @classmethod
    def of(cls, kind: str, document: Document, key: str, items: list[Venue] | list[Partner]) -> _Entries:
        indexes: dict[str, list[int]] = {}
        for index, item in enumerate(items):
            indexes.setdefault(item.id, []).append(index)
        repeated = {id_: where for id_, where in indexes.items() if len(where) > 1}
        return cls(kind, document, key, {item.id: item for item in items}, repeated)

    def refer(self, document: Document, loc: Loc, value: str) -> None:
        if value not in self.by_id:
            self.missing.append((document, loc, value))

    def problems(self) -> list[Problem]:
        return self._repeated_ids() + [self._not_there(*reference) for reference in self.missing]

    def _line(self, index: int) -> int:
        return self.document.position((self.key, index, "id")).line

    def _one_copy(self) -> bool:
        """Whether just two entries have one id: then the second is the copy."""
        return [len(indexes) for indexes in self.repeated.values()] == [2]

    def _repeated_ids(self) -> list[Problem]:
        """A problem at each entry that has the id of an entry before it."""
        found = []
        # The ids named but missing, that could be what the copy was meant to be called: not those
        # close to an id that is there (a typo, said as "Did you mean" at the reference).
        others = [id_ for id_ in self.by_id if id_ not in self.repeated]
        wanted = list(dict.fromkeys(value for _, _, value in self.missing if not did_you_mean(value, others)))
        naming = " and ".join(dict.fromkeys(document.path.name for document, _, value in self.missing
                                            if value in wanted))
        for id_, indexes in self.repeated.items():
            first = self._line(indexes[0])
            for index in indexes[1:]:
                loc = (self.key, index, "id")
                copied = f"If you copied the {self.kind} on line {first} to make this one"
                if len(wanted) == 1 and self._one_copy():
                    hint = (f"{copied}, change this id to {wanted[0]}: {naming} "
                            f"{'name' if ' and ' in naming else 'names'} a {self.kind} \"{wanted[0]}\", "
                            f"and no {self.kind} has that id.")
                elif wanted:
                    perhaps = wanted[0] if len(wanted) == 1 else f"one of {', '.join(wanted)}"
                    hint = (f"{copied}, give this one its own id: perhaps {perhaps}, which {naming} "
                            f"{'name' if ' and ' in naming else 'names'} but no {self.kind} has.")
                else:
                    hint = f"{copied}, give this one its own id, for example {id_}-2."
                other = "other" if len(indexes) == 2 else "first"
                found.append(Problem(self.document.position(loc), field_name(loc),
                                     f'{REPEATED_ID} "{id_}" (the {other} is on line {first})', hint))
        return found

    def _not_there(self, document: Document, loc: Loc, value: str) -> Problem:
        if not self.repeated:
            return _dangling(document, loc, value, self.kind, self.by_id, self.document.path.name)
        # Never "Did you mean" a repeated id: say what is wrong with it instead.
        hint = did_you_mean(value, [id_ for id_ in self.by_id if id_ not in self.repeated])
        if not hint:
            said = [
                f'{_how_many(len(indexes))} {self.kind + "s " if number == 0 else ""}with the id "{id_}" '
                f"(lines {', '.join(str(self._line(index)) for index in indexes[:-1])} and "
                f"{self._line(indexes[-1])})"
                for number, (id_, indexes) in enumerate(self.repeated.items())
            ]
            hint = (f"{self.document.path.name} has {' and '.join(said)}: if you copied a {self.kind} to "
                    "make this one, change the id of the copy")
            if self._one_copy():
                hint += f", on line {self._line(next(iter(self.repeated.values()))[1])}, to {value}"
            hint += "."
        return Problem(document.position(loc), field_name(loc), f'There is no {self.kind} "{value}"', hint)


def _how_many(count: int) -> str:
    return {2: "two", 3: "three", 4: "four", 5: "five"}.get(count, str(count))


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
