"""A whole build of a fixture project: what the pages say, and that publishing never breaks the site."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

import pytest

from generator.build import build
from generator.errors import BuildError, DataErrors

TODAY = dt.date(2026, 11, 25)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def text(path: Path) -> str:
    """A page's visible text, roughly: tags removed, white space folded."""
    html = path.read_text()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<br\s*/?>|</?(p|li|h\d|div|ul|ol|nav|header|footer|label)\b[^>]*>", " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


@pytest.fixture
def built(project: Path) -> Path:
    build(project, project / "site", TODAY)
    return project / "site"


def test_every_page_is_built(built: Path) -> None:
    area = built / "testshire"
    for page in [
        "index.html",
        "timetable/index.html",
        "courses/index.html",
        "courses/cv-writing/index.html",
        "guides/make-a-cv/index.html",
        "help/index.html",
        "help/jobcentre/index.html",
        "venues/town-library/index.html",
        "get-help/index.html",
    ]:
        assert (area / page).is_file(), page
    assert 'href="testshire/"' in (built / "index.html").read_text()


def test_home_page_shows_the_next_two_weeks_with_a_cancellation(built: Path) -> None:
    home = text(built / "testshire/index.html")
    assert "Welcome to the Testshire job club." in home
    assert (
        "Tuesday 1 December Cancelled: Library closed for stocktake. "
        "10am to midday, Every Tuesday Writing a CV Where: Town Library."
    ) in home
    # A session that is off offers no places and no booking.
    assert "Cancelled: Library closed for stocktake. 10am to midday, Every Tuesday Writing a CV Where: Town Library. "\
        "Step-free access, Accessible toilet, No hearing loop. Monday 7 December" in home
    assert "Monday 7 December 9:30am to 11am, Every Monday Writing a CV" in home
    assert "Book a place: Phone 01632 960002" in home
    # Past sessions have dropped off; sessions after two weeks are on the timetable, not here.
    assert "Tuesday 24 November" not in home
    assert "Tuesday 15 December" not in home


def test_timetable_groups_sessions_by_week_and_skips_bank_holidays(built: Path) -> None:
    timetable = text(built / "testshire/timetable/index.html")
    assert "Week starting Monday 23 November 2026" in timetable
    assert "Week starting Monday 28 December 2026" in timetable
    # 28 December 2026 is the substitute day for Boxing Day in England: shown as not on.
    assert "Monday 28 December Cancelled: Boxing Day (observed) (bank holiday)." in timetable


def test_session_shows_venue_access_partner_booking_and_places(built: Path) -> None:
    home = text(built / "testshire/index.html")
    assert (
        "Tuesday 8 December 10am to midday, Every Tuesday Writing a CV "
        "Where: Town Library. Step-free access, Accessible toilet, No hearing loop. "
        "How to come: Drop in, no need to book. 12 places. Run by Testtown Jobcentre."
    ) in home


def test_partner_directory_groups_partners_by_what_they_help_with(built: Path) -> None:
    directory = (built / "testshire/help/index.html").read_text()
    assert 'id="job-search"' in directory and 'id="benefits"' in directory
    partner = text(built / "testshire/help/jobcentre/index.html")
    assert "You need an appointment or a referral. Ask your work coach." in partner


def test_venue_page_has_address_hours_access_and_its_sessions(built: Path) -> None:
    venue = text(built / "testshire/venues/town-library/index.html")
    for words in ["1 High Street Testtown TE1 1AA", "Monday: 9am to 5pm", "Wednesday: Closed",
                  "No hearing loop", "Free wifi", "What's on here"]:
        assert words in venue


def test_no_request_to_a_third_party(built: Path) -> None:
    for page in (built / "testshire").rglob("*.html"):
        html = page.read_text()
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            assert not re.search(r'(src|href)="(https?:)?//', tag), (page, tag)
        assert "fonts.googleapis" not in html


def test_same_inputs_give_byte_identical_output(project: Path, tmp_path: Path) -> None:
    build(project, tmp_path / "one", TODAY)
    shutil.rmtree(project / ".jobclub-work")
    build(project, tmp_path / "two", TODAY)
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_staff_text_is_shown_as_typed_never_run(project: Path) -> None:
    partners = project / "site_data/testshire/partners.yml"
    partners.write_text(
        partners.read_text()
        .replace("name: Testtown Jobcentre", 'name: "<script>alert(1)</script> [win](javascript:alert(2)) *Jobs*"')
        .replace("about: Helps you find work.", 'about: "[Free money](javascript:alert(3)) <img src=x onerror=alert(4)>"')
    )
    build(project, project / "site", TODAY)
    for page in (project / "site/testshire").rglob("*.html"):
        html = page.read_text()
        assert "<script>alert" not in html
        assert not re.search(r"""(href|src)=["']?javascript:""", html)
        assert "<img src=x" not in html
    partner = text(project / "site/testshire/help/jobcentre/index.html")
    assert "[win](javascript:alert(2)) *Jobs*" in partner.replace("&lt;", "<").replace("&gt;", ">")


def test_bad_data_writes_nothing_and_keeps_the_published_site(project: Path, built: Path) -> None:
    before = snapshot(built)
    timetable = project / "site_data/testshire/timetable.yml"
    timetable.write_text(timetable.read_text().replace("start: 10:00", "start: 25:00"))
    with pytest.raises(DataErrors):
        build(project, built, TODAY)
    assert snapshot(built) == before
    assert not list(built.parent.glob(".site.staging-*"))


def test_template_error_keeps_the_published_site(project: Path, built: Path) -> None:
    before = snapshot(built)
    template = project / "templates/pages/venue.md"
    template.write_text(template.read_text() + "{{ venue.no_such_field }}\n")
    with pytest.raises(BuildError, match=r"venue\.md:\d+: .*no_such_field"):
        build(project, built, TODAY)
    assert snapshot(built) == before


def test_a_build_killed_half_way_leaves_the_published_site(project: Path, built: Path) -> None:
    for number in range(16):  # more areas, so that the build is still running when it is killed
        copy = project / f"site_data/area{number}"
        shutil.copytree(project / "site_data/testshire", copy)
        area = copy / "area.yml"
        area.write_text(area.read_text().replace("slug: testshire", f"slug: area{number}"))
    before = snapshot(built)
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--today", "2026-11-25"], cwd=project
    )
    deadline = time.monotonic() + 60
    while not list(project.glob(".site.staging-*/area*/index.html")):
        assert process.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert snapshot(built) == before
    # The next build tidies what the killed one left, and publishes.
    build(project, built, TODAY)
    assert not list(project.glob(".site.staging-*"))
    assert (built / "area15/index.html").is_file()


def test_building_one_area_keeps_the_others(project: Path, built: Path) -> None:
    shutil.copytree(project / "site_data/testshire", project / "site_data/otherton")
    area = project / "site_data/otherton/area.yml"
    area.write_text(area.read_text().replace("slug: testshire", "slug: otherton").replace("name: Testshire", "name: Otherton"))
    build(project, built, TODAY, only=["otherton"])
    index = (built / "index.html").read_text()
    assert "Otherton job club" in index and "Testshire job club" in index
    assert (built / "testshire/index.html").is_file() and (built / "otherton/index.html").is_file()


def test_partner_page_says_when_its_listing_was_last_checked(built: Path) -> None:
    assert "Last checked: October 2026" in text(built / "testshire/help/jobcentre/index.html")
