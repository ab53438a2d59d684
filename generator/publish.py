"""Never half a site: build into a staging folder, then publish the whole new site at once.

The areas that changed are built into a staging folder beside the output folder. When every one has
built, everything else in the published site (the areas that did not change, the web host's kept
files) is carried into the staging folder as hard links, which copies no data, and the staging folder
and the output folder swap places in one atomic `renameat2(RENAME_EXCHANGE)`. A build that fails, or
is killed at any moment, leaves the published site entirely as it was or entirely new. The old site
is kept beside the output folder (`.site.spare`) and the next build starts from it, so only the areas
that changed since are linked again.

A symlink as the output folder (`site -> /var/www/jobclub`) publishes into its target, and the link
stays. A mount point (a container volume, a network share) cannot be swapped (EBUSY), and neither can
a folder whose parent the build may not write in: then the staging folder is made inside the output
folder, and its parts are swapped in one after another, in milliseconds. A journal written first says
what is being published; if the build is killed during those milliseconds, the next build finishes
the publishing before it does anything else.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from .inputs import IN_PART, read_stamp
from .outfolder import MARKER, MARKER_TEXT, STAGING_PREFIX, OutputFolder
from .workspace import (
    LOCK_SUFFIX,
    Claim,
    abandoned,
    claim_folder,
    claimed_folder,
    remove,
    remove_abandoned,
)

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
JOURNAL = ".jobclub-publishing.json"  # inside a staging folder that is being published part by part
STOP_AT = "JOBCLUB_TEST_STOP_AT"  # tests: kill the build at this point of publishing
# In a staging folder while the areas are built: the spare's copies of the areas being rebuilt.
FORMER = ".jobclub-former"


@contextlib.contextmanager
def staged(folder: OutputFolder, remove_areas: tuple[str, ...] = (), rebuilt: tuple[str, ...] = (),
           rewritten: tuple[str, ...] = (), in_part: tuple[str, ...] = ()) -> Iterator[Path]:
    """A folder to build the `rebuilt` areas and the index into; when the block ends without an error,
    the new site is published (with everything of the old one not rebuilt or removed carried over).
    Of the `rewritten` names (the finder's own folders, such as cy/), those the new site does not
    have are removed, not carried over: the old Welsh finder must not outlive the last Welsh area.
    The areas `in_part` (of the rebuilt ones: the preview's first look, build.py) do not start from
    their old copies, which are removed while they are built."""
    out = folder.path
    recover(out)
    inside = _must_publish_inside(out)
    parent, prefix = (out, STAGING_PREFIX) if inside else (out.parent, f".{out.name}.staging-")
    claim = claim_folder(parent, prefix)
    stage = claim.folder
    trash: Claim | None = None
    tidying: subprocess.Popen[bytes] | None = None
    try:
        ready: set[str] = set()
        if not inside:
            # The old copies of the areas being rebuilt are removed while they are built, not before:
            # on a national site that is thousands of folders. By a process of its own (a thread
            # would be running when the build's workers are forked).
            trash = claim_folder(out.parent, _trash_prefix(out))
            ready = _reuse_spare(out, stage, set(rebuilt), set(remove_areas), trash.folder, set(in_part))
            if any(trash.folder.iterdir()):
                tidying = subprocess.Popen([sys.executable, "-I", "-S", "-c", _REMOVE, str(trash.folder)])
        yield stage
        remove(stage / FORMER)  # what the build did not take of the old copies: little or nothing
        fresh = sorted(set(os.listdir(stage)) - ready)
        gone = (*remove_areas, *(name for name in rewritten if not os.path.lexists(stage / name)))
        replace_file(stage / MARKER, MARKER_TEXT)
        with _publishing_lock(parent):
            if inside:
                _publish_parts(stage, out, [*fresh, MARKER], gone)
            elif _publish_whole(stage, out, fresh, gone) and not _spare(out).exists():
                os.rename(stage, _spare(out))  # the old site, kept to start the next build from
    finally:
        if tidying is not None and not isinstance(sys.exc_info()[1], KeyboardInterrupt):
            tidying.wait()  # stopped by the user: do not wait (the next build removes what is left)
        if trash is not None and (tidying is None or tidying.poll() is not None):
            trash.release()
        claim.release()


def recover(out: Path) -> None:
    """Tidy what killed builds left: staging folders beside the output folder are removed; a
    publishing inside it that was cut short is finished."""
    remove_abandoned(out.parent, f".{out.name}.staging-")
    remove_abandoned(out.parent, _trash_prefix(out))
    if not out.is_dir() or not any(out.glob(STAGING_PREFIX + "*")):
        return
    with _publishing_lock(out):  # two builds tidying at once: one finishes, the other finds it done
        for leftover in sorted(out.glob(STAGING_PREFIX + "*")):
            if leftover.name.endswith(LOCK_SUFFIX) or not leftover.exists() or not abandoned(leftover):
                continue
            journal = leftover / JOURNAL
            if journal.is_file():
                _roll_forward(leftover, out, json.loads(journal.read_text(encoding="utf-8")))
            remove(leftover)
        remove_abandoned(out, STAGING_PREFIX)


def replace_file(path: Path, data: bytes) -> None:
    """Write a file under a temporary name, then move it into place (never a half-written file,
    and never writing through a hard link shared with the published site)."""
    # The process id keeps two workers writing the same file (a shared cache entry) apart.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    # Whatever is at the temporary name (left by a killed build, or a link planted in a folder others
    # can write, such as a shared project's .jobclub-work) is removed, not written through: the file
    # is made new, and never by following a link.
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(temporary, flags, 0o666), "wb") as file:
        file.write(data)
    os.replace(temporary, path)


class Twins:
    """Store identical files once. Every area carries the same theme files (about 2.5 MB), so each
    file that is byte for byte the same as the one at the same place in a reference area becomes a
    hard link to it. Each area's folder still holds all its files and can be deployed on its own."""

    def __init__(self, reference: Path, smallest: int = 1024) -> None:
        self.reference = reference
        self.smallest = smallest
        self._contents: dict[str, bytes] = {}

    def link(self, area: Path) -> None:
        if area.resolve() == self.reference.resolve():
            return
        for folder, _, names in os.walk(area):
            for name in sorted(names):
                path = Path(folder, name)
                mine = os.lstat(path)
                if not stat.S_ISREG(mine.st_mode) or mine.st_size < self.smallest or mine.st_nlink > 1:
                    continue  # a link, a small file, or stored once already (a theme file, a kept page)
                relative = path.relative_to(area).as_posix()
                twin = self.reference / relative
                try:
                    theirs = os.stat(twin)
                except OSError:
                    continue
                if not stat.S_ISREG(theirs.st_mode) or theirs.st_size != mine.st_size:
                    continue  # not the same bytes: no need to read them
                if relative not in self._contents:
                    self._contents[relative] = twin.read_bytes()
                if self._contents[relative] == path.read_bytes():
                    temporary = path.with_name(f".{path.name}.link")
                    os.link(twin, temporary)
                    os.replace(temporary, path)


# --- Publishing the whole site in one swap ------------------------------------------------------


def _publish_whole(stage: Path, out: Path, fresh: list[str], remove_areas: tuple[str, ...]) -> bool:
    """Carry what is not in `stage` yet, then swap it with `out`. True when `stage` now holds the
    old site."""
    if out.is_dir():
        skip = {*os.listdir(stage), *remove_areas}
        for entry in sorted(os.scandir(out), key=lambda entry: entry.name):
            if entry.name not in skip and not entry.name.startswith(STAGING_PREFIX):
                _carry(Path(entry.path), stage / entry.name)
                _stop_here(f"carried-{entry.name}")
    _stop_here("before-swap")
    if not out.exists():
        os.rename(stage, out)
        return False
    if not _exchange(stage, out):
        # Only when the system cannot swap: a mount point not seen as one, or not Linux.
        _publish_copy(stage, out, [*fresh, MARKER], remove_areas)
        return False
    _stop_here("after-swap")
    return True


def _spare(out: Path) -> Path:
    return out.parent / f".{out.name}.spare"


_REMOVE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def _trash_prefix(out: Path) -> str:
    return f".{out.name}.trash-"


def _reuse_spare(
    out: Path, stage: Path, rebuilt: set[str], removed: set[str], trash: Path, in_part: set[str] = frozenset()
) -> set[str]:
    """Start the new site from the old one kept beside the output folder (the spare): its areas that
    are as published stay, and need no links made. A national site has tens of thousands of files;
    linking them all again for each one-timetable rebuild would take seconds. The old copies of the
    areas being rebuilt are put in the staging folder's FORMER folder, for the build to start each
    one from (most of their files are the published ones: build._build_one); the others are moved
    into `trash`, to be removed, as are those of the areas built `in_part`, which a build of one of
    their sites does not start from (removed after it, they would delay the preview's showing it).
    The names kept."""
    spare = _spare(out)
    with _publishing_lock(out.parent):  # two builds never take the same spare
        if not spare.is_dir() or not out.is_dir():
            return set()
        os.rmdir(stage)
        os.rename(spare, stage)
    ready, former = set(), []
    for entry in sorted(os.scandir(stage), key=lambda entry: entry.name):
        stamp = read_stamp(Path(entry.path))
        if entry.is_dir(follow_symlinks=False) and entry.name in rebuilt and entry.name not in in_part:
            former.append(entry.name)
        elif entry.name in rebuilt:
            os.rename(entry.path, trash / entry.name)
        elif entry.is_dir(follow_symlinks=False) and entry.name not in removed and stamp \
                and stamp.get("inputs") != IN_PART and stamp == read_stamp(out / entry.name):
            ready.add(entry.name)
        else:
            os.rename(entry.path, trash / entry.name)
    if former:  # made after the loop: whatever the spare held under that name is in the trash
        os.mkdir(stage / FORMER)
        for name in former:
            os.rename(stage / name, stage / FORMER / name)
    return ready


def carry(source: Path, target: Path) -> None:
    """`source` again at `target`, its files as hard links (for a build that keeps part of an area)."""
    _carry(source, target)


def _carry(source: Path, target: Path) -> None:
    """`source` again at `target`, its files as hard links (no data is copied). A walk of its own:
    about a quarter less time than shutil.copytree."""
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
        return
    if not source.is_dir():
        _link(source, target)
        return
    os.mkdir(target)
    shutil.copystat(source, target, follow_symlinks=False)
    with os.scandir(source) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _carry(Path(entry.path), target / entry.name)
            elif entry.is_symlink():
                os.symlink(os.readlink(entry.path), target / entry.name)
            else:
                _link(entry.path, target / entry.name)


def _link(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except PermissionError:  # a kept file of another owner, where the system protects hard links
        shutil.copy2(source, target)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False if the system cannot (not Linux, or a mount point)."""
    if sys.platform != "linux":
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    result = libc.renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EBUSY, errno.EXDEV, errno.EINVAL, errno.ENOSYS):
        return False
    raise OSError(code, os.strerror(code), str(second))


# --- Publishing part by part, inside a mount point ----------------------------------------------


def _must_publish_inside(out: Path) -> bool:
    """A mount point cannot be swapped, nor a folder in a parent this build may not write in."""
    if not out.is_dir():
        return False
    return _is_mount_point(out) or not os.access(out.parent, os.W_OK | os.X_OK)


def _is_mount_point(path: Path) -> bool:
    if os.path.ismount(path):
        return True
    try:  # a bind mount from the same disk, which ismount does not see
        mounts = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    target = os.fsdecode(os.path.realpath(path))
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) > 4 and _unescape(fields[4]) == target:
            return True
    return False


def _unescape(text: str) -> str:
    return text.encode().decode("unicode_escape") if "\\" in text else text


def _publish_copy(stage: Path, out: Path, names: list[str], remove_areas: tuple[str, ...]) -> None:
    """The new parts copied into a staging folder inside `out`, then published part by part."""
    with claimed_folder(out, STAGING_PREFIX) as inner:
        for name in names:
            source = stage / name
            if source.is_dir() and not source.is_symlink():
                shutil.copytree(source, inner / name, symlinks=True)
            else:
                shutil.copy2(source, inner / name, follow_symlinks=False)
        _publish_parts(inner, out, names, remove_areas)


def _publish_parts(stage: Path, out: Path, names: list[str], remove_areas: tuple[str, ...]) -> None:
    """Each part of `stage` swapped with its namesake in `out`. A journal first: a build killed half
    way is finished by the next one; a system error half way puts back what was swapped."""
    journal = {
        "publish": {name: os.lstat(stage / name).st_ino for name in names},
        "remove": [name for name in remove_areas if os.path.lexists(out / name)],
    }
    replace_file(stage / JOURNAL, json.dumps(journal).encode())
    _roll_forward(stage, out, journal)


def _roll_forward(stage: Path, out: Path, journal: dict) -> None:
    done: list[tuple[str, bool]] = []  # (name, swapped rather than moved)
    try:
        for name, inode in journal["publish"].items():
            new, target = stage / name, out / name
            if os.path.lexists(target) and os.lstat(target).st_ino == inode:
                continue  # published before the last build was killed
            if os.path.lexists(target):
                if not _exchange(new, target):
                    os.rename(target, stage / f".old-{name}")
                    os.rename(new, target)
                done.append((name, True))
            else:
                os.rename(new, target)
                done.append((name, False))
            _stop_here(f"published-{name}")
        for name in journal["remove"]:
            if os.path.lexists(out / name):
                os.rename(out / name, stage / f".removed-{name}")
    except BaseException:  # a system error or Ctrl-C: put back what was swapped, the old site whole
        for name, swapped in reversed(done):
            with contextlib.suppress(OSError):
                if not swapped:
                    os.rename(out / name, stage / name)
                elif not _exchange(stage / name, out / name):
                    os.rename(out / name, stage / name)
                    os.rename(stage / f".old-{name}", out / name)
        raise


@contextlib.contextmanager
def _publishing_lock(folder: Path) -> Iterator[None]:
    """One build publishes into a folder at a time (others wait: it takes moments)."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _stop_here(point: str) -> None:
    """For the tests that prove a build killed while publishing leaves a whole site."""
    if os.environ.get(STOP_AT) == point:
        os.kill(os.getpid(), signal.SIGKILL)
