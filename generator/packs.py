"""Printable packs a tutor can hand out: one tutor pack and two learner packs for each course an area runs,
and the course's paperwork (see paperwork.py).

For every course (not drop-in) in an area's timetable, three PDFs from the Jinja2 templates in
templates/packs/, made with WeasyPrint in this process:

- `<course>-tutor.pdf`: the course at a glance, each session's plan, tips for learners new to computers,
  and the course's dates in the area;
- `<course>-learner.pdf` (14pt) and `<course>-learner-large-print.pdf` (18pt): the worksheets from
  content/worksheets/<course>.yml, then where to get more help in the area and the course's next dates.

The packs follow RNIB Clear Print: a sans-serif font from the machine, left-aligned, no italics or
underlining, black on white, page numbers as large as the text. They are tagged PDF/UA-1 with a title
and a language, and byte-identical from one build to the next (their dates are --today).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import markdown
import nh3
import weasyprint
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup, escape
from weasyprint import CSS, HTML
from weasyprint.document import Document as LaidOutDocument
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from . import languages, runs, schedule
from .errors import BuildError
from .model import WEEKDAYS, Activity, Course, Partner, TimetableEntry, Venue
from .paperwork import PAPERWORK, paperwork_values
from .phrases import Phrasebook, off_reason
from .project import AreaData, Project
from .publish import replace_file
from .render import Strings, for_nation_strings, load_strings, sanitised_markdown, template_position
from .schedule import BankHoliday
from .services import national_help
from .variants import for_nation, resolve_model
from .worksheets import WorksheetsFile, load_worksheets

PackKind = Literal[
    "tutor",
    "learner",
    "learner-large-print",
    "register",
    "attendance",
    "attendance-large-print",
    "certificate",
    "certificate-large-print",
    "progress",
    "progress-large-print",
]
Print = Literal["standard", "large-print"]

# Each course gets these packs: (kind, which is also the end of the file name; print size; template).
PACKS: tuple[tuple[PackKind, Print, str], ...] = (
    ("tutor", "standard", "tutor.html"),
    ("learner", "standard", "learner.html"),
    ("learner-large-print", "large-print", "learner.html"),
)
TUTOR_WEEKS = 12  # the tutor pack lists the course's dates for this many weeks
NEXT_DATES = 4  # the learner pack lists this many next dates for each place the course runs
NEXT_DATES_WEEKS = 26  # looking this far ahead for them
PDF_VARIANT = "pdf/ua-1"
_LANG_TAGS = {"en": "en-GB", "cy": "cy"}


@dataclass(frozen=True)
class PackFile:
    """One PDF that was written, with what the site needs to link to it."""

    path: Path
    kind: PackKind
    course: str
    pages: int
    size: int  # bytes

    @property
    def kilobytes(self) -> int:
        """The size in whole kilobytes (at least 1), for "PDF, 6 pages, 180 KB", counted as the
        site counts its other downloads (render.Download: 1 KB is 1024 bytes)."""
        return max(1, round(self.size / 1024))


class PackPrinter:
    """The templates, stylesheets and fonts for packs, made once and shared by every pack of every area."""

    def __init__(self, templates: Path) -> None:
        self.templates = templates
        folder = templates / "packs"
        self.environment = Environment(
            loader=FileSystemLoader(folder),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.environment.filters.update(
            markdown=sanitised_markdown, outcome_number=lambda outcome, ids: ids.index(outcome) + 1,
            # A bank holiday in the pack's language; staff's reason as they wrote it, full stop and all.
            off_reason=lambda occurrence, t: (
                off_reason(t, occurrence) if isinstance(occurrence.off_reason, BankHoliday)
                else occurrence.off_reason
            ),
        )
        self.font_config = FontConfiguration()
        # Nothing in a pack is fetched from anywhere; refuse anything that is not a local file.
        self.url_fetcher = URLFetcher(allowed_protocols=("file",))
        base = CSS(filename=folder / "pack.css", font_config=self.font_config, url_fetcher=self.url_fetcher)
        self.stylesheets: dict[Print, list[CSS]] = {
            size: [
                base,
                CSS(
                    filename=folder / f"{size}.css",
                    font_config=self.font_config,
                    url_fetcher=self.url_fetcher,
                ),
            ]
            for size in ("standard", "large-print")
        }
        self.base_url = folder.absolute().as_uri() + "/"
        self.stylesheet_text = "".join(
            (folder / name).read_text(encoding="utf-8")
            for name in ("pack.css", "standard.css", "large-print.css")
        )

    def strings(self, language: str) -> Strings:
        """The packs' own fixed text (templates/packs/strings/<language>.yml)."""
        path = self.templates / "packs" / "strings" / f"{language}.yml"
        if not path.is_file():
            raise BuildError(
                f"{path.as_posix()} is missing, so the packs cannot be made in this language. "
                "Copy en.yml beside it and translate it."
            )
        return load_strings(self.templates / "packs", language, escape)

    def render(self, template: str, **values: Any) -> str:
        """A pack's HTML; a mistake in a template is a BuildError naming the template and line."""
        try:
            return self.environment.get_template(template).render(**values)
        except TemplateError as error:
            raise BuildError(f"{template_position(error)}: {error.message}") from None

    def print(self, html: str, size: Print, cache: Path | None = None) -> tuple[bytes, int]:
        """A pack's PDF and its number of pages. The PDF depends only on the HTML, the stylesheets and
        WeasyPrint (and the machine's fonts), so with a `cache` folder it is made once for each."""
        return cached_pdf(cache, [html, size, self.stylesheet_text], lambda: self.lay_out(html, size))

    def lay_out(self, html: str, size: Print) -> LaidOutDocument:
        return HTML(string=html, base_url=self.base_url, url_fetcher=self.url_fetcher).render(
            stylesheets=self.stylesheets[size], font_config=self.font_config, pdf_variant=PDF_VARIANT
        )


