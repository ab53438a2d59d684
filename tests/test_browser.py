"""The sample sites in a real browser: every page passes axe-core (WCAG 2.2 AA), asks nothing of a
third party, has a sensible outline, and works with a keyboard, without JavaScript, at 320 CSS pixels
wide and with text twice the size; and every page is valid HTML.

The three sample areas are built once, served on 127.0.0.1 from this process, and visited by one
Chromium (Debian's, never a downloaded one). Every built page is checked with axe, for its requests,
language, title, headings, links and images, without JavaScript, at 320 pixels wide and as HTML; the
keyboard, large text and axe in other conditions are tried on a home page, a timetable and a guide.
Each check looks at all its pages, then fails once, naming each page, rule and element.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from conftest import FIXTURES, ROOT
from playwright.sync_api import Browser, BrowserContext, Page, Request, Response, sync_playwright

from generator.build import build
from generator.languages import text_in
from generator.model import FINDER_FOLDERS
from generator.project import load_project
from generator.render import load_strings

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 11, 25)
CHROMIUM = "/usr/bin/chromium"
# No sandbox (CI runs as root), and no calls home to Google's update, sync and field-trial servers.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 800}
NARROWEST = 320  # WCAG 1.4.10 Reflow: content fits 320 CSS pixels without scrolling sideways.
SCREENS = {"desktop": DESKTOP, "320px": {"width": NARROWEST, "height": 640}}
VNU_JAR = ROOT / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_VNU = (
    "Install Java 17 and the Nu Html Checker, as CI does in .ci/run:\n"
    "  apt-get install default-jre-headless\n"
    "  npm install --prefix .cache/vnu --no-save --ignore-scripts vnu-jar@26.9.27\n"
    "(make test installs the checker, and says if Java or Chromium is missing)"
)
# Link text that means nothing out of context (WCAG 2.4.4), compared in lower case without punctuation.
VAGUE_LINK_TEXT = {"click here", "here", "click", "read more", "more", "this", "this page", "link", "go"}
# The kinds of page a claimant uses most, tried with a keyboard and with large text.
SAMPLE_KINDS = {"home": "index.html", "timetable": "timetable/index.html", "guide": "guides/"}
# Material's "Skip to content" link, in each language (its partials/languages/<language>.html).
SKIP_LINK = {"en": "Skip to content", "cy": "Neidio i'r cynnwys"}
# One kind from each area, and from Conwy's Welsh site (its pages are at conwy/cy/...).
SAMPLES = [("home", "wigan"), ("timetable", "conwy"), ("guide", "greenwich"), ("guide", "conwy/cy")]


@dataclass(frozen=True)
class SitePage:
    """One built HTML file: its path in the output folder, and its area (None for the list of areas)."""

    path: str
    area: str | None

    @property
    def url_path(self) -> str:
        return "/" + self.path.removesuffix("index.html")


@dataclass
class Site:
    folder: Path
    base: str  # http://127.0.0.1:PORT
    pages: list[SitePage]
    site_names: dict[str, str]  # area slug -> the site's name, as the generator writes it
    languages: dict[str, str]  # area slug -> the language its pages are in (its first language)
    other_names: dict[str, dict[str, str]]  # area slug -> its other languages -> the site's name in each

    def url(self, page: SitePage) -> str:
        return self.base + page.url_path

    def language(self, page: SitePage) -> str:
        """The language a page is in: its area's first, or another in the area's own folder (cy/)."""
        if page.area is None:  # the finder: English at the top, other languages in their folder (cy/)
            folder = page.path.split("/")[0]
            return folder if folder in FINDER_FOLDERS else "en"
        folder = page.path.split("/")[1] if page.path.count("/") > 1 else ""
        return folder if folder in self.other_names.get(page.area, {}) else self.languages[page.area]

    def site_name(self, page: SitePage) -> str:
        assert page.area is not None
        return self.other_names[page.area].get(self.language(page), self.site_names[page.area])

    def sample(self, area: str, kind: str) -> SitePage:
        wanted = SAMPLE_KINDS[kind]
        if wanted.endswith("/"):  # the first page in that folder other than its index
            found = sorted(
                page.path for page in self.pages
                if page.area == area.split("/")[0] and page.path.startswith(f"{area}/{wanted}")
                and page.path != f"{area}/{wanted}index.html"
            )
            return SitePage(found[0], area.split("/")[0])
        return SitePage(f"{area}/{wanted}", area.split("/")[0])


# --- Serving a folder, and the browser ------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1, on a free port, from a thread of this process."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def site_pages(folder: Path) -> list[SitePage]:
    """Every HTML file in the output, each with its area (the first folder in its path; None for the
    finder, at the top and in its language folders such as cy/)."""
    found = []
    for path in sorted(folder.rglob("*.html")):
        relative = path.relative_to(folder).as_posix()
        top = relative.split("/")[0] if "/" in relative else None
        found.append(SitePage(relative, None if top in FINDER_FOLDERS else top))
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    out = tmp_path_factory.mktemp("browser") / "site"
    build(ROOT, out, TODAY)
    project = load_project(ROOT, TODAY)
    languages = {slug: data.area.languages[0] for slug, data in project.areas.items()}
    names = {
        slug: load_strings(ROOT / "templates", languages[slug]).plain("site_name", area=data.area.name)
        for slug, data in project.areas.items()
    }
    other_names = {
        slug: {
            language: load_strings(ROOT / "templates", language).plain(
                "site_name", area=text_in(data.area.name, language)
            )
            for language in data.area.languages[1:]
        }
        for slug, data in project.areas.items()
    }
    with serve(out) as base:
        yield Site(out, base, site_pages(out), names, languages, other_names)


# Module scope, not session: Playwright's synchronous API allows one running instance per thread, and
# other test files start their own.
@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"The browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def browsing(chromium: Browser, **options: Any) -> Iterator[Page]:
    """One tab in a fresh context, reused for many pages."""
    context: BrowserContext = chromium.new_context(**options)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


# --- What a page is checked for ---------------------------------------------------------------------


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on the page in its current state, one line each
    for every element that fails: rule, impact, what it means, the element and how to fix it."""
    if page.evaluate("typeof axe") == "undefined":
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    found = []
    for violation in results["violations"]:
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"      at {' '.join(map(str, node['target']))}: {summary}"
            )
    return found


