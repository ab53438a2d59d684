"""Printable packs: every sample pack is built and read back as a PDF, the way a tutor would print it."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from conftest import ROOT, make_project
from pypdf import PdfReader

from generator import schedule
from generator.errors import DataErrors
from generator.model import HELP_TOPICS
from generator.packs import (
    NEXT_DATES,
    PACKS,
    PackFile,
    PackPrinter,
    build_packs,
    courses_with_packs,
    local_help,
    opening_times,
)
from generator.paperwork import PAPERWORK
from generator.project import Project, load_project
from generator.render import Strings, load_strings
from generator.variants import for_nation
from generator.worksheets import WriteIn, load_worksheets, missing_worksheets

TODAY = dt.date(2026, 11, 25)
AREAS = ["conwy", "greenwich", "wigan"]
KINDS = [kind for kind, _, _ in (*PACKS, *PAPERWORK)]
A4 = (595, 842)


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(ROOT, TODAY)


@pytest.fixture(scope="module")
def strings() -> Strings:
    return load_strings(ROOT / "templates", "en")


@pytest.fixture(scope="module")
def built(project: Project, strings: Strings, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[PackFile]]:
    out = tmp_path_factory.mktemp("packs")
    return {slug: build_packs(project, project.areas[slug], TODAY, out / slug, strings) for slug in AREAS}


@dataclass
class ReadPack:
    """What pdfplumber sees in one pack, read once for every test."""

    text: str  # every page, with runs of spaces and line breaks made one space (names can wrap)
    footers: list[str]  # the bottom of each page
    sizes: Counter[float]  # characters by font size
    fonts: set[str]
    colours: set[tuple[float, ...]]


@pytest.fixture(scope="module")
def read(built: dict[str, list[PackFile]]) -> dict[Path, ReadPack]:
    found = {}
    for packed in all_packs(built):
        with pdfplumber.open(packed.path) as pdf:
            texts, footers = [], []
            sizes: Counter[float] = Counter()
            fonts, colours = set(), set()
            for page in pdf.pages:
                texts.append(page.extract_text() or "")
                bottom = page.within_bbox((0, page.height - 100, page.width, page.height))
                footers.append(" ".join(bottom.extract_text().split()))
                for char in page.chars:
                    sizes[round(char["size"], 1)] += 1
                    fonts.add(char["fontname"].split("+")[-1])
                    colours.add(tuple(char["non_stroking_color"] or (0,)))
        found[packed.path] = ReadPack(" ".join(" ".join(texts).split()), footers, sizes, fonts, colours)
    return found


def all_packs(built: dict[str, list[PackFile]]) -> list[PackFile]:
    return [pack for packs in built.values() for pack in packs]


def pack(built: dict[str, list[PackFile]], area: str, course: str, kind: str) -> PackFile:
    return next(p for p in built[area] if p.course == course and p.kind == kind)


def table_rows(path: Path) -> list[list[str]]:
    """Every row of every table in the PDF, each cell's text on one line."""
    with pdfplumber.open(path) as pdf:
        return [
            [" ".join(cell.split()) for cell in row if cell is not None]  # None: part of a spanning cell
            for page in pdf.pages
            # Above the running footer, whose rule would otherwise count as a table's edge.
            for table in page.within_bbox((0, 0, page.width, page.height - 100)).extract_tables()
            for row in table
        ]


def text_of(path: Path) -> str:
    """The PDF's text with every run of spaces and line breaks made one space (names can wrap)."""
    with pdfplumber.open(path) as pdf:
        return " ".join(" ".join(page.extract_text() or "" for page in pdf.pages).split())


