"""`load_checked_project`: what `jobclub check` and every build run first. Warnings are never dropped
because something else is an error: one check shows everything to fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_readability import HARD

from generator.check import load_checked_project
from generator.errors import DataErrors

TODAY = dt.date(2026, 11, 25)
NO_LAST_CHECKED = "site_data/testshire/partners.yml:2:5: warning: partners[0].last_checked:"


def without_last_checked(project: Path) -> None:
    partners = project / "site_data/testshire/partners.yml"
    partners.write_text(partners.read_text().replace("    last_checked: 2026-10-01\n", ""))


def listed(project: Path, strict: bool) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_checked_project(project, TODAY, None, strict)
    return [problem.format(project) for problem in caught.value.problems]


def test_a_strict_refusal_lists_the_warnings_too(project: Path) -> None:
    without_last_checked(project)
    (project / "content/guides/make-a-cv.md").write_text(HARD)
    found = listed(project, strict=True)
    assert found[0].startswith("content/guides/make-a-cv.md: This is harder to read")
    assert found[1].startswith(NO_LAST_CHECKED) and len(found) == 2


def test_a_mistake_in_jobclub_yml_lists_the_warnings_too(project: Path) -> None:
    without_last_checked(project)
    (project / "jobclub.yml").write_text("kepe: [CNAME]\n")
    found = listed(project, strict=False)
    assert found[0].startswith("jobclub.yml:1:1: ") and found[1].startswith(NO_LAST_CHECKED)
    assert len(found) == 2
