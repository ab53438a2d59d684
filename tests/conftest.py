"""Shared fixtures: whole sample projects copied into a temporary folder, with the real templates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(destination: Path, fixture: str = "basic") -> Path:
    """A project folder: the fixture's content/ and site_data/, and this project's templates (and
    national services, content/services.yml, unless the fixture has its own)."""
    shutil.copytree(FIXTURES / fixture, destination)
    shutil.copytree(ROOT / "templates", destination / "templates")
    if not (destination / "content" / "services.yml").exists():  # the national services are the kit's
        shutil.copy(ROOT / "content" / "services.yml", destination / "content" / "services.yml")
    shutil.copy(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    return destination


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")
