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
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import Pool
from multiprocessing.process import BaseProcess
from typing import TypeVar

from .errors import BuildError

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class Workers:
    """Worker processes (see forked) that run a function on each of many tasks."""

    def __init__(self, pool: Pool, started: list[BaseProcess]) -> None:
        self.pool, self.started = pool, started

    def imap(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """`function` of each task, in order, run in the workers. A pool waits for ever for the task
        of a worker the system killed (out of memory, say): a worker that stops while the tasks run
        is an error that says so."""
        results = self.pool.imap(function, tasks)
        while True:
            try:
                yield results.next(timeout=_LOOK_SECONDS)
            except StopIteration:
                return
            except multiprocessing.TimeoutError:
                stopped = [process.exitcode for process in self.started if process.exitcode is not None]
                if stopped:
                    why = ": killed, perhaps as the machine ran out of memory" if stopped[0] < 0 else ""
                    raise BuildError(
                        f"A process building the sites stopped before it had finished (exit code "
                        f"{stopped[0]}{why}). Nothing was published: the site is as it was. Build "
                        "again; if it happens again, build fewer areas at once, with --jobs 1."
                    ) from None


_LOOK_SECONDS = 0.5  # how often a build waiting for a result looks whether its workers are still there


@contextlib.contextmanager
def forked(
    workers: int, initializer: Callable[..., object] | None = None, initargs: tuple[object, ...] = ()
) -> Iterator[Workers]:
    """`workers` processes forked from this one, which stop when this one is killed, and each run
    `initializer(*initargs)` first. Leaving the block stops them."""
    parent = os.getpid()
    before = set(multiprocessing.active_children())
    with multiprocessing.get_context("fork").Pool(
        workers, _start, (parent, initializer, initargs)
    ) as pool:
        yield Workers(pool, [child for child in multiprocessing.active_children() if child not in before])


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