# Facts about a page read in one call: its language, title, headings, links, images and main content.
READ_PAGE = """() => {
  const shown = el => el.checkVisibility();
  const main = document.querySelector('.md-content') || document.querySelector('main');
  // The finder's search box is shown by its script: the rest of the content is compared.
  const search = main && main.querySelector('[role=search]');
  const searchHidden = search && search.hidden;
  if (search) search.hidden = true;
  const content = main ? main.innerText.trim() : '';
  if (search) search.hidden = searchHidden;
  return {
    lang: document.documentElement.getAttribute('lang') || '',
    title: document.title,
    headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(shown)
      .map(h => ({level: Number(h.tagName[1]), text: h.innerText.trim()})),
    links: [...document.querySelectorAll('a[href]')]
      .map(a => ({text: (a.getAttribute('aria-label') || a.innerText || '').trim(), html: a.outerHTML.slice(0, 120)})),
    imagesWithoutAlt: [...document.querySelectorAll('img:not([alt])')].map(img => img.outerHTML.slice(0, 120)),
    content,
  };
}"""


def outline_problems(headings: list[dict[str, Any]]) -> list[str]:
    """Exactly one h1, first; no level skipped on the way down (an h2 may follow an h4)."""
    problems = []
    h1s = [heading for heading in headings if heading["level"] == 1]
    if len(h1s) != 1:
        problems.append(f"has {len(h1s)} h1 headings, not one: {[h['text'] for h in h1s]}")
    if headings and headings[0]["level"] != 1:
        problems.append(f"starts with an h{headings[0]['level']} ({headings[0]['text']!r}), not an h1")
    for before, after in zip(headings, headings[1:], strict=False):
        if after["level"] > before["level"] + 1:
            problems.append(
                f"skips from h{before['level']} ({before['text']!r}) to h{after['level']} ({after['text']!r})"
            )
    return problems


