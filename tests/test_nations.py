"""Right for every nation: each area's pages, feeds, posters and packs name its own nation's national
services, with their phone numbers, and never another nation's. Read from the built HTML and from the
text of the PDFs, as a claimant or tutor would read them."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from pypdf import PdfReader

from generator.build import build
from generator.services import NATIONAL_HELP, NATIONS, Services, load_services

TODAY = dt.date(2026, 11, 25)
SERVICES: Services = load_services(ROOT, TODAY)[0]
SAMPLE_OF = {"england": "wigan", "wales": "conwy", "scotland": "paisley", "northern-ireland": "lisburn"}


def page_text(path: Path) -> str:
    """What a reader sees: the text of an HTML page without its tags (and no scripts or styles)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", path.read_text(), flags=re.S)
    text = re.sub(r"</?(a|strong|em|code|span)\b[^>]*>", "", text)  # inside a sentence
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def everything(area: Path) -> dict[str, str]:
    """Every page, feed, poster and pack of a built area, by its path, as text."""
    found = {}
    for path in sorted(area.rglob("*")):
        name = path.relative_to(area).as_posix()
        if path.suffix == ".html" and not name.startswith("search/"):
            found[name] = page_text(path)
        elif path.suffix == ".ics":
            found[name] = " ".join(path.read_text().replace("\r\n ", "").split())
        elif path.suffix == ".pdf":
            found[name] = pdf_text(path)
    return found


def foreign_names_in(text: str, nation: str) -> list[str]:
    """Names of services that are not the nation's own, in `text`. The nation's own names are taken out
    first: "Citizens Advice Scotland" is not England's "Citizens Advice"."""
    own = sorted({s.name for s in SERVICES.for_nation(nation).values()}, key=len, reverse=True)
    for name in own:
        text = text.replace(name, " ")
    return [name for name in SERVICES.foreign_names(nation) if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)]


def assert_right_for(nation: str, texts: dict[str, str]) -> None:
    wrong = {name: found for name, text in texts.items() if (found := foreign_names_in(text, nation))}
    assert wrong == {}, f"These name another nation's services in {nation}: {wrong}"
    services = SERVICES.for_nation(nation)
    get_help = texts["get-help/index.html"]
    for role in ROLES_SHOWN:
        service = services[role]
        assert service.name in get_help, (nation, role)
        if service.phone:
            assert service.phone in get_help, (nation, role, service.phone)
    packs = {name: text for name, text in texts.items() if name.startswith("packs/")}
    posters = {name: text for name, text in texts.items() if name == "poster.pdf"}  # venue posters stay one page
    assert packs and posters
    for name, text in {**packs, **posters}.items():
        for role in NATIONAL_HELP:
            service = services[role]
            assert service.name in text, (nation, name, role)
            assert (service.phone or service.website) in text, (nation, name, role)


ROLES_SHOWN = ["careers-service", "advice-service", "housing-advice", "job-search-service", "benefit-account",
               "fraud-reporting", "learning-and-skills", "mental-health-crisis", "listening-line", "money-advice"]


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nations") / "site"
    build(ROOT, out, TODAY, only=list(SAMPLE_OF.values()))
    return out


@pytest.mark.parametrize("nation", NATIONS)
def test_each_sample_area_names_only_its_own_nations_services(samples: Path, nation: str) -> None:
    texts = everything(samples / SAMPLE_OF[nation])
    assert any(name.endswith(".ics") for name in texts)
    assert_right_for(nation, texts)


def test_the_cv_course_and_its_tutor_pack_send_learners_to_the_nations_careers_service(samples: Path) -> None:
    for nation, slug in SAMPLE_OF.items():
        careers = SERVICES.for_nation(nation)["careers-service"]
        course = page_text(samples / slug / "courses/cv-writing/index.html")
        assert f"we tell you about {careers.name}. It gives free careers advice. You can call it on " \
               f"{careers.phone}." in course
        tutor = pdf_text(samples / slug / "packs/cv-writing-tutor.pdf")
        assert f"we tell you about {careers.name}." in tutor


def test_northern_ireland_searches_jobapplyni_and_signs_in_on_nidirect(samples: Path) -> None:
    guide = page_text(samples / "lisburn/guides/search-for-jobs-on-find-a-job/index.html")
    assert "Search for jobs on JobApplyNI" in guide
    assert "JobApplyNI is run by the Department for Communities." in guide
    journal = (samples / "lisburn/guides/record-your-job-search/index.html").read_text()
    assert 'href="https://www.nidirect.gov.uk/articles/universal-credit-account"' in journal
    england = (samples / "wigan/guides/record-your-job-search/index.html").read_text()
    assert 'href="https://www.gov.uk/sign-in-universal-credit"' in england


def test_flipping_an_areas_nation_changes_every_service_on_its_pages_and_packs(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for folder in ("content", "templates"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "site_data/paisley", project / "site_data/paisley")
    area_file = project / "site_data/paisley/area.yml"
    seen: dict[str, dict[str, str]] = {}
    for nation in ["england", "wales", "scotland", "northern-ireland"]:
        area_file.write_text(re.sub(r"(?m)^nation: .*$", f"nation: {nation}", area_file.read_text()))
        out = tmp_path / f"site-{nation}"
        build(project, out, TODAY)
        texts = everything(out / "paisley")
        assert_right_for(nation, texts)
        seen[nation] = texts
    # Every nation-specific service on the Get help page and in the packs changed with the nation.
    for role in ["careers-service", "advice-service", "housing-advice", "mental-health-crisis"]:
        services = {nation: SERVICES.for_nation(nation)[role] for nation in seen}
        assert len({(service.name, service.phone) for service in services.values()}) == 4, role
        for nation, texts in seen.items():
            assert services[nation].name in texts["get-help/index.html"]
            assert services[nation].phone in texts["get-help/index.html"]
            if role in NATIONAL_HELP:
                assert f"{services[nation].name} {services[nation].about}" in texts["packs/cv-writing-learner.pdf"]
                assert f"Phone: {services[nation].phone}" in texts["packs/cv-writing-tutor.pdf"]
