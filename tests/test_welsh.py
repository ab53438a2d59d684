"""Conwy in Welsh and English: twin pages that link to each other, Welsh words, dates, packs, posters and
feeds, and what `jobclub check` says about translations. (The browser checks of tests/test_browser.py
visit every built page, the Welsh ones included.)"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from conftest import ROOT
from icalendar import Calendar
from pypdf import PdfReader

from generator import languages, variants
from generator.build import build
from generator.check import load_checked_project
from generator.errors import DataErrors
from generator.inputs import read_stamp
from generator.load import load_yaml
from generator.model import Area, LocalisedText, VenuesFile
from generator.project import load_project
from generator.render import load_strings
from generator.validate import validate_document

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("welsh") / "site"
    build(ROOT, out, TODAY, only=["conwy", "wigan"], jobs=1)
    return out


def html_pages(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.html"))


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def visible(page: str) -> str:
    """The page's main text, without tags."""
    main = page.split('<article class="md-content__inner md-typeset">', 1)[-1].split("</article>", 1)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


# --- Two sites, one for each language -----------------------------------------------------------


def test_every_english_page_of_conwy_has_a_welsh_twin_at_the_same_address(site: Path) -> None:
    english = [page for page in html_pages(site / "conwy") if not page.startswith("cy/")]
    welsh = html_pages(site / "conwy" / "cy")
    assert len(english) > 30
    assert welsh == english


def test_each_page_links_to_its_twin_in_the_header_and_with_hreflang(site: Path) -> None:
    problems = []
    for page in html_pages(site / "conwy" / "cy"):
        if page == "404.html":
            continue
        for here, there, language in (("cy/" + page, page, "en-GB"), (page, "cy/" + page, "cy")):
            html = text_of(site / "conwy" / here)
            switch = re.search(r'<nav class="jc-language"[^>]*>\s*<a class="jc-language__link" href="([^"]+)" '
                               r'hreflang="([^"]+)" lang="([^"]+)">([^<]+)</a>', html)
            if switch is None:
                problems.append(f"{here}: no language switch")
                continue
            target = (site / "conwy" / here).parent / switch[1]
            if target.resolve() != (site / "conwy" / there).parent.resolve() or switch[2] != language:
                problems.append(f"{here}: the switch goes to {switch[1]} ({switch[2]}), not {there}")
            absolute = "https://www.example.org/jobclub/conwy/" + there.removesuffix("index.html")
            if f'hreflang="{language}" href="{absolute}"' not in html:
                problems.append(f"{here}: no <link rel=alternate hreflang={language}> to {absolute}")
    assert problems == []


def test_the_switch_names_each_language_in_itself(site: Path) -> None:
    assert ">Cymraeg</a>" in text_of(site / "conwy" / "timetable" / "index.html")
    assert ">English</a>" in text_of(site / "conwy" / "cy" / "timetable" / "index.html")


def test_welsh_pages_say_they_are_in_welsh_and_use_material_in_welsh(site: Path) -> None:
    for page in html_pages(site / "conwy" / "cy"):
        html = text_of(site / "conwy" / "cy" / page)
        assert '<html lang="cy"' in html, page
    home = text_of(site / "conwy" / "cy" / "index.html")
    assert "Neidio i'r cynnwys" in home  # Material's own words, in Welsh
    assert "<title>Clwb Swyddi Conwy</title>" in home


def test_welsh_pages_have_welsh_dates_and_times(site: Path) -> None:
    timetable = visible(text_of(site / "conwy" / "cy" / "timetable" / "index.html"))
    assert "Dydd Mawrth 1 Rhagfyr" in timetable
    assert "Wythnos yn dechrau: Dydd Llun 30 Tachwedd 2026" in timetable
    assert "09:30" in timetable and "9:30am" not in timetable
    assert "Tuesday" not in timetable
    english = visible(text_of(site / "conwy" / "timetable" / "index.html"))
    assert "Tuesday 1 December" in english and "9:30am" in english


