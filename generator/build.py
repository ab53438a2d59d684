"""The whole build, top to bottom: fingerprint the inputs, load and check, render and build each area
that changed, publish.

Every file of the areas to build is read and checked before anything is written. Areas are built in
worker processes forked after the imports (`--jobs`), each rendering its pages and PDFs and building
its site with mkdocs-material. Everything goes to a staging folder that replaces the output folder only
when every area has built; unchanged areas are carried over from the published site as hard links.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    TemplateError,
)

from . import finder, inputs
from .errors import BuildError, DataErrors, Problem
from .packs import build_packs
from .posters import area_posters, poster_environment
from .project import AreaData, Project, area_slugs, load_project
from .publish import Twins, replace_file, staged
from .readability import check_readability
from .render import Download, Strings, load_strings, make_environment, render_area, template_position
from .sites import build_site, reproducible, shared_theme_environments

WORK_FOLDER = ".jobclub-work"


@dataclass
class BuildSummary:
    areas: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    pages: int = 0
    downloads: int = 0
    feeds: int = 0
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True)
class Shard:
    """`--shard 2/4`: the second of four slices of the areas, for sharing a build between machines."""

    number: int
    count: int

    def select(self, slugs: list[str]) -> list[str]:
        return [slug for index, slug in enumerate(sorted(slugs)) if index % self.count == self.number - 1]


def build(
    root: Path,
    out: Path,
    today: dt.date,
    only: list[str] | None = None,
    report: Callable[[str], None] = lambda message: None,
    packs: bool = True,
    strict: bool = False,
    jobs: int | None = None,
    shard: Shard | None = None,
) -> BuildSummary:
    """Build the areas of the project in `root` that changed (or only some) into `out`.

    With `packs=False`, no PDFs (packs and posters) are made: a quick preview. With `strict=True`,
    content that is hard to read is an error, not a warning.
    """
    started = time.monotonic()
    everything = area_slugs(root)
    wanted = only or (shard.select(everything) if shard else everything)
    fingerprints = inputs.area_fingerprints(root, wanted, inputs.shared_fingerprint(root, today, packs))
    published = {slug: inputs.read_stamp(out / slug).get("inputs") for slug in wanted}
    changed = [slug for slug in wanted if published[slug] != fingerprints[slug]]
    # A full build also removes areas whose folder was deleted from site_data.
    removed = [] if only or shard else sorted(set(_published_areas(out)) - set(everything))
    summary = BuildSummary(unchanged=[slug for slug in wanted if slug not in changed])
    if not changed and not removed and (out / "index.html").is_file():
        summary.seconds = time.monotonic() - started
        return summary
    # Content is always checked; areas only when they are rebuilt.
    project = load_checked_project(root, today, changed, strict)
    summary.warnings = project.warnings
    kept = [slug for slug in _published_areas(out) if slug not in changed and slug not in removed]
    with (
        staged(out, areas_only=bool(kept), remove=tuple(removed)) as stage,
        reproducible(today),
        shared_theme_environments(),
    ):
        twins = Twins(out / kept[0] if kept else stage / changed[0])
        english = load_strings(root / "templates", "en")
        for number, result in enumerate(_build_areas(project, today, stage, packs, jobs), start=1):
            report(f"[{number}/{len(changed)}] {result.slug}: {result.pages} pages")
            summary.areas.append(result.slug)
            summary.pages += result.pages
            summary.downloads += result.downloads
            summary.feeds += result.feeds
            area = project.areas[result.slug]
            listing = finder.area_entry(project, area, today, english, stage / result.slug)
            replace_file(
                stage / result.slug / inputs.STAMP,
                inputs.stamp_text(area.area.name, fingerprints[result.slug], listing),
            )
            twins.link(stage / result.slug)
        _check_output(stage, changed)
        if shard is None:
            write_index(root, stage, {slug: inputs.read_stamp(out / slug) for slug in kept})
    summary.seconds = time.monotonic() - started
    return summary


def load_checked_project(root: Path, today: dt.date, only: list[str] | None, strict: bool) -> Project:
    """The project, with readability warnings added (or raised as errors when strict)."""
    project = load_project(root, today, only)
    hard_to_read = check_readability(project)
    if strict and hard_to_read:
        raise DataErrors([replace(problem, warning=False) for problem in hard_to_read])
    project.warnings.extend(hard_to_read)
    return project


# --- Building areas, in worker processes -------------------------------------------------------


@dataclass(frozen=True)
class AreaResult:
    slug: str
    pages: int
    downloads: int
    feeds: int


@dataclass(frozen=True)
class _Job:
    project: Project
    today: dt.date
    stage: Path
    packs: bool
    work: Path  # this build's own working folder, so builds running at once do not collide


_job: _Job | None = None  # what forked workers build; set before the fork, so nothing is pickled


def _build_areas(
    project: Project, today: dt.date, stage: Path, packs: bool, jobs: int | None
) -> Iterator[AreaResult]:
    global _job
    work = project.root / WORK_FOLDER / f"build-{os.getpid()}"
    _job = _Job(project, today, stage, packs, work)
    slugs = list(project.areas)
    workers = min(jobs or os.cpu_count() or 1, len(slugs))
    try:
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            yield from map(_build_one, slugs)
            return
        parent = os.getpid()
        with multiprocessing.get_context("fork").Pool(workers, _die_with_parent, (parent,)) as pool:
            yield from pool.imap(_build_one, slugs)
    finally:
        _job = None
        shutil.rmtree(work, ignore_errors=True)


def _die_with_parent(parent: int) -> None:
    """A worker stops when the build is killed, so it cannot write into a staging folder that the
    next build is tidying away."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def _build_one(slug: str) -> AreaResult:
    """Render one area's pages, feeds and PDFs, and build its site into the staging folder."""
    assert _job is not None
    project, area = _job.project, _job.project.areas[slug]
    root = project.root
    try:
        strings = load_strings(root / "templates", area.area.languages[0])
        work = _job.work / slug
        downloads = _downloads(project, area, _job.today, strings, work) if _job.packs else {}
        pages = render_area(project, area, _job.today, _pages(root), strings, downloads)
    except TemplateError as error:
        raise BuildError(f"{template_position(error)}: {error.message}") from None
    build_site(root, pages, work / "site", _job.stage / slug)
    feeds = sum(1 for path in pages.files if path.endswith(".ics"))
    return AreaResult(slug, len(pages.pages), len(downloads), feeds)


