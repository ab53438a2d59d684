"""Read the YAML files staff write, remembering where every value came from.

PyYAML on its own follows YAML 1.1: `10:30` becomes 630, `NO` becomes False, a repeated key silently
wins and an alias can expand a small file into gigabytes. Here every value stays text until the schema
converts it, repeated keys are errors, and anchors, aliases and tags are refused. Each value and each
key keeps its line and column so that a mistake can be shown where it is.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import typing
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent

from . import memo
from .errors import DataErrors, Position, Problem
from .yaml_syntax import (
    find_mistake,
    key_like_a_list_item,
    new_item_hint,
    value_starts_with_a_sign,
    values_cut_by_a_note,
)

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """One data file: its values as plain text, lists and mappings, and where each one was."""

    path: Path
    data: Any
    # (line, column) of each value and key, made into a Position when asked for: a file has thousands,
    # and a document is kept between checks (memo.by_content), so they are kept small to read back.
    value_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # A digest of the file's path and bytes when it was read by load_yaml: what validating it gives is
    # kept under it (validate.py). Empty for a document made in any other way: never kept.
    source: str = field(default="", compare=False)
    # What is odd but not wrong in the file, such as a value cut short by a #: warnings to show.
    warnings: list[Problem] = field(default_factory=list, compare=False)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of `loc`, or of the nearest thing around it that has one."""
        if key and loc in self.key_positions:
            return Position(self.path, *self.key_positions[loc])
        while loc:
            if loc in self.value_positions:
                return Position(self.path, *self.value_positions[loc])
            loc = loc[:-1]
        return Position(self.path, *self.value_positions.get((), (1, 1)))