def test_every_course_gets_its_packs_and_paperwork(
    project: Project, built: dict[str, list[PackFile]]
) -> None:
    for slug in AREAS:
        courses = courses_with_packs(project, project.areas[slug])
        assert "drop-in-job-club" not in courses
        assert sorted(courses) == ["cv-writing", "job-search-online", "using-email"]
        expected = sorted(f"{course}-{kind}.pdf" for course in courses for kind in KINDS)
        assert sorted(p.path.name for p in built[slug]) == expected
        # Nothing else is left in the folder: no temporary files.
        assert sorted(path.name for path in built[slug][0].path.parent.iterdir()) == expected


def test_pack_files_record_their_pages_and_size(built: dict[str, list[PackFile]]) -> None:
    for packed in all_packs(built):
        assert packed.size == packed.path.stat().st_size
        assert packed.pages == len(PdfReader(packed.path).pages)
        assert packed.kilobytes == round(packed.size / 1024)
        assert packed.kind in KINDS


def test_every_page_is_a4_portrait_but_the_job_search_log(built: dict[str, list[PackFile]]) -> None:
    """The job search log is a wide table: it is printed on a landscape page (CSS named page), with a
    column to tick when the line is in the Universal Credit journal."""
    for packed in all_packs(built):
        with pdfplumber.open(packed.path) as pdf:
            for page in pdf.pages:
                landscape = page.width > page.height
                # Only the log's own pages are landscape (the tutor pack and guides may name the log).
                assert not landscape or (packed.course, packed.kind[:7]) == ("job-search-online", "learner")
                size = (page.height, page.width) if landscape else (page.width, page.height)
                assert abs(size[0] - A4[0]) <= 1 and abs(size[1] - A4[1]) <= 1, (packed.path.name, size)
    for slug in AREAS:
        for kind in ["learner", "learner-large-print"]:
            with pdfplumber.open(pack(built, slug, "job-search-online", kind).path) as pdf:
                (log,) = [page for page in pdf.pages if "My job search log" in (page.extract_text() or "")]
                assert log.width > log.height
                # The log's journal column, on its first page or the next (the table may run on).
                pages = [page for page in pdf.pages if page.width > page.height]
                sideways = " ".join(" ".join((p.extract_text() or "").split()) for p in pages)
                assert "Put in my" in sideways and "journal ✓" in sideways  # the heading can wrap


def test_no_text_is_smaller_than_clear_print_allows(
    built: dict[str, list[PackFile]], read: dict[Path, ReadPack]
) -> None:
    """At least 12pt in standard print and 16pt in large print: every character, page numbers included.
    The body text is 14pt and 18pt."""
    for packed in all_packs(built):
        smallest, body = (16, 18) if packed.kind.endswith("large-print") else (12, 14)
        sizes = read[packed.path].sizes
        assert min(sizes) >= smallest, (packed.path.name, min(sizes))
        assert sizes.most_common(1)[0][0] == body, packed.path.name


def test_large_print_is_larger_and_longer(built: dict[str, list[PackFile]]) -> None:
    for slug in AREAS:
        for course in ["cv-writing", "using-email", "job-search-online"]:
            standard = pack(built, slug, course, "learner")
            large = pack(built, slug, course, "learner-large-print")
            assert large.pages > standard.pages


def test_text_is_clear_print(built: dict[str, list[PackFile]], read: dict[Path, ReadPack]) -> None:
    """One sans-serif family, no italics, black text."""
    for packed in all_packs(built):
        fonts, colours = read[packed.path].fonts, read[packed.path].colours
        assert fonts <= {"Liberation-Sans", "Liberation-Sans-Bold", "DejaVu-Sans", "DejaVu-Sans-Bold"}, fonts
        assert colours <= {(0,), (0, 0, 0)}, (packed.path.name, colours)


def test_every_page_has_the_running_footer_and_page_x_of_y(
    built: dict[str, list[PackFile]], read: dict[Path, ReadPack], project: Project
) -> None:
    for area, packs in built.items():
        name = project.areas[area].area.name
        for packed in packs:
            title = project.courses[packed.course].title
            footers = read[packed.path].footers
            assert len(footers) == packed.pages
            for number, footer in enumerate(footers, start=1):
                assert f"Page {number} of {packed.pages}" in footer, (packed.path.name, number, footer)
                # The area's name is on the first page, not in the footer: a long name would wrap
                # the footer into the paper's edge.
                assert title in footer and "Made 25 November 2026" in footer, footer
                assert name not in footer.replace(title, "")


