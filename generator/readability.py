"""How hard the guides and course pages are to read, against GOV.UK's aim of a reading age of about 9.

The measure is the Flesch-Kincaid grade (reading age is about the grade plus 5), with syllables
counted from pyphen's British English dictionary. It is computed here rather than with textstat:
textstat's English syllable counter downloads NLTK's cmudict on first use, which fails offline (on
library networks and in CI), and the formula is one line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import memo
from .errors import Position, Problem
from .model import Course
from .project import Page, Project
from .variants import readable

# A reading age of about 9 is a Flesch-Kincaid grade of 4.
MAX_GRADE = 4.0
LONG_SENTENCE_WORDS = 25
WORST_SHOWN = 3
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


@dataclass(frozen=True)
class Score:
    path: Path
    grade: float
    worst: list[str]  # the hardest sentences, hardest first
    long: list[str]  # sentences of more than LONG_SENTENCE_WORDS words


# Change when grade(), or what a Score holds, changes: figures kept on disk (memo.py) are then
# worked out again.
_FORMULA = 1


@cache
def _hyphenator():  # type: ignore[no-untyped-def]
    """pyphen's British English dictionary, loaded on first use (it takes a noticeable part of a
    second, which `jobclub check` should not pay before it has anything to measure)."""
    import pyphen

    return pyphen.Pyphen(lang="en_GB")


def grade(sentences: list[str]) -> float:
    """The Flesch-Kincaid grade of some sentences."""
    words = [word for sentence in sentences for word in _WORD.findall(sentence)]
    if not words:
        return 0.0
    hyphenator = _hyphenator()
    syllables = sum(len(hyphenator.positions(word.lower())) + 1 for word in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59


def plain_text(markdown: str) -> list[str]:
    """Sentences of a Markdown page: headings and list items count as sentences of their own."""
    sentences = []
    for line in markdown.splitlines():
        line = _MARKER.sub("", line)
        line = _LINK.sub(r"\1", line)  # a link reads as its words
        line = _EMPHASIS.sub("", line).strip()
        if line:
            sentences.extend(s for s in _SENTENCE_END.split(line) if s.strip())
    return sentences


_MARKER = re.compile(r"^\s*(#+|[-*+]|\d+[.)])\s+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"[*_`>]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def course_text(course: Course) -> list[str]:
    parts = [course.title, course.summary, course.who_it_is_for, *course.you_will_learn]
    for session in course.sessions:
        parts += [session.title, session.what_happens, *session.bring]
    return [sentence for part in parts for sentence in plain_text(readable(part))]


def score(path: Path, sentences: list[str]) -> Score:
    """The figures for one page, kept on disk (memo.py): most pages have not changed since the last
    check, and counting syllables needs pyphen's whole dictionary read first."""
    def work_out() -> dict[str, object]:
        return {
            "grade": grade(sentences),
            "worst": sorted(sentences, key=lambda sentence: -grade([sentence]))[:WORST_SHOWN],
            "long": [s for s in sentences if len(_WORD.findall(s)) > LONG_SENTENCE_WORDS],
        }

    question = [sentences, _FORMULA, WORST_SHOWN, LONG_SENTENCE_WORDS, memo.installed("pyphen")]

    def read(found: dict[str, Any]) -> Score:
        texts = [*found["worst"], *found["long"]]
        if not isinstance(found["grade"], float) or not all(isinstance(text, str) for text in texts):
            raise TypeError("not reading-age figures")
        return Score(path, found["grade"], list(found["worst"]), list(found["long"]))

    return memo.remembered("reading-age", question, work_out, read)


def page_score(path: Path, markdown: str) -> Score:
    """The figures for a page, kept with the page (memo.by_content, keyed on its text and pyphen's
    version): an unchanged page is not split into sentences again either."""
    key = f"{hashlib.sha256(markdown.encode()).hexdigest()}:{memo.installed('pyphen')}"
    return memo.by_content("page-reading-age", str(path), key,
                           lambda: score(path, plain_text(readable(markdown))))


def check_readability(project: Project) -> list[Problem]:
    """A warning for every guide, shared page and course that is harder than a reading age of about 9,
    and for every sentence longer than 25 words."""
    # A service's role reads as "the service"; passages for one nation are read like the rest.
    scores = [page_score(page.path, page.markdown) for page in _pages(project)]
    scores += [
        score(project.root / "content" / "courses" / f"{slug}.yml", course_text(course))
        for slug, course in project.courses.items()
    ]
    warnings = []
    for found in scores:
        if found.grade > MAX_GRADE:
            worst = "\n    ".join(f'"{sentence}"' for sentence in found.worst)
            warnings.append(
                Problem(Position(found.path), "",
                        f"This is harder to read than a reading age of about 9 (reading age "
                        f"{found.grade + 5:.0f})",
                        "Use shorter sentences and common words. The hardest sentences are:\n    " + worst,
                        warning=True)
            )
        for sentence in found.long:
            warnings.append(
                Problem(Position(found.path), "",
                        f'This sentence has more than {LONG_SENTENCE_WORDS} words: "{sentence[:80]}..."',
                        "Split it into two or three shorter sentences.", warning=True)
            )
    return warnings


def _pages(project: Project) -> list[Page]:
    shared = [*project.guides.values(), *project.pages.values()]
    return [*shared, *(twin for page in shared for twin in page.nations.values())]  # and pages for one nation
