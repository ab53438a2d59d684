"""Noticeboard posters, read back from the PDF as a person at the noticeboard would read them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pdfplumber
import pytest
from conftest import ROOT

from generator.posters import area_posters, poster_environment
from generator.project import AreaData, load_project

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def conwy() -> dict:
    """Conwy's posters as an English-only area has them (its bilingual poster: tests/test_welsh.py)."""
    project = load_project(ROOT, TODAY, only=["conwy"])
    return area_posters(project, english_only(project.areas["conwy"]), TODAY, poster_environment(ROOT / "templates"))


def english_only(area: AreaData) -> AreaData:
    return dataclasses.replace(area, area=area.area.model_copy(update={"languages": ["en"]}))


def read(data: bytes) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(data))


def test_one_poster_per_area_and_per_venue(conwy: dict) -> None:
    assert sorted(conwy) == [
        "poster-colwyn-bay-jobcentre.pdf", "poster-colwyn-bay-library.pdf", "poster-llandudno-library.pdf",
        "poster.pdf",
    ]


def test_venue_poster_is_one_a4_page_in_large_type(conwy: dict) -> None:
    with read(conwy["poster-colwyn-bay-library.pdf"].data) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)
        assert min(round(char["size"], 1) for char in page.chars) >= 14
        text = page.extract_text()
    assert text.startswith("Job club at Colwyn Bay\nLibrary\nWhat's on in the next 4 weeks")
    assert "Every Thursday, 2pm to 4pm" in text
    assert "Dates: Thu 26 Nov, Thu 3 Dec, Thu 10 Dec, Thu 17 Dec" in text
    # A session of this venue moved elsewhere for a week is on its poster, so nobody walks there.
    # It says what changed, in the same words as the pages and the calendar feed.
    assert (
        "Tue 8 Dec: At Colwyn Bay Jobcentre this week instead\nof Colwyn Bay Library. The study room is needed"
    ) in text
    assert "01632 960400" in text
    assert "https://www.example.org/jobclub/" in text


def test_a_session_moved_to_a_venue_for_a_week_is_on_its_poster_for_that_week_only(conwy: dict) -> None:
    """The library's Tuesday session is at the Jobcentre on 8 December: the Jobcentre's poster must not
    say it runs there every Tuesday, nor name the library's study room."""
    with read(conwy["poster-colwyn-bay-jobcentre.pdf"].data) as pdf:
        text = " ".join(pdf.pages[0].extract_text().split())
    assert "Searching and applying for jobs online Tuesday 8 December only, 9:30am to 11:30am" in text
    assert "Study room" not in text


def test_poster_has_a_qr_code_and_a_title(conwy: dict) -> None:
    with read(conwy["poster.pdf"].data) as pdf:
        assert pdf.metadata["Title"] == "Conwy job club"
        # segno draws the QR code as vector lines: hundreds of them, beside the web address.
        assert len(pdf.pages[-1].lines) > 100
    assert conwy["poster.pdf"].pages == 2


def test_cancelled_dates_are_on_the_poster(tmp_path) -> None:
    project = load_project(ROOT, dt.date(2026, 12, 14), only=["conwy"])
    posters = area_posters(
        project, english_only(project.areas["conwy"]), dt.date(2026, 12, 14), poster_environment(ROOT / "templates")
    )
    with read(posters["poster-colwyn-bay-library.pdf"].data) as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages).replace("\n", " ")
    assert "Not on Tue 29 Dec: The library is closed for Christmas and New Year." in text
    assert "Not on Thu 24 Dec: Christmas Eve. The library closes at lunchtime." in text


def test_wigans_monthly_session_says_which_friday_not_every_friday() -> None:
    project = load_project(ROOT, TODAY, only=["wigan"])
    posters = area_posters(project, project.areas["wigan"], TODAY, poster_environment(ROOT / "templates"))
    with read(posters["poster.pdf"].data) as pdf:
        text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Money and benefits advice drop-in Last Friday of the month, " in text
    assert "Every Friday" not in text


