"""`load_project`: every mistake staff can make in the data, pinned by its message and position."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.errors import DataErrors
from generator.project import load_project

TODAY = dt.date(2026, 11, 25)
TIMETABLE = "site_data/testshire/timetable.yml"


def problems(project: Path) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_project(project, TODAY)
    return [problem.format(project) for problem in caught.value.problems]


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text()
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1))


def test_the_fixture_is_clean(project: Path) -> None:
    loaded = load_project(project, TODAY)
    assert list(loaded.areas) == ["testshire"]
    assert loaded.areas["testshire"].venues["town-library"].address.postcode == "TE1 1AA"


def test_the_areas_are_held_pickled_and_each_look_is_a_whole_copy(project: Path) -> None:
    """Memory flat in the number of areas: the project holds each area pickled, not as objects, and
    gives a whole copy each time it is asked for (what one caller changes, the next does not see)."""
    loaded = load_project(project, TODAY)
    assert "testshire" in loaded.areas and "nowhere" not in loaded.areas
    first, second = loaded.areas["testshire"], loaded.areas["testshire"]
    assert first == second and first is not second
    first.partners.clear()
    assert loaded.areas["testshire"].partners == second.partners != {}


def test_badly_written_time(project: Path) -> None:
    edit(project, TIMETABLE, "start: 10:00", "start: 10.30")
    assert problems(project) == [
        f'{TIMETABLE}:6:12: sessions[0].start: "10.30" is not a time.\n'
        "  Write times as 24-hour HH:MM, for example 10:30 or 14:00."
    ]


def test_unknown_field_suggests_the_right_one(project: Path) -> None:
    edit(project, TIMETABLE, "    spaces: 12", "    spacse: 12")
    assert problems(project) == [
        f'{TIMETABLE}:14:5: sessions[0].spacse: "spacse" is not a field that can be written here.\n'
        '  Did you mean "spaces"?'
    ]


def test_missing_required_field(project: Path) -> None:
    edit(project, TIMETABLE, "    run_by: jobcentre\n", "")
    assert problems(project) == [
        f'{TIMETABLE}:2:5: sessions[0].run_by: "run_by" is missing.\n'
        "  Add a line run_by: here. It is: Id of the partner (in partners.yml) that runs it."
    ]


def test_dangling_reference_suggests_a_close_match(project: Path) -> None:
    edit(project, TIMETABLE, "venue: town-library", "venue: town-libary")
    assert problems(project) == [
        f'{TIMETABLE}:3:12: sessions[0].venue: There is no venue "town-libary".\n'
        '  Did you mean "town-library"?'
    ]


def test_dangling_course_lists_what_exists(project: Path) -> None:
    edit(project, TIMETABLE, "course: cv-writing", "course: knitting")
    assert problems(project) == [
        f'{TIMETABLE}:2:13: sessions[0].course: There is no course "knitting".\n'
        "  The courses in content/courses are: cv-writing."
    ]


def test_duplicate_key(project: Path) -> None:
    edit(project, TIMETABLE, "    spaces: 12", "    spaces: 12\n    spaces: 14")
    assert problems(project) == [
        f'{TIMETABLE}:15:5: sessions[0].spaces: "spaces" is written twice in the same place '
        "(first on line 14).\n  Keep one of them and delete the other."
    ]


def test_date_that_does_not_exist(project: Path) -> None:
    edit(project, TIMETABLE, "until: 2027-07-20", "until: 2027-02-30")
    assert problems(project) == [
        f'{TIMETABLE}:9:12: sessions[0].until: "2027-02-30" is not a date that exists: '
        "February 2027 has 28 days.\n  Check the day and the month."
    ]


def test_end_before_start(project: Path) -> None:
    edit(project, TIMETABLE, "end: 12:00", "end: 9:00")
    assert problems(project) == [
        f"{TIMETABLE}:7:10: sessions[0].end: The session ends (09:00) before it starts (10:00).\n"
        "  Check the start and end times; use the 24-hour clock, so 2pm is 14:00."
    ]


def test_last_date_before_first(project: Path) -> None:
    edit(project, TIMETABLE, "until: 2027-07-20", "until: 2026-07-20")
    assert problems(project) == [
        f"{TIMETABLE}:9:12: sessions[0].until: The last date (2026-07-20) is before the first "
        "date (2026-09-01).\n  Swap the two dates, or check the year."
    ]


def test_tab_used_for_indenting(project: Path) -> None:
    edit(project, TIMETABLE, "    spaces: 12", "\tspaces: 12")
    assert problems(project) == [
        f"{TIMETABLE}:14:1: This line is indented with a tab.\n"
        "  Use spaces to indent, not the Tab key. Most editors can turn tabs into spaces."
    ]


def test_file_that_is_not_utf8(project: Path) -> None:
    path = project / "site_data/testshire/area.yml"
    path.write_bytes(path.read_bytes().replace(b"Welcome", "Croeso \u2019".encode("cp1252")))
    (found,) = problems(project)
    assert found.startswith(
        "site_data/testshire/area.yml:4:17: The file is not saved as UTF-8 text (it has the byte 0x92 here)."
    )


def test_cancelling_a_date_the_session_never_runs_on(project: Path) -> None:
    edit(project, TIMETABLE, "- date: 2026-12-01", "- date: 2026-12-02")
    assert problems(project) == [
        f"{TIMETABLE}:11:15: sessions[0].cancelled[0].date: 2026-12-02 is a Wednesday, but this "
        "session is on Tuesdays.\n  Check the date: only a date the session runs on can be cancelled or moved."
    ]


def test_wrong_choice_suggests_the_closest(project: Path) -> None:
    edit(project, "site_data/testshire/area.yml", "nation: england", "nation: Wales")
    assert problems(project) == [
        'site_data/testshire/area.yml:3:9: nation: "Wales" is not one of the choices.\n'
        '  Did you mean "wales"? Write one of: england, wales, scotland, northern-ireland.'
    ]


def test_yes_no_that_is_neither(project: Path) -> None:
    edit(project, "site_data/testshire/venues.yml", "hearing_loop: no", "hearing_loop: sometimes")
    assert problems(project) == [
        'site_data/testshire/venues.yml:15:21: venues[0].accessibility.hearing_loop: "sometimes" is '
        "not yes, no or not known.\n  Write yes or no. If nobody has checked yet, write not known: "
        "the site then says to ask the venue."
    ]


def test_an_access_answer_can_be_not_known_and_check_warns_gently(project: Path) -> None:
    edit(project, "site_data/testshire/venues.yml", "hearing_loop: no", "hearing_loop: not known")
    loaded = load_project(project, TODAY)
    assert loaded.areas["testshire"].venues["town-library"].accessibility.hearing_loop is None
    # yes and no still read as yes and no (our loader keeps YAML's yes/no as text).
    assert loaded.areas["testshire"].venues["town-library"].accessibility.wifi is True
    assert loaded.areas["testshire"].venues["town-library"].accessibility.parking is False
    assert [w.format(project) for w in loaded.warnings if "Nobody" in w.message] == [
        "site_data/testshire/venues.yml:15:21: warning: venues[0].accessibility: Nobody has said yet whether "
        "Town Library has: hearing loop.\n  The site tells people to ask the venue. When you know, change "
        "not known to yes or no."
    ]


def test_an_area_name_ending_in_job_club_is_shown_once_and_warned_at_its_line(project: Path) -> None:
    edit(project, "site_data/testshire/area.yml", "name: Testshire", "name: Testshire Job Club")
    loaded = load_project(project, TODAY)
    assert loaded.areas["testshire"].area.name == "Testshire"
    assert [w.format(project) for w in loaded.warnings if "job club" in w.message] == [
        'site_data/testshire/area.yml:2:7: warning: name: The name "Testshire Job Club" already ends in '
        '"job club".\n  The site adds "job club" after the name, so write name: Testshire (the site shows '
        '"Testshire job club").'
    ]


def test_every_problem_in_every_file_is_reported_at_once(project: Path) -> None:
    edit(project, TIMETABLE, "start: 10:00", "start: 10.30")
    edit(project, "site_data/testshire/venues.yml", "postcode: te1 1aa", "postcode: nowhere")
    edit(project, "content/courses/cv-writing.yml", "minutes: 90", "minutes: ninety")
    found = problems(project)
    assert [line.split(":")[0] for line in found] == [
        "content/courses/cv-writing.yml",
        "site_data/testshire/timetable.yml",
        "site_data/testshire/venues.yml",
    ]


def test_missing_area_file(project: Path) -> None:
    (project / "site_data/testshire/partners.yml").unlink()
    assert problems(project) == [
        "site_data/testshire/partners.yml: This area has no partners.yml file.\n"
        "  Copy partners.yml from another area's folder and change it."
    ]


def test_guide_with_html_is_refused(project: Path) -> None:
    path = project / "content/guides/make-a-cv.md"
    path.write_text(path.read_text() + '\nClick <img src=x onerror="alert(1)"> here.\n')
    assert problems(project) == [
        "content/guides/make-a-cv.md:10:7: HTML is not allowed in a page.\n"
        "  Write it in Markdown instead: headings, lists, **bold** and [links](https://...)."
    ]


def test_guide_with_javascript_link_is_refused(project: Path) -> None:
    path = project / "content/guides/make-a-cv.md"
    path.write_text(path.read_text() + "\n[Win a prize](javascript:alert(1))\n")
    assert problems(project) == [
        'content/guides/make-a-cv.md:10:15: A link starting "javascript:" cannot be used.\n'
        "  Links must start with https://, http://, mailto: or tel:."
    ]


def test_unknown_area_asked_for(project: Path) -> None:
    with pytest.raises(DataErrors) as caught:
        load_project(project, TODAY, only=["testshir"])
    assert caught.value.problems[0].format(project) == (
        'site_data: There is no area "testshir".\n  Did you mean "testshire"?'
    )
    # A name like no area's: the areas there are, and how to start a new one.
    with pytest.raises(DataErrors) as caught:
        load_project(project, TODAY, only=["wigan"])
    assert caught.value.problems[0].format(project) == (
        'site_data: There is no area "wigan".\n  The areas are: testshire. To start a new area, run '
        "jobclub new-area wigan with --name and its job club's name in quotes."
    )


def test_session_outside_opening_hours_is_a_warning(project: Path) -> None:
    edit(project, TIMETABLE, "start: 9:30", "start: 8:30")
    warnings = [warning.format(project) for warning in load_project(project, TODAY).warnings]
    assert warnings == [
        f"{TIMETABLE}:19:12: warning: sessions[1].start: Town Library is not open for all of this "
        "session on Mondays.\n  Check the times, or the venue's opening_hours in venues.yml."
    ]


def test_a_list_written_as_one_value_shows_how_to_write_a_list(project: Path) -> None:
    edit(project, TIMETABLE, "    booking: book\n", "    booking: book\n    dates: 2027-01-28\n")
    assert problems(project) == [
        f"{TIMETABLE}:24:12: sessions[1].dates: This should be a list.\n"
        '  Write each item on its own line starting with "- ", for example:\n'
        "    dates:\n"
        "      - 2027-01-28"
    ]


def test_listing_not_checked_for_six_months_is_a_warning(project: Path) -> None:
    edit(project, "site_data/testshire/partners.yml", "last_checked: 2026-10-01", "last_checked: 2026-03-01")
    warnings = [warning.format(project) for warning in load_project(project, TODAY).warnings]
    assert warnings == [
        "site_data/testshire/partners.yml:12:19: warning: partners[0].last_checked: Testtown Jobcentre was last "
        "checked on 2026-03-01, more than six months ago.\n"
        "  Check the phone number, address and how to get help with the organisation, then change "
        "last_checked: to today's date."
    ]


# --- What a newcomer met: the first edits of a new area --------------------------------------------

PARTNERS = "site_data/testshire/partners.yml"
VENUES = "site_data/testshire/venues.yml"


def test_a_list_written_with_commas_shows_each_item_on_its_own_line(project: Path) -> None:
    """Following the example must give a list that is right, not "job-search, benefits" as one item."""
    edit(project, TIMETABLE, "    booking: book\n", "    booking: book\n    dates: 2026-12-10, 2027-01-14\n")
    edit(project, PARTNERS, "helps_with: [job-search, benefits]", "helps_with: job-search, benefits")
    assert problems(project) == [
        f"{PARTNERS}:5:17: partners[0].helps_with: This should be a list.\n"
        '  Write each item on its own line starting with "- ", for example:\n'
        "    helps_with:\n"
        "      - job-search\n"
        "      - benefits",
        f"{TIMETABLE}:24:12: sessions[1].dates: This should be a list.\n"
        '  Write each item on its own line starting with "- ", for example:\n'
        "    dates:\n"
        "      - 2026-12-10\n"
        "      - 2027-01-14",
    ]


def add_venue(project: Path, id_: str, name: str) -> None:
    """Another venue made by copying the first, as staff make one: each is 17 lines, so the first one
    added has its id on line 19, the next on line 36, then 53."""
    path = project / VENUES
    text = path.read_text()
    first = text.removeprefix("venues:\n").split("\n  - id:")[0].rstrip("\n") + "\n"
    path.write_text(text + first.replace("id: town-library", f"id: {id_}").replace("Town Library", name))


def copy_the_venue(project: Path) -> None:
    """A second venue made by copying the first, its name changed but not its id (line 19)."""
    add_venue(project, "town-library", "Community Hub")


def test_a_copied_venue_whose_id_was_not_changed_is_said_first_and_never_suggested(project: Path) -> None:
    """"Did you mean" the repeated id would move the sessions to the wrong venue of the two."""
    copy_the_venue(project)
    edit(project, TIMETABLE, "venue: town-library", "venue: community-hub")
    edit(project, PARTNERS, "venues: [town-library]", "venues: [town-library, community-hub]")
    copy_on_line_19 = (
        '  venues.yml has two venues with the id "town-library" (lines 2 and 19): if you copied a venue to '
        "make this one, change the id of the copy, on line 19, to community-hub."
    )
    assert problems(project) == [
        f'{VENUES}:19:9: venues[1].id: Two entries have the id "town-library" (the other is on line 2).\n'
        "  If you copied the venue on line 2 to make this one, change this id to community-hub: "
        'partners.yml and timetable.yml name a venue "community-hub", and no venue has that id.',
        f'{PARTNERS}:9:28: partners[0].venues[1]: There is no venue "community-hub".\n{copy_on_line_19}',
        f'{TIMETABLE}:3:12: sessions[0].venue: There is no venue "community-hub".\n{copy_on_line_19}',
    ]
    # Done as it says, the area is right.
    edit(project, VENUES, "  - id: town-library\n    name: Community Hub", "  - id: community-hub\n    name: Community Hub")
    assert set(load_project(project, TODAY).areas["testshire"].venues) == {"town-library", "community-hub"}


def test_a_repeated_id_with_no_id_missing_elsewhere_asks_for_an_id_of_its_own(project: Path) -> None:
    copy_the_venue(project)
    assert problems(project) == [
        f'{VENUES}:19:9: venues[1].id: Two entries have the id "town-library" (the other is on line 2).\n'
        "  If you copied the venue on line 2 to make this one, give this one its own id, for example "
        "town-library-2."
    ]


def test_with_a_repeated_id_a_close_id_that_is_not_repeated_is_still_suggested(project: Path) -> None:
    copy_the_venue(project)
    add_venue(project, "town-hall", "Town Hall")
    edit(project, TIMETABLE, "venue: town-library", "venue: town-hal")
    found = problems(project)
    assert found[-1] == f'{TIMETABLE}:3:12: sessions[0].venue: There is no venue "town-hal".\n' + (
        '  Did you mean "town-hall"?'
    )
    assert found[0].startswith(f'{VENUES}:19:9: venues[1].id: Two entries have the id "town-library"')
    # The typo is not taken for the name the copy was meant to have: that would publish the session
    # at the copied venue, with no mistake left to see.
    assert found[0] == (
        f'{VENUES}:19:9: venues[1].id: Two entries have the id "town-library" (the other is on line 2).\n'
        "  If you copied the venue on line 2 to make this one, give this one its own id, for example "
        "town-library-2."
    )


def test_two_repeated_ids_are_both_named_where_a_venue_is_missing(project: Path) -> None:
    copy_the_venue(project)
    add_venue(project, "town-hall", "Town Hall")
    add_venue(project, "town-hall", "Town Hall Annexe")
    edit(project, TIMETABLE, "venue: town-library", "venue: town-hal")
    assert problems(project) == [
        f'{VENUES}:19:9: venues[1].id: Two entries have the id "town-library" (the other is on line 2).\n'
        "  If you copied the venue on line 2 to make this one, give this one its own id: perhaps town-hal, "
        "which timetable.yml names but no venue has.",
        f'{VENUES}:53:9: venues[3].id: Two entries have the id "town-hall" (the other is on line 36).\n'
        "  If you copied the venue on line 36 to make this one, give this one its own id: perhaps town-hal, "
        "which timetable.yml names but no venue has.",
        f'{TIMETABLE}:3:12: sessions[0].venue: There is no venue "town-hal".\n'
        '  venues.yml has two venues with the id "town-library" (lines 2 and 19) and two with the id '
        '"town-hall" (lines 36 and 53): if you copied a venue to make this one, change the id of the copy.',
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "start: 10:00", "start: \u201c09:30\u201d",
            f"{TIMETABLE}:6:12: sessions[0].start: \u201c09:30\u201d is in curly quote marks, as Word makes "
            "them, so it is not read as a time.\n  Delete the quote marks, so that the line reads start: 09:30 "
            '(or type them again with the keyboard, so that they are straight: start: "09:30").',
        ),
        (
            "until: 2027-07-20", "until: \u20182027-07-20\u2019",
            f"{TIMETABLE}:9:12: sessions[0].until: \u20182027-07-20\u2019 is in curly quote marks, as Word "
            "makes them, so it is not read as a date.\n  Delete the quote marks, so that the line reads "
            'until: 2027-07-20 (or type them again with the keyboard, so that they are straight: '
            'until: "2027-07-20").',
        ),
        (
            "booking: drop-in", "booking: \u201cDrop in\u201d",
            f"{TIMETABLE}:13:14: sessions[0].booking: \u201cDrop in\u201d is in curly quote marks, as Word "
            "makes them, so it is not read as one of the choices.\n  Delete the quote marks, so that the "
            'line reads booking: Drop in (or type them again with the keyboard, so that they are straight: '
            'booking: "Drop in"). Did you mean "drop-in"? Write one of: drop-in, book.',
        ),
        (
            "    cancelled:\n", "    dates: [\u201c2026-12-10\u201d]\n    cancelled:\n",
            f"{TIMETABLE}:10:13: sessions[0].dates[0]: \u201c2026-12-10\u201d is in curly quote marks, as Word "
            "makes them, so it is not read as a date.\n  Delete the quote marks around 2026-12-10 (or type them "
            'again with the keyboard, so that they are straight: "2026-12-10").',
        ),
    ],
    ids=["time", "date", "choice", "item"],
)
def test_a_value_of_a_fixed_form_in_curly_quotes_from_word(project: Path, old: str, new: str, expected: str) -> None:
    edit(project, TIMETABLE, old, new)
    assert problems(project) == [expected]


def test_text_in_curly_quotes_is_kept_with_a_warning_that_they_will_show(project: Path) -> None:
    edit(project, PARTNERS, "name: Testtown Jobcentre", "name: \u201cTesttown Jobcentre\u201d")
    edit(project, VENUES, "lines: [1 High Street]", "lines: [\u201c1 High Street\u201d]")
    edit(project, PARTNERS, "about: Helps you find work.", "about: Known as \u201cthe centre\u201d.")
    loaded = load_project(project, TODAY)
    assert loaded.areas["testshire"].partners["jobcentre"].name == "\u201cTesttown Jobcentre\u201d"
    assert [warning.format(project) for warning in loaded.warnings] == [
        f"{VENUES}:5:15: warning: venues[0].address.lines[0]: \u201c1 High Street\u201d is in curly quote "
        "marks, which will show on the page.\n  If they are not meant to be seen, delete the quote marks "
        "around 1 High Street.",
        f"{PARTNERS}:3:11: warning: partners[0].name: \u201cTesttown Jobcentre\u201d is in curly quote marks, "
        "which will show on the page.\n  If they are not meant to be seen, delete them, so that the line "
        "reads name: Testtown Jobcentre.",
    ]


def test_a_web_address_with_a_space_says_so(project: Path) -> None:
    edit(project, PARTNERS, "phone: 01632 960002", "website: https://example.org/advice page")
    assert problems(project) == [
        f'{PARTNERS}:8:16: partners[0].contact.website: "https://example.org/advice page" has a space in '
        "it, and a web address cannot have spaces.\n  Replace each space with %20, or copy the address from "
        "the browser's address bar and paste it here."
    ]


def test_a_web_address_that_is_not_secure_is_a_warning(project: Path) -> None:
    edit(project, PARTNERS, "phone: 01632 960002", "website: http://example.org/advice")
    loaded = load_project(project, TODAY)
    assert loaded.areas["testshire"].partners["jobcentre"].contact.website == "http://example.org/advice"
    assert [warning.format(project) for warning in loaded.warnings] == [
        f'{PARTNERS}:8:16: warning: partners[0].contact.website: "http://example.org/advice" is not a secure '
        "address: it starts with http://, not https://.\n  Check whether the site works with https://: open "
        "the address in a browser with https:// in place of http://. If it does, write that address here."
    ]


@pytest.mark.parametrize(("written", "meant"), [
    ("yes", True), ("Yes", True), ("YES", True), ("true", True), ("TRUE", True),
    ("no", False), ("No", False), ("NO", False), ("false", False), ("False", False),
])
def test_yes_and_no_in_any_case(project: Path, written: str, meant: bool) -> None:
    edit(project, VENUES, "hearing_loop: no", f"hearing_loop: {written}")
    edit(project, PARTNERS, "drop_in: no", f"drop_in: {written}")
    area = load_project(project, TODAY).areas["testshire"]
    assert area.venues["town-library"].accessibility.hearing_loop is meant
    assert area.partners["jobcentre"].drop_in is meant


@pytest.mark.parametrize("written", ["unknown", "Not known", "don\u2019t know"])
def test_an_access_answer_nobody_knows(project: Path, written: str) -> None:
    edit(project, VENUES, "hearing_loop: no", f"hearing_loop: {written}")
    assert load_project(project, TODAY).areas["testshire"].venues["town-library"].accessibility.hearing_loop is None


def test_a_single_letter_for_yes_or_no_is_refused_with_the_words_to_write(project: Path) -> None:
    """y and n (and 1, 0, on, off) were taken as yes and no by some lines and refused by others."""
    edit(project, VENUES, "hearing_loop: no", "hearing_loop: n")
    edit(project, PARTNERS, "drop_in: no", "drop_in: y")
    edit(project, TIMETABLE, "    spaces: 12", "    spaces: 12\n    on_bank_holidays: 1")
    assert problems(project) == [
        f'{PARTNERS}:10:14: partners[0].drop_in: "y" is not yes or no.\n  Write the whole word: yes or no.',
        f'{TIMETABLE}:15:23: sessions[0].on_bank_holidays: "1" is not yes or no.\n'
        "  Write the whole word: yes or no.",
        f'{VENUES}:15:21: venues[0].accessibility.hearing_loop: "n" is not yes, no or not known.\n'
        "  Write the whole word: yes or no. If nobody has checked yet, write not known: the site then says "
        "to ask the venue.",
    ]


def test_not_known_is_only_for_access_answers(project: Path) -> None:
    edit(project, PARTNERS, "drop_in: no", "drop_in: unknown")
    assert problems(project) == [
        f'{PARTNERS}:10:14: partners[0].drop_in: "unknown" is not yes or no.\n'
        "  Write yes or no. Only the accessibility answers in venues.yml can be not known."
    ]


# --- Content is as safe as staff text ---------------------------------------------------------

GUIDE = "content/guides/make-a-cv.md"


def add_to_guide(project: Path, text: str) -> None:
    path = project / GUIDE
    path.write_text(path.read_text() + text)


def test_content_that_would_run_script_or_ask_another_site_is_refused_at_its_line(project: Path) -> None:
    add_to_guide(project, (
        "\n![Logo](https://evil.example/logo.png) and [home](//evil.example/)\n"
        "\n![x][pic] <javascript:alert(1)>\n"
        '[A](https://ok.example){: onclick="alert(1)" }\n'
        "\n[pic]: https://evil.example/p.png\n"
        "[r]: javascript:alert(1)\n"
        "<!-- a note -->\n"
    ))
    nothing_remote = "nothing on our pages asks another site for anything."
    picture = f"A picture from another website cannot be used: {nothing_remote}\n" + (
        "  Save the picture into the project and use its file name, or link to the page instead."
    )
    html = "HTML is not allowed in a page.\n  Write it in Markdown instead: headings, lists, **bold** and [links](https://...)."
    assert problems(project) == [
        f"{GUIDE}:10:9: {picture}",
        f'{GUIDE}:10:51: "//evil.example/" is a link to another site without saying how to reach it: {nothing_remote}\n'
        "  Write the whole address, starting with https://.",
        f"{GUIDE}:12:11: {html}",
        f'{GUIDE}:13:24: {{: onclick="alert(1)" }} sets something on the page that a page cannot set.\n'
        "  Delete the part in curly brackets { }.",
        f"{GUIDE}:15:8: {picture}",
        f'{GUIDE}:16:6: A link starting "javascript:" cannot be used.\n'
        "  Links must start with https://, http://, mailto: or tel:.",
        f"{GUIDE}:17:1: {html}",
    ]


def test_the_html_check_reads_a_long_line_once(project: Path) -> None:
    """Each of these lines took the old check (a backtracking regex) hours: its work grew with the
    square of the line's length. Read once, left to right, they take a moment."""
    add_to_guide(project, "\nSee " + "<a x=1 " * 60_000 + "\n" + "[a](" * 60_000 + "\n" + "{: x" * 60_000 + "\n")
    found = problems(project)
    assert found[0].startswith(f"{GUIDE}:10:5: HTML is not allowed in a page.")
    assert found[1] == (
        f'{GUIDE}:11:5: "{"[a](" * 14}[..." is not a link that can be used.\n'
        "  Links must start with https://, http://, mailto: or tel:."
    )
    assert len(found) == 2


