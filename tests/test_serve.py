"""`jobclub serve`: a preview that rebuilds when a file changes, and shows mistakes on the page."""

from __future__ import annotations

import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import copy_of_samples

from generator.serve import PREVIEW_FOLDER, VERSION_PATH, changed_files, decorate, snapshot

TIMETABLE = "site_data/testshire/timetable.yml"
WAIT_SECONDS = 30  # a rebuild takes about a second; slow machines get room


class Server:
    """`jobclub serve` running in its own process, with everything it prints."""

    def __init__(self, project: Path, *arguments: str) -> None:
        self.project = project
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", *arguments],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for_output(self, pattern: str) -> re.Match[str]:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            for line in self.output:
                if found := re.search(pattern, line):
                    return found
            try:
                self.output.append(self.lines.get(timeout=0.2))
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    break
        raise AssertionError(f"jobclub serve never printed {pattern!r}:\n{''.join(self.output)}")

    def printed(self) -> str:
        while not self.lines.empty():
            self.output.append(self.lines.get())
        return "".join(self.output)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def serving(project: Path) -> Iterator[tuple[Server, str]]:
    server = Server(project, "--area", "testshire", "--port", "0", "--today", "2026-11-25")
    try:
        url = server.wait_for_output(r"(http://127\.0\.0\.1:\d+)/testshire/")[1]
        yield server, url
    finally:
        server.stop()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def eventually(url: str, condition: Callable[[str], bool]) -> str:
    """The page at `url`, once `condition` holds for it (the preview rebuilds in the background)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        page = fetch(url)[1]
        if condition(page) or time.monotonic() > deadline:
            return page
        time.sleep(0.2)


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text()
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1))


def test_preview_rebuilds_on_a_change_and_shows_mistakes_over_the_last_good_page(
    project: Path, serving: tuple[Server, str]
) -> None:
    server, url = serving
    status, home = fetch(f"{url}/testshire/")
    assert status == 200 and "<strong>Testshire</strong> job club" in home
    assert 'id="jobclub-live-reload"' in home and VERSION_PATH in home
    version = fetch(url + VERSION_PATH)[1]

    edit(project, "site_data/testshire/area.yml", "Welcome to the **Testshire** job club.",
         "Hello from the changed file.")
    home = eventually(f"{url}/testshire/", lambda page: "Hello from the changed file." in page)
    assert "Hello from the changed file." in home
    # The version changes just after the new files are in place: open pages then reload.
    assert int(eventually(url + VERSION_PATH, lambda now: int(now) > int(version))) > int(version)

    # A mistake: the error, escaped, at the top of the page; the last good page still below it.
    edit(project, TIMETABLE, "start: 10:00", "start: <b>10.30")
    home = eventually(f"{url}/testshire/", lambda page: "jobclub-preview-problems" in page)
    assert (
        "site_data/testshire/timetable.yml:6:12: sessions[0].start: &#34;&lt;b&gt;10.30&#34; is not a time.\n"
        "  Write times as 24-hour HH:MM, for example 10:30 or 14:00." in home
    )
    assert "<b>10.30" not in home
    assert "Hello from the changed file." in home
    assert fetch(f"{url}/testshire/timetable/")[0] == 200
    server.wait_for_output(r'timetable\.yml:6:12: sessions\[0\]\.start: "<b>10\.30" is not a time\.')

    # Fixed: the problems go away by themselves.
    edit(project, TIMETABLE, "start: <b>10.30", "start: 11:00")
    home = eventually(f"{url}/testshire/", lambda page: "jobclub-preview-problems" not in page)
    assert "jobclub-preview-problems" not in home and "11am to midday" in home

    # The reload script is added as pages are sent: the files built for the preview do not have it,
    # and nothing was written to site/.
    built = project / PREVIEW_FOLDER / "testshire" / "index.html"
    assert "11am to midday" in built.read_text() and "__jobclub" not in built.read_text()
    assert not (project / "site").exists()
    assert "Traceback" not in server.printed()


def test_the_site_root_goes_to_the_area_and_other_files_are_served(serving: tuple[Server, str]) -> None:
    _, url = serving
    with urllib.request.urlopen(url + "/", timeout=10) as response:
        assert response.url == f"{url}/testshire/"
    status, css = fetch(f"{url}/testshire/assets/jobclub.css")
    assert status == 200 and "__jobclub" not in css
    status, missing = fetch(f"{url}/testshire/no-such-page/")
    assert status == 404 and 'id="jobclub-live-reload"' in missing


def test_only_files_named_by_their_content_are_kept_by_the_browser(serving: tuple[Server, str]) -> None:
    """Material's stylesheets and scripts (named by a digest of what is in them) may be kept, so that
    a reloaded page shows sooner, but the browser asks each time whether they changed (a theme
    override can change one under the same name); pages, the kit's own stylesheet, the search index,
    a missing file and the reload answer are always fetched again, so the preview never shows an old
    build."""
    _, url = serving

    def kept(path: str) -> str:
        request = urllib.request.Request(f"{url}/testshire/{path}", method="HEAD")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return str(response.headers["Cache-Control"])
        except urllib.error.HTTPError as error:
            return str(error.headers["Cache-Control"])

    page = fetch(f"{url}/testshire/")[1]
    material = re.findall(r'(?:href|src)="(assets/(?:stylesheets|javascripts)/[^"]+)"', page)
    assert len(material) >= 2
    assert {kept(path) for path in material} == {"no-cache"}
    # Asked whether one changed, the preview says not (and that it may still be kept).
    with urllib.request.urlopen(f"{url}/testshire/{material[0]}", timeout=10) as response:
        written = response.headers["Last-Modified"]
    asked = urllib.request.Request(f"{url}/testshire/{material[0]}", headers={"If-Modified-Since": written})
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(asked, timeout=10)
    assert answer.value.code == 304 and answer.value.headers["Cache-Control"] == "no-cache"
    always = ["", "assets/jobclub.css", "search/search_index.json", "assets/javascripts/bundle.0123abcd.min.js"]
    assert {kept(path) for path in always} == {"no-store"}
    with urllib.request.urlopen(f"{url}/__jobclub/version", timeout=10) as response:
        assert response.headers["Cache-Control"] == "no-store"


def test_a_first_build_that_fails_shows_the_problems_and_recovers(project: Path) -> None:
    edit(project, TIMETABLE, "venue: town-library", "venue: town-libary")
    server = Server(project, "--area", "testshire", "--port", "0", "--today", "2026-11-25")
    try:
        url = server.wait_for_output(r"(http://127\.0\.0\.1:\d+)/testshire/")[1]
        status, page = fetch(f"{url}/testshire/")
        assert status == 503
        assert "timetable.yml:3:12: sessions[0].venue: There is no venue &#34;town-libary&#34;." in page
        assert 'Did you mean &#34;town-library&#34;?' in page
        edit(project, TIMETABLE, "venue: town-libary", "venue: town-library")
        page = eventually(f"{url}/testshire/", lambda page: "Testshire" in page and "problems" not in page)
        assert "<strong>Testshire</strong> job club" in page
    finally:
        server.stop()


def test_an_unknown_area_is_a_message(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "serve", "--area", "testshir"],
                            cwd=project, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (
        1, 'Error: There is no area "testshir" in site_data. Did you mean "testshire"?\n'
    )


def test_a_port_in_use_is_a_message(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "generator", "serve", "--port", str(port)],
                                cwd=project, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (
        1, f"Error: Port {port} is already in use (is another preview running?). "
           f"Try another one, for example: jobclub serve --port {port + 1}\n"
    )


def test_decorate_escapes_problems_and_adds_the_script_before_the_end_of_the_body() -> None:
    page = decorate('<html><body class="x"><p>Hi</p></body></html>', 7, 'x.yml:1:1: "<script>" is bad')
    assert page.startswith('<html><body class="x">\n<div id="jobclub-preview-problems" role="alert"')
    assert "x.yml:1:1: &#34;&lt;script&gt;&#34; is bad" in page
    assert page.endswith("</script>\n</body></html>")
    assert 'var version = "7", shown = "' in page
    assert decorate("<p>Hi</p>", 1, None).startswith("<p>Hi</p><script")


def test_snapshot_sees_changes_in_watched_files_only(project: Path) -> None:
    before = snapshot(project)
    assert "site_data/testshire/timetable.yml" in before and "mkdocs.yml" in before
    (project / "site_data/testshire/.timetable.yml.swp").write_text("editor's swap file")
    (project / "notes.txt").write_text("not watched")
    assert snapshot(project) == before
    edit(project, TIMETABLE, "start: 10:00", "start: 10:15")
    (project / "templates/pages/extra.md").write_text("new")
    assert changed_files(before, snapshot(project)) == [
        "site_data/testshire/timetable.yml", "templates/pages/extra.md"
    ]


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def in_own_thread(work: Callable[[], None]) -> None:
    """Run `work` in a new thread: Playwright's sync API refuses a thread whose asyncio loop is
    running, as it is while another test module's browser is open."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as failure:  # handed back to the test, below
            failures.append(failure)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")
