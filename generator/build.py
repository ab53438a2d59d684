"""The whole build, top to bottom: fingerprint the inputs, load and check, render and build each area
that changed, publish.

Every file of the areas to build is read and checked before anything is written. Areas are built in
worker processes forked after the imports (`--jobs`), each rendering its pages and PDFs and building
its site with mkdocs-material. Everything goes to a staging folder that replaces the output folder only
when every area has built; unchanged areas are carried over from the published site as hard links.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import multiprocessing
import os
import pickle
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    TemplateError,
)

from . import finder, inputs, languages
from .check import load_checked_project
from .errors import BuildError, Problem
from .model import FINDER_FOLDERS
from .outfolder import MARKER, MARKER_TEXT, OutputRefused, load_settings, output_folder
from .project import AreaData, Areas, Project, area_slugs
from .publish import FORMER, Twins, carry, recover, replace_file, staged
from .render import Download, Strings, load_strings, make_environment, render_area, template_position
from .sites import (
    build_site,
    get_ready,
    linked_theme_files,
    reproducible,
    shared_theme_environments,
)
from .template_code import keep_compiled
from .variants import RESOLVED_FIELDS, for_nation
from .workers import can_fork, forked
from .workspace import claim_folder, prune_pdf_cache

WORK_FOLDER = ".jobclub-work"
IN_PART = inputs.IN_PART


@dataclass
class BuildSummary:
    areas: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    pages: int = 0
    downloads: int = 0
    feeds: int = 0
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    # Areas of which only one site was built (`only_site`): the next build builds them whole.
    in_part: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Shard:
    """`--shard 2/4`: the second of four slices of the areas, for sharing a build between machines."""

    number: int
    count: int

    def select(self, slugs: list[str]) -> list[str]:
        return [slug for index, slug in enumerate(sorted(slugs)) if index % self.count == self.number - 1]


def build(
    root: Path,
    out: str | os.PathLike[str],
    today: dt.date,
    only: list[str] | None = None,
    report: Callable[[str], None] = lambda message: None,
    packs: bool = True,
    strict: bool = False,
    jobs: int | None = None,
    shard: Shard | None = None,
    only_site: str | None = None,
) -> BuildSummary:
    """Build the areas of the project in `root` that changed (or only some) into `out`.

    With `packs=False`, no PDFs (packs and posters) are made: a quick preview. With `strict=True`,
    content that is hard to read is an error, not a warning. The output folder is checked first
    (see outfolder.py): a folder the kit may not write into is refused before any work.

    With `only_site` (a site's folder in the area: "" for the first language's, "cy" for the Welsh
    one), an area with more than one site builds only that one and keeps its other sites as
    published, and is stamped as not up to date, so that the next build builds it whole: the
    preview's first look at the site being viewed (see serve.py).
    """
    started = time.monotonic()
    folder = output_folder(root, out, tuple(load_settings(root).keep))
    out = folder.path
    recover(out)  # finish or tidy what a killed build left, before reading what is published
    everything = area_slugs(root)
    wanted = only or (shard.select(everything) if shard else everything)
    frame = inputs.frame_fingerprint(root, today, packs)
    shared = inputs.shared_fingerprint(root, frame)
    fingerprints = inputs.area_fingerprints(root, wanted, shared)
    published = {slug: inputs.read_stamp(out / slug).get("inputs") for slug in wanted}
    changed = [slug for slug in wanted if published[slug] != fingerprints[slug]]
    # A full build also removes areas whose folder was deleted from site_data.
    removed = [] if only or shard else sorted(set(_published_areas(out)) - set(everything))
    if not packs:
        _refuse_to_drop_packs(folder.given, out, changed)
    summary = BuildSummary(unchanged=[slug for slug in wanted if slug not in changed])
    if not changed and not removed and (out / "index.html").is_file():
        summary.seconds = time.monotonic() - started
        return summary
    # What each area's own pages are made from (render.render_area), read before the files are loaded:
    # a file saved in between gives a key that the next build does not find, never old pages kept
    # under a new key.
    own = inputs.area_fingerprints(root, wanted, inputs.own_pages_fingerprint(root, frame))
    with reproducible(today), shared_theme_environments(), contextlib.ExitStack() as builders:
        # Started now, so that the processes that build the sites get ready while the project is read.
        work, build_areas = builders.enter_context(_area_builders(root, packs, jobs, len(changed or wanted)))
        # Content is always checked; areas only when they are rebuilt.
        project = load_checked_project(root, today, changed, strict)
        summary.warnings = project.warnings
        # The content as each nation reads it may be kept by the preview (remembered_nations) only
        # when content/ was not saved while it was read.
        unsaved = _nations_kept is not None and shared == inputs.shared_fingerprint(root, frame)
        content = shared if unsaved else ""
        kept = [slug for slug in _published_areas(out) if slug not in changed and slug not in removed]
        # A sharded build leaves the index pages as they are; a whole one writes them anew.
        in_part = _built_in_part(project, changed, only_site, out)
        rewritten = () if shard else FINDER_FOLDERS
        with staged(folder, tuple(removed), tuple(changed), rewritten, in_part) as stage:
            try:
                job = _Job(project, today, stage, packs, work, out, frame, own, only_site, content)
                _publish_areas(
                    project, today, stage, out, changed, kept, fingerprints, build_areas(job), summary, report
                )
            finally:
                # The workers stopped, and this build's working folder removed, before the staging
                # folder is published, or removed if an area failed (not while a worker writes in it).
                builders.close()
            _check_output(stage, changed)
            if shard is None:
                write_index(root, stage, {slug: inputs.read_stamp(out / slug) for slug in kept})
    if packs:
        prune_pdf_cache(root / WORK_FOLDER / "pdf-cache")
    summary.seconds = time.monotonic() - started
    return summary


def _publish_areas(
    project: Project,
    today: dt.date,
    stage: Path,
    out: Path,
    changed: list[str],
    kept: list[str],
    fingerprints: dict[str, str],
    built: Iterator[AreaResult],
    summary: BuildSummary,
    report: Callable[[str], None],
) -> None:
    """Each area, as its site is built: stamped with what it was built from, and its files that are
    the same as another area's stored once."""
    twins = Twins(out / kept[0] if kept else stage / changed[0])
    for number, result in enumerate(built, start=1):
        report(f"[{number}/{len(changed)}] {result.slug}: {result.pages} pages")
        summary.areas.append(result.slug)
        summary.pages += result.pages
        summary.downloads += result.downloads
        summary.feeds += result.feeds
        area = project.areas[result.slug]
        names = {
            language: languages.text_in(area.area.name, language) for language in area.area.languages[1:]
        }
        listing = finder.area_entry(project, area, today, stage / result.slug)
        if result.in_part:
            summary.in_part.append(result.slug)
        fingerprint = IN_PART if result.in_part else fingerprints[result.slug]
        replace_file(
            stage / result.slug / inputs.STAMP,
            inputs.stamp_text(str(area.area.name), fingerprint, names, listing),
        )
        twins.link(stage / result.slug)


