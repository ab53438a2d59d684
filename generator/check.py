"""Load and check a whole project: what `jobclub check` runs, and the first step of every build.

Kept apart from build.py so that checking imports only what it needs (YAML, pydantic, holidays,
pyphen), not WeasyPrint or mkdocs: a staff member's check runs in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from .errors import DataErrors
from .project import Project, load_project
from .readability import check_readability


def load_checked_project(root: Path, today: dt.date, only: list[str] | None, strict: bool) -> Project:
    """The project, with readability warnings added (or raised as errors when strict)."""
    project = load_project(root, today, only)
    hard_to_read = check_readability(project)
    if strict and hard_to_read:
        raise DataErrors([replace(problem, warning=False) for problem in hard_to_read])
    project.warnings.extend(hard_to_read)
    return project