def test_an_open_page_reloads_by_itself(project: Path, serving: tuple[Server, str]) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    _, url = serving

    def browse() -> None:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                      "--disable-sync"],
            )
            try:
                page = browser.new_page()
                page.goto(f"{url}/testshire/")
                page.evaluate("window.openedByTheTest = true")
                edit(project, "site_data/testshire/area.yml", "Welcome to the **Testshire** job club.",
                     "This text arrived by itself.")
                page.wait_for_function("document.body.innerText.includes('This text arrived by itself.')",
                                       timeout=WAIT_SECONDS * 1000)
                # A new page load, not the old page changed in place by something else.
                assert page.evaluate("window.openedByTheTest") is None
                edit(project, TIMETABLE, "start: 10:00", "start: 10.30")
                page.wait_for_selector("#jobclub-preview-problems", timeout=WAIT_SECONDS * 1000)
                assert "timetable.yml:6:12" in page.inner_text("#jobclub-preview-problems")
            finally:
                browser.close()

    in_own_thread(browse)


def test_pages_kept_between_rebuilds_are_the_pages_a_fresh_build_makes(tmp_path: Path) -> None:
    """The preview keeps each drawn page and uses it again when nothing it shows has changed. After a
    saved timetable, and a venue renamed (which changes the menu on every page), every file of the
    preview is the same as a fresh build's, in both languages."""
    import datetime as dt

    from generator import sites
    from generator.build import build
    from generator.serve import Preview

    root = copy_of_samples(tmp_path / "project")
    today = dt.date(2026, 11, 25)
    said: list[str] = []
    preview = Preview(root, "conwy", today, lambda *args, **kwargs: said.append(str(args)))
    assert preview.rebuild()
    pages = len(list((root / PREVIEW_FOLDER / "conwy").rglob("*.html")))
    drawn = len(sites._page_cache or {})
    preview.viewing("/conwy/timetable/")  # the English site is built and shown first, then both
    edit(root, "site_data/conwy/timetable.yml", "start: 09:30", "start: 09:45")
    assert preview.rebuild()
    # Only the pages that show the timetable were drawn again.
    assert 0 < len(sites._page_cache or {}) - drawn < pages / 2
    preview.viewing("/conwy/cy/accessibility/")  # now the Welsh one
    edit(root, "site_data/conwy/venues.yml", "cy: Llyfrgell Bae Colwyn", "cy: Llyfrgell Newydd Bae Colwyn")
    assert preview.rebuild()
    # Shared content saved: what the preview kept of it, as Wales reads it, is not used again.
    edit(root, "content/courses/job-search-online.yml", "en: Learn where to find jobs online",
         "en: Learn where to look for jobs online")
    assert preview.rebuild()
    assert preview.state()[0] == 7  # the first build, then each site being viewed and the whole area
    preview.forget_templates()

    fresh = tmp_path / "fresh"
    build(root, fresh, today, ["conwy"], packs=False, jobs=1)
    shown, made = root / PREVIEW_FOLDER / "conwy", fresh / "conwy"
    files = sorted(path.relative_to(made) for path in made.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(shown) for path in shown.rglob("*") if path.is_file())
    different = [str(name) for name in files if (shown / name).read_bytes() != (made / name).read_bytes()]
    assert different == []
    assert "9:45am" in (shown / "timetable" / "index.html").read_text(encoding="utf-8")
    assert "Llyfrgell Newydd Bae Colwyn" in (shown / "cy" / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert "Learn where to look for jobs online" in (shown / "courses" / "job-search-online" / "index.html").read_text(
        encoding="utf-8")


def test_a_closed_tab_prints_nothing_in_the_terminal(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """A browser that closes a tab while a page is being sent breaks the connection: that is not a
    problem for staff, so the preview's terminal shows no traceback for it (other errors still show)."""
    from generator.serve import Preview, PreviewServer

    server = PreviewServer(Preview(project, "testshire", None, lambda *args, **kwargs: None), 0)
    try:
        for error in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset")):
            try:
                raise error
            except ConnectionError:
                server.handle_error(None, ("127.0.0.1", 50000))
        assert capsys.readouterr().err == ""
        try:
            raise ValueError("a real bug")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 50000))
        assert "a real bug" in capsys.readouterr().err
    finally:
        server.server_close()