def vague_links(links: list[dict[str, str]]) -> list[str]:
    return [
        link["html"] for link in links
        if " ".join(re.sub(r"[^\w\s]", " ", link["text"].lower()).split()) in VAGUE_LINK_TEXT
    ]


@dataclass
class Visit:
    """What one page did and showed, at desktop size with JavaScript on."""

    axe: list[str]
    requests: list[str]
    failed: list[str]
    facts: dict[str, Any] = field(default_factory=dict)


def is_local(url: str, base: str) -> bool:
    return url.startswith(base + "/") or urlsplit(url).scheme in ("data", "blob", "about")


# What Chromium says of a request it gave up because the page moved on (a navigation while the search
# worker was still loading): not a failure of the site, unlike a refused, missing or foreign request.
ABORTED = "net::ERR_ABORTED"


def visit(page: Page, url: str, base: str) -> Visit:
    """Load one page, recording every request it makes (documents, styles, scripts, the search index,
    workers), wait until the network is quiet (the search worker loads its index after the page's
    load event, later on a busy machine), and read it."""
    requests: list[str] = []
    failed: list[str] = []

    def on_request(request: Request) -> None:
        requests.append(request.url)

    def on_failed(request: Request) -> None:
        if request.failure == ABORTED and is_local(request.url, base):
            return  # cancelled by the browser, not refused: the request itself is still checked above
        failed.append(f"{request.url} ({request.failure})")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.url} (HTTP {response.status})")

    page.on("request", on_request)
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle", timeout=60_000)
        violations = axe_violations(page)
        facts = page.evaluate(READ_PAGE)
    finally:
        page.remove_listener("request", on_request)
        page.remove_listener("requestfailed", on_failed)
        page.remove_listener("response", on_response)
    return Visit(violations, requests, failed, facts)


@pytest.fixture(scope="module")
def visits(site: Site, chromium: Browser) -> dict[SitePage, Visit]:
    """Every page, visited once at desktop size; the checks below read from this."""
    with browsing(chromium, viewport=DESKTOP) as page:
        page.context.add_init_script(AXE_SCRIPT)  # loaded with each page: quicker than sending it after
        # Nothing leaves this machine, even where CI has the internet; the request is still recorded.
        page.route(lambda url: not is_local(url, site.base), lambda route: route.abort())
        return {site_page: visit(page, site.url(site_page), site.base) for site_page in site.pages}


def fail_if(problems: dict[str, list[str]], what: str) -> None:
    """Fail once, listing every page's problems, or pass if there are none."""
    problems = {page: found for page, found in problems.items() if found}
    if problems:
        lines = [f"{len(problems)} page(s) {what}:"]
        for page, found in problems.items():
            lines.append(f"  {page}")
            lines.extend(f"    - {problem}" for problem in found)
        pytest.fail("\n".join(lines), pytrace=False)


# --- Every page, at desktop size --------------------------------------------------------------------


def test_every_page_is_found(site: Site) -> None:
    areas = {page.area for page in site.pages}
    assert areas == {None, *site.site_names}
    for area in site.site_names:
        for kind in SAMPLE_KINDS:
            assert (site.folder / site.sample(area, kind).path).is_file()
    assert len(site.pages) > 90


def test_every_page_passes_axe(visits: dict[SitePage, Visit]) -> None:
    fail_if({page.path: found.axe for page, found in visits.items()}, "fail axe-core's WCAG 2.2 AA rules")


def test_every_request_goes_to_this_site(site: Site, visits: dict[SitePage, Visit]) -> None:
    fail_if(
        {
            page.path: [f"asked a third party for {url}" for url in found.requests if not is_local(url, site.base)]
            + [f"could not load {failure}" for failure in found.failed]
            for page, found in visits.items()
        },
        "ask for something outside the site, or something missing",
    )
    assert all(found.requests for found in visits.values())


