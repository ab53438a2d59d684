"""Render an area's pages from Jinja2 templates into Markdown, ready for mkdocs.

Everything staff typed is escaped twice over: for HTML (autoescape) and for Markdown (a `finalize`
that backslash-escapes Markdown's special characters), so a name like `[x](javascript:...)` is shown
as typed and never becomes a link. Fields that allow Markdown go through Python-Markdown and nh3.
Links are only https, http, mailto or tel. Fixed text comes from templates/strings/<lang>.yml.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import posixpath
import re
import stat
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any
from urllib.parse import unquote as urlunquote
from urllib.parse import urlsplit, urlunsplit

import markdown
import nh3
import yaml
from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    pass_context,
)
from markupsafe import Markup, escape

from . import languages, runs, schedule
from .errors import BuildError
from .events import calendar_feed, feed_occurrences, structured_data
from .languages import InEnglish
from .load import load_yaml
from .model import HELP_TOPICS, Course, TimetableEntry
from .phrases import Phrasebook
from .project import AreaData, Project
from .publish import replace_file
from .variants import for_nation, in_language, resolve_texts

HOME_DAYS = 14
TIMETABLE_WEEKS = 8
COURSE_DAYS = 7 * 12

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
# A value that starts like a heading or a list item must not become one.
_LIKE_A_HEADING = re.compile(r"^(#|\+|-)")
_LIKE_A_NUMBERED_ITEM = re.compile(r"^(\d+)([.)])")
_SAFE_SCHEMES = ("https://", "http://", "mailto:", "tel:")


def markdown_escape(value: object) -> Markup:
    """Text that shows as typed in a Markdown page: no Markdown, no HTML."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, InEnglish):
        # English text in another language's site, not yet translated: marked so (WCAG 3.1.2).
        return Markup('<span lang="en">') + markdown_escape(str(value)) + Markup("</span>")
    if type(value) is str:  # most values (names, times, the strings' words), and many the same
        return _escaped_text(value)
    return _escaped(str(value))


def _escaped(text: str) -> Markup:
    text = " ".join(text.split())
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _LIKE_A_HEADING.sub(r"\\\1", text)
    text = _LIKE_A_NUMBERED_ITEM.sub(r"\1\\\2", text)
    return escape(text)


_escaped_text = functools.lru_cache(maxsize=8192)(_escaped)


def safe_url(value: str) -> Markup:
    """A link target, only if it is https, http, mailto or tel."""
    if not str(value).startswith(_SAFE_SCHEMES):
        raise BuildError(f'Refusing to link to "{value}": links must be https, http, mailto or tel.')
    return escape(value)


def tel_url(phone: str) -> Markup:
    return escape("tel:" + re.sub(r"[^\d+]", "", phone))


def markdown_link(text: str, target: str) -> Markup:
    """A Markdown link to another page of the site, its text escaped."""
    if not re.fullmatch(r"[a-z0-9./#-]+", target):
        raise BuildError(f'"{target}" cannot be used as a link inside the site.')
    return Markup(f"[{markdown_escape(text)}]({target})")


def markdown_strong(text: object) -> Markup:
    """Text in bold, escaped first: for a part of a sentence from the strings file."""
    return Markup(f"**{markdown_escape(text)}**")


def heading_anchor(slug: str) -> Markup:
    """`{#slug}` after a heading: a fixed id to link to (attr_list), whatever the heading's language."""
    if not re.fullmatch(r"[a-z0-9-]+", slug):
        raise BuildError(f'"{slug}" cannot be used as a heading id.')
    return Markup("{#" + slug + "}")


def mailto_url(email: str) -> Markup:
    return escape("mailto:" + email)


_ALLOWED_TAGS = {"p", "a", "strong", "em", "ul", "ol", "li", "br"}


def sanitised_markdown(text: str) -> Markup:
    """Markdown that staff typed, as clean HTML: a few tags, and links only to safe schemes."""
    html = markdown.markdown(text)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"https", "http", "mailto", "tel"},
        link_rel=None,
    )
    # Text not yet translated is marked as English in another language's site (WCAG 3.1.2).
    lang = f' lang="{text.lang}"' if isinstance(text, InEnglish) else ""
    # A raw HTML block: Python-Markdown passes it through untouched.
    return Markup(f'<div class="jc-text"{lang}>\n{clean}\n</div>')


