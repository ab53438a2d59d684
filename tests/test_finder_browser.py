"""The national finder in a real browser: searching by town, council name and postcode district;
the list without JavaScript; the keyboard; axe at desktop size and at 320 CSS pixels; and the search
index fetched only once the box is used."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from conftest import ROOT
from playwright.sync_api import Browser, Page
from test_browser import DESKTOP, NARROWEST, axe_violations, browsing, chromium, is_local, serve

from generator.build import build

pytestmark = pytest.mark.browser
__all__ = ["chromium"]  # the browser fixture, shared with test_browser.py

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("finder") / "site"
    # In this process (jobs=1): forking worker processes while Playwright's thread runs can hang.
    build(ROOT, out, TODAY, packs=False, jobs=1)
    with serve(out) as url:
        yield url


@pytest.fixture
def page(base: str, chromium: Browser) -> Iterator[Page]:
    with browsing(chromium, viewport=DESKTOP) as tab:
        tab.route(lambda url: not is_local(url, base), lambda route: route.abort())
        yield tab


def search(page: Page, base: str, typed: str) -> list[str]:
    """Type into the box as a person does; the results' first lines (each area's link)."""
    page.goto(base + "/")
    page.get_by_role("searchbox", name="Your town, village or postcode").press_sequentially(typed)
    page.wait_for_function("document.getElementById('finder-status').textContent.includes('found')")
    return page.locator("#finder-results > li > p:first-child").all_inner_texts()


@pytest.mark.parametrize(("typed", "found"), [
    ("Leigh", ["Wigan job club"]),  # a town in covers:
    ("llandudno", ["Conwy job club · Clwb Swyddi Conwy"]),  # a venue's town, in small letters
    ("Conwy", ["Conwy job club · Clwb Swyddi Conwy"]),  # the council's name
    ("betws y coed", ["Conwy job club · Clwb Swyddi Conwy"]),  # without the dashes
    ("tyn y groes", ["Conwy job club · Clwb Swyddi Conwy"]),  # Ty'n-y-Groes, without the apostrophe
    ("LL29", ["Conwy job club · Clwb Swyddi Conwy"]),  # a venue's postcode district
    ("bae colwyn", ["Conwy job club · Clwb Swyddi Conwy"]),  # a venue's town by its Welsh name
    ("hen golwyn", ["Conwy job club · Clwb Swyddi Conwy"]),  # a Welsh place name in covers:
    ("wn7", ["Wigan job club"]),  # a district in covers:
    ("SE18 6HQ", ["Greenwich job club"]),  # a whole postcode finds its district
    ("se1", ["Greenwich job club"]),  # the start of a district, while typing SE18
])
def test_search_by_town_council_or_postcode(page: Page, base: str, typed: str, found: list[str]) -> None:
    assert search(page, base, typed) == found
    # The list of every area steps aside while there are results.
    assert page.locator("#finder-list").is_hidden()


def test_a_result_shows_the_nearest_venues_and_the_next_session(page: Page, base: str) -> None:
    search(page, base, "WN5")
    result = page.locator("#finder-results > li").first
    venues = result.locator("li").all_inner_texts()
    # The venue in WN5 comes first.
    assert venues[0] == "Pennyhurst Community Centre, Wigan WN5 8DL"
    assert len(venues) == 3
    assert "Next session: Wednesday 25 November at 10am" in result.inner_text()
    result.get_by_role("link", name="Pennyhurst Community Centre").click()
    assert page.url == base + "/wigan/venues/pennyhurst-community-centre/"


def test_a_town_with_a_welsh_name_is_found_by_its_english_name_and_shown_in_english(page: Page, base: str) -> None:
    assert search(page, base, "Colwyn Bay") == ["Conwy job club · Clwb Swyddi Conwy"]
    result = page.locator("#finder-results > li").first
    assert "Covers: Colwyn Bay" in result.inner_text()
    # The venues in the town that matched come first, with the town's English name.
    assert result.locator("li").all_inner_texts()[:2] == [
        "Colwyn Bay Library, Colwyn Bay LL29 7DH", "Colwyn Bay Jobcentre, Colwyn Bay LL29 8LF"]


def test_nothing_found_says_what_to_try(page: Page, base: str) -> None:
    page.goto(base + "/")
    page.get_by_role("searchbox", name="Your town, village or postcode").fill("Atlantis")
    status = page.get_by_role("status")
    status.filter(has_text="No job club found").wait_for()
    assert status.inner_text() == (
        "No job club found for \u201cAtlantis\u201d. Check the spelling, try the first half of your postcode, "
        "or clear the box to see every job club."
    )
    page.get_by_role("searchbox", name="Your town, village or postcode").fill("")
    assert page.locator("#finder-list").is_visible() and status.inner_text() == ""


def test_search_index_is_fetched_only_when_the_box_is_used(page: Page, base: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url.removeprefix(base)))
    page.goto(base + "/")
    page.wait_for_load_state("networkidle")
    assert fetched == ["/", "/finder.js"]
    with page.expect_request(base + "/finder.json"):
        page.get_by_role("searchbox", name="Your town, village or postcode").focus()
    assert fetched == ["/", "/finder.js", "/finder.json"]


def test_without_javascript_the_page_is_the_whole_list(base: str, chromium: Browser) -> None:
    with browsing(chromium, viewport=DESKTOP, java_script_enabled=False) as page:
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url.removeprefix(base)))
        page.goto(base + "/")
        assert page.locator("#finder").is_hidden()
        assert page.get_by_role("heading", level=2).all_inner_texts() == [
            "England", "Northern Ireland", "Scotland", "Wales"]
        wigan = page.get_by_role("listitem").filter(has_text="Wigan job club")
        # Find-in-page finds a postcode district and a village.
        assert "WN7" in wigan.inner_text() and "Tyldesley" in wigan.inner_text()
        assert fetched == ["/"]  # no script, so no search index


def test_keyboard_reaches_the_box_and_enter_goes_to_the_first_result(page: Page, base: str) -> None:
    page.goto(base + "/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Cymraeg"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "finder-box"
    page.keyboard.type("Eltham")
    page.get_by_role("status").filter(has_text="1 job club found").wait_for()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "Greenwich job club"
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/greenwich/")


@pytest.mark.parametrize("width", [DESKTOP["width"], NARROWEST])
def test_finder_passes_axe_and_fits_the_screen(base: str, chromium: Browser, width: int) -> None:
    with browsing(chromium, viewport={"width": width, "height": 800}) as page:
        page.goto(base + "/")
        assert axe_violations(page) == []
        search(page, base, "Colwyn Bay")
        assert axe_violations(page) == []
        # WCAG 1.4.10: nothing scrolls sideways at 320 CSS pixels.
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_front_page_asks_nothing_of_anyone_else(page: Page, base: str) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    search(page, base, "Leigh")
    assert asked and all(url.startswith(base + "/") for url in asked)



# --- The Welsh page (cy/) --------------------------------------------------------------------------

WELSH_BOX = "Eich tref, pentref neu god post"


def search_in_welsh(page: Page, base: str, typed: str) -> list[str]:
    page.goto(base + "/cy/")
    page.get_by_role("searchbox", name=WELSH_BOX).press_sequentially(typed)
    page.wait_for_function("document.getElementById('finder-status').textContent.includes('ar gyfer')")
    return page.locator("#finder-results > li > p:first-child").all_inner_texts()


def test_the_welsh_page_is_in_welsh(page: Page, base: str) -> None:
    page.goto(base + "/cy/")
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert page.get_by_role("heading", level=1).inner_text() == "Dod o hyd i'ch clwb swyddi"
    assert page.get_by_role("searchbox", name=WELSH_BOX).is_visible()


def test_searching_bae_colwyn_in_welsh_finds_conwys_welsh_site(page: Page, base: str) -> None:
    assert search_in_welsh(page, base, "Bae Colwyn") == ["Clwb Swyddi Conwy · Conwy job club"]
    assert page.get_by_role("status").inner_text() == "Mae 1 clwb swyddi ar gyfer \u201cBae Colwyn\u201d."
    result = page.locator("#finder-results > li").first
    # The next session in Welsh: a Welsh date, a 24-hour time and the venue's Welsh name.
    assert "Sesiwn nesaf: Dydd Mercher 25 Tachwedd am 13:00, " in result.inner_text()
    assert "Lleoliad: Llyfrgell Llandudno" in result.inner_text()
    assert "Next session" not in result.inner_text()
    english = result.get_by_role("link", name="Conwy job club")
    assert (english.get_attribute("lang"), english.get_attribute("hreflang")) == ("en-GB", "en-GB")
    # The venues are in the Welsh site, by their Welsh names.
    assert result.locator("li").first.inner_text() == "Llyfrgell Bae Colwyn, Bae Colwyn LL29 7DH"
    result.get_by_role("link", name="Clwb Swyddi Conwy").click()
    assert page.url == base + "/conwy/cy/"
    assert page.evaluate("document.documentElement.lang") == "cy"


@pytest.mark.parametrize(("typed", "place"), [
    ("Fae Colwyn", "Bae Colwyn"),  # i Fae Colwyn: soft mutation, B to F
    ("i Fae Colwyn", "Bae Colwyn"),  # with the word before it
    ("Nghonwy", None),  # yng Nghonwy: nasal mutation, C to Ngh (Conwy is the council's name)
    ("yng Nghonwy", None),
    ("o Landudno", "Llandudno"),  # soft mutation, Ll to L
    ("Lanrwst", "Llanrwst"),
    ("ym Metws-y-Coed", "Betws-y-Coed"),  # nasal mutation, B to M
    ("Hen Golwyn", "Hen Golwyn"),  # a name that is written mutated is found as it is
])
def test_a_welsh_place_name_is_found_after_i_yng_ym_or_o(page: Page, base: str, typed: str, place: str | None) -> None:
    assert search_in_welsh(page, base, typed) == ["Clwb Swyddi Conwy · Conwy job club"]
    result = page.locator("#finder-results > li").first.inner_text()
    if place:
        assert f"Lleoedd: {place}" in result


def test_two_letters_are_too_few_to_be_taken_as_a_changed_first_sound(page: Page, base: str) -> None:
    # "Fa" is not yet "Ba" (Bae Colwyn, Bae Cinmel): the first letter is only changed back from three on.
    assert search_in_welsh(page, base, "Fa") == []
    page.get_by_role("searchbox", name=WELSH_BOX).press_sequentially("e")
    page.wait_for_function("document.querySelectorAll('#finder-results > li').length > 0")
    assert page.locator("#finder-results > li > p:first-child").all_inner_texts() == [
        "Clwb Swyddi Conwy · Conwy job club"]


def test_an_english_only_area_is_found_from_the_welsh_page_and_marked_english(page: Page, base: str) -> None:
    assert search_in_welsh(page, base, "Leigh") == ["Wigan job club"]
    link = page.locator("#finder-results > li").first.get_by_role("link", name="Wigan job club")
    assert link.get_attribute("lang") == "en-GB"
    assert "Sesiwn nesaf: Dydd Mercher 25 Tachwedd am 10:00" in page.locator("#finder-results > li").first.inner_text()
    link.click()
    assert page.url == base + "/wigan/"


def test_each_page_links_to_the_other(page: Page, base: str) -> None:
    page.goto(base + "/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Cymraeg").click()
    assert page.url == base + "/cy/"
    page.get_by_role("navigation", name="Iaith").get_by_role("link", name="English").click()
    assert page.url == base + "/"


def test_the_welsh_page_fetches_the_shared_search_index_only_when_used(page: Page, base: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url.removeprefix(base)))
    page.goto(base + "/cy/")
    page.wait_for_load_state("networkidle")
    assert fetched == ["/cy/", "/finder.js"]
    with page.expect_request(base + "/finder.json"):
        page.get_by_role("searchbox", name=WELSH_BOX).focus()


def test_without_javascript_the_welsh_page_is_the_whole_list(base: str, chromium: Browser) -> None:
    with browsing(chromium, viewport=DESKTOP, java_script_enabled=False) as page:
        page.goto(base + "/cy/")
        assert page.locator("#finder").is_hidden()
        assert page.get_by_role("heading", level=2).all_inner_texts() == [
            "Cymru", "Lloegr", "Gogledd Iwerddon", "Yr Alban"]
        conwy = page.get_by_role("listitem").filter(has_text="Clwb Swyddi Conwy")
        assert "Bae Colwyn" in conwy.inner_text() and "LL29" in conwy.inner_text()
        conwy.get_by_role("link", name="Clwb Swyddi Conwy").click()
        assert page.url == base + "/conwy/cy/"


@pytest.mark.parametrize("width", [DESKTOP["width"], NARROWEST])
def test_the_welsh_page_passes_axe_and_fits_the_screen(base: str, chromium: Browser, width: int) -> None:
    with browsing(chromium, viewport={"width": width, "height": 800}) as page:
        page.goto(base + "/cy/")
        assert axe_violations(page) == []
        search_in_welsh(page, base, "Bae Colwyn")
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_an_older_areas_english_only_next_session_is_marked_english_on_the_welsh_page(
    tmp_path_factory: pytest.TempPathFactory, chromium: Browser
) -> None:
    from test_finder import CONWY, OLDSHIRE

    from generator.finder import write_finder

    out = tmp_path_factory.mktemp("old-stamps")
    unreadable = {**OLDSHIRE, "finder": {**OLDSHIRE["finder"], "next": "Next session: soon, at Oldtown Library"}}
    write_finder(ROOT, out, {"conwy": CONWY, "oldshire": unreadable})
    with serve(out) as url, browsing(chromium, viewport=DESKTOP) as page:
        assert search_in_welsh(page, url, "Oldtown") == ["Oldshire job club"]
        line = page.locator("#finder-results > li").first.get_by_text("Next session: soon, at Oldtown Library")
        assert line.get_attribute("lang") == "en-GB"