def test_pdfs_are_tagged_with_a_title_and_a_language(built: dict[str, list[PackFile]], project: Project) -> None:
    for packed in all_packs(built):
        reader = PdfReader(packed.path)
        catalog = reader.trailer["/Root"]
        area = next(slug for slug, packs in built.items() if packed in packs)
        title = project.courses[packed.course].title
        name = project.areas[area].area.name
        expected = {
            "tutor": f"{title}: tutor pack, {name}",
            "learner": f"{title}: learner pack, {name}",
            "learner-large-print": f"{title}: learner pack in large print, {name}",
            "register": f"{title}: sign-in register, {name}",
            "attendance": f"{title}: proof of attendance, {name}",
            "attendance-large-print": f"{title}: proof of attendance, {name}",
            "certificate": f"{title}: certificate of completion, {name}",
            "certificate-large-print": f"{title}: certificate of completion, {name}",
            "progress": f"{title}: progress record, {name}",
            "progress-large-print": f"{title}: progress record, {name}",
        }[packed.kind]
        assert reader.metadata["/Title"] == expected
        assert catalog["/Lang"] == "en-GB"
        assert catalog["/MarkInfo"]["/Marked"].value is True
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
        tags = structure_tags(catalog["/StructTreeRoot"])
        assert {"/H1", "/P"} <= set(tags), packed.path.name
        if packed.kind in ("tutor", "learner", "learner-large-print"):
            assert {"/H2", "/L", "/LI"} <= set(tags), packed.path.name
        if packed.kind in ("tutor", "register", "progress", "progress-large-print") or (
            packed.kind.startswith("learner") and packed.course != "using-email"
        ):
            assert {"/Table", "/THead", "/TH", "/TD"} <= set(tags), packed.path.name


def structure_tags(root: object) -> Counter[str]:
    found: Counter[str] = Counter()
    waiting = [root]
    while waiting:
        element = waiting.pop()
        element = element.get_object() if hasattr(element, "get_object") else element
        if not isinstance(element, dict):
            continue
        if "/S" in element:
            found[element["/S"]] += 1
        kids = element.get("/K")
        waiting.extend(kids if isinstance(kids, list) else [kids] if kids is not None else [])
    return found


def test_pdf_metadata_dates_come_from_today(built: dict[str, list[PackFile]]) -> None:
    for packed in all_packs(built):
        metadata = PdfReader(packed.path).metadata
        assert metadata["/CreationDate"] == "D:20261125"
        assert metadata["/ModDate"] == "D:20261125"


def test_learner_pack_names_the_venue_next_dates_and_local_help(
    built: dict[str, list[PackFile]], read: dict[Path, ReadPack], project: Project, strings: Strings
) -> None:
    for slug in AREAS:
        area = project.areas[slug]
        worksheets = load_worksheets(ROOT, project.courses)
        for course in courses_with_packs(project, area):
            entries = [entry for entry in area.sessions if entry.course == course]
            helpers = local_help(area, worksheets[course].help_topics)
            assert helpers, (slug, course)
            for kind in ["learner", "learner-large-print"]:
                text = read[pack(built, slug, course, kind).path].text
                assert f"Where to get more help in {area.area.name}" in text
                for entry in entries:
                    assert area.venues[entry.venue].name in text
                    ahead = schedule.upcoming([entry], area.area.nation, TODAY, 26 * 7, area.venues)
                    soon = [occurrence for occurrence in ahead if not occurrence.is_off][:NEXT_DATES]
                    for occurrence in soon:
                        assert strings.long_date(occurrence.date) in text, (slug, course, occurrence.date)
                # Every local partner, not only those for the course's topic, with its phone number.
                cells = " ".join(cell for row in help_table(pack(built, slug, course, kind).path) for cell in row)
                for partner in area.partners.values():
                    assert partner.name in cells, (slug, course, partner.name)
                    if partner.contact.phone:
                        assert f"{partner.name} {partner.contact.phone}" in cells