def test_welsh_dates_are_never_written_after_ar_without_its_mutation(site: Path) -> None:
    """After "ar", "dydd" becomes "ddydd" ("ar ddydd Iau"): the Welsh strings put a date where it
    needs no mutation ("dyddiad dechrau'r cwrs nesaf yw Dydd Iau 10 Rhagfyr")."""
    welsh = [visible(text_of(site / "conwy" / name)) for name in html_pages(site / "conwy") if name.startswith("cy/")]
    assert not [page for page in welsh if re.search(r"\bar Dydd\b", page)]
    course = visible(text_of(site / "conwy" / "cy" / "courses" / "cv-writing" / "index.html"))
    assert re.search(r"dyddiad dechrau'r cwrs nesaf yw Dydd \w+ \d+ \w+", course)


def test_welsh_pages_use_the_areas_welsh_text(site: Path) -> None:
    home = visible(text_of(site / "conwy" / "cy" / "index.html"))
    assert "Croeso i Glwb Swyddi Conwy!" in home
    assert "Llyfrgell Bae Colwyn" in home
    venue = visible(text_of(site / "conwy" / "cy" / "venues" / "llandudno-library" / "index.html"))
    assert "Defnyddiwch y drws ochr ar y chwith" in venue
    assert "Dydd Llun: 09:00 i 17:00" in venue
    moved = visible(text_of(site / "conwy" / "cy" / "courses" / "job-search-online" / "index.html"))
    assert (
        "Lleoliad yr wythnos hon: Canolfan Byd Gwaith Bae Colwyn, yn lle Llyfrgell Bae Colwyn. "
        "Mae angen yr ystafell astudio" in moved
    )


def test_the_email_course_and_its_guides_are_in_welsh(site: Path) -> None:
    course = visible(text_of(site / "conwy" / "cy" / "courses" / "using-email" / "index.html"))
    assert "Sefydlu a defnyddio e-bost" in course
    assert "Mae rhannau" not in course  # no "parts are only in English" notice
    guide = text_of(site / "conwy" / "cy" / "guides" / "make-a-strong-password" / "index.html")
    assert "Defnyddio tri gair ar hap" in guide
    assert "<strong lang=\"en\">Never</strong>" in guide  # a button's English name, marked as English
    get_help = visible(text_of(site / "conwy" / "cy" / "get-help" / "index.html"))
    # National services by role, named in Welsh (content/services.yml).
    assert "Cyngor gyrfaoedd: Gyrfa Cymru" in get_help and "Cyngor ar Bopeth" in get_help
    assert "Careers Wales" not in get_help and "[[" not in get_help


def without_welsh(copy: Path) -> None:
    """Take the Welsh away from a guide and from a course's summary, as if not translated yet."""
    (copy / "content" / "guides" / "write-your-personal-profile.cy.md").unlink(missing_ok=True)
    course = copy / "content" / "courses" / "cv-writing.yml"
    text = course.read_text(encoding="utf-8")
    course.write_text(re.sub(r"\nsummary:\n  en: (.*)\n  cy: .*\n", r"\nsummary: \1\n", text), encoding="utf-8")


def test_a_page_without_welsh_says_so_in_welsh_and_marks_its_english(copy: Path, tmp_path: Path) -> None:
    without_welsh(copy)
    site = tmp_path / "site"
    build(copy, site, TODAY, only=["conwy"], packs=False, jobs=1)
    page = text_of(site / "conwy" / "cy" / "guides" / "write-your-personal-profile" / "index.html")
    assert "Mae'r dudalen hon ar gael yn Saesneg yn unig am y tro." in visible(page)
    body = page.split('<article class="md-content__inner md-typeset">', 1)[1]
    assert re.search(r'<div lang="en">\s*<h1 id="[^"]+">Write your personal profile</h1>', body)
    course = text_of(site / "conwy" / "cy" / "courses" / "cv-writing" / "index.html")
    assert "Mae rhannau o'r dudalen hon ar gael yn Saesneg yn unig am y tro." in visible(course)
    assert '<span lang="en">Make a clear, honest CV' in course


def test_the_welsh_404_page_is_in_welsh(site: Path) -> None:
    html = text_of(site / "conwy" / "cy" / "404.html")
    assert "Heb ddod o hyd i'r dudalen" in html and "Page not found" not in html


