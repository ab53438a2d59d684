"""content/services.yml: national services by role and nation, checked like staff files, at their line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT

from generator.errors import DataErrors
from generator.project import load_project
from generator.services import NATIONS, ROLES, Checked, load_services

TODAY = dt.date(2026, 11, 25)


def edit(project: Path, old: str, new: str) -> None:
    path = project / "content/services.yml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def line_of(project: Path, text: str) -> int:
    lines = (project / "content/services.yml").read_text().splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def problems(project: Path) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_project(project, TODAY)
    return [problem.format(project) for problem in caught.value.problems if not problem.warning]


def test_the_kit_has_one_service_for_every_role_in_every_nation() -> None:
    services, found, _ = load_services(ROOT, TODAY)
    assert found == []
    for nation in NATIONS:
        assert sorted(services.for_nation(nation)) == sorted(ROLES)
    assert {services.for_nation(n)["listening-line"].phone for n in NATIONS} == {"116 123"}


def test_every_confirmed_service_names_its_source_and_unconfirmed_ones_warn() -> None:
    services, _, warnings = load_services(ROOT, TODAY)
    for service in services.entries:
        if isinstance(service.checked, Checked):
            assert service.checked.source.startswith("https://"), service.name
    unconfirmed = [s for s in services.entries if s.checked == "unconfirmed"]
    assert len(warnings) == len(unconfirmed)
    assert "The details of National Careers Service are unconfirmed" in [w.message for w in warnings]
    report_fraud = services.for_nation("wales")["fraud-reporting"]
    assert (report_fraud.name, report_fraud.phone, report_fraud.other_names) == (
        "Report Fraud", "0300 123 2040", ["Action Fraud"]
    )
    assert services.for_nation("scotland")["fraud-reporting"].phone == "101"


def test_a_service_checked_more_than_a_year_ago_warns_at_its_date(project: Path) -> None:
    edit(project, "date: 2026-11-01", "date: 2025-10-01")
    warnings = [w.format(project) for w in load_project(project, TODAY).warnings]
    line = line_of(project, "date: 2025-10-01")
    assert (
        f"content/services.yml:{line}:13: warning: services[0].checked.date: National Careers Service was last "
        "checked on 2025-10-01, more than a year ago.\n"
        "  Check its name, phone number and website again, then change the date."
    ) in warnings


def test_mistakes_in_services_are_errors_at_their_line(project: Path) -> None:
    edit(project, "phone: 0800 100 900", "phone: 0800 100")
    edit(project, "languages: [English, Welsh]", "langauges: [English, Welsh]")
    edit(project, "role: housing-advice", "role: housing")
    found = problems(project)
    assert (
        f"content/services.yml:{line_of(project, 'phone: 0800 100')}:12: services[0].phone: "
        '"0800 100" is not a phone number.\n'
        "  Write the whole number, for example 0800 100 900, or a short national number such as 111. "
        "An option to press goes after a comma: 111, option 2."
    ) in found
    assert any(p.startswith(f"content/services.yml:{line_of(project, 'langauges:')}:5: ") and
               '"langauges" is not a field' in p and 'Did you mean "languages"?' in p for p in found), found
    assert any(p.startswith(f"content/services.yml:{line_of(project, 'role: housing')}:11: ") and
               '"housing" is not one of the choices' in p and 'Did you mean "housing-advice"?' in p
               for p in found), found


def test_checked_must_be_a_date_and_source_or_unconfirmed(project: Path) -> None:
    path = project / "content/services.yml"
    text = path.read_text()
    start = text.index("    checked:\n")
    end = text.index("\n", text.index("source:", start))
    path.write_text(text[:start] + "    checked: yesterday" + text[end:])
    assert any(
        '"yesterday" is not a way to say when this was checked.\n'
        "  Write unconfirmed, or date: and source: indented below checked:." in p
        for p in problems(project)
    )


def test_a_nation_without_a_service_for_a_role_is_an_error(project: Path) -> None:
    edit(project, "nations: [northern-ireland]\n    name: JobApplyNI", "nations: [scotland]\n    name: JobApplyNI")
    found = problems(project)
    assert "content/services.yml:1:1: No service does job-search-service in Northern Ireland.\n" \
           "  Add an entry with role: job-search-service and northern-ireland in its nations." in found
    assert any("Two services do job-search-service in Scotland" in p for p in found)