def test_the_mistake_that_stopped_the_preview_comes_before_the_warnings(tmp_path: Path) -> None:
    """The samples have warnings (services not yet confirmed); a mistake in a timetable is what the
    preview shows first, and its banner is marked as English on a Welsh page."""
    import datetime as dt

    from generator.serve import Preview, decorate

    root = copy_of_samples(tmp_path / "project")
    preview = Preview(root, "conwy", dt.date(2026, 11, 25), lambda *args, **kwargs: None)
    edit(root, "site_data/conwy/timetable.yml", "    day: tuesday\n", "    day: tuesday\n   start 14:00 oops: [\n")
    assert not preview.rebuild()
    problems = preview.state()[1]
    assert problems is not None and "warning" in problems
    assert problems.startswith("site_data/conwy/timetable.yml:")
    page = decorate('<html lang="cy"><body><p>Helo</p></body></html>', 2, problems)
    assert '<div id="jobclub-preview-problems" role="alert" lang="en"' in page


def test_a_build_of_the_site_being_viewed_keeps_the_others_and_is_not_up_to_date(tmp_path: Path) -> None:
    """The preview's first look: only the Welsh site is built (the English one stays as it was), and
    the area is stamped so that the next build builds it whole, as a fresh build would."""
    import datetime as dt

    from generator.build import build

    root = copy_of_samples(tmp_path / "project")
    today = dt.date(2026, 11, 25)
    out = tmp_path / "out"
    build(root, out, today, ["conwy"], packs=False, jobs=1)
    english = (out / "conwy" / "timetable" / "index.html").read_bytes()
    edit(root, "site_data/conwy/timetable.yml", "start: 09:30", "start: 09:45")

    first = build(root, out, today, ["conwy"], packs=False, jobs=1, only_site="cy")
    assert first.in_part == ["conwy"]
    assert "9:45" in (out / "conwy" / "cy" / "timetable" / "index.html").read_text(encoding="utf-8")
    assert (out / "conwy" / "timetable" / "index.html").read_bytes() == english
    assert "9:45am" not in english.decode()

    again = build(root, out, today, ["conwy"], packs=False, jobs=1)
    assert again.areas == ["conwy"] and again.in_part == []
    # The Welsh site's calendar feeds were left as published by the first look (its pages come
    # first); the whole build makes them, with the new time.
    assert "T094500" in (out / "conwy" / "cy" / "calendar.ics").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    build(root, fresh, today, ["conwy"], packs=False, jobs=1)
    made, shown = fresh / "conwy", out / "conwy"
    files = sorted(path.relative_to(made) for path in made.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(shown) for path in shown.rglob("*") if path.is_file())
    assert [str(name) for name in files if (shown / name).read_bytes() != (made / name).read_bytes()] == []
    # An area with one site, or a site that is not published yet, is built whole.
    assert build(root, out, today, ["wigan"], packs=False, jobs=1, only_site="cy").in_part == []