# libyaml's C parser when it is there (it is, in PyYAML's wheels): about ten times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_repeats_and_tags(path: Path, text: str) -> None:
    """Anchors, aliases, tags and nesting deeper than a person would write are refused before
    anything is composed or expanded. Raises DataErrors."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                _refuse(
                    path, event.start_mark,
                    f"This is nested more than {MAX_DEPTH} levels deep, deeper than any file here needs",
                    "Check the indenting and the brackets on this line: a list or group is probably "
                    "opened and never closed.",
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        anchor, tag = getattr(event, "anchor", None), getattr(event, "tag", None)
        if isinstance(event, (AliasEvent, ScalarEvent)) and (
            isinstance(event, AliasEvent) or anchor is not None or tag not in (None, "!", *_YAML_TAGS)
        ):
            # `notes: *Note* there is a lift`, `notes: &Note ...`, `notes: !Note ...`: text that starts
            # with a sign, not a part of the file named or repeated on purpose, nor a type (`!!int`).
            if sign := value_starts_with_a_sign(path, text, event.start_mark):
                raise DataErrors([sign])
        if isinstance(event, AliasEvent):
            _refuse(
                path, event.start_mark,
                f'"*{event.anchor}" repeats another part of the file, which is not allowed here',
                "Write the value out in full instead of using * or &.",
            )
        if anchor is not None:
            _refuse(
                path, event.start_mark,
                f'"&{anchor}" names a part of the file to repeat, which is not allowed here',
                "Remove the & and its name.",
            )
        if tag not in (None, "!"):
            _refuse(
                path, event.start_mark,
                f'"{tag}" is a YAML tag, which is not allowed here',
                "Remove the word starting with ! and write the value as plain text.",
            )


# The types YAML names with !!, such as !!int and !!str: written on purpose, copied from a YAML guide.
_YAML_TAGS = tuple(f"tag:yaml.org,2002:{name}" for name in (
    "str", "int", "float", "bool", "null", "binary", "timestamp", "map", "seq", "omap", "pairs", "set",
    "merge",
))


def _refuse(path: Path, mark: yaml.Mark, message: str, hint: str) -> typing.NoReturn:
    raise DataErrors([Problem(_position(path, mark), "", message, hint)])


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_NBSP_INDENT = re.compile(r"^[ ]*\u00a0", re.MULTILINE)

# Limits no file a person writes comes near; past them a file was pasted in twice, or made by a program.
MAX_FILE_BYTES = 1_000_000
MAX_LIST_ITEMS = 2_000
MAX_DEPTH = 12

# What PyYAML says (libyaml's words, and pure-Python PyYAML's), in plain words, and what a member of staff
# can do about it: for the mistakes yaml_syntax.find_mistake cannot place. Its words never reach staff.
_YAML_SAYS = [
    (
        "mapping values are not allowed",
        "a colon (:) is in the wrong place",
        "If a piece of text has a colon in it, put the whole text in quotes, for example: "
        'notes: "Note: bring photo ID"',
    ),
    (
        "could not find expected ':'",
        "a name has no colon (:) after it",
        "Each line should be written as name: value. Check the colon and that the line lines up "
        "with the lines around it.",
    ),
    (
        "expected '-' indicator",
        "it does not line up with the list it is in",
        "Make each \"- \" of the list start in the same column, using spaces.",
    ),
    (
        "expected <block end>",
        "it does not line up with the lines around it",
        "Make lines at the same level start in the same column, using spaces.",
    ),
    (
        "expected key",
        "it does not line up with the lines around it",
        "Entries in a list start with \"- \" in the same column, and the lines of one entry start in "
        "the column after the dash.",
    ),
    (
        "',' or ']'",
        "a list in square brackets is not written as [first, second]",
        "A list in square brackets needs a comma between its items and a ] at the end, for example:\n"
        "    languages: [en, cy]",
    ),
    (
        "',' or '}'",
        'a "{" is not closed with "}"',
        'If the text starts with "{", put the whole value in quotes.',
    ),
    (
        "end of stream",
        "a quote mark is opened but never closed",
        "Add the closing quote mark.",
    ),
    (
        "single document",
        'the file has a line with only "---" or "..." on it',
        "Remove that line.",
    ),
    (
        "<document start>",
        "it does not fit with the lines above it",
        'Check that it starts in the same column as the lines around it, and remove any line with only '
        '"..." on it.',
    ),
    (
        "escape",
        "a backslash (\\) inside double quote marks starts a special character",
        "Put the text in single quote marks (') instead of double ones.",
    ),
    (
        "hex",
        "a backslash (\\) inside double quote marks starts a special character",
        "Put the text in single quote marks (') instead of double ones.",
    ),
    (
        "block scalar",
        'a "|" or ">" is not the last thing on its line',
        "Start the text on the line below, further right than the name. If the text starts with | or >, "
        "put the whole value in quotes.",
    ),
    (
        "block sequence entries are not allowed",
        'a "- " is on the same line as a name',
        "Start each item of a list on a line of its own. If the text starts with \"- \", put the whole "
        "value in quotes.",
    ),
    (
        "tab",
        "there is a tab in the spacing",
        "Use spaces, not the Tab key.",
    ),
    (
        "alphabetic or numeric",
        'a value cannot start with "*" or "&"',
        "Put the whole value in quotes.",
    ),
    (
        "tag",
        'a value cannot start with "!"',
        "Put the whole value in quotes.",
    ),
    (
        "cannot start any token",
        "a name or a value cannot start with this sign",
        "Put the whole value in quotes, or delete the sign.",
    ),
    (
        "node content",
        "a value cannot start with this sign",
        "Put the whole value in quotes.",
    ),
    (
        "mapping keys are not allowed",
        'a value cannot start with "? "',
        "Put the whole value in quotes.",
    ),
    (
        "",  # anything else
        "the spacing, a colon or a quote mark is not as YAML needs it",
        "Check the spelling, spacing and quote marks on this line and the line above.",
    ),
]


def read_text(path: Path) -> str:
    """A file's text; a file that is not UTF-8, too big, or with an invisible character in it is a
    DataErrors naming the line (and column) to fix. A leading byte order mark is accepted."""
    return _text(path, _read_bytes(path))


def _read_bytes(path: Path) -> bytes:
    """A file's bytes, unless it is too big to have been written by hand."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataErrors([
            Problem(
                Position(path, 1, 1),
                "",
                f"This file is {size / 1_000_000:.1f} MB, more than the {MAX_FILE_BYTES // 1_000_000} MB "
                "a file written by hand can be",
                "Check that nothing was pasted in twice, or split it into smaller files.",
            )
        ])
    return path.read_bytes()


def _text(path: Path, raw: bytes) -> str:
    # Windows (\r\n) and old Mac (\r) line endings as \n: YAML reads each as one new line, and so
    # does everything here that counts lines.
    text = _decode(path, raw).replace("\r\n", "\n").replace("\r", "\n")
    invisible = invisible_characters(path, text)
    if invisible:
        raise DataErrors(invisible)
    return text


