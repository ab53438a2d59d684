"""The national finder: the front page of the published sites, where people find their job club by
town, village, council name or postcode district (the first half of a postcode: WN1, LL29, G15).

Each area's entry is made when the area is built and kept in its stamp file (`<area>/.jobclub.json`),
so `jobclub index` can write the finder from built output alone, after a sharded build. The page is a
plain list grouped by nation, then area, with the places each area covers (find-in-page works without
JavaScript); `finder.js` adds a search box that loads `finder.json` only when someone uses it.

When any area has a Welsh site, the same page is written in Welsh at `cy/index.html` (Welsh sites
first); both pages share one `finder.json` and `finder.js`, which takes its words from the page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup, escape

from . import languages, schedule
from .languages import DEFAULT
from .load import load_yaml
from .model import FINDER_FOLDERS, LocalisedText
from .outfolder import FINDER_FILES, is_our_finder_folder
from .project import AreaData, Project
from .publish import replace_file
from .render import Strings, load_strings

SCRIPT, INDEX_DATA = FINDER_FILES
# How far ahead the finder looks for an area's next session.
NEXT_SESSION_DAYS = 92
_DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")


def is_district(text: str) -> bool:
    """WN1, LL29, G15, EC1A: the first half of a postcode."""
    return bool(_DISTRICT.match(text.replace(" ", "").upper()))


def area_entry(project: Project, area: AreaData, today: dt.date, site: Path) -> dict[str, Any]:
    """What the finder needs to know about one area, for its stamp file: the places and postcode
    districts it covers (its venues' towns and postcodes, and `covers:`), its venues, its next session,
    and whether its built `site` has a Welsh twin (`cy/`)."""
    places: list[str] = []
    districts: list[str] = []

    def add(found: list[str], value: str) -> None:
        if value.casefold() not in {known.casefold() for known in found}:
            found.append(value)

    venues = []
    for venue in area.venues.values():
        district = venue.address.postcode.split()[0]
        town = _texts(venue.address.town)
        # The town by each of its names (Colwyn Bay, Bae Colwyn), so either finds the area.
        for name in town.values():
            add(places, name)
        add(districts, district)
        listed = {"name": str(venue.name), "town": town[DEFAULT], "postcode": venue.address.postcode,
                  "path": f"venues/{venue.id}/"}
        name_cy = _texts(venue.name).get("cy")
        if name_cy and name_cy != venue.name:
            listed["name_cy"] = name_cy
        town_cy = town.get("cy")
        if town_cy and town_cy != town[DEFAULT]:
            listed["town_cy"] = town_cy
        venues.append(listed)
    for place in area.area.covers:
        if is_district(place):
            add(districts, place.replace(" ", "").upper())
        else:
            add(places, place)
    entry: dict[str, Any] = {
        "nation": area.area.nation,
        "welsh_site": (site / "cy" / "index.html").is_file(),
        "places": places,
        "districts": sorted(districts, key=_district_order),
        "venues": venues,
        "next": _next_session(project, area, today),
    }
    return entry


def _district_order(district: str) -> tuple[str, int, str]:
    letters, number, rest = re.match(r"([A-Z]+)(\d+)(.*)", district).groups()  # type: ignore[union-attr]
    return (letters, int(number), rest)


def _next_session(project: Project, area: AreaData, today: dt.date) -> dict[str, Any] | None:
    """The area's next session as data, not text: the finder writes it in each of its languages."""
    found = schedule.upcoming(area.sessions, area.area.nation, today, NEXT_SESSION_DAYS, area.venues)
    for occurrence in found:
        if not occurrence.is_off:
            return {
                "date": occurrence.date.isoformat(),
                "start": occurrence.start.strftime("%H:%M"),
                "course": _texts(project.courses[occurrence.entry.course].title),
                "venue": _texts(area.venues[occurrence.venue].name),
            }
    return None


def _texts(value: str) -> dict[str, str]:
    """Staff's or the content's text in each language it is written in: {"en": ..., "cy": ...}."""
    if isinstance(value, LocalisedText):
        return dict(value.translations)
    return {DEFAULT: str(value)}


def next_session_text(found: dict[str, Any] | str | None, t: Strings) -> str:
    """The finder's line about the next session, in the language of `t` ("" if there is none). A stamp
    from before this version holds the English line itself."""
    if not isinstance(found, dict):
        return _old_next_session(found, t) if found else ""
    return t.plain(
        "finder_next_session",
        date=t.long_date(dt.date.fromisoformat(found["date"])),
        time=t.clock(dt.time.fromisoformat(found["start"])),
        course=found["course"].get(t.language, found["course"][DEFAULT]),
        venue=found["venue"].get(t.language, found["venue"][DEFAULT]),
    )


# How versions before the finder had a Welsh page wrote the next session: "Next session: Tuesday 8
# December at 10am, Writing a CV at Colwyn Bay Library".
_OLD_NEXT_SESSION = re.compile(
    r"Next session: (?P<day>[A-Z][a-z]+) (?P<date>\d{1,2}) (?P<month>[A-Z][a-z]+) at "
)


def _old_next_session(line: str, t: Strings) -> str:
    """An older stamp's English line in the language of `t`: in English as it is; in another language
    just the date, its names put into that language ("Sesiwn nesaf: Dydd Mawrth 8 Rhagfyr"), as the
    course and venue are not there in that language; failing that, the English line marked as English."""
    if t.language == DEFAULT:
        return line
    found = _OLD_NEXT_SESSION.match(line)
    days, months = (languages.calendar_names(key, DEFAULT) for key in ("days", "months"))
    if not found or found["day"] not in days or found["month"] not in months:
        return languages.InEnglish(line)
    # As languages.long_date writes a date ("EEEE d MMMM"), from the names alone: the year is not known.
    day = t("days")[days.index(found["day"])]
    month = t("months")[months.index(found["month"])]
    return t.plain("finder_next_date", date=f"{day} {int(found['date'])} {month}")


def finder_strings(
    root: Path, language: str = DEFAULT, escape: Callable[[object], Markup] = escape
) -> Strings:
    """The site's text in `language` (dates, times, the site name) and the finder's own
    (templates/finder/strings/<language>.yml, kept apart from the areas' sites' text)."""
    site = load_strings(root / "templates", language, escape)
    own = load_yaml(root / "templates" / "finder" / "strings" / f"{language}.yml").data
    return Strings(language, {**site.text, **own}, escape)


# --- The page, from the stamps of the built areas ------------------------------------------------


def write_finder(root: Path, out: Path, stamps: dict[str, dict[str, Any]]) -> None:
    """Write `index.html`, `finder.json` and `finder.js` into `out`, for the areas whose stamps are
    given (slug -> stamp), and, when any of them has a Welsh site, the same page in Welsh at
    `cy/index.html` (with Welsh sites first). Areas built by an older version, without finder data, are
    listed by name."""
    english = finder_strings(root)
    welsh = finder_strings(root, "cy") if _has_welsh(root) else None
    areas = [_listed(slug, stamp, english, welsh) for slug, stamp in sorted(stamps.items())]
    pages = {DEFAULT: english}
    if welsh is not None and any(area["welsh_site"] for area in areas):
        pages["cy"] = welsh
    environment = Environment(
        loader=FileSystemLoader(root / "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
    )
    template = environment.get_template("site-index.html")
    for language, t in pages.items():
        folder = "" if language == DEFAULT else language
        (out / folder).mkdir(exist_ok=True)
        replace_file(out / folder / "index.html", _page(template, t, list(pages), areas).encode())
    _remove_stale_pages(out, pages)
    replace_file(out / SCRIPT, (root / "templates" / "assets" / SCRIPT).read_bytes())
    data = [_searchable(area, with_welsh="cy" in pages) for area in areas]
    replace_file(out / INDEX_DATA, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


def _page(template: Template, t: Strings, written: list[str], areas: list[dict[str, Any]]) -> str:
    """The finder page in `t`'s language, which links to its twins in the other `written` languages.
    Pages other than English are one folder down (cy/index.html): their links start with ../."""
    root = "" if t.language == DEFAULT else "../"
    return template.render(
        t=t,
        lang=t.language,
        root=root,
        other_languages=[
            {"href": root + ("" if code == DEFAULT else f"{code}/"), "name": languages.NAMES[code],
             "tag": languages.LANG_TAGS[code]}
            for code in written if code != t.language
        ],
        nations=_by_nation([_in_language(area, t) for area in areas], t),
    )


def _has_welsh(root: Path) -> bool:
    return all((root / "templates" / folder / "strings" / "cy.yml").is_file() for folder in ("", "finder"))


def _remove_stale_pages(out: Path, pages: dict[str, Strings]) -> None:
    """A finder page in a language no area has any more (its folder is the kit's own: FINDER_FOLDERS)."""
    for folder in FINDER_FOLDERS:
        page = out / folder / "index.html"
        if folder not in pages and page.is_file() and is_our_finder_folder(out / folder):
            page.unlink()
            (out / folder).rmdir()


def _by_nation(areas: list[dict[str, Any]], t: Strings) -> list[tuple[str, list[dict[str, Any]]]]:
    """Headings and their areas, in the order the strings file lists the nations (Wales first in
    Welsh), with the areas of no known nation last."""
    order = [nation for nation in t("finder_nations") if nation != "other"]
    grouped = [(t.plain(f"finder_nations.{nation}"), [area for area in areas if area["nation"] == nation])
               for nation in order]
    grouped.append((t.plain("finder_nations.other"), [area for area in areas if area["nation"] not in order]))
    return [(name, listed) for name, listed in grouped if listed]


def _listed(slug: str, stamp: dict[str, Any], t: Strings, welsh: Strings | None) -> dict[str, Any]:
    finder = stamp.get("finder") or {}
    name = str(stamp.get("name", slug))
    # The area's Welsh name and site, from the stamp's names in its other languages.
    name_cy = (stamp.get("names") or {}).get("cy")
    has_welsh_site = bool(name_cy) and welsh is not None and finder.get("welsh_site", True)
    next_session = finder.get("next")
    return {
        "slug": slug,
        "name": name,
        "name_cy": name_cy if name_cy and name_cy != name else None,
        "site": t.plain("site_name", area=name),
        "welsh_site": f"{slug}/cy/" if has_welsh_site else None,
        "welsh_site_name": welsh.plain("site_name", area=name_cy or name) if welsh is not None else None,
        "nation": finder.get("nation"),
        "places": finder.get("places", []),
        "districts": finder.get("districts", []),
        "venues": finder.get("venues", []),
        "next": {language: next_session_text(next_session, strings)
                 for language, strings in (("en", t), ("cy", welsh)) if strings is not None},
    }


def _in_language(area: dict[str, Any], t: Strings) -> dict[str, Any]:
    """An area as the page in `t`'s language lists it: its sites' links, that language's site first,
    each link in another language marked with it (hreflang and lang)."""
    english = {"href": f"{area['slug']}/", "text": area["site"], "tag": languages.LANG_TAGS[DEFAULT]}
    welsh = {"href": area["welsh_site"], "text": area["welsh_site_name"], "tag": languages.LANG_TAGS["cy"]}
    links = [english, welsh] if area["welsh_site"] else [english]
    if t.language != DEFAULT:
        links.sort(key=lambda link: link is english)
    return {**area, "links": [
        {**link, "tag": None if link["tag"] == languages.LANG_TAGS[t.language] else link["tag"]}
        for link in links
    ]}


def _searchable(area: dict[str, Any], with_welsh: bool) -> dict[str, Any]:
    """One area in finder.json: short keys, nothing the search does not show or match. `x` is the next
    session in English, `y` in Welsh (only when there is a Welsh page, and the stamp lets it be said in
    Welsh)."""
    entry = {
        "s": area["slug"],
        "n": area["site"],
        "a": [area["name"], *([area["name_cy"]] if area["name_cy"] else [])],
        "p": area["places"],
        "d": area["districts"],
        "v": [_searchable_venue(venue) for venue in area["venues"]],
        "x": area["next"]["en"],
    }
    # Left out when an older stamp has the next session in English only: the Welsh page shows x, marked
    # as English.
    if with_welsh and not isinstance(area["next"]["cy"], languages.InEnglish):
        entry["y"] = area["next"]["cy"]
    if area["welsh_site"]:
        entry["w"] = [area["welsh_site"], area["welsh_site_name"]]
    return entry


def _searchable_venue(venue: dict[str, Any]) -> list[str]:
    """A venue in finder.json: its name, town, postcode and page, then its Welsh name and its town's
    Welsh name where they differ (the Welsh name is the English one when only the town differs)."""
    found = [venue["name"], venue["town"], venue["postcode"], venue["path"]]
    if "name_cy" in venue or "town_cy" in venue:
        found.append(venue.get("name_cy", venue["name"]))
    if "town_cy" in venue:
        found.append(venue["town_cy"])
    return found
