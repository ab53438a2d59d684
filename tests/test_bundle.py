"""`jobclub bundle --area SLUG`: one ZIP of an area's site that works opened straight from disk.

The ZIP is checked as files (every link reaches a page or file inside it, search left out, byte-identical
twice), as a command (what it refuses to overwrite), and unzipped and opened from file:// in Chromium:
the navigation is followed, a pack opened, nothing is fetched and axe passes.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import make_project
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_browser import DESKTOP, NARROWEST, axe_violations, browsing, chromium
from test_cli import jobclub

from generator.bundle import bundle_area, page_link

__all__ = ["chromium"]  # the browser fixture, shared with test_browser.py

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic project's area, bundled once (with its packs and poster)."""
    folder = tmp_path_factory.mktemp("bundle")
    project = make_project(folder / "project")
    return bundle_area(project, "testshire", folder / "testshire.zip", TODAY)


@pytest.fixture(scope="module")
def unzipped(bundled: Path) -> Path:
    folder = bundled.parent / "unzipped"
    with zipfile.ZipFile(bundled) as archive:
        archive.extractall(folder)
    return folder / "testshire"


def test_links_to_folders_go_to_their_page() -> None:
    assert page_link("../timetable/") == "../timetable/index.html"
    assert page_link("venues/town-library/#access") == "venues/town-library/index.html#access"
    assert page_link(".") == "index.html"
    assert page_link("..") == "../index.html"
    assert page_link("../..") == "../../index.html"
    assert page_link("./.") == "./index.html"
    for unchanged in ("packs/cv-writing-learner.pdf", "#today", "tel:01632960001", "https://www.gov.uk/"):
        assert page_link(unchanged) == unchanged


def test_the_zip_holds_the_site_its_packs_and_posters_and_nothing_for_a_server(bundled: Path) -> None:
    with zipfile.ZipFile(bundled) as archive:
        names = set(archive.namelist())
    assert {name.split("/")[0] for name in names} == {"testshire"}
    for wanted in ("index.html", "timetable/index.html", "guides/make-a-cv/index.html", "calendar.ics",
                   "poster.pdf", "packs/cv-writing-learner.pdf", "packs/cv-writing-tutor.pdf"):
        assert f"testshire/{wanted}" in names
    assert not [name for name in names
                if name.endswith(("sitemap.xml", ".jobclub.json", ".jobclub-pages.json", "search_index.json"))
                or "/lunr/" in name or "/workers/search." in name]


def test_every_link_reaches_a_file_in_the_zip(unzipped: Path) -> None:
    broken = []
    for page in sorted(unzipped.rglob("*.html")):
        html = page.read_text()
        assert 'data-md-component="search"' not in html and 'name="search"' not in html
        for href in re.findall(r'\s(?:href|src)="([^"#?]+)', html):
            if re.match(r"^[a-z]+:", href) or href.startswith("/"):
                continue
            target = (page.parent / unquote(href)).resolve()
            if not target.is_file() or unzipped.resolve() not in target.parents:
                broken.append(f"{page.relative_to(unzipped)} -> {href}")
    assert broken == []


