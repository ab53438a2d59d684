"""The words people act on: how often a session runs and what changed, the same on every output.

The fixture tests/fixtures/scottish-long-names has one session of every kind of pattern, each with its
own title; every place a session is summarised (poster, pack, course page, venue page, timetable,
calendar feed) must say its pattern in the same words.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pdfplumber
import pytest
from conftest import make_project
from icalendar import Calendar

from generator.packs import plan_packs, shared_printer
from generator.phrases import Phrasebook, pattern_phrase
from generator.posters import area_posters, poster_environment
from generator.project import AreaData, Project, load_project
from generator.render import AreaPages, load_strings, make_environment, render_area
from generator.worksheets import load_worksheets

TODAY = dt.date(2026, 11, 25)
# They read the session blocks in the rendered Markdown (conftest.blocks_as_markdown).
pytestmark = pytest.mark.usefixtures("blocks_as_markdown")

# Each session's title, the venue it is at, and how its pattern must be said.
PATTERNS = {
    "Weekly CV club": ("learning-centre", "Every Tuesday"),
    "Fortnightly CV club": ("employability-hub", "Every other Wednesday"),
    "First Thursday CV club": ("learning-centre", "First Thursday of the month"),
    "Last Friday CV club": ("drumchapel-library", "Last Friday of the month"),
    "One-off CV clinic": ("employability-hub", "Wednesday 16 December only"),
    "CV surgeries": ("learning-centre", "Wednesday 9 December and Wednesday 13 January"),
    "Monday CV club": ("drumchapel-library", "Every Monday, and Saturday 12 December"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return load_project(make_project(tmp_path_factory.mktemp("phrases") / "p", "scottish-long-names"), TODAY)


@pytest.fixture(scope="module")
def area(project: Project) -> AreaData:
    return project.areas["drumchapel"]


@pytest.fixture(scope="module")
def pages(project: Project, area: AreaData) -> AreaPages:
    templates = project.root / "templates"
    return render_area(project, area, TODAY, make_environment(templates), load_strings(templates, "en"))


def flat(text: str) -> str:
    """Text with tags gone and every run of spaces and line breaks made one space."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def test_the_phrase_for_every_kind_of_pattern(area: AreaData) -> None:
    t = load_strings(Path(__file__).resolve().parent.parent / "templates", "en")
    said = {entry.title: pattern_phrase(t, entry, TODAY) for entry in area.sessions}
    assert said == {title: phrase for title, (_, phrase) in PATTERNS.items()}


@pytest.mark.parametrize("title", PATTERNS)
def test_timetable_course_and_venue_pages_say_the_pattern(pages: AreaPages, title: str) -> None:
    venue, phrase = PATTERNS[title]
    for path in ("timetable.md", "courses/cv-writing.md", f"venues/{venue}.md"):
        text = pages.pages[path]
        # The session's title is in its block, which says when and how often: a link to its course,
        # except on the course's own page, where it would link to the page it is on.
        shown = f"**{title}**" if path.startswith("courses/") else f"**[{title}]("
        blocks = [block for block in text.split('<div class="jc-session') if shown in block]
        assert blocks, (path, title)
        assert all(phrase in flat(block) for block in blocks), (path, title)
        if path.startswith("courses/"):
            assert f"[{title}](" not in text, (path, title)


@pytest.mark.parametrize("title", PATTERNS)
def test_feed_description_says_the_pattern(pages: AreaPages, title: str) -> None:
    calendar = Calendar.from_ical(pages.files["calendar.ics"])
    found = [event for event in calendar.walk("VEVENT") if str(event["SUMMARY"]).endswith(title)]
    assert found
    assert all(PATTERNS[title][1] in str(event["DESCRIPTION"]) for event in found)


def test_learner_and_tutor_packs_say_the_pattern_of_each_place(project: Project, area: AreaData) -> None:
    strings = load_strings(project.root / "templates", "en")
    worksheets = load_worksheets(project.root, project.courses)
    planned = plan_packs(project, area, TODAY, strings, worksheets, shared_printer(project.root / "templates"))
    for pack in planned:
        if pack.kind not in ("tutor", "learner", "learner-large-print"):
            continue  # the sign-in register lists no places
        text = flat(pack.html)
        for title, (_, phrase) in PATTERNS.items():
            assert f"{title}:" in text and phrase in text, (pack.name, title)


def test_posters_say_the_pattern(project: Project, area: AreaData) -> None:
    posters = area_posters(project, area, TODAY, poster_environment(project.root / "templates"))
    with pdfplumber.open(__import__("io").BytesIO(posters["poster.pdf"].data)) as pdf:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    for phrase in (phrase for _, phrase in PATTERNS.values()):
        assert phrase in text, phrase
    # Only the venue's own sessions on its poster, each with its pattern.
    with pdfplumber.open(__import__("io").BytesIO(posters["poster-drumchapel-library.pdf"].data)) as pdf:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert "Last Friday of the month" in text and "Every other Wednesday" not in text


# --- Moves, cancellations and closures ---------------------------------------------------------