def _refuse_to_drop_packs(given: str, out: Path, changed: list[str]) -> None:
    """A quick build (--no-packs) would put areas without packs and posters into a published site
    that has them, or replace areas that have them: refuse, before any work."""
    if not changed or not out.is_dir():
        return
    published = [entry.name for entry in sorted(out.iterdir()) if entry.is_dir() and (
        any(entry.glob("*.pdf")) or any(entry.glob("*/*.pdf")))]
    if published:
        raise OutputRefused(
            f"{given} holds a published site with packs and posters ({', '.join(published)}). A build "
            "with --no-packs would put areas without them into it, or take theirs away. To update the "
            "site, build without --no-packs; for a quick look, build into another folder, for example "
            "--out preview. Nothing was written."
        )


# --- Building areas, in worker processes -------------------------------------------------------


@dataclass(frozen=True)
class AreaResult:
    slug: str
    pages: int
    downloads: int
    feeds: int
    in_part: bool = False


@dataclass(frozen=True)
class _Job:
    project: Project
    today: dt.date
    stage: Path
    packs: bool
    work: Path  # this build's own working folder, so builds running at once do not collide
    out: Path  # the published site: its pages that did not change are kept (sites.build_site)
    frame: str  # inputs.frame_fingerprint
    own: dict[str, str]  # each area's inputs.own_pages_fingerprint, with its own files
    only_site: str | None = None  # build's `only_site`
    content: str = ""  # inputs.shared_fingerprint, for remembered_nations ("": not to be kept)
    nations: dict[str, Project] = field(default_factory=dict)  # variants.for_nation, by nation


