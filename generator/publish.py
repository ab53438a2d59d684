"""Never half a site: build into a staging folder beside the output, check it, then swap it in.

A build that fails, or is killed, leaves the published folder exactly as it was. On Linux the swap is
one atomic `renameat2(RENAME_EXCHANGE)`; elsewhere two renames.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from .errors import BuildError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@contextlib.contextmanager
def staged(out: Path, keep_existing: bool) -> Iterator[Path]:
    """A folder to build into; when the block ends without an error it replaces `out`.

    With `keep_existing`, the staging folder starts as a copy of the published site (hard links, so
    it costs no space): a build of some areas keeps the others as they were.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(out)
    stage = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    try:
        if keep_existing and out.is_dir():
            shutil.copytree(out, stage, copy_function=os.link, symlinks=True)
        else:
            stage.mkdir()
        yield stage
        _swap(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # after a swap, it holds the old site


def replace_file(path: Path, data: bytes) -> None:
    """Write a file under a temporary name, then move it into place (never a half-written file,
    and never writing through a hard link shared with the published site)."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def link_duplicates(folder: Path, smallest: int = 1024) -> None:
    """Store identical files once: every area carries the same theme files (about 2.5 MB each), so
    each copy after the first becomes a hard link to it. Each area's folder still holds all its files
    and can be deployed on its own."""
    by_size: dict[int, list[Path]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            if size >= smallest:
                by_size.setdefault(size, []).append(path)
    for paths in by_size.values():
        if len(paths) < 2 or len({path.stat().st_ino for path in paths}) < 2:
            continue
        first_of: dict[bytes, Path] = {}
        hashes: dict[int, bytes] = {}
        for path in paths:
            inode = path.stat().st_ino
            if inode not in hashes:
                hashes[inode] = hashlib.sha256(path.read_bytes()).digest()
            first = first_of.setdefault(hashes[inode], path)
            if first is not path and first.stat().st_ino != inode:
                temporary = path.with_name(f".{path.name}.link")
                os.link(first, temporary)
                os.replace(temporary, path)


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
