"""Which folders the kit may write a site into, checked before any work.

The build replaces what is in its output folder, so it writes only into a folder that is missing,
empty, or that it made itself: every build leaves a `.jobclub-site` file at the top. It refuses the
project folder and any folder above it, `site_data/`, `content/` and `templates/` (and anything inside
them), an empty path, and a folder holding files it did not write. A web host's own files (`CNAME`,
`.htaccess`, `.well-known/`) are kept across builds when `jobclub.yml` names them under `keep:`.
"""

from __future__ import annotations

import errno
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from .errors import DataErrors, JobclubError, Problem
from .inputs import STAMP
from .load import load_yaml
from .model import FINDER_FOLDERS
from .validate import validate_document

MARKER = ".jobclub-site"
MARKER_TEXT = (
    b"This folder is a website made by Job Club Kit (jobclub build).\n"
    b"Each build replaces everything in it, except the files named under keep: in jobclub.yml.\n"
)
SETTINGS = "jobclub.yml"
INDEX = "index.html"
# What only the kit's index page has: the new one says so; the first versions' pages had this line.
_OUR_INDEX = (b'<meta name="generator" content="Job Club Kit">',
              b'<a class="skip" href="#main">Skip to content</a>\n<main id="main">\n<h1>')
# The national finder's script and search index, written beside index.html (finder.py).
FINDER_FILES = ("finder.js", "finder.json")
STAGING_PREFIX = ".jobclub-staging-"  # a build publishing inside the folder (a mount point)
_PROTECTED = ("site_data", "content", "templates")


class OutputRefused(JobclubError):
    """The output folder is one the kit must not write into (exit 1, nothing was written)."""


class OutputError(JobclubError):
    """The operating system refused something (exit 2, the published site was left as it was)."""

    exit_code = 2


# --- jobclub.yml: the project's own settings -----------------------------------------------------


def _keep_name(value: str) -> str:
    name = value.rstrip("/")
    if not name or "/" in name or "\\" in name or name in (".", "..") or name.startswith(".jobclub"):
        raise PydanticCustomError(
            "keep",
            '"{value}" is not the name of a file or folder at the top of the output folder',
            {"hint": "Write one name a line, for example CNAME, .htaccess or .well-known/ "
                     "(a folder ends with /).", "value": value},
        )
    if name == INDEX or name in FINDER_FOLDERS:
        raise PydanticCustomError(
            "keep", "{name} cannot be kept: each build writes it",
            {"hint": "Take this line out of keep:.", "name": name if name == INDEX else f"{name}/"},
        )
    return name


class Settings(BaseModel):
    """jobclub.yml, at the top of the project: settings for the whole project."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    keep: list[Annotated[str, AfterValidator(_keep_name)]] = Field(
        default_factory=list,
        description="Files and folders of your web host at the top of the output folder that every "
        "build keeps as they are, for example CNAME, .htaccess or .well-known/.",
    )


def load_settings(root: Path) -> Settings:
    """The project's jobclub.yml (no file: the defaults). Raises DataErrors at the line of a mistake."""
    path = root / SETTINGS
    # The defaults need no checking: made without building the model's validator (check's startup),
    # and given, as pydantic would otherwise look at the signature of each default_factory to call it.
    if not path.is_file():
        return Settings.model_construct(set(), keep=[])
    document = load_yaml(path)
    if document.data is None:
        return Settings.model_construct(set(), keep=[])
    settings, problems = validate_document(document, Settings)
    if settings is None:
        raise DataErrors(problems)
    areas = {folder.name for folder in (root / "site_data").glob("*") if (folder / "area.yml").is_file()}
    clashes = [
        Problem(document.position(("keep", index)), f"keep[{index}]",
                f'"{name}" is the name of an area, whose site each build replaces',
                "Take this line out of keep:, or give the file another name.")
        for index, name in enumerate(settings.keep) if name in areas
    ]
    if clashes:
        raise DataErrors(clashes)
    return settings


# --- The guard ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutputFolder:
    """Where a site is published: `path` has symlinks resolved (a link to a web root publishes into
    its target), `given` is what the user typed, for messages."""

    given: str
    path: Path
    keep: tuple[str, ...] = ()


def output_folder(root: Path, out: str | os.PathLike[str], keep: tuple[str, ...] = (),
                  must_exist: bool = False) -> OutputFolder:
    """The output folder, if the kit may write a site into it; else OutputRefused or OutputError,
    before any work."""
    given = os.fspath(out)
    if not given.strip():
        raise OutputRefused(
            "The output folder is an empty name (--out \"\"): name the folder to build into, "
            "for example --out site. Nothing was written."
        )
    path = Path(os.path.realpath(root / given))
    project = root.resolve()
    if path == project or path in project.parents:
        what = "is the project folder" if path == project else f"holds the project folder ({project})"
        raise OutputRefused(
            f"{given} {what}, and a build replaces everything in its output folder: "
            "choose a new folder for the site, for example --out site. Nothing was written."
        )
    for name in (*_PROTECTED, ".jobclub-work"):
        guarded = (project / name).resolve()
        if path == guarded or (name in _PROTECTED and guarded in path.parents):
            raise OutputRefused(
                f"{given} is {'' if path == guarded else 'inside '}{name}/, which holds the project's own "
                "files: choose a folder outside it for the site, for example --out site. Nothing was written."
            )
    if path.exists() and not path.is_dir():
        raise OutputError(
            f"{given} is a file, not a folder: choose another folder with --out, or move the file away. "
            "Nothing was written."
        )
    if not path.exists():
        if must_exist:
            raise OutputError(
                f"{given} does not exist: build the areas into it first (jobclub build --out {given}), "
                "then write its index. Nothing was written."
            )
        return OutputFolder(given, path, keep)
    foreign = not_ours(path, keep)
    if foreign:
        named = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise OutputRefused(
            f"{given} holds files Job Club Kit did not write ({named}), and a build replaces what is in "
            "its output folder: choose an empty or new folder with --out, or, for your web host's own "
            f"files, name them under keep: in {SETTINGS}. Nothing was written."
        )
    return OutputFolder(given, path, keep)


