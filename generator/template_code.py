"""The theme's templates compiled once, not in every worker of every build.

Each worker of a build compiles Material's templates before it draws its first page: about a fifth
of a second, the same work in every worker and every build, and a tenth of a rebuild after one guide
changed. Jinja can keep what it compiled (its "bytecode cache"): here in the user's cache folder
beside memo.py's answers, one file per template, read only from a file of the user's own that nobody
else can write (it is code that will run). Jinja itself checks that the template's source is the one
the code was compiled from; the file's name holds everything else the code depends on (Python,
Jinja, and the environment's settings), so any change compiles the template again.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from . import memo


class KeptTemplateCode(jinja2.BytecodeCache):
    """Compiled templates kept in `folder`, under a name that holds `settings` too."""

    def __init__(self, folder: Path, settings: str) -> None:
        self.folder = folder
        self.settings = settings

    def load_bytecode(self, bucket: Bucket) -> None:
        # Anything wrong with a kept file (missing, spoilt, someone else's) only means compiling again.
        with contextlib.suppress(Exception):
            bucket.bytecode_from_string(memo.own_bytes(self._path(bucket)))

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(Exception):
            memo.write_whole(self._path(bucket), bucket.bytecode_to_string())

    def _path(self, bucket: Bucket) -> Path:
        name = hashlib.sha256(f"{self.settings}\0{bucket.key}".encode()).hexdigest()
        return self.folder / f"{name}.jinja"


def keep_compiled(environment: jinja2.Environment) -> None:
    """From now on, `environment`'s templates are compiled once and kept (unless the kit's cache is
    off: JOBCLUB_CACHE=off)."""
    place = memo.folder()
    if place is not None:
        environment.bytecode_cache = KeptTemplateCode(place / "templates", _settings(environment))


def _settings(environment: jinja2.Environment) -> str:
    """What the code Jinja compiles depends on besides the template's source: Python, Jinja, and the
    environment's syntax, extensions and escaping. Jinja works out constant expressions when it
    compiles, through the environment's `finalize` and filters: the kit's code (which defines those)
    and the installed mkdocs and Material (whose filters the theme's templates use) are part of it."""
    autoescape = environment.autoescape
    parts = [
        sys.version,
        memo.kit_version(),
        memo.installed("jinja2"),
        memo.installed("markupsafe"),
        memo.installed("mkdocs"),
        memo.installed("material"),
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        str(environment.line_statement_prefix), str(environment.line_comment_prefix),
        repr((environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence)),
        repr((environment.keep_trailing_newline, environment.optimized, environment.is_async)),
        repr(sorted(environment.extensions)),
        _name(environment.finalize),
        _name(autoescape),
    ]
    return "\0".join(parts)


def _name(setting: object) -> str:
    """A function by its name (its repr holds where it is in this process's memory)."""
    if callable(setting):
        name = getattr(setting, "__qualname__", type(setting).__name__)
        return f"{getattr(setting, '__module__', '')}.{name}"
    return repr(setting)
