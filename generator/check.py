"""Load and check a whole project: what `jobclub check` runs, and the first step of every build.

Kept apart from build.py so that checking imports only what it needs (YAML, pydantic, holidays,
pyphen), not WeasyPrint or mkdocs: a staff member's check runs in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from .errors import DataErrors, Position, Problem
from .outfolder import load_settings
from .project import Project, area_slugs, load_project
from .readability import check_readability
from .translations import check_languages, check_strings


def load_checked_project(
    root: Path, today: dt.date, only: list[str] | None, strict: bool, services_in_full: bool = False
) -> Project:
    """The project, with readability warnings added (or raised as errors when strict). Mistakes in
    jobclub.yml are listed with the others.

    The warnings about the national services in content/services.yml (not confirmed, or checked
    more than a year ago) are said in one line, unless `services_in_full` (`jobclub check
    --services`): content editors look after that file, not area staff, and a line for each service
    would bury an area's own warnings."""

    def told(problems: list[Problem]) -> list[Problem]:
        return problems if services_in_full else services_in_one_line(root, problems)

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
        raise DataErrors(told(settings_problems + strings + errors.problems + later)) from None
    project.warnings[:] = _with_area_warnings(told(project.warnings), no_site_url(project))
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


SERVICES = Path("content") / "services.yml"
SERVICES_IN_FULL = "jobclub check --services"


def services_in_one_line(root: Path, problems: list[Problem]) -> list[Problem]:
    """`problems` with the warnings about content/services.yml said in one, where the first was."""
    services = (root / SERVICES).absolute()
    about = [
        index for index, problem in enumerate(problems)
        if problem.warning and problem.position.path.absolute() == services
    ]
    if not about:
        return problems
    count = len(about)
    if all(problems[index].message.endswith(" are unconfirmed") for index in about):
        what = "1 national service is not confirmed yet" if count == 1 else \
            f"{count} national services are not confirmed yet"
    else:
        what = "1 national service needs checking" if count == 1 else \
            f"{count} national services need checking"
    them = "it" if count == 1 else "them"
    summary = Problem(
        Position(root / SERVICES), "",
        f"{what} (for content editors, not area staff: {SERVICES_IN_FULL} lists {them})",
        warning=True,
    )
    left_out = set(about)
    kept = [problem for index, problem in enumerate(problems) if index not in left_out]
    return [*kept[:about[0]], summary, *kept[about[0]:]]


def _with_area_warnings(warnings: list[Problem], more: list[Problem]) -> list[Problem]:
    """`warnings` with each of `more` after the last warning about the same area's folder."""
    merged = list(warnings)
    for problem in more:
        folder = problem.position.path.parent
        same = [index for index, shown in enumerate(merged) if shown.position.path.parent == folder]
        merged.insert(same[-1] + 1 if same else len(merged), problem)
    return merged


# new-area writes this line for staff to fill in: the warning points at it.
_SITE_URL_LINE = re.compile(r"^#\s*site_url:", re.MULTILINE)


def no_site_url(project: Project) -> list[Problem]:
    """A warning for each area without a site_url: its posters and packs cannot give its address."""
    warnings = []
    for slug in project.areas:
        area = project.areas[slug]
        if area.area.site_url:
            continue
        path = area.folder / "area.yml"
        try:
            commented = _SITE_URL_LINE.search(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            commented = None
        if commented:
            line = commented.string.count("\n", 0, commented.start()) + 1
            position = Position(path, line, 1)
            hint = ("Take the # off the site_url: line, and write the web address this area's website "
                    "will have (ask whoever puts it online)")
        else:
            position = Position(path)
            hint = ("Add a line site_url: with the web address this area's website will have, like "
                    f"https://jobclub.example.org/{slug}/ (ask whoever puts it online)")
        warnings.append(Problem(
            position, "site_url",
            "There is no web address for this area's website, so its posters and packs will not show it",
            hint, warning=True,
        ))
    return warnings


def _later_warnings(
    root: Path, today: dt.date, only: list[str] | None, problems: list[Problem]
) -> list[Problem]:
    """The warnings about a missing site_url, Welsh and reading age, which need the project loaded:
    from the areas that have no mistakes (when the shared content has none), so that one check lists
    everything."""
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
    return no_site_url(project) + check_languages(project).warnings + check_readability(project)