def not_ours(folder: Path, keep: tuple[str, ...] = ()) -> list[str]:
    """The names at the top of `folder` that the kit did not write and is not told to keep."""
    foreign = []
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        name = entry.name
        if name == MARKER or name in keep or name.startswith(STAGING_PREFIX):
            continue
        if name == INDEX and entry.is_file(follow_symlinks=False) and is_our_index(Path(entry.path)):
            continue
        if name in FINDER_FILES and entry.is_file(follow_symlinks=False):
            if is_our_finder_file(Path(entry.path)):
                continue
        if name in FINDER_FOLDERS and entry.is_dir(follow_symlinks=False) and is_our_finder_folder(
            Path(entry.path)
        ):
            continue
        if entry.is_dir(follow_symlinks=False) and os.path.isfile(os.path.join(entry.path, STAMP)):
            continue  # an area's site (the first versions marked only these)
        foreign.append(name + ("/" if entry.is_dir() else ""))
    return foreign


# finder.js opens with this comment; finder.json is a list of areas with these keys (finder.py).
_OUR_SCRIPT = b"/* The national finder's search box."
_FINDER_KEYS = {"s", "n", "a", "p", "d", "v", "x"}


def is_our_finder_file(path: Path) -> bool:
    """Whether finder.js or finder.json is the kit's, by what is in it (not by what is beside it, so
    that a lost index.html does not make the finder's files look foreign)."""
    try:
        if path.name == "finder.js":
            with path.open("rb") as file:
                return file.read(len(_OUR_SCRIPT)) == _OUR_SCRIPT
        if path.stat().st_size > 50_000_000:
            return False
        areas = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(areas, list) and all(isinstance(area, dict) and _FINDER_KEYS <= area.keys()
                                           for area in areas)


def is_our_finder_folder(folder: Path) -> bool:
    """Whether a folder such as cy/ is the national finder in another language: only its index page
    (or nothing, if that page was lost), which the kit wrote."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return all(name == INDEX and is_our_index(folder / name) for name in names)


def is_our_index(path: Path) -> bool:
    try:
        head = path.read_bytes()[:4096]
    except OSError:
        return False
    return any(signature in head for signature in _OUR_INDEX)


def schema_folder(root: Path, out: str | os.PathLike[str], names: list[str]) -> Path:
    """Where `jobclub schema` may write: not an empty name, not the data folders, and no file it
    would overwrite that is not a schema it wrote."""
    given = os.fspath(out)
    if not given.strip():
        raise OutputRefused("The schema folder is an empty name (--out \"\"): name a folder, "
                            "for example --out schemas. Nothing was written.")
    path = Path(os.path.realpath(root / given))
    project = root.resolve()
    for name in _PROTECTED:
        guarded = (project / name).resolve()
        if path == guarded or guarded in path.parents:
            raise OutputRefused(f"{given} is inside {name}/, which holds the project's own files: "
                                "choose another folder, for example --out schemas. Nothing was written.")
    if path.exists() and not path.is_dir():
        raise OutputError(f"{given} is a file, not a folder: choose another folder with --out. "
                          "Nothing was written.")
    for name in names:
        existing = path / name
        if existing.exists() and not existing.read_bytes().startswith(b'{\n  "$schema": '):
            raise OutputRefused(f"{existing} was not written by Job Club Kit: move it away, or choose "
                                "another folder with --out. Nothing was written.")
    return path


# --- What the operating system refused, said plainly ----------------------------------------------

_WHAT_TO_DO = {
    errno.EACCES: ("permission was denied",
                   "ask whoever looks after this computer for access, or choose a folder you may write to "
                   "with --out"),
    errno.EROFS: ("the disk is read-only", "choose a folder on another disk with --out"),
    errno.ENOSPC: ("the disk is full",
                   "free some space on it, or choose a folder on another disk with --out"),
    errno.EBUSY: ("another program is using it",
                  "close any program (or file window) that has it open, then build again"),
    errno.ENOENT: ("it does not exist", "check the name, or make the folder first"),
    errno.ENOTDIR: ("part of the path is a file, not a folder", "check the name given to --out"),
}
_WHAT_TO_DO[errno.EPERM] = _WHAT_TO_DO[errno.EACCES]
_WHAT_TO_DO[errno.EDQUOT] = ("your share of the disk is used up", _WHAT_TO_DO[errno.ENOSPC][1])
_WHAT_TO_DO[errno.ENOTEMPTY] = _WHAT_TO_DO[errno.EBUSY]


def os_failure(error: OSError) -> str:
    """One sentence for an error from the operating system: the path, what happened, what to do."""
    path = error.filename if error.filename is not None else "a file"
    if error.filename2 is not None and error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
        path = error.filename2  # a copy (shutil) names its source first: the disk is the destination's
    what, to_do = _WHAT_TO_DO.get(error.errno or 0, (
        (error.strerror or str(error)).lower(), "check the folder and the disk, then build again"))
    return (f"Could not write {os.fsdecode(path)} because {what}: {to_do} "
            "(the published site was left as it was).")
