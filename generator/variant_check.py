"""`check` for nation variants across the shared content: every role and passage in the guides, pages,
courses, worksheets and the kit's fixed text is one that can be filled in for every nation that reads
it, and no nation-specific service is named by hand where another nation would see it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import memo
from .errors import DataErrors, Position, Problem
from .load import Document, field_name, load_yaml, read_text, texts_in
from .services import NATIONS, Services
from .variants import Finding, check_text

if TYPE_CHECKING:
    from .project import Page

# Shared YAML whose text reaches every area: course outlines, worksheets, and the kit's fixed text.
_YAML_FOLDERS = ("content/courses", "content/worksheets", "templates/strings", "templates/packs/strings")


def content_problems(
    root: Path, guides: Mapping[str, Page], pages: Mapping[str, Page], services: Services
) -> list[Problem]:
    """Errors and warnings (Problem.warning) about nation variants in all the shared content."""
    found: list[Problem] = []
    for page in [*guides.values(), *pages.values()]:
        shared = [n for n in NATIONS if n not in page.nations]
        found += _page_problems(page, services, shared)
        for nation, twin in page.nations.items():
            found += _page_problems(twin, services, [nation])
    for folder in _YAML_FOLDERS:
        for path in sorted((root / folder).glob("*.yml")):
            try:
                document = load_yaml(path)
            except DataErrors:
                continue  # reported where the file is loaded
            check = partial(_check_document, document, services)
            found += _kept(services, ("document", str(path)), (document.source,), check)
    return found


def _page_problems(page: Page, services: Services, nations: list[str]) -> list[Problem]:
    text = hashlib.sha256(page.markdown.encode()).hexdigest()
    return _kept(services, ("page", str(page.path), *nations), (text,),
                 lambda: _at(page.path, 0, check_text(page.markdown, services, nations)))


def _kept(
    services: Services, slot: tuple[str, ...], content: tuple[str, ...], work_out: Callable[[], list[Problem]]
) -> list[Problem]:
    """The problems of one page or file (`slot`: which one, and for whom) depend only on its
    `content` (digests), on who reads it and on services.yml: they are kept (memo.by_content), so a
    check after an area's edit does not look through the content again. Not kept when the file's
    bytes are not known (a document made other than by load_yaml)."""
    source = services.document.source if services.document is not None else ""
    if not source or "" in content:
        return work_out()
    key = hashlib.sha256("\0".join((source, *slot, *content)).encode()).hexdigest()
    return memo.by_content("variants", "\0".join(slot), key, work_out)


# Who reads a translation: Welsh pages are for areas in Wales.
READERS = {"cy": ["wales"]}


def translation_problems(
    translations: Mapping[tuple[str, str, str], Page], services: Services
) -> list[Problem]:
    """Services named by hand in translated pages that their readers' nation does not have."""
    found: list[Problem] = []
    for (_kind, _slug, language), page in sorted(translations.items()):
        found += _page_problems(page, services, READERS.get(language, list(NATIONS)))
    return found


def _at(path: Path, offset: int, findings: list[Finding]) -> list[Problem]:
    return [
        Problem(Position(path, offset + f.line, f.column), "", f.message, f.hint, warning=f.warning)
        for f in findings
    ]


def _check_document(document: Document, services: Services) -> list[Problem]:
    lines = read_text(document.path).split("\n")
    found = []
    for loc, text in texts_in(document.data):
        for finding in check_text(text, services):
            if finding.warning:
                continue  # passages in YAML fields are short; no page-level warning
            start = document.position(loc)
            found.append(
                Problem(_locate(lines, start, finding), field_name(loc), finding.message, finding.hint)
            )
    return found


def _locate(lines: list[str], start: Position, finding: Finding) -> Position:
    """Where a finding in a YAML value is in the file: the value may be folded over several lines, so
    look for what was found from the value's first line on."""
    needle = finding.snippet
    if needle:
        for number in range(max(start.line, 1), len(lines) + 1):
            column = lines[number - 1].find(needle)
            if column >= 0:
                return Position(start.path, number, column + 1)
    return start


