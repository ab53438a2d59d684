"""Read the YAML files staff write, remembering where every value came from.

PyYAML on its own follows YAML 1.1: `10:30` becomes 630, `NO` becomes False, a repeated key silently
wins and an alias can expand a small file into gigabytes. Here every value stays text until the schema
converts it, repeated keys are errors, and anchors, aliases and tags are refused. Each value and each
key keeps its line and column so that a mistake can be shown where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from .errors import DataErrors, Position, Problem

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """One data file: its values as plain text, lists and mappings, and where each one was."""

    path: Path
    data: Any
    value_positions: dict[Loc, Position] = field(default_factory=dict)
    key_positions: dict[Loc, Position] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of `loc`, or of the nearest thing around it that has one."""
        if key and loc in self.key_positions:
            return self.key_positions[loc]
        while loc:
            if loc in self.value_positions:
                return self.value_positions[loc]
            loc = loc[:-1]
        return self.value_positions.get((), Position(self.path, 1, 1))


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


# libyaml's C parser when it is there (it is, in PyYAML's wheels): about ten times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_repeats_and_tags(text: str) -> None:
    """Anchors, aliases and tags are refused before anything is composed or expanded."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, AliasEvent):
            raise _Refused(
                event.start_mark,
                f'"*{event.anchor}" repeats another part of the file, which is not allowed here',
                "Write the value out in full instead of using * or &.",
            )
        if getattr(event, "anchor", None) is not None:
            raise _Refused(
                event.start_mark,
                f'"&{event.anchor}" names a part of the file to repeat, which is not allowed here',
                "Remove the & and its name.",
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise _Refused(
                event.start_mark,
                f'"{tag}" is a YAML tag, which is not allowed here',
                "Remove the word starting with ! and write the value as plain text.",
            )


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)

# What PyYAML says, and what a member of staff can do about it.
_YAML_HINTS = [
    (
        "mapping values are not allowed",
        "A colon (:) is in the wrong place. If a piece of text has a colon in it, put the whole "
        'text in quotes, for example: notes: "Note: bring photo ID"',
    ),
    (
        "could not find expected ':'",
        "Each line should be written as name: value. Check the colon and that the line lines up "
        "with the lines around it.",
    ),
    (
        "expected <block end>",
        "A line is indented more or less than the lines around it. Make lines at the same level "
        "start in the same column, using spaces.",
    ),
    (
        "did not find expected key",
        "A line does not line up with the lines around it. Entries in a list start with \"- \" "
        "in the same column, and the lines of one entry start in the column after the dash.",
    ),
    (
        "expected '-' indicator",
        "A line does not line up with the list it is in. Make each \"- \" of the list start in "
        "the same column, using spaces.",
    ),
    (
        "found unexpected end of stream",
        "A quote mark is opened but never closed. Add the closing quote mark.",
    ),
    (
        "expected a single document",
        'The file has a line with only "---" or "..." in it. Remove that line.',
    ),
]


def read_text(path: Path) -> str:
    """A file's text; a file that is not UTF-8 is a DataErrors naming the line of the bad byte."""
    return _decode(path, path.read_bytes())


def load_yaml(path: Path) -> Document:
    """Read one YAML file. Raises DataErrors that say where and how to fix any mistake."""
    text = read_text(path)
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.end() - tab.start()
        raise DataErrors([
            Problem(
                Position(path, line, column),
                "",
                "This line is indented with a tab",
                "Use spaces to indent, not the Tab key. Most editors can turn tabs into spaces.",
            )
        ])
    try:
        _refuse_repeats_and_tags(text)
        node = yaml.compose(text, Loader=_Loader)
    except _Refused as refused:
        problem = Problem(_position(path, refused.mark), "", refused.message, refused.hint)
        raise DataErrors([problem]) from None
    except yaml.MarkedYAMLError as error:
        raise DataErrors([_syntax_problem(path, error)]) from None
    document = Document(path, None)
    document.value_positions[()] = Position(path, 1, 1)
    if node is not None:
        problems: list[Problem] = []
        document.data = _to_data(node, (), document, problems)
        if problems:
            raise DataErrors(problems)
    return document


def _decode(path: Path, raw: bytes) -> str:
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


def _syntax_problem(path: Path, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    said = " ".join(filter(None, [error.context, error.problem]))
    hint = next(
        (hint for clue, hint in _YAML_HINTS if clue in said),
        "Check the spelling, spacing and quote marks on this line and the line above.",
    )
    return Problem(_position(path, mark), "", f"This line cannot be read ({said})", hint)


def _to_data(node: yaml.Node, loc: Loc, document: Document, problems: list[Problem]) -> Any:
    document.value_positions[loc] = _position(document.path, node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        if node.value == "" and not node.style:
            return None  # `key:` with nothing after it
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_data(item, (*loc, index), document, problems)
            for index, item in enumerate(node.value)
        ]
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key_position = _position(document.path, key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(
                Problem(key_position, "", "A name before a colon must be a single word",
                        "Write each field as name: value.")
            )
            continue
        key = key_node.value
        if key in mapping:
            first = document.key_positions[(*loc, key)]
            problems.append(
                Problem(
                    key_position,
                    field_name((*loc, key)),
                    f'"{key}" is written twice in the same place (first on line {first.line})',
                    "Keep one of them and delete the other.",
                )
            )
            continue
        document.key_positions[(*loc, key)] = key_position
        mapping[key] = _to_data(value_node, (*loc, key), document, problems)
    return mapping


def field_name(loc: Loc) -> str:
    """`("sessions", 2, "start")` -> `sessions[2].start`, as the error messages name fields."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