# Characters that show as nothing, or change the order text is shown in: control characters, format
# characters (zero-width spaces, joiners, bidirectional overrides, soft hyphens) and line separators.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Co", "Cs"}
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


def is_invisible(character: str) -> bool:
    return character not in _ALLOWED_CONTROLS and unicodedata.category(character) in _INVISIBLE_CATEGORIES


def _describe_character(character: str) -> str:
    name = unicodedata.name(character, "").lower()
    return f"U+{ord(character):04X}" + (f", {name}" if name else "")


def invisible_characters(path: Path, text: str) -> list[Problem]:
    """A problem at the line and column of each invisible character in a file's text."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.isprintable():
            continue  # most lines: checked at C speed
        for column, character in enumerate(line, start=1):
            if is_invisible(character):
                problems.append(_invisible_problem(Position(path, number, column), "", character))
    return problems


def _invisible_problem(position: Position, field: str, character: str) -> Problem:
    return Problem(
        position,
        field,
        f"An invisible character ({_describe_character(character)}) is here, often pasted from a web "
        "page or a document",
        "Retype this text: delete it and type it again.",
    )


def _indent_problem(path: Path, text: str, found: re.Match[str], what: str, hint: str) -> DataErrors:
    line = text.count("\n", 0, found.start()) + 1
    column = found.end() - found.start()
    return DataErrors([Problem(Position(path, line, column), "", f"This line is indented with {what}", hint)])


def load_yaml(path: Path) -> Document:
    """Read one YAML file. Raises DataErrors that say where and how to fix any mistake.

    What a file gives (its document, or its mistakes) depends only on its path and bytes, so it is
    kept (memo.by_content): `jobclub check` after an edit parses only the files that changed."""
    raw = _read_bytes(path)
    source = hashlib.sha256(str(path).encode() + b"\0" + raw).hexdigest()
    document, problems = memo.by_content("documents", str(path), source, lambda: _parsed(path, raw))
    if problems:
        raise DataErrors(problems)
    document.source = source
    return document


def _parsed(path: Path, raw: bytes) -> tuple[Document, list[Problem]]:
    """The document in a file's bytes, or the mistakes that stop it being read."""
    try:
        return _parse(path, raw), []
    except DataErrors as errors:
        return Document(path, None), errors.problems


def _parse(path: Path, raw: bytes) -> Document:
    text = _text(path, raw)
    if tab := _TAB_INDENT.search(text):
        raise _indent_problem(
            path, text, tab, "a tab",
            "Use spaces to indent, not the Tab key. Most editors can turn tabs into spaces.",
        )
    if space := _NBSP_INDENT.search(text):
        raise _indent_problem(
            path, text, space, "a non-breaking space",
            "Delete the spaces at the start of the line and type them again with the space bar. "
            "Text pasted from a web page or a document often has them.",
        )
    try:
        _refuse_repeats_and_tags(path, text)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise DataErrors([_syntax_problem(path, text, error)]) from None
    document = Document(path, None)
    document.value_positions[()] = (1, 1)
    if node is not None:
        problems: list[Problem] = []
        document.data = _to_data(node, (), document, problems, text.split("\n"))
        positions = document.value_positions

        def field_at(position: tuple[int, int]) -> str:  # asked only where a value is cut short
            return next((field_name(loc) for loc, at in positions.items() if at == position), "")

        document.warnings = values_cut_by_a_note(path, text, field_at)
        if problems:
            raise DataErrors(sorted(problems + document.warnings, key=lambda problem: problem.position))
    return document


# How a file saved as UTF-16 or UTF-32 starts: Windows Notepad calls UTF-16 "Unicode". UTF-32's marks go
# first: the one for little-endian UTF-32 starts with the one for UTF-16.
_BYTE_ORDER_MARKS = [
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, '"Unicode" (UTF-16)'), (codecs.BOM_UTF16_BE, '"Unicode big endian" (UTF-16)'),
]