def test_the_same_inputs_give_the_same_zip(bundled: Path, tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    again = bundle_area(project, "testshire", tmp_path / "again.zip", TODAY)
    assert again.read_bytes() == bundled.read_bytes()


# --- What the command refuses ---------------------------------------------------------------------


def test_bundle_refuses_a_folder_and_a_file_it_did_not_write(project: Path) -> None:
    (project / "keep").mkdir()
    result = jobclub("bundle", "--area", "testshire", "--out", "keep", "--no-packs", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Error: keep is a folder. Choose a file name ending in .zip with --out." in result.stderr
    (project / "notes.zip").write_bytes(b"someone's own file")
    result = jobclub("bundle", "--area", "testshire", "--out", "notes.zip", "--no-packs", cwd=project)
    assert result.returncode == 1
    assert "notes.zip already exists and was not written by jobclub bundle" in result.stderr
    assert (project / "notes.zip").read_bytes() == b"someone's own file"


def test_bundle_replaces_its_own_zip_and_names_what_it_wrote(project: Path) -> None:
    first = jobclub("bundle", "--area", "testshire", "--no-packs", "--today", "2026-11-25", cwd=project)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "Wrote testshire-offline.zip: unzip it, then open testshire/index.html in a web browser.\n"
    again = jobclub("bundle", "--area", "testshire", "--no-packs", "--today", "2026-12-02", cwd=project)
    assert again.returncode == 0, again.stderr
    with zipfile.ZipFile(project / "testshire-offline.zip") as archive:
        assert archive.getinfo("testshire/index.html").date_time[:3] == (2026, 12, 2)


def test_bundle_of_an_area_that_does_not_exist_is_a_message(project: Path) -> None:
    result = jobclub("bundle", "--area", "testshir", "--no-packs", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert 'There is no area "testshir"' in result.stderr
    assert not (project / "testshir-offline.zip").exists()


# --- Opened from disk, in Chromium ---------------------------------------------------------------


@pytest.fixture
def page(unzipped: Path, chromium: Browser) -> Iterator[Page]:
    with browsing(chromium, viewport=DESKTOP) as tab:
        tab.asked = []  # type: ignore[attr-defined]
        tab.errors = []  # type: ignore[attr-defined]
        tab.on("request", lambda request: tab.asked.append(request.url))  # type: ignore[attr-defined]
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))  # type: ignore[attr-defined]
        # Nothing may leave the machine; anything that tries is recorded, then refused.
        tab.route(lambda url: not url.startswith("file://"), lambda route: route.abort())
        yield tab


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


@pytest.mark.browser
def test_opened_from_disk_the_navigation_leads_to_pages(page: Page, unzipped: Path) -> None:
    page.goto(file_url(unzipped / "index.html"))
    assert page.locator("h1").inner_text() == "Testshire job club"
    assert "Search does not work in this copy" in page.locator(".jobclub-offline").inner_text()
    assert page.locator(".md-search").is_hidden()
    visited = []
    for name in ("What's on", "Courses", "Writing a CV", "Make a CV", "Local help", "Home"):
        page.locator(".md-sidebar--primary").get_by_role("link", name=name, exact=True).first.click()
        page.wait_for_load_state()
        visited.append((page.url.split("/testshire/", 1)[1], page.locator("h1").inner_text()))
    assert visited == [
        ("timetable/index.html", "What's on"),
        ("courses/index.html", "Courses"),
        ("courses/cv-writing/index.html", "Writing a CV"),
        ("guides/make-a-cv/index.html", "Make a CV"),
        ("help/index.html", "Local help"),
        ("index.html", "Testshire job club"),
    ]
    assert all(url.startswith("file://") for url in page.asked)  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]


@pytest.mark.browser
def test_opened_from_disk_a_pack_opens(page: Page, unzipped: Path) -> None:
    page.goto(file_url(unzipped / "courses/cv-writing/index.html"))
    link = page.get_by_role("link", name=re.compile("learner", re.I)).first
    href = link.get_attribute("href")
    assert href is not None and href.endswith(".pdf")
    pack = (unzipped / "courses/cv-writing" / href).resolve()
    assert pack.read_bytes().startswith(b"%PDF")
    try:
        with page.expect_download(timeout=5_000) as download:
            link.click()
    except PlaywrightTimeout:  # Chromium showed the PDF instead of downloading it
        assert unquote(page.url) == pack.as_uri()
    else:
        assert Path(download.value.path()).read_bytes() == pack.read_bytes()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["index.html", "timetable/index.html", "guides/make-a-cv/index.html"])
def test_opened_from_disk_pages_pass_axe(chromium: Browser, unzipped: Path, path: str) -> None:
    for width in (DESKTOP["width"], NARROWEST):
        with browsing(chromium, viewport={"width": width, "height": 800}) as tab:
            tab.goto(file_url(unzipped / path))
            assert axe_violations(tab) == [], f"{path} at {width}px"