def test_every_page_says_its_language(site: Site, visits: dict[SitePage, Visit]) -> None:
    problems = {}
    for page, found in visits.items():
        expected = site.language(page)
        problems[page.path] = [] if found.facts["lang"] == expected else [
            f"<html lang> is {found.facts['lang']!r}, not {expected!r}"
        ]
    fail_if(problems, "do not say the language they are in")


def test_titles_are_unique_in_each_area_and_name_the_site(
    site: Site, visits: dict[SitePage, Visit]
) -> None:
    problems: dict[str, list[str]] = {}
    seen: dict[tuple[str | None, str], str] = {}
    for page, found in visits.items():
        title = found.facts["title"]
        problems[page.path] = []
        if page.area and site.site_name(page) not in title:
            problems[page.path].append(f"title {title!r} does not name the site {site.site_name(page)!r}")
        if (page.area, title) in seen:
            problems[page.path].append(f"title {title!r} is also the title of {seen[page.area, title]}")
        seen.setdefault((page.area, title), page.path)
    fail_if(problems, "have a title that does not say which page of which site this is")


def test_headings_go_down_one_level_at_a_time_from_one_h1(visits: dict[SitePage, Visit]) -> None:
    fail_if(
        {page.path: outline_problems(found.facts["headings"]) for page, found in visits.items()},
        "have headings out of order",
    )


def test_no_link_says_click_here(visits: dict[SitePage, Visit]) -> None:
    fail_if(
        {page.path: [f"vague link text: {html}" for html in vague_links(found.facts["links"])]
         for page, found in visits.items()},
        "have links whose text means nothing on its own",
    )


def test_every_image_has_alt_text(visits: dict[SitePage, Visit]) -> None:
    fail_if(
        {page.path: [f"no alt: {html}" for html in found.facts["imagesWithoutAlt"]]
         for page, found in visits.items()},
        "have images without alt text",
    )


@pytest.mark.parametrize(("screen", "scripts"), [("desktop", False), ("320px", False), ("320px", True)],
                         ids=["desktop-no-javascript", "320px-no-javascript", "320px-javascript"])
@pytest.mark.parametrize(("kind", "area"), SAMPLES)
def test_sample_pages_pass_axe_on_a_small_screen_and_without_javascript(
    site: Site, chromium: Browser, kind: str, area: str, screen: str, scripts: bool
) -> None:
    """axe-core needs JavaScript in the page, so "without JavaScript" here blocks the site's own scripts:
    the page is as a reader without JavaScript sees it (Material's "no-js" styles)."""
    sample = site.sample(area, kind)
    with browsing(chromium, viewport=SCREENS[screen]) as page:
        if not scripts:
            page.route("**/*.js", lambda route: route.abort())
        page.goto(site.url(sample))
        assert page.evaluate("document.documentElement.classList.contains('no-js')") != scripts
        how = f"{screen}, {'with' if scripts else 'without'} JavaScript"
        fail_if({f"{sample.path} ({how})": axe_violations(page)}, "fail axe-core's WCAG 2.2 AA rules")


# --- Keyboard -----------------------------------------------------------------------------------------

# Mark every element that can take focus from the keyboard and is on show, and list them in page order.
MARK_FOCUSABLE = """() => {
  const found = [];
  document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]').forEach((el, n) => {
    el.dataset.jcFocus = String(n);
    const box = el.getBoundingClientRect();
    if (el.tabIndex < 0 || el.disabled || el.type === 'hidden') return;
    if (!el.checkVisibility({visibilityProperty: true}) || box.width === 0 || box.height === 0) return;
    found.push({id: String(n), html: el.outerHTML.replace(/\\s+/g, ' ').slice(0, 100)});
  });
  return found;
}"""