@pytest.fixture(scope="module")
def conwy_at_christmas() -> dict:
    """Conwy's bilingual posters in mid-December, when closures and moves make every session longer."""
    today = dt.date(2026, 12, 16)
    project = load_project(ROOT, today, only=["conwy"])
    return area_posters(project, project.areas["conwy"], today, poster_environment(ROOT / "templates"))


def test_every_bilingual_venue_poster_is_one_sheet_and_says_how_many_weeks_it_shows(
    conwy_at_christmas: dict,
) -> None:
    for name, poster in conwy_at_christmas.items():
        if name == "poster.pdf":
            continue  # the area's what's-on keeps all four weeks, and may run on
        assert poster.pages == 1, name
        with read(poster.data) as pdf:
            text = " ".join(pdf.pages[0].extract_text().split())
            words = pdf.pages[0].extract_words(extra_attrs=["size"])
            footer = min(word["top"] for word in words if word["text"] in ("Argraffwyd", "Printed"))
            smallest = min(word["size"] for word in words if word["top"] < footer - 1)
        weeks = int(text.split("What's on in the next ")[1].split()[0])
        assert 2 <= weeks <= 4 and smallest >= 11.9, name
        # Every date it lists is within the weeks it says (Wednesday 16 December plus that many weeks).
        last = dt.date(2026, 12, 16) + dt.timedelta(weeks=weeks)
        for day in range(1, 32):
            listed = f" {day} Dec" in text.split("Dates:", 1)[-1]
            if listed:
                assert dt.date(2026, 12, day) < last, (name, day)


def test_posters_made_to_fit_keep_every_line_10mm_from_the_edge(conwy_at_christmas: dict) -> None:
    from test_printable_area import outside_the_printable_area

    outside = [line for name, poster in conwy_at_christmas.items()
               for line in outside_the_printable_area(name, poster.data)]
    assert outside == [], "\n".join(outside)


def test_the_welsh_poster_names_the_nation_in_welsh(conwy_at_christmas: dict) -> None:
    with read(conwy_at_christmas["poster.pdf"].data) as pdf:
        text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Help am ddim i bawb – Cymru:" in text
    assert "Free help for everyone in Wales:" in text
    assert "bawb – Wales" not in text


def test_each_side_of_the_bilingual_poster_has_its_own_languages_address_and_qr_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Welsh side (left) sends people to the Welsh site, the English side (right) to the English."""
    import segno

    encoded: list[str] = []
    make = segno.make
    monkeypatch.setattr(segno, "make", lambda content, **options: encoded.append(content) or make(content, **options))
    project = load_project(ROOT, TODAY, only=["conwy"])
    posters = area_posters(project, project.areas["conwy"], TODAY, poster_environment(ROOT / "templates"))
    site = "https://www.example.org/jobclub/conwy/"
    for name, welsh, english in (
        ("poster-colwyn-bay-library.pdf", f"{site}cy/venues/colwyn-bay-library/", f"{site}venues/colwyn-bay-library/"),
        ("poster.pdf", f"{site}cy/", site),
    ):
        with read(posters[name].data) as pdf:
            page = next(page for page in pdf.pages if "ar-lein" in (page.extract_text() or ""))
            left, right = (
                "".join((page.crop(box).extract_text() or "").split())
                for box in ((0, 0, page.width / 2, page.height), (page.width / 2, 0, page.width, page.height))
            )
        assert "Gweldyrhollddyddiadauar-lein:" + welsh in left and site not in left.replace(welsh, ""), name
        assert "Seeallthedatesonline:" + english in right and "/cy/" not in right, name
        assert {welsh, english} <= set(encoded), name
    # Only the pages of the site: nothing else is put in a QR code.
    assert all(url.startswith(site) for url in encoded)