def test_a_link_out_of_the_project_is_refused_and_not_read(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / ".secret-notes"
    secret.write_text("# Passwords\n\nhunter2\n")
    (project / "content/pages/notes.md").symlink_to(secret)
    (project / "site_data/testshire/photos").symlink_to(tmp_path)
    assert problems(project) == [
        f"content/pages/notes.md: This is a link to {secret}, which is outside the project, so it cannot "
        "be used.\n  Copy the file into the project instead of linking to it, or delete the link.",
        f"site_data/testshire/photos: This is a link to {tmp_path}, which is outside the project, so it "
        "cannot be used.\n  Copy the file into the project instead of linking to it, or delete the link.",
    ]


def test_a_link_inside_the_project_is_fine(project: Path) -> None:
    (project / "content/pages/ask-for-help.md").symlink_to(project / "content/pages/get-help.md")
    assert "ask-for-help" in load_project(project, TODAY).pages


# --- Limits -------------------------------------------------------------------------------------


def test_a_data_file_over_a_megabyte_is_refused(project: Path) -> None:
    edit(project, "site_data/testshire/venues.yml", "venues:\n", "venues:\n" + "# a note\n" * 130_000)
    assert problems(project) == [
        "site_data/testshire/venues.yml:1:1: This file is 1.2 MB, more than the 1 MB a file written by "
        "hand can be.\n  Check that nothing was pasted in twice, or split it into smaller files."
    ]


def test_a_list_with_an_absurd_number_of_entries_is_refused(project: Path) -> None:
    edit(project, TIMETABLE, "    cancelled:\n", "    dates: [" + ", ".join(["2026-12-02"] * 2_500) + "]\n    cancelled:\n")
    assert problems(project) == [
        f"{TIMETABLE}:10:12: sessions[0].dates: This has 2,500 entries, more than the 2,000 a file here can "
        "hold.\n  Check that nothing was pasted in twice, or split the entries between areas."
    ]


def test_nesting_deeper_than_a_person_writes_is_refused(project: Path) -> None:
    edit(project, TIMETABLE, "    spaces: 12", "    spaces: " + "[" * 40 + "]" * 40)
    assert problems(project) == [
        f"{TIMETABLE}:14:22: This is nested more than 12 levels deep, deeper than any file here needs.\n"
        "  Check the indenting and the brackets on this line: a list or group is probably opened and never "
        "closed."
    ]


@pytest.mark.parametrize(
    ("old", "new", "where", "value"),
    [
        ("until: 2027-07-20", "until: 9999-12-31", "9:12: sessions[0].until", "9999-12-31"),
        ("    booking: book", "    dates: [9999-12-30]\n    booking: book", "23:13: sessions[1].dates[0]",
         "9999-12-30"),
        ("from: 2026-09-01", "from: 0001-01-01", "8:11: sessions[0].from", "0001-01-01"),
    ],
)
def test_dates_thousands_of_years_away_are_refused(
    project: Path, old: str, new: str, where: str, value: str
) -> None:
    edit(project, TIMETABLE, old, new)
    assert problems(project) == [
        f'{TIMETABLE}:{where}: "{value}" is not a date this kit can use: the year must be from 2000 to '
        "2100.\n  Check the year."
    ]


def test_a_session_running_more_than_three_years_ahead_is_a_warning(project: Path) -> None:
    edit(project, TIMETABLE, "until: 2027-07-20", "until: 3026-07-15")
    assert "the year must be from 2000 to 2100" in problems(project)[0]
    edit(project, TIMETABLE, "until: 3026-07-15", "until: 2030-07-15")
    warnings = [warning.format(project) for warning in load_project(project, TODAY).warnings]
    assert (
        f"{TIMETABLE}:9:12: warning: sessions[0]: This session runs until 2030-07-09, more than three "
        "years from now.\n  Check the year: most timetables go a term or a year ahead. Calendar feeds only "
        "go three years ahead."
    ) in warnings


# --- Invisible characters -----------------------------------------------------------------------

PARTNERS = "site_data/testshire/partners.yml"
RETYPE = "is here, often pasted from a web page or a document.\n  Retype this text: delete it and type it again."


def test_a_non_breaking_space_indent_is_reported_at_its_own_line(project: Path) -> None:
    edit(project, "site_data/testshire/venues.yml", "    name: Town Library", "\u00a0   name: Town Library")
    assert problems(project) == [
        "site_data/testshire/venues.yml:3:1: This line is indented with a non-breaking space.\n"
        "  Delete the spaces at the start of the line and type them again with the space bar. Text pasted "
        "from a web page or a document often has them."
    ]


@pytest.mark.parametrize(
    ("character", "name"),
    [
        ("\u202e", "right-to-left override"),
        ("\u2066", "left-to-right isolate"),
        ("\u200b", "zero width space"),
        ("\x07", ""),
        ("\ufeff", "zero width no-break space"),
    ],
)
def test_an_invisible_character_in_staff_text_is_refused_at_its_column(
    project: Path, character: str, name: str
) -> None:
    edit(project, PARTNERS, "name: Testtown Jobcentre", f"name: Testtown {character}Jobcentre")
    described = f"U+{ord(character):04X}" + (f", {name}" if name else "")
    assert problems(project) == [f"{PARTNERS}:3:20: An invisible character ({described}) {RETYPE}"]


def test_an_invisible_character_written_as_an_escape_is_refused_too(project: Path) -> None:
    edit(project, PARTNERS, "name: Testtown Jobcentre", 'name: "Testtown \\u202eJobcentre"')
    assert problems(project) == [
        f"{PARTNERS}:3:11: partners[0].name: An invisible character (U+202E, right-to-left override) {RETYPE}"
    ]


def test_an_invisible_character_in_a_content_page_is_refused(project: Path) -> None:
    add_to_guide(project, "\nAsk at the \u200bdesk.\n")
    assert problems(project) == [f"{GUIDE}:10:12: An invisible character (U+200B, zero width space) {RETYPE}"]


def test_a_byte_order_mark_at_the_start_is_accepted(project: Path) -> None:
    path = project / PARTNERS
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_project(project, TODAY).areas["testshire"].partners["jobcentre"].name == "Testtown Jobcentre"


def test_a_line_break_in_a_name_is_refused(project: Path) -> None:
    edit(project, PARTNERS, "name: Testtown Jobcentre", 'name: "Testtown\\nJobcentre"')
    assert problems(project) == [
        f"{PARTNERS}:3:11: partners[0].name: This must be one line, but it has a line break in it.\n"
        "  Write it on one line after the colon."
    ]


# --- Messages are finished sentences ------------------------------------------------------------


def test_a_venue_name_where_its_id_belongs_suggests_the_id(project: Path) -> None:
    edit(project, TIMETABLE, "venue: town-library", "venue: Town Library")
    assert problems(project) == [
        f'{TIMETABLE}:3:12: sessions[0].venue: "Town Library" cannot be used as an id.\n'
        "  Use small letters, numbers and dashes only, for example town-library."
    ]


def test_warnings_are_listed_with_errors(project: Path) -> None:
    edit(project, PARTNERS, "    last_checked: 2026-10-01\n", "")
    edit(project, TIMETABLE, "start: 10:00", "start: 10.30")
    with pytest.raises(DataErrors) as caught:
        load_project(project, TODAY)
    found = [problem.format(project) for problem in caught.value.problems]
    assert found == [
        f"{PARTNERS}:2:5: warning: partners[0].last_checked: Testtown Jobcentre has no last_checked date.\n"
        "  Check the listing with the organisation, then add last_checked: with today's date.",
        f'{TIMETABLE}:6:12: sessions[0].start: "10.30" is not a time.\n'
        "  Write times as 24-hour HH:MM, for example 10:30 or 14:00.",
    ]
    assert str(caught.value) == "Found 1 problem in the data (and 1 warning)."


def test_an_area_folder_without_its_area_yml_is_an_error_and_its_site_stays(project: Path) -> None:
    """area.yml renamed to area.yaml (an easy slip on Windows): not a silent removal of the area's site."""
    from generator.build import build

    out = project / "site"
    build(project, out, TODAY, packs=False)
    (project / "site_data/testshire/area.yml").rename(project / "site_data/testshire/area.yaml")
    with pytest.raises(DataErrors) as raised:
        build(project, out, TODAY + dt.timedelta(days=1), packs=False)
    assert [(problem.format(project)) for problem in raised.value.problems if "area.yml" in problem.message] == [
        "site_data/testshire: The folder testshire has no area.yml, so it is not an area: it is not built, "
        "and a site already published for it would be taken down.\n  Rename area.yaml to area.yml."
    ]
    assert (out / "testshire" / "index.html").is_file()


@pytest.mark.parametrize("name", ["timetable.md", "Guides.md", "index.md"])
def test_a_shared_page_named_like_one_of_the_kits_own_is_refused(project: Path, name: str) -> None:
    """It would take the place of the kit's timetable (or its guides' folder, its home page) in every
    site, or be lost in it."""
    (project / "content/pages").mkdir(exist_ok=True)
    (project / "content/pages" / name).write_text("# Our timetable\n\nCome along.\n")
    slug = name.removesuffix(".md")
    assert problems(project) == [
        f'content/pages/{name}:1:1: "{slug}" is the name of one of the kit\'s own pages.\n'
        f"  Every site already has a page or folder called {slug}. Rename this file, e.g. {slug}-info.md."
    ]