def test_the_welsh_search_index_keeps_welsh_words_as_written(site: Path) -> None:
    index = json.loads(text_of(site / "conwy" / "cy" / "search" / "search_index.json"))
    assert index["config"]["pipeline"] == ["trimmer"]  # no English stemmer and no English stop words
    assert any("cyfrinair" in doc["text"] for doc in index["docs"])
    english = json.loads(text_of(site / "conwy" / "search" / "search_index.json"))
    assert "stopWordFilter" in english["config"]["pipeline"]


def test_the_national_index_lists_conwy_under_its_welsh_name(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(ROOT, out, TODAY, only=None, packs=False, jobs=1)
    index = text_of(out / "index.html")
    assert '<a href="conwy/">Conwy job club</a>' in index
    assert '<a href="conwy/cy/" hreflang="cy" lang="cy">Clwb Swyddi Conwy</a>' in index
    assert 'href="wigan/cy/"' not in index


# --- English-only areas ----------------------------------------------------------------------------


def test_english_only_areas_have_no_welsh_site_and_no_language_switch(site: Path) -> None:
    assert not (site / "wigan" / "cy").exists()
    for page in html_pages(site / "wigan"):
        html = text_of(site / "wigan" / page)
        assert "jc-language" not in html and "hreflang" not in html and 'lang="en"' in html, page
    assert "names" not in json.loads(text_of(site / "wigan" / ".jobclub.json"))


def test_an_english_only_area_reads_exactly_as_it_did() -> None:
    project = load_project(ROOT, TODAY, ["wigan"])
    area = project.areas["wigan"]
    assert languages.localised(project, area, "en", "") == (project, area)
    english = languages.localise(area.partners, "en")
    assert english is area.partners


# --- Packs, posters and the feed --------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.mark.parametrize("kind", ["learner", "learner-large-print", "tutor"])
def test_welsh_packs_are_in_welsh_and_tagged_so(site: Path, kind: str) -> None:
    path = site / "conwy" / "cy" / "packs" / f"using-email-{kind}.pdf"
    text = pdf_text(path)
    assert "Sefydlu a defnyddio e-bost" in text
    assert ("Eich sesiynau" if kind != "tutor" else "Cynlluniau sesiwn") in text
    assert "Tudalen 1 o" in text
    assert "Setting up and using email" not in text
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "cy"
    english = site / "conwy" / "packs" / f"using-email-{kind}.pdf"
    assert "Setting up and using email" in pdf_text(english)
    assert PdfReader(english).trailer["/Root"]["/Lang"] == "en-GB"


def test_the_welsh_learner_pack_has_the_welsh_worksheets(site: Path) -> None:
    text = pdf_text(site / "conwy" / "cy" / "packs" / "using-email-learner.pdf")
    assert "Sefydlu eich e-bost" in text and "Fy nghyfeiriad e-bost newydd" in text
    assert "Dydd Llun 7 Rhagfyr" in text
    # National services by their Welsh names (content/services.yml), the English in the English pack.
    assert "Gyrfa Cymru" in text and "Careers Wales" not in text
    assert "Careers Wales" in pdf_text(site / "conwy" / "packs" / "using-email-learner.pdf")


def test_a_role_in_welsh_text_is_filled_in_with_the_services_welsh_name() -> None:
    project = variants.for_nation(load_project(ROOT, TODAY, ["conwy"]), "wales")
    services = project.services.for_nation("wales")
    welsh = variants.resolve("Ffoniwch [[careers-service.name]].", "wales", variants.in_language(services, "cy"))
    english = variants.resolve("Call [[careers-service.name]].", "wales", services)
    assert (welsh, english) == ("Ffoniwch Gyrfa Cymru.", "Call Careers Wales.")


def test_the_poster_is_in_welsh_first_and_english_at_the_same_size(site: Path) -> None:
    path = site / "conwy" / "poster.pdf"
    assert (site / "conwy" / "cy" / "poster.pdf").read_bytes() == path.read_bytes()
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        words = page.extract_words(extra_attrs=["size"])
        # Below the titles, Welsh on the left half and English on the right.
        left, right = (
            " ".join((page.crop(box).extract_text() or "").split())
            for box in ((0, 0, page.width / 2, page.height), (page.width / 2, 0, page.width, page.height))
        )
    text = pdf_text(path)
    assert text.index("Clwb Swyddi Conwy") < text.index("Conwy job club")
    sizes: dict[str, int] = {}
    for word in words:  # each word's first use: the titles come first
        sizes.setdefault(word["text"], round(word["size"]))
    assert sizes["Clwb"] == sizes["job"]  # the two titles, the same size
    assert "Mae pob sesiwn am ddim. Croeso i bawb." in left and "All sessions are free." in right
    assert "Dydd Mawrth bob wythnos" in left and "Every Tuesday" in right
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "cy"


def test_the_welsh_learner_pack_sends_people_to_the_welsh_course_page(site: Path) -> None:
    site_url = "https://www.example.org/jobclub/conwy/"
    welsh = "".join(pdf_text(site / "conwy" / "cy" / "packs" / "cv-writing-learner.pdf").split())
    english = "".join(pdf_text(site / "conwy" / "packs" / "cv-writing-learner.pdf").split())
    assert f"{site_url}cy/courses/cv-writing/" in welsh
    assert f"{site_url}courses/cv-writing/" in english and "/cy/" not in english


def test_the_welsh_feed_matches_the_welsh_timetable(site: Path) -> None:
    feed = Calendar.from_ical((site / "conwy" / "cy" / "calendar.ics").read_bytes())
    english = Calendar.from_ical((site / "conwy" / "calendar.ics").read_bytes())
    assert str(feed["x-wr-calname"]) == "Clwb Swyddi Conwy"
    events = {str(event["uid"]): event for event in feed.walk("VEVENT")}
    assert set(events) == {str(event["uid"]) for event in english.walk("VEVENT")}
    summaries = {str(event["summary"]) for event in events.values()}
    assert any(summary.startswith("Sefydlu a defnyddio e-bost") for summary in summaries)
    assert "Ffair swyddi" in summaries
    moved = [event for event in events.values() if "Lleoliad yr wythnos hon:" in str(event["description"])]
    assert moved and "Trefnydd: Canolfan Byd Gwaith Bae Colwyn." in str(moved[0]["description"])
    # Every session the Welsh timetable lists on its first day is in the feed, at that time.
    timetable = visible(text_of(site / "conwy" / "cy" / "timetable" / "index.html"))
    first_day = timetable.split("Dydd Mawrth 1 Rhagfyr", 1)[1].split("Dydd Mercher", 1)[0]
    on_the_day = [e for e in events.values() if e["dtstart"].dt.date() == dt.date(2026, 12, 1)]
    assert on_the_day
    for event in on_the_day:
        assert f"{event['dtstart'].dt:%H:%M} i {event['dtend'].dt:%H:%M}" in first_day
        assert str(event["summary"]).split(": ")[0] in first_day


# --- Town names in each language ------------------------------------------------------------------


def addresses_in_event_data(page: str) -> set[str]:
    """The towns in a page's schema.org event data."""
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page)[1])
    return {event["location"]["address"]["addressLocality"] for event in data}


