"""The sample areas that ship with the project: they check clean and build, and use the features."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT

from generator.build import build
from generator.project import load_project

TODAY = dt.date(2026, 11, 25)
# One area in each nation (two in England): England, Wales, Scotland, Northern Ireland.
SAMPLES = ["conwy", "greenwich", "lisburn", "paisley", "wigan"]


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples") / "site"
    build(ROOT, out, TODAY)
    return out


def test_samples_check_clean() -> None:
    project = load_project(ROOT, TODAY)
    assert sorted(project.areas) == SAMPLES
    assert {area.area.nation for area in project.areas.values()} == {"england", "wales", "scotland", "northern-ireland"}
    assert {course for course in project.courses} >= {"cv-writing", "using-email", "job-search-online"}


def test_every_sample_file_points_editors_at_its_schema() -> None:
    for path in sorted((ROOT / "site_data").glob("*/*.yml")):
        first = path.read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{path.stem}.schema.json", path


def test_every_sample_area_builds(sample_site: Path) -> None:
    index = (sample_site / "index.html").read_text()
    for name in ["Conwy job club", "Greenwich job club", "Lisburn job club", "Paisley job club", "Wigan job club"]:
        assert name in index
    for area in SAMPLES:
        home = (sample_site / area / "index.html").read_text()
        assert "What&#39;s on in the next two weeks" in home or "What's on in the next two weeks" in home
        assert (sample_site / area / "courses/cv-writing/index.html").is_file()


def test_sample_timetables_show_cancellations_with_their_reasons(sample_site: Path) -> None:
    shown = "".join((sample_site / area / "timetable/index.html").read_text() for area in SAMPLES)
    assert "Cancelled</strong>: " in shown
    assert "(bank holiday)" in shown


def test_every_area_has_an_accessibility_statement(sample_site: Path) -> None:
    for area, phone in [("conwy", "01632 960400"), ("wigan", None), ("greenwich", None), ("paisley", None),
                        ("lisburn", None)]:
        statement = (sample_site / area / "accessibility/index.html").read_text()
        for heading in ["How accessible this website is", "Parts of this website that are not fully accessible",
                        "What to do if you need information in a different format",
                        "Reporting problems with this website", "Enforcement procedure",
                        "How we tested this website"]:
            assert heading in statement, (area, heading)
        # Northern Ireland's regulations are enforced by its own Equality Commission.
        enforcer = "Equality Commission for Northern Ireland" if area == "lisburn" else "Equality Advisory and Support Service"
        assert enforcer in statement
        if phone:
            assert phone in statement
        assert 'href="../accessibility/"' in (sample_site / area / "timetable/index.html").read_text()


@pytest.mark.parametrize("slug", ["paisley", "lisburn"])
def test_the_scottish_and_northern_irish_samples_use_every_feature(slug: str) -> None:
    area = load_project(ROOT, TODAY, only=[slug]).areas[slug]
    assert any(venue.closed for venue in area.venues.values())
    assert any(entry.cancelled for entry in area.sessions)
    assert any(entry.moved for entry in area.sessions)
    assert {entry.repeat for entry in area.sessions} == {"weekly", "fortnightly", "monthly"}


def test_the_samples_keep_their_own_nations_bank_holidays(sample_site: Path) -> None:
    paisley = (sample_site / "paisley/timetable/index.html").read_text()
    assert "Saint Andrew&#39;s Day (bank holiday)" in paisley or "Saint Andrew's Day (bank holiday)" in paisley
    assert "New Year Holiday (observed) (bank holiday)" in paisley  # Monday 4 January 2027
    lisburn = (sample_site / "lisburn/timetable/index.html").read_text()
    assert "Christmas Day (bank holiday)" in lisburn
    assert "Andrew" not in lisburn
