"""Preview one area while you edit: build it, serve it on this computer, rebuild when a file changes.

`jobclub serve` builds the area's pages (not its PDFs, which take longest) into .jobclub-work/.preview/
(never into site/; the dot means no area slug can clash with it), serves that folder on 127.0.0.1
only, and checks content/, site_data/, templates/ and mkdocs.yml for changes ten times a second (by
their modification times: no extra library). Each HTML page is sent with a small script added that
waits on /__jobclub/version?since=N (the server answers as soon as a newer build has finished) and
reloads the page. Theme templates, converted Markdown and drawn pages are kept between rebuilds, so
after a saved change only the pages it changed are drawn again. The script is
added as the page is sent, so it is never in the files of a real build. When the data has a mistake,
the problems are printed in the terminal and shown, escaped, at the top of every page, above the last
preview that worked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from markupsafe import escape

from .build import WORK_FOLDER, build
from .errors import DataErrors, JobclubError
from .project import area_slugs
from .sites import remembered_pages, shared_theme_environments
from .validate import did_you_mean

PREVIEW_FOLDER = Path(WORK_FOLDER) / ".preview"
WATCHED = ("content", "site_data", "templates", "mkdocs.yml")
POLL_SECONDS = 0.1
# Short enough that a browser's six connections to the preview are never all held for long, however
# many tabs are open (each open tab holds one while it waits).
LONG_POLL_SECONDS = 5.0
VERSION_PATH = "/__jobclub/version"
HOST = "127.0.0.1"

Echo = Callable[..., None]

# Waits for a newer build (the server answers when there is one, or after a while with the same
# number); a different number means a newer build (or a new mistake): show it. A tab in the
# background stops waiting (so it holds none of the browser's few connections to the preview) and
# looks again when it is shown.
RELOAD_SCRIPT = """<script id="jobclub-live-reload">
(function () {
  var shown = "%(version)s", waiting = false;
  function wait() {
    if (document.hidden) { waiting = false; return; }
    waiting = true;
    fetch("%(path)s?since=" + shown, {cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (version) {
        if (version.trim() !== shown) { location.reload(); } else { wait(); }
      })
      .catch(function () { setTimeout(wait, 1000); });
  }
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !waiting) { wait(); }
  });
  wait();
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

    def state(self) -> tuple[int, str | None]:
        """The number of the latest build, and its problems as text (None if it worked)."""
        with self._lock:
            return self._version, self._problems

    def wait_for_change(self, since: int, timeout: float) -> int:
        """The latest build's number, as soon as it is not `since` (or after `timeout` seconds)."""
        with self._lock:
            self._lock.wait_for(lambda: self._version != since, timeout)
            return self._version

    def forget_templates(self) -> None:
        """A template or mkdocs.yml changed: compile the theme and convert Markdown afresh."""
        self._shared.close()
        self._sharing = False

    def rebuild(self) -> bool:
        """Build the area into the preview folder. On a mistake the last good preview stays."""
        started = time.monotonic()
        problems = None
        if not self._sharing:
            # Kept from one rebuild to the next: Material's compiled templates, converted Markdown.
            self._shared.enter_context(shared_theme_environments())
            self._shared.enter_context(remembered_pages())
            self._sharing = True
        try:
            # One area, in this process: forking workers from a process with threads is not safe.
            summary = build(self.root, self.out, self.today or dt.date.today(), [self.slug],
                            packs=False, jobs=1)
        except DataErrors as errors:
            # The mistakes first, then the warnings: what stopped the preview is what shows first.
            shown = sorted(errors.problems, key=lambda problem: problem.warning)
            problems = "\n".join(problem.format(self.root) for problem in shown)
            problems += f"\n\n{errors}"
        except JobclubError as error:
            problems = str(error)
        except Exception:  # a bug, not a data mistake: say so, and keep the preview running
            problems = "Job Club Kit went wrong while building (this is a bug):\n" + traceback.format_exc()
        if problems is None:
            for warning in summary.warnings:
                self.echo(warning.format(self.root), err=True)
            self.echo(f"Built {self.slug} in {time.monotonic() - started:.1f}s.")
        else:
            self.echo(problems, err=True)
            self.echo("The preview shows these problems and the last version that worked.", err=True)
        with self._lock:
            self._version += 1
            self._problems = problems
            self._lock.notify_all()
        return problems is None

    def has_page(self) -> bool:
        return (self.out / self.slug / "index.html").is_file()


# --- Watching for changes ------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every watched file's modification time and size, by path. Hidden files (editors' swap and
    backup files) are left out."""
    found: dict[str, tuple[int, int]] = {}
    for name in WATCHED:
        top = root / name
        paths = [top] if top.is_file() else top.rglob("*") if top.is_dir() else []
        for path in paths:
            relative = path.relative_to(root)
            if any(part.startswith(".") for part in relative.parts) or path.name.endswith("~"):
                continue
            try:
                status = path.stat()
            except OSError:  # removed while we looked
                continue
            if path.is_file():
                found[relative.as_posix()] = (status.st_mtime_ns, status.st_size)
    return found


def changed_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def watch(preview: Preview, seen: dict[str, tuple[int, int]], stop: threading.Event,
          interval: float = POLL_SECONDS) -> None:
    """Rebuild whenever a watched file changes, until `stop` is set."""
    while not stop.wait(interval):
        now = snapshot(preview.root)
        if now == seen:
            continue
        # Editors often save in two steps: wait for the files to settle before building.
        time.sleep(interval / 2)
        now = snapshot(preview.root)
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
    if problems is not None:
        banner = problems_banner(problems, "The preview was not updated: there are problems in the data")
        html, found = re.subn(r"<body\b[^>]*>", lambda match: match[0] + "\n" + banner, html, count=1)
        if not found:
            html = banner + html
    script = RELOAD_SCRIPT % {"version": version, "path": VERSION_PATH}
    at = html.rfind("</body>")
    return html[:at] + script + html[at:] if at >= 0 else html + script


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
            since = parse_qs(urlsplit(self.path).query).get("since", [""])[0]
            if since.isdigit():
                version = preview.wait_for_change(int(since), LONG_POLL_SECONDS)
            return self._send(HTTPStatus.OK, "text/plain; charset=utf-8", str(version).encode(), with_body)
        if path == "/":
            return self._redirect(f"/{preview.slug}/")
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            html = decorate(file.read_text(encoding="utf-8"), version, problems)
            return self._send(HTTPStatus.OK, "text/html; charset=utf-8", html.encode(), with_body)
        if not file.is_file() and not preview.has_page():
            heading = "The preview could not be built: there are problems in the data"
            page = PROBLEMS_PAGE % {"banner": problems_banner(problems or "Building...", heading)}
            html = decorate(page, version, None)
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8", html.encode(),
                              with_body)
        missing = preview.out / preview.slug / "404.html"
        if not file.exists() and missing.is_file():
            html = decorate(missing.read_text(encoding="utf-8"), version, problems)
            return self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", html.encode(), with_body)
        if with_body:
            super().do_GET()
        else:
            super().do_HEAD()

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

    def end_headers(self) -> None:
        # Always fetch the newest build.
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
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(preview, seen, stop), daemon=True)
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
        server.server_close()
        preview.forget_templates()
