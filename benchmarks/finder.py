"""The national finder's weight with a whole nation of areas (the target: first visit at most 50 KB gzip).

    .venv/bin/python benchmarks/finder.py [--areas 350] [--places 15]

Makes N synthetic areas varied from the samples (as benchmarks/national.py does), each covering
--places more towns and villages and a few postcode districts, writes each area's stamp as the build
does (without building the sites: the finder reads only the stamps), writes the finder, then opens it
in Debian's Chromium and adds up what a browser fetches, gzip-compressed: the first visit (the page
and its script, in English and in Welsh), and what searching adds (the search index). Not part of
the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from national import make_project, served  # noqa: E402

from generator import finder, inputs, languages  # noqa: E402
from generator.project import load_project  # noqa: E402

TODAY = dt.date(2026, 11, 25)
TARGET_FIRST_VISIT = 50 * 1024
_SYLLABLES = ["aber", "ash", "bryn", "by", "caer", "cross", "dale", "ford", "gate", "ham", "hill",
              "ing", "kirk", "lan", "ley", "mill", "moor", "ness", "pen", "ton", "well", "wick"]


def place_name(number: int) -> str:
    """A made-up town name of two or three syllables, e.g. Brynford, Ashleyton."""
    parts = [_SYLLABLES[(number * 7 + step * 13) % len(_SYLLABLES)] for step in range(2 + number % 2)]
    return "".join(parts).capitalize() + ("" if number % 5 else " Green")


def add_covers(project: Path, places: int) -> None:
    for number, area in enumerate(sorted((project / "site_data").iterdir())):
        data = yaml.load((area / "area.yml").read_text(), Loader=yaml.BaseLoader)
        letters = "AB CD EF GH JK LM NP RS TW YZ".split()[number % 10]
        extra = [place_name(number * places + index) for index in range(places)]
        extra += [f"{letters}{number % 90 + district}" for district in range(1, 5)]
        covers = data.get("covers", [])
        seen = {place.casefold() for place in covers}
        data["covers"] = covers + [place for place in dict.fromkeys(extra) if place.casefold() not in seen]
        (area / "area.yml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def weigh(site: Path) -> dict[str, int]:
    from playwright.sync_api import sync_playwright

    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        page = browser.new_page()
        fetched: dict[str, int] = {}
        page.on("response", lambda response: fetched.setdefault(
            response.url, len(gzip.compress(response.body(), 6))) if response.status == 200 else None)
        page.goto(base + "/", wait_until="networkidle")
        first = sum(fetched.values())
        seen = set(fetched)
        page.get_by_role("searchbox").fill("WN1")
        page.wait_for_function("document.getElementById('finder-status').textContent.includes('found')")
        searching = sum(size for url, size in fetched.items() if url not in seen)
        # The Welsh page (written when an area has a Welsh site), in a fresh tab with nothing cached.
        welsh = 0
        if (site / "cy" / "index.html").is_file():
            fetched.clear()
            tab = browser.new_context().new_page()
            tab.on("response", lambda response: fetched.setdefault(
                response.url, len(gzip.compress(response.body(), 6))) if response.status == 200 else None)
            tab.goto(base + "/cy/", wait_until="networkidle")
            welsh = sum(fetched.values())
        browser.close()
    return {"first_visit_gzip": first, "search_index_gzip": searching, "welsh_first_visit_gzip": welsh}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=350)
    parser.add_argument("--places", type=int, default=15, help="Places each area covers beyond its venues.")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jobclub-finder-") as folder:
        project = make_project(Path(folder) / "project", options.areas)
        add_covers(project, options.places)
        loaded = load_project(project, TODAY)
        site = Path(folder) / "site"
        for slug, area in loaded.areas.items():
            (site / slug).mkdir(parents=True)
            others = area.area.languages[1:]
            for language in others:  # a stand-in for the Welsh site, which the finder links to
                (site / slug / language).mkdir()
                (site / slug / language / "index.html").write_text("")
            entry = finder.area_entry(loaded, area, TODAY, site / slug)
            names = {language: languages.text_in(area.area.name, language) for language in others}
            stamp = inputs.stamp_text(str(area.area.name), "-", names, entry)
            (site / slug / inputs.STAMP).write_bytes(stamp)
        finder.write_finder(project, site, {slug: inputs.read_stamp(site / slug) for slug in loaded.areas})
        written = ("index.html", finder.SCRIPT, finder.INDEX_DATA)
        sizes = {name: (site / name).stat().st_size for name in written}
        results = {"areas": options.areas, **weigh(site), "bytes": sizes}
    print(json.dumps(results, indent=2))
    heaviest = max(results["first_visit_gzip"], results["welsh_first_visit_gzip"])
    verdict = "within" if heaviest <= TARGET_FIRST_VISIT else "OVER"
    print(f"First visit {results['first_visit_gzip'] / 1024:.1f} KB gzip with {options.areas} areas "
          f"(the Welsh page: {results['welsh_first_visit_gzip'] / 1024:.1f} KB): {verdict} the 50 KB target. "
          f"Searching adds {results['search_index_gzip'] / 1024:.1f} KB.")


if __name__ == "__main__":
    main()