def test_an_open_page_reloads_only_when_it_changed(project: Path, serving: tuple[Server, str]) -> None:
    """Each page carries a tag of itself; after a build the server says each open page's tag now, so
    a page the change did not touch stays as it is, and one that changed (or shows a mistake) reloads."""
    _, url = serving

    def tag_in(page: str) -> str:
        found = re.search(r'shown = "([0-9a-f]+)"', page)
        assert found, page
        return found[1]

    def now(address: str) -> tuple[int, str]:
        version, tag = fetch(f"{url}{VERSION_PATH}?page={address}")[1].split(" ")
        return int(version), tag

    home, other = "/testshire/", "/testshire/venues/"
    tags = {address: tag_in(fetch(url + address)[1]) for address in (home, other)}
    version = now(home)[0]
    assert {address: now(address)[1] for address in tags} == tags
    edit(project, "site_data/testshire/area.yml", "Welcome to the **Testshire** job club.", "Changed.")
    eventually(f"{url}{VERSION_PATH}", lambda answer: int(answer) > version)
    assert now(home)[1] != tags[home]
    assert now(home)[1] == tag_in(fetch(url + home)[1])
    assert now(other)[1] == tags[other]
    # A mistake is shown on every page: every page reloads.
    edit(project, TIMETABLE, "start: 10:00", "start: 10.30")
    eventually(f"{url}/testshire/", lambda page: "jobclub-preview-problems" in page)
    assert now(other)[1] != tags[other]