_job: _Job | None = None  # what this process (or worker) builds
# While the preview runs: the content as each nation reads it, by (content fingerprint, nation).
_nations_kept: dict[tuple[str, str], Project] | None = None
_NATIONS_KEPT = 8


@contextlib.contextmanager
def remembered_nations() -> Iterator[None]:
    """While the preview runs: the shared content as each nation reads it (variants.for_nation) is
    kept between rebuilds, by a fingerprint of content/, so that after a saved timetable it is not
    worked out again."""
    global _nations_kept
    _nations_kept = {}
    try:
        yield
    finally:
        _nations_kept = None


def _for_nation(project: Project, nation: str, content: str) -> Project:
    """variants.for_nation, or what an earlier build in this process worked out from the same
    content/ (and the rest of the project as loaded now)."""
    if _nations_kept is None or not content:
        return for_nation(project, nation)
    kept = _nations_kept.get((content, nation))
    if kept is None:
        if len(_nations_kept) >= _NATIONS_KEPT:
            _nations_kept.clear()
        kept = _nations_kept[(content, nation)] = for_nation(project, nation)
    return replace(project, **{name: getattr(kept, name) for name in RESOLVED_FIELDS})


@contextlib.contextmanager
def _area_builders(
    root: Path, packs: bool, jobs: int | None, count: int
) -> Iterator[tuple[Path, Callable[[_Job], Iterator[AreaResult]]]]:
    """This build's own working folder, and what builds the areas of a job, one result per area in
    order: `count` areas, in up to `jobs` worker processes (one per core by default).

    The workers are forked at once, before the project is read and checked, and get ready while it
    is (see _get_ready: the theme's templates compiled, the Markdown extensions and the theme's
    files set up); then each is sent the job, once."""
    claim = claim_folder(root / WORK_FOLDER, "build-")
    work = claim.folder
    workers = min(jobs or os.cpu_count() or 1, count)
    try:
        with linked_theme_files(work / "theme-files"):
            if workers <= 1 or not can_fork():
                if packs:
                    _import_pdf_makers()
                yield work, _build_here
                return
            handoff = multiprocessing.get_context("fork").SimpleQueue()
            with forked(workers, _get_ready, (root, work, packs, handoff)) as pool:

                def build_areas(job: _Job) -> Iterator[AreaResult]:
                    # Each worker is sent what every area shares once, and each area's own data with
                    # the area: a worker holds only the areas it builds, one at a time, so that its
                    # memory does not grow with the number of areas.
                    shared = replace(job, project=replace(job.project, areas={}))
                    sent = pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL)
                    for _ in range(workers):  # each worker takes one when it is ready
                        handoff.put(sent)
                    yield from pool.imap(_build_one, _tasks(job.project))

                yield work, build_areas
    finally:
        claim.release()


def _build_here(job: _Job) -> Iterator[AreaResult]:
    global _job
    _job = job
    try:
        yield from map(_build_one, _tasks(job.project))
    finally:
        _job = None


def _tasks(project: Project) -> Iterator[tuple[str, bytes]]:
    """Each area to build, with its data as the loaded project holds it, pickled (project.Areas)."""
    areas = project.areas
    assert isinstance(areas, Areas)  # load_project's
    return ((slug, areas.pickled(slug)) for slug in list(areas))


def _import_pdf_makers() -> None:
    """WeasyPrint takes about half a second to import: only for a build that makes PDFs."""
    import importlib

    importlib.import_module(".packs", __package__)
    importlib.import_module(".posters", __package__)


_not_ready: Exception | None = None  # what went wrong receiving the job, raised on the first area


