"""Load and check a whole project: what `jobclub check` runs, and the first step of every build.

Kept apart from build.py so that checking imports only what it needs (YAML, pydantic, holidays,
pyphen), not WeasyPrint or mkdocs: a staff member's check runs in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from .errors import DataErrors
from .outfolder import load_settings
from .project import Project, load_project
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
        raise DataErrors(settings_problems + strings + errors.problems) from None
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