def _decode(path: Path, raw: bytes) -> str:
    saved_as = next((name for mark, name in _BYTE_ORDER_MARKS if raw.startswith(mark)), None)
    if saved_as is None and b"\0" in raw and max(raw[::2].count(0), raw[1::2].count(0)) > len(raw) // 4:
        saved_as = "UTF-16"  # without a mark: every other byte of English text is a zero
    if saved_as:
        raise DataErrors([
            Problem(
                Position(path, 1, 1),
                "",
                f"This file was saved as {saved_as}, not as UTF-8",
                "Save it again as UTF-8 (in Notepad: File, Save As, Encoding: UTF-8).",
            )
        ])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise DataErrors([
            Problem(
                Position(path, line, column),
                "",
                f"The file is not saved as UTF-8 text (it has the byte 0x{raw[error.start]:02X} here)",
                "Save the file as UTF-8 in your editor (in Notepad: File, Save As, Encoding: "
                "UTF-8). Text pasted from Word, such as a curly quote or a £ sign, is often the cause.",
            )
        ]) from None


def _position(path: Path, mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(path, 1, 1)
    return Position(path, mark.line + 1, mark.column + 1)


def _syntax_problem(path: Path, text: str, error: yaml.MarkedYAMLError) -> Problem:
    if found := find_mistake(path, text, error):
        return found
    mark = error.problem_mark or error.context_mark
    said = " ".join(filter(None, [error.context, error.problem]))
    reason, hint = next((reason, hint) for clue, reason, hint in _YAML_SAYS if clue in said)
    return Problem(_position(path, mark), "", f"This line cannot be read ({reason})", hint)


def _to_data(node: yaml.Node, loc: Loc, document: Document, problems: list[Problem], lines: list[str]) -> Any:
    start = _position(document.path, node.start_mark)
    document.value_positions[loc] = (start.line, start.column)
    if isinstance(node, yaml.ScalarNode):
        if node.value == "" and not node.style:
            return None  # `key:` with nothing after it
        # An escape in double quotes ("\u202e") makes an invisible character the file does not show.
        # Other text was checked, with the whole file, by read_text.
        if node.style == '"' and (hidden := next((c for c in node.value if is_invisible(c)), None)):
            problems.append(
                _invisible_problem(document.position(loc), field_name(loc), hidden)
            )
        return node.value
    if len(node.value) > MAX_LIST_ITEMS:
        problems.append(
            Problem(
                document.position(loc),
                field_name(loc),
                f"This has {len(node.value):,} entries, "
                f"more than the {MAX_LIST_ITEMS:,} a file here can hold",
                "Check that nothing was pasted in twice, or split the entries between areas.",
            )
        )
        return [] if isinstance(node, yaml.SequenceNode) else {}
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_data(item, (*loc, index), document, problems, lines)
            for index, item in enumerate(node.value)
        ]
    mapping: dict[str, Any] = {}
    # In an item of a list, its first name written again, or several names written twice, most often
    # mean that the next item starts there and its "- " was deleted: the names after it are written
    # twice because of that, and are not listed again.
    names = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
    merged = bool(loc and names) and isinstance(loc[-1], int) and (
        names.count(names[0]) > 1 or len(names) - len(set(names)) > 1
    )
    for key_node, value_node in node.value:
        key_position = _position(document.path, key_node.start_mark)
        line_and_column = (key_position.line, key_position.column)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(
                Problem(key_position, "", "A name before a colon must be a single word",
                        "Write each field as name: value.")
            )
            continue
        if dash := key_like_a_list_item(document.path, key_node, value_node):
            problems.append(dash)
            continue
        key = key_node.value
        if key in mapping:
            first_line, _ = document.key_positions[(*loc, key)]
            problems.append(
                Problem(
                    key_position,
                    field_name((*loc, key)),
                    f'"{key}" is written twice in the same place (first on line {first_line})',
                    new_item_hint(loc, node, key_node, lines) if merged else
                    "Keep one of them and delete the other.",
                )
            )
            if merged:
                break
            continue
        document.key_positions[(*loc, key)] = line_and_column
        mapping[key] = _to_data(value_node, (*loc, key), document, problems, lines)
    return mapping


def texts_in(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every piece of text in a file's data, with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from texts_in(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts_in(item, (*loc, index))
    elif isinstance(value, str):
        yield loc, value


def field_name(loc: Loc) -> str:
    """`("sessions", 2, "start")` -> `sessions[2].start`, as the error messages name fields."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