def _get_ready(root: Path, work: Path, packs: bool, handoff: Any) -> None:
    """A worker's start: while the project is read, do what every area's build does first (see
    sites.get_ready), then wait for the job. Getting ready is only to save time: if it fails, the
    first area's build meets the same problem and says what it is."""
    global _job, _not_ready
    try:
        if packs:
            _import_pdf_makers()
        pages = _pages(root)
        for name in pages.list_templates():  # the area's own pages are drawn from these
            pages.get_template(name)
        get_ready(root, work / "sites", work / f"ready-{os.getpid()}")
    except Exception:
        pass
    # What the worker holds from here on (the modules, the compiled templates) lasts until it ends:
    # the garbage collector need not look through it again at each full collection.
    gc.collect()
    gc.freeze()
    try:
        _job = pickle.loads(handoff.get())
    except Exception as error:  # raised in _build_one: an initializer that fails is started again
        _not_ready = error


def _build_one(task: tuple[str, bytes]) -> AreaResult:
    """Render one area's pages, feeds and PDFs, and build its site into the staging folder."""
    if _not_ready is not None:
        raise _not_ready
    assert _job is not None
    slug, pickled = task
    area: AreaData = pickle.loads(pickled)
    nation = area.area.nation
    if nation not in _job.nations:  # the shared content as each nation reads it: once per worker
        _job.nations[nation] = _for_nation(_job.project, nation, _job.content)
    project = _job.nations[nation]
    root = project.root
    counts = [0, 0, 0]
    every = area.area.languages
    built = _sites_to_build(every, _job.only_site, _job.out / slug)
    earlier = built == every and _take_former(_job.stage, slug)
    # The first language at the area's own address, then each other one in its folder (mkdocs empties
    # the folder it builds into, so the first must come first).
    for language in built:
        folder = languages.site_folder(area.area.languages, language)
        try:
            strings = load_strings(root / "templates", language)
            translated, area_in_language = languages.localised(
                project, area, language, strings.plain("only_in_english")
            )
            work = _job.work / slug / language
            downloads = (
                _downloads(project, translated, area, area_in_language, _job.today, strings, work)
                if _job.packs
                else {}
            )
            pages = render_area(
                translated,
                area_in_language,
                _job.today,
                _pages(root),
                strings,
                downloads,
                root / WORK_FOLDER / "render-cache" / f"{slug}.{language}.json",
                _own_key(_job.own[slug], language, downloads),
                # Built in part, to be shown first: the feeds are made by the whole build after.
                feeds_from=_job.out / slug / folder if built != every else None,
            )
        except TemplateError as error:
            raise BuildError(f"{template_position(error)}: {error.message}") from None
        # The first language's site is the area's folder, which holds the other sites' folders.
        others = frozenset(languages.site_folder(every, other) for other in every) - {folder}
        build_site(
            root, pages, _job.work / "sites", _job.stage / slug / folder, _job.out / slug / folder,
            _job.frame, earlier=earlier, others=others if folder == "" else frozenset(),
        )
        counts[0] += len(pages.pages)
        counts[1] += len(downloads)
        counts[2] += sum(1 for path in pages.files if path.endswith(".ics"))
    for language in every:
        if language not in built:
            _keep_site(_job.out / slug, _job.stage / slug, every, language)
    return AreaResult(slug, *counts, in_part=built != every)


def _take_former(stage: Path, slug: str) -> bool:
    """The area's copy in the site before last (publish.FORMER), moved into place to start from:
    after a guide changed, all but a few of its files are the published ones. True if there was one."""
    former = stage / FORMER / slug
    if not former.is_dir() or former.is_symlink():
        return False
    os.rename(former, stage / slug)
    return True


def _sites_to_build(every: list[str], only_site: str | None, published: Path) -> list[str]:
    """The area's languages to build: all of them, or only `only_site`'s when the area has other
    sites and every one of them is published."""
    wanted = [language for language in every if languages.site_folder(every, language) == only_site]
    if only_site is None or not wanted or len(every) == 1:
        return every
    sites = (published / languages.site_folder(every, language) for language in every)
    if not all((site / "index.html").is_file() and not site.is_symlink() for site in sites):
        return every
    return wanted


def _built_in_part(project: Project, changed: list[str], only_site: str | None, out: Path) -> tuple[str, ...]:
    """The areas of which only `only_site`'s site is built (as _build_one will find)."""
    if only_site is None:
        return ()
    return tuple(
        slug for slug in changed
        if (every := project.areas[slug].area.languages) != _sites_to_build(every, only_site, out / slug)
    )


