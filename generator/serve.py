"""Preview one area while you edit: build it, serve it on this computer, rebuild when a file changes.

`jobclub serve` builds the area's pages (not its PDFs, which take longest) into .jobclub-work/.preview/
(never into site/; the dot means no area slug can clash with it), serves that folder on 127.0.0.1
only, and checks content/, site_data/, templates/ and mkdocs.yml for changes (by their modification
times and sizes) twenty times a second, and at once when the system says a file there changed
(watchdog, which mkdocs installs too). Each HTML page is sent with a small
script added that waits on /__jobclub/version?since=N&page=ADDRESS (the server answers as soon as a
newer build has finished, with a tag of the page at that address now) and reloads the page if it
changed. Theme templates, converted Markdown, drawn pages and calendar events are kept between
rebuilds, so after a saved change only the pages it changed are drawn again. In an area with two
languages, the site of the page open in the browser is built and shown first, then the area whole.
The script is added as the page is sent, so it is never in the files of a real build. When the
data has a mistake, the problems are printed in the terminal and shown, escaped, at the top of every
page, above the last preview that worked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import hashlib
import os
import re
import stat
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from markupsafe import escape

from . import languages
from .build import WORK_FOLDER, BuildSummary, build, remembered_nations
from .errors import DataErrors, JobclubError
from .events import remembered_events
from .project import area_slugs
from .sites import remembered_pages, shared_theme_environments
from .validate import did_you_mean

PREVIEW_FOLDER = Path(WORK_FOLDER) / ".preview"
WATCHED = ("content", "site_data", "templates", "mkdocs.yml")
POLL_SECONDS = 0.05
SETTLE_SECONDS = 0.02
# Short enough that a browser's six connections to the preview are never all held for long, however
# many tabs are open (each open tab holds one while it waits).
LONG_POLL_SECONDS = 5.0
# How long the other sites wait for an open page to show the site being viewed (see rebuild).
SHOWN_SECONDS = 1.0
VERSION_PATH = "/__jobclub/version"
# Material's files named by a digest of what is in them (assets/javascripts/bundle.a5f9d56c.min.js).
NAMED_BY_CONTENT = re.compile(
    r"/assets/(?:stylesheets|javascripts(?:/workers)?)/[\w-]+\.[0-9a-f]{8}\.min\.(?:css|js)$"
)
HOST = "127.0.0.1"

Echo = Callable[..., None]

# Waits for a newer build (the server answers when there is one, or after a while with the same
# number), with the tag of this page in that build: a different tag means the page changed (or a
# new mistake is shown on it): show it. A page that is the same waits for the next build. A tab in
# the background stops waiting (so it holds none of the browser's few connections to the preview)
# and looks again when it is shown.
RELOAD_SCRIPT = """<script id="jobclub-live-reload">
(function () {
  var version = "%(version)s", shown = "%(page)s", waiting = false;
  function wait() {
    if (document.hidden) { waiting = false; return; }
    waiting = true;
    fetch("%(path)s?since=" + version + "&page=" + encodeURIComponent(location.pathname),
          {cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (answer) {
        var now = answer.trim().split(" ");
        if (now[1] !== shown) { location.reload(); } else { version = now[0]; wait(); }
      })
      .catch(function () { setTimeout(wait, 1000); });
  }
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !waiting) { wait(); }
  });
  // Once the page is drawn: the preview builds the area's other sites when an open page waits again.
  requestAnimationFrame(function () { setTimeout(function () { if (!waiting) { wait(); } }, 0); });
})();
</script>
"""

PROBLEMS_BANNER = """<div id="jobclub-preview-problems" role="alert" lang="en" \
style="background:#fff;color:#0b0c0c;border:5px solid #d4351c;margin:0;padding:1rem 1.25rem;\
font:1rem/1.5 sans-serif;position:relative;z-index:10">
<h2 style="margin:0 0 .5rem;font-size:1.25rem;color:#0b0c0c">%(heading)s</h2>
<p style="margin:0 0 .5rem">Fix the problems below and save the file. This page will change by itself.</p>
<pre style="white-space:pre-wrap;margin:0;font:.95rem/1.5 monospace">%(problems)s</pre>
</div>
"""

NOT_UPDATED = "The preview was not updated: there are problems in the data"
IN_PART_SHOWN = ("The pages in the language you are looking at show your change, but the area could not "
                 "be built whole: there are problems")
# What, besides the pages, changes how a page looks.
LOOKS = (".css", ".js", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2")

PROBLEMS_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Preview: there are problems in the data</title></head>
<body>
%(banner)s</body>
</html>
"""