def test_a_move_to_another_building_says_where_instead_of_moved_from_the_same_day(pages: AreaPages) -> None:
    text = flat(pages.pages["timetable.md"])
    said = (
        "At Knightswood and Yoker Neighbourhood Employability Hub Office this week instead of "
        "Drumchapel Community Learning and Digital Skill Centre Annex. The centre is being painted."
    )
    assert said in text
    assert "Moved from Tuesday 8 December" not in text


def test_a_move_to_another_date_says_the_usual_date_on_the_page_and_in_the_feed(pages: AreaPages) -> None:
    said = "Moved from Thursday 7 January. The room is needed after the holidays."
    assert said in flat(pages.pages["timetable.md"])
    calendar = Calendar.from_ical(pages.files["calendar.ics"])
    (moved,) = [e for e in calendar.walk("VEVENT") if e.decoded("DTSTART").date() == dt.date(2027, 1, 14)]
    assert str(moved["DESCRIPTION"]).startswith(said)


def test_a_session_that_is_off_offers_no_places_and_says_cancelled(pages: AreaPages) -> None:
    blocks = pages.pages["timetable.md"].split('<div class="jc-session')
    (off,) = [block for block in blocks if "Staff training" in block]
    assert "Cancelled</strong>: Staff training." in off
    assert "places" not in off and "Book a place" not in off and "Phone 01632 960500" not in off
    # The library's closure makes the Monday and Friday sessions that week off too.
    closed = [block for block in blocks if "Closed for refurbishment" in block]
    assert len(closed) == 2 and all("places" not in block for block in closed)


def test_a_pack_never_gives_a_cancelled_date_as_a_next_date(project: Project, area: AreaData) -> None:
    strings = load_strings(project.root / "templates", "en")
    worksheets = load_worksheets(project.root, project.courses)
    (learner,) = [
        pack
        for pack in plan_packs(project, area, TODAY, strings, worksheets, shared_printer(project.root / "templates"))
        if pack.name == "cv-writing-learner.pdf"
    ]
    text = flat(learner.html)
    weekly = text[text.index("Weekly CV club:") : text.index("Fortnightly CV club:")]
    # 1 December is cancelled: it is shown as not on, and the four next dates are dates it is on.
    assert "Not on Tuesday 1 December: Staff training" in weekly
    listed = re.findall(r"Tuesday (\d+) December ?, 10am", weekly)
    assert listed == ["8", "15", "22", "29"]


def test_closures_are_on_the_venue_page_and_a_notice_on_the_timetable_and_home_page(pages: AreaPages) -> None:
    notice = "Drumchapel Library is closed from Monday 14 December to Friday 18 December: Closed for refurbishment."
    assert notice in flat(pages.pages["venues/drumchapel-library.md"])
    assert notice in flat(pages.pages["timetable.md"])
    assert notice in flat(pages.pages["index.md"])
    assert "is closed" not in flat(pages.pages["venues/learning-centre.md"])


def test_a_closure_after_the_timetable_window_is_only_on_the_venue_page(project: Project, area: AreaData) -> None:
    later = TODAY - dt.timedelta(weeks=9)  # the closure starts more than eight weeks after this day
    templates = project.root / "templates"
    early = render_area(project, area, later, make_environment(templates), load_strings(templates, "en"))
    assert "is closed" not in flat(early.pages["timetable.md"])
    assert "is closed" not in flat(early.pages["index.md"])
    assert "Drumchapel Library is closed from" in flat(early.pages["venues/drumchapel-library.md"])


def test_phrasebook_in_plain_text_escapes_nothing(area: AreaData) -> None:
    t = load_strings(Path(__file__).resolve().parent.parent / "templates", "en")
    words = Phrasebook(t, area.venues, TODAY, plain=True)
    phrase = words.pattern(area.sessions[5])
    assert isinstance(phrase, str) and "\\" not in phrase and "&" not in phrase


def test_an_area_called_something_job_club_is_not_doubled_anywhere(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", "scottish-long-names")
    area_file = root / "site_data/drumchapel/area.yml"
    area_file.write_text(re.sub(r"(?m)^name: .*$", "name: Drumchapel Job Club", area_file.read_text()))
    project = load_project(root, TODAY)
    templates = root / "templates"
    site = render_area(
        project, project.areas["drumchapel"], TODAY, make_environment(templates), load_strings(templates, "en")
    )
    assert site.site_name == "Drumchapel job club"
    assert "# Drumchapel job club" in site.pages["index.md"]
    calendar = Calendar.from_ical(site.files["calendar.ics"])
    assert str(calendar["X-WR-CALNAME"]) == "Drumchapel job club"
    assert not any("job club job club" in text.lower() for text in site.pages.values())


def test_an_access_answer_nobody_knows_says_ask_the_venue(pages: AreaPages) -> None:
    venue = flat(pages.pages["venues/learning-centre.md"])
    assert "Ask the venue about an accessible toilet" in venue and "Ask the venue about wifi" in venue
    assert "No accessible toilet" not in venue and "No wifi" not in venue
    assert "Step-free access" in venue and "No hearing loop" in venue  # yes and no still say so
    # The session blocks give the access facts that matter, with the same words.
    timetable = pages.pages["timetable.md"]
    assert "Step-free access, Ask the venue about an accessible toilet, No hearing loop" in flat(timetable)
