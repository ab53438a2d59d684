"""Printing from the site: a course's guides on one page, with body text of 12pt or more on paper."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT

from generator.build import build

TODAY = dt.date(2026, 11, 25)
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("print") / "site"
    build(ROOT, out, TODAY, only=["conwy"], packs=False)
    return out


def test_a_course_links_all_its_guides_on_one_page(site: Path) -> None:
    course = (site / "conwy/courses/cv-writing/index.html").read_text()
    assert 'href="../cv-writing-guides/">Print all the guides for this course on one page</a>' in course
    page = (site / "conwy/courses/cv-writing-guides/index.html").read_text()
    assert "<h1" in page and page.count("<h1") == 1
    for guide in ["Write your personal profile", "Save your CV as a PDF"]:
        assert f">{guide}</h2>" in page


@pytest.mark.browser
def test_printed_text_is_at_least_12pt(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto((site / "conwy/courses/cv-writing-guides/index.html").as_uri())
        page.emulate_media(media="print")
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('article p, article li')]
                     .filter(e => e.innerText.trim())
                     .map(e => parseFloat(getComputedStyle(e).fontSize))"""
        )
        browser.close()
    assert sizes, "the page has text"
    # 12pt is 16 CSS pixels.
    assert min(sizes) >= 16
