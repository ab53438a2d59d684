"""Answers that take a noticeable part of a second to work out and are always the same for the same
question, kept on disk so that the next `jobclub check` or build does not work them out again.

Two things are kept as JSON: the bank holidays of a nation in a year (the `holidays` package reads
every country's rules before it answers for one) and the reading-age figures of a page (pyphen reads
its whole dictionary before it counts one syllable). The key of an answer is its question and the
installed copy of whatever works it out, so a new version of a library, or of this file's formulas,
asks again.

And, with `by_content`, what one file became when it was read and validated (load.py, validate.py),
what the nation-variant checks found in it (variant_check.py), and a page's reading-age figures and
long Welsh sentences (readability.py, translations.py): a file that has not changed since the last
check is not parsed, validated or looked through again. The key there is the file's path and bytes,
and the kit's own code and libraries (`kit_version`), so any change to either works it out again; one
answer is kept per file, the last. The validators pydantic builds for the models are kept the same
way (validate.py), so validating an edited file does not build its model's schema again. Only what
one file says is kept: every check across files (a timetable naming a venue) is made afresh each
time from the files' answers.

They are kept in the user's cache folder (`$XDG_CACHE_HOME/jobclub`, else `~/.cache/jobclub`), never
in the project. The JSON answers hold nobody's data; the `by_content` answers hold a copy of what the
project's files say (readable only by the user: files are made by mkstemp, mode 0600), nothing that
is not in the project already. A folder that cannot be written, or an answer that cannot be read,
only means it is worked out again. Files are written whole (to a temporary name, then renamed), so two
builds at once never read half an answer.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

# JOBCLUB_CACHE=off (or no, 0, false) works everything out every time (when measuring, for example);
# JOBCLUB_CACHE=/some/folder keeps the answers there. A relative folder is not used: it would be made
# wherever the command was run, in the project's folder, say.
OFF = "off"
_OFF = {"off", "no", "0", "false", "none"}


def folder() -> Path | None:
    # Asked once for every file a check reads: worked out once for each setting of what it depends on.
    environ = os.environ
    return _folder(environ.get("JOBCLUB_CACHE", ""), environ.get("XDG_CACHE_HOME", ""), environ.get("HOME"))


@functools.lru_cache(maxsize=4)
def _folder(setting: str, base: str, home: str | None) -> Path | None:
    """`home` is there for the cache's key: Path.home() reads $HOME."""
    setting = setting.strip()
    if setting.casefold() in _OFF:
        return None
    if setting and Path(setting).is_absolute():
        return Path(setting)
    if not Path(base).is_absolute():  # unset, or not a folder the XDG rules allow
        base = str(Path.home() / ".cache")
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


R = TypeVar("R")


@functools.cache
def kit_version() -> str:
    """What the answers kept by `by_content` depend on besides the file: the text of every module of
    the kit (the models, the loader, the messages), the installed pydantic and PyYAML, and Python."""
    code = hashlib.sha256(sys.version.encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        code.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    for package in ("pydantic", "pydantic_core", "yaml"):
        code.update(installed(package).encode() + b"\0")
    return code.hexdigest()


def by_content(kind: str, slot: str, key: str, work_out: Callable[[], R]) -> R:
    """`work_out()` for `key` (a digest of everything the answer depends on besides the kit's code),
    kept pickled, as it holds paths, positions and validated models that JSON cannot.

    Each `slot` (one file, say) has one place, holding the last answer with its key and
    `kit_version()`, checked on reading: an edited file, a new kit, or a place that is spoilt is
    worked out again and replaces it. So the folder holds one answer per file, however often the
    files are edited. Only this kit writes the folder (in the user's own cache), and a pickle is read
    only from a file of the user's own that nobody else can write (own_bytes), so reading it trusts
    nobody else's code, even in a cache folder that others can write to."""
    place = folder()
    if place is None:
        return work_out()
    full_key = f"{kind}:{key}:{kit_version()}"
    path = place / kind / f"{hashlib.sha256(f'{kind}:{slot}'.encode()).hexdigest()}.pickle"
    # Anything at all going wrong with a kept answer only means working it out again.
    with contextlib.suppress(Exception):
        kept_key, answer = pickle.loads(own_bytes(path))
        if kept_key == full_key:
            return answer
    answer = work_out()
    with contextlib.suppress(Exception):  # an answer that cannot be pickled or written is not kept
        write_whole(path, pickle.dumps((full_key, answer), protocol=pickle.HIGHEST_PROTOCOL))
    return answer


def own_bytes(path: Path) -> bytes:
    """The bytes of a file that is the user's own and that nobody else can write; raises otherwise
    (and for a link)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if hasattr(os, "geteuid") and (status.st_uid != os.geteuid() or status.st_mode & 0o022):
            raise PermissionError(f"{path} could have been written by someone else")
        return file.read()


def remembered(kind: str, question: Any, work_out: Callable[[], Any], read: Callable[[Any], R]) -> R:
    """The answer to `question` (anything JSON can write): from the cache, or `work_out()` (which
    must give lists, mappings with text keys, text and numbers), kept for next time. `read` turns the
    answer as JSON gives it back into what the caller uses, and raises if it is not in the shape it
    should be: then the answer in the cache (spoilt, or not this kit's) is worked out again. The first
    answer goes through `read` too, so it is the same as later ones."""
    place = folder()
    if place is None:
        return read(json.loads(json.dumps(work_out())))
    asked = json.loads(json.dumps([kind, question]))
    path = place / kind / f"{hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()}.json"
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept["question"] == asked:
            return read(kept["answer"])
    text = json.dumps({"question": asked, "answer": work_out()}, sort_keys=True)
    with contextlib.suppress(OSError):
        write_whole(path, text.encode("utf-8"))
    return read(json.loads(text)["answer"])


def write_whole(path: Path, content: bytes) -> None:
    """Write a file whole (to a temporary name, then renamed): a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