# Where focus is now, whether it can be seen (an outline or a shadow), whether it is on screen, and
# whether something covers it.
READ_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const transparent = c => c === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(c);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
    && !transparent(style.outlineColor);
  const shadow = style.boxShadow !== 'none';
  const box = el.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const onScreen = x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;
  const onTop = onScreen ? document.elementFromPoint(x, y) : null;
  const covered = onTop && !el.contains(onTop) && !onTop.contains(el);
  return {
    id: el.dataset.jcFocus || '', text: (el.innerText || el.getAttribute('aria-label') || '').trim(),
    html: el.outerHTML.replace(/\\s+/g, ' ').slice(0, 100), visible: outline || shadow, onScreen,
    style: `outline: ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}; box-shadow: ${style.boxShadow}`,
    coveredBy: covered ? onTop.outerHTML.replace(/\\s+/g, ' ').slice(0, 80) : '',
  };
}"""


def seen_well(focus: dict[str, Any]) -> bool:
    return focus["visible"] and focus["onScreen"] and not focus["coveredBy"]


def tab_through(page: Page) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """Press Tab from the top of the page until focus leaves the page or comes round again. Returns what
    should be reachable and what focus landed on, in order. Where focus cannot be seen at first, the
    page's scripts get half a second to react (Material opens the search box when it takes focus)."""
    expected = page.evaluate(MARK_FOCUSABLE)
    landed: list[dict[str, Any]] = []
    for _ in range(len(expected) + 20):
        page.keyboard.press("Tab")
        focus = page.evaluate(READ_FOCUS)
        for _ in range(10):
            if focus is None or seen_well(focus):
                break
            page.wait_for_timeout(50)
            focus = page.evaluate(READ_FOCUS)
        if focus is None or (landed and focus["id"] == landed[0]["id"]):
            break
        landed.append(focus)
    return expected, landed


# Where focus ends up is what counts, not where it is a moment into a slide or fade: no transitions.
NO_TRANSITIONS = "*, *::before, *::after { transition-duration: 0s !important; transition-delay: 0s !important; }"
ADD_STYLE = "css => document.head.append(Object.assign(document.createElement('style'), {textContent: css}))"