class Preview:
    """One area's preview: builds it, and knows which build is current and what went wrong."""

    def __init__(self, root: Path, slug: str, today: dt.date | None, echo: Echo) -> None:
        self.root = root
        self.slug = slug
        self.today = today
        self.out = root / PREVIEW_FOLDER
        self.echo = echo
        self._lock = threading.Condition()
        self._version = 0
        self._problems: str | None = None
        self._shared = contextlib.ExitStack()
        self._sharing = False
        self._viewing: str | None = None  # the folder of the site open in the browser ("" the first)
        self._page_has = 0  # the newest build an open page has shown
        self._heading = NOT_UPDATED  # what the problems banner says the preview shows
        self._looks = ""  # a digest of the files that make how pages look (styles, scripts, pictures)
        self._read: dict[tuple[int, int, int, int], bytes] = {}  # their digests, by file

    def state(self) -> tuple[int, str | None]:
        """The number of the latest build, and its problems as text (None if it worked)."""
        with self._lock:
            return self._version, self._problems

    def shown(self) -> tuple[str, str]:
        """What the problems banner says the preview shows, and a digest of the files (other than
        pages) that make how pages look: a changed stylesheet reloads every open page."""
        with self._lock:
            return self._heading, self._looks

    def wait_for_change(self, since: int, timeout: float) -> int:
        """The latest build's number, as soon as it is not `since` (or after `timeout` seconds)."""
        with self._lock:
            if since > self._page_has:  # an open page shows build `since`
                self._page_has = since
                self._lock.notify_all()
            self._lock.wait_for(lambda: self._version != since, timeout)
            return self._version

    def forget_templates(self) -> None:
        """A template or mkdocs.yml changed: compile the theme and convert Markdown afresh."""
        self._shared.close()
        self._sharing = False

    def viewing(self, path: str) -> None:
        """A page at this address is open: its site is built first after the next change."""
        parts = path.strip("/").split("/")
        if parts[0] != self.slug:
            return
        folder = parts[1] if len(parts) > 1 and parts[1] in languages.NAMES else ""
        if not folder or (self.out / self.slug / folder / "index.html").is_file():
            self._viewing = folder

    def rebuild(self) -> bool:
        """Build the area into the preview folder. On a mistake the last good preview stays.

        When a page is open and the area has other sites (another language), the site being viewed
        is built and shown first, then the area is built whole and shown again."""
        started = time.monotonic()
        if not self._sharing:
            # Kept from one rebuild to the next: Material's compiled templates, converted Markdown,
            # drawn pages, the calendar feeds' events, the content as the area's nation reads it.
            self._shared.enter_context(shared_theme_environments())
            self._shared.enter_context(remembered_pages())
            self._shared.enter_context(remembered_events())
            self._shared.enter_context(remembered_nations())
            self._sharing = True
        if self._viewing is not None and self.has_page():
            summary, problems = self._build(self._viewing)
            if summary is None or not summary.in_part:
                return self._show(summary, problems, started)
            looks = self._looking()
            with self._lock:  # the site being viewed is ready: show it, then build the others
                self._version += 1
                self._problems = None
                self._heading, self._looks = NOT_UPDATED, looks
                self._lock.notify_all()
                # Once an open page has it (a page waits again once it is shown, whether it reloaded
                # or not), or after a while: building the rest slows the browser's showing it.
                self._lock.wait_for(lambda: self._page_has >= self._version, SHOWN_SECONDS)
            summary, problems = self._build(None)
            # The site being viewed was built and shown, but not the whole area: say so.
            return self._show(summary, problems, started, IN_PART_SHOWN)
        summary, problems = self._build(None)
        return self._show(summary, problems, started)

    def _build(self, only_site: str | None) -> tuple[BuildSummary | None, str | None]:
        """Build the area (or only one of its sites), and what went wrong as text."""
        try:
            # One area, in this process: forking workers from a process with threads is not safe.
            return build(self.root, self.out, self.today or dt.date.today(), [self.slug],
                         packs=False, jobs=1, only_site=only_site), None
        except DataErrors as errors:
            # The mistakes first, then the warnings: what stopped the preview is what shows first.
            shown = sorted(errors.problems, key=lambda problem: problem.warning)
            problems = "\n".join(problem.format(self.root) for problem in shown)
            return None, problems + f"\n\n{errors}"
        except JobclubError as error:
            return None, str(error)
        except Exception:  # a bug, not a data mistake: say so, and keep the preview running
            return None, "Job Club Kit went wrong while building (this is a bug):\n" + traceback.format_exc()

    def _looking(self) -> str:
        """A digest of the preview's stylesheets, scripts, fonts and pictures, by name and content
        (pages name some of them without a hash in the name: jobclub.css for one)."""
        digest = hashlib.sha256()
        # Each file read once, however many sites it is linked into and however many rebuilds kept it.
        known, self._read = self._read, {}
        for folder, _, names in sorted(os.walk(self.out / self.slug)):
            for name in sorted(names):
                if name.lower().endswith(LOOKS):
                    with contextlib.suppress(OSError):
                        path = os.path.join(folder, name)
                        status = os.stat(path)
                        key = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
                        if key not in known:
                            known[key] = hashlib.sha256(Path(path).read_bytes()).digest()
                        self._read[key] = known[key]
                        digest.update(f"{folder}/{name}\0".encode() + known[key])
        return digest.hexdigest()[:20]

    def _show(
        self, summary: BuildSummary | None, problems: str | None, started: float, heading: str = ""
    ) -> bool:
        """Say how the build went, and make it the current one (open pages then reload). `heading`:
        what the problems banner says the preview shows, if not the last version that worked."""
        if summary is not None:
            for warning in summary.warnings:
                self.echo(warning.format(self.root), err=True)
            self.echo(f"Built {self.slug} in {time.monotonic() - started:.1f}s.")
        else:
            self.echo(problems, err=True)
            self.echo("The preview shows these problems and the last version that worked.", err=True)
        looks = self._looking()
        with self._lock:
            self._version += 1
            self._problems = problems
            self._heading, self._looks = heading or NOT_UPDATED, looks
            self._lock.notify_all()
        return problems is None

    def has_page(self) -> bool:
        return (self.out / self.slug / "index.html").is_file()


