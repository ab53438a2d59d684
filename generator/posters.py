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

from . import languages, runs
from .model import Course
from .packs import cached_pdf
from .phrases import Phrasebook
from .project import AreaData, Project
from .render import Download, Strings, for_nation_strings, load_strings
from .schedule import Occurrence, upcoming
from .services import NATION_NAMES, Service, national_help
from .variants import for_nation

POSTER_WEEKS = 4


def poster_environment(templates: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(templates / "posters"), autoescape=True, undefined=StrictUndefined
    )


def area_posters(
    project: Project, area: AreaData, today: dt.date, environment: Environment, cache: Path | None = None
) -> dict[str, Download]:
    """`poster.pdf` for the area and `poster-<venue>.pdf` for each venue, as PDF bytes. A bilingual
    area's posters have both languages, its other language first (poster-bilingual.html)."""
    project = for_nation(project, area.area.nation)
    if len(area.area.languages) > 1:
        return _bilingual_posters(project, area, today, environment, cache)
    strings = load_strings(project.root / "templates", area.area.languages[0], escape)
    strings = for_nation_strings(strings, project, area.area.nation)
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
    found: list[Occurrence],
    area: AreaData,
    courses: dict,
    t: Strings,
    show_venue: bool,
    today: dt.date | None = None,
) -> list[PosterItem]:
    """The sessions of the next weeks, one item per timetable entry, in the order they first happen."""
    words = Phrasebook(t, area.venues, today)
    items = []
    for index, entry in enumerate(area.sessions):
        mine = [occurrence for occurrence in found if occurrence.entry is entry]
        if not mine:
            continue
        times = t("session_time", start=t.clock(entry.start), end=t.clock(entry.end))
        when = t("pattern_and_time", pattern=words.pattern(entry), time=times)
        venue = area.venues[entry.venue].name
        where = ", ".join([*([venue] if show_venue else []), *([entry.room] if entry.room else [])])
        booking = (
            t("session_drop_in") if entry.booking == "drop-in" else t("session_book", how=entry.how_to_book)
        )
        dates = [t.short_date(o.date) for o in mine if not o.is_off and not o.is_moved]
        changes = []
        for occurrence in mine:
            if occurrence.is_off:
                reason = str(occurrence.off_reason).rstrip(".")
                changes.append(t("poster_off", date=t.short_date(occurrence.date), reason=reason))
            elif occurrence.is_moved:
                changes.append(
                    t("poster_change", date=t.short_date(occurrence.date), change=words.change(occurrence))
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
        items=poster_items(found, area, project.courses, strings, show_venue, today),
        site_url=site_url,
        qr=qr,
        area=area.area,
        # The area's poster ends with the nation's own help; a venue's poster stays one page.
        services=national_help(project.services.for_nation(area.area.nation)) if show_venue else [],
        nation=NATION_NAMES[area.area.nation],
        language=strings.language,
        footer=strings.plain("poster_footer", date=strings.long_date(today, with_year=True)),
    )
    data, pages = cached_pdf(
        cache, [html], lambda: HTML(string=html, base_url=str(project.root)).render(pdf_variant="pdf/ua-1")
    )
    return Download(data, pages)


@dataclass(frozen=True)
class PosterVersion:
    """A poster's text in one language, for a bilingual poster."""

    tag: str
    t: Strings
    title: str
    items: list[PosterItem]
    footer: str
    qr_alt: str
    national: str  # "Free help for everyone in Wales:", in this language
    services: list[Service]  # the nation's services for that list, named in this language


def _bilingual_posters(
    project: Project, area: AreaData, today: dt.date, environment: Environment, cache: Path | None
) -> dict[str, Download]:
    """Each poster once, in every language of the area: the first language last (English follows Welsh)."""
    order = [*area.area.languages[1:], area.area.languages[0]]
    site_url = str(area.area.site_url) if area.area.site_url else None
    versions: dict[str, list[PosterVersion]] = {}
    addresses: dict[str, str | None] = {}
    for language in order:
        t = load_strings(project.root / "templates", language, escape)
        t = for_nation_strings(t, project, area.area.nation)
        translated, here = languages.localised(project, area, language, t.plain("only_in_english"))
        found = upcoming(here.sessions, here.area.nation, today, POSTER_WEEKS * 7, here.venues)
        footer = t.plain("poster_footer", date=t.long_date(today, with_year=True))
        tag = languages.LANG_TAGS.get(language, language)
        national = t.plain("poster_national_help", nation=NATION_NAMES[area.area.nation])
        services = national_help(translated.services.for_nation(area.area.nation))

        wanted = [("poster.pdf", t("poster_area_title", area=here.area.name), found, True, site_url)]
        for venue in here.venues.values():
            mine = [o for o in found if venue.id in (o.venue, o.entry.venue)]
            url = f"{site_url.rstrip('/')}/venues/{venue.id}/" if site_url else None
            title = t("poster_venue_title", venue=venue.name)
            wanted.append((f"poster-{venue.id}.pdf", title, mine, False, url))
        for path, title, occurrences, show_venue, url in wanted:
            items = poster_items(occurrences, here, translated.courses, t, show_venue, today)
            alt = t.plain("poster_qr_alt", url=url) if url else ""
            versions.setdefault(path, []).append(
                PosterVersion(tag, t, title, items, footer, alt, national, services)
            )
            addresses[path] = url
    posters = {}
    for path, parts in versions.items():
        url = addresses[path]
        qr = segno.make(url, error="m").svg_data_uri(scale=4, border=2) if url else None
        html = environment.get_template("poster-bilingual.html").render(
            versions=parts, weeks=POSTER_WEEKS, site_url=url, qr=qr, area=area.area
        )
        data, pages = cached_pdf(
            cache, [html], lambda html=html: HTML(string=html, base_url=str(project.root)).render(
                pdf_variant="pdf/ua-1"
            )
        )
        posters[path] = Download(data, pages)
    return posters
