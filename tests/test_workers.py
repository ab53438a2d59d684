"""A build's workers start before the project is read and get ready meanwhile, and give the same
sites as a build in one process, byte for byte."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import threading
from pathlib import Path

import pytest
from test_build import snapshot
from test_incremental import add_area
from test_sites import link_only_testshire_has

from generator import build as build_module
from generator.build import WORK_FOLDER, build
from generator.errors import BuildError, DataErrors

TODAY = dt.date(2026, 11, 25)


def test_workers_get_ready_while_the_project_is_read(project: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers that build the sites are started before the project is read, and get ready
    meanwhile (the theme's templates compiled); the sites are the same as a build in one process."""
    add_area(project, "otherton", "Otherton")
    log = tmp_path / "ready.log"
    original_ready, original_load = build_module.get_ready, build_module.load_checked_project

    def get_ready(root: Path, work: Path, folder: Path) -> None:
        original_ready(root, work, folder)
        with log.open("a") as file:
            file.write(f"ready {os.getpid()} {folder.exists()}\n")

    def load(*arguments: object) -> object:
        with log.open("a") as file:  # the processes there are when the project starts to be read
            file.write(f"read {' '.join(str(child.pid) for child in multiprocessing.active_children())}\n")
        return original_load(*arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "get_ready", get_ready)
    monkeypatch.setattr(build_module, "load_checked_project", load)
    build(project, tmp_path / "two", TODAY, packs=False, jobs=2)
    lines = [line.split() for line in log.read_text().splitlines()]
    ready = [line for line in lines if line[0] == "ready"]
    (read,) = [line for line in lines if line[0] == "read"]
    # Two workers got ready, and both were there before the project was read.
    assert len({line[1] for line in ready}) == 2 and {line[1] for line in ready} <= set(read[1:])
    assert all(line[2] == "False" for line in ready)  # the site each built to get ready is gone
    monkeypatch.undo()
    build(project, tmp_path / "one", TODAY, packs=False, jobs=1)
    assert snapshot(tmp_path / "two") == snapshot(tmp_path / "one")
    assert not list((project / WORK_FOLDER).glob("build-*"))


def test_a_worker_that_cannot_get_ready_still_builds(project: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    add_area(project, "otherton", "Otherton")

    def broken(*arguments: object) -> None:
        raise RuntimeError("could not get ready")

    monkeypatch.setattr(build_module, "get_ready", broken)
    build(project, tmp_path / "two", TODAY, packs=False, jobs=2)
    monkeypatch.undo()
    build(project, tmp_path / "one", TODAY, packs=False, jobs=1)
    assert snapshot(tmp_path / "two") == snapshot(tmp_path / "one")


def test_a_mistake_found_while_the_workers_wait_stops_them(project: Path, tmp_path: Path) -> None:
    add_area(project, "otherton", "Otherton")
    out = tmp_path / "site"
    build(project, out, TODAY, packs=False, jobs=2)
    before = snapshot(out)
    timetable = project / "site_data/otherton/timetable.yml"
    timetable.write_text(timetable.read_text().replace("venue: ", "venue: nowhere-", 1))
    with pytest.raises(DataErrors) as raised:
        build(project, out, TODAY, packs=False, jobs=2)
    assert any("otherton/timetable.yml" in problem.format(project) for problem in raised.value.problems)
    assert multiprocessing.active_children() == []  # no worker left waiting for a job
    assert snapshot(out) == before
    assert not list((project / WORK_FOLDER).glob("build-*"))


def test_an_area_that_fails_while_another_is_built_leaves_nothing_behind(project: Path, tmp_path: Path) -> None:
    """The workers are stopped before the staging folder is removed, not while one still writes in it."""
    add_area(project, "otherton", "Otherton")
    out = tmp_path / "site"
    build(project, out, TODAY, packs=False, jobs=2)
    before = snapshot(out)
    link_only_testshire_has(project)
    with pytest.raises(BuildError, match="help/jobcentre.md"):
        build(project, out, TODAY, packs=False, jobs=2)
    assert multiprocessing.active_children() == []
    assert sorted(path.name for path in tmp_path.iterdir() if "staging" in path.name) == []
    assert snapshot(out) == before
    assert not list((project / WORK_FOLDER).glob("build-*"))


def test_each_worker_holds_only_the_area_it_builds(project: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays flat in the number of areas: the workers are sent what every area shares once,
    and each area's own data only with the area, not the whole project."""
    for slug in ("otherton", "thirdton"):
        add_area(project, slug, slug.title())
    log = tmp_path / "held.log"
    original = build_module.build_site

    def build_site(*arguments: object, **keywords: object) -> None:
        job = build_module._job
        assert job is not None
        with log.open("a") as file:  # in the worker: the areas its job holds, and the site it builds
            file.write(f"{len(job.project.areas)} {Path(str(arguments[3])).name}\n")
        original(*arguments, **keywords)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "build_site", build_site)
    build(project, tmp_path / "two", TODAY, packs=False, jobs=2)
    held = [line.split() for line in log.read_text().splitlines()]
    assert sorted(site for _, site in held) == ["otherton", "testshire", "thirdton"]
    assert {count for count, _ in held} == {"0"}
    monkeypatch.undo()
    build(project, tmp_path / "one", TODAY, packs=False, jobs=1)
    assert snapshot(tmp_path / "two") == snapshot(tmp_path / "one")


def test_a_worker_killed_by_the_system_stops_the_build_with_a_message(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed while it builds an area (by the system, out of memory) is an error that says
    so, and the published site stays as it was; the build does not wait for ever."""
    add_area(project, "otherton", "Otherton")
    out = tmp_path / "site"
    build(project, out, TODAY, packs=False, jobs=2)
    before = snapshot(out)
    guide = project / "content/guides/make-a-cv.md"
    guide.write_text(guide.read_text() + "\nOne more line.\n")  # both areas are built again
    original = build_module.build_site

    def build_site(*arguments: object, **keywords: object) -> None:
        if Path(str(arguments[3])).name == "otherton":
            os.kill(os.getpid(), signal.SIGKILL)
        original(*arguments, **keywords)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "build_site", build_site)
    raised: list[BaseException] = []

    def run() -> None:
        try:
            build(project, out, TODAY, packs=False, jobs=2)
        except BaseException as error:  # noqa: BLE001 (looked at below)
            raised.append(error)

    building = threading.Thread(target=run, daemon=True)  # if it waits for ever, the test still ends
    building.start()
    building.join(timeout=120)
    assert not building.is_alive(), "the build still waits for the killed worker"
    (error,) = raised
    assert isinstance(error, BuildError) and "killed" in str(error) and "--jobs 1" in str(error)
    assert multiprocessing.active_children() == []
    assert sorted(path.name for path in tmp_path.iterdir() if "staging" in path.name) == []
    assert snapshot(out) == before
    assert not list((project / WORK_FOLDER).glob("build-*"))