def test_a_towns_welsh_name_is_on_the_welsh_site_and_its_english_name_on_the_english(site: Path) -> None:
    welsh = visible(text_of(site / "conwy" / "cy" / "venues" / "colwyn-bay-library" / "index.html"))
    english = visible(text_of(site / "conwy" / "venues" / "colwyn-bay-library" / "index.html"))
    assert "3 Woodland Walk Bae Colwyn LL29 7DH" in welsh and "Colwyn Bay" not in welsh
    assert "3 Woodland Walk Colwyn Bay LL29 7DH" in english and "Bae Colwyn" not in english
    assert "3 Woodland Walk, Bae Colwyn, LL29 7DH" in visible(text_of(site / "conwy" / "cy" / "venues" / "index.html"))
    assert addresses_in_event_data(text_of(site / "conwy" / "cy" / "timetable" / "index.html")) == {
        "Bae Colwyn", "Llandudno"}
    assert addresses_in_event_data(text_of(site / "conwy" / "timetable" / "index.html")) == {
        "Colwyn Bay", "Llandudno"}


def test_a_town_written_once_is_the_same_in_welsh_and_not_marked_english(site: Path) -> None:
    page = text_of(site / "conwy" / "cy" / "venues" / "llandudno-library" / "index.html")
    assert "<p>21 Chapel Terrace<br>\nLlandudno<br>\nLL30 2RP</p>" in page


