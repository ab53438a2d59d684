"""Load and check a whole project: what `jobclub check` runs, and the first step of every build.

Kept apart from build.py so that checking imports only what it needs (YAML, pydantic, holidays,
pyphen), not WeasyPrint or mkdocs: a staff member's check runs in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from .errors import DataErrors, Problem
from .outfolder import load_settings
from .project import Project, area_slugs, load_project
from .readability import check_readability
from .translations import check_languages, check_strings


def load_checked_project(root: Path, today: dt.date, only: list[str] | None, strict: bool) -> Project:
    """The project, with readability warnings added (or raised as errors when strict). Mistakes in
    jobclub.yml are listed with the others."""
    try:
        load_settings(root)
        settings_problems = []
    except DataErrors as errors:
        settings_problems = errors.problems
    strings = check_strings(root)
    try:
        project = load_project(root, today, only)
    except DataErrors as errors:
        later = _later_warnings(root, today, only, errors.problems)
        raise DataErrors(settings_problems + strings + errors.problems + later) from None
    # Warnings are listed with the errors, so that one check shows everything to fix.
    if settings_problems or strings:
        raise DataErrors(settings_problems + strings + project.warnings)
    languages = check_languages(project)
    project.warnings.extend(languages.warnings)
    project.notes.extend(languages.summary)
    hard_to_read = check_readability(project)
    if strict and hard_to_read:
        errors = [replace(problem, warning=False) for problem in hard_to_read]
        raise DataErrors(sorted(errors + project.warnings, key=lambda problem: problem.position))
    project.warnings.extend(hard_to_read)
    return project


def _later_warnings(
    root: Path, today: dt.date, only: list[str] | None, problems: list[Problem]
) -> list[Problem]:
    """The warnings about Welsh and reading age, which need the project loaded: from the areas that
    have no mistakes (when the shared content has none), so that one check lists everything."""
    data = (root / "site_data").absolute()
    broken: set[str] = set()
    for problem in problems:
        if problem.warning:
            continue
        path = problem.position.path.absolute()
        parts = path.relative_to(data).parts if path.is_relative_to(data) else ()
        if not parts:
            # The shared content has mistakes, or the problem is with site_data/ itself (an area
            # that does not exist): reading it again would only repeat them.
            return []
        broken.add(parts[0])
    good = [slug for slug in (only or area_slugs(root)) if slug not in broken]
    if not good:
        return []
    try:
        project = load_project(root, today, good)
    except DataErrors:
        return []
    return check_languages(project).warnings + check_readability(project)
