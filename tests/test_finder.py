"""The national finder: what each area's stamp carries, the page written from built output alone
(also after sharded builds), `covers:` in area.yml, and the Welsh hook."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_cli import jobclub

from generator.build import Shard, build, write_index
from generator.finder import is_district, write_finder
from generator.inputs import read_stamp

TODAY = dt.date(2026, 11, 25)
AREA = "site_data/testshire/area.yml"


def add_covers(project: Path, *places: str) -> None:
    area = project / AREA
    area.write_text(area.read_text() + "covers:\n" + "".join(f"  - {place}\n" for place in places))


class _Text(HTMLParser):
    """The page's visible text without its tags, as find-in-page searches it (no scripts or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text())
    return " ".join(" ".join(parser.parts).split())


def test_stamp_carries_what_the_finder_lists(project: Path) -> None:
    add_covers(project, "Little Testing", "te9", "Testford")
    build(project, project / "site", TODAY, packs=False)
    finder = read_stamp(project / "site/testshire")["finder"]
    assert finder == {
        "nation": "england",
        "welsh_site": False,
        # The venue's town first, then the places in covers:; postcode districts apart, in order.
        "places": ["Testtown", "Little Testing", "Testford"],
        "districts": ["TE1", "TE9"],
        "venues": [{"name": "Town Library", "town": "Testtown", "postcode": "TE1 1AA",
                    "path": "venues/town-library/"}],
        # Tuesday 1 December is cancelled (stocktake): the next session is the Monday one. As data, so
        # the finder can say it in each of its languages.
        "next": {"date": "2026-12-07", "start": "09:30", "course": {"en": "Writing a CV"},
                 "venue": {"en": "Town Library"}},
    }
    data = json.loads((project / "site/finder.json").read_text())
    assert data[0]["x"] == "Next session: Monday 7 December at 9:30am, Writing a CV at Town Library"


def test_front_page_lists_areas_by_nation_with_the_places_they_cover(project: Path) -> None:
    add_covers(project, "Little Testing", "TE9")
    shutil.copytree(project / "site_data/testshire", project / "site_data/wrexham-ish")
    other = project / "site_data/wrexham-ish/area.yml"
    other.write_text(
        other.read_text().replace("slug: testshire", "slug: wrexham-ish").replace("name: Testshire", "name: Maesbury")
        .replace("nation: england", "nation: wales").replace("Little Testing", "Pentre Bach").replace("TE9", "LL11")
    )
    build(project, project / "site", TODAY, packs=False)
    text = page_text(project / "site/index.html")
    assert (
        "England Testshire job club Covers: Testtown, Little Testing Postcodes: TE1, TE9 "
        "Wales Maesbury job club Covers: Testtown, Pentre Bach Postcodes: LL11, TE1"
    ) in text
    html = (project / "site/index.html").read_text()
    assert '<a href="testshire/">Testshire job club</a>' in html
    assert '<script src="finder.js" defer></script>' in html
    # The search box is there only when the script shows it.
    assert '<form id="finder" role="search" aria-label="Find your job club" hidden' in html
    data = json.loads((project / "site/finder.json").read_text())
    assert [(area["s"], area["a"], area["p"], area["d"]) for area in data] == [
        ("testshire", ["Testshire"], ["Testtown", "Little Testing"], ["TE1", "TE9"]),
        ("wrexham-ish", ["Maesbury"], ["Testtown", "Pentre Bach"], ["LL11", "TE1"]),
    ]
    assert data[0]["v"] == [["Town Library", "Testtown", "TE1 1AA", "venues/town-library/"]]
    assert data[0]["x"].startswith("Next session: Monday 7 December")
    assert (project / "site/finder.js").read_bytes() == (project / "templates/assets/finder.js").read_bytes()


