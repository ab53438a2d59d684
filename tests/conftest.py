"""Shared fixtures: whole sample projects copied into a temporary folder, with the real templates."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The kit keeps bank holidays and reading-age figures on disk (generator/memo.py): for the tests, in a
# folder of this run's own (which the commands the tests start inherit), not in the user's cache.
os.environ["JOBCLUB_CACHE"] = tempfile.mkdtemp(prefix="jobclub-test-cache-")
atexit.register(shutil.rmtree, os.environ["JOBCLUB_CACHE"], ignore_errors=True)
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(destination: Path, fixture: str = "basic") -> Path:
    """A project folder: the fixture's content/ and site_data/, and this project's templates (and
    national services, all checked, unless the fixture has its own content/services.yml)."""
    shutil.copytree(FIXTURES / fixture, destination)
    shutil.copytree(ROOT / "templates", destination / "templates")
    if not (destination / "content" / "services.yml").exists():
        (destination / "content" / "services.yml").write_text(checked_services(), encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    return destination


def copy_of_samples(destination: Path) -> Path:
    """A copy of this project's sample project (its content, areas, templates and mkdocs.yml)."""
    for part in ("content", "site_data", "templates"):
        shutil.copytree(ROOT / part, destination / part)
    shutil.copy(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    return destination


def checked_services() -> str:
    """The kit's national services, each one marked as checked, so that a clean fixture checks
    without warnings (tests/test_services.py tests the warnings)."""
    text = (ROOT / "content" / "services.yml").read_text(encoding="utf-8")
    checked = "    checked:\n      date: 2026-11-01\n      source: https://www.example.org/checked\n"
    return text.replace("    checked: unconfirmed\n", checked)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="module")
def blocks_as_markdown() -> Iterator[None]:
    """For tests that read what the templates say in each session's block, as Markdown: the blocks as
    mkdocs gets them when the kit does not convert each once (tests/test_sites.py checks that both
    give the same site)."""
    from generator import render

    render.BLOCKS_CONVERTED_ONCE = False
    yield
    render.BLOCKS_CONVERTED_ONCE = True
