"""Publishing: the whole new site or the whole old one, into a symlink's target or a mount point;
every refusal of the operating system said in one sentence, with the published site untouched."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import weasyprint
from click.testing import CliRunner, Result
from test_build import snapshot
from test_incremental import add_area

from generator import publish, workspace
from generator.build import build
from generator.cli import main
from generator.outfolder import MARKER
from generator.packs import cached_pdf

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def three_areas(project: Path) -> Path:
    add_area(project, "otherton", "Otherton")
    add_area(project, "thirdton", "Thirdton")
    return project


def change_timetables(project: Path, *slugs: str) -> None:
    for slug in slugs:
        timetable = project / f"site_data/{slug}/timetable.yml"
        timetable.write_text(timetable.read_text().replace("spaces: 12", "spaces: 9"))


def expected_site(project: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a clean build of the project as it is now publishes (rebuilds give the same bytes)."""
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(project, clean, TODAY, packs=False)
    return snapshot(clean)


def leftovers(*folders: Path) -> list[str]:
    return sorted(
        path.name for folder in folders if folder.is_dir() for path in folder.iterdir()
        if ".staging-" in path.name or path.name.startswith("build-")
    )


def jobclub(project: Path, monkeypatch: pytest.MonkeyPatch, *arguments: str) -> Result:
    monkeypatch.chdir(project)
    return CliRunner().invoke(main, ["build", "--today", "2026-11-25", "--no-packs", *arguments])


@pytest.fixture
def mount_point(tmp_path: Path) -> Iterator[Path]:
    """A small disk of its own (tmpfs), as a container volume or a network share would be."""
    folder = tmp_path / "volume"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small disk here (needs root): {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)


# --- Where the site goes ------------------------------------------------------------------------


def test_a_symlinked_output_folder_publishes_into_its_target(three_areas: Path, tmp_path: Path) -> None:
    web_root = tmp_path / "www/jobclub"
    web_root.mkdir(parents=True)
    link = three_areas / "site"
    link.symlink_to(web_root)
    build(three_areas, link, TODAY, packs=False)
    change_timetables(three_areas, "otherton")
    assert build(three_areas, link, TODAY, packs=False).areas == ["otherton"]
    assert link.is_symlink() and os.readlink(link) == str(web_root)
    assert "9 places." in (web_root / "otherton/index.html").read_text()
    assert snapshot(web_root) == expected_site(three_areas, tmp_path)
    assert leftovers(three_areas, web_root.parent, three_areas / ".jobclub-work") == []


def test_a_mount_point_is_published_inside(three_areas: Path, tmp_path: Path, mount_point: Path) -> None:
    build(three_areas, mount_point, TODAY, packs=False)
    change_timetables(three_areas, "otherton")
    assert build(three_areas, mount_point, TODAY, packs=False).areas == ["otherton"]
    assert os.path.ismount(mount_point)
    assert snapshot(mount_point) == expected_site(three_areas, tmp_path)
    assert leftovers(mount_point, tmp_path) == []