@dataclass(frozen=True)
class Strings:
    """The fixed text of the site in one language (templates/strings/<language>.yml)."""

    language: str
    text: dict[str, Any]
    escape: Callable[[object], Markup] = markdown_escape

    def __call__(self, key: str, **values: object) -> str:
        found: Any = self.text
        if key in languages.CALENDAR_KEYS and key not in self.text:
            return languages.calendar_names(key, self.language)  # type: ignore[return-value]
        for part in key.split("."):
            if not isinstance(found, dict) or part not in found:
                raise BuildError(f'templates/strings/{self.language}.yml has no text for "{key}".')
            found = found[part]
        if not values:
            return found
        # The text is ours; the values may be staff's, so each is escaped before it goes in.
        return Markup(str(found)).format(**{name: self.escape(value) for name, value in values.items()})

    def plain(self, key: str, **values: object) -> str:
        """Text filled in without escaping, for places that escape it themselves (mkdocs.yml)."""
        return str(self(key)).format(**values)

    def clock(self, time: dt.time) -> str:
        """GOV.UK style: 10am, 2:30pm, midday. Other languages: 24-hour, from CLDR."""
        if self.language != languages.DEFAULT:
            return languages.clock(time, self.language)
        if time == dt.time(12, 0):
            return self("midday")
        if time == dt.time(0, 0):
            return self("midnight")
        hour = time.hour % 12 or 12
        minutes = f":{time.minute:02d}" if time.minute else ""
        return f"{hour}{minutes}{self('am') if time.hour < 12 else self('pm')}"

    def long_date(self, date: dt.date, with_year: bool = False) -> str:
        """Tuesday 8 September, or Tuesday 8 September 2026."""
        if self.language != languages.DEFAULT:
            return languages.long_date(date, self.language, with_year)
        text = f"{self('days')[date.weekday()]} {date.day} {self('months')[date.month - 1]}"
        return f"{text} {date.year}" if with_year else text

    def short_date(self, date: dt.date) -> str:
        """Tue 8 Dec: for lists of dates on posters."""
        if self.language != languages.DEFAULT:
            return languages.short_date(date, self.language)
        return f"{self('short_days')[date.weekday()]} {date.day} {self('short_months')[date.month - 1]}"

    def month_year(self, date: dt.date) -> str:
        if self.language != languages.DEFAULT:
            return languages.month_year(date, self.language)
        return f"{self('months')[date.month - 1]} {date.year}"

    def duration(self, minutes: int) -> str:
        hours, rest = divmod(minutes, 60)
        if not hours:
            return self("minutes", minutes=minutes)
        if rest:
            if hours == 1:
                return self("one_hour_and_minutes", minutes=rest)
            return self("hours_and_minutes", hours=hours, minutes=rest)
        return self("one_hour") if hours == 1 else self("hours", hours=hours)


def for_nation_strings(strings: Strings, project: Project, nation: str) -> Strings:
    """The fixed text with each [[role]] filled in with the nation's service (see variants.py)."""
    services = in_language(project.services.for_nation(nation), strings.language)
    return dataclasses.replace(strings, text=resolve_texts(strings.text, nation, services))


def load_strings(
    templates: Path, language: str, escape: Callable[[object], Markup] = markdown_escape
) -> Strings:
    return Strings(language, load_yaml(templates / "strings" / f"{language}.yml").data, escape)


# --- Session blocks converted to HTML once, not on every page and every week they appear ----------

# A session's block (its time, what it is, where, how to come) is Markdown inside HTML (`md_in_html`),
# the slowest Markdown there is, and the same block is on the home page, the timetable, the course's
# and the venue's pages, week after week. The kit converts each distinct block once, with the site's
# Markdown extensions, and makes its links as mkdocs makes them (relative to the page, to the page's
# folder with use_directory_urls) and checks them as mkdocs does (a link to no page of the site stops
# the build). The page's Markdown holds a mark in its place (a paragraph of its own, which Markdown
# leaves as it is), and our mkdocs hook puts the block's HTML there (`expand_blocks`), before the
# page is sanitised. tests/test_sites.py builds a site both ways and compares every file.