def test_conwy_cv_learner_pack_in_detail(built: dict[str, list[PackFile]], read: dict[Path, ReadPack]) -> None:
    text = read[pack(built, "conwy", "cv-writing", "learner").path].text
    assert "Colwyn Bay Library, Computer room" in text
    assert "Thursday 26 November, 2pm to 4pm" in text
    assert "Book: Ask at the library desk, or phone 01632 960411. There are 8 places." in text
    # All the area's local help, grouped by need, each with its number: the housing service too.
    for name in ["Careers Wales", "Colwyn Bay Jobcentre", "Conwy Libraries", "Conwy Housing Advice"]:
        assert name in text
    rows = dict(help_table(pack(built, "conwy", "cv-writing", "learner").path)[1:])
    assert "Conwy Housing Advice 01632 960460" in rows["Housing"]
    assert rows["Debt and money"] == "Citizens Advice Conwy 01632 960450, drop in"
    # The CV planner, with its tables and boxes to write in.
    for words in ["Plan your CV", "Your personal profile", "Employer and job", "Before you send your CV"]:
        assert words in text
    assert "(2 hours)" in text and "2 hour " not in text
    # How to reach the job club, and where the dates are kept up to date.
    assert "Questions? Contact the Conwy job club: Phone: 01632 960400" in text
    assert "https://www.example.org/jobclub/conwy/courses/cv-writing/" in text


def test_learner_pack_says_when_a_session_moves(built: dict[str, list[PackFile]], read: dict[Path, ReadPack]) -> None:
    text = read[pack(built, "conwy", "job-search-online", "learner").path].text
    assert (
        "Tuesday 8 December, 9:30am to 11:30am. At Colwyn Bay Jobcentre this week instead of Colwyn Bay "
        "Library. The study room is needed for a library event. Come to the Jobcentre instead. "
        "The address: Bryn House, 8 Station Parade, Colwyn Bay, LL29 8LF."
    ) in text
    tutor = read[pack(built, "conwy", "job-search-online", "tutor").path].text
    # A venue's closure puts the sessions there off, with its reason.
    assert "Tuesday 29 December Not on: The library is closed for Christmas and New Year." in tutor


def test_tutor_pack_has_plans_tips_and_upcoming_sessions(
    built: dict[str, list[PackFile]], read: dict[Path, ReadPack], project: Project
) -> None:
    tutor = pack(built, "wigan", "job-search-online", "tutor")
    text = read[tutor.path].text
    # The course as readers in England see it: [[job-search-service]] is Find a job there.
    course = for_nation(project, "england").courses["job-search-online"]
    assert "search Find a job by job and place" in text  # an outcome of session 1, its role filled in
    assert course.summary in text and course.who_it_is_for in text
    # Each session's plan, whole, so a stand-in tutor can run it: what learners will be able to do, what
    # to get ready, every timed activity, what to do if a learner finds it hard or easy, how to check.
    # (Learners read what happens in each session on the course's page; the tutor has the plan.)
    activities = plan_activities(tutor.path)
    for number, session in enumerate(course.sessions, start=1):
        plan = session.plan
        assert plan is not None
        assert f"Session {number}: {session.title}" in text
        for words in [*plan.outcomes.values(), *plan.prepare, *plan.support, *plan.stretch, plan.check_learning]:
            assert words in text, (number, words)
        for activity in plan.activities:
            assert any(cell.startswith(activity.title) for cell in activities), (number, activity.title)
        # What learners bring is with the preparation, before the timed plan (to remind them the week before).
        start = text.index(f"Session {number}: {session.title}")
        preparation = text[start:text.index(f"Session {number}, step by step", start)]
        assert "What learners bring" in preparation
        for thing in session.bring:
            assert thing in preparation
    assert "Tips for learners new to computers" in text
    for tip in PackPrinter(ROOT / "templates").strings("en")("tutor_tips"):
        assert tip in text
    assert "Coming up in Wigan" in text
    # Both places it runs, with how to book, and a day it is off with the reason.
    assert "Wigan Jobcentre, Computer area, ground floor" in text
    assert "Wigan Life Centre, Library computers" in text
    assert "Run by Pennyhurst Online Centre." in text
    assert "Each week has its own topic. Learners can join any week." in text
    assert "Thursday 26 November 2pm to 4pm Wigan Jobcentre This week: Phone and video interviews" in text
    assert "Thursday 24 December Not on: Christmas Eve. The Jobcentre closes early." in text


