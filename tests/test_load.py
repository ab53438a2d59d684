"""The YAML loader: values stay text, every value keeps its position, dangerous YAML is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from generator.errors import DataErrors
from generator.load import load_yaml


def load(tmp_path: Path, text: str | bytes):
    path = tmp_path / "timetable.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return load_yaml(path)


def problem(tmp_path: Path, text: str | bytes) -> str:
    with pytest.raises(DataErrors) as caught:
        load(tmp_path, text)
    (found,) = caught.value.problems
    return found.format(tmp_path)


def test_times_numbers_and_yes_no_stay_text(tmp_path: Path) -> None:
    document = load(tmp_path, "start: 10:30\nearly: 9:00\nbank: NO\ncode: 0123\nodd: 10.30\n")
    assert document.data == {
        "start": "10:30", "early": "9:00", "bank": "NO", "code": "0123", "odd": "10.30"
    }


def test_empty_value_is_none_but_quoted_empty_is_text(tmp_path: Path) -> None:
    assert load(tmp_path, 'a:\nb: ""\n').data == {"a": None, "b": ""}


def test_positions_of_values_and_keys_are_one_based(tmp_path: Path) -> None:
    document = load(tmp_path, "sessions:\n  - course: cv\n    start: 10:30\n")
    position = document.position(("sessions", 0, "start"))
    assert (position.line, position.column) == (3, 12)
    key = document.position(("sessions", 0, "start"), key=True)
    assert (key.line, key.column) == (3, 5)


def test_missing_position_falls_back_to_the_nearest_parent(tmp_path: Path) -> None:
    document = load(tmp_path, "sessions:\n  - course: cv\n")
    position = document.position(("sessions", 0, "venue"))
    assert (position.line, position.column) == (2, 5)


def test_duplicate_key_is_an_error_at_the_second_one(tmp_path: Path) -> None:
    assert problem(tmp_path, "start: 10:00\nend: 12:00\nstart: 11:00\n") == (
        'timetable.yml:3:1: start: "start" is written twice in the same place (first on line 1).\n'
        "  Keep one of them and delete the other."
    )


def test_tab_indent_is_an_error_at_the_tab(tmp_path: Path) -> None:
    assert problem(tmp_path, "sessions:\n  - course: cv\n\tstart: 10:00\n") == (
        "timetable.yml:3:1: This line is indented with a tab.\n"
        "  Use spaces to indent, not the Tab key. Most editors can turn tabs into spaces."
    )


def test_file_not_utf8_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    text = "name: Conwy\nwelcome: Caf\xe9 open\n".encode("cp1252")
    assert problem(tmp_path, text) == (
        "timetable.yml:2:13: The file is not saved as UTF-8 text (it has the byte 0xE9 here).\n"
        "  Save the file as UTF-8 in your editor (in Notepad: File, Save As, Encoding: UTF-8). "
        "Text pasted from Word, such as a curly quote or a £ sign, is often the cause."
    )


@pytest.mark.parametrize(
    ("encoding", "saved_as"),
    [
        ("utf-16", '"Unicode" (UTF-16)'),
        ("utf-16-le", "UTF-16"),
        ("utf-32", "UTF-32"),
    ],
    ids=["notepad-unicode", "utf-16-without-its-mark", "utf-32"],
)
def test_file_saved_as_utf16_says_to_save_it_as_utf8(tmp_path: Path, encoding: str, saved_as: str) -> None:
    """Not a byte that Word's text is blamed for: the whole file was saved in another way."""
    assert problem(tmp_path, "name: Conwy\nwelcome: Croeso\n".encode(encoding)) == (
        f"timetable.yml:1:1: This file was saved as {saved_as}, not as UTF-8.\n"
        "  Save it again as UTF-8 (in Notepad: File, Save As, Encoding: UTF-8)."
    )


def test_file_saved_as_unicode_big_endian_names_it_as_notepad_does(tmp_path: Path) -> None:
    text = b"\xfe\xff" + "name: Conwy\n".encode("utf-16-be")
    assert problem(tmp_path, text).startswith(
        'timetable.yml:1:1: This file was saved as "Unicode big endian" (UTF-16), not as UTF-8.'
    )


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert load(tmp_path, "\ufeffname: Conwy\n".encode()).data == {"name": "Conwy"}


def test_billion_laughs_is_refused_before_it_expands(tmp_path: Path) -> None:
    text = 'a: &a ["lol","lol"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    assert problem(tmp_path, text).startswith(
        'timetable.yml:1:4: "&a" names a part of the file to repeat, which is not allowed here.'
    )


def test_alias_is_refused(tmp_path: Path) -> None:
    assert problem(tmp_path, "- x\n- *y\n").startswith("timetable.yml:2:3: ")


def test_alias_alone_as_a_value_says_to_put_it_in_quotes(tmp_path: Path) -> None:
    assert problem(tmp_path, "notes: *Important\n") == (
        'timetable.yml:1:8: This line cannot be read (a value cannot start with "*").\n'
        "  Put the whole value in quotes, like this:\n"
        '    notes: "*Important"'
    )


def test_tags_are_refused(tmp_path: Path) -> None:
    assert problem(tmp_path, "start: !!int 10\n") == (
        'timetable.yml:1:8: "tag:yaml.org,2002:int" is a YAML tag, which is not allowed here.\n'
        "  Remove the word starting with ! and write the value as plain text."
    )


def test_colon_in_text_gets_a_hint_about_quotes(tmp_path: Path) -> None:
    assert problem(tmp_path, "notes: Note: bring ID\n") == (
        "timetable.yml:1:12: This line cannot be read (a colon followed by a space is inside a value).\n"
        "  Put the whole value in quotes, like this:\n"
        '    notes: "Note: bring ID"'
    )


