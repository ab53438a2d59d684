"""Never half a site: build into a staging folder beside the output, check it, then swap it in.

A build that fails, or is killed before it publishes, leaves the published folder exactly as it was.
On Linux each swap is one atomic `renameat2(RENAME_EXCHANGE)`; elsewhere two renames.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from .errors import BuildError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@contextlib.contextmanager
def staged(out: Path, areas_only: bool = False, remove: tuple[str, ...] = ()) -> Iterator[Path]:
    """A folder to build into; when the block ends without an error it is published.

    By default the staging folder becomes the whole output folder, in one atomic exchange. With
    `areas_only`, it holds only the areas that changed (and the index): each replaces its published
    folder in one exchange, so the time does not grow with the number of areas kept as they were;
    `remove` names published areas to take away.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(out)
    stage = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        yield stage
        if areas_only and out.is_dir():
            _swap_each(stage, out, remove)
        else:
            _swap(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # after a swap, it holds what was replaced


def replace_file(path: Path, data: bytes) -> None:
    """Write a file under a temporary name, then move it into place (never a half-written file,
    and never writing through a hard link shared with the published site)."""
    # The process id keeps two workers writing the same file (a shared cache entry) apart.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


class Twins:
    """Store identical files once. Every area carries the same theme files (about 2.5 MB), so each
    file that is byte for byte the same as the one at the same place in a reference area becomes a
    hard link to it. Each area's folder still holds all its files and can be deployed on its own."""

    def __init__(self, reference: Path, smallest: int = 1024) -> None:
        self.reference = reference
        self.smallest = smallest
        self._contents: dict[str, bytes | None] = {}

    def link(self, area: Path) -> None:
        if area.resolve() == self.reference.resolve():
            return
        for path in sorted(area.rglob("*")):
            if not path.is_file() or path.is_symlink() or path.stat().st_size < self.smallest:
                continue
            relative = path.relative_to(area).as_posix()
            twin = self.reference / relative
            if relative not in self._contents:
                self._contents[relative] = twin.read_bytes() if twin.is_file() else None
            if self._contents[relative] == path.read_bytes():
                temporary = path.with_name(f".{path.name}.link")
                os.link(twin, temporary)
                os.replace(temporary, path)


def _swap_each(stage: Path, out: Path, remove: tuple[str, ...]) -> None:
    """Publish each area folder and file in `stage` over its namesake in `out`."""
    for item in sorted(stage.iterdir()):
        target = out / item.name
        if item.is_dir() and target.is_dir():
            if not (sys.platform == "linux" and _exchange(item, target)):
                os.rename(target, stage / f".replaced-{item.name}")
                os.rename(item, target)
        else:
            os.replace(item, target)
    for slug in remove:
        if (out / slug).is_dir():
            os.rename(out / slug, stage / f".removed-{slug}")


def _swap(stage: Path, out: Path) -> None:
    if not out.exists():
        os.rename(stage, out)
        return
    if not out.is_dir():
        raise BuildError(f"{out} is a file, not a folder: choose another folder with --out.")
    if sys.platform == "linux" and _exchange(stage, out):
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.rename(out, old)
    os.rename(stage, out)
    os.rename(old, stage)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; False if the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0


def _remove_abandoned(out: Path) -> None:
    """Staging folders left by builds that were killed (their process is gone)."""
    for leftover in out.parent.glob(f".{out.name}.staging-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