def test_an_open_page_reloads_when_its_stylesheet_changed(project: Path, serving: tuple[Server, str]) -> None:
    """The page names the kit's stylesheet without a hash in its name: the page's own HTML is the same
    after the stylesheet changed, but the open page must show the new styles."""
    _, url = serving
    page = fetch(url + "/testshire/venues/")[1]
    tag = re.search(r'shown = "([0-9a-f]+)"', page)
    assert tag
    version = int(fetch(f"{url}{VERSION_PATH}")[1])
    stylesheet = project / "templates/assets/jobclub.css"
    stylesheet.write_text(stylesheet.read_text() + "\nbody { background: #fff; }\n")
    eventually(f"{url}{VERSION_PATH}", lambda answer: int(answer) > version)
    eventually(f"{url}/testshire/assets/jobclub.css", lambda css: "background: #fff" in css)
    assert fetch(f"{url}{VERSION_PATH}?page=/testshire/venues/")[1].split(" ")[1] != tag[1]


def test_an_address_too_long_for_the_system_is_a_missing_page(serving: tuple[Server, str]) -> None:
    _, url = serving
    version, tag = fetch(f"{url}{VERSION_PATH}?page=/testshire/{'a' * 300}/")[1].split(" ")
    assert int(version) >= 1 and tag  # the site's page for a missing address, not a traceback
    assert fetch(f"{url}{VERSION_PATH}?since=%C2%B2")[0] == 200  # "²" is a digit, but not a number


