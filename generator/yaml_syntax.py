"""Where a mistake that stops a YAML file being read really is, and how to fix it.

libyaml says where it noticed a mistake, which is often not the line to change: a missing colon is
noticed on the next line, a list that is never closed at the next name, a quote that is never closed at
the end of the file or at the next quote mark. `find_mistake` looks at the text around that place, and
at the pieces libyaml read up to it, and names the line a member of staff must change, with advice for
that mistake. It returns None when it cannot tell, and the caller says what libyaml said.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import Position, Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Characters pasted from Word or a web page in place of the "-" that starts an item of a list.
_LOOKALIKE_DASHES = {
    "\u2013": "an en dash (–)",
    "\u2014": "an em dash (—)",
    "\u2212": "a minus sign (−)",
    "\u2022": "a bullet (•)",
    "\u00b7": "a dot (·)",
    "\u25aa": "a bullet (▪)",
    "\u25cf": "a bullet (●)",
}
_CURLY_QUOTES = "\u201c\u201d\u2018\u2019\u201e\u201a"
# The names before the colons in our files: small letters, digits and underscores.
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_NAME_LINE = re.compile(r"\s*(?:-\s+)?[A-Za-z_][\w-]*:(?:\s|$)")
# A name and a colon with no space after it: `start:09:30`, or with a special space pasted in after it.
_COLON_GLUED = re.compile(r"([a-z][a-z0-9_]*):(?!//)([^ \t\n])")  # not a web address (https://)
_TABS = re.compile(r"[ ]*\t[ \t]*")
# What is before a value on its line: a name and its colon, or the dash of a list item, or both.
_BEFORE_A_VALUE = re.compile(r"[ ]*(?:-[ ]+)*(?:[^\s#:][^#]*:[ ]+)?")
# Signs that YAML reads as something other than text at the start of a value. "[", "{" and quote marks
# are left out: a value that starts with one of them is read up to the closing one.
_SIGNS = {
    "*": '"*"', "&": '"&"', "!": '"!"', "%": '"%"', "@": '"@"', "`": '"`"', "|": '"|"', ">": '">"',
    ",": '","', "]": '"]"', "}": '"}"', "-": '"- "', "?": '"? "',
}
# After | or >, what can say how the lines below are kept: >- and |+ in the samples, a digit rarely.
_BLOCK_HEADER = re.compile(r"[|>](?:[-+][1-9]?|[1-9][-+]?)?")
# A # one space (or a tab) after a value: YAML reads it as the start of a note, and the value ends there.
_NOTE_AFTER_ONE_SPACE = re.compile(r"[^\s][ \t]#")
# What one item of each list of things is called, for a hint about where a new one starts.
_ITEM = {"partners": "partner", "venues": "venue", "sessions": "session", "services": "service",
         "worksheets": "worksheet"}
_CLOSING = {'"': '"', "'": "'", "[": "]", "{": "}"}
# How far the files indent each level: what staff copy from the samples.
_STEP = 2


@dataclass(frozen=True)
class _Line:
    number: int  # counted from 1, as editors show
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def content(self) -> str:
        return self.text.strip()

    @property
    def column(self) -> int:
        """Where the line's text starts, counted from 1."""
        return self.indent + 1

    @property
    def end_column(self) -> int:
        """Just after the line's text: where something missing at its end is typed."""
        return len(self.text.rstrip()) + 1

    @property
    def name_indent(self) -> int:
        """Where the name on this line starts: after the dash, on the first line of an entry."""
        return self.indent + (2 if self.content.startswith("- ") else 0)

    def first_name(self) -> str:
        return re.split(r"[\s:]", self.content.removeprefix("- ").lstrip(), maxsplit=1)[0]

    def is_content(self) -> bool:
        return bool(self.content) and not self.content.startswith("#")

    def opens_a_group(self) -> bool:
        """`address:` or `- title:`: a name whose value is the lines below it."""
        return self.is_content() and self.content.endswith(":")


