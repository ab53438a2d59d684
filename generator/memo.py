"""Answers that take a noticeable part of a second to work out and are always the same for the same
question, kept on disk so that the next `jobclub check` or build does not work them out again.

Two things are kept: the bank holidays of a nation in a year (the `holidays` package reads every
country's rules before it answers for one) and the reading-age figures of a page (pyphen reads its
whole dictionary before it counts one syllable). The key of an answer is its question and the
installed copy of whatever works it out, so a new version of a library, or of this file's formulas,
asks again.

They are kept in the user's cache folder (`$XDG_CACHE_HOME/jobclub`, else `~/.cache/jobclub`), never
in the project: they hold nobody's data, only what anybody could work out again. A folder that cannot
be written, or an answer that cannot be read, only means it is worked out again. Files are written
whole (to a temporary name, then renamed), so two builds at once never read half an answer.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

# Set JOBCLUB_CACHE=off to work everything out every time (when measuring, for example).
OFF = "off"


def folder() -> Path | None:
    setting = os.environ.get("JOBCLUB_CACHE")
    if setting == OFF:
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "jobclub"


@functools.cache
def installed(package: str) -> str:
    """Which copy of a package is installed, found without importing it (the point is not to): the
    file it starts from, and when that was written. Installing another version writes it again."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return package
    written = os.stat(spec.origin)
    return f"{spec.origin}:{written.st_mtime_ns}:{written.st_size}"


def remembered(kind: str, question: Any, work_out: Callable[[], T]) -> T:
    """The answer to `question` (anything JSON can write) from the cache, or `work_out()`, kept for
    next time. The answer must be JSON: lists, mappings with text keys, text, numbers."""
    place = folder()
    if place is None:
        return work_out()
    key = hashlib.sha256(json.dumps([kind, question], sort_keys=True).encode()).hexdigest()
    path = place / kind / f"{key}.json"
    with contextlib.suppress(OSError, ValueError):
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    # Read back as it would be from the cache, so that the first answer is the same as later ones.
    text = json.dumps(work_out(), sort_keys=True)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
    return json.loads(text)  # type: ignore[no-any-return]