def cached_pdf(
    cache: Path | None, key_parts: list[str], lay_out: Callable[[], LaidOutDocument]
) -> tuple[bytes, int]:
    """A PDF and its number of pages, from `cache` when the same inputs were printed before.
    The key is the inputs (HTML, stylesheets) and WeasyPrint's version."""
    key = hashlib.sha256("\0".join([*key_parts, weasyprint.__version__]).encode()).hexdigest()
    if cache is not None:
        found = sorted(cache.glob(f"{key}-*.pdf"))
        if found:
            with contextlib.suppress(OSError):
                os.utime(found[0])  # used now: the cache keeps what recent builds used
            return found[0].read_bytes(), int(found[0].stem.rsplit("-", 1)[1])
    document = lay_out()
    data = document.write_pdf(pdf_variant=PDF_VARIANT)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        replace_file(cache / f"{key}-{len(document.pages)}.pdf", data)
    return data, len(document.pages)


_printers: dict[Path, tuple[tuple[int, ...], PackPrinter]] = {}


def shared_printer(templates: Path) -> PackPrinter:
    """One printer per templates folder for the whole process: stylesheets are parsed once, and again
    only when one of them changes (`jobclub serve` rebuilds in the same process)."""
    stamp = tuple(
        number
        for name in ("pack.css", "standard.css", "large-print.css")
        for number in _file_stamp(templates / "packs" / name)
    )
    cached = _printers.get(templates)
    if cached is None or cached[0] != stamp:
        cached = _printers[templates] = (stamp, PackPrinter(templates))
    return cached[1]


def _file_stamp(path: Path) -> tuple[int, int]:
    try:
        found = path.stat()
    except FileNotFoundError:
        raise BuildError(f"{path.as_posix()} is missing: the packs need it.") from None
    return found.st_mtime_ns, found.st_size


@dataclass(frozen=True)
class PlannedPack:
    """A pack's HTML, ready to be printed to PDF."""

    name: str  # the file name, e.g. cv-writing-learner.pdf
    kind: PackKind
    course: str
    size: Print
    html: str


def plan_packs(
    project: Project,
    area: AreaData,
    today: dt.date,
    strings: Strings,
    worksheets: dict[str, WorksheetsFile],
    printer: PackPrinter,
) -> list[PlannedPack]:
    """The HTML of the tutor and learner packs of every course the area runs."""
    project = for_nation(project, area.area.nation)
    site = for_nation_strings(dataclasses.replace(strings, escape=escape), project, area.area.nation)
    text = for_nation_strings(printer.strings(site.language), project, area.area.nation)
    services = national_help(project.services.for_nation(area.area.nation))
    planned = []
    for slug, course in courses_with_packs(project, area).items():
        content = worksheets.get(slug) or WorksheetsFile(course=slug)
        values = _pack_values(area, course, content, today, site, text) | {"services": services}
        values["guides"] = {slug: project.guides[slug] for slug in course.guides}
        values["printed_guides"] = [printed_guide(project.guides[slug].markdown) for slug in course.guides]
        values.update(paperwork_values(area, course, today))
        for kind, size, template in (*PACKS, *PAPERWORK):
            html = printer.render(template, **values, kind=kind, size=size)
            planned.append(PlannedPack(f"{slug}-{kind}.pdf", kind, slug, size, html))
    return planned


