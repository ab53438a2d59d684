"""A4 posters for the noticeboard: the next four weeks (fewer if a venue's would not fit on one page),
in large type, with a QR code and a phone number.

One poster per area (`poster.pdf`) and one per venue (`poster-<venue>.pdf`), black on white so they
photocopy well, rendered from templates/posters/poster.html by WeasyPrint in this process.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import segno
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import escape
from weasyprint import HTML

from . import languages, runs
from .model import Course, Venue
from .packs import cached_pdf
from .phrases import Phrasebook, listing, off_reason
from .project import AreaData, Project
from .render import Download, Strings, for_nation_strings, load_strings
from .schedule import Occurrence, upcoming
from .services import Service, national_help
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

    @functools.cache
    def found(weeks: int) -> list[Occurrence]:
        return upcoming(area.sessions, area.area.nation, today, weeks * 7, area.venues)

    title = strings("poster_area_title", area=area.area.name)
    posters = {"poster.pdf": _fitted(
        lambda weeks, compact: make(title, found(weeks), True, site_url, weeks, compact), 2, _AREA_FITTINGS
    )}
    for venue in area.venues.values():
        url = f"{site_url.rstrip('/')}/venues/{venue.id}/" if site_url else None

        def venue_poster(weeks: int, compact: int, venue: Venue = venue, url: str | None = url) -> Download:
            # Sessions here, and this venue's sessions moved elsewhere (so people are told).
            here = [o for o in found(weeks) if venue.id in (o.venue, o.entry.venue)]
            title = strings("poster_venue_title", venue=venue.name)
            return make(title, here, False, url, weeks, compact, venue=venue.id)

        posters[f"poster-{venue.id}.pdf"] = _fitted(venue_poster)
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
    here: str | None = None,
) -> list[PosterItem]:
    """The sessions of the next weeks, one item per timetable entry, in the order they first happen.
    On the poster of the venue `here`, a session that usually runs elsewhere and moved here for a week
    says just those dates, not how it usually runs (nor the other building's room)."""
    words = Phrasebook(t, area.venues, today)
    items = []
    for index, entry in enumerate(area.sessions):
        mine = [occurrence for occurrence in found if occurrence.entry is entry]
        if not mine:
            continue
        times = t("session_time", start=t.clock(entry.start), end=t.clock(entry.end))
        visiting = here is not None and entry.venue != here
        if visiting:
            days = [t.long_date(o.date) for o in mine if not o.is_off]
            if not days:
                continue
            once = t("pattern.one_date", date=days[0]) if len(days) == 1 else t(
                "pattern.dates", dates=listing(t, days))
            first = next(o for o in mine if not o.is_off)
            times = t("session_time", start=t.clock(first.start), end=t.clock(first.end))
            when = t("pattern_and_time", pattern=once, time=times)
        else:
            when = t("pattern_and_time", pattern=words.pattern(entry), time=times)
        venue = area.venues[entry.venue].name
        room = [entry.room] if entry.room and not visiting else []
        where = ", ".join([*([venue] if show_venue else []), *room])
        booking = (
            t("session_drop_in") if entry.booking == "drop-in" else t("session_book", how=entry.how_to_book)
        )
        dates = [] if visiting else [t.short_date(o.date) for o in mine if not o.is_off and not o.is_moved]
        changes = []
        for occurrence in mine:
            if occurrence.is_off:
                reason = off_reason(t, occurrence)
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
                    "" if visiting else _how_it_runs(mine, courses[entry.course], t),
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


# A venue's poster is one sheet for its noticeboard. When the next four weeks do not fit in the
# poster's usual sizes, tighter headings and spacing are tried (compact 1: the text stays as large),
# then fewer weeks (the poster says how many), then, last, text a step smaller (compact 2: 14pt on
# a poster in one language, 12pt in two). The area's poster, which ends with the nation's help, keeps
# all four weeks: it is made more compact to fit two sheets if it can, and runs on if it cannot.
_FITTINGS = [(POSTER_WEEKS, 0), (POSTER_WEEKS, 1), (3, 1), (2, 1), (2, 2)]
_AREA_FITTINGS = [(POSTER_WEEKS, 0), (POSTER_WEEKS, 1), (POSTER_WEEKS, 2)]


def _fitted(
    poster: Callable[[int, int], Download], sheets: int = 1, fittings: list[tuple[int, int]] = _FITTINGS
) -> Download:
    """The first fitting that puts `poster(weeks, compact)` on at most `sheets` pages (else the last)."""
    for weeks, compact in fittings:
        made = poster(weeks, compact)
        if made.pages <= sheets:
            break
    return made


def _poster(
    title: str,
    found: list[Occurrence],
    show_venue: bool,
    site_url: str | None,
    weeks: int,
    compact: int,
    project: Project,
    area: AreaData,
    today: dt.date,
    environment: Environment,
    strings: Strings,
    cache: Path | None,
    venue: str | None = None,
) -> Download:
    qr = segno.make(site_url, error="m").svg_data_uri(scale=4, border=2) if site_url else None
    html = environment.get_template("poster.html").render(
        t=strings,
        title=title,
        weeks=weeks,
        compact=compact,
        items=poster_items(found, area, project.courses, strings, show_venue, today, here=venue),
        site_url=site_url,
        qr=qr,
        area=area.area,
        # The area's poster ends with the nation's own help; a venue's poster stays one page.
        services=national_help(project.services.for_nation(area.area.nation)) if show_venue else [],
        nation=strings.plain(f"nation_names.{area.area.nation}"),
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
    url: str | None  # this language's page: the Welsh side's QR code and address go to the Welsh site
    qr_alt: str
    national: str  # "Free help for everyone in Wales:", in this language
    services: list[Service]  # the nation's services for that list, named in this language


def _bilingual_posters(
    project: Project, area: AreaData, today: dt.date, environment: Environment, cache: Path | None
) -> dict[str, Download]:
    """Each poster once, in every language of the area: the first language last (English follows Welsh).
    Each language's side has its own QR code and web address, to the page in that language."""
    order = [*area.area.languages[1:], area.area.languages[0]]

    @functools.cache
    def versions(weeks: int) -> dict[str, tuple[PosterVersion, ...]]:
        """Each poster's text and web address in every language, for the next `weeks` weeks."""
        made: dict[str, tuple[PosterVersion, ...]] = {}
        for language in order:
            site_url = (
                languages.site_address(str(area.area.site_url), area.area.languages, language)
                if area.area.site_url else None
            )
            t = load_strings(project.root / "templates", language, escape)
            t = for_nation_strings(t, project, area.area.nation)
            translated, here = languages.localised(project, area, language, t.plain("only_in_english"))
            found = upcoming(here.sessions, here.area.nation, today, weeks * 7, here.venues)
            footer = t.plain("poster_footer", date=t.long_date(today, with_year=True))
            tag = languages.LANG_TAGS.get(language, language)
            national = t.plain("poster_national_help", nation=t.plain(f"nation_names.{area.area.nation}"))
            services = national_help(translated.services.for_nation(area.area.nation))

            area_title = t("poster_area_title", area=here.area.name)
            wanted = [("poster.pdf", area_title, found, True, site_url, None)]
            for venue in here.venues.values():
                mine = [o for o in found if venue.id in (o.venue, o.entry.venue)]
                url = f"{site_url}venues/{venue.id}/" if site_url else None
                title = t("poster_venue_title", venue=venue.name)
                wanted.append((f"poster-{venue.id}.pdf", title, mine, False, url, venue.id))
            for path, title, occurrences, show_venue, url, venue_id in wanted:
                items = poster_items(
                    occurrences, here, translated.courses, t, show_venue, today, here=venue_id
                )
                alt = t.plain("poster_qr_alt", url=url) if url else ""
                # As in one language: the area's poster ends with the nation's help.
                version = PosterVersion(tag, t, title, items, footer, url, alt, national,
                                        services if show_venue else [])
                made[path] = (*made.get(path, ()), version)
        return made

    def poster(path: str, weeks: int, compact: int) -> Download:
        parts = versions(weeks)[path]
        qrs = [segno.make(v.url, error="m").svg_data_uri(scale=4, border=2) if v.url else None for v in parts]
        html = environment.get_template("poster-bilingual.html").render(
            versions=parts, weeks=weeks, compact=compact, qrs=qrs, area=area.area
        )
        data, pages = cached_pdf(
            cache, [html],
            lambda: HTML(string=html, base_url=str(project.root)).render(pdf_variant="pdf/ua-1"),
        )
        return Download(data, pages)

    posters = {}
    for path in versions(POSTER_WEEKS):
        if path == "poster.pdf":
            posters[path] = _fitted(functools.partial(poster, path), 2, _AREA_FITTINGS)
        else:
            posters[path] = _fitted(functools.partial(poster, path))
    return posters