def plan_activities(path: Path) -> list[str]:
    """The Activity cell of each row of the lesson plans (time, activity, tutor, learners), read down to
    the page's bottom margin: a row can end just above the running footer."""
    with pdfplumber.open(path) as pdf:
        return [
            " ".join((row[1] or "").split())
            for page in pdf.pages
            for table in page.crop((0, 0, page.width, page.height - 30 * 72 / 25.4)).extract_tables()
            for row in table
            if len(row) == 4 and row[0] and row[0][0].isdigit()
        ]


def test_tutor_pack_times_each_activity_from_the_start_of_the_session(
    built: dict[str, list[PackFile]], read: dict[Path, ReadPack]
) -> None:
    tutor = pack(built, "greenwich", "using-email", "tutor")
    rows = table_rows(tutor.path)
    # Each session's plan has the same heading row (repeated when it runs onto the next page).
    assert rows.count(["Time", "Activity", "The tutor", "Learners"]) >= 4
    # The first session: from the welcome at 0:00 to the check of learning at 1:55, with a break.
    first = [row for row in rows if row[0] and row[0][0].isdigit() and ":" in row[0]][:7]
    assert first[0][:2] == ["0:00 15 min", "Welcome and introductions"]
    assert first[0][2].startswith("Says who you are, where the toilets and fire exits are")
    assert first[2][:2] == ["0:40 25 min", "The keyboard Outcomes: 2"]
    assert first[3] == ["1:05 10 min", "Break"]
    assert first[6][:2] == ["1:55 5 min", "Check of learning and next week Outcomes: 1, 2, 3"]
    text = read[tutor.path].text
    assert "The next course starts on Friday 11 December. Learners join at session 1." in text


def test_tutor_pack_has_the_safeguarding_rules_for_shared_computers(
    built: dict[str, list[PackFile]], read: dict[Path, ReadPack]
) -> None:
    for slug in AREAS:
        for course in ["cv-writing", "using-email", "job-search-online"]:
            text = read[pack(built, slug, course, "tutor").path].text
            assert "Keeping learners safe on shared computers" in text
            assert "Never use your own or the centre's phone number or email address for a learner's account recovery" in text
            assert "Ask before you look at a learner's Universal Credit journal" in text
            assert "The learner does the typing" in text
            assert "Collect anything left on the printer" in text
            assert "Delete CVs and letters left in Downloads" in text


def test_email_worksheet_never_asks_for_the_password(
    built: dict[str, list[PackFile]], read: dict[Path, ReadPack]
) -> None:
    """Every empty box to write in is labelled (the bold line above it); none of them is for a password."""
    for slug in AREAS:
        for kind in ["learner", "learner-large-print"]:
            labels = write_in_labels(pack(built, slug, "using-email", kind).path)
            assert "My new email address" in labels
            assert not [label for label in labels if "password" in label.lower()], labels
            reader = PdfReader(pack(built, slug, "using-email", kind).path)
            assert "/AcroForm" not in reader.trailer["/Root"]  # no form fields at all
    text = read[pack(built, "conwy", "using-email", "learner").path].text
    assert "Make a strong password" in text
    assert "Choose three random words" in text
    assert "Never write your password on this sheet" in text