def build_packs(
    project: Project,
    area: AreaData,
    today: dt.date,
    out_dir: Path,
    strings: Strings,
    *,
    worksheets: dict[str, WorksheetsFile] | None = None,
    printer: PackPrinter | None = None,
    cache: Path | None = None,
) -> list[PackFile]:
    """Write the tutor and learner packs of every course the area runs into `out_dir`, and nothing else.

    `strings` is the area's site text (for days, months, times and help topics). Pass `worksheets`
    from `load_worksheets` to check them earlier, with the rest of the data; otherwise they are read here.
    Every pack's HTML is rendered before any PDF is written. With a `cache` folder, a pack whose
    HTML has not changed since it was last made is taken from there instead of laid out again.
    """
    project = for_nation(project, area.area.nation)
    if worksheets is None:
        worksheets = load_worksheets(project.root, project.courses)
    services = project.services.for_nation(area.area.nation)
    nation = area.area.nation
    worksheets = {slug: resolve_model(found, nation, services) for slug, found in worksheets.items()}
    printer = printer or shared_printer(project.root / "templates")
    planned = plan_packs(project, area, today, strings, worksheets, printer)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for pack in planned:
        data, pages = printer.print(pack.html, pack.size, cache)
        replace_file(out_dir / pack.name, data)
        written.append(PackFile(out_dir / pack.name, pack.kind, pack.course, pages, len(data)))
    return written


def courses_with_packs(project: Project, area: AreaData) -> dict[str, Course]:
    """The area's courses that have packs (not drop-ins), in the order of the timetable."""
    slugs = dict.fromkeys(entry.course for entry in area.sessions)
    return {slug: project.courses[slug] for slug in slugs if project.courses[slug].format == "course"}