def test_index_after_sharded_builds_comes_from_the_built_output_alone(project: Path, tmp_path: Path) -> None:
    shutil.copytree(project / "site_data/testshire", project / "site_data/otherton")
    other = project / "site_data/otherton/area.yml"
    other.write_text(other.read_text().replace("slug: testshire", "slug: otherton").replace("name: Testshire", "name: Otherton"))
    add_covers(project, "Little Testing")
    parts = [tmp_path / "part1", tmp_path / "part2"]
    for number, part in enumerate(parts, start=1):
        build(project, part, TODAY, packs=False, shard=Shard(number, 2))
        assert not (part / "index.html").exists()
    assembled = tmp_path / "assembled"
    for part in parts:
        shutil.copytree(part, assembled, dirs_exist_ok=True)
    # The project's area files are gone: the index is made from what was built.
    shutil.rmtree(project / "site_data")
    result = jobclub("index", "--out", str(assembled), cwd=project)
    assert result.returncode == 0, result.stderr
    data = json.loads((assembled / "finder.json").read_text())
    assert [(area["s"], area["p"]) for area in data] == [
        ("otherton", ["Testtown"]),
        ("testshire", ["Testtown", "Little Testing"]),
    ]
    assert "Covers: Testtown, Little Testing" in page_text(assembled / "index.html")


def test_covers_listing_a_place_twice_is_a_mistake_at_its_line(project: Path) -> None:
    add_covers(project, "Little Testing", "Testford", "little  testing")
    result = jobclub("check", "--today", "2026-11-25", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        f'{AREA}:12:5: covers[2]: "little  testing" is in the list twice.',
        "  Delete one of them.",
    ]