def write_in_labels(path: Path) -> list[str]:
    """The label of each space to write in: the nearest line of bold body text above an empty box."""
    labels = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            lines = page.extract_text_lines(return_chars=True)
            body = Counter(round(char["size"]) for char in page.chars).most_common(1)[0][0]
            bold = [
                line for line in lines
                if all("Bold" in char["fontname"] and round(char["size"]) == body for char in line["chars"])
            ]
            for box in page.rects:
                if box["width"] < 150 or box["height"] < 20:
                    continue
                inside = [c for c in page.chars if box["x0"] <= c["x0"] <= box["x1"] and box["top"] <= c["top"] <= box["bottom"]]
                above = [line for line in bold if line["bottom"] <= box["top"]]
                if not inside and above:
                    labels.append(max(above, key=lambda line: line["bottom"])["text"])
    return labels


def test_a_worksheet_box_for_a_password_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="asks learners to write down a password"):
        WriteIn(label="Your new password")
    root = make_project(tmp_path / "project")
    folder = root / "content" / "worksheets"
    folder.mkdir()
    (folder / "cv-writing.yml").write_text(
        "course: cv-writing\n"
        "worksheets:\n"
        "  - title: Sign up\n"
        "    parts:\n"
        "      - heading: Your account\n"
        "        write_in:\n"
        "          - label: Email address\n"
        "          - label: Pass word\n"
    )
    # Worksheet mistakes are found with the rest of the data, before anything is built.
    with pytest.raises(DataErrors) as raised:
        load_project(root, TODAY)
    [problem] = raised.value.problems
    assert problem.format(root) == (
        "content/worksheets/cv-writing.yml:8:20: worksheets[0].parts[0].write_in[1].label: "
        '"Pass word" asks learners to write down a password.\n'
        "  Never give learners a space to write a password: paper gets lost and shared computers are "
        "public. Put advice about passwords in an advice: box instead."
    )


def test_worksheet_mistakes_are_found_at_their_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    folder = root / "content" / "worksheets"
    folder.mkdir()
    (folder / "cv-writing.yml").write_text(
        "course: cv-writting\n"
        "help_topics: [jobs]\n"
        "worksheets:\n"
        "  - title: Plan\n"
        "    parts:\n"
        "      - heading: Empty\n"
        "      - heading: Log\n"
        "        table:\n"
        "          columns: [{label: Date}, {label: Job}]\n"
        "          example: [3 Nov]\n"
    )
    # Worksheet mistakes are found with the rest of the data, before anything is built.
    with pytest.raises(DataErrors) as raised:
        load_project(root, TODAY)
    messages = [problem.format(root).splitlines()[0] for problem in raised.value.problems]
    assert messages == [
        'content/worksheets/cv-writing.yml:2:15: help_topics[0]: "jobs" is not one of the choices.',
        "content/worksheets/cv-writing.yml:6:18: worksheets[0].parts[0].heading: This part has nothing to fill in or read.",
        "content/worksheets/cv-writing.yml:10:20: worksheets[0].parts[1].table.example: "
        "The example row has 1 values, but the table has 2 columns.",
    ]