def test_when_only_the_site_being_viewed_could_be_built_the_banner_says_so(tmp_path: Path) -> None:
    """The English site is open; a change breaks only the Welsh site's build. The English pages show
    the change, so the banner must not say the preview was not updated."""
    import datetime as dt

    from generator import serve

    root = copy_of_samples(tmp_path / "project")
    preview = serve.Preview(root, "conwy", dt.date(2026, 11, 25), lambda *args, **kwargs: None)
    assert preview.rebuild()
    preview.viewing("/conwy/timetable/")
    with preview._lock:
        preview._page_has = 10**6  # an open page has every build: no waiting between the two
    edit(root, "site_data/conwy/timetable.yml", "start: 09:30", "start: 09:45")
    main = root / "templates/theme/main.html"
    main.write_text(main.read_text().replace(
        "{% block htmltitle %}",
        '{% block htmltitle %}{% if config.theme.language == "cy" %}{{ nosuch.thing() }}{% endif %}', 1))
    preview.forget_templates()
    assert not preview.rebuild()
    version, problems = preview.state()
    assert problems
    heading, _ = preview.shown()
    assert heading == serve.IN_PART_SHOWN
    timetable = (preview.out / "conwy" / "timetable" / "index.html").read_text(encoding="utf-8")
    assert "9:45" in timetable
    assert serve.IN_PART_SHOWN in serve.with_problems(timetable, problems, heading)
    preview.forget_templates()


class _Watched:
    """What watch() needs of a preview, noting each rebuild."""

    def __init__(self, root: Path) -> None:
        self.root, self.slug = root, "testshire"
        self.rebuilt = threading.Event()

    def echo(self, *args: object, **kwargs: object) -> None:
        pass

    def forget_templates(self) -> None:
        pass

    def rebuild(self) -> bool:
        self.rebuilt.set()
        return True


def watching(preview: _Watched, interval: float) -> tuple[threading.Thread, threading.Event, threading.Event]:
    from generator.serve import watch

    stop, wake = threading.Event(), threading.Event()
    thread = threading.Thread(target=watch, args=(preview, snapshot(preview.root), stop, interval, wake), daemon=True)
    return thread, stop, wake


def test_a_saved_file_is_seen_when_the_system_says_so_not_at_the_next_look(project: Path) -> None:
    """The system tells the preview when a file is saved: with looks ten minutes apart, a saved
    timetable is still built at once. A file opened and read is not a change."""
    from generator.serve import told_of_changes

    preview = _Watched(project)
    thread, stop, wake = watching(preview, interval=600)
    with told_of_changes(project, wake):
        thread.start()
        (project / TIMETABLE).read_text()
        assert not preview.rebuilt.wait(1)
        edit(project, TIMETABLE, "spaces: 12", "spaces: 11")
        assert preview.rebuilt.wait(WAIT_SECONDS)
        stop.set()
        wake.set()
        thread.join(WAIT_SECONDS)
    assert not thread.is_alive()


def test_where_the_system_cannot_watch_the_looks_still_see_a_change(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder the system cannot watch (a network share, or more folders than its limit): the
    preview starts all the same, and a saved file is seen at the next look."""
    from watchdog.observers import Observer

    from generator.serve import told_of_changes

    def refused(*args: object, **kwargs: object) -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(Observer, "schedule", refused)
    preview = _Watched(project)
    thread, stop, wake = watching(preview, interval=0.05)
    with told_of_changes(project, wake):
        thread.start()
        edit(project, TIMETABLE, "spaces: 12", "spaces: 11")
        assert preview.rebuilt.wait(WAIT_SECONDS)
        stop.set()
        thread.join(WAIT_SECONDS)
    assert not thread.is_alive()


def test_files_the_build_reads_do_not_wake_the_preview(project: Path) -> None:
    """The build reads every file of the project: only a change wakes the preview's watcher, whose
    threads would otherwise take turns with the build for each file read."""
    from generator.serve import told_of_changes

    wake = threading.Event()
    with told_of_changes(project, wake):
        for path in sorted(project.rglob("*")):
            if path.is_file() and ".jobclub" not in path.parts:
                path.read_bytes()
        assert not wake.wait(1)
        edit(project, TIMETABLE, "spaces: 12", "spaces: 11")
        assert wake.wait(WAIT_SECONDS)