def test_the_welsh_feed_and_packs_name_the_town_in_welsh(site: Path) -> None:
    for folder, name, other in (("cy", "Bae Colwyn", "Colwyn Bay"), ("", "Colwyn Bay", "Bae Colwyn")):
        feed = Calendar.from_ical((site / "conwy" / folder / "calendar.ics").read_bytes())
        places = {str(event["location"]) for event in feed.walk("VEVENT")}
        assert any(place.endswith(f"3 Woodland Walk, {name}, LL29 7DH") for place in places), folder
        assert not any(other in place for place in places), folder
        for kind in ("learner", "tutor", "attendance"):
            text = " ".join(pdf_text(site / "conwy" / folder / "packs" / f"cv-writing-{kind}.pdf").split())
            if kind != "attendance":  # the attendance sheet names the venue and its town only
                assert f"3 Woodland Walk {name} LL29 7DH" in text, (folder, kind)
            assert other not in text, (folder, kind)


def test_the_finder_knows_a_town_by_both_its_names(site: Path) -> None:
    finder = read_stamp(site / "conwy")["finder"]
    assert finder["places"][:3] == ["Colwyn Bay", "Bae Colwyn", "Llandudno"]
    data = {area["s"]: area for area in json.loads(text_of(site / "finder.json"))}
    assert data["conwy"]["v"][0] == ["Colwyn Bay Library", "Colwyn Bay", "LL29 7DH", "venues/colwyn-bay-library/",
                                     "Llyfrgell Bae Colwyn", "Bae Colwyn"]
    # The same name in both languages: nothing more to load.
    assert data["conwy"]["v"][1] == ["Llandudno Library", "Llandudno", "LL30 2RP", "venues/llandudno-library/",
                                     "Llyfrgell Llandudno"]


def test_a_town_can_be_one_name_or_one_for_each_language(tmp_path: Path) -> None:
    path = tmp_path / "venues.yml"
    text = (ROOT / "site_data" / "conwy" / "venues.yml").read_text(encoding="utf-8")
    path.write_text(text.replace("        cy: Bae Colwyn\n", "", 1), encoding="utf-8")
    venues, problems = validate_document(load_yaml(path), VenuesFile)
    assert problems == [] and venues is not None
    towns = [venue.address.town for venue in venues.venues]
    assert [str(town) for town in towns] == ["Colwyn Bay", "Llandudno", "Colwyn Bay"]
    # {en: Colwyn Bay} alone, and plain Llandudno: the same name in Welsh, not English waiting for a translation.
    for town in towns[:2]:
        welsh = languages.text_in(town, "cy")
        assert welsh == town and not isinstance(welsh, languages.InEnglish)
    assert languages.text_in(towns[2], "cy") == "Bae Colwyn"


def test_a_town_written_as_a_list_says_how_to_write_it(tmp_path: Path) -> None:
    path = tmp_path / "venues.yml"
    text = (ROOT / "site_data" / "conwy" / "venues.yml").read_text(encoding="utf-8")
    path.write_text(text.replace("town: Llandudno", "town: [Llandudno, Llandudno]", 1), encoding="utf-8")
    _, problems = validate_document(load_yaml(path), VenuesFile)
    (problem,) = problems
    line = text.splitlines().index("      town: Llandudno") + 1
    assert (problem.position.line, problem.field) == (line, "venues[1].address.town")
    assert problem.message == "This is a list, but it should be text"
    assert "Write the text after the colon on the same line" in problem.hint
    assert "    en: Colwyn Bay\n    cy: Bae Colwyn" in problem.hint


def test_check_does_not_ask_for_the_welsh_of_a_town_written_once() -> None:
    project = load_checked_project(ROOT, TODAY, None, strict=False)
    assert not [p for p in project.warnings if p.field.endswith("address.town")]


# --- Words and dates -------------------------------------------------------------------------------