@pytest.mark.parametrize("scripts", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize(("kind", "area"), SAMPLES)
def test_keyboard_reaches_everything_and_shows_where_it_is(
    site: Site, chromium: Browser, kind: str, area: str, screen: str, scripts: bool
) -> None:
    sample = site.sample(area, kind)
    with browsing(chromium, viewport=SCREENS[screen], java_script_enabled=scripts) as page:
        page.goto(site.url(sample))
        page.evaluate(ADD_STYLE, NO_TRANSITIONS)
        expected, landed = tab_through(page)
    problems = []
    skip = SKIP_LINK[site.language(sample)]
    if not landed or landed[0]["text"] != skip:
        problems.append(f"the first Tab goes to {landed[0]['html'] if landed else 'nothing'}, not {skip!r}")
    reached = {focus["id"] for focus in landed}
    problems += [f"Tab never reaches {element['html']}" for element in expected if element["id"] not in reached]
    for focus in landed:
        if not focus["visible"]:
            problems.append(f"no visible focus on {focus['html']} ({focus['style']})")
        if not focus["onScreen"]:
            problems.append(f"focus on {focus['html']} is off the screen")
        if focus["coveredBy"]:
            problems.append(f"focus on {focus['html']} is hidden under {focus['coveredBy']}")
    how = f"{screen}, {'with' if scripts else 'without'} JavaScript"
    fail_if({f"{sample.path} ({how})": problems}, "cannot be used well with a keyboard")


def test_skip_link_moves_focus_to_the_content(site: Site, chromium: Browser) -> None:
    with browsing(chromium, viewport=DESKTOP) as page:
        page.goto(site.url(site.sample("wigan", "timetable")))
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#" + page.evaluate("document.querySelector('h1').id")


# --- Without JavaScript ------------------------------------------------------------------------------


NAV_LINKS = ".md-nav--primary a[href], body > main a[href]"  # Material's menu; the list of areas
# The menu's links: where each goes, and whether it is on show to click.
READ_NAV = """selector => [...document.querySelectorAll(selector)].map(a => ({
  href: a.href, shown: a.checkVisibility() && a.getBoundingClientRect().width > 0}))"""


def test_without_javascript_every_page_shows_its_content_and_navigation(
    site: Site, chromium: Browser, visits: dict[SitePage, Visit]
) -> None:
    problems: dict[str, list[str]] = {}
    built = {page.url_path for page in site.pages}
    with browsing(chromium, viewport=DESKTOP, java_script_enabled=False) as page:
        for number, site_page in enumerate(site.pages):
            page.goto(site.url(site_page))
            found = problems[site_page.path] = []
            if page.evaluate(READ_PAGE)["content"] != visits[site_page].facts["content"]:
                found.append("the main content is not the same as with JavaScript")
            links = page.evaluate(READ_NAV, NAV_LINKS)
            found += [f"navigation link to a missing page: {link['href']}" for link in links
                      if not is_local(link["href"], site.base) or urlsplit(link["href"]).path not in built]
            shown = [index for index, link in enumerate(links) if link["shown"]]
            if not shown:
                found.append("shows no navigation links")
                continue
            # Follow one link from each page (a different one each time), clicking as a reader would.
            target = shown[number % len(shown)]
            href = links[target]["href"].split("#")[0]
            page.locator(NAV_LINKS).nth(target).click()
            page.wait_for_load_state()
            if page.url.split("#")[0] != href or page.locator("h1").count() != 1:
                found.append(f"following the navigation link to {href} landed on {page.url}")
    fail_if(problems, "do not work without JavaScript")


def test_without_javascript_the_menu_opens_on_a_small_screen(site: Site, chromium: Browser) -> None:
    with browsing(chromium, viewport={"width": NARROWEST, "height": 640}, java_script_enabled=False) as page:
        page.goto(site.url(site.sample("wigan", "home")))
        page.locator(".md-header label[for='__drawer']").click()
        page.locator(".md-nav--primary a[href$='timetable/']").first.click()
        page.wait_for_load_state()
        assert page.url == site.base + "/wigan/timetable/"


# --- Small screens and large text ------------------------------------------------------------------

# What sticks out past the right edge of the window (a box, or a line of text wider than its box), outside
# any box that scrolls sideways; to say why a page is too wide.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let p = el; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
  const found = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node && found.size < 5; node = walker.nextNode()) {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (node.nodeType === Node.TEXT_NODE && !node.data.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = node.nodeType === Node.TEXT_NODE ? range.getBoundingClientRect() : node.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && el.checkVisibility({visibilityProperty: true})
        && !scrolls(el.parentElement)) found.add(el.outerHTML.replace(/\\s+/g, ' ').slice(0, 100));
  }
  return [...found];
}"""

# Text cut off sideways: a line of text on screen that runs past the edge of a box that hides what does
# not fit (Material's "..." ellipsis, or overflow: hidden), with no way to scroll to the rest.
CLIPPED = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node && found.length < 5; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.data.trim() || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const text = range.getBoundingClientRect();
    if (text.width === 0 || text.right <= 0 || text.left >= innerWidth || text.bottom <= 0) continue;
    for (let box = el; box && box !== document.documentElement; box = box.parentElement) {
      const overflow = getComputedStyle(box).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') break;
      if (overflow === 'visible') continue;
      const edge = box.getBoundingClientRect();
      if (text.right > edge.right + 1 || text.left < edge.left - 1) {
        found.push(`"${node.data.trim().slice(0, 50)}" in ${box.outerHTML.replace(/\\s+/g, ' ').slice(0, 80)}`);
        break;
      }
    }
  }
  return found;
}"""


def test_no_page_scrolls_sideways_at_320_pixels(site: Site, chromium: Browser) -> None:
    problems = {}
    with browsing(chromium, viewport={"width": NARROWEST, "height": 640}) as page:
        for site_page in site.pages:
            page.goto(site.url(site_page))
            width = page.evaluate("document.documentElement.scrollWidth")
            problems[site_page.path] = (
                [f"is {width}px wide; sticking out: {page.evaluate(OVERFLOWING)}"] if width > NARROWEST else []
            )
    fail_if(problems, f"scroll sideways at {NARROWEST} CSS pixels")


