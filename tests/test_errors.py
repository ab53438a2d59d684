"""Every message a user can see is a finished sentence: no `{placeholder}` is left unfilled."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from conftest import ROOT

from generator.errors import DataErrors, Position, Problem
from generator.model import _fail

MODULES = sorted((ROOT / "generator").glob("*.py"))
# What raises or reports a message: `_fail` (model.py) fills its own; the rest print text as given.
SAYS = {
    "Problem", "_refuse", "_cannot_be_read", "problem", "BuildError", "DataErrors", "fail", "JobclubError",
    "_invisible_problem",
}
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def _name(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")


def _texts(node: ast.AST) -> list[str]:
    """The plain strings in an argument. An f-string fills in its own values, and braces left in one
    were written doubled (`{{placeholders}}`), on purpose, so f-strings are not looked into."""
    if isinstance(node, ast.JoinedStr):
        return []
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    return [text for child in ast.iter_child_nodes(node) for text in _texts(child)]


def _template(node: ast.expr) -> str:
    """A message or hint as _fail receives it: an f-string's fixed parts are what it formats."""
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):  # "..." "..." split over lines with +
        return _template(node.left) + _template(node.right)
    assert isinstance(node, ast.Constant) and isinstance(node.value, str), ast.dump(node)
    return node.value


def calls(name: str) -> list[tuple[Path, ast.Call]]:
    return [
        (path, node)
        for path in MODULES
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and _name(node) == name
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_no_message_is_printed_with_an_unfilled_placeholder(path: Path) -> None:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and _name(node) in SAYS:
            for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
                for text in _texts(argument):
                    assert not PLACEHOLDER.search(text), f"{path.name}:{node.lineno}: {text!r}"


def test_every_model_message_and_hint_names_only_values_it_is_given() -> None:
    found = calls("_fail")
    assert len(found) > 15
    for path, node in found:
        given = {keyword.arg for keyword in node.keywords}
        message, hint = (_template(argument) for argument in node.args[1:3])
        for text in (message, hint):
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            assert names <= given, f"{path.name}:{node.lineno}: {text!r} needs {names - given}"
        # And made into the error pydantic reports, both come out filled in.
        error = _fail(_template(node.args[0]), message, hint, **dict.fromkeys(given, "x"))
        assert not PLACEHOLDER.search(error.message()), f"{path.name}:{node.lineno}"
        assert not PLACEHOLDER.search(error.context["hint"]), f"{path.name}:{node.lineno}"


def test_a_count_of_problems_says_how_many_are_warnings() -> None:
    error = Problem(Position(Path("a.yml"), 1, 1), "", "Wrong")
    warning = Problem(Position(Path("a.yml"), 2, 1), "", "Odd", warning=True)
    assert str(DataErrors([error, error, warning])) == "Found 2 problems in the data (and 1 warning)."
    assert str(DataErrors([error])) == "Found 1 problem in the data."
