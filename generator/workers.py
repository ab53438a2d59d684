"""Worker processes, forked from this one, for work that is the same for each of many areas (each
area's site: build.py). Forked, not started afresh, so that they have everything this process has
imported."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from multiprocessing.pool import Pool


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@contextlib.contextmanager
def forked(
    workers: int, initializer: Callable[..., object] | None = None, initargs: tuple[object, ...] = ()
) -> Iterator[Pool]:
    """A pool of `workers` processes forked from this one, which stop when this one is killed, and
    each run `initializer(*initargs)` first. Leaving the block stops them."""
    parent = os.getpid()
    with multiprocessing.get_context("fork").Pool(
        workers, _start, (parent, initializer, initargs)
    ) as pool:
        yield pool


def _start(parent: int, initializer: Callable[..., object] | None, initargs: tuple[object, ...]) -> None:
    _die_with_parent(parent)
    # Ctrl-C is for the parent, which stops the pool: a worker would print a traceback of its own,
    # or leave its area unfinished and the parent waiting for it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


def _die_with_parent(parent: int) -> None:
    """A worker stops when the build is killed, so it cannot write into a staging folder that the
    next build is tidying away."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)
