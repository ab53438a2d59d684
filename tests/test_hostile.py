"""tests/fixtures/hostile: content that tries to run script or reach another site, and data with every
kind of bad input, in one project. `check` names each at its place; a build publishes nothing harmful,
even if a check missed something (the sanitiser is the second line)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_project
from icalendar import Calendar

from generator import project as project_module
from generator.build import build
from generator.errors import DataErrors
from generator.project import load_project

TODAY = dt.date(2026, 11, 25)
GUIDE = "content/guides/make-a-cv.md"
HTML = "HTML is not allowed in a page.\n  Write it in Markdown instead: headings, lists, **bold** and [links](https://...)."
JAVASCRIPT = 'A link starting "javascript:" cannot be used.\n  Links must start with https://, http://, mailto: or tel:.'
NOTHING_REMOTE = "nothing on our pages asks another site for anything."
PICTURE = f"A picture from another website cannot be used: {NOTHING_REMOTE}\n" + (
    "  Save the picture into the project and use its file name, or link to the page instead."
)
RETYPE = "is here, often pasted from a web page or a document.\n  Retype this text: delete it and type it again."
FAR_DATE = "is not a date this kit can use: the year must be from 2000 to 2100.\n  Check the year."


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project", "hostile")
    secret = tmp_path / ".secret-notes"
    secret.write_text("# Passwords\n\nhunter2\n")
    (root / "content/pages/notes.md").symlink_to(secret)
    return root


def test_check_names_every_attack_and_bad_input_at_its_place(hostile: Path) -> None:
    with pytest.raises(DataErrors) as caught:
        load_project(hostile, TODAY)
    secret = hostile.parent / ".secret-notes"
    assert [problem.format(hostile) for problem in caught.value.problems] == [
        "content/courses/deep.yml:9:23: This is nested more than 12 levels deep, deeper than any file here "
        "needs.\n  Check the indenting and the brackets on this line: a list or group is probably opened and "
        "never closed.",
        "content/courses/pasted.yml:9:1: This line is indented with a non-breaking space.\n  Delete the "
        "spaces at the start of the line and type them again with the space bar. Text pasted from a web page "
        "or a document often has them.",
        f'{GUIDE}:3:61: {{: onclick="alert(1)" }} sets something on the page that a page cannot set.\n'
        "  Delete the part in curly brackets { }.",
        f'{GUIDE}:4:1: {{: onmouseover="alert(2)" style="position:fixed;top:0;left:0;width:100%;height:100%" }} '
        "sets something on the page that a page cannot set.\n  Delete the part in curly brackets { }.",
        f"{GUIDE}:8:39: {JAVASCRIPT}",
        f"{GUIDE}:10:1: {HTML}",
        f"{GUIDE}:12:9: {JAVASCRIPT}",
        f"{GUIDE}:16:13: {PICTURE}",
        f'{GUIDE}:16:58: "//tracker.example/" is a link to another site without saying how to reach it: '
        f"{NOTHING_REMOTE}\n  Write the whole address, starting with https://.",
        f"{GUIDE}:20:10: {PICTURE}",
        f"{GUIDE}:24:1: {HTML}",
        f"{GUIDE}:26:1: {HTML}",
        f"content/pages/notes.md: This is a link to {secret}, which is outside the project, so it cannot be "
        "used.\n  Copy the file into the project instead of linking to it, or delete the link.",
        f"site_data/broken/area.yml:3:10: An invisible character (U+202E, right-to-left override) {RETYPE}",
        f"site_data/broken/area.yml:5:18: An invisible character (U+200B, zero width space) {RETYPE}",
        "site_data/broken/partners.yml:3:11: partners[0].name: This must be one line, but it has a line "
        "break in it.\n  Write it on one line after the colon.",
        'site_data/broken/partners.yml:9:14: partners[0].venues[0]: "Town Library" cannot be used as an id.\n'
        "  Use small letters, numbers and dashes only, for example town-library.",
        f'site_data/broken/timetable.yml:9:12: sessions[0].until: "9999-12-31" {FAR_DATE}',
        f'site_data/broken/timetable.yml:16:13: sessions[1].dates[0]: "9999-12-30" {FAR_DATE}',
        "site_data/broken/venues.yml:7:17: warning: venues[0].address.postcode: This is still the example "
        "that new-area wrote.\n  Write the real details here before the site is published.",
    ]


def test_check_and_build_say_so_without_a_traceback_and_write_nothing(hostile: Path) -> None:
    for command in ("check", "build"):
        result = subprocess.run(
            [sys.executable, "-m", "generator", command, "--today", TODAY.isoformat()],
            cwd=hostile, capture_output=True, text=True,
        )
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.endswith("Found 19 problems in the data (and 1 warning). Nothing was written.\n")
    assert not (hostile / "site").exists()


@pytest.fixture
def published(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The hostile content built as if `check` had missed every attack in it: only the sanitiser stands
    between it and the page. The bad data (which no build gets past) is left out."""
    shutil.rmtree(hostile / "site_data/broken")
    for name in ("content/courses/deep.yml", "content/courses/pasted.yml", "content/pages/notes.md"):
        (hostile / name).unlink()
    monkeypatch.setattr(project_module, "check_page", lambda path, lines: [])
    build(hostile, hostile / "site", TODAY, packs=False, jobs=1)
    return hostile / "site/tricky"


