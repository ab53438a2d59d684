"""What each area's site is made from, as one fingerprint, so that a rebuild does only what changed.

An area's fingerprint covers its own folder in site_data/, everything it shares with other areas
(content/, templates/, mkdocs.yml, this package's code and the versions of the libraries that draw the
pages), and the build's options (--today, --no-packs). The published site keeps each area's fingerprint
in `<area>/.jobclub.json`; an area whose fingerprint has not changed is kept as it is.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

STAMP = ".jobclub.json"
IN_PART = "built in part"  # an area's stamp when only one of its sites was built: never up to date
# What each built site (an area in one language) was built from, page by page (sites.build_site).
PAGES_RECORD = ".jobclub-pages.json"
_LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "jinja2",
    "markdown",
    "markupsafe",
    "nh3",
    "pyyaml",
    "pydantic",
    "weasyprint",
    "icalendar",
    "holidays",
    "segno",
    "babel",
)
_PACKAGE = Path(__file__).resolve().parent


def _hash_files(digest: hashlib._Hash, base: Path, paths: list[Path]) -> None:
    for path in sorted(paths):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts]


@functools.cache  # once per process: the libraries it has imported are the ones it builds with
def version(package: str) -> str:
    from importlib.metadata import version  # on use: `jobclub check` does not need it

    return version(package)


def frame_fingerprint(root: Path, today: dt.date, packs: bool) -> str:
    """Everything every area is built from but the shared content: the templates and theme, the base
    mkdocs.yml, this package's code, the libraries, and the build's options. A site whose frame is the
    same as when it was published can keep the pages whose Markdown did not change (sites.build_site)."""
    digest = hashlib.sha256()
    digest.update(
        json.dumps(
            {
                "today": today.isoformat(),
                "packs": packs,
                "libraries": [version(name) for name in _LIBRARIES],
                "python": sys.version,
            }
        ).encode()
    )
    _hash_files(digest, root, _files(root / "templates"))
    _hash_files(digest, root, [root / "mkdocs.yml"])
    _hash_files(digest, _PACKAGE, sorted(_PACKAGE.glob("*.py")))
    return digest.hexdigest()


def shared_fingerprint(root: Path, frame: str) -> str:
    """Everything every area is built from: the frame and the shared content."""
    digest = hashlib.sha256(frame.encode())
    _hash_files(digest, root, _files(root / "content"))
    return digest.hexdigest()


def own_pages_fingerprint(root: Path, frame: str) -> str:
    """What every area's own pages (all but the guides and the pages every area shares) are made
    from: the frame and the shared content, with each guide and shared page reduced to its first
    line, its title. Those pages show their titles, never their text (render.render_area)."""
    digest = hashlib.sha256(frame.encode())
    for path in sorted(_files(root / "content")):
        data = path.read_bytes()
        if path.suffix == ".md" and path.parent.name in ("guides", "pages"):
            data = data.split(b"\n", 1)[0]
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def area_fingerprints(root: Path, slugs: list[str], shared: str) -> dict[str, str]:
    """Each area's fingerprint: the shared one and the area's own files."""
    found = {}
    for slug in slugs:
        digest = hashlib.sha256(shared.encode())
        folder = root / "site_data" / slug
        _hash_files(digest, folder, _files(folder))
        found[slug] = digest.hexdigest()
    return found


def read_stamp(area_folder: Path) -> dict[str, str]:
    """What the published area was built from ({} if it was not built by this version)."""
    try:
        stamp = json.loads((area_folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # missing, not JSON, nested too deep
        return {}
    return stamp if isinstance(stamp, dict) else {}


def stamp_text(
    name: str, fingerprint: str, names: dict[str, str] | None = None, finder: dict[str, Any] | None = None
) -> bytes:
    """The stamp: the area's name (and its names in its other languages), its fingerprint, and what
    the national finder lists of it (see finder.area_entry), so `jobclub index` can write the finder
    from built output alone."""
    stamp: dict[str, Any] = {"name": name, "inputs": fingerprint}
    if names:
        stamp["names"] = {language: str(text) for language, text in names.items()}
    if finder is not None:
        stamp["finder"] = finder
    return (json.dumps(stamp, ensure_ascii=False, indent=2) + "\n").encode()
