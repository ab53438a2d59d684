"""Build one area's rendered pages into a website with mkdocs-material, through its Python API.

Each area gets a small mkdocs.yml that inherits the project's base mkdocs.yml. The Markdown is complete
before mkdocs sees it; the one hook of ours (mkdocs_hooks.py) sanitises every page's HTML. mkdocs makes
a new Jinja environment for every build and compiles all of Material's templates again;
`shared_theme_environments` lets all areas in one process share one environment per theme and language
instead, and `shared_markdown` converts each page that is the same in many areas (the guides) once.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import hashlib
import io
import json
import logging
import os
import posixpath
import re
import shutil
import stat
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import mergedeep
import yaml
from markupsafe import Markup, escape
from mkdocs import utils as mkdocs_utils
from mkdocs.commands import build as mkdocs_build_module
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files, InclusionLevel, _file_sort_key, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.toc import get_toc
from mkdocs.theme import Theme
from mkdocs.utils import meta as mkdocs_meta
from mkdocs.utils import normalize_url
from mkdocs.utils import yaml as mkdocs_yaml
from mkdocs.utils.yaml import get_yaml_loader

from .errors import BuildError
from .inputs import PAGES_RECORD
from .languages import LANG_TAGS, NAMES, site_folder
from .publish import replace_file
from .render import AreaPages, inside_site
from .template_code import keep_compiled


def build_site(
    root: Path,
    pages: AreaPages,
    work: Path,
    site_dir: Path,
    published: Path | None = None,
    frame: str = "",
    earlier: bool = False,
    others: frozenset[str] = frozenset(),
) -> None:
    """Build one area's site with mkdocs-material, from its pages in memory and its mkdocs.yml (as
    if in `work`, beside an empty docs/ folder: one `work` can serve every area of a build).

    With `published` (the same site as published now) and `frame` (a fingerprint of everything else
    its pages are drawn with: the theme, the kit's code, the libraries, --today), only the pages
    whose Markdown changed since then are drawn again, if that is all that changed (see
    `_pages_to_draw_again`); the other files are the published ones, as hard links. With `earlier`,
    `site_dir` holds an earlier copy of the site, this build's own (the site before last): such a
    rebuild corrects it instead of linking every file anew, leaving the `others` (the folders of the
    area's other sites) as they are."""
    found = _site_sources(root, pages)
    sources = _source_hashes(root, pages, found)
    if not earlier:
        shutil.rmtree(site_dir, ignore_errors=True)
    previous = _read_record(published, frame) if published is not None and frame else None
    again = _pages_to_draw_again(previous, sources)
    with _mkdocs_messages() as messages:
        try:
            kept: dict[str, Any] | None = None
            output: list[str] | None = None
            with _sources_in_memory(found):
                if previous is not None and again is not None and published is not None:
                    config = _site_settings(root, pages, work, site_dir)
                    kept = _build_again(config, site_dir, published, previous, again, messages, pages, others)
                    if kept is not None:
                        output = previous["output"]  # the same files as published
                if kept is None:
                    shutil.rmtree(site_dir, ignore_errors=True)
                    messages.clear()
                    _kept_pages.clear()
                    mkdocs_build(_site_settings(root, pages, work, site_dir))
                    kept = dict(_kept_pages)
        except (MkDocsException, SystemExit) as error:
            detail = "\n  ".join(messages) or str(error)
            raise BuildError(f"The site for {pages.site_name} did not build:\n  {detail}") from None
        finally:
            _kept_pages.clear()
    if output is None:
        for source_map in site_dir.rglob("*.map"):
            source_map.unlink()  # only for debugging the theme's own code; about a third of its size
        output = sorted(
            path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file()
        )
    if frame:
        _write_record(site_dir, frame, sources, output, kept)


# --- Only the pages that changed, drawn again --------------------------------------------------------

# When a shared guide changes, every area's site holds it, but in each site only the guide's own pages
# and the search index change. A built site keeps a record of what it was built from (the hash of each
# source file, and the frame) and what the next build needs to know of each page without converting it
# again (its title, anchors, and links to anchors). The next build of the site, if its frame is the
# same and only some Markdown pages changed, starts from the published files (hard links), and draws
# only the changed pages and the search index again. `tests/test_sites.py` checks this gives the same
# bytes as a full build.

RECORD = PAGES_RECORD
_RECORD_VERSION = 1
_RECORD_LIMIT = 20 * 2**20  # bytes: a record (or search index) larger than this is not read
_kept_pages: dict[str, dict[str, Any]] = {}


def keep_pages(files: Any) -> None:
    """What the record keeps of each page, when all of them are read and converted (mkdocs_hooks.on_env)."""
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        try:  # the front matter, which the menu and the page's drawing read
            meta = json.loads(json.dumps(page.meta))
        except (TypeError, ValueError):  # not plain data: the next build draws the site whole
            meta = None
        _kept_pages[file.src_uri] = {
            "title": page._title_from_render,
            "meta": meta,
            "anchors": None if page.present_anchor_ids is None else sorted(page.present_anchor_ids),
            "links": {
                target.src_uri: dict(sorted(anchors.items()))
                for target, anchors in (page.links_to_anchors or {}).items()
            },
        }


def _source_hashes(root: Path, pages: AreaPages, found: dict[str, bytes]) -> dict[str, str]:
    """The hash of each file mkdocs builds the site from (`found`, from _site_sources) and of its
    settings. The output folder is left out of the settings: it is a new staging folder for each
    build."""
    hashes = {f"docs/{path}": hashlib.sha256(data).hexdigest() for path, data in sorted(found.items())}
    settings = site_config(root, pages, None)
    hashes["mkdocs.yml"] = hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()
    return hashes


def _read_record(published: Path, frame: str) -> dict[str, Any] | None:
    """The published site's record, if it was built with this frame and the record is whole. It is
    in the published folder, which anyone who can publish can change: every part is checked, and a
    file it names must be inside the site."""
    try:
        if (published / RECORD).stat().st_size > _RECORD_LIMIT:
            return None
        record = json.loads((published / RECORD).read_text(encoding="utf-8"))
    except Exception:  # unreadable, not JSON, nested too deep: whatever it is, build the site whole
        return None
    if not isinstance(record, dict) or record.get("frame") != frame:
        return None
    if record.get("version") != _RECORD_VERSION:
        return None
    sources, output, pages = record.get("sources"), record.get("output"), record.get("pages")
    if not (_texts(sources) and isinstance(output, list) and isinstance(pages, dict)):
        return None
    if not all(isinstance(path, str) and inside_site(path) for path in output):
        return None
    for page in pages.values():
        if not isinstance(page, dict) or not isinstance(page.get("meta"), dict):
            return None
        if not (page.get("title") is None or isinstance(page.get("title"), str)):
            return None
        anchors, links = page.get("anchors"), page.get("links")
        if not (anchors is None or isinstance(anchors, list) and all(isinstance(a, str) for a in anchors)):
            return None
        if not (isinstance(links, dict) and all(_texts(found) for found in links.values())):
            return None
    return record


def _texts(value: object) -> bool:
    """A mapping of text to text."""
    return isinstance(value, dict) and all(isinstance(key, str) and isinstance(text, str)
                                           for key, text in value.items())


def _write_record(
    site_dir: Path, frame: str, sources: dict[str, str], output: list[str], pages: dict[str, Any]
) -> None:
    record = {
        "version": _RECORD_VERSION, "frame": frame, "sources": sources, "output": output, "pages": pages
    }
    path = site_dir / RECORD
    with _naming(path):  # a new file, never written through a link to another
        # On one line: json's encoder in C writes only that, five times as fast as with indent.
        replace_file(path, (json.dumps(record, sort_keys=True) + "\n").encode("utf-8"))


def _pages_to_draw_again(previous: dict[str, Any] | None, sources: dict[str, str]) -> set[str] | None:
    """The files (as mkdocs names them, inside docs/) that changed since the published build: pages
    to draw again and files (feeds, packs) to copy again, if the site has the same files and
    settings (and so the same menu) as then; None if the site must be built whole."""
    if previous is None:
        return None
    before = previous.get("sources")
    if not isinstance(before, dict) or before.keys() != sources.keys():
        return None
    changed = {path for path, digest in sources.items() if before[path] != digest}
    if not all(path.startswith("docs/") for path in changed):
        return None
    return {path.removeprefix("docs/") for path in changed}


def _build_again(
    config: Any,
    site_dir: Path,
    published: Path,
    previous: dict[str, Any],
    again: set[str],
    messages: list[str],
    sources: AreaPages,
    others: frozenset[str] = frozenset(),
) -> dict[str, Any] | None:
    """Build the site into `site_dir` from the published one, drawing only the pages in `again` and
    the search index. What the record keeps of each page. None if the site must be built whole after
    all (a changed page's title or front matter changed, which other pages show in the menu).

    The record and the published files are in the published folder, which whoever publishes can
    change: what the pages are drawn with (their front matter, the files the site has) comes from
    this build's own sources; the record only says which pages changed and what their anchors were."""
    _kept_pages.clear()
    # The steps of mkdocs' build (mkdocs.commands.build.build), for the changed pages only.
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = mkdocs_build_module.get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    # The files this build writes: the same as published, as hard links to them.
    output = _site_files(files)
    if set(previous["output"]) != set(output) or not _link_published(published, site_dir, output, others):
        return None
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    kept = previous["pages"]
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    if {file.src_uri for file in doc_files} != set(kept):
        return None
    for file in doc_files:
        if file.page is None and file.inclusion.is_not_in_nav():
            mkdocs_pages.Page(None, file, config)
        page = file.page
        assert page is not None
        before = kept[file.src_uri]
        if file.src_uri in again:
            _populate_page(page, config, files)
            if page._title_from_render != before["title"] or page.meta != before["meta"]:
                return None
            continue
        # Not converted again: its front matter from this build's source (what the menu shows of it),
        # and from last time what the links' check needs (its anchors, its links to anchors).
        page.markdown, page.meta = _front_matter(sources.pages[file.src_uri])
        page.content = ""
        if "title" not in page.meta and "title" not in page.__dict__:
            return None  # its title would come from converting it (no such page is in our sites)
        page._title_from_render = before["title"]  # for the next record only: never shown (above)
        page.present_anchor_ids = None if before["anchors"] is None else set(before["anchors"])
        links = {}
        for target, anchors in before["links"].items():
            found = files.get_file_from_path(target)
            if found is None:
                return None
            links[found] = dict(anchors)
        page.links_to_anchors = links
    env = config.plugins.on_env(env, config=config, files=files)
    # The theme's files, the site's other files, its 404 page and its sitemap are as published: the
    # same files, addresses, titles and menu. Only the files that changed are copied.
    for file in files:
        if file.src_uri in again and not file.is_documentation_page():
            Path(file.abs_dest_path).unlink(missing_ok=True)
            file.copy_file()
    search = _search_plugin(config)
    entries = _published_search_entries(published) if search is not None else {}
    if entries is None:
        return None
    for file in doc_files:
        page = file.page
        assert page is not None
        if file.src_uri in again:
            Path(file.abs_dest_path).unlink(missing_ok=True)  # never write through a published file
            with _naming(file.abs_dest_path):
                _build_page(page, config, doc_files, nav, env)
        elif search is not None:
            search.search_index.entries.extend(entries.get(page.url, []))
    for file in doc_files:
        assert file.page is not None
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    (site_dir / "search" / "search_index.json").unlink(missing_ok=True)
    with _naming(site_dir / "search" / "search_index.json"):
        config.plugins.on_post_build(config=config)
    if messages:
        raise Abort(f"Aborted with {len(messages)} warnings in strict mode!")
    return dict(_kept_pages)


@functools.lru_cache(maxsize=1024)
def _parsed_front_matter(text: str) -> tuple[str, dict[str, Any]]:
    return mkdocs_meta.get_data(text)


def _front_matter(text: str) -> tuple[str, dict[str, Any]]:
    """A page's Markdown and front matter, as mkdocs reads them: parsed once per process for each
    text (most pages are the same in every area), each page given its own copy."""
    markdown, meta = _parsed_front_matter(text)
    return markdown, copy.deepcopy(meta)


# Written by the theme's templates and the search plugin, besides the site's files.
_WRITTEN_TOO = ("404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json")


def _site_files(files: Any) -> list[str]:
    """Every file a build of the site writes, as build_site leaves it (no source maps)."""
    found = {
        file.dest_uri
        for file in files
        if file.inclusion.is_included() and not file.dest_uri.endswith(".map")
    }
    return sorted(found | set(_WRITTEN_TOO))


def _link_published(
    published: Path, site_dir: Path, output: list[str], others: frozenset[str] = frozenset()
) -> bool:
    """The published site's files as hard links in `site_dir`; False if one is missing, or is not
    inside the published folder (a link, or in a linked folder). Each folder is opened once, never
    through a link (O_NOFOLLOW), and its files are linked from it by name: no path is looked up
    again from the top for each file.

    A copy of the site already in `site_dir` (the site before last, this build's own) is corrected:
    a file that is not the published one itself (the same inode) is linked again, and whatever the
    site does not have is removed, but the `others` (the area's other sites, in its folder). Making
    a folder or a link costs far more on disk than looking at one."""
    names: dict[str, set[str]] = {}
    for relative in output:
        folder, _, name = relative.rpartition("/")
        names.setdefault(folder, set()).add(name)
    inside: dict[str, set[str]] = {}  # the folders in each folder
    for folder in list(names):
        while folder:
            parent, _, name = folder.rpartition("/")
            inside.setdefault(parent, set()).add(name)
            names.setdefault(parent, set())
            folder = parent
    correcting = site_dir.is_dir()
    opened: dict[str, tuple[int, int]] = {}  # a folder of the site: (published, new) descriptors
    try:
        site_dir.mkdir(parents=True, exist_ok=True)
        opened[""] = (os.open(published, _FOLDER), os.open(site_dir, _FOLDER | os.O_NOFOLLOW))
        for folder in sorted(names):  # a folder before the folders in it
            source, target = _opened_folder(opened, folder)
            wanted = names[folder]
            if correcting:
                leave = inside.get(folder, set()) | (others if folder == "" else set())
                wanted = wanted - _corrected(source, target, wanted, leave)
            for name in wanted:
                os.link(name, name, src_dir_fd=source, dst_dir_fd=target, follow_symlinks=False)
                if not stat.S_ISREG(os.lstat(name, dir_fd=target).st_mode):  # a link, a device
                    return False
    except (OSError, ValueError):
        return False
    finally:
        for descriptors in opened.values():
            for descriptor in descriptors:
                os.close(descriptor)
    return True


def _corrected(source: int, target: int, wanted: set[str], leave: set[str]) -> set[str]:
    """In a folder of an earlier copy of the site (`target`): the `wanted` files that are the
    published ones (in `source`) already. Every other file is removed, and every folder not in
    `leave`."""
    same = set()
    with os.scandir(target) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in leave:
                    shutil.rmtree(entry.name, dir_fd=target)
                continue
            if entry.name in wanted:
                mine, theirs = entry.stat(follow_symlinks=False), os.lstat(entry.name, dir_fd=source)
                if stat.S_ISREG(mine.st_mode) and (mine.st_ino, mine.st_dev) == (
                    theirs.st_ino, theirs.st_dev
                ):
                    same.add(entry.name)
                    continue
            os.unlink(entry.name, dir_fd=target)
    return same


_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC


def _opened_folder(opened: dict[str, tuple[int, int]], folder: str) -> tuple[int, int]:
    """A folder of the published site, opened from its parent without following a link, and its
    namesake in the new site, made if need be."""
    if folder not in opened:
        parent, _, name = folder.rpartition("/")
        if name in ("", ".", ".."):
            raise ValueError(folder)
        source, target = _opened_folder(opened, parent)
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, dir_fd=target)
        published = os.open(name, _FOLDER | os.O_NOFOLLOW, dir_fd=source)
        try:
            opened[folder] = (published, os.open(name, _FOLDER | os.O_NOFOLLOW, dir_fd=target))
        except OSError:
            os.close(published)
            raise
    return opened[folder]


@contextlib.contextmanager
def _naming(path: str | Path) -> Iterator[None]:
    """An error writing a file (a full disk) names the file, as outfolder.os_failure needs."""
    try:
        yield
    except OSError as error:
        if error.filename is None:
            raise OSError(error.errno, error.strerror, str(path)) from None
        raise


def _search_plugin(config: Any) -> Any:
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index") and hasattr(plugin.search_index, "entries"):
            return plugin
    return None


def _published_search_entries(published: Path) -> dict[str, list[Any]] | None:
    """The published search index's entries, by the address of the page they belong to (None if it
    is missing or damaged)."""
    index = published / "search" / "search_index.json"
    try:
        if index.stat().st_size > _RECORD_LIMIT:
            return None
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    except Exception:  # unreadable, not JSON, nested too deep: build the site whole
        return None
    if not isinstance(docs, list):
        return None
    entries: dict[str, list[Any]] = {}
    for entry in docs:
        if not isinstance(entry, dict) or not isinstance(entry.get("location"), str):
            return None
        entries.setdefault(entry["location"].partition("#")[0], []).append(entry)
    return entries


_ASSETS = ("assets/jobclub.css", "assets/favicon.svg")  # in templates/, copied into every site


def _site_sources(root: Path, pages: AreaPages) -> dict[str, bytes]:
    """Every file of an area's docs/ folder, by its path there: its pages, feeds, downloads and the
    kit's stylesheet and icon."""
    found = {path: text.encode("utf-8") for path, text in pages.pages.items()}
    found |= pages.files
    found |= {path: (root / "templates" / path).read_bytes() for path in _ASSETS}
    unsafe = sorted(path for path in found if not inside_site(path))
    if unsafe:  # every path is the kit's own, but never write outside the folder, whatever happens
        raise BuildError(f"The site for {pages.site_name} would have a file outside it: {unsafe[0]}")
    return found


def write_sources(root: Path, pages: AreaPages, work: Path, site_dir: Path) -> None:
    """One area's docs/ folder and mkdocs.yml: what mkdocs builds, as `mkdocs build` would be given
    it by hand. The kit's own builds (build_site) give mkdocs the docs from memory instead."""
    write_settings(root, pages, work, site_dir)
    docs = work / "docs"
    found = _site_sources(root, pages)
    for folder in sorted({(docs / path).parent for path in found}):
        folder.mkdir(parents=True, exist_ok=True)
    for path, data in found.items():
        (docs / path).write_bytes(data)


def write_settings(root: Path, pages: AreaPages, work: Path, site_dir: Path) -> None:
    """An area's mkdocs.yml in `work`, beside an empty docs/ folder."""
    shutil.rmtree(work, ignore_errors=True)
    (work / "docs").mkdir(parents=True)
    (work / "mkdocs.yml").write_text(
        yaml.safe_dump(site_config(root, pages, site_dir), sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )


def _site_settings(root: Path, pages: AreaPages, work: Path, site_dir: Path) -> MkDocsConfig:
    """mkdocs' settings for an area's site, as load_config makes them from the mkdocs.yml that
    write_settings writes, without writing and parsing it: the base mkdocs.yml it inherits, parsed
    (once per build: _parsing_once), with the site's own settings merged in as mkdocs merges them.
    `work` needs only an empty docs/ folder."""
    (work / "docs").mkdir(parents=True, exist_ok=True)
    settings = site_config(root, pages, site_dir)
    config = MkDocsConfig(config_file_path=str(work / "mkdocs.yml"))
    config.load_dict(mergedeep.merge(_inherited(str(settings.pop("INHERIT")), config), settings))
    config.load_dict({"strict": True})
    errors, warnings = config.validate()
    log = logging.getLogger("mkdocs.config")
    for name, warning in warnings:
        log.warning(f"Config value '{name}': {warning}")
    for name, error in errors:
        log.error(f"Config value '{name}': {error}")
    if errors:
        raise Abort("Aborted with a configuration error!")
    if warnings:
        raise Abort(f"Aborted with {len(warnings)} configuration warnings in 'strict' mode!")
    return config


@contextlib.contextmanager
def _sources_in_memory(found: dict[str, bytes]) -> Iterator[None]:
    """While mkdocs builds a site, its docs/ folder is `found`, from memory: mkdocs lists the files
    as it would list them in the folder (`get_files`: each folder's files in its order, then its
    folders by name), and reads each one's bytes as it would read them from there. Writing them all
    to disk first and reading them back took about a tenth of a national build."""
    original = mkdocs_build_module.get_files

    def get_files(config: Any) -> Files:
        files: list[File] = []
        conflicting: list[tuple[File, File]] = []
        by_dest: dict[str, File] = {}
        folder = None
        for path in sorted(found, key=_walk_order):
            file = File.generated(config, path, content=found[path])
            file.generated_by = None  # as a file of docs/: it has an "edit this page" address
            if posixpath.dirname(path) != folder:  # mkdocs compares the files of one folder
                folder, by_dest = posixpath.dirname(path), {}
            first = by_dest.setdefault(file.dest_uri, file)
            if first is not file:
                conflicting.append((first, file))
            files.append(file)
        set_exclusions(files, config)
        # As mkdocs does: of README.md and index.md in one folder, README.md is left out, with a warning.
        for first, file in conflicting:
            if file.inclusion.is_included():
                if first.inclusion.is_included():
                    logging.getLogger("mkdocs.structure.files").warning(
                        f"Excluding '{first.src_uri}' from the site because it conflicts with "
                        f"'{file.src_uri}'."
                    )
                with contextlib.suppress(ValueError):
                    files.remove(first)
            else:
                with contextlib.suppress(ValueError):
                    files.remove(file)
        return Files(files)

    mkdocs_build_module.get_files = get_files
    try:
        yield
    finally:
        mkdocs_build_module.get_files = original


def get_ready(root: Path, work: Path, folder: Path) -> None:
    """Do, before the areas' pages are known, what every area's build does first: build a site of
    one page, in each language the kit has words for (templates/strings/), into `folder`, then remove
    it. Material's templates are compiled for each language, the Markdown extensions and plugins set
    up, and the theme's files listed (and stored, inside linked_theme_files). Run by each worker of a
    build while the project is read (build._get_ready); the sites it then builds are the same."""
    languages = tuple(sorted(path.stem for path in (root / "templates" / "strings").glob("*.yml")))
    languages = tuple(sorted(languages, key=lambda language: language != "en")) or ("en",)
    try:
        for language in languages:
            pages = AreaPages({"index.md": "# Job club\n\nGetting ready.\n"}, {}, [], "Job club",
                              language, languages)
            build_site(root, pages, work, folder / site_folder(list(languages), language))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def linked_theme_files(store: Path) -> Iterator[None]:
    """While building many sites: the theme's files (its stylesheets, scripts and icons, about 2.5 MB
    in every site) are copied once into `store` (a folder of this build's own) and hard-linked from
    there into each site, not copied into each. The published areas then share them already
    (publish.Twins finds them one file). Where a link cannot be made (another disk), they are copied."""
    original = mkdocs_utils.copy_file
    linking = True

    def copy_file(source_path: str, output_path: str) -> None:
        nonlocal linking
        if not linking or os.path.isdir(output_path):
            original(source_path, output_path)
            return
        status = os.stat(source_path)
        which = f"{os.path.realpath(source_path)}\0{status.st_size}\0{status.st_mtime_ns}"
        kept = store / hashlib.sha256(which.encode()).hexdigest()
        try:
            if not kept.exists():
                store.mkdir(parents=True, exist_ok=True)
                temporary = store / f".{kept.name}.{os.getpid()}"
                shutil.copyfile(source_path, temporary)
                with contextlib.suppress(FileExistsError):  # another worker kept it first
                    os.link(temporary, kept)
                temporary.unlink()
            os.makedirs(os.path.dirname(output_path), exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(output_path)
            os.link(kept, output_path)
        except OSError:  # no links between these folders (another disk, a file system without them)
            linking = False
            original(source_path, output_path)

    mkdocs_utils.copy_file = copy_file
    try:
        yield
    finally:
        mkdocs_utils.copy_file = original


def _walk_order(path: str) -> tuple[tuple[int, object], ...]:
    """Where os.walk, as mkdocs' get_files uses it, comes to a file: a folder's own files first (in
    mkdocs' order for files), then each folder inside it, by name."""
    *folders, name = path.split("/")
    return (*((1, folder) for folder in folders), (0, _file_sort_key(name)))


def site_config(root: Path, pages: AreaPages, site_dir: Path | None) -> dict[str, object]:
    """One area's mkdocs.yml (in one language), inheriting the project's."""
    config: dict[str, object] = {
        "INHERIT": str((root / "mkdocs.yml").absolute()),
        # The theme prints the site name into the page as it is.
        "site_name": str(escape(pages.site_name)),
        "docs_dir": "docs",
        "site_dir": str(site_dir.absolute()) if site_dir is not None else None,
        "theme": {"custom_dir": str((root / "templates" / "theme").absolute()), "language": pages.language},
        "nav": _plain(pages.nav),
        "not_in_nav": "/help/*.md\n/courses/*-guides.md",
        "hooks": [str(Path(__file__).with_name("mkdocs_hooks.py"))],
    }
    if len(pages.languages) > 1:
        config.update(_language_config(pages))
    return config


def _plain(value: object) -> object:
    """Titles as plain str (a translated title is a str subclass, which yaml.safe_dump refuses)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return str(value) if isinstance(value, str) else value


def _language_config(pages: AreaPages) -> dict[str, object]:
    """What a build of a bilingual area adds: the twin builds' addresses for the language switch and
    hreflang links (main.html), and a search index without the English stemmer for other languages."""
    first = pages.languages[0]
    here = site_folder(list(pages.languages), pages.language)
    # From this build's root to the area's root, where the first language's build is.
    to_area = "../" if here else ""
    twins = [
        {
            "lang": language,
            "tag": LANG_TAGS.get(language, language),
            "name": NAMES.get(language, language),
            "path": to_area + (f"{language}/" if language != first else ""),
            "absolute": (
                pages.site_url.rstrip("/") + "/" + (f"{language}/" if language != first else "")
                if pages.site_url
                else None
            ),
        }
        for language in pages.languages
    ]
    config: dict[str, object] = {
        "extra": {"jobclub_language": pages.language, "jobclub_twins": twins},
    }
    if pages.language != "en":
        # lunr has no Welsh: the English stemmer and stop words would mangle Welsh words, so the index
        # keeps every word as written, only trimming punctuation.
        config["plugins"] = {"search": {"lang": ["en"], "pipeline": ["trimmer"]}}
    return config


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
def reproducible(today: dt.date) -> Iterator[None]:
    """Dates that mkdocs writes (the sitemap) come from --today, so output is byte-identical."""
    midnight = dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)
    keys = {"SOURCE_DATE_EPOCH": str(int(midnight.timestamp())), "NO_MKDOCS_2_WARNING": "1"}
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


def _by_filter_code(list_templates):  # type: ignore[no-untyped-def]
    """list_templates, keyed on the filter function's code rather than on the function object mkdocs
    makes afresh for each build (functools.cache needs hashable, equal keys)."""

    class Code:
        def __init__(self, function: object) -> None:
            self.function = function

        def __hash__(self) -> int:
            return hash(getattr(self.function, "__code__", self.function))

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Code) and hash(self) == hash(other)

    cached = functools.cache(lambda extensions, code: list_templates(extensions, code.function))
    return lambda extensions=None, filter_func=None: cached(extensions, Code(filter_func))


_sharing = False


@contextlib.contextmanager
def shared_theme_environments() -> Iterator[None]:
    """While building many areas, reuse one theme Jinja environment per set of theme folders and
    language, so Material's templates are compiled once, not once per area. Safe because mkdocs passes
    each page's context at render time and keeps nothing of a build in the environment. Inside another
    (the preview keeps one open between rebuilds) it adds nothing."""
    global _sharing
    if _sharing:
        yield
        return
    original = Theme.get_env
    environments: dict[tuple[tuple[str, ...], str], jinja2.Environment] = {}

    def get_env(theme: Theme) -> jinja2.Environment:
        key = (tuple(theme.dirs), str(theme.locale))
        if key not in environments:
            environment = original(theme)
            loader = environment.loader
            assert isinstance(loader, jinja2.FileSystemLoader)
            # mkdocs lists and filters the theme's files for every build; they do not change during
            # one, and the filter depends only on the base mkdocs.yml, which all areas share.
            environment.list_templates = _by_filter_code(environment.list_templates)  # type: ignore[method-assign]
            # Before any template is loaded, so that every page template can be drawn from the
            # preview's page cache (below); outside the preview it draws every page as usual.
            environment.template_class = _PageTemplate
            # Not looked at again on every include (a file system call each): the templates do not
            # change during a build, and the preview starts afresh when one does.
            environment.auto_reload = False
            keep_compiled(environment)  # compiled once, not in every worker of every build
            if MENU_DRAWN_ONCE:
                environment.globals["jobclub_nav"] = _nav_item_html
                environment.globals["jobclub_nav_link"] = _nav_link
            environments[key] = environment
        return environments[key]

    # mkdocs looks through every installed package's entry points for themes on each load of a
    # config (its cache is emptied for each theme it loads): about a sixth of loading a config. The
    # installed themes do not change during a build.
    original_themes = mkdocs_utils.get_themes
    themes = original_themes()

    def get_themes() -> Any:
        return themes

    get_themes.cache_clear = lambda: None  # type: ignore[attr-defined]
    Theme.get_env = get_env  # type: ignore[method-assign]
    mkdocs_utils.get_themes = get_themes
    _sharing = True
    try:
        with shared_markdown(), shared_search_entries():
            yield
    finally:
        Theme.get_env = original  # type: ignore[method-assign]
        mkdocs_utils.get_themes = original_themes
        _sharing = False
        _markdown_cache.clear()
        _search_cache.clear()


_parsed: dict[bytes, Any] = {}


def _inherited(path: str, config: MkDocsConfig) -> Any:
    """The settings of the base mkdocs.yml at `path`, as mkdocs' yaml_load reads them: parsed once
    for each distinct content (each area's site is given a copy), if they are plain data and
    inherit no other file (then they depend on nothing else)."""
    text = Path(path).read_bytes()
    key = hashlib.sha256(text).digest()
    if key not in _parsed:
        source = io.BytesIO(text)
        source.name = path  # where a file it inherits is looked for
        found = mkdocs_yaml.yaml_load(source, get_yaml_loader(config=config))
        # Its top level, read without making anything of its tags: does it inherit another file?
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        keys = [key.value for key, _ in node.value] if isinstance(node, yaml.MappingNode) else []
        if "INHERIT" in keys or not _plain_data(found):
            return found
        if len(_parsed) > 8:
            _parsed.clear()
        _parsed[key] = found
    return copy.deepcopy(_parsed[key])


def _plain_data(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain_data(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_plain_data(item) for item in value)
    return value is None or isinstance(value, str | int | float | bool)


# --- Pages not drawn again between preview rebuilds -------------------------------------------------


_PAGE_CACHE_SIZE = 1024
_page_cache: OrderedDict[tuple[object, ...], str] | None = None


@contextlib.contextmanager
def remembered_pages() -> Iterator[None]:
    """While the preview runs: a page whose theme template would be given the same page, navigation
    and settings as in an earlier rebuild is not drawn again; its HTML from then is used. After a
    timetable is saved, most of an area's pages (the guides, the courses' texts) are the same.

    Only inside shared_theme_environments, whose compiled templates are the ones the HTML came from
    (the preview starts both afresh when a template changes)."""
    global _page_cache
    _page_cache = OrderedDict()
    try:
        yield
    finally:
        _page_cache = None


class _PageTemplate(jinja2.Template):
    """A theme template that, for a page, looks in the preview's page cache before drawing it, and
    gives the menu's links (drawn once per site, below) the page's own relative addresses."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        page = context.get("page")
        if _page_cache is None or not isinstance(page, mkdocs_pages.Page):
            return self._draw(context)
        key = _page_key(self.name, context, page)
        found = _page_cache.get(key)
        if found is None:
            found = _page_cache[key] = self._draw(context)
            while len(_page_cache) > _PAGE_CACHE_SIZE:
                _page_cache.popitem(last=False)
        else:
            _page_cache.move_to_end(key)
        return found

    def _draw(self, context: dict[str, Any]) -> str:
        html = super().render(context)
        if _NAV_MARK not in html:
            return html
        page, base = context.get("page"), context.get("base_url", "")
        return _NAV_LINK.sub(lambda found: normalize_url(found[1], page=page, base=base), html)


# --- The menu drawn once per site, not once per page -------------------------------------------------

# Material draws the whole menu on every page, and most of a page's drawing time goes on it. Only the
# items on the way to the page (its section, itself) differ from page to page, apart from the links,
# which are relative to the page. So an item that is not active is drawn once per build of a site, with
# each link written as a mark around the address (our nav-item.html's `link`); each page's drawing then
# turns the marks into addresses relative to that page, as mkdocs' `url` filter would have.

MENU_DRAWN_ONCE = True  # False: every page draws its whole menu, as Material does (for the tests)
_NAV_MARK = "\x00jobclub-nav\x00"
_NAV_LINK = re.compile("\x00jobclub-nav\x00([^\x00]*)\x00")


def _nav_link(url: object) -> str:
    return f"{_NAV_MARK}{url}\x00"


def _nav_item_html(nav: Any, item: Any, path: str, level: int, parent: Any, draw: Any) -> Markup:
    """The HTML of a menu item that is not active (nor anything inside it): drawn on the first page
    that needs it, then the same on every page of this site. Kept on the navigation itself, which
    mkdocs makes afresh for each build."""
    drawn: dict[tuple[object, ...], Markup] = nav.__dict__.setdefault("_jobclub_drawn", {})
    given = not isinstance(parent, jinja2.Undefined)  # the top level has no parent
    key = (id(item), path, level, given and bool(parent.active))
    if key not in drawn:
        drawn[key] = Markup(str(draw(item, path, level, parent) if given else draw(item, path, level)))
    return drawn[key]


def _page_key(name: str | None, context: dict[str, Any], page: mkdocs_pages.Page) -> tuple[object, ...]:
    """Everything in a page's context that its HTML can depend on: the page itself (its address,
    HTML, title, headings and front matter), the whole navigation (titles and addresses, which also
    give the previous and next pages), the site's settings, and the build's date."""
    config = context["config"]
    return (
        name,
        page.url,
        page.file.src_uri,
        page.content,
        str(page.title),
        repr(page.meta),
        _toc_key(page.toc),
        page.canonical_url,
        page.edit_url,
        context.get("base_url"),
        str(context.get("build_date_utc")),
        _nav_key(context["nav"]),
        repr(
            [
                (setting, config.get(setting))
                for setting in (
                    "site_name", "site_url", "site_description", "site_author", "copyright", "repo_url",
                    "repo_name", "edit_uri", "use_directory_urls", "extra", "extra_css",
                    "extra_javascript", "extra_templates",
                )
            ]
        ),
        repr(sorted((key, repr(value)) for key, value in config.theme.items())),
        repr(list(config.plugins)),
    )


def _nav_key(nav: Any) -> tuple[object, ...]:
    def items(entries: Any) -> tuple[object, ...]:
        return tuple(
            (
                type(item).__name__, str(item.title), getattr(item, "url", None),
                repr(getattr(item, "meta", None)), items(getattr(item, "children", None) or ()),
            )
            for item in entries
        )

    return (items(nav.items), getattr(nav.homepage, "url", None))


# --- Markdown converted once per build, not once per area ------------------------------------------


@dataclass(frozen=True)
class _Rendered:
    """What mkdocs keeps of a page's Markdown conversion, and the links it resolved on the way."""

    content: str
    toc_tokens: list[Any]
    title: str | None
    anchors: frozenset[str]
    links: tuple[tuple[str, str], ...]  # (link as written, link as rewritten) for every link


class _Kept:
    """Answers (converted pages, search entries) kept to be used again, within a budget (characters,
    roughly: `size` says how many each takes; `budget` names this module's setting, which tests
    change), so that memory stays flat however many areas a build has.

    Most pages an area has on its own are never asked for again, and would push out the pages every
    area shares. So an answer is first kept on trial, in a quarter of the budget; the first time it
    is asked for again, it is kept for good, in the rest, where those used least lately make room.
    The pages every area shares are soon all kept, and the trial holds only the latest areas'."""

    def __init__(self, budget: str, size: Callable[[Any], int]) -> None:
        self.budget, self.size = budget, size
        self.trial: OrderedDict[object, Any] = OrderedDict()
        self.kept: OrderedDict[object, Any] = OrderedDict()
        self.held = {"trial": 0, "kept": 0}

    def get(self, key: object) -> Any:
        if key in self.kept:
            self.kept.move_to_end(key)
            return self.kept[key]
        if key in self.trial:  # asked for again: kept for good
            value = self.trial.pop(key)
            self.held["trial"] -= self.size(value)
            self._add("kept", key, value)
            return value
        return None

    def keep(self, key: object, value: Any) -> None:
        self._add("kept" if key in self.kept else "trial", key, value)

    def _add(self, part: str, key: object, value: Any) -> None:
        answers = getattr(self, part)
        if key in answers:
            self.held[part] -= self.size(answers[key])
        answers[key] = value
        answers.move_to_end(key)
        self.held[part] += self.size(value)
        budget = globals()[self.budget]
        room = budget // 4 if part == "trial" else budget - budget // 4
        while answers and self.held[part] > room:
            _, dropped = answers.popitem(last=False)
            self.held[part] -= self.size(dropped)

    @property
    def total(self) -> int:
        return self.held["trial"] + self.held["kept"]

    def clear(self) -> None:
        self.trial.clear()
        self.kept.clear()
        self.held = {"trial": 0, "kept": 0}


# Characters of converted pages kept (a page takes about twice its HTML with its headings).
_MARKDOWN_CACHE_SIZE = 8 * 2**20
_markdown_cache = _Kept("_MARKDOWN_CACHE_SIZE", lambda rendered: 2 * len(rendered.content) + 200)
_links_seen: list[tuple[str, str]] | None = None


@contextlib.contextmanager
def shared_markdown() -> Iterator[None]:
    """Most pages of an area (guides, course texts, Get help) are the same Markdown in every area:
    convert each once per process and reuse its HTML and table of contents.

    A page is taken from the cache only if its path, its Markdown and the Markdown settings are the
    same, and every link in it resolves to the same address among this area's files (mkdocs rewrites
    links to .md files, and warns about missing ones: those checks are run again for each area)."""
    relative = getattr(mkdocs_pages, "_RelativePathTreeprocessor", None)
    if relative is None or not hasattr(relative, "path_to_url"):  # another mkdocs: convert as usual
        yield
        return
    original_render, original_path_to_url = mkdocs_pages.Page.render, relative.path_to_url

    def path_to_url(processor: Any, url: str) -> str:
        rewritten = original_path_to_url(processor, url)
        if _links_seen is not None:
            _links_seen.append((url, rewritten))
        return rewritten

    def render(page: mkdocs_pages.Page, config: Any, files: Any) -> None:
        global _links_seen
        key = (
            page.file.src_uri,
            hashlib.sha256(page.markdown.encode()).digest(),
            config.use_directory_urls,
            repr(config.markdown_extensions),
            repr(sorted((config.mdx_configs or {}).items())),
        )
        found = _markdown_cache.get(key)
        if found is not None:
            again = relative(page.file, files, config)
            if all(original_path_to_url(again, url) == rewritten for url, rewritten in found.links):
                page.content = found.content
                page.toc = get_toc(found.toc_tokens)  # read, never changed: no copy needed
                page._title_from_render = found.title
                page.present_anchor_ids = set(found.anchors)
                if logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG:
                    page.links_to_anchors = again.links_to_anchors
                return
        _links_seen = []
        try:
            content, toc_tokens = _converting(page, config, files, original_render)
            links = tuple(_links_seen)
        finally:
            _links_seen = None
        rendered = _Rendered(
            content, toc_tokens, page._title_from_render, frozenset(page.present_anchor_ids or ()), links
        )
        _markdown_cache.keep(key, rendered)

    mkdocs_pages.Page.render = render  # type: ignore[method-assign]
    relative.path_to_url = path_to_url
    try:
        yield
    finally:
        mkdocs_pages.Page.render = original_render  # type: ignore[method-assign]
        relative.path_to_url = original_path_to_url


# --- Search entries made once per page's HTML, not once per area ------------------------------------


_SEARCH_CACHE_SIZE = 4 * 2**20  # characters of search entries kept, as above


def _entries_size(entries: list[dict[str, Any]]) -> int:
    return sum(len(str(entry.get("text", ""))) + len(str(entry.get("title", ""))) + 100 for entry in entries)


_search_cache = _Kept("_SEARCH_CACHE_SIZE", _entries_size)


def _toc_key(items: Any) -> tuple[object, ...]:
    return tuple((item.id, item.title, item.level, _toc_key(item.children)) for item in items)


@contextlib.contextmanager
def shared_search_entries() -> Iterator[None]:
    """Material's search plugin reads each page's HTML into entries for the site's search index. A
    page with the same HTML, address, title, headings, front matter and search settings as one seen
    before gets the same entries: copy them instead of reading the HTML again."""
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:  # another theme: index as usual
        yield
        return
    original = SearchIndex.add_entry_from_context

    def add_entry_from_context(index: Any, page: Any) -> None:
        key = (
            hashlib.sha256(page.content.encode()).digest(), page.url, str(page.title), repr(page.meta),
            _toc_key(page.toc), repr(sorted(index.config.items())),
        )
        found = _search_cache.get(key)
        if found is None:
            before = len(index.entries)
            original(index, page)
            _search_cache.keep(key, copy.deepcopy(index.entries[before:]))
        else:
            # Material's search plugin only reads the entries once made (to write the index as JSON):
            # every site can hold the same ones.
            index.entries.extend(found)

    SearchIndex.add_entry_from_context = add_entry_from_context
    try:
        yield
    finally:
        SearchIndex.add_entry_from_context = original


def _converting(page: Any, config: Any, files: Any, original_render: Any) -> tuple[str, list[Any]]:
    """Convert a page as mkdocs does, and keep the table of contents' tokens to build it again."""
    tokens: list[Any] = []
    original_get_toc = mkdocs_pages.get_toc

    def keep_tokens(toc_tokens: list[Any]) -> Any:
        tokens.extend(copy.deepcopy(toc_tokens))
        return original_get_toc(toc_tokens)

    mkdocs_pages.get_toc = keep_tokens
    try:
        original_render(page, config, files)
    finally:
        mkdocs_pages.get_toc = original_get_toc
    return page.content, tokens