def test_a_build_publishes_nothing_that_runs_or_asks_another_site(published: Path) -> None:
    # Every page, the search index, the sitemap and the feeds (the theme's own assets are not content).
    files = [path for path in published.rglob("*") if path.is_file() and "assets" not in path.parts]
    assert (published / "search/search_index.json") in files
    assert (published / "guides/make-a-cv/index.html").is_file()
    for path in files:
        text = path.read_text(errors="replace").lower()
        for bad in ("alert(", "tracker.example", "javascript:", "onclick", "onmouseover", "onerror",
                    "position:fixed", "hidden from readers"):
            assert bad not in text, (path, bad)
    guide = (published / "guides/make-a-cv/index.html").read_text()
    article = re.search(r"<article.*?</article>", guide, re.S)[0]  # type: ignore[index]
    for tag in ("<script", "<!--", "<javascript"):
        assert tag not in article, tag
    # The raw <img src=x onerror=...> keeps only its address on this site; pictures from elsewhere go.
    assert re.findall(r"<img[^>]*>", article) == ['<img src="x">']
    # A picture from another site shows its words instead.
    assert "<p>Our logo and <a>home</a></p>" in article
    # What is safe stays: the words, and the one good link.
    assert '<p>A CV tells an employer <a href="https://ok.example">what you can do</a>.</p>' in article
    assert "Read the tips and the rules." in re.sub(r"<[^>]+>", "", article)


def test_names_are_escaped_once_in_the_logo_the_menu_and_titles(published: Path) -> None:
    home = (published / "index.html").read_text()
    assert 'title="Tyne &amp; Wear &lt;Test&gt; job club"' in home
    assert "&amp;amp;" not in home and "&amp;lt;" not in home
    assert re.search(r">\s*Money &amp; debt\s*<", home)
    assert re.search(r">\s*Q&amp;A: jobs &amp; money\s*<", home)
    assert "<title>Money &amp; debt - Guides - Tyne &amp; Wear &lt;Test&gt; job club</title>" in (
        published / "guides/money-and-debt/index.html"
    ).read_text()
    partner = (published / "help/jobcentre/index.html").read_text()
    assert "Testtown &quot;Jobcentre&quot; &amp; &lt;Partners&gt;" in partner or (
        'Testtown "Jobcentre" &amp; &lt;Partners&gt;' in partner
    )


def test_two_rooms_at_once_keep_their_own_cancellations_in_the_feed(published: Path) -> None:
    feed = Calendar.from_ical((published / "calendar.ics").read_bytes())
    status = {
        (event.decoded("DTSTART").date(), str(event["LOCATION"]).split(", ")[1]): str(event["STATUS"])
        for event in feed.walk("VEVENT")
        if event.decoded("DTSTART").date() in (dt.date(2026, 12, 1), dt.date(2026, 12, 8))
    }
    assert status == {
        (dt.date(2026, 12, 1), "Room 1"): "CANCELLED",
        (dt.date(2026, 12, 1), "Room 2"): "CONFIRMED",
        (dt.date(2026, 12, 8), "Room 1"): "CONFIRMED",
        (dt.date(2026, 12, 8), "Room 2"): "CANCELLED",
    }