def test_worksheet_for_a_course_that_does_not_exist(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    folder = root / "content" / "worksheets"
    folder.mkdir()
    (folder / "cv-writing.yml").write_text("course: cv-writting\n")
    # Worksheet mistakes are found with the rest of the data, before anything is built.
    with pytest.raises(DataErrors) as raised:
        load_project(root, TODAY)
    [problem] = raised.value.problems
    assert problem.format(root) == (
        'content/worksheets/cv-writing.yml:1:9: course: There is no course "cv-writting".\n'
        '  Did you mean "cv-writing"?'
    )


def test_a_course_without_worksheets_still_gets_its_packs(tmp_path: Path, strings: Strings) -> None:
    root = make_project(tmp_path / "project")
    project = load_project(root, TODAY)
    [warning] = missing_worksheets(root, project.courses)
    assert warning.warning
    assert warning.format(root).startswith(
        'content/worksheets/cv-writing.yml: warning: The course "cv-writing" has no worksheets'
    )
    out = tmp_path / "packs"
    [area] = project.areas.values()
    packs = build_packs(project, area, TODAY, out, strings)
    assert [p.path.name for p in packs] == [f"cv-writing-{kind}.pdf" for kind in KINDS]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["packs", "project"]


def test_opening_times_put_days_with_the_same_hours_together(project: Project, strings: Strings) -> None:
    printer = PackPrinter(ROOT / "templates")
    venue = project.areas["conwy"].venues["colwyn-bay-library"]
    assert opening_times(venue, strings, printer.strings("en")) == [
        ("Monday and Tuesday", "9am to 5pm"),
        ("Wednesday", "9am to 1pm"),
        ("Thursday and Friday", "9am to 5pm"),
        ("Saturday", "9:30am to 12:30pm"),
        ("Sunday", "Closed"),
    ]
    jobcentre = project.areas["conwy"].venues["colwyn-bay-jobcentre"]
    assert opening_times(jobcentre, strings, printer.strings("en"))[0] == ("Monday to Friday", "9am to 5pm")


def test_staff_text_is_escaped_not_run_as_html(tmp_path: Path, strings: Strings) -> None:
    root = make_project(tmp_path / "project")
    venues = root / "site_data" / "testshire" / "venues.yml"
    text = venues.read_text()
    name = re.search(r"name: (.+)", text)[1]  # type: ignore[index]
    venues.write_text(text.replace(f"name: {name}", 'name: "Smith & Sons <b>Hall</b>"', 1))
    project = load_project(root, TODAY)
    [area] = project.areas.values()
    packs = build_packs(project, area, TODAY, tmp_path / "packs", strings)
    learner = next(p for p in packs if p.kind == "learner")
    assert "Smith & Sons <b>Hall</b>" in text_of(learner.path)


def test_packs_are_byte_identical_from_one_build_to_the_next(
    built: dict[str, list[PackFile]], project: Project, strings: Strings, tmp_path: Path
) -> None:
    again = build_packs(project, project.areas["conwy"], TODAY, tmp_path, strings,
                        printer=PackPrinter(ROOT / "templates"))
    for first, second in zip(built["conwy"], again, strict=True):
        assert first.path.name == second.path.name
        assert first.path.read_bytes() == second.path.read_bytes(), first.path.name


def test_the_label_check_would_catch_a_box_for_a_password(
    project: Project, strings: Strings, tmp_path: Path
) -> None:
    """The check above finds labels: a box slipped past the model (as a careless template might) is seen."""
    worksheets = load_worksheets(ROOT, project.courses)
    email = worksheets["using-email"]
    part = email.worksheets[0].parts[0]
    sneaky = WriteIn.model_construct(label="Your email password", hint=None, lines=1)
    changed_part = part.model_copy(update={"write_in": [*part.write_in, sneaky]})
    changed = email.model_copy(update={"worksheets": [
        email.worksheets[0].model_copy(update={"parts": [changed_part, *email.worksheets[0].parts[1:]]})
    ]})
    packs = build_packs(project, project.areas["conwy"], TODAY, tmp_path, strings,
                        worksheets={**worksheets, "using-email": changed})
    learner = next(p for p in packs if p.course == "using-email" and p.kind == "learner")
    assert "Your email password" in write_in_labels(learner.path)


def test_the_printer_is_shared_until_a_stylesheet_changes(tmp_path: Path) -> None:
    from generator.packs import shared_printer

    root = make_project(tmp_path / "project")
    first = shared_printer(root / "templates")
    assert shared_printer(root / "templates") is first
    stylesheet = root / "templates" / "packs" / "standard.css"
    stylesheet.write_text(stylesheet.read_text() + "\n/* changed */\n")
    assert shared_printer(root / "templates") is not first


# --- Page breaks ------------------------------------------------------------------------------------


def content_lines(page: pdfplumber.page.Page) -> list[dict]:
    """The page's lines of text above the running footer (which sits in the bottom margin)."""
    footer_top = page.height - 30 * 72 / 25.4
    return [line for line in page.extract_text_lines() if line["bottom"] < footer_top]


def test_no_heading_or_bring_label_is_left_at_the_bottom_of_a_page(built: dict[str, list[PackFile]]) -> None:
    stranded = []
    for packed in all_packs(built):
        # Large print (the learner pack and the paperwork learners keep) has 18pt body text.
        body = 18 if packed.kind.endswith("large-print") else 14
        with pdfplumber.open(packed.path) as pdf:
            for number, page in enumerate(pdf.pages[:-1], start=1):
                last = content_lines(page)[-1]
                heading = min(char["size"] for char in last["chars"]) > body + 0.5
                # A lesson plan's caption is body-sized, but it is the heading of the table below it.
                caption = re.fullmatch(r"Session \d+, step by step", last["text"].strip())
                if heading or caption or last["text"].strip() == "Bring:":
                    stranded.append(f"{packed.path.name} page {number}: {last['text']!r}")
    assert stranded == []


def test_no_page_holds_only_a_line_or_two(built: dict[str, list[PackFile]]) -> None:
    """A page that holds one trailing item (or one stray line) wastes paper and gets lost."""
    thin = []
    for packed in all_packs(built):
        with pdfplumber.open(packed.path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                if len(content_lines(page)) < 3:
                    thin.append(f"{packed.path.name} page {number}: {[line['text'] for line in content_lines(page)]}")
    assert thin == []


def test_learner_pack_ends_with_all_local_help_by_need_in_two_pages_or_fewer(
    built: dict[str, list[PackFile]], project: Project, strings: Strings
) -> None:
    for slug in AREAS:
        area = project.areas[slug]
        for kind, most in [("learner", 2), ("learner-large-print", 3)]:
            packed = pack(built, slug, "cv-writing", kind)
            with pdfplumber.open(packed.path) as pdf:
                pages = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
            # From the table's heading to where the national help (after it) begins.
            first = next(n for n, text in enumerate(pages) if "Help with Who can help" in text)
            last = next((n for n, text in enumerate(pages) if "Free national help" in text), len(pages) - 1)
            assert last - first + 1 <= most, (packed.path.name, last - first + 1)
            needs = [row[0] for row in help_table(packed.path)[1:]]
            expected = [
                strings(f"help_topics.{topic}")
                for topic in HELP_TOPICS
                if any(topic in partner.helps_with for partner in area.partners.values())
            ]
            assert needs == expected, packed.path.name


def help_table(path: Path) -> list[list[str]]:
    """The rows of the local help table (need, who can help), read as a table, heading row first
    (once: it repeats on each page). It ends at the national help's heading, or at a table of
    another shape."""
    rows: list[list[str]] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            above_footer = page.crop((0, 0, page.width, page.height - 30 * 72 / 25.4))
            for table in above_footer.extract_tables():
                if rows and any(len(row) != 2 for row in table):
                    return rows
                for row in table:
                    cells = [" ".join((cell or "").split()) for cell in row[:2]]
                    if cells[0] == "Help with":
                        if not rows:
                            rows.append(cells)
                        continue
                    if rows and cells[0].startswith("Free national help"):
                        return rows
                    if rows and any(cells):
                        rows.append(cells)
    return rows
