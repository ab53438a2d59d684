"""Folders a build works in, and tidying what a killed build left.

Two builds may share a project (two containers with the same folder mounted, both running as PID 1),
so a process id alone names nothing uniquely and says nothing about whether a build is alive. Each
build's folder is named from the host, the process id and a random part, and the build holds a lock
on a file beside it (`flock`, released by the kernel when the process dies, however it died). A
folder whose lock nobody holds was left by a build that was killed: the next build removes it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_SUFFIX = ".lock"
PDF_CACHE_DAYS = 30  # a cached PDF no build has used for this long is removed


def unique_name(prefix: str) -> str:
    host = re.sub(r"[^A-Za-z0-9]+", "-", socket.gethostname()).strip("-")[:24] or "host"
    return f"{prefix}{host}-{os.getpid()}-{secrets.token_hex(4)}"


class Claim:
    """A new folder of this build's own, and a lock on `<folder>.lock` held for as long as this
    process (or its workers) lives."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lock = folder.with_name(folder.name + LOCK_SUFFIX)
        self.descriptor = os.open(self.lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        fcntl.flock(self.descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            folder.mkdir()
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        """Remove the folder, then the lock."""
        shutil.rmtree(self.folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.lock.unlink()
        os.close(self.descriptor)


def abandoned(folder: Path) -> bool:
    """True when no living build holds the lock beside `folder`."""
    try:
        descriptor = os.open(folder.with_name(folder.name + LOCK_SUFFIX), os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def remove_abandoned(parent: Path, prefix: str) -> None:
    """Remove the folders (and their lock files) named `prefix…` in `parent` that no build holds."""
    if not parent.is_dir():
        return
    for leftover in sorted(parent.glob(prefix + "*")):
        if leftover.name.endswith(LOCK_SUFFIX):
            folder = leftover.with_name(leftover.name[: -len(LOCK_SUFFIX)])
            if not folder.exists() and abandoned(folder):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
            continue
        if abandoned(leftover):
            remove(leftover)
            with contextlib.suppress(FileNotFoundError):
                leftover.with_name(leftover.name + LOCK_SUFFIX).unlink()


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def claim_folder(parent: Path, prefix: str) -> Claim:
    """A new folder of this build's own in `parent`, once what killed builds left there is removed."""
    parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(parent, prefix)
    return Claim(parent / unique_name(prefix))


@contextlib.contextmanager
def claimed_folder(parent: Path, prefix: str) -> Iterator[Path]:
    """`claim_folder`, released (removed) when the block ends."""
    claim = claim_folder(parent, prefix)
    try:
        yield claim.folder
    finally:
        claim.release()


def prune_pdf_cache(cache: Path, days: int = PDF_CACHE_DAYS) -> None:
    """Remove cached PDFs no build has used for `days` days (each use touches the file)."""
    if not cache.is_dir():
        return
    oldest = time.time() - days * 86400
    for entry in cache.glob("*.pdf"):
        with contextlib.suppress(FileNotFoundError):
            if entry.stat().st_mtime < oldest:
                entry.unlink()