# --- What the templates are given ----------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a course runs (one timetable entry), with its next dates: only dates it is on (a moved
    one says what changed), and the dates it is not on among them, shown as cancelled."""

    entry: TimetableEntry
    venue: Venue
    next_dates: list[schedule.Occurrence]
    not_on: list[schedule.Occurrence]


@dataclass(frozen=True)
class Helper:
    """A local partner, with the venues where people can find it."""

    partner: Partner
    venues: list[Venue]


def _pack_values(
    area: AreaData,
    course: Course,
    worksheets: WorksheetsFile,
    today: dt.date,
    site: Strings,
    text: Strings,
) -> dict[str, Any]:
    nation = area.area.nation
    entries = [entry for entry in area.sessions if entry.course == course.slug]
    places = []
    for entry in entries:
        ahead = schedule.upcoming([entry], nation, today, NEXT_DATES_WEEKS * 7, area.venues)
        on = [occurrence for occurrence in ahead if not occurrence.is_off][:NEXT_DATES]
        if on:
            off = [o for o in ahead if o.is_off and o.date < on[-1].date]
            places.append(Place(entry, area.venues[entry.venue], on, off))
    made = day_month_year(site, today)
    helpers = local_help(area, worksheets.help_topics)
    directory = area.help_by_need()
    upcoming = schedule.upcoming(entries, nation, today, TUTOR_WEEKS * 7, area.venues)
    return {
        "t": text,
        "site": site,
        "lang": _LANG_TAGS.get(site.language, site.language),
        "today": today,
        "made": made,
        "area": area.area,
        "course": course,
        "worksheets": worksheets.worksheets,
        "venues": area.venues,
        "partners": area.partners,
        "upcoming": upcoming,
        "upcoming_entries": [entry for entry in entries if any(o.entry is entry for o in upcoming)],
        "tutor_weeks": TUTOR_WEEKS,
        "places": places,
        "helpers": helpers,
        "help_venues": list({venue.id: venue for helper in helpers for venue in helper.venues}.values()),
        "help_by_need": directory,
        "phrases": Phrasebook(site, area.venues, today),
        "opening_times": lambda venue: opening_times(venue, site, text),
        # The course's page in the pack's language (a Welsh pack sends people to the Welsh site).
        "course_url": languages.site_address(str(area.area.site_url), area.area.languages, site.language)
        + f"courses/{course.slug}/"
        if area.area.site_url
        else None,
        "page_label": page_label(text),
        "duration": lambda minutes: duration(text, minutes),
        "timed": timed,
        "clock_offset": clock_offset,
        "course_part": lambda occurrence: runs.course_part(occurrence, course),
        "next_start": lambda entry: runs.next_course_starts(
            schedule.occurrences(entry, nation, area.venues), course, today
        ),
    }


_GUIDE_TAGS = {
    "h2", "h3", "h4", "h5", "p", "a", "strong", "em", "ul", "ol", "li", "br", "code",
    "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "div",
}


def printed_guide(text: str) -> Markup:
    """A guide as the learner pack prints it, as the site's "print the guides" page shows it: its title
    a level-2 heading and every heading one level down, cleaned of anything but a few tags."""
    shifted = re.sub(r"^(#+) ", r"#\1 ", text, flags=re.MULTILINE)
    html = markdown.markdown(shifted, extensions=["tables", "admonition", "def_list"])
    clean = nh3.clean(
        html,
        tags=_GUIDE_TAGS,
        attributes={"a": {"href"}, "div": {"class"}},
        url_schemes={"https", "http", "mailto", "tel"},
        link_rel=None,
    )
    return Markup(clean)


def timed(activities: list[Activity]) -> list[tuple[Activity, int]]:
    """Each activity with the minutes from the start of the session when it begins."""
    starts = [0]
    for activity in activities:
        starts.append(starts[-1] + activity.minutes)
    return list(zip(activities, starts, strict=False))


def clock_offset(minutes: int) -> str:
    """Minutes from the start of a session as a stopwatch shows them: 0:00, 0:25, 1:05."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def local_help(area: AreaData, topics: list[str]) -> list[Helper]:
    """Partners who help with any of the topics, by name, each with the venues where they are."""
    found = [partner for partner in area.partners.values() if set(partner.helps_with) & set(topics)]
    return [
        Helper(partner, [area.venues[venue] for venue in partner.venues])
        for partner in sorted(found, key=lambda partner: partner.name.lower())
    ]


def opening_times(venue: Venue, site: Strings, text: Strings) -> list[tuple[str, str]]:
    """A venue's opening hours, with runs of days that have the same hours put together:
    [("Monday to Friday", "9am to 5pm"), ("Sunday", "Closed")]."""
    days = [(index, getattr(venue.opening_hours, day)) for index, day in enumerate(WEEKDAYS)]
    runs: list[tuple[int, int, Any]] = []
    for index, hours in days:
        if hours is None:
            continue
        if runs and runs[-1][1] == index - 1 and runs[-1][2] == hours:
            runs[-1] = (runs[-1][0], index, hours)
        else:
            runs.append((index, index, hours))
    names = site("days")
    found = []
    for first, last, hours in runs:
        if first == last:
            when = names[first]
        else:
            joined = "days_pair" if last == first + 1 else "days_range"
            when = text(joined, first=names[first], last=names[last])
        if hours == "closed":
            found.append((str(when), str(text("closed"))))
        else:
            found.append(
                (str(when), str(site("session_time", start=site.clock(hours[0]), end=site.clock(hours[1]))))
            )
    return found


def duration(text: Strings, minutes: int) -> str:
    """1 hour, 1 hour 30 minutes, 2 hours, 45 minutes."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return text("minutes", minutes=rest)
    if hours == 1:
        return text("one_hour_and_minutes", minutes=rest) if rest else text("one_hour")
    return text("hours_and_minutes", hours=hours, minutes=rest) if rest else text("hours", hours=hours)


def day_month_year(site: Strings, date: dt.date) -> str:
    """25 November 2026."""
    return f"{date.day} {site('months')[date.month - 1]} {date.year}"


def page_label(text: Strings) -> Markup:
    """ "Page X of Y", with the numbers left for the stylesheet's page counters to fill in."""
    label = escape(text("page_x_of_y"))
    return Markup(
        label.replace("{page}", Markup('<span class="page"></span>')).replace(
            "{pages}", Markup('<span class="pages"></span>')
        )
    )
