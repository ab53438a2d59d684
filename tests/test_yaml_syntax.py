"""A file that cannot be read: the message names the line to change, not the line where libyaml
noticed, and says how to fix that mistake. Each test makes one mistake a tester made in a real file."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_load import problem

from generator.load import load_yaml

TIMETABLE = """\
sessions:
  - course: cv-writing
    venue: town-library
    run_by: jobcentre
    day: tuesday
    start: 10:00
    end: 12:00
    from: 2026-09-01
    until: 2027-07-20
    cancelled:
      - date: 2026-12-01
        reason: Library closed for stocktake
    booking: drop-in

  - course: using-email
    venue: town-library
    run_by: jobcentre
    day: monday
    start: 09:30
    end: 11:00
"""

VENUES = """\
venues:
  - id: colwyn-bay-library
    name: Colwyn Bay Library
    address:
      lines: [Woodland Road West]
      town: Colwyn Bay
      postcode: LL29 7DH
    accessibility:
      notes: Ask at the front desk for the key to the lift.
    how_to_find: Opposite the town's main post office.
"""


def mistake(tmp_path: Path, text: str, old: str, new: str) -> str:
    """What a member of staff sees after changing `old` to `new` in a file that was fine."""
    load_yaml_text(tmp_path, text)  # the file was fine before the mistake
    assert old in text
    return problem(tmp_path, text.replace(old, new, 1))


def load_yaml_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fine.yml"
    path.write_text(text, encoding="utf-8")
    load_yaml(path)


# 1. A missing colon after a name. libyaml notices it on the next line.

@pytest.mark.parametrize(
    ("old", "new", "at", "example"),
    [
        ("    start: 10:00\n", "    start 10:00\n", "6:10", "start: 10:00"),
        ("    day: tuesday\n", "    day tuesday\n", "5:8", "day: tuesday"),
        ("    booking: drop-in\n", "    booking drop-in\n", "13:12", "booking: drop-in"),
        ("  - course: using-email\n", "  - course using-email\n", "15:11", "- course: using-email"),
        ("sessions:\n", "sessions\n", "1:9", "sessions:"),
    ],
    ids=["start", "day", "last-of-an-entry", "first-of-an-entry", "a-list-name"],
)
def test_missing_colon_is_shown_on_the_line_without_it(
    tmp_path: Path, old: str, new: str, at: str, example: str
) -> None:
    name = example.removeprefix("- ").split(":")[0]
    assert mistake(tmp_path, TIMETABLE, old, new) == (
        f'timetable.yml:{at}: This line cannot be read (there is no colon after "{name}").\n'
        f"  Put a colon straight after the name, like this:\n    {example}"
    )


# 2. A list or a quote that is opened and never closed. libyaml notices at the next name, at the end
# of the file, or at the next quote mark in the file.

def test_list_not_closed_is_shown_on_the_line_that_opens_it(tmp_path: Path) -> None:
    area = "slug: conwy\nlanguages: [en, cy]\nwelsh_review: needed\n"
    assert mistake(tmp_path, area, "[en, cy]", "[en, cy") == (
        'timetable.yml:2:19: This line cannot be read (the list opened with "[" is not closed).\n'
        '  Add "]" at the end of the list, on the same line, like this:\n'
        "    languages: [en, cy]"
    )


def test_list_not_closed_in_an_entry_is_shown_on_the_line_that_opens_it(tmp_path: Path) -> None:
    assert mistake(tmp_path, VENUES, "[Woodland Road West]", "[Woodland Road West").startswith(
        'timetable.yml:5:33: This line cannot be read (the list opened with "[" is not closed).\n'
    )


def test_list_without_a_comma_says_how_a_list_is_written(tmp_path: Path) -> None:
    found = mistake(tmp_path, "languages: [en, cy]\n", "[en, cy]", '[en, "cy" welsh]')
    assert found.startswith("timetable.yml:1:22: This line cannot be read")
    assert found.endswith("needs a comma between its items and a ] at the end, for example:\n"
                          "    languages: [en, cy]")


def test_double_quote_not_closed_is_shown_where_it_opens_not_at_the_end_of_the_file(tmp_path: Path) -> None:
    assert mistake(tmp_path, VENUES, "name: Colwyn Bay Library", 'name: "Colwyn Bay Library') == (
        "timetable.yml:3:30: This line cannot be read (a quote mark is opened here but not closed).\n"
        '  Add the closing quote mark (") at the end of the text, like this:\n'
        '    name: "Colwyn Bay Library"'
    )


def test_quote_closed_by_an_apostrophe_further_down_is_shown_where_it_opens(tmp_path: Path) -> None:
    """`'Colwyn Bay Library` runs on until the apostrophe in "town's", eight lines down."""
    assert mistake(tmp_path, VENUES, "name: Colwyn Bay Library", "name: 'Colwyn Bay Library") == (
        "timetable.yml:3:30: This line cannot be read (a quote mark is opened here but not closed).\n"
        "  Add the closing quote mark (') at the end of the text, like this:\n"
        "    name: 'Colwyn Bay Library'"
    )


# 3. Pasted from Word: curly quote marks and lookalike dashes.

def test_curly_quotes_around_text_with_a_colon_say_to_type_straight_ones(tmp_path: Path) -> None:
    found = mistake(
        tmp_path, VENUES, "notes: Ask at the front desk for the key to the lift.",
        "notes: \u201cNote: ask at the front desk\u201d",
    )
    assert found == (
        "timetable.yml:9:14: This line cannot be read "
        "(curly quote marks, as Word makes them, are not quote marks here).\n"
        "  Text with a colon in it needs straight quote marks around it. Type the quote marks again "
        'with the keyboard (") so that they are straight, like this:\n'
        '    notes: "Note: ask at the front desk"'
    )


def test_curly_single_quotes_with_a_colon_say_to_type_straight_ones(tmp_path: Path) -> None:
    found = mistake(tmp_path, VENUES, "name: Colwyn Bay Library", "name: \u2018Library: Colwyn Bay\u2019")
    assert found.startswith("timetable.yml:3:11: This line cannot be read (curly quote marks")
    assert found.endswith('like this:\n    name: "Library: Colwyn Bay"')


@pytest.mark.parametrize(
    ("marker", "called"), [("\u2013", "an en dash (–)"), ("\u2022", "a bullet (•)")], ids=["dash", "bullet"]
)
def test_pasted_list_marker_is_shown_on_its_line(tmp_path: Path, marker: str, called: str) -> None:
    found = mistake(tmp_path, TIMETABLE, "      - date: 2026-12-01", f"      {marker} date: 2026-12-01")
    assert found == (
        f'timetable.yml:11:7: This line cannot be read (it starts with {called}, not a "-").\n'
        "  Start each item of a list with a dash typed with the minus key, then a space, like this:\n"
        "    - date: 2026-12-01"
    )


def test_pasted_list_marker_on_the_first_entry_is_shown_on_its_line(tmp_path: Path) -> None:
    found = mistake(tmp_path, TIMETABLE, "  - course: cv-writing", "  \u2013 course: cv-writing")
    assert found.startswith('timetable.yml:2:3: This line cannot be read (it starts with an en dash (–), not a "-").')


def test_pasted_list_marker_on_a_one_line_item_is_shown_on_its_line(tmp_path: Path) -> None:
    """YAML reads `– date: 2026-12-01` alone as a name and a value: the schema would only say that
    cancelled is not a list."""
    one_line = TIMETABLE.replace("        reason: Library closed for stocktake\n", "")
    found = mistake(tmp_path, one_line, "      - date: 2026-12-01", "      \u2013 date: 2026-12-01")
    assert found.startswith('timetable.yml:11:7: This line cannot be read (it starts with an en dash (–), not a "-").')


# 4. A dash with no space after it, or a Tab after it.

@pytest.mark.parametrize("text", [TIMETABLE, TIMETABLE.replace("        reason: Library closed for stocktake\n", "")],
                         ids=["item-of-two-lines", "item-of-one-line"])
def test_no_space_after_the_dash_is_shown_on_its_line(tmp_path: Path, text: str) -> None:
    assert mistake(tmp_path, text, "      - date: 2026-12-01", "      -date: 2026-12-01") == (
        "timetable.yml:11:8: This line cannot be read (there is no space after the dash).\n"
        "  Put a space after the dash, like this:\n"
        "    - date: 2026-12-01"
    )


def test_no_space_after_the_dash_of_an_entry_is_not_called_a_misaligned_list(tmp_path: Path) -> None:
    found = mistake(tmp_path, TIMETABLE, "  - course: using-email", "  -course: using-email")
    assert found.startswith("timetable.yml:15:4: This line cannot be read (there is no space after the dash).")


@pytest.mark.parametrize("after", ["\t", " \t"], ids=["tab", "space-and-tab"])
def test_tab_after_the_dash_says_to_use_a_space(tmp_path: Path, after: str) -> None:
    found = mistake(tmp_path, TIMETABLE, "      - date: 2026-12-01", f"      -{after}date: 2026-12-01")
    assert found == (
        f"timetable.yml:11:{8 + len(after) - 1}: This line is indented with a tab.\n"
        "  Use spaces, not the Tab key. After a dash, type one space, like this:\n"
        "    - date: 2026-12-01"
    )


# 5. A name one space too far left or right in the middle of an entry.

def test_name_one_space_too_far_left_says_which_column(tmp_path: Path) -> None:
    assert mistake(tmp_path, TIMETABLE, "    run_by: jobcentre\n    day: tuesday", "   run_by: jobcentre\n    day: tuesday") == (
        "timetable.yml:4:4: This line cannot be read (it starts 1 space further left than the lines above "
        "and below it).\n"
        '  Make "run_by" start in column 5, in line with them, using spaces.'
    )


def test_name_one_space_too_far_right_is_not_called_a_colon_in_the_wrong_place(tmp_path: Path) -> None:
    """libyaml reads ` run_by` as more of the venue's text, and then finds a colon in it."""
    assert mistake(tmp_path, TIMETABLE, "    run_by: jobcentre\n    day: tuesday", "     run_by: jobcentre\n    day: tuesday") == (
        "timetable.yml:4:6: This line cannot be read (it starts 1 space further right than the line above).\n"
        '  Make "run_by" start in column 5, in line with "venue" on that line, using spaces.'
    )