def _keep_site(published: Path, area_stage: Path, every: list[str], language: str) -> None:
    """One of the area's sites as published, as hard links: the first language's is the area's
    folder without the other languages' folders (and the area's stamp)."""
    folder = languages.site_folder(every, language)
    # In the area's own folder: the other sites' folders, and the area's stamp (written anew).
    left_out = {languages.site_folder(every, other) for other in every} - {folder} | {inputs.STAMP}
    source, target = published / folder, area_stage / folder
    target.mkdir(parents=True, exist_ok=True)
    with os.scandir(source) as entries:
        for entry in sorted(entries, key=lambda entry: entry.name):
            if not (folder == "" and entry.name in left_out):
                carry(Path(entry.path), target / entry.name)
    shutil.copystat(source, target, follow_symlinks=False)


def _own_key(fingerprint: str, language: str, downloads: dict[str, Download]) -> str:
    """What the area's own pages in `language` are made from (see render.render_area)."""
    digest = hashlib.sha256(f"{fingerprint}\0{language}\0".encode())
    for path, download in sorted(downloads.items()):
        digest.update(f"{path}\0{download.pages}\0".encode() + hashlib.sha256(download.data).digest())
    return digest.hexdigest()


def _downloads(
    project: Project,
    translated: Project,
    area: AreaData,
    area_in_language: AreaData,
    today: dt.date,
    strings: Strings,
    work: Path,
) -> dict[str, Download]:
    """The area's posters (in every language of the area) and packs (in this build's language), by
    their path in the site. PDFs whose HTML has not changed come from the cache in
    .jobclub-work/pdf-cache/."""
    from .packs import build_packs
    from .posters import area_posters

    cache = project.root / WORK_FOLDER / "pdf-cache"
    downloads = area_posters(project, area, today, _posters(project.root), cache)
    folder = work / "packs"
    shutil.rmtree(folder, ignore_errors=True)
    packs = build_packs(
        translated, area_in_language, today, folder, strings, worksheets=translated.worksheets, cache=cache
    )
    for pack in packs:
        downloads[f"packs/{pack.path.name}"] = Download(pack.path.read_bytes(), pack.pages)
    shutil.rmtree(folder, ignore_errors=True)
    return downloads


_environments: dict[tuple[str, Path], Environment] = {}


def _pages(root: Path) -> Environment:
    """One Jinja environment per process for the pages, so templates are compiled once."""
    if ("pages", root) not in _environments:
        _environments[("pages", root)] = make_environment(root / "templates")
        keep_compiled(_environments[("pages", root)])
    return _environments[("pages", root)]


def _posters(root: Path) -> Environment:
    from .posters import poster_environment

    if ("posters", root) not in _environments:
        _environments[("posters", root)] = poster_environment(root / "templates")
    return _environments[("posters", root)]


# --- The national index and checks --------------------------------------------------------------


def _published_areas(out: Path) -> list[str]:
    if not out.is_dir():
        return []
    return sorted(folder.name for folder in out.iterdir() if (folder / inputs.STAMP).is_file())


def write_national_index(root: Path, out: str | os.PathLike[str]) -> Path:
    """`jobclub index`: the index page of a folder the areas were built into (after shards)."""
    folder = output_folder(root, out, tuple(load_settings(root).keep), must_exist=True)
    recover(folder.path)
    write_index(root, folder.path)
    replace_file(folder.path / MARKER, MARKER_TEXT)
    return folder.path / "index.html"


def write_index(root: Path, out: Path, also: dict[str, Any] | None = None) -> None:
    """The national finder (`index.html`) listing every area in the output folder (and `also`: areas
    published elsewhere that stay, by name or by their stamp), e.g. after a sharded build."""
    stamps = {slug: inputs.read_stamp(out / slug) for slug in _published_areas(out)}
    kept = {
        slug: stamp if isinstance(stamp, dict) else {"name": stamp} for slug, stamp in (also or {}).items()
    }
    finder.write_finder(root, out, {**kept, **stamps})


def _check_output(stage: Path, built: list[str]) -> None:
    for slug in built:
        if not (stage / slug / "index.html").is_file():
            raise BuildError(f"The site for {slug} has no home page; the published site was left as it was.")
