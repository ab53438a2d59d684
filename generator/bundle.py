"""`jobclub bundle --area SLUG`: one ZIP of an area's site, with its guides, packs and posters, that works
opened straight from disk (`file://`), for outreach where there is no internet.

The area is built as usual into a temporary folder, then each page is made to work from disk:
- links to a folder (`../timetable/`) go to its page (`../timetable/index.html`), because a browser
  opening files shows a folder listing, not the page in it;
- Material's search is switched off and hidden, with a note saying so: it runs in a web worker, which
  browsers do not start for pages opened from disk;
- what only a web server uses (the sitemap, the search index, the build's stamp) is left out.
Nothing on the pages is fetched from anywhere else (the built site already asks no third party).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import zipfile
from pathlib import Path

from .errors import JobclubError
from .inputs import PAGES_RECORD

# Written as the ZIP's comment: a file with it was written by this command and may be replaced.
MARK = b"Job Club Kit offline copy"
_LEFT_OUT = {".jobclub.json", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"}
# Material's search code, which does not run from disk.
_SEARCH_CODE = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")
_HREF = re.compile(r'(\shref=")([^"]*)(")')
_NOTE = (
    '<div class="admonition note jobclub-offline"><p>This is a copy of the website to use without the '
    "internet. Search does not work in this copy: use the menu, or your browser's Find (Ctrl and F)."
    "</p></div>"
)
_HIDE_SEARCH = (
    '<style>.md-search, .md-header__button[for="__search"] { display: none !important; }'
    " .jobclub-offline { margin-top: 0; }</style>"
)


class BundleError(JobclubError):
    """The offline copy could not be written; nothing was changed."""


def bundle_area(root: Path, slug: str, out: Path, today: dt.date, packs: bool = True) -> Path:
    """Build `slug` and write it as one ZIP at `out` (a folder `<slug>/` inside, opened at index.html)."""
    from .build import build

    _check_can_write(out)
    with tempfile.TemporaryDirectory(prefix="jobclub-bundle-") as work:
        site = Path(work) / "site"
        build(root, site, today, only=[slug], packs=packs)
        area = site / slug
        moment = (today.year, today.month, today.day, 0, 0, 0)
        temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        try:
            with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.comment = MARK
                for path in sorted(area.rglob("*")):
                    relative = path.relative_to(area).as_posix()
                    if not path.is_file() or relative in _LEFT_OUT or path.name == PAGES_RECORD \
                            or relative.startswith(_SEARCH_CODE):
                        continue
                    data = path.read_bytes()
                    if path.suffix == ".html":
                        data = offline_page(data.decode("utf-8")).encode("utf-8")
                    entry = zipfile.ZipInfo(f"{slug}/{relative}", date_time=moment)
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    entry.external_attr = 0o644 << 16
                    archive.writestr(entry, data)
            os.replace(temporary, out)
        finally:
            temporary.unlink(missing_ok=True)
    return out


def _check_can_write(out: Path) -> None:
    """Never replace a folder, or a file this command did not write."""
    if out.is_dir():
        raise BundleError(f"{out} is a folder. Choose a file name ending in .zip with --out.")
    if out.suffix.lower() != ".zip":
        raise BundleError(f"{out} does not end in .zip. Choose a file name ending in .zip with --out.")
    if out.exists():
        try:
            with zipfile.ZipFile(out) as existing:
                ours = existing.comment == MARK
        except (zipfile.BadZipFile, OSError):
            ours = False
        if not ours:
            raise BundleError(
                f"{out} already exists and was not written by jobclub bundle, so it was left as it was. "
                "Choose another name with --out, or move that file first."
            )
    if not out.parent.is_dir():
        raise BundleError(f"There is no folder {out.parent} to write {out.name} into.")


def offline_page(html: str) -> str:
    """One built page, made to work from disk: links to folders go to their index.html; search off
    and hidden, with a note."""
    html = _HREF.sub(lambda match: match[1] + page_link(match[2]) + match[3], html)
    # Material loads its search index only when there is a form named search, and starts its search
    # (a web worker) only for an element marked as the search component.
    html = html.replace('<form class="md-search__form" name="search">', '<form class="md-search__form">')
    html = html.replace('data-md-component="search"', 'data-jobclub-search="off"')
    html = html.replace("</head>", _HIDE_SEARCH + "</head>", 1)
    html = re.sub(r'(<article class="md-content__inner md-typeset">)', r"\1" + _NOTE, html, count=1)
    return html


def page_link(href: str) -> str:
    """`../timetable/` -> `../timetable/index.html`; `.` -> `index.html`; other links as they are."""
    if not href or href.startswith(("#", "/")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href):
        return href
    path, mark, rest = re.match(r"^([^?#]*)([?#]?)(.*)$", href).groups()  # type: ignore[union-attr]
    last = path.rsplit("/", 1)[-1]
    if path.endswith("/"):
        path += "index.html"
    elif last == ".":
        path = path[:-1] + "index.html"
    elif last == "..":
        path += "/index.html"
    return path + mark + rest