class _File:
    """A file that cannot be read: its lines, and the pieces libyaml read before the mistake."""

    def __init__(self, path: Path, text: str, error: yaml.MarkedYAMLError, mark: yaml.Mark) -> None:
        self.path, self.text, self.error, self.mark = path, text, error, mark
        self.lines = [_Line(number, line) for number, line in enumerate(text.split("\n"), start=1)]
        self.said = " ".join(filter(None, [error.context, error.problem]))
        self.at = self.lines[min(mark.line, len(self.lines) - 1)]
        self.tokens = _tokens_before(text, mark.index)

    def problem(self, line: _Line, column: int, reason: str, hint: str) -> Problem:
        return _cannot_be_read(Position(self.path, line.number, column), reason, hint)

    def above(self, line: _Line) -> _Line | None:
        return next((other for other in reversed(self.lines[:line.number - 1]) if other.is_content()), None)

    def below(self, line: _Line) -> _Line | None:
        return next((other for other in self.lines[line.number:] if other.is_content()), None)


def find_mistake(path: Path, text: str, error: yaml.MarkedYAMLError) -> Problem | None:
    """The line to change and what to do, for the mistakes staff make most, or None."""
    if error.problem_mark is None:
        return None
    file = _File(path, text, error, error.problem_mark)
    if text[file.mark.index:file.mark.index + 1] == "\t":
        return _tab(file)
    for finding in (_sign_starts_a_value, _value_goes_on_after_it_ends, _quote_not_closed, _list_marker_above,
                    _bracket_not_closed, _backslash_in_double_quotes, _text_after_a_block_sign):
        if found := finding(file):
            return found
    if "could not find expected ':'" in file.said and error.context_mark is not None:
        return _colon_missing(file, file.lines[error.context_mark.line])
    if "expected <document start>" in file.said:
        above = file.above(file.at)
        if above and ":" not in above.content and _NAME.fullmatch(above.first_name()):
            return _colon_missing(file, above)
    if "mapping values are not allowed" in file.said:
        return _colon_out_of_place(file)
    if "expected key" in file.said or "'-' indicator" in file.said or "<block end>" in file.said:
        if not file.at.content.startswith("-"):
            return _not_lined_up(file)
    return None


def key_like_a_list_item(path: Path, key: yaml.ScalarNode, value: yaml.Node) -> Problem | None:
    """A name that starts with a dash lookalike or a dash with no space (`– date: 2026-12-25`,
    `-date: 2026-12-25`): YAML reads the whole of it as a name, but it was meant as an item of a list."""
    if key.style or not key.value or (key.value[0] != "-" and key.value[0] not in _LOOKALIKE_DASHES):
        return None
    one_line = isinstance(value, yaml.ScalarNode) and not value.style and "\n" not in value.value
    written = f"{key.value}: {value.value}" if one_line else f"{key.value}:"
    line = _Line(key.start_mark.line + 1, " " * key.start_mark.column + written.rstrip())
    mistake = _list_marker_mistake(line)
    if mistake is None:
        return None
    column, reason, hint = mistake
    return _cannot_be_read(Position(path, line.number, column), reason, hint)


def new_item_hint(
    loc: tuple[str | int, ...], item: yaml.MappingNode, key: yaml.ScalarNode, lines: list[str]
) -> str:
    """What to do about a name written twice in one item of a list (`key`): most often it starts the
    next item, and its "- " was deleted, so YAML reads its lines as more of the item above."""
    kind = _ITEM.get(str(loc[-2]), "item of the list") if len(loc) > 1 else "item of the list"
    first = lines[item.start_mark.line]
    dash = first.rfind("-", 0, item.start_mark.column)
    if dash < 0 or first[dash + 1:item.start_mark.column].strip():
        return "Keep one of them and delete the other."
    advice = (
        f'If this line starts a new {kind}, put "- " before "{key.value}" so that the dash is in column '
        f'{dash + 1}, in line with the "- " on line {item.start_mark.line + 1}, like this:\n'
        f"    - {lines[key.start_mark.line].strip()}"
    )
    if key.value == item.value[0][0].value:
        return advice
    return f"Keep one of them and delete the other. Or: {advice[0].lower()}{advice[1:]}"


