"""`jobclub check --format ...`: the same problems as the terminal shows, for the tools staff edit in.

- `github`: workflow commands (`::error file=...,line=...,col=...,title=...::message`), which GitHub
  shows on the changed line of a pull request and in the web editor's checks.
- `gitlab`: a Code Quality report (a JSON array), which GitLab shows in a merge request.
- `json`: one object per problem, for any other tool.

Every format carries the same sentence and hint as the terminal does (see errors.Problem).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

from .errors import Problem

FORMATS = ("text", "github", "gitlab", "json")
# The formats whose report is a file for a tool (they can be written to --output).
REPORT_FILES = ("gitlab", "json")


def github_annotations(problems: list[Problem], root: Path) -> str:
    """One workflow command per problem, escaped as GitHub's runner expects (actions/toolkit's
    command.ts: `%`, CR and LF in the message; also `:` and `,` in the properties)."""
    lines = []
    for problem in problems:
        position = problem.position.relative_to(root)
        properties = {"file": position.path.as_posix()}
        if position.line:
            properties |= {"line": str(position.line), "col": str(position.column)}
        properties["title"] = f"jobclub check: {problem.field}" if problem.field else "jobclub check"
        written = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
        command = "warning" if problem.warning else "error"
        lines.append(f"::{command} {written}::{_escape_data(_message(problem, chr(10)))}")
    return "".join(line + "\n" for line in lines)


def gitlab_code_quality(problems: list[Problem], root: Path) -> str:
    """A GitLab Code Quality report: the fields GitLab reads from the Code Climate format."""
    report = []
    for problem in problems:
        position = problem.position.relative_to(root)
        path = position.path.as_posix()
        check = "jobclub/" + (re.sub(r"\[\d+\]", "", problem.field) or "file")
        where = [path, str(position.line), str(position.column), problem.field, problem.message]
        fingerprint = hashlib.sha256("\0".join(where).encode()).hexdigest()
        report.append(
            {
                "description": _message(problem, " "),
                "check_name": check,
                "fingerprint": fingerprint,
                "severity": "minor" if problem.warning else "major",
                "location": {"path": path, "lines": {"begin": max(position.line, 1)}},
            }
        )
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def json_problems(problems: list[Problem], root: Path) -> str:
    """A JSON array with one object per problem: file, line, column (null when the problem is about a
    whole file), severity, field, message and hint."""
    report = []
    for problem in problems:
        position = problem.position.relative_to(root)
        report.append(
            {
                "file": position.path.as_posix(),
                "line": position.line or None,
                "column": position.column or None,
                "severity": "warning" if problem.warning else "error",
                "field": problem.field,
                "message": problem.saying(),
                "hint": problem.hint_sentence(),
            }
        )
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


WRITERS: dict[str, Callable[[list[Problem], Path], str]] = {
    "github": github_annotations,
    "gitlab": gitlab_code_quality,
    "json": json_problems,
}


def write_report(format: str, problems: list[Problem], root: Path, output: Path | None) -> str:
    """The report in `format`, written to `output` if given; returns the text for standard output."""
    text = WRITERS[format](problems, root)
    if output is None:
        return text
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return ""


def _message(problem: Problem, joiner: str) -> str:
    """The terminal's sentence and its hint (GitHub shows the hint on a line of its own)."""
    hint = problem.hint_sentence()
    return f"{problem.saying()}{joiner}{hint}" if hint else problem.saying()


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
