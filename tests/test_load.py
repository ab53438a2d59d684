"""The YAML loader: values stay text, every value keeps its position, dangerous YAML is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert load(tmp_path, "\ufeffname: Conwy\n".encode()).data == {"name": "Conwy"}


def test_billion_laughs_is_refused_before_it_expands(tmp_path: Path) -> None:
    text = 'a: &a ["lol","lol"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    assert problem(tmp_path, text).startswith(
        'timetable.yml:1:4: "&a" names a part of the file to repeat, which is not allowed here.'
    )


def test_alias_is_refused(tmp_path: Path) -> None:
    assert problem(tmp_path, "- x\n- *y\n").startswith("timetable.yml:2:3: ")


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