@pytest.mark.parametrize(("spaces", "side"), [("     ", "left"), ("       ", "right")])
def test_name_out_of_line_inside_a_group_says_which_column(tmp_path: Path, spaces: str, side: str) -> None:
    found = mistake(tmp_path, VENUES, "      town: Colwyn Bay", f"{spaces}town: Colwyn Bay")
    assert found == (
        f"timetable.yml:6:{len(spaces) + 1}: This line cannot be read (it starts 1 space further {side} "
        "than the lines above and below it).\n"
        '  Make "town" start in column 7, in line with them, using spaces.'
    )


def test_name_between_two_groups_names_both_columns(tmp_path: Path) -> None:
    """After the address, `accessibility` one space in could belong to the address or to the venue."""
    assert mistake(tmp_path, VENUES, "    accessibility:", "     accessibility:") == (
        "timetable.yml:8:6: This line cannot be read (it starts in column 6, which does not line up with "
        "the lines around it).\n"
        '  Make "accessibility" start in column 5, in line with "id" on line 2, or in column 7, in line with '
        '"lines" on line 5, whichever it belongs with, using spaces.'
    )


def test_name_nearer_one_group_names_that_column(tmp_path: Path) -> None:
    assert mistake(tmp_path, VENUES, "    accessibility:", "   accessibility:") == (
        "timetable.yml:8:4: This line cannot be read (it starts in column 4, which does not line up with "
        "the lines around it).\n"
        '  Make "accessibility" start in column 5, in line with "id" on line 2, using spaces.'
    )


