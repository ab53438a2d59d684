"""The errors staff can cause, and how they are said.

Every mistake in the data becomes a `Problem` that names the file, line and column, the field, what is
wrong and how to fix it. Problems are collected, printed together, and the command stops once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Position:
    """Where something is in a file, counted from 1 as editors show it."""

    path: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path.as_posix()}:{self.line}:{self.column}"
        return self.path.as_posix()


@dataclass(frozen=True)
class Problem:
    """One mistake (or warning) in the data, said as a helpful colleague would."""

    position: Position
    field: str
    message: str
    hint: str = ""
    warning: bool = False

    def format(self, root: Path | None = None) -> str:
        position = self.position
        if root is not None:
            try:
                position = Position(
                    # The folder resolved, not the file: a symlink is named as it is, not as its target.
                    (position.path.parent.resolve() / position.path.name).relative_to(root.resolve()),
                    position.line,
                    position.column,
                )
            except ValueError:
                pass
        where = f"{position}: "
        what = f"{self.field}: " if self.field else ""
        kind = "warning: " if self.warning else ""
        text = f"{where}{kind}{what}{_sentence(self.message)}"
        if self.hint:
            text += f"\n  {_sentence(self.hint)}"
        return text


def _sentence(text: str) -> str:
    text = text.rstrip()
    # A hint that ends with an indented example is left as it is: a full stop would be copied too.
    if text.endswith((".", "?", "!")) or text.splitlines()[-1].startswith("  "):
        return text
    return text + "."


class JobclubError(Exception):
    """Base of every error a user can cause: printed as a message, never as a traceback."""


@dataclass
class DataErrors(JobclubError):
    """The data has mistakes; nothing was written."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        count = sum(not problem.warning for problem in self.problems)
        warnings = len(self.problems) - count
        also = f" (and {warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
        return f"Found {count} problem{'s' if count != 1 else ''} in the data{also}."


class BuildError(JobclubError):
    """Something went wrong while building; the published site was left as it was."""