def test_misaligned_list_entry_gets_a_hint_about_columns(tmp_path: Path) -> None:
    assert problem(tmp_path, "sessions:\n  - course: cv\n    venue: library\n   - course: email\n") == (
        "timetable.yml:4:4: This line cannot be read (it does not line up with the list it is in).\n"
        '  Make each "- " of the list start in the same column, using spaces.'
    )


# A # after a value, one space after it: YAML reads it as the start of a note, and the value ends there.

def test_value_cut_short_by_a_hash_is_a_warning_at_the_hash(tmp_path: Path) -> None:
    document = load(tmp_path, "sessions:\n  - course: cv\n    room: Room #2 (computers)\n")
    assert document.data == {"sessions": [{"course": "cv", "room": "Room"}]}
    assert [warning.format(tmp_path) for warning in document.warnings] == [
        "timetable.yml:3:16: warning: sessions[0].room: Everything from the # on is left out of the value, "
        "because a # after a space starts a note.\n"
        "  If it is a note for other staff, put two spaces before the #. If it is part of the value, put the "
        "whole value in quotes, like this:\n"
        '    room: "Room #2 (computers)"'
    ]


@pytest.mark.parametrize(
    "text",
    [
        "room: Room 2  # the one with computers\n",
        "# Room 2 is the one with computers\nroom: Room 2\n",
        'room: "Room #2"\n',
        "room: Room#2\n",
        "rooms: [Room 2, Room 3] # both\n",
    ],
    ids=["two-spaces-before", "own-line", "quoted", "no-space-before", "after-a-list"],
)
def test_notes_written_on_purpose_and_hashes_in_text_are_not_warned_about(tmp_path: Path, text: str) -> None:
    assert load(tmp_path, text).warnings == []


def test_a_web_address_cut_short_by_a_hash_says_to_delete_the_space(tmp_path: Path) -> None:
    """Quoted, the address would keep its space (and be refused): the space is what to delete."""
    document = load(tmp_path, "website: https://example.org/centre #opening-times\n")
    assert [warning.format(tmp_path) for warning in document.warnings] == [
        "timetable.yml:1:37: warning: website: Everything from the # on is left out of the value, because a # "
        "after a space starts a note.\n"
        "  If the # and what follows it are part of the web address, delete the space before the #, like this:\n"
        "    website: https://example.org/centre#opening-times"
    ]


@pytest.mark.parametrize("ending", ["\r", "\r\n"])
def test_old_mac_and_windows_line_endings_are_read_and_placed_right(tmp_path: Path, ending: str) -> None:
    """A file saved with a lone \\r at the end of each line (old Mac) is read as YAML reads it: warnings
    and mistakes are at the right line, and nothing goes wrong inside the kit."""
    text = "sessions:\n  - course: cv\n    room: Room #2 (computers)\n".replace("\n", ending)
    assert [(w.position.line, w.position.column) for w in load(tmp_path, text).warnings] == [(3, 16)]
    with pytest.raises(DataErrors) as caught:
        load(tmp_path, "start: 10:00\nroom: Room 2\nstart: 11:00\n".replace("\n", ending))
    assert [(problem.position.line, problem.position.column) for problem in caught.value.problems] == [(3, 1)]


def test_value_cut_short_by_a_hash_is_listed_with_the_files_mistakes(tmp_path: Path) -> None:
    with pytest.raises(DataErrors) as caught:
        load(tmp_path, "start: 10:00\nroom: Room #2\nstart: 11:00\n")
    assert [(problem.position.line, problem.warning) for problem in caught.value.problems] == [(2, True), (3, False)]


def test_no_sample_file_has_a_value_cut_short_by_a_hash() -> None:
    files = [*(ROOT / "site_data").rglob("*.yml"), *(ROOT / "content").rglob("*.yml")]
    assert len(files) > 20
    assert [warning.format(ROOT) for path in files for warning in load_yaml(path).warnings] == []


# libyaml's own words ("while scanning a simple key", "mapping values are not allowed in this context")
# never reach staff, for any mistake.

BROKEN = [
    "a: b: c\n", "a: %x\n", "a: @x\n", "a: `x\n", "a: ,x\n", "a: ]x\n", "a: - b\n", "a: ? b\n",
    "a: |x\n", "a: |0\n  x\n", "a: !<x\n", "a: !foo!bar x\n", 'a: "\\q"\n', 'a: "\\x4"\n',
    "a: {b: c\n", "a: [b, c\nd: e\n", 'a: "x\n', "a: b\n...\nc: d\n", "a: b\n---\nc: d\n",
    "%YAML 1.1\na: b\n", "a: b\n- c\n", "- a\nb: c\n", "a:\n  b: c\n d: e\n", "a: x\n  b: c\n",
    "a: [x]]\n", "a: {x: y} z\n", "a\nb: c\n", "- a: b\n  c\n", "a: *x*\n", "a: &\n",
]
JARGON = ["scanning", "parsing", "token", "mapping", "scalar", "indicator", "stream", "block", "expected",
          "alias", "anchor", "document", "node", "context", "simple key", "hexdecimal", "escape"]


@pytest.mark.parametrize("text", BROKEN)
def test_no_parser_words_reach_staff(tmp_path: Path, text: str) -> None:
    found = problem(tmp_path, text)
    assert found.startswith("timetable.yml:") and "This line cannot be read (" in found
    assert [word for word in JARGON if word in found.lower()] == []