@pytest.mark.parametrize(("spaces", "side"), [("     ", "left"), ("       ", "right")])
def test_first_name_of_a_group_out_of_line_is_the_one_to_move(tmp_path: Path, spaces: str, side: str) -> None:
    """`lines:` decides where the address's lines start, so libyaml notices the mistake at `town:`."""
    found = mistake(tmp_path, VENUES, "      lines: [Woodland Road West]", f"{spaces}lines: [Woodland Road West]")
    assert found == (
        f"timetable.yml:5:{len(spaces) + 1}: This line cannot be read (it starts 1 space further {side} "
        "than the line below it).\n"
        '  Make "lines" start in column 7, in line with "town" on line 6, using spaces.'
    )


# 6. A value that starts with a quote mark, "[" or "{" and goes on after the closing one. libyaml
# stops at the text after it, and reads the line as one that does not line up.

@pytest.mark.parametrize(
    ("new", "reason", "hint"),
    [
        ('"Opposite" the market hall.', "a value that starts with a quote mark must also end with it",
         "Do not start the value with a quote mark, or put the whole value in quote marks of the other kind, "
         "like this:\n    how_to_find: '\"Opposite\" the market hall.'"),
        ("'Opposite' the market hall.", "a value that starts with a quote mark must also end with it",
         "Do not start the value with a quote mark, or put the whole value in quote marks of the other kind, "
         "like this:\n    how_to_find: \"'Opposite' the market hall.\""),
        ("[Opposite] the market hall.", 'a value that starts with "[" must end with "]"',
         'Do not start the value with "[", or put the whole value in quote marks, like this:\n'
         '    how_to_find: "[Opposite] the market hall."'),
        ("{Opposite} the market hall.", 'a value that starts with "{" must end with "}"',
         'Do not start the value with "{", or put the whole value in quote marks, like this:\n'
         '    how_to_find: "{Opposite} the market hall."'),
    ],
    ids=["double-quote", "single-quote", "square-bracket", "curly-bracket"],
)
def test_value_that_goes_on_after_its_closing_quote_says_to_quote_it_all(
    tmp_path: Path, new: str, reason: str, hint: str
) -> None:
    """It used to say to move how_to_find to column 1, which breaks the file."""
    assert mistake(tmp_path, VENUES, "Opposite the town's main post office.", new) == (
        f"timetable.yml:10:18: This line cannot be read ({reason}).\n  {hint}"
    )


