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

    def relative_to(self, root: Path | None) -> Position:
        """The same position with its path relative to the project folder, when it is inside it."""
        if root is None:
            return self
        try:
            # The folder resolved, not the file: a symlink is named as it is, not as its target.
            path = (self.path.parent.resolve() / self.path.name).relative_to(root.resolve())
            return Position(path, self.line, self.column)
        except ValueError:
            return self


@dataclass(frozen=True)
class Problem:
    """One mistake (or warning) in the data, said as a helpful colleague would."""

    position: Position
    field: str
    message: str
    hint: str = ""
    warning: bool = False

    def format(self, root: Path | None = None) -> str:
        kind = "warning: " if self.warning else ""
        text = f"{self.position.relative_to(root)}: {kind}{self.saying()}"
        if self.hint:
            text += f"\n  {self.hint_sentence()}"
        return text

    def saying(self) -> str:
        """What is wrong, as one sentence, naming the field: `sessions[0].start: "10.30" is not a time.`"""
        what = f"{self.field}: " if self.field else ""
        return f"{what}{_sentence(self.message)}"

    def hint_sentence(self) -> str:
        return _sentence(self.hint) if self.hint else ""


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
