"""The sample areas that ship with the project: they check clean and build, and use the features."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT

from generator.build import build
from generator.project import load_project

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples") / "site"
    build(ROOT, out, TODAY)
    return out


def test_samples_check_clean() -> None:
    project = load_project(ROOT, TODAY)
    assert sorted(project.areas) == ["conwy", "greenwich", "wigan"]
    assert {course for course in project.courses} >= {"cv-writing", "using-email", "job-search-online"}


def test_every_sample_file_points_editors_at_its_schema() -> None:
    for path in sorted((ROOT / "site_data").glob("*/*.yml")):
        first = path.read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{path.stem}.schema.json", path


def test_all_three_sample_areas_build(sample_site: Path) -> None:
    index = (sample_site / "index.html").read_text()
    for name in ["Conwy job club", "Greenwich job club", "Wigan job club"]:
        assert name in index
    for area in ["conwy", "greenwich", "wigan"]:
        home = (sample_site / area / "index.html").read_text()
        assert "What&#39;s on in the next two weeks" in home or "What's on in the next two weeks" in home
        assert (sample_site / area / "courses/cv-writing/index.html").is_file()


def test_sample_timetables_show_cancellations_with_their_reasons(sample_site: Path) -> None:
    shown = "".join((sample_site / area / "timetable/index.html").read_text() for area in ["conwy", "greenwich", "wigan"])
    assert "Not on: " in shown
    assert "(bank holiday)" in shown


def test_every_area_has_an_accessibility_statement(sample_site: Path) -> None:
    for area, phone in [("conwy", "01632 960400"), ("wigan", None), ("greenwich", None)]:
        statement = (sample_site / area / "accessibility/index.html").read_text()
        for heading in ["How accessible this website is", "Parts of this website that are not fully accessible",
                        "What to do if you need information in a different format",
                        "Reporting problems with this website", "Enforcement procedure",
                        "How we tested this website"]:
            assert heading in statement, (area, heading)
        assert "Equality Advisory and Support Service" in statement
        if phone:
            assert phone in statement
        assert 'href="../accessibility/"' in (sample_site / area / "timetable/index.html").read_text()