BLOCKS_CONVERTED_ONCE = True  # False: blocks are left to mkdocs (the benchmark's naive way, and a test)
_BLOCK_CACHE_SIZE = 4096
_block_cache: dict[tuple[int, str], str] = {}
_HREF = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")')
# An HTML comment: staff text cannot make one (it is escaped), and only the kit's own pages are looked
# at (mkdocs_hooks.on_page_content).
# The newline: Markdown leaves a blank line after the comment, a block of its own, that the block's HTML
# converted in its page would not have had.
_BLOCK_MARK = re.compile(r"<!--jobclub-block:([0-9a-f]{32})-->\n?")
# The HTML of each mark in the pages being built, by its mark (render_area starts it afresh).
_blocks: dict[str, str] = {}


@pass_context
def converted_block(context: Any, block: str) -> Markup:
    """A mark for the HTML of a block of Markdown inside HTML, in the page `here` of the context."""
    if not BLOCKS_CONVERTED_ONCE:
        return Markup(block)
    converter = context.environment.block_markdown
    key = (id(converter), str(block))
    html = _block_cache.get(key)
    if html is None:
        converter.reset()
        html = converter.convert(str(block))
        if len(_block_cache) >= _BLOCK_CACHE_SIZE:
            _block_cache.clear()
        _block_cache[key] = html
    here, made = context["here"], context["block_links"]
    html = _HREF.sub(lambda found: found[1] + _page_link(here, found[2], made) + found[3], html)
    mark = hashlib.sha256(html.encode()).hexdigest()[:32]
    context["block_html"][mark] = _blocks[mark] = html
    return Markup(f"<!--jobclub-block:{mark}-->\n")  # a block of its own, even when blocks follow


def expand_blocks(html: str) -> str:
    """A page's HTML with each block's mark replaced by the block (mkdocs_hooks.on_page_content)."""
    if "<!--jobclub-block:" not in html:
        return html

    def block(found: re.Match[str]) -> str:
        if found[1] not in _blocks:  # not made by this build: a mistake in the kit
            raise BuildError("A page holds a session block the kit did not make. Delete the folder "
                             ".jobclub-work and build again; if it happens again, please report it.")
        return _blocks[found[1]]

    return _BLOCK_MARK.sub(block, html)


def _page_link(here: str, href: str, made: list[tuple[str, str]]) -> str:
    """A link as mkdocs writes it in the page `here` (mkdocs.structure.pages, path_to_url): a link to
    another file of the site, relative to the page's own folder."""
    scheme, netloc, path, query, anchor = urlsplit(href)
    if scheme or netloc or not path or path.startswith("/"):
        return href
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), urlunquote(path))).lstrip("/")
    made.append((here, target))
    return urlunsplit(("", "", _relative_url(target, here), query, anchor))


@functools.cache
def _relative_url(target: str, here: str) -> str:
    """The address of the page or file `target` (a source path) from the page `here`, as mkdocs makes
    it with directory URLs. mkdocs is imported on use: `jobclub check` does not load it."""
    from mkdocs.structure.files import File
    from mkdocs.utils import get_relative_url

    def url(source: str) -> str:
        return File(source, src_dir=None, dest_dir="", use_directory_urls=True).url

    return get_relative_url(url(target), url(here))


