"""A4 posters for the noticeboard: the next four weeks, in large type, with a QR code and a phone number.

One poster per area (`poster.pdf`) and one per venue (`poster-<venue>.pdf`), black on white so they
photocopy well, rendered from templates/posters/poster.html by WeasyPrint in this process.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import segno
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import escape
from weasyprint import HTML

from . import runs
from .model import WEEKDAYS, Course
from .packs import cached_pdf
from .project import AreaData, Project
from .render import Download, Strings, load_strings
from .schedule import Occurrence, upcoming

POSTER_WEEKS = 4


def poster_environment(templates: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(templates / "posters"), autoescape=True, undefined=StrictUndefined
    )


def area_posters(
    project: Project, area: AreaData, today: dt.date, environment: Environment, cache: Path | None = None
) -> dict[str, Download]:
    """`poster.pdf` for the area and `poster-<venue>.pdf` for each venue, as PDF bytes."""
    strings = load_strings(project.root / "templates", area.area.languages[0], escape)
    found = upcoming(area.sessions, area.area.nation, today, POSTER_WEEKS * 7, area.venues)
    site_url = str(area.area.site_url) if area.area.site_url else None
    make = functools.partial(
        _poster,
        project=project,
        area=area,
        today=today,
        environment=environment,
        strings=strings,
        cache=cache,
    )
    posters = {"poster.pdf": make(strings("poster_area_title", area=area.area.name), found, True, site_url)}
    for venue in area.venues.values():
        # Sessions here, and this venue's sessions moved elsewhere (so people are told).
        here = [o for o in found if venue.id in (o.venue, o.entry.venue)]
        url = f"{site_url.rstrip('/')}/venues/{venue.id}/" if site_url else None
        posters[f"poster-{venue.id}.pdf"] = make(
            strings("poster_venue_title", venue=venue.name), here, False, url
        )
    return posters


@dataclass(frozen=True)
class PosterItem:
    """One course or drop-in on a poster: when it usually is, and its dates in the next weeks."""

    title: str
    when: str
    where: str
    booking: str
    dates: list[str]
    changes: list[str]
    how_it_runs: str = ""  # when the next course starts, or that people can join any week


def poster_items(
    found: list[Occurrence], area: AreaData, courses: dict, t: Strings, show_venue: bool
) -> list[PosterItem]:
    """The sessions of the next weeks, one item per timetable entry, in the order they first happen."""
    items = []
    for index, entry in enumerate(area.sessions):
        mine = [occurrence for occurrence in found if occurrence.entry is entry]
        if not mine:
            continue
        times = t("session_time", start=t.clock(entry.start), end=t.clock(entry.end))
        when = f"{t('every_day', day=t('days')[WEEKDAYS.index(entry.day)])}, {times}" if entry.day else times
        venue = area.venues[entry.venue].name
        where = ", ".join([*([venue] if show_venue else []), *([entry.room] if entry.room else [])])
        booking = (
            t("session_drop_in") if entry.booking == "drop-in" else t("session_book", how=entry.how_to_book)
        )
        dates = [t.short_date(o.date) for o in mine if not o.is_off and not o.is_moved]
        changes = []
        for occurrence in mine:
            if occurrence.is_off:
                changes.append(
                    t("poster_off", date=t.short_date(occurrence.date), reason=occurrence.off_reason)
                )
            elif occurrence.is_moved:
                changes.append(
                    t(
                        "poster_moved",
                        date=t.short_date(occurrence.usual_date),
                        to=_moved_to(occurrence, area, t),
                        reason=occurrence.moved_reason,
                    )
                )
        items.append(
            (
                mine[0].sort_key,
                index,
                PosterItem(
                    entry.title or courses[entry.course].title,
                    when,
                    where,
                    booking,
                    dates,
                    changes,
                    _how_it_runs(mine, courses[entry.course], t),
                ),
            )
        )
    return [item for _, _, item in sorted(items, key=lambda triple: triple[:2])]


def _how_it_runs(mine: list[Occurrence], course: Course, t: Strings) -> str:
    """For a course run: the date its next course starts; for modules: that people can join any week."""
    runs_as = mine[0].entry.runs_as
    if runs_as == "modules":
        return t("poster_join_any_week")
    starts = runs.next_course_starts(mine, course, mine[0].date) if runs_as == "course" else None
    if starts is None:
        return ""
    return t("poster_next_course", date=t.short_date(starts.date), count=len(course.sessions))


def _moved_to(occurrence: Occurrence, area: AreaData, t: Strings) -> str:
    """Only what changes: the day, the time, the place."""
    entry = occurrence.entry
    parts = []
    if occurrence.date != occurrence.usual_date:
        parts.append(t.short_date(occurrence.date))
    if (occurrence.start, occurrence.end) != (entry.start, entry.end):
        parts.append(t("session_time", start=t.clock(occurrence.start), end=t.clock(occurrence.end)))
    if occurrence.venue != entry.venue:
        parts.append(area.venues[occurrence.venue].name)
    return ", ".join(parts)


def _poster(
    title: str,
    found: list[Occurrence],
    show_venue: bool,
    site_url: str | None,
    project: Project,
    area: AreaData,
    today: dt.date,
    environment: Environment,
    strings: Strings,
    cache: Path | None,
) -> Download:
    qr = segno.make(site_url, error="m").svg_data_uri(scale=4, border=2) if site_url else None
    html = environment.get_template("poster.html").render(
        t=strings,
        title=title,
        weeks=POSTER_WEEKS,
        items=poster_items(found, area, project.courses, strings, show_venue),
        site_url=site_url,
        qr=qr,
        area=area.area,
        language=strings.language,
        footer=strings.plain("poster_footer", date=strings.long_date(today, with_year=True)),
    )
    data, pages = cached_pdf(
        cache, [html], lambda: HTML(string=html, base_url=str(project.root)).render(pdf_variant="pdf/ua-1")
    )
    return Download(data, pages)