def test_covers_entry_must_not_be_empty(project: Path) -> None:
    add_covers(project, "Testford", '""')
    result = jobclub("check", "--today", "2026-11-25", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"{AREA}:11:5: covers[1]: This is empty."


@pytest.mark.parametrize(("text", "expected"), [
    ("WN1", True), ("ll29", True), ("G15", True), ("EC1A", True), ("SE 10", True),
    ("Leigh", False), ("WN1 1PQ", False), ("1WN", False),
])
def test_postcode_districts_are_told_from_place_names(text: str, expected: bool) -> None:
    assert is_district(text) is expected


def test_welsh_names_and_sites_from_the_stamp(tmp_path: Path) -> None:
    from conftest import ROOT

    out = tmp_path / "site"
    stamps = {
        "conwy": {"name": "Conwy", "names": {"cy": "Sir Conwy"},
                  "finder": {"nation": "wales", "welsh_site": True, "places": ["Llanrwst"], "districts": ["LL26"],
                             "venues": [], "next": ""}},
        # Built by an older version: listed by its name alone, under "Other areas".
        "oldshire": {"name": "Oldshire"},
    }
    out.mkdir()
    write_finder(ROOT, out, stamps)
    html = (out / "index.html").read_text()
    assert ('<a href="conwy/">Conwy job club</a> · '
            '<a href="conwy/cy/" hreflang="cy" lang="cy">Clwb Swyddi Sir Conwy</a>') in html
    assert "Other areas Oldshire job club" in page_text(out / "index.html")
    data = json.loads((out / "finder.json").read_text())
    assert (data[0]["a"], data[0]["w"]) == (["Conwy", "Sir Conwy"], ["conwy/cy/", "Clwb Swyddi Sir Conwy"])


def test_write_index_keeps_areas_published_elsewhere(project: Path, tmp_path: Path) -> None:
    build(project, project / "site", TODAY, packs=False)
    elsewhere = tmp_path / "only-index"
    elsewhere.mkdir()
    write_index(project, elsewhere, {"testshire": read_stamp(project / "site/testshire")})
    assert "Covers: Testtown" in page_text(elsewhere / "index.html")


# --- The finder in Welsh ---------------------------------------------------------------------------

CONWY = {
    "name": "Conwy", "names": {"cy": "Sir Conwy"},
    "finder": {"nation": "wales", "welsh_site": True, "places": ["Colwyn Bay", "Bae Colwyn"], "districts": ["LL29"],
               "venues": [{"name": "Colwyn Bay Library", "town": "Colwyn Bay", "postcode": "LL29 7DH",
                           "path": "venues/colwyn-bay-library/", "name_cy": "Llyfrgell Bae Colwyn"}],
               "next": {"date": "2026-12-08", "start": "10:00",
                        "course": {"en": "Writing a CV", "cy": "Ysgrifennu CV"},
                        "venue": {"en": "Colwyn Bay Library", "cy": "Llyfrgell Bae Colwyn"}}},
}
WIGAN = {
    "name": "Wigan",
    "finder": {"nation": "england", "welsh_site": False, "places": ["Leigh"], "districts": ["WN1"], "venues": [],
               "next": {"date": "2026-12-07", "start": "14:30", "course": {"en": "Writing a CV", "cy": "Ysgrifennu CV"},
                        "venue": {"en": "Leigh Library"}}},
}


def test_a_welsh_site_gives_the_finder_a_welsh_page_with_welsh_sites_first(tmp_path: Path) -> None:
    from conftest import ROOT

    write_finder(ROOT, tmp_path, {"conwy": CONWY, "wigan": WIGAN})
    html = (tmp_path / "cy/index.html").read_text()
    assert html.startswith('<!doctype html>\n<html lang="cy">')
    assert "<h1>Dod o hyd i&#39;ch clwb swyddi</h1>" in html
    assert '<label for="finder-box">Eich tref, pentref neu god post</label>' in html
    # One script and one search index for both pages, from the top of the site.
    assert '<script src="../finder.js" defer></script>' in html and 'data-root="../"' in html
    assert 'data-language="cy"' in html
    # The Welsh site first; a link to a site in English says so.
    assert ('<a href="../conwy/cy/">Clwb Swyddi Sir Conwy</a> · '
            '<a href="../conwy/" hreflang="en-GB" lang="en-GB">Conwy job club</a>') in html
    assert '<a href="../wigan/" hreflang="en-GB" lang="en-GB">Wigan job club</a>' in html
    # Wales first, in Welsh; find-in-page finds Welsh place names.
    assert page_text(tmp_path / "cy/index.html").startswith(
        "Dod o hyd i'ch clwb swyddi Neidio i'r cynnwys English Dod o hyd i'ch clwb swyddi Mae clybiau swyddi"
    )
    assert ("Cymru Clwb Swyddi Sir Conwy · Conwy job club Lleoedd: Colwyn Bay, Bae Colwyn Codau post: LL29 "
            "Lloegr Wigan job club Lleoedd: Leigh Codau post: WN1") in page_text(tmp_path / "cy/index.html")


def test_each_finder_page_links_to_the_other_in_its_own_language(tmp_path: Path) -> None:
    from conftest import ROOT

    write_finder(ROOT, tmp_path, {"conwy": CONWY, "wigan": WIGAN})
    english = (tmp_path / "index.html").read_text()
    welsh = (tmp_path / "cy/index.html").read_text()
    assert ('<nav class="language" aria-label="Language">\n'
            '  <a href="cy/" hreflang="cy" lang="cy">Cymraeg</a>\n</nav>') in english
    assert ('<nav class="language" aria-label="Iaith">\n'
            '  <a href="../" hreflang="en-GB" lang="en-GB">English</a>\n</nav>') in welsh
    for page in (english, welsh):
        assert page.count('<meta name="generator" content="Job Club Kit">') == 1


def test_the_next_session_is_in_the_language_of_each_page(tmp_path: Path) -> None:
    from conftest import ROOT

    write_finder(ROOT, tmp_path, {"conwy": CONWY, "wigan": WIGAN})
    conwy, wigan = json.loads((tmp_path / "finder.json").read_text())
    assert conwy["x"] == "Next session: Tuesday 8 December at 10am, Writing a CV at Colwyn Bay Library"
    assert conwy["y"] == "Sesiwn nesaf: Dydd Mawrth 8 Rhagfyr am 10:00, Ysgrifennu CV. Lleoliad: Llyfrgell Bae Colwyn"
    # A venue without a Welsh name keeps its own.
    assert wigan["y"] == "Sesiwn nesaf: Dydd Llun 7 Rhagfyr am 14:30, Ysgrifennu CV. Lleoliad: Leigh Library"
    assert conwy["v"] == [["Colwyn Bay Library", "Colwyn Bay", "LL29 7DH", "venues/colwyn-bay-library/",
                           "Llyfrgell Bae Colwyn"]]
    assert conwy["w"] == ["conwy/cy/", "Clwb Swyddi Sir Conwy"] and "w" not in wigan


def test_without_a_welsh_area_there_is_no_welsh_page_and_an_old_one_goes(tmp_path: Path) -> None:
    from conftest import ROOT

    write_finder(ROOT, tmp_path, {"conwy": CONWY, "wigan": WIGAN})
    assert (tmp_path / "cy/index.html").is_file()
    write_finder(ROOT, tmp_path, {"wigan": WIGAN})
    assert not (tmp_path / "cy").exists()
    assert "Cymraeg" not in (tmp_path / "index.html").read_text()
    # Nothing in Welsh to search for: finder.json stays as small as before.
    assert "y" not in json.loads((tmp_path / "finder.json").read_text())[0]


# --- An area cannot take the name of the kit's own folders -------------------------------------------


def test_an_area_cannot_be_called_cy_as_the_welsh_finder_is_there(project: Path) -> None:
    (project / "site_data/testshire").rename(project / "site_data/cy")
    area = project / "site_data/cy/area.yml"
    area.write_text(area.read_text().replace("slug: testshire", "slug: cy"))
    result = jobclub("check", "--today", "2026-11-25", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        'site_data/cy/area.yml:1:7: slug: "cy" cannot be the short name of an area: the published site '
        "keeps cy/ for the national finder in Welsh.",
        "  Choose another short name, for example cy-area, and rename the area's folder to match.",
    ]


def test_new_area_refuses_cy_and_suggests_a_name(project: Path) -> None:
    result = jobclub("new-area", "cy", "--name", "Conwy", "--nation", "wales", cwd=project)
    assert result.returncode == 1 and not (project / "site_data/cy").exists()
    assert result.stderr == (
        'Error: "cy" cannot be the short name of an area: the published site keeps cy/ for the national '
        "finder in Welsh. Choose another short name, for example conwy.\n"
    )


def test_check_finds_a_name_missing_from_the_welsh_finder_strings(project: Path) -> None:
    path = project / "templates/finder/strings/cy.yml"
    path.write_text(path.read_text().replace("finder_language: Iaith\n", ""))
    result = jobclub("check", "--today", "2026-11-25", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        'templates/finder/strings/cy.yml: finder_language: There is no text for "finder_language".',
        '  Add the translation of en.yml\'s "finder_language": Language.',
    ]


# --- Areas built by an older version, whose stamps hold the next session as an English line -----------

OLDSHIRE = {
    "name": "Oldshire",
    "finder": {"nation": "wales", "welsh_site": False, "places": ["Oldtown"], "districts": [], "venues": [],
               "next": "Next session: Tuesday 8 December at 10am, Writing a CV at Oldtown Library"},
}


def test_an_older_stamps_next_session_is_its_date_alone_in_welsh(tmp_path: Path) -> None:
    from conftest import ROOT

    write_finder(ROOT, tmp_path, {"conwy": CONWY, "oldshire": OLDSHIRE})
    _, old = json.loads((tmp_path / "finder.json").read_text())
    assert old["x"] == "Next session: Tuesday 8 December at 10am, Writing a CV at Oldtown Library"
    # The course and the venue are only there in English: the Welsh page gives the date.
    assert old["y"] == "Sesiwn nesaf: Dydd Mawrth 8 Rhagfyr"


def test_an_older_stamps_next_session_it_cannot_read_is_left_to_the_welsh_page_as_english(tmp_path: Path) -> None:
    from conftest import ROOT

    unreadable = {**OLDSHIRE, "finder": {**OLDSHIRE["finder"], "next": "Next session: soon"}}
    write_finder(ROOT, tmp_path, {"conwy": CONWY, "oldshire": unreadable})
    _, old = json.loads((tmp_path / "finder.json").read_text())
    # No y: the Welsh page shows x, marked lang="en-GB" (tests/test_finder_browser.py).
    assert old["x"] == "Next session: soon" and "y" not in old