def test_value_inside_a_group_that_goes_on_after_its_quote_is_shown_where_it_starts(tmp_path: Path) -> None:
    found = mistake(tmp_path, VENUES, "notes: Ask at the front desk", 'notes: "Ask" at the front desk')
    assert found == (
        "timetable.yml:9:14: This line cannot be read (a value that starts with a quote mark must also end "
        "with it).\n"
        "  Do not start the value with a quote mark, or put the whole value in quote marks of the other kind, "
        "like this:\n"
        "    notes: '\"Ask\" at the front desk for the key to the lift.'"
    )


def test_closing_bracket_too_many_says_to_delete_it(tmp_path: Path) -> None:
    assert mistake(tmp_path, VENUES, "[Woodland Road West]", "[Woodland Road West]]") == (
        'timetable.yml:5:34: This line cannot be read (there is a "]" too many).\n'
        "  Delete it, like this:\n"
        "    lines: [Woodland Road West]"
    )


# 7. No space after a colon, or a special space pasted from Word or a web page: YAML reads the whole
# line as text, and notices on the next line.

@pytest.mark.parametrize(
    ("old", "new", "at", "example"),
    [
        ("    start: 10:00\n", "    start:10:00\n", "6:11", "start: 10:00"),
        ("    end: 11:00\n", "    end:11:00\n", "20:9", "end: 11:00"),
        ("  - course: using-email\n", "  - course:using-email\n", "15:12", "- course: using-email"),
    ],
    ids=["start", "last-line", "first-of-an-entry"],
)
def test_no_space_after_the_colon_says_to_put_one(tmp_path: Path, old: str, new: str, at: str, example: str) -> None:
    assert mistake(tmp_path, TIMETABLE, old, new) == (
        f"timetable.yml:{at}: This line cannot be read (there is no space after the colon).\n"
        f"  Put a space after the colon, like this:\n    {example}"
    )


def test_special_space_after_the_colon_says_to_retype_it(tmp_path: Path) -> None:
    assert mistake(tmp_path, TIMETABLE, "    start: 10:00\n", "    start:\u00a010:00\n") == (
        "timetable.yml:6:11: This line cannot be read (the space after the colon is a special space, from "
        "copying and pasting).\n"
        "  Delete it and type an ordinary space with the space bar, like this:\n"
        "    start: 10:00"
    )


def test_special_space_after_a_group_name_says_to_delete_it(tmp_path: Path) -> None:
    assert mistake(tmp_path, TIMETABLE, "sessions:\n", "sessions:\u00a0\n") == (
        "timetable.yml:1:10: This line cannot be read (the space after the colon is a special space, from "
        "copying and pasting).\n"
        "  Delete it, like this:\n"
        "    sessions:"
    )


# 8. A value that starts with a sign YAML reads as something other than text.

@pytest.mark.parametrize("sign", ["*", "&", "!", "%", "@", "`", "|", ">"])
def test_value_starting_with_a_sign_says_to_put_it_in_quotes(tmp_path: Path, sign: str) -> None:
    old = "notes: Ask at the front desk for the key to the lift."
    assert mistake(tmp_path, VENUES, old, f"notes: {sign}Note{sign} there is a lift") == (
        f'timetable.yml:9:14: This line cannot be read (a value cannot start with "{sign}").\n'
        "  Put the whole value in quotes, like this:\n"
        f'    notes: "{sign}Note{sign} there is a lift"'
    )


