"""Builds and checks of many areas share the work between processes, and give the same answers as
one process: the same sites, byte for byte, and the same problems, in the same order."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from pathlib import Path

import pytest
from material.plugins.search.plugin import SearchIndex
from test_build import snapshot
from test_incremental import add_area

from generator import build as build_module
from generator import project as project_module
from generator import sites
from generator.build import WORK_FOLDER, build
from generator.check import load_checked_project
from generator.errors import DataErrors

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def nine_areas(project: Path) -> Path:
    """More areas than are read in one process (project._AREAS_FOR_WORKERS)."""
    for number in range(8):
        add_area(project, f"area{number}", f"Area {number}")
    assert len(list((project / "site_data").iterdir())) > project_module._AREAS_FOR_WORKERS
    return project


def _problems(root: Path, at_once: int) -> list[str]:
    with pytest.raises(DataErrors) as raised:
        load_checked_project(root, TODAY, None, False, at_once)
    return [problem.format(root) for problem in raised.value.problems]


def test_many_areas_read_in_workers_give_the_same_project(nine_areas: Path, tmp_path: Path) -> None:
    log = tmp_path / "readers.log"
    original = project_module._load_area

    def load_area(folder: Path, *arguments: object) -> object:
        with log.open("a") as file:
            file.write(f"{os.getpid()} {folder.name}\n")
        return original(folder, *arguments)  # type: ignore[arg-type]

    project_module._load_area = load_area  # type: ignore[assignment]
    try:
        alone = load_checked_project(nine_areas, TODAY, None, False, 1)
        log.unlink()
        shared = load_checked_project(nine_areas, TODAY, None, False, 2)
    finally:
        project_module._load_area = original
    readers = {line.split()[0] for line in log.read_text().splitlines()}
    assert str(os.getpid()) not in readers and len(readers) == 2  # read in two other processes
    assert list(shared.areas) == list(alone.areas)
    for slug, area in alone.areas.items():
        assert shared.areas[slug] == area, slug
    assert [p.format(nine_areas) for p in shared.warnings] == [p.format(nine_areas) for p in alone.warnings]


def test_many_areas_read_in_workers_give_the_same_problems(nine_areas: Path) -> None:
    # Mistakes in two areas, far apart in the order they are read.
    for slug, mistake in (("area1", "spaces: 999999"), ("area7", "start: '25:00'")):
        timetable = nine_areas / "site_data" / slug / "timetable.yml"
        text = timetable.read_text()
        key = mistake.split(":")[0] + ":"
        line = next(line for line in text.splitlines() if line.strip().startswith(key))
        timetable.write_text(text.replace(line, line[: line.index(key)] + mistake, 1))
    alone = _problems(nine_areas, 1)
    assert any("area1/timetable.yml" in problem for problem in alone)
    assert any("area7/timetable.yml" in problem for problem in alone)
    assert _problems(nine_areas, 2) == alone


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


def test_pages_one_worker_converted_are_used_by_another(project: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A build's workers hand each other the pages they convert and their search entries
    (sites.exchange_markdown): a page is not converted or indexed again, and the sites are the
    same; a damaged handover is made again."""
    monkeypatch.setattr(sites, "_exchange", None)
    converted: list[str] = []
    original = sites._converting

    def counting(page: object, *arguments: object) -> object:
        converted.append(page.file.src_uri)  # type: ignore[attr-defined]
        return original(page, *arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(sites, "_converting", counting)
    indexed: list[str] = []  # pages whose HTML Material's search plugin read
    reading = SearchIndex.add_entry_from_context

    def indexing(index: object, page: object) -> None:
        indexed.append(page.file.src_uri)  # type: ignore[attr-defined]
        reading(index, page)

    monkeypatch.setattr(SearchIndex, "add_entry_from_context", indexing)
    exchange = tmp_path / "exchange"
    sites.exchange_markdown(exchange)  # as each worker does
    build(project, tmp_path / "first", TODAY, packs=False, jobs=1)
    first, first_indexed = list(converted), list(indexed)
    assert "guides/make-a-cv.md" in first and "guides/make-a-cv.md" in first_indexed
    converted.clear()
    indexed.clear()
    build(project, tmp_path / "second", TODAY, packs=False, jobs=1)  # its own caches start empty
    assert "guides/make-a-cv.md" not in converted and len(converted) < len(first)
    assert "guides/make-a-cv.md" not in indexed and len(indexed) < len(first_indexed)
    assert snapshot(tmp_path / "second") == snapshot(tmp_path / "first")
    for handed in exchange.iterdir():
        handed.write_text('{"key": "damaged"')
    converted.clear()
    build(project, tmp_path / "third", TODAY, packs=False, jobs=1)
    assert sorted(converted) == sorted(first)
    assert snapshot(tmp_path / "third") == snapshot(tmp_path / "first")