def values_cut_by_a_note(path: Path, text: str, field_at: Callable[[tuple[int, int]], str]) -> list[Problem]:
    """A warning at each # that a plain value runs into after one space: `room: Room #2 (computers)`.
    YAML reads " #" as the start of a note (a comment), so the value is only "Room". Notes written on
    purpose go on a line of their own, or after two spaces; they are left alone. `field_at` names the
    field of the value that starts at a place (line and column, from 1)."""
    if not _NOTE_AFTER_ONE_SPACE.search(text):
        return []
    lines = text.split("\n")
    warnings = []
    for token in _tokens_before(text, len(text) + 1):
        if not isinstance(token, yaml.ScalarToken) or token.style:
            continue
        line, start, end = lines[token.end_mark.line], token.start_mark, token.end_mark
        if not _NOTE_AFTER_ONE_SPACE.match(line, end.column - 1):
            continue
        hint = ("If it is a note for other staff, put two spaces before the #. If it is part of the value, "
                "put the whole value in quotes")
        value = line[start.column:].rstrip()
        if start.line == end.line and re.match(r"https?://", value):
            # A web address and its #fragment: quoted, the space would stay in the address.
            hint = ("If the # and what follows it are part of the web address, delete the space before "
                    f"the #, like this:\n    {_written(line[:start.column], value.replace(' #', '#', 1))}")
        elif start.line == end.line:
            hint += f", like this:\n    {_written(line[:start.column], in_quotes(value))}"
        warnings.append(Problem(
            Position(path, end.line + 1, end.column + 2), field_at((start.line + 1, start.column + 1)),
            "Everything from the # on is left out of the value, because a # after a space starts a note",
            hint, warning=True,
        ))
    return warnings


def _cannot_be_read(position: Position, reason: str, hint: str) -> Problem:
    return Problem(position, "", f"This line cannot be read ({reason})", hint)