def test_dash_and_space_at_the_start_of_a_value_says_to_put_it_in_quotes(tmp_path: Path) -> None:
    assert mistake(tmp_path, TIMETABLE, "reason: Library closed", "reason: - Library closed") == (
        'timetable.yml:12:17: This line cannot be read (a value cannot start with "- ").\n'
        "  Put the whole value in quotes, like this:\n"
        '    reason: "- Library closed for stocktake"'
    )


def test_text_on_the_line_of_a_block_sign_says_to_move_it_down(tmp_path: Path) -> None:
    text = "about: >-\n  Work coaches help you find a job.\n"
    assert mistake(tmp_path, text, ">-\n  Work", ">- Work") == (
        'timetable.yml:1:11: This line cannot be read (the text after ">-" must start on the line below).\n'
        '  Move the text to the next line, 2 spaces further right than "about", like this:\n'
        "    about: >-\n"
        "      Work coaches help you find a job."
    )


# 9. A colon, or a backslash, inside a value.

def test_colon_and_space_inside_a_value_says_to_put_it_in_quotes(tmp_path: Path) -> None:
    old = "notes: Ask at the front desk for the key to the lift."
    assert mistake(tmp_path, VENUES, old, "notes: Call first. Phone: 01632 960123") == (
        "timetable.yml:9:31: This line cannot be read (a colon followed by a space is inside a value).\n"
        "  Put the whole value in quotes, like this:\n"
        '    notes: "Call first. Phone: 01632 960123"'
    )


def test_backslash_in_double_quotes_says_to_use_single_ones(tmp_path: Path) -> None:
    assert mistake(tmp_path, TIMETABLE, "reason: Library closed for stocktake", 'reason: "See C:\\Users"') == (
        "timetable.yml:12:24: This line cannot be read (a backslash (\\) inside double quote marks starts a "
        "special character).\n"
        "  Put the text in single quote marks (') instead of double ones, like this:\n"
        "    reason: 'See C:\\Users'"
    )


# 10. An item of a list whose "- " was deleted: its names are read as more of the item above.

PARTNERS = """\
partners:
  - id: wigan-jobcentre
    name: Wigan Jobcentre
    type: jobcentre
    last_checked: 2026-11-09

  - id: wigan-life-centre
    name: Wigan Life Centre
    type: council
    last_checked: 2026-10-21
"""


def test_deleted_dash_before_an_item_is_one_message_that_says_to_put_it_back(tmp_path: Path) -> None:
    """It used to be one message for each name of the item, each saying to delete one of them."""
    assert mistake(tmp_path, PARTNERS, "  - id: wigan-life-centre", "    id: wigan-life-centre") == (
        'timetable.yml:7:5: partners[0].id: "id" is written twice in the same place (first on line 2).\n'
        '  If this line starts a new partner, put "- " before "id" so that the dash is in column 3, in line '
        'with the "- " on line 2, like this:\n'
        "    - id: wigan-life-centre"
    )


def test_deleted_dash_before_an_item_that_starts_with_another_name_still_says_where(tmp_path: Path) -> None:
    reordered = PARTNERS.replace("  - id: wigan-life-centre\n    name: Wigan Life Centre\n",
                                 "  - name: Wigan Life Centre\n    id: wigan-life-centre\n")
    assert mistake(tmp_path, reordered, "  - name: Wigan Life Centre", "    name: Wigan Life Centre") == (
        'timetable.yml:7:5: partners[0].name: "name" is written twice in the same place (first on line 3).\n'
        '  Keep one of them and delete the other. Or: if this line starts a new partner, put "- " before '
        '"name" so that the dash is in column 3, in line with the "- " on line 2, like this:\n'
        "    - name: Wigan Life Centre"
    )


def test_one_name_written_twice_in_an_item_says_only_to_keep_one(tmp_path: Path) -> None:
    assert mistake(tmp_path, PARTNERS, "    type: council\n", "    type: council\n    name: Life Centre\n") == (
        'timetable.yml:10:5: partners[1].name: "name" is written twice in the same place (first on line 8).\n'
        "  Keep one of them and delete the other."
    )


def test_a_web_address_on_the_line_below_its_name_is_not_called_a_missing_space(tmp_path: Path) -> None:
    """`https://` has a colon with no space after it: that is the address, not a name and a value."""
    text = "contact:\n  website:\n  https://example.org/x\n"
    said = problem(tmp_path, text)
    assert said == (
        "timetable.yml:3:3: This line cannot be read (it is not written as name: value).\n"
        "  Write each line as name: value, for example start: 10:00. If this line carries on the text of the line "
        "above, start it further right than the name on that line."
    )