@pytest.mark.parametrize("kind", list(SAMPLE_KINDS))
def test_text_at_twice_the_size_is_not_cut_off(site: Site, chromium: Browser, kind: str) -> None:
    problems = {}
    with browsing(chromium, viewport=DESKTOP) as page:
        # The browser's own text size setting (WCAG 1.4.4), as a reader would set it: 16px becomes 32px.
        page.context.new_cdp_session(page).send(
            "Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}}
        )
        for area in site.site_names:
            sample = site.sample(area, kind)
            page.goto(site.url(sample))
            found = problems[sample.path] = []
            width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if width[0] > width[1]:
                found.append(f"is {width[0]}px wide in a {width[1]}px window: {page.evaluate(OVERFLOWING)}")
            found += [f"text cut off: {clipped}" for clipped in page.evaluate(CLIPPED)]
    fail_if(problems, "cut text off at 200% text size")


# --- The checks themselves -------------------------------------------------------------------------------


def test_the_checks_catch_a_page_that_breaks_the_rules(chromium: Browser) -> None:
    """A page with an image without alt text, no language, a skipped heading, a 'click here' link and a
    font from Google: each check must say so."""
    with serve(FIXTURES / "broken-page") as base, browsing(chromium, viewport=DESKTOP) as page:
        page.route(lambda url: not is_local(url, base), lambda route: route.abort())
        found = visit(page, base + "/index.html", base)
    rules = {line.split(" ")[0] for line in found.axe}
    assert {"image-alt", "html-has-lang"} <= rules, found.axe
    assert any("image-alt" in line and "img" in line for line in found.axe)
    assert {url for url in found.requests if not is_local(url, base)} == {
        "https://fonts.googleapis.com/css?family=Roboto"
    }
    assert found.facts["lang"] == ""
    assert found.facts["imagesWithoutAlt"] == ['<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">']
    assert outline_problems(found.facts["headings"]) == ["skips from h1 ('A broken page') to h3 ('Details')"]
    assert vague_links(found.facts["links"]) == ['<a href="index.html">Click here</a>']


# --- Valid HTML --------------------------------------------------------------------------------------------


def known_false_positive(message: dict[str, Any]) -> bool:
    """mkdocs-material puts autocomplete="off" on its two hidden checkboxes that open the menu (#__drawer)
    and the search (#__search), so that Firefox does not reopen them from its saved form state when a
    reader goes back. The HTML standard allows autocomplete only on text-like inputs: harmless here."""
    return message.get("message", "").startswith("Attribute “autocomplete” is only allowed") and bool(
        re.search(r'type="checkbox" id="__(drawer|search)" autocomplete="off"', message.get("extract", ""))
    )


def nu_html_checker() -> list[str]:
    """The command that runs vnu.jar; fails (never skips) if Java or the jar is missing."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail(f"Cannot check the HTML: {'java' if java is None else VNU_JAR} is missing.\n{INSTALL_VNU}",
                    pytrace=False)
    return [java, "-jar", str(VNU_JAR)]


def test_a_missing_html_checker_fails_and_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(globals(), "VNU_JAR", Path("/nowhere/vnu.jar"))
    with pytest.raises(pytest.fail.Exception, match="(?s)/nowhere/vnu.jar is missing.*npm install"):
        nu_html_checker()
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="(?s)java is missing.*apt-get install default-jre-headless"):
        nu_html_checker()


def test_every_page_is_valid_html(site: Site) -> None:
    result = subprocess.run(
        [*nu_html_checker(), "--errors-only", "--format", "json",
         *(str(site.folder / page.path) for page in site.pages)],
        capture_output=True, text=True, timeout=300,
    )
    try:
        messages = json.loads(result.stderr)["messages"]
    except ValueError:
        pytest.fail(f"The Nu Html Checker did not run:\n{result.stderr[-2000:]}\n{INSTALL_VNU}")
    problems: dict[str, list[str]] = {}
    for message in messages:
        if not known_false_positive(message):
            page = message.get("url", "").removeprefix(f"file:{site.folder}/")
            extract = " ".join(message.get("extract", "").split())
            problems.setdefault(page, []).append(
                f"line {message.get('lastLine')}: {message['message']} In: {extract}"
            )
    fail_if(problems, "are not valid HTML")
