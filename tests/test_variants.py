"""Nation variants: roles filled in with each nation's service, passages for some nations, whole-page
twins, and the checks that stop England-only text from creeping back, at their line."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import ROOT

from generator.errors import DataErrors
from generator.packs import PackPrinter, plan_packs
from generator.project import load_project
from generator.render import load_strings
from generator.services import load_services
from generator.variants import VariantError, check_text, for_nation, resolve
from generator.worksheets import load_worksheets

TODAY = dt.date(2026, 11, 25)
SERVICES, _, _ = load_services(ROOT, TODAY)


def in_nation(text: str, nation: str, links: bool = True) -> str:
    return resolve(text, nation, SERVICES.for_nation(nation), links)


def test_a_role_is_the_service_of_the_readers_nation() -> None:
    text = "Call [[careers-service]] on [[careers-service.phone]]."
    assert in_nation(text, "england") == (
        "Call [National Careers Service](https://nationalcareers.service.gov.uk) on 0800 100 900."
    )
    assert in_nation(text, "wales") == "Call [Careers Wales](https://careerswales.gov.wales) on 0800 028 4844."
    assert in_nation(text, "scotland") == "Call [My World of Work](https://www.myworldofwork.co.uk) on 0800 917 8000."
    assert in_nation(text, "northern-ireland").startswith("Call [Careers Service NI](")


def test_in_plain_text_fields_a_role_is_just_the_name() -> None:
    assert in_nation("Saw it on [[job-search-service]]", "northern-ireland", links=False) == "Saw it on JobApplyNI"
    assert in_nation("[[fraud-reporting.call]]", "england") == "0300 123 2040 (8am to 8pm, Monday to Friday)"
    assert in_nation("[[fraud-reporting.website]]", "scotland") == (
        "[scotland.police.uk](https://www.scotland.police.uk)"
    )


def test_passages_show_only_to_the_nations_they_name() -> None:
    text = "Start.\n::: only scotland northern-ireland\nNorth.\n:::\n::: except scotland\nNot Scotland.\n:::\nEnd."
    assert in_nation(text, "scotland") == "Start.\nNorth.\nEnd."
    assert in_nation(text, "northern-ireland") == "Start.\nNorth.\nNot Scotland.\nEnd."
    assert in_nation(text, "england") == "Start.\nNot Scotland.\nEnd."


def test_resolving_a_role_with_nothing_to_fill_in_is_refused() -> None:
    with pytest.raises(VariantError, match="Find a job has no phone"):
        in_nation("[[job-search-service.phone]]", "england")


def findings(text: str, nations: tuple[str, ...] = ("england", "wales", "scotland", "northern-ireland")) -> list:
    return [(f.line, f.column, f.message, f.hint, f.warning) for f in check_text(text, SERVICES, nations)]


def test_a_service_named_by_hand_is_an_error_at_its_line_and_column() -> None:
    assert findings("# Careers\n\nCall the National Careers Service today.") == [(
        3, 10, '"National Careers Service" is not the service in Wales, Scotland, Northern Ireland, '
        "but readers there would see it here",
        "Name it by its role, [[careers-service]], so each nation gets its own; or put the sentence in a "
        "passage ::: only for the nations it is right for.", False,
    )]
    # Inside a passage for the nations it serves, it is right.
    assert [f for f in findings("::: only scotland\nCall Citizens Advice Scotland.\n:::") if not f[4]] == []
    # "Citizens Advice Scotland" is not England's "Citizens Advice" with a word added.
    assert [f[2] for f in findings("Citizens Advice Scotland can help.")] == [
        '"Citizens Advice Scotland" is not the service in England, Wales, Northern Ireland, '
        "but readers there would see it here"
    ]
    # An old name is wrong everywhere.
    assert [f[2] for f in findings("Report it to Action Fraud.")] == ['"Action Fraud" is an old name']
    # Services every nation shares can be named.
    assert findings("Call Samaritans on 116 123.") == []


def test_unknown_roles_nations_and_fields_say_what_was_meant() -> None:
    text = "Call [[carers-service]].\n::: only scotlnd\nHi [[housing-advice.phon]]\n:::"
    assert [f[:4] for f in findings(text)] == [
        (1, 6, 'There is no service role "carers-service"', 'Did you mean "careers-service"?'),
        (2, 10, 'There is no nation "scotlnd"', 'Did you mean "scotland"?'),
        (3, 4, '"phon" is not something a service has', 'Did you mean "phone"?'),
    ]


def test_a_passage_without_an_end_or_a_field_one_nation_lacks() -> None:
    assert [f[:3] for f in findings("::: only wales\nHello") if not f[4]] == [(1, 1, "This passage has no end")]
    assert [f[:3] for f in findings("See [[job-search-service]], or call [[job-search-service.phone]].")] == [
        (1, 37, "Find a job (England) has no phone, so [[job-search-service.phone]] cannot be filled in there"),
        (1, 37, "Find a job (Wales) has no phone, so [[job-search-service.phone]] cannot be filled in there"),
        (1, 37, "Find a job (Scotland) has no phone, so [[job-search-service.phone]] cannot be filled in there"),
        (1, 37, "JobApplyNI (Northern Ireland) has no phone, so [[job-search-service.phone]] cannot be filled "
                "in there"),
    ]


def test_check_says_which_nations_a_page_has_no_variant_for() -> None:
    text = "::: only england wales\nFind a job.\n:::\n::: only scotland\nFind a job here.\n:::"
    assert [f[2:] for f in findings(text)] == [(
        "There is no variant of this page for Northern Ireland",
        "Check that readers there are not missing anything, or add a passage ::: only for them (or ::: except).",
        True,
    )]


# --- Through a whole project ----------------------------------------------------------------------


def problems(project: Path) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_project(project, TODAY)
    return [problem.format(project) for problem in caught.value.problems if not problem.warning]


def test_check_finds_england_only_text_in_a_guide_and_a_course(project: Path) -> None:
    guide = project / "content/guides/make-a-cv.md"
    guide.write_text(guide.read_text() + "\nThe National Careers Service can help.\n")
    course = project / "content/courses/cv-writing.yml"
    text = course.read_text()
    course.write_text(text.replace("summary: ", "summary: Ask Careers Wales. ", 1))
    line = next(n for n, found in enumerate(text.splitlines(), start=1) if found.startswith("summary:"))
    found = problems(project)
    assert any(p.startswith(f"content/guides/make-a-cv.md:{len(guide.read_text().splitlines())}:5: "
                            '"National Careers Service" is not the service in Wales') for p in found), found
    assert any(p.startswith(f"content/courses/cv-writing.yml:{line}:14: summary: "
                            '"Careers Wales" is not the service in England') for p in found), found


def test_a_whole_page_twin_is_read_by_its_nation_only(project: Path) -> None:
    (project / "content/guides/make-a-cv.scotland.md").write_text(
        "# Make a CV in Scotland\n\nAsk [[careers-service]] or Skills Development Scotland.\n"
    )
    loaded = load_project(project, TODAY)
    assert "make-a-cv.scotland" not in loaded.guides
    scottish = for_nation(loaded, "scotland").guides["make-a-cv"]
    assert scottish.title == "Make a CV in Scotland"
    assert "[My World of Work](https://www.myworldofwork.co.uk)" in scottish.markdown
    assert for_nation(loaded, "england").guides["make-a-cv"].title != "Make a CV in Scotland"


def test_a_twin_for_a_misspelt_nation_is_refused(project: Path) -> None:
    (project / "content/guides/make-a-cv.scotand.md").write_text("# Make a CV\n")
    assert 'content/guides/make-a-cv.scotand.md: There is no nation "scotand".\n  Did you mean "scotland"? ' \
           "A page for one nation is named make-a-cv.<nation>.md." in problems(project)


def test_the_kits_fixed_text_names_services_by_role_too(project: Path) -> None:
    strings_file = project / "templates/packs/strings/en.yml"
    text = strings_file.read_text()
    strings_file.write_text(text.replace('national_help_intro: "These free services can help you too:"',
                                         'national_help_intro: "[[careers-service]] and these free services can help you:"'))
    area_file = project / "site_data/testshire/area.yml"
    for nation, careers in [("england", "National Careers Service"), ("scotland", "My World of Work")]:
        area_file.write_text(re.sub(r"(?m)^nation: .*$", f"nation: {nation}", area_file.read_text()))
        loaded = load_project(project, TODAY)
        area = loaded.areas["testshire"]
        planned = plan_packs(loaded, area, TODAY, load_strings(project / "templates", "en"),
                             load_worksheets(project, loaded.courses), PackPrinter(project / "templates"))
        learner = next(pack.html for pack in planned if pack.kind == "learner")
        assert f"{careers} and these free services can help you:" in learner


def test_a_welsh_translation_naming_another_nations_service_is_an_error_at_its_line(project: Path) -> None:
    # Welsh pages are read in Wales: the Welsh Get help page led with England's careers service.
    guide = project / "content/guides/make-a-cv.cy.md"
    guide.write_text("# Gwneud CV\n\nFfoniwch y National Careers Service.\n")
    found = problems(project)
    assert any(p.startswith('content/guides/make-a-cv.cy.md:3:12: "National Careers Service" is not the service '
                            "in Wales") for p in found), found


def test_the_preview_keeps_only_what_for_nation_works_out() -> None:
    """The preview keeps the content as each nation reads it between rebuilds, and takes everything
    else from the project as loaded afresh (build._for_nation): for_nation must change nothing but
    the fields it names."""
    from dataclasses import fields

    from generator.variants import RESOLVED_FIELDS

    project = load_project(ROOT, TODAY)
    for nation in ("england", "wales", "scotland", "northern-ireland"):
        resolved = for_nation(project, nation)
        changed = {field.name for field in fields(project) if getattr(resolved, field.name) is not getattr(project, field.name)}
        assert changed <= set(RESOLVED_FIELDS)
        assert "guides" in changed and resolved.nation == nation
