"""Every PDF keeps its text where a printer prints it, with names as long as staff may write.

Office printers cannot print the outer few millimetres of the paper: every line of text of every pack
(standard and large print, tutor and learner) and every poster must stay at least 10 mm from each
edge. The Scottish fixture has an area name and venue names of about 60 characters.
"""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from conftest import make_project

from generator.packs import build_packs
from generator.posters import area_posters, poster_environment
from generator.project import load_project
from generator.render import load_strings

TODAY = dt.date(2026, 11, 25)
MM = 72 / 25.4
EDGE = 10 * MM


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = make_project(tmp_path_factory.mktemp("long") / "p", "scottish-long-names")
    project = load_project(root, TODAY)
    area = project.areas["drumchapel"]
    assert max(len(venue.name) for venue in area.venues.values()) == 60
    strings = load_strings(root / "templates", "en")
    packs = build_packs(project, area, TODAY, root / "packs", strings)
    found = {pack.path.name: pack.path.read_bytes() for pack in packs}
    posters = area_posters(project, area, TODAY, poster_environment(root / "templates"))
    return found | {name: poster.data for name, poster in posters.items()}


def test_the_fixture_makes_every_kind_of_pdf(pdfs: dict[str, bytes]) -> None:
    assert {"cv-writing-tutor.pdf", "cv-writing-learner.pdf", "cv-writing-learner-large-print.pdf",
            "poster.pdf", "poster-learning-centre.pdf", "poster-employability-hub.pdf"} <= set(pdfs)


def outside_the_printable_area(name: str, data: bytes) -> list[str]:
    """Each line of text in the PDF that is nearer than 10 mm to an edge, where printers cut."""
    outside = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for line in page.extract_text_lines():
                if (
                    line["x0"] < EDGE
                    or line["top"] < EDGE
                    or line["x1"] > page.width - EDGE
                    or line["bottom"] > page.height - EDGE
                ):
                    gap = min(line["x0"], line["top"], page.width - line["x1"], page.height - line["bottom"])
                    outside.append(f"{name} page {number}: {line['text']!r} is {gap / MM:.1f} mm from the edge")
    return outside


def test_every_line_of_text_is_at_least_10mm_from_every_edge(pdfs: dict[str, bytes]) -> None:
    outside = [line for name, data in pdfs.items() for line in outside_the_printable_area(name, data)]
    assert outside == [], "\n".join(outside)


def test_the_long_area_name_is_printed_whole_and_once(pdfs: dict[str, bytes]) -> None:
    with pdfplumber.open(io.BytesIO(pdfs["cv-writing-learner-large-print.pdf"])) as pdf:
        text = " ".join((pdf.pages[0].extract_text() or "").split())
    assert "Drumchapel, Knightswood, Yoker and Blairdardie Communities" in text
    assert "job club job club" not in text.lower()


def test_posters_name_a_60_character_venue_in_full(pdfs: dict[str, bytes]) -> None:
    with pdfplumber.open(io.BytesIO(pdfs["poster-employability-hub.pdf"])) as pdf:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert "Job club at Knightswood and Yoker Neighbourhood Employability Hub Office" in text