# --- Watching for changes ------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every watched file's modification time and size, by path. Hidden files (editors' swap and
    backup files) are left out, and linked folders are not followed."""
    found: dict[str, tuple[int, int]] = {}
    for name in WATCHED:
        _scan(root, name, found)
    return found


def _scan(root: Path, relative: str, found: dict[str, tuple[int, int]]) -> None:
    """Add the file `relative`, or every file in the folder `relative`, to `found` (os.scandir: a
    snapshot of the samples takes about half a millisecond, so it can be taken often)."""
    try:
        status = os.stat(root / relative)
    except OSError:  # not there, or removed while we looked
        return
    if stat.S_ISREG(status.st_mode):
        found[relative] = (status.st_mtime_ns, status.st_size)
        return
    if not stat.S_ISDIR(status.st_mode):
        return
    try:
        entries = list(os.scandir(root / relative))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name.endswith("~"):
            continue
        path = f"{relative}/{entry.name}"
        try:
            if entry.is_dir(follow_symlinks=False):
                _scan(root, path, found)
            elif entry.is_file():
                status = entry.stat()
                found[path] = (status.st_mtime_ns, status.st_size)
        except OSError:
            continue


def changed_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


@contextlib.contextmanager
def told_of_changes(root: Path, wake: threading.Event) -> Iterator[None]:
    """While the block runs, the system sets `wake` as soon as something in the watched folders
    changes (watchdog: inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows), so a
    saved file is seen at once, not at the next look, a fortieth of a second later on average.
    The looks go on: a folder the system cannot watch (some network shares, or more folders than
    its limit) is still seen within POLL_SECONDS."""
    from watchdog import events
    from watchdog.observers import Observer

    class Changed(events.FileSystemEventHandler):
        def on_any_event(self, event: events.FileSystemEvent) -> None:
            wake.set()

    # Only what changes a file: told of every file opened and read, the watcher's threads would take
    # turns with the build, which reads a few hundred, and slow it down.
    changes: list[type[events.FileSystemEvent]] = [
        events.FileModifiedEvent, events.FileClosedEvent, events.FileCreatedEvent, events.FileDeletedEvent,
        events.FileMovedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent,
    ]
    observer = Observer()
    try:
        handler = Changed()
        for name in WATCHED:
            if (root / name).is_dir():
                observer.schedule(handler, str(root / name), recursive=True, event_filter=changes)
        # mkdocs.yml, and the folders if they are made later
        observer.schedule(handler, str(root), recursive=False, event_filter=changes)
        observer.start()
    except Exception:  # cannot watch here (OSError: the system's limit): the looks are enough
        observer = None
    try:
        yield
    finally:
        if observer is not None:
            observer.stop()
            observer.join(timeout=1)


def watch(preview: Preview, seen: dict[str, tuple[int, int]], stop: threading.Event,
          interval: float = POLL_SECONDS, wake: threading.Event | None = None) -> None:
    """Rebuild whenever a watched file changes, until `stop` is set (and `wake`, to stop at once).
    The files are looked at every `interval` seconds, and as soon as `wake` is set."""
    wake = wake or threading.Event()
    while not stop.is_set():
        wake.wait(interval)
        wake.clear()
        if stop.is_set():
            return
        now = snapshot(preview.root)
        if now == seen:
            continue
        # Editors often save in two steps: wait for the files to settle before building (a little
        # while with no change, for at most a second).
        settled = time.monotonic() + 1
        while time.monotonic() < settled:
            time.sleep(SETTLE_SECONDS)
            newer, now = now, snapshot(preview.root)
            if newer == now:
                break
        changes = changed_files(seen, now)
        seen = now
        shown = ", ".join(changes[:3]) + (f" and {len(changes) - 3} more" if len(changes) > 3 else "")
        preview.echo(f"\nChanged: {shown}. Building {preview.slug} again...")
        if any(change.startswith("templates/") or change == "mkdocs.yml" for change in changes):
            preview.forget_templates()
        preview.rebuild()


# --- Serving -------------------------------------------------------------------------------------


def decorate(html: str, version: int, problems: str | None) -> str:
    """A page as the preview sends it: the problems at the top (if any) and the reload script."""
    return with_reload_script(with_problems(html, problems), version)


def with_problems(html: str, problems: str | None, heading: str = "") -> str:
    if problems is None:
        return html
    banner = problems_banner(problems, heading or NOT_UPDATED)
    html, found = re.subn(r"<body\b[^>]*>", lambda match: match[0] + "\n" + banner, html, count=1)
    return html if found else banner + html


def with_reload_script(html: str, version: int, looks: str = "") -> str:
    script = RELOAD_SCRIPT % {"version": version, "page": page_tag(html, looks), "path": VERSION_PATH}
    at = html.rfind("</body>")
    return html[:at] + script + html[at:] if at >= 0 else html + script


def page_tag(html: str | None, looks: str = "") -> str:
    """What an open page compares with the page at its address now (and the files that make how it
    looks, Preview.shown): the same means no reload."""
    return "" if html is None else hashlib.sha256(f"{looks}\0{html}".encode()).hexdigest()[:20]


def problems_banner(problems: str, heading: str) -> str:
    return PROBLEMS_BANNER % {"heading": escape(heading), "problems": escape(problems)}


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the preview folder, adding the reload script (and any problems) to HTML pages."""

    server: PreviewServer

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self._respond(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(with_body=False)

    def _respond(self, with_body: bool) -> None:
        preview = self.server.preview
        version, problems = preview.state()
        path = urlsplit(self.path).path
        if path == VERSION_PATH:
            return self._answer_version(with_body)
        if path == "/":
            return self._redirect(f"/{preview.slug}/")
        file = Path(self.translate_path(self.path))
        if file.is_dir() and not path.endswith("/"):
            return self._redirect(path + "/")
        found = self._page(path, problems)
        if found is not None:
            status, html = found
            if status == HTTPStatus.OK:
                preview.viewing(path)
            html = with_reload_script(html, version, preview.shown()[1])
            return self._send(status, "text/html; charset=utf-8", html.encode(), with_body)
        if with_body:
            super().do_GET()
        else:
            super().do_HEAD()

    def _page(self, path: str, problems: str | None) -> tuple[HTTPStatus, str] | None:
        """The HTML page at `path` as it is sent (with the problems, without the reload script), or
        None if the address is not an HTML page: the page itself, the problems alone while there
        is no preview yet, or the site's page for a missing address."""
        preview = self.server.preview
        heading = preview.shown()[0]
        file = Path(self.translate_path(path))
        try:
            if file.is_dir():
                file = file / "index.html"
            if file.suffix == ".html" and file.is_file():
                return HTTPStatus.OK, with_problems(file.read_text(encoding="utf-8"), problems, heading)
        except (OSError, ValueError):  # a name too long for the system, say: not a page of the preview
            file = preview.out / preview.slug / "no such page"
        if not file.is_file() and not preview.has_page():
            heading = "The preview could not be built: there are problems in the data"
            page = PROBLEMS_PAGE % {"banner": problems_banner(problems or "Building...", heading)}
            return HTTPStatus.SERVICE_UNAVAILABLE, page
        missing = preview.out / preview.slug / "404.html"
        if not file.exists() and missing.is_file():
            return HTTPStatus.NOT_FOUND, with_problems(missing.read_text(encoding="utf-8"), problems, heading)
        return None

    def _answer_version(self, with_body: bool) -> None:
        """The latest build's number, once it is newer than `since` (or after a while); with `page`
        (the address of an open page), also that page's tag now, so it reloads only if it changed."""
        preview = self.server.preview
        query = parse_qs(urlsplit(self.path).query)
        since = query.get("since", [""])[0]
        version = preview.state()[0]
        if since.isascii() and since.isdigit():
            version = preview.wait_for_change(int(since), LONG_POLL_SECONDS)
        answer = str(version)
        if "page" in query:
            found = self._page(query["page"][0], preview.state()[1])
            answer += " " + page_tag(None if found is None else found[1], preview.shown()[1])
        self._send(HTTPStatus.OK, "text/plain; charset=utf-8", answer.encode(), with_body)

    def _send(self, status: HTTPStatus, kind: str, body: bytes, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def end_headers(self) -> None:
        # Always the newest build. Material's stylesheets and scripts, named by what is in them, may be
        # kept by the browser, which asks each time whether the file changed (a theme override could
        # change it under the same name): a reloaded page then reuses them, and shows sooner.
        status = getattr(self, "_status", 0)
        kept = status in (HTTPStatus.OK, HTTPStatus.NOT_MODIFIED)
        if kept and NAMED_BY_CONTENT.search(urlsplit(self.path).path):
            self.send_header("Cache-Control", "no-cache")
        else:
            self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for what staff need to see (builds and problems)."""


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that closed a tab, or left a page before it came, is not news: say nothing. Any
        other error is printed as usual."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    def __init__(self, preview: Preview, port: int) -> None:
        self.preview = preview
        handler = functools.partial(PreviewHandler, directory=str(preview.out))
        super().__init__((HOST, port), handler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/{self.preview.slug}/"


# --- The command ---------------------------------------------------------------------------------


def choose_area(root: Path, slug: str | None) -> str:
    """The area to preview: the one asked for, or the only one there is."""
    slugs = area_slugs(root)
    if slug is None:
        if len(slugs) == 1:
            return slugs[0]
        if not slugs:
            raise JobclubError("There are no areas in site_data. Make one with: jobclub new-area SLUG "
                               "--name NAME --nation NATION")
        raise JobclubError(f"Say which area to preview, for example: jobclub serve --area {slugs[0]}. "
                           f"The areas are: {', '.join(slugs)}.")
    if slug not in slugs:
        hint = did_you_mean(slug, slugs) or (f"The areas are: {', '.join(slugs)}." if slugs else "")
        raise JobclubError(f'There is no area "{slug}" in site_data. {hint}'.strip())
    return slug


def serve(root: Path, slug: str | None, port: int, today: dt.date | None, echo: Echo) -> None:
    """Build, serve and watch until Ctrl+C."""
    preview = Preview(root, choose_area(root, slug), today, echo)
    try:
        server = PreviewServer(preview, port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise JobclubError(f"Port {port} is already in use (is another preview running?). "
                               f"Try another one, for example: jobclub serve --port {port + 1}") from None
        raise JobclubError(f"Could not start the preview on port {port}: {error.strerror}.") from None
    seen = snapshot(root)
    echo(f"Building {preview.slug}...")
    preview.rebuild()
    stop, wake = threading.Event(), threading.Event()
    watcher = threading.Thread(target=watch, args=(preview, seen, stop, POLL_SECONDS, wake), daemon=True)
    with told_of_changes(root, wake):
        watcher.start()
        echo(
            f"\nPreview of {preview.slug}: {server.url}\n"
            "Open it in your web browser. When you save a change to a file, the page updates by itself.\n"
            "Press Ctrl+C here to stop."
        )
        try:
            server.serve_forever(poll_interval=0.25)
        except KeyboardInterrupt:
            echo("\nStopped the preview.")
        finally:
            stop.set()
            wake.set()
            server.server_close()
            preview.forget_templates()
