"""The whole build, top to bottom: load and check everything, render, build each site, publish.

Nothing is written until every file has been read and checked. Each area's site is built by
mkdocs-material through its Python API, in this one process, from Markdown rendered beforehand
(no mkdocs plugins or hooks). The result goes to a staging folder that replaces the output folder only
when every area has built.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import shutil
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .errors import BuildError, DataErrors, Problem
from .posters import area_posters, poster_environment
from .project import Project, load_project
from .publish import replace_file, staged
from .readability import check_readability
from .render import AreaPages, load_strings, make_environment, render_area

WORK_FOLDER = ".jobclub-work"
MANIFEST = "areas.json"


@dataclass
class BuildSummary:
    areas: list[str] = field(default_factory=list)
    pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


def build(
    root: Path,
    out: Path,
    today: dt.date,
    only: list[str] | None = None,
    report: Callable[[str], None] = lambda message: None,
    packs: bool = True,
    strict: bool = False,
) -> BuildSummary:
    """Build every area (or only some) of the project in `root` into `out`.

    With `packs=False`, no PDFs (packs and posters) are made: a quick preview. With `strict=True`,
    content that is hard to read is an error, not a warning.
    """
    started = time.monotonic()
    project = load_checked_project(root, today, only, strict)
    rendered = _render_all(project, today, packs)
    with staged(out, keep_existing=bool(only)) as stage, _reproducible(today):
        for number, (slug, pages) in enumerate(rendered.items(), start=1):
            report(f"[{number}/{len(rendered)}] {slug}")
            build_site(root, pages, root / WORK_FOLDER / slug, stage / slug)
        names = _update_manifest(stage, project)
        replace_file(stage / "index.html", _render_index(root, names).encode())
        _check_output(stage, names)
    return BuildSummary(
        areas=list(rendered),
        pages=sum(len(pages.pages) for pages in rendered.values()),
        warnings=project.warnings,
        seconds=time.monotonic() - started,
    )


def load_checked_project(root: Path, today: dt.date, only: list[str] | None, strict: bool) -> Project:
    """The project, with readability warnings added (or raised as errors when strict)."""
    project = load_project(root, today, only)
    hard_to_read = check_readability(project)
    if strict and hard_to_read:
        raise DataErrors([replace(problem, warning=False) for problem in hard_to_read])
    project.warnings.extend(hard_to_read)
    return project


def _render_all(project: Project, today: dt.date, packs: bool) -> dict[str, AreaPages]:
    """Every area's pages, rendered before anything is written (a template error writes nothing)."""
    environment = make_environment(project.root / "templates")
    posters = poster_environment(project.root / "templates")
    rendered = {}
    for slug, area in project.areas.items():
        strings = load_strings(project.root / "templates", area.area.languages[0])
        try:
            downloads = area_posters(project, area, today, posters) if packs else {}
            rendered[slug] = render_area(project, area, today, environment, strings, downloads)
        except TemplateError as error:
            raise BuildError(f"{_template_position(error)}: {error.message}") from None
    return rendered


def _template_position(error: TemplateError) -> str:
    """Where in which template a Jinja error happened, from its (rewritten) traceback."""
    if isinstance(error, TemplateSyntaxError):
        return f"{error.filename or error.name}:{error.lineno}"
    found = "a template"
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith((".md", ".html")):
            found = f"{frame.filename}:{frame.lineno}"
    return found


def build_site(root: Path, pages: AreaPages, work: Path, site_dir: Path) -> None:
    """Write one area's Markdown and mkdocs.yml into `work`, and build it with mkdocs-material."""
    shutil.rmtree(work, ignore_errors=True)
    docs = work / "docs"
    for path, text in pages.pages.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    for path, data in pages.files.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_bytes(data)
    (docs / "assets").mkdir(exist_ok=True)
    shutil.copy(root / "templates" / "assets" / "jobclub.css", docs / "assets" / "jobclub.css")
    config = {
        "INHERIT": str((root / "mkdocs.yml").absolute()),
        # The theme prints the site name into the page as it is.
        "site_name": str(escape(pages.site_name)),
        "docs_dir": "docs",
        "site_dir": str(site_dir.absolute()),
        "theme": {"custom_dir": str((root / "templates" / "theme").absolute()),
                  "language": pages.language},
        "nav": pages.nav,
        "not_in_nav": "/help/*.md",
    }
    (work / "mkdocs.yml").write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    shutil.rmtree(site_dir, ignore_errors=True)
    with _mkdocs_messages() as messages:
        try:
            mkdocs_build(load_config(str(work / "mkdocs.yml"), strict=True))
        except (MkDocsException, SystemExit) as error:
            detail = "\n  ".join(messages) or str(error)
            raise BuildError(f"The site for {pages.site_name} did not build:\n  {detail}") from None


@contextlib.contextmanager
def _mkdocs_messages() -> Iterator[list[str]]:
    """Collect mkdocs' warnings (to report them) and keep its progress messages quiet."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    previous, logger.propagate = logger.propagate, False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


@contextlib.contextmanager
def _reproducible(today: dt.date) -> Iterator[None]:
    """Dates that mkdocs writes (the sitemap) come from --today, so output is byte-identical."""
    keys = {"SOURCE_DATE_EPOCH": str(int(dt.datetime(today.year, today.month, today.day,
                                                      tzinfo=dt.UTC).timestamp())),
            "NO_MKDOCS_2_WARNING": "1"}
    saved = {key: os.environ.get(key) for key in keys}
    os.environ.update(keys)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _update_manifest(stage: Path, project: Project) -> dict[str, str]:
    """The areas in the published site, with their names: those built now and those kept."""
    path = stage / MANIFEST
    names: dict[str, str] = json.loads(path.read_text()) if path.is_file() else {}
    names.update({slug: area.area.name for slug, area in project.areas.items()})
    names = {slug: names[slug] for slug in sorted(names) if (stage / slug).is_dir()}
    replace_file(path, (json.dumps(names, indent=2, ensure_ascii=False) + "\n").encode())
    return names


def _render_index(root: Path, names: dict[str, str]) -> str:
    environment = Environment(
        loader=FileSystemLoader(root / "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
    )
    strings = load_strings(root / "templates", "en", escape)
    return environment.get_template("site-index.html").render(t=strings, areas=names)


def _check_output(stage: Path, names: dict[str, str]) -> None:
    for slug in names:
        if not (stage / slug / "index.html").is_file():
            raise BuildError(f"The site for {slug} has no home page; the published site was left as it was.")