def _downloads(
    project: Project, area: AreaData, today: dt.date, strings: Strings, work: Path
) -> dict[str, Download]:
    """The area's posters and packs, by their path in the site. PDFs whose HTML has not changed come
    from the cache in .jobclub-work/pdf-cache/."""
    cache = project.root / WORK_FOLDER / "pdf-cache"
    downloads = area_posters(project, area, today, _posters(project.root), cache)
    folder = work / "packs"
    shutil.rmtree(folder, ignore_errors=True)
    packs = build_packs(project, area, today, folder, strings, worksheets=project.worksheets, cache=cache)
    for pack in packs:
        downloads[f"packs/{pack.path.name}"] = Download(pack.path.read_bytes(), pack.pages)
    shutil.rmtree(folder, ignore_errors=True)
    return downloads


_environments: dict[tuple[str, Path], Environment] = {}


def _pages(root: Path) -> Environment:
    """One Jinja environment per process for the pages, so templates are compiled once."""
    if ("pages", root) not in _environments:
        _environments[("pages", root)] = make_environment(root / "templates")
    return _environments[("pages", root)]


def _posters(root: Path) -> Environment:
    if ("posters", root) not in _environments:
        _environments[("posters", root)] = poster_environment(root / "templates")
    return _environments[("posters", root)]


# --- The national index and checks --------------------------------------------------------------


def _published_areas(out: Path) -> list[str]:
    if not out.is_dir():
        return []
    return sorted(folder.name for folder in out.iterdir() if (folder / inputs.STAMP).is_file())


def write_index(root: Path, out: Path, also: dict[str, dict[str, Any]] | None = None) -> None:
    """The national finder (`index.html`) listing every area in the output folder (and `also`: the
    stamps of areas published elsewhere that stay), e.g. after a sharded build."""
    stamps = {slug: inputs.read_stamp(out / slug) for slug in _published_areas(out)}
    finder.write_finder(root, out, {**(also or {}), **stamps})


def _check_output(stage: Path, built: list[str]) -> None:
    for slug in built:
        if not (stage / slug / "index.html").is_file():
            raise BuildError(f"The site for {slug} has no home page; the published site was left as it was.")