def in_quotes(text: str) -> str:
    """`text` in quote marks that YAML reads back as the same text: double ones, or single ones when it
    has a double quote mark or a backslash in it (in double quotes a backslash starts a special character)."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def value_starts_with_a_sign(path: Path, text: str, mark: yaml.Mark) -> Problem | None:
    """A value that starts with a sign YAML does not read as text, such as `notes: *Note* there is a
    lift` (YAML reads * and & as a name for a part of the file, ! as a type, | and > as text on the lines
    below, and % @ ` as nothing it can read), or None if there is no such sign at `mark`."""
    sign = text[mark.index:mark.index + 1]
    line_start = text.rfind("\n", 0, mark.index) + 1
    line_end = text.find("\n", mark.index)
    if line_end < 0:
        line_end = len(text)
    before, value = text[line_start:mark.index], text[mark.index:line_end].rstrip()
    if sign not in _SIGNS or not _BEFORE_A_VALUE.fullmatch(before):
        return None
    if sign in "|>" and _BLOCK_HEADER.match(value).end() > 1:
        return None  # `about: >- Work coaches...`: a block of text (_text_after_a_block_sign)
    if sign in "-?" and (value[1:2] not in ("", " ") or ":" not in before):
        return None  # `-x` is text; a "- " that starts its line is an item of a list
    return _cannot_be_read(
        Position(path, mark.line + 1, mark.column + 1), f"a value cannot start with {_SIGNS[sign]}",
        f"Put the whole value in quotes, like this:\n    {_written(before, in_quotes(value))}",
    )


def _written(before: str, value: str) -> str:
    """A line as an example shows it: what is before the value (a name, a dash), then the value."""
    return " ".join(filter(None, [before.strip(), value]))


def _sign_starts_a_value(file: _File) -> Problem | None:
    """`notes: *Note* there is a lift`: libyaml names the sign where it started reading (context_mark)
    or where it stopped (problem_mark)."""
    for mark in (file.error.context_mark, file.mark):
        if mark is not None and (found := value_starts_with_a_sign(file.path, file.text, mark)):
            return found
    return None


def _value_goes_on_after_it_ends(file: _File) -> Problem | None:
    """`how_to_find: "Opposite" the market hall.`: a value that starts with a quote mark (or "[" or "{")
    is read up to the closing one, and libyaml stops at the text after it."""
    if not file.tokens or file.text[file.mark.index:file.mark.index + 1] in ("", "\n", "#"):
        return None
    last = file.tokens[-1]
    if last.end_mark.line != file.mark.line or file.text[last.end_mark.index:file.mark.index].strip(" "):
        return None
    if isinstance(last, yaml.ScalarToken) and last.style in ('"', "'"):
        opening = last
    elif isinstance(last, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
        depth, index = 0, len(file.tokens) - 1
        for index in range(len(file.tokens) - 1, -1, -1):
            token = file.tokens[index]
            depth += isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken))
            depth -= isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken))
            if depth == 0:
                break
        opening = file.tokens[index]
    else:
        return None
    if opening.start_mark.line != file.mark.line:
        return None  # a quote over several lines, most often never closed (_quote_not_closed)
    where = file.tokens.index(opening)
    if where == 0 or not isinstance(file.tokens[where - 1], (yaml.ValueToken, yaml.BlockEntryToken)):
        return None
    line, column = file.lines[opening.start_mark.line], opening.start_mark.column
    sign, after = line.text[column], file.text[file.mark.index]
    if sign in "[{" and after in "]}":
        extra = file.mark.column
        return file.problem(
            line, extra + 1, f'there is a "{after}" too many',
            f"Delete it, like this:\n    {(line.text[:extra] + line.text[extra + 1:]).strip()}",
        )
    if sign in "\"'":
        reason = "a value that starts with a quote mark must also end with it"
        what, quote_marks = "a quote mark", "quote marks of the other kind"
    else:
        reason = f'a value that starts with "{sign}" must end with "{_CLOSING[sign]}"'
        what, quote_marks = f'"{sign}"', "quote marks"
    return file.problem(
        line, column + 1, reason,
        f"Do not start the value with {what}, or put the whole value in {quote_marks}, like this:\n"
        f"    {_written(line.text[:column], in_quotes(line.text[column:].rstrip()))}",
    )


def _backslash_in_double_quotes(file: _File) -> Problem | None:
    """`folder: "C:\\Users"`: in double quote marks a backslash starts a special character (\\n, \\u00e9)."""
    if "quoted scalar" not in file.said or "end of stream" in file.said or file.error.context_mark is None:
        return None
    at = file.at
    backslash = at.text.rfind("\\", 0, file.mark.column + 1)
    if backslash < 0:
        return None
    opened = file.error.context_mark.column if file.error.context_mark.line == at.number - 1 else -1
    closed = at.text.rfind('"')
    hint = "Put the text in single quote marks (') instead of double ones"
    if 0 <= opened < closed:
        text = at.text[opened + 1:closed].replace('\\"', '"')
        hint += f", like this:\n    {_written(at.text[:opened], in_quotes(text))}"
    return file.problem(
        at, backslash + 1, "a backslash (\\) inside double quote marks starts a special character", hint,
    )


def _text_after_a_block_sign(file: _File) -> Problem | None:
    """`about: >- Work coaches help...`: after >- (or |) the text goes on the lines below."""
    mark = file.error.context_mark
    if "block scalar" not in file.said or mark is None or mark.line != file.mark.line:
        return None
    at = file.at
    header = _BLOCK_HEADER.match(at.text, mark.column)
    name, colon, _ = at.text[:mark.column].strip().removeprefix("- ").partition(":")
    text = at.text[header.end():].strip() if header else ""
    if header is None or not colon or not text or not _NAME.fullmatch(name.strip()):
        return None
    indent = " " * (at.name_indent - at.indent + _STEP)
    return file.problem(
        at, file.mark.column + 1, f'the text after "{header.group()}" must start on the line below',
        f'Move the text to the next line, {_STEP} spaces further right than "{name.strip()}", like this:\n'
        f"    {at.text[:mark.column].strip()} {header.group()}\n    {indent}{text}",
    )


def _tab(file: _File) -> Problem:
    """A Tab where libyaml stopped: after the dash of a list item, most often."""
    after_a_dash = file.at.text[:file.mark.column].rstrip(" ").endswith("-")
    with_spaces = _TABS.sub(" ", file.at.content)
    return Problem(
        Position(file.path, file.at.number, file.mark.column + 1), "", "This line is indented with a tab",
        "Use spaces, not the Tab key" + (". After a dash, type one space" if after_a_dash else "")
        + f", like this:\n    {with_spaces}",
    )


def _quote_not_closed(file: _File) -> Problem | None:
    """A quote mark that is never closed: at the end of the file, or a quoted value that runs on over
    lines that look like `name: value` lines of their own (the next quote mark in the file closed it)."""
    opened: _Line | None = None
    if "quoted scalar" in file.said and "end of stream" in file.said and file.error.context_mark:
        opened, quote = file.lines[file.error.context_mark.line], file.text[file.error.context_mark.index]
    for token in file.tokens:
        if opened or not isinstance(token, yaml.ScalarToken) or token.style not in ('"', "'"):
            continue
        first, last = token.start_mark.line, token.end_mark.line
        if first < last == file.mark.line or any(
            _NAME_LINE.match(line.text) and line.indent <= file.lines[first].name_indent
            for line in file.lines[first + 1:last + 1]
        ):
            opened, quote = file.lines[first], token.style
    if opened is None:
        return None
    return file.problem(
        opened, opened.end_column, "a quote mark is opened here but not closed",
        f"Add the closing quote mark ({quote}) at the end of the text, like this:\n"
        f"    {opened.content}{quote}",
    )


def _list_marker_above(file: _File) -> Problem | None:
    """An item of a list started with a lookalike of "-", or with no space after the dash, at or above
    where libyaml stopped: it reads the line as a name, and the lines below it no longer fit."""
    starts = [file.lines[token.start_mark.line] for token in file.tokens
              if isinstance(token, yaml.ScalarToken) and not token.style
              and token.start_mark.column == file.lines[token.start_mark.line].indent]
    if file.error.context_mark is not None:  # the line libyaml was reading when it stopped
        starts.append(file.lines[file.error.context_mark.line])
    for line in [*reversed(starts), file.at]:
        if mistake := _list_marker_mistake(line):
            return file.problem(line, *mistake)
    return None


def _list_marker_mistake(line: _Line) -> tuple[int, str, str] | None:
    content = line.content
    rest = content[1:].lstrip()
    if content[:1] in _LOOKALIKE_DASHES and rest:
        return line.column, f'it starts with {_LOOKALIKE_DASHES[content[0]]}, not a "-"', (
            f"Start each item of a list with a dash typed with the minus key, then a space, like this:\n"
            f"    - {rest}"
        )
    if content[:1] == "-" and _NAME.match(content[1:]):
        return line.column + 1, "there is no space after the dash", (
            f"Put a space after the dash, like this:\n    - {rest}"
        )
    return None


def _bracket_not_closed(file: _File) -> Problem | None:
    """A list opened with [ (or a group with {) on a line, and not closed on it."""
    if "flow" not in file.said:
        return None
    opened: list[yaml.Token] = []
    for token in file.tokens:
        if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
            opened.append(token)
        elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and opened:
            opened.pop()
    if not opened or opened[-1].start_mark.line == file.mark.line:
        return None
    line, column = file.lines[opened[-1].start_mark.line], opened[-1].start_mark.column
    bracket = line.text[column]
    closing = {"[": "]", "{": "}"}[bracket]
    if line.text[column:].count(bracket) <= line.text[column:].count(closing):
        return None
    what = "list" if bracket == "[" else "group"
    return file.problem(
        line, line.end_column, f'the {what} opened with "{bracket}" is not closed',
        f'Add "{closing}" at the end of the {what}, on the same line, like this:\n'
        f"    {line.content.rstrip(', ')}{closing}",
    )


def _colon_missing(file: _File, line: _Line) -> Problem:
    dash = "- " if line.content.startswith("- ") else ""
    # Spaces only: str.strip() would take away a special space after the colon too.
    if glued := _COLON_GLUED.match(line.text.strip(" ").removeprefix(dash).lstrip(" ")):
        return _no_space_after_colon(file, line, dash, glued)
    name, _, rest = line.content.removeprefix(dash).lstrip().partition(" ")
    if _NAME.fullmatch(name):
        return file.problem(
            line, line.text.index(name, line.indent) + len(name) + 1, f'there is no colon after "{name}"',
            f"Put a colon straight after the name, like this:\n    {dash}{name}: {rest.strip()}".rstrip(),
        )
    # A line with a colon that is not a name's (https://...): there is a colon on it, just not one of those.
    reason = "it is not written as name: value" if ":" in line.content else "there is no colon (:) on it"
    return file.problem(
        line, line.column, reason,
        "Write each line as name: value, for example start: 10:00. If this line carries on the text of "
        "the line above, start it further right than the name on that line.",
    )


def _no_space_after_colon(file: _File, line: _Line, dash: str, glued: re.Match[str]) -> Problem:
    """`start:09:30`, or `start:` and a non-breaking space pasted from Word or a web page: YAML needs an
    ordinary space after the colon, and reads the whole line as text."""
    name, after = glued.group(1), glued.group(2)
    column = line.text.index(f"{name}:", line.indent) + len(name) + 2
    value = glued.string[glued.end(1) + 1:].strip()
    example = f"{dash}{name}: {value}".rstrip()
    if unicodedata.category(after) == "Zs":
        retype = " and type an ordinary space with the space bar" if value else ""
        return file.problem(
            line, column, "the space after the colon is a special space, from copying and pasting",
            f"Delete it{retype}, like this:\n    {example}",
        )
    return file.problem(
        line, column, "there is no space after the colon",
        f"Put a space after the colon, like this:\n    {example}",
    )


def _colon_in_value(file: _File, value: yaml.ScalarToken) -> Problem:
    """`notes: Call first. Phone: 01632 960123`: a colon and a space in a value read as a name's colon."""
    at = file.at
    column = value.start_mark.column
    return file.problem(
        at, file.mark.column + 1, "a colon followed by a space is inside a value",
        "Put the whole value in quotes, like this:\n    "
        + _written(at.text[:column], in_quotes(at.text[column:].rstrip())),
    )


def _colon_out_of_place(file: _File) -> Problem | None:
    """A colon libyaml did not expect. Either it is in the text of a value (the text needs quotes), or
    the line it is on was read as more of the value above: the line above is missing its colon, or this
    line starts further right than it should."""
    scalars = [token for token in file.tokens if isinstance(token, yaml.ScalarToken)]
    at = file.at
    if not scalars or scalars[-1].start_mark.line == at.number - 1:
        if any(quote in at.text[:file.mark.column] for quote in _CURLY_QUOTES):
            return _curly_quotes(file)
        if scalars and not scalars[-1].style:
            return _colon_in_value(file, scalars[-1])
        return None
    started = file.lines[scalars[-1].start_mark.line]
    before_value = started.text[started.indent:scalars[-1].start_mark.column].strip()
    if before_value in ("", "-") and _NAME.fullmatch(started.first_name()):
        return _colon_missing(file, started)
    if at.indent <= started.name_indent:
        return None
    if odd := _first_of_group_out_of_line(file, at):
        return odd
    return file.problem(
        at, at.column, f"it starts {_spaces(at.indent - started.name_indent)} further right than "
        + ("the line above" if started.number == at.number - 1 else f"line {started.number}"),
        f'Make "{at.first_name()}" start in column {started.name_indent + 1}, in line with '
        f'"{started.first_name()}" on that line, using spaces.',
    )


def _curly_quotes(file: _File) -> Problem:
    at = file.at
    name, _, value = at.content.removeprefix("- ").partition(": ")
    value = value.strip()
    if len(value) > 1 and value[0] in _CURLY_QUOTES and value[-1] in _CURLY_QUOTES and '"' not in value:
        example = f'{name}: "{value[1:-1]}"'
    else:
        example = 'notes: "Note: bring photo ID"'
    first = min(at.text.index(quote) for quote in _CURLY_QUOTES if quote in at.text[:file.mark.column])
    return file.problem(
        at, first + 1, "curly quote marks, as Word makes them, are not quote marks here",
        "Text with a colon in it needs straight quote marks around it. Type the quote marks again "
        f'with the keyboard (") so that they are straight, like this:\n    {example}',
    )


def _not_lined_up(file: _File) -> Problem | None:
    """A line that starts in a column that matches none of the lines it could line up with."""
    at, above, below = file.at, file.above(file.at), file.below(file.at)
    if not at.is_content() or above is None or above.indent == at.indent:
        return None  # it lines up with the line above: the mistake is somewhere else
    if odd := _first_of_group_out_of_line(file, at):
        return odd
    name = at.first_name()
    # The line below is one of its own, unless this line opens a group (then it is inside the group).
    if below and not at.opens_a_group() and above.indent == below.indent:
        spaces = at.indent - above.indent
        return file.problem(
            at, at.column,
            f"it starts {_spaces(abs(spaces))} further {'right' if spaces > 0 else 'left'} "
            "than the lines above and below it",
            f'Make "{name}" start in column {above.column}, in line with them, using spaces.',
        )
    groups = _open_groups(file)
    left = [group for group in groups if group.column < at.column][-1:]
    right = [group for group in groups if group.column > at.column][:1]
    if not left + right:
        return None
    nearest = min(abs(group.column - at.column) for group in left + right)
    choices = [group for group in left + right if abs(group.column - at.column) == nearest]
    said = ", or ".join(
        f'in column {group.column}, in line with "{group.first_name()}" on line {group.number}'
        for group in choices
    )
    return file.problem(
        at, at.column, f"it starts in column {at.column}, which does not line up with the lines around it",
        f'Make "{name}" start {said}' + (", whichever it belongs with" if len(choices) > 1 else "")
        + ", using spaces.",
    )


@dataclass(frozen=True)
class _Group:
    """Where the names of a group (an entry, or the lines under a name like `address:`) start."""

    column: int
    number: int
    line: _Line

    def first_name(self) -> str:
        return self.line.text[self.column - 1:].split(":")[0].strip()


def _open_groups(file: _File) -> list[_Group]:
    """The groups of names libyaml was inside when it stopped, outermost first."""
    stack: list[_Group | None] = []
    for token in file.tokens:
        if isinstance(token, yaml.BlockMappingStartToken):
            line = file.lines[token.start_mark.line]
            stack.append(_Group(token.start_mark.column + 1, line.number, line))
        elif isinstance(token, yaml.BlockSequenceStartToken):
            stack.append(None)
        elif isinstance(token, yaml.BlockEndToken) and stack:
            stack.pop()
    return sorted({group.column: group for group in stack if group}.values(), key=lambda group: group.column)


def _first_of_group_out_of_line(file: _File, at: _Line) -> Problem | None:
    """`at` is where the lines of a group belong (one step in from a name like `address:` above it),
    but the first line of that group is not: the first line is the one to move."""
    for parent in reversed(file.lines[:at.number - 1]):
        if not parent.is_content() or parent.indent >= at.indent:
            continue
        if parent.name_indent + _STEP < at.indent:
            return None
        if parent.opens_a_group() and parent.name_indent + _STEP == at.indent:
            break
    else:
        return None
    first = file.below(parent)
    if first is None or first.number >= at.number or first.indent == at.indent or first.content[:1] == "-":
        return None
    spaces = first.indent - at.indent
    side = "right" if spaces > 0 else "left"
    next_to = "the line below it" if file.below(first) == at else f"line {at.number}"
    return file.problem(
        first, first.column, f"it starts {_spaces(abs(spaces))} further {side} than {next_to}",
        f'Make "{first.first_name()}" start in column {at.column}, in line with "{at.first_name()}" '
        f"on line {at.number}, using spaces.",
    )


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


def _tokens_before(text: str, index: int) -> list[yaml.Token]:
    """The pieces libyaml reads from the text, up to `index` or to the first mistake."""
    tokens = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= index:
                break
            tokens.append(token)
    except yaml.MarkedYAMLError:
        pass
    return tokens