def test_welsh_dates_come_from_cldr() -> None:
    t = load_strings(ROOT / "templates", "cy")
    assert t.long_date(dt.date(2026, 12, 1)) == "Dydd Mawrth 1 Rhagfyr"
    assert t.long_date(dt.date(2027, 3, 2), with_year=True) == "Dydd Mawrth 2 Mawrth 2027"
    assert t("days")[0] == "Dydd Llun" and t("months")[5] == "Mehefin"
    assert t.clock(dt.time(14, 30)) == "14:30"
    english = load_strings(ROOT / "templates", "en")
    assert english.long_date(dt.date(2026, 12, 1)) == "Tuesday 1 December"
    assert english.clock(dt.time(14, 30)) == "2:30pm"


def test_staff_text_can_be_plain_or_in_both_languages() -> None:
    document = load_yaml(ROOT / "site_data" / "conwy" / "area.yml")
    area, problems = validate_document(document, Area)
    assert problems == [] and area is not None
    assert isinstance(area.welcome, LocalisedText) and area.welcome.startswith("Croeso! Welcome")
    assert languages.text_in(area.welcome, "cy").startswith("Croeso i Glwb Swyddi Conwy!")
    wigan, _ = validate_document(load_yaml(ROOT / "site_data" / "wigan" / "area.yml"), Area)
    assert wigan is not None and isinstance(wigan.welcome, LocalisedText)
    assert isinstance(languages.text_in(wigan.welcome, "cy"), languages.InEnglish)


def test_a_misspelt_language_is_named_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "area.yml"
    text = (ROOT / "site_data" / "conwy" / "area.yml").read_text(encoding="utf-8")
    path.write_text(text.replace("\n  cy: >-\n    Croeso i Glwb", "\n  cyy: >-\n    Croeso i Glwb"), encoding="utf-8")
    _, problems = validate_document(load_yaml(path), Area)
    assert [(p.position.line, p.position.column, p.field, p.message, p.hint) for p in problems] == [
        (_line_of(path, "  cyy: >-"), 3, "welcome.cyy", '"cyy" is not a field that can be written here',
         'Did you mean "cy"?')
    ]


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