def _block_converter(root: Path) -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs gives the site's pages: its built-in ones, then those
    of the base mkdocs.yml, with their settings."""
    settings = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    configured = settings.get("markdown_extensions") or {}
    if isinstance(configured, list):  # written as a list: names, or one-entry mappings
        configured = {
            name: options for entry in configured
            for name, options in (entry.items() if isinstance(entry, dict) else [(entry, {})])
        }
    names = list(dict.fromkeys(["toc", "tables", "fenced_code", *configured]))
    return markdown.Markdown(
        extensions=names, extension_configs={name: configured[name] or {} for name in configured}
    )


def check_block_links(made: list[tuple[str, str]], pages: Iterable[str], files: Iterable[str]) -> None:
    """Every link a converted block made goes to a page or file of the site (mkdocs would warn, and
    stop a strict build)."""
    known = {*pages, *files}
    for here, target in made:
        if target not in known:
            raise BuildError(
                f"The page {here} links to {target}, which is not in the site (a mistake in the kit's "
                "templates: please report it)."
            )


def make_environment(templates: Path) -> Environment:
    """The Jinja environment for Markdown pages, shared by every area."""
    environment = Environment(
        loader=FileSystemLoader(templates / "pages"),
        autoescape=True,
        finalize=markdown_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals.update(
        anchor=heading_anchor,
        link=markdown_link,
        strong=markdown_strong,
        in_english=lambda value: isinstance(value, InEnglish),
    )
    environment.filters.update(
        markdown=sanitised_markdown, url=safe_url, tel=tel_url, mailto=mailto_url, converted=converted_block
    )
    environment.block_markdown = _block_converter(templates.parent)  # type: ignore[attr-defined]
    return environment


@dataclass(frozen=True)
class Download:
    """A file people can download from the site (a pack or poster), with what a link says of it."""

    data: bytes
    pages: int

    def describe(self, t: Strings) -> str:
        """(PDF, 2 pages, 16 KB)"""
        kilobytes = max(1, round(len(self.data) / 1024))
        size = f"{kilobytes} KB" if kilobytes < 1024 else f"{kilobytes / 1024:.1f} MB"
        key = "pdf_size" if self.pages == 1 else "pdf_size_pages"
        return t.plain(key, pages=self.pages, size=size)


def with_title(
    markdown_text: str, title: str | None, searchable: bool = True, template: bool = False
) -> str:
    """Front matter giving the page's title. mkdocs would take it from the first heading with its
    escaping undone, and the theme prints it into <title> as it is: here it stays escaped.

    Pages that are lists of dates (the home page, the timetable) are left out of the search index:
    people reach them from the menu, and leaving them out keeps the first visit under 100 KB. A
    `template` page (rendered from the kit's own templates) keeps the events JSON-LD the kit writes
    into it when its HTML is sanitised (mkdocs_hooks.py)."""
    lines = [f"title: {json.dumps(str(escape(title)))}"] if title is not None else []
    if template:
        lines.append("jobclub_template: true")
    if not searchable:
        lines.append("search:\n  exclude: true")
    if not lines:
        return markdown_text
    return "---\n" + "\n".join(lines) + "\n---\n\n" + markdown_text


@dataclass(frozen=True)
class AreaPages:
    """An area's rendered Markdown pages, by path inside docs/, and its navigation."""

    pages: dict[str, str]
    files: dict[str, bytes]
    nav: list[Any]
    site_name: str
    language: str
    # The languages the area is built in (the first at the area's address) and where it is published.
    languages: tuple[str, ...] = ("en",)
    site_url: str | None = None


def render_area(
    project: Project,
    area: AreaData,
    today: dt.date,
    environment: Environment,
    strings: Strings,
    downloads: dict[str, Download] | None = None,
    remembered: Path | None = None,
    key: str = "",
    feeds_from: Path | None = None,
) -> AreaPages:
    """Every page of one area's site, as Markdown, with its feeds and downloads (packs, posters),
    by their path inside the site.

    The area's own pages (all but the guides and the pages every area shares) are made from a copy
    of the project that has only the titles of those, never their text; with `remembered` (a file)
    and `key` (a fingerprint of what they are made from: inputs.own_pages_fingerprint and the
    downloads), they are kept in that file, and taken from it while the key is the same. So after a
    guide changed, only the pages that hold its text are made again.

    With `feeds_from` (the site as published), the calendar feeds are the published ones, not made
    again (unless one is missing): for the preview's build of the site being viewed, which shows its
    pages first; the whole build that follows makes the feeds, and keeps them with the pages."""
    downloads = downloads or {}
    project = for_nation(project, area.area.nation)
    strings = for_nation_strings(strings, project, area.area.nation)
    t = strings
    key = f"{key}\0{BLOCKS_CONVERTED_ONCE}"
    own = _read_own(remembered, key) if remembered is not None else None
    with schedule.occurrences_remembered():
        if own is None:
            pages, nav, blocks = _own_pages(
                _titles_only(project), area, today, environment, strings, downloads
            )
            made: dict[str, bytes] | None = None
        else:
            pages, made, nav, blocks = own
        feeds = made
        if feeds is None and feeds_from is not None:
            feeds = _published_feeds(feeds_from, _courses_in_use(project, area))
        if feeds is None:
            feeds = made = _own_feeds(project, area, today, strings)
    if remembered is not None and (own is None or own[1] is None and made is not None):
        _remember_own(remembered, key, (pages, made, nav, blocks))
    _blocks.clear()
    _blocks.update(blocks)
    # The pages with the text of content/: each guide, a course's guides on one page to print, and
    # the pages every area shares.
    courses = _courses_in_use(project, area)
    for slug, course in courses.items():
        if course.guides:
            pages[f"courses/{slug}-guides.md"] = with_title(
                _guides_on_one_page(course, [project.guides[guide] for guide in course.guides], t),
                t.plain("print_guides_title", course=course.title),
                searchable=False,  # the same guides are in the index already, one page each
            )
    guides = {slug: project.guides[slug] for course in courses.values() for slug in course.guides}
    for slug, guide in guides.items():
        pages[f"guides/{slug}.md"] = with_title(guide.markdown, guide.title)
    for slug, shared in project.pages.items():
        pages[f"{slug}.md"] = with_title(shared.markdown, shared.title)
    return AreaPages(
        pages,
        {path: download.data for path, download in downloads.items()} | feeds,
        nav,
        t.plain("site_name", area=area.area.name),
        strings.language,
        tuple(area.area.languages),
        str(area.area.site_url) if area.area.site_url else None,
    )


# Pages, feeds (None: not made yet), the menu, and the HTML of the session blocks the pages hold (by
# their marks).
_OwnPages = tuple[dict[str, str], dict[str, bytes] | None, list[Any], dict[str, str]]


def _titles_only(project: Project) -> Project:
    """The project with the guides and shared pages reduced to their titles: what an area's own pages
    may show of them."""

    def title(page: Any) -> Any:
        return dataclasses.replace(page, markdown="", nations={})

    return dataclasses.replace(
        project,
        guides={slug: title(guide) for slug, guide in project.guides.items()},
        pages={slug: title(shared) for slug, shared in project.pages.items()},
        translations={key: title(page) for key, page in project.translations.items()},
    )


def _read_own(path: Path, key: str) -> _OwnPages | None:
    """The area's own pages as kept by the last build, if they were made from the same inputs and the
    file is whole. Anything wrong with it only means they are made again."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept["key"] != key:
            return None
        pages, files, nav, blocks = kept["pages"], kept["files"], kept["nav"], kept["blocks"]
        parts = (pages, blocks) if files is None else (pages, files, blocks)
        texts = all(isinstance(value, str) for part in parts for value in part.values())
        paths = all(inside_site(name) for part in parts[:-1] for name in part)
        if not (texts and paths and isinstance(nav, list) and all(_BLOCK_KEY.fullmatch(k) for k in blocks)):
            return None
        feeds = None if files is None else {name: base64.b64decode(data) for name, data in files.items()}
        return dict(pages), feeds, nav, dict(blocks)
    except Exception:  # unreadable, not JSON, wrong shape, nested too deep
        return None


_BLOCK_KEY = re.compile(r"[0-9a-f]{32}")


def inside_site(path: str) -> bool:
    """A path inside a site's folder: relative, no '..', no backslash or NUL."""
    parts = path.split("/")
    return bool(path) and not path.startswith("/") and ".." not in parts and not set(path) & {"\\", "\0"}


def _remember_own(path: Path, key: str, own: _OwnPages) -> None:
    pages, files, nav, blocks = own
    kept = {
        "key": key,
        "pages": pages,
        "files": None if files is None else {
            name: base64.b64encode(data).decode() for name, data in files.items()
        },
        "nav": nav,
        "blocks": blocks,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, json.dumps(kept, ensure_ascii=False).encode("utf-8"))


def _own_pages(
    project: Project,
    area: AreaData,
    today: dt.date,
    environment: Environment,
    strings: Strings,
    downloads: dict[str, Download],
) -> tuple[dict[str, str], list[Any], dict[str, str]]:
    """The area's own pages, the site's menu, and the HTML of the session blocks the pages hold.
    `project` has the guides' and shared pages' titles, not their text (_titles_only)."""
    t = strings
    nation = area.area.nation
    courses = _courses_in_use(project, area)
    guides = {slug: project.guides[slug] for course in courses.values() for slug in course.guides}
    common = {
        "t": t,
        "area": area.area,
        "venues": area.venues,
        "partners": area.partners,
        "courses": courses,
        "help_topics": HELP_TOPICS,
        "downloads": downloads,
        "course_part": lambda found: runs.course_part(found, project.courses[found.entry.course]),
        "phrases": Phrasebook(t, area.venues, today),
        "block_links": [],  # the links the converted session blocks made, checked at the end
        "block_html": {},  # the converted session blocks, by their marks
        # Venue closures within the timetable's weeks: a notice on the home page and the timetable.
        "closures": schedule.upcoming_closures(area.venues, today, TIMETABLE_WEEKS * 7),
        # Courses whose packs the build made.
        "packed": {
            path.split("/")[1].removesuffix("-learner.pdf")
            for path in downloads
            if path.startswith("packs/") and path.endswith("-learner.pdf")
        },
    }

    def page(
        here: str, template: str, root: str, title: str | None, searchable: bool = True, **values: Any
    ) -> str:
        # A template can have a translation beside it: accessibility.cy.md.
        name, _, suffix = template.rpartition(".")
        found = environment.get_or_select_template([f"{name}.{strings.language}.{suffix}", template])
        text = found.render(**common, root=Markup(root), here=here, **values)
        return with_title(text, title, searchable, template=True)

    def upcoming(entries: list[TimetableEntry], days: int) -> list[schedule.Occurrence]:
        return schedule.upcoming(entries, nation, today, days, area.venues)

    def _next_start(entry: TimetableEntry, course: Course) -> schedule.Occurrence | None:
        return runs.next_course_starts(schedule.occurrences(entry, nation, area.venues), course, today)

    def events(found: list[schedule.Occurrence]) -> Markup:
        return structured_data(found, area, project.courses, t)

    pages: dict[str, str] = {}
    soon = upcoming(area.sessions, HOME_DAYS)
    # The home page's title is the site's name, which mkdocs.yml carries.
    pages["index.md"] = page(
        "index.md",
        "home.md", "", None, False, by_day=_by_day(soon), topics=area.help_by_need(), events=events(soon)
    )
    shown = upcoming(area.sessions, TIMETABLE_WEEKS * 7)
    pages["timetable.md"] = page(
        "timetable.md",
        "timetable.md",
        "",
        t("timetable"),
        False,
        weeks=_by_week(shown, today),
        weeks_shown=TIMETABLE_WEEKS,
        events=events(shown),
    )
    pages["courses/index.md"] = page("courses/index.md", "courses.md", "../", t("courses"))
    for slug, course in courses.items():
        entries = [entry for entry in area.sessions if entry.course == slug]
        found = upcoming(entries, COURSE_DAYS)
        pages[f"courses/{slug}.md"] = page(
            f"courses/{slug}.md",
            "course.md",
            "../",
            course.title,
            course=course,
            guides=[project.guides[guide] for guide in course.guides],
            by_day=_by_day(found),
            today=today,
            runs=[
                (entry, _next_start(entry, course))
                for entry in entries
                if entry.runs_as
            ],
            events=events(found),
        )
    pages["guides/index.md"] = page(
        "guides/index.md", "guides.md", "../", t("guides"), guides=list(guides.values())
    )
    pages["help/index.md"] = page(
        "help/index.md", "partners.md", "../", t("partners"), topics=area.help_by_need()
    )
    for partner in area.partners.values():
        pages[f"help/{partner.id}.md"] = page(
            f"help/{partner.id}.md", "partner.md", "../", partner.name, partner=partner
        )
    pages["venues/index.md"] = page("venues/index.md", "venues.md", "../", t("venues"))
    for venue in area.venues.values():
        # Its sessions, sessions moved here, and its own sessions moved elsewhere for a week: someone
        # who comes here that day must read where it is instead.
        here = [o for o in upcoming(area.sessions, COURSE_DAYS) if venue.id in (o.venue, o.entry.venue)]
        pages[f"venues/{venue.id}.md"] = page(
            f"venues/{venue.id}.md",
            "venue.md",
            "../",
            venue.name,
            venue=venue,
            by_day=_by_day(here),
            events=events(here),
            # Every closure not yet over, however far ahead: people plan visits to a place.
            venue_closures=[c for c in venue.closed if (c.until or c.starts_on) >= today],
        )
    # In the menu on every page; left out of search to keep the first visit under 100 KB.
    pages["accessibility.md"] = page(
        "accessibility.md", "accessibility.md", "", t("accessibility_statement"), False
    )
    nav = [
        {t("home"): "index.md"},
        {t("timetable"): "timetable.md"},
        {t("courses"): ["courses/index.md", *[f"courses/{slug}.md" for slug in courses]]},
        {t("guides"): ["guides/index.md", *[f"guides/{slug}.md" for slug in guides]]},
        {t("partners"): "help/index.md"},
        {t("venues"): ["venues/index.md", *[f"venues/{venue}.md" for venue in area.venues]]},
        # The theme prints a menu title as it is: escape it here, once.
        *[{str(escape(page.title)): f"{slug}.md"} for slug, page in project.pages.items()],
        {t("accessibility_statement"): "accessibility.md"},
    ]
    content = [f"guides/{slug}.md" for slug in guides] + [f"{slug}.md" for slug in project.pages]
    content += [f"courses/{slug}-guides.md" for slug, course in courses.items() if course.guides]
    feeds = ["calendar.ics", *[f"courses/{slug}.ics" for slug in courses]]  # made by _own_feeds
    check_block_links(common["block_links"], [*pages, *content], [*feeds, *downloads])
    # The menu as plain text, as when read from the file.
    return pages, json.loads(json.dumps(nav)), common["block_html"]


def _own_feeds(project: Project, area: AreaData, today: dt.date, strings: Strings) -> dict[str, bytes]:
    """The area's calendar feed and each of its courses' feeds, by their path inside the site."""
    t = strings
    serialised: dict[str, bytes] = {}  # events shared by the area's feed and its courses' feeds
    words = Phrasebook(t, area.venues, today, plain=True)
    files = {
        "calendar.ics": calendar_feed(
            t.plain("site_name", area=area.area.name),
            area, feed_occurrences(area, today), project.courses, today, serialised, words=words,
        )
    }
    for slug, course in _courses_in_use(project, area).items():
        files[f"courses/{slug}.ics"] = calendar_feed(
            t.plain("course_feed_name", course=course.title, area=area.area.name),
            area, feed_occurrences(area, today, slug), project.courses, today, serialised, words=words,
        )
    return files


def _published_feeds(site: Path, courses: dict[str, Course]) -> dict[str, bytes] | None:
    """The calendar feeds of the site as published (files of its own, not links), or None if one of
    them is not there (a new course's): then they are made."""
    feeds: dict[str, bytes] = {}
    for path in ["calendar.ics", *[f"courses/{slug}.ics" for slug in courses]]:
        try:
            status = (site / path).lstat()
            if not stat.S_ISREG(status.st_mode):
                return None
            feeds[path] = (site / path).read_bytes()
        except OSError:
            return None
    return feeds


def _guides_on_one_page(course: Course, guides: list[Any], t: Strings) -> str:
    """A course's guides on one page to print (GOV.UK's "print entire guide"): each guide's headings
    one level down, under the page's own title."""
    parts = [
        f"# {markdown_escape(t.plain('print_guides_title', course=course.title))}",
        "",
        str(markdown_escape(t("print_guides_intro"))),
        "",
    ]
    for guide in guides:
        parts += [re.sub(r"^(#+) ", r"#\1 ", guide.markdown, flags=re.MULTILINE), ""]
    return "\n".join(parts)


def _courses_in_use(project: Project, area: AreaData) -> dict[str, Course]:
    """The area's courses, in the order of their first session in its timetable."""
    slugs = dict.fromkeys(entry.course for entry in area.sessions)
    return {slug: project.courses[slug] for slug in slugs}


def _by_day(occurrences: list[schedule.Occurrence]) -> list[tuple[dt.date, list[Any]]]:
    return [(day, list(group)) for day, group in groupby(occurrences, key=lambda o: o.date)]


def _by_week(occurrences: list[schedule.Occurrence], today: dt.date) -> list[Any]:
    monday = today - dt.timedelta(days=today.weekday())
    weeks = []
    for week in range(TIMETABLE_WEEKS):
        start = monday + dt.timedelta(weeks=week)
        inside = [o for o in occurrences if start <= o.date < start + dt.timedelta(weeks=1)]
        weeks.append((start, _by_day(inside)))
    return weeks


def template_position(error: TemplateError) -> str:
    """Where in which template a Jinja error happened, from its (rewritten) traceback."""
    if isinstance(error, TemplateSyntaxError):
        return f"{error.filename or error.name}:{error.lineno}"
    found = "a template"
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith((".md", ".html")):
            found = f"{frame.filename}:{frame.lineno}"
    return found
