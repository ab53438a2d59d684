"""The national finder: the front page of the published sites, where people find their job club by
town, village, council name or postcode district (the first half of a postcode: WN1, LL29, G15).

Each area's entry is made when the area is built and kept in its stamp file (`<area>/.jobclub.json`),
so `jobclub index` can write the finder from built output alone, after a sharded build. The page is a
plain list grouped by nation, then area, with the places each area covers (find-in-page works without
JavaScript); `finder.js` adds a search box that loads `finder.json` only when someone uses it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from . import schedule
from .load import load_yaml
from .outfolder import FINDER_FILES
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


def area_entry(
    project: Project, area: AreaData, today: dt.date, strings: Strings, site: Path
) -> dict[str, Any]:
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
        add(places, venue.address.town)
        add(districts, district)
        venues.append(
            {"name": venue.name, "town": venue.address.town, "postcode": venue.address.postcode,
             "path": f"venues/{venue.id}/"}
        )
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
        "next": _next_session(project, area, today, strings),
    }
    return entry


def _district_order(district: str) -> tuple[str, int, str]:
    letters, number, rest = re.match(r"([A-Z]+)(\d+)(.*)", district).groups()  # type: ignore[union-attr]
    return (letters, int(number), rest)


def _next_session(project: Project, area: AreaData, today: dt.date, t: Strings) -> str:
    found = schedule.upcoming(area.sessions, area.area.nation, today, NEXT_SESSION_DAYS, area.venues)
    for occurrence in found:
        if not occurrence.is_off:
            return t.plain(
                "finder_next_session",
                date=t.long_date(occurrence.date),
                time=t.clock(occurrence.start),
                course=project.courses[occurrence.entry.course].title,
                venue=area.venues[occurrence.venue].name,
            )
    return ""


def finder_strings(root: Path, escape: Callable[[object], Markup] = escape) -> Strings:
    """The site's English text (dates, times, the site name) and the finder's own
    (templates/finder/strings/en.yml, kept apart: the finder page is English only for now)."""
    site = load_strings(root / "templates", "en", escape)
    own = load_yaml(root / "templates" / "finder" / "strings" / "en.yml").data
    return Strings("en", {**site.text, **own}, escape)


# --- The page, from the stamps of the built areas ------------------------------------------------


def write_finder(root: Path, out: Path, stamps: dict[str, dict[str, Any]]) -> None:
    """Write `index.html`, `finder.json` and `finder.js` into `out`, for the areas whose stamps are
    given (slug -> stamp). Areas built by an older version, without finder data, are listed by name."""
    t = finder_strings(root, escape)
    has_welsh = (root / "templates" / "strings" / "cy.yml").is_file()
    welsh = load_strings(root / "templates", "cy", escape) if has_welsh else t
    areas = [_listed(slug, stamp, t, welsh) for slug, stamp in sorted(stamps.items())]
    nations = [
        (t.plain(f"finder_nations.{nation}"), [area for area in areas if area["nation"] == nation])
        for nation in ("england", "northern-ireland", "scotland", "wales")
    ]
    nations.append((t.plain("finder_nations.other"), [area for area in areas if area["nation"] is None]))
    environment = Environment(
        loader=FileSystemLoader(root / "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
    )
    html = environment.get_template("site-index.html").render(
        t=t, nations=[(name, listed) for name, listed in nations if listed]
    )
    replace_file(out / "index.html", html.encode())
    replace_file(out / SCRIPT, (root / "templates" / "assets" / SCRIPT).read_bytes())
    data = [_searchable(area) for area in areas]
    replace_file(out / INDEX_DATA, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


def _listed(slug: str, stamp: dict[str, Any], t: Strings, welsh: Strings) -> dict[str, Any]:
    finder = stamp.get("finder") or {}
    name = str(stamp.get("name", slug))
    # The area's Welsh name and site, from the stamp's names in its other languages.
    name_cy = (stamp.get("names") or {}).get("cy")
    has_welsh_site = bool(name_cy) and finder.get("welsh_site", True)
    return {
        "slug": slug,
        "name": name,
        "name_cy": name_cy if name_cy and name_cy != name else None,
        "site": t.plain("site_name", area=name),
        "welsh_site": f"{slug}/cy/" if has_welsh_site else None,
        "welsh_site_name": welsh.plain("site_name", area=name_cy or name),
        "nation": finder.get("nation"),
        "places": finder.get("places", []),
        "districts": finder.get("districts", []),
        "venues": finder.get("venues", []),
        "next": finder.get("next", ""),
    }


def _searchable(area: dict[str, Any]) -> dict[str, Any]:
    """One area in finder.json: short keys, nothing the search does not show or match."""
    entry = {
        "s": area["slug"],
        "n": area["site"],
        "a": [area["name"], *([area["name_cy"]] if area["name_cy"] else [])],
        "p": area["places"],
        "d": area["districts"],
        "v": [[venue["name"], venue["town"], venue["postcode"], venue["path"]] for venue in area["venues"]],
        "x": area["next"],
    }
    if area["welsh_site"]:
        entry["w"] = [area["welsh_site"], area["welsh_site_name"]]
    return entry