# --- check -----------------------------------------------------------------------------------------


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for folder in ("content", "site_data", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_check_refuses_welsh_strings_missing_a_name_or_a_placeholder(copy: Path) -> None:
    path = copy / "templates" / "strings" / "cy.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("see_timetable: Gweld yr amserlen lawn\n", "")
    text = text.replace('week_starting: "Wythnos yn dechrau: {date}"', 'week_starting: "Wythnos yn dechrau: {dyddiad}"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors) as raised:
        load_checked_project(copy, TODAY, None, strict=False)
    errors = [problem for problem in raised.value.problems if not problem.warning]
    found = [(p.position.path.name, p.position.line, p.field, p.message) for p in errors]
    assert found == [
        ("cy.yml", 0, "see_timetable", 'There is no text for "see_timetable"'),
        ("cy.yml", _line_of(path, 'week_starting: "Wythnos yn dechrau: {dyddiad}"'), "week_starting",
         '"week_starting" does not have the same gaps in curly brackets as in en.yml'),
    ]
    assert errors[1].hint == "Keep each one exactly as it is, untranslated: {date}."


def test_check_lists_what_conwy_lacks_in_welsh_and_says_it_needs_review(copy: Path) -> None:
    without_welsh(copy)
    path = copy / "site_data" / "conwy" / "timetable.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("""    room:
      en: Meeting room
      cy: Ystafell gyfarfod
""", "    room: Meeting room\n"), encoding="utf-8")
    project = load_checked_project(copy, TODAY, None, strict=True)  # not errors, even when strict
    said = {(p.position.path.relative_to(copy).as_posix(), p.position.line, p.message) for p in project.warnings}
    assert ("site_data/conwy/timetable.yml", _line_of(path, "    room: Meeting room"),
            "This text has no Welsh yet") in said
    assert ("content/guides/write-your-personal-profile.md", 0,
            "This page is not in Welsh yet, and conwy is in Welsh and English") in said
    assert ("content/courses/cv-writing.yml", 0,
            "Some of this file's text is not in Welsh yet, and conwy is in Welsh and English") in said
    assert not any("make-a-strong-password" in path for path, _, _ in said)
    courses = {entry.course for entry in project.areas["conwy"].sessions}
    used = {guide for course in courses for guide in project.courses[course].guides}
    total = len(used) + len(project.pages)
    # Every page with a .cy.md beside it is a translation (and all of them are used by Conwy).
    welsh = {path.name.removesuffix(".cy.md") for path in (copy / "content").glob("*/*.cy.md")}
    assert {slug for _, slug, _ in project.translations} == welsh
    assert {*project.courses["using-email"].guides, "get-help"} <= welsh
    translated = len(project.translations)
    assert project.notes == [
        f"Welsh: {translated} of {total} pages used by conwy are translated; the rest show the English "
        "with a note.",
        "Welsh review: needed before going live, by a Welsh speaker "
        "(content/glossary.cy.yml, site_data/conwy/area.yml).",
    ]


def test_check_warns_when_welsh_text_uses_the_english_name_of_a_glossary_term(copy: Path) -> None:
    path = copy / "content" / "guides" / "attach-your-cv-to-an-email.cy.md"
    path.write_text(path.read_text(encoding="utf-8").replace("dyddlyfr Credyd Cynhwysol", "dyddlyfr Universal Credit"),
                    encoding="utf-8")
    project = load_checked_project(copy, TODAY, None, strict=False)
    glossary = [p for p in project.warnings if p.message.startswith("Welsh text says")]
    assert [(p.position.path.name, p.message, p.hint) for p in glossary] == [
        ("attach-your-cv-to-an-email.cy.md", 'Welsh text says "Universal Credit"',
         'Write "Credyd Cynhwysol" in Welsh text, as content/glossary.cy.yml says.')
    ]


def test_the_english_reading_age_check_never_reads_welsh() -> None:
    project = load_checked_project(ROOT, TODAY, None, strict=False)
    assert not any(p.position.path.name.endswith(".cy.md") and "reading age" in p.message for p in project.warnings)
    assert all(page.path.name.endswith(".cy.md") for page in project.translations.values())


def test_a_translation_without_an_english_page_is_an_error(copy: Path) -> None:
    (copy / "content" / "guides" / "make-a-strong-pasword.cy.md").write_text("# Teitl\n", encoding="utf-8")
    with pytest.raises(DataErrors) as raised:
        load_project(copy, TODAY)
    errors = [problem for problem in raised.value.problems if not problem.warning]
    assert [(p.position.path.name, p.message, p.hint) for p in errors] == [
        ("make-a-strong-pasword.cy.md", 'There is no English "make-a-strong-pasword.md" for this translation',
         'Did you mean "make-a-strong-password"?')
    ]


def test_check_says_when_every_page_conwy_uses_is_in_welsh() -> None:
    """The shipped content has no Welsh gaps (a new English guide or course text for Conwy needs its
    Welsh too, or this test says which file lacks it)."""
    project = load_checked_project(ROOT, TODAY, None, strict=False)
    assert [p.position.path.name for p in project.warnings if "Welsh yet" in p.message] == []
    assert re.fullmatch(r"Welsh: all \d+ pages used by conwy are translated\.", project.notes[0])


def test_the_welsh_feed_and_event_data_number_course_sessions_in_welsh(site: Path) -> None:
    feed = Calendar.from_ical((site / "conwy" / "cy" / "calendar.ics").read_bytes())
    summaries = [str(event["summary"]) for event in feed.walk("VEVENT")]
    assert any(re.search(r", sesiwn \d+ o \d+: ", summary) for summary in summaries)
    assert not any(", session " in summary for summary in summaries)
    page = (site / "conwy" / "cy" / "timetable" / "index.html").read_text(encoding="utf-8")
    data = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert ", sesiwn " in data and ", session " not in data


def test_bank_holidays_are_named_in_welsh_on_welsh_pages_feeds_and_posters(site: Path) -> None:
    page = visible(text_of(site / "conwy" / "cy" / "timetable" / "index.html"))
    assert "Wedi'i ganslo : Gŵyl San Steffan (diwrnod yn lle) (gŵyl banc)." in page
    assert "Boxing Day" not in page
    feed = (site / "conwy" / "cy" / "calendar.ics").read_text(encoding="utf-8")
    assert "Easter Monday" not in feed and "Boxing Day" not in feed
    english = visible(text_of(site / "conwy" / "timetable" / "index.html"))
    assert "Cancelled : Boxing Day (observed) (bank holiday)." in english