def test_when_the_system_cannot_swap_the_folder_it_publishes_inside(
    three_areas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mount point that does not look like one: the swap of the whole folder fails with EBUSY."""
    out = three_areas / "site"
    build(three_areas, out, TODAY, packs=False)
    folder = out.stat().st_ino
    real_exchange = publish._exchange

    def busy_for_the_folder(first: Path, second: Path) -> bool:
        return False if second == out else real_exchange(first, second)

    monkeypatch.setattr(publish, "_exchange", busy_for_the_folder)
    change_timetables(three_areas, "otherton")
    build(three_areas, out, TODAY, packs=False)
    assert out.stat().st_ino == folder
    assert snapshot(out) == expected_site(three_areas, tmp_path)
    assert leftovers(out, three_areas) == []


# --- All or nothing -----------------------------------------------------------------------------


def build_and_kill_at(project: Path, point: str, out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--today", "2026-11-25", "--no-packs", "--out", str(out)],
        cwd=project, env={**os.environ, publish.STOP_AT: point}, capture_output=True, text=True,
    )
    assert result.returncode == -9, f"the build was not stopped at {point}: {result.stderr}"


@pytest.mark.parametrize("point", ["carried-testshire", "before-swap", "after-swap"])
def test_a_build_killed_while_publishing_leaves_the_old_site_or_the_new_one(
    three_areas: Path, tmp_path: Path, point: str
) -> None:
    """Otherton changes; testshire and thirdton are carried over: the build is stopped between the two
    carried areas, just before the swap, and just after it."""
    out = three_areas / "site"
    build(three_areas, out, TODAY, packs=False)
    old = snapshot(out)
    change_timetables(three_areas, "otherton")
    new = expected_site(three_areas, tmp_path)
    build_and_kill_at(three_areas, point, out)
    assert snapshot(out) == (new if point == "after-swap" else old)
    # The next build tidies what the killed one left, and publishes the new site.
    build(three_areas, out, TODAY, packs=False)
    assert snapshot(out) == new
    assert leftovers(three_areas, out, three_areas / ".jobclub-work") == []


def test_publishing_into_a_mount_point_killed_between_two_areas_is_finished_by_the_next_build(
    three_areas: Path, tmp_path: Path, mount_point: Path
) -> None:
    """Inside a mount point the areas are swapped one after another; a journal written first lets the
    next build finish what a killed one started, before it reads what is published."""
    build(three_areas, mount_point, TODAY, packs=False)
    change_timetables(three_areas, "otherton", "thirdton")
    new = expected_site(three_areas, tmp_path)
    build_and_kill_at(three_areas, "published-otherton", mount_point)
    assert "9 places." in (mount_point / "otherton/index.html").read_text()
    assert "9 places." not in (mount_point / "thirdton/index.html").read_text()
    summary = build(three_areas, mount_point, TODAY, packs=False)
    assert summary.areas == []  # nothing left to build: the killed build's site is now published whole
    assert snapshot(mount_point) == new
    assert leftovers(mount_point) == []


# --- What the operating system refuses ----------------------------------------------------------


def test_a_read_only_disk_is_one_sentence_and_the_site_stays(
    three_areas: Path, mount_point: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(three_areas, mount_point, TODAY, packs=False)
    before = snapshot(mount_point)
    remount(mount_point, "ro")
    change_timetables(three_areas, "otherton")
    result = jobclub(three_areas, monkeypatch, "--out", str(mount_point))
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: Could not write {mount_point}/")
    assert result.output.endswith(
        " because the disk is read-only: choose a folder on another disk with --out "
        "(the published site was left as it was).\n"
    )
    assert snapshot(mount_point) == before


def test_a_full_disk_is_one_sentence_and_the_site_stays(
    three_areas: Path, tmp_path: Path, mount_point: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(three_areas, tmp_path / "first", TODAY, packs=False)
    for item in (tmp_path / "first").iterdir():
        (shutil.copytree if item.is_dir() else shutil.copy2)(item, mount_point / item.name)
    before = snapshot(mount_point)
    used = sum(len(data) for data in before.values())
    remount(mount_point, f"size={used + 400_000}")  # room for what is there, not for one more area
    change_timetables(three_areas, "otherton")
    result = jobclub(three_areas, monkeypatch, "--out", str(mount_point))
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"Error: Could not write {mount_point}/")
    assert " because the disk is full: free some space on it, or choose a folder on another disk" in result.output
    assert len(result.output.splitlines()) == 1
    assert snapshot(mount_point) == before
    assert leftovers(mount_point) == []


def test_permission_denied_is_one_sentence_and_the_site_stays(
    three_areas: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root, whom file modes do not stop: the system's answer is simulated, with its errno."""
    out = three_areas / "site"
    build(three_areas, out, TODAY, packs=False)
    before = snapshot(out)
    real_mkdir = os.mkdir

    def denied(path: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
        if ".staging-" in os.fspath(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", denied)
    change_timetables(three_areas, "otherton")
    result = jobclub(three_areas, monkeypatch)
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: Could not write {three_areas}/.site.staging-")
    assert result.output.endswith(
        " because permission was denied: ask whoever looks after this computer for access, or choose a "
        "folder you may write to with --out (the published site was left as it was).\n"
    )
    assert snapshot(out) == before


def test_a_busy_folder_half_way_through_publishing_puts_back_what_was_swapped(
    three_areas: Path, mount_point: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(three_areas, mount_point, TODAY, packs=False)
    before = snapshot(mount_point)
    real_exchange = publish._exchange

    def busy_at_thirdton(first: Path, second: Path) -> bool:
        if second == mount_point / "thirdton":
            raise OSError(errno.EBUSY, "Device or resource busy", str(second))
        return real_exchange(first, second)

    monkeypatch.setattr(publish, "_exchange", busy_at_thirdton)
    change_timetables(three_areas, "otherton", "thirdton")
    result = jobclub(three_areas, monkeypatch, "--out", str(mount_point))
    assert result.exit_code == 2
    assert result.output == (
        f"Error: Could not write {mount_point}/thirdton because another program is using it: close any "
        "program (or file window) that has it open, then build again (the published site was left as it was).\n"
    )
    assert snapshot(mount_point) == before
    assert leftovers(mount_point) == []


# --- Neighbours and leftovers -------------------------------------------------------------------


def test_two_builds_with_the_same_process_id_get_their_own_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two containers sharing a project both run as PID 1: names and liveness do not rest on it."""
    monkeypatch.setattr(os, "getpid", lambda: 1)
    first = workspace.claim_folder(tmp_path, "build-")
    second = workspace.claim_folder(tmp_path, "build-")  # tidies leftovers: must not take the first
    assert first.folder != second.folder and first.folder.is_dir() and second.folder.is_dir()
    (first.folder / "page.html").write_text("half built")
    workspace.remove_abandoned(tmp_path, "build-")
    assert (first.folder / "page.html").is_file()
    os.close(first.descriptor)  # as when its process is killed: the kernel drops the lock
    workspace.remove_abandoned(tmp_path, "build-")
    assert not first.folder.exists() and not first.lock.exists() and second.folder.is_dir()
    second.release()
    assert list(tmp_path.iterdir()) == []


def test_a_killed_builds_work_folder_is_removed_by_the_next_build(three_areas: Path) -> None:
    work = three_areas / ".jobclub-work"
    (work / "build-1").mkdir(parents=True)  # left by the first versions, named by process id only
    (work / "build-1/page.md").write_text("half")
    killed = work / workspace.unique_name("build-")
    killed.mkdir()
    (killed.with_name(killed.name + ".lock")).write_text("")  # nobody holds it any more
    build(three_areas, three_areas / "site", TODAY, packs=False)
    assert leftovers(work) == []


def test_old_copies_a_killed_build_was_removing_are_removed_by_the_next_build(three_areas: Path) -> None:
    out = three_areas / "site"
    build(three_areas, out, TODAY, packs=False)
    killed = three_areas / workspace.unique_name(".site.trash-")
    (killed / "otherton").mkdir(parents=True)
    (killed / "otherton/index.html").write_text("old")
    (killed.with_name(killed.name + ".lock")).write_text("")  # nobody holds it any more
    change_timetables(three_areas, "otherton")
    build(three_areas, out, TODAY, packs=False)
    assert sorted(path.name for path in three_areas.glob(".site*")) == [".site.spare"]


def test_the_pdf_cache_keeps_only_what_recent_builds_used(tmp_path: Path) -> None:
    """Each use marks an entry; entries no build used for 30 days go."""
    cache = tmp_path / "pdf-cache"
    cache.mkdir()
    key = hashlib.sha256("\0".join(["<p>Poster</p>", weasyprint.__version__]).encode()).hexdigest()
    hit, stale = cache / f"{key}-1.pdf", cache / "0000-1.pdf"
    for entry in (hit, stale):
        entry.write_bytes(b"%PDF-1.7 cached")
        os.utime(entry, (0, 0))
    data, pages = cached_pdf(cache, ["<p>Poster</p>"], lambda: pytest.fail("laid out although cached"))
    assert (data, pages) == (b"%PDF-1.7 cached", 1)
    workspace.prune_pdf_cache(cache, days=30)
    assert hit.exists() and not stale.exists()


def test_a_rebuild_starts_from_the_old_site_and_links_only_what_changed(
    three_areas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old site is kept beside the output folder after a swap; the next build starts from it, so
    a national rebuild does not link every area's files again."""
    out = three_areas / "site"
    carried: list[str] = []
    real_carry = publish._carry

    def carry(source: Path, target: Path) -> None:
        if source.parent == out:
            carried.append(source.name)
        real_carry(source, target)

    monkeypatch.setattr(publish, "_carry", carry)
    build(three_areas, out, TODAY, packs=False)
    change_timetables(three_areas, "otherton")
    build(three_areas, out, TODAY, packs=False)
    assert carried == ["testshire", "thirdton"] and (three_areas / ".site.spare").is_dir()
    carried.clear()
    timetable = three_areas / "site_data/otherton/timetable.yml"
    timetable.write_text(timetable.read_text().replace("spaces: 9", "spaces: 8"))
    assert build(three_areas, out, TODAY, packs=False).areas == ["otherton"]
    assert carried == []
    assert snapshot(out) == expected_site(three_areas, tmp_path)
    # The spare's old copy of the area rebuilt was removed (while the area was built): beside the
    # site is only the spare.
    assert sorted(path.name for path in three_areas.glob(".site*")) == [".site.spare"]
    shutil.rmtree(three_areas / "site_data/thirdton")  # an area removed is not brought back from the spare
    build(three_areas, out, TODAY, packs=False)
    assert sorted(path.name for path in out.iterdir()) == [MARKER, "finder.js", "finder.json", "index.html", "otherton", "testshire"]
    assert snapshot(out) == expected_site(three_areas, tmp_path)


def test_a_link_planted_at_the_temporary_name_is_not_written_through(tmp_path: Path) -> None:
    """replace_file writes under a temporary name that can be guessed (the process id). In a folder
    others can write (a shared project's .jobclub-work/pdf-cache), a link planted at that name must
    not make the build write into the file it points at."""
    cache = tmp_path / "pdf-cache"
    cache.mkdir()
    victim = tmp_path / "someone-elses-file.txt"
    victim.write_text("keep me")
    target = cache / "abc-2.pdf"
    (cache / f".{target.name}.{os.getpid()}.tmp").symlink_to(victim)
    publish.replace_file(target, b"%PDF-1.7 new")
    assert victim.read_text() == "keep me"
    assert target.read_bytes() == b"%PDF-1.7 new" and not target.is_symlink()
    assert sorted(path.name for path in cache.iterdir()) == [target.name]
