"""Answers kept on disk between commands (generator/memo.py): the same answers as working them out,
and a cache that cannot be read or written never stops a check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator import memo, readability, schedule


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("JOBCLUB_CACHE", str(folder))
    return folder


def test_an_answer_is_worked_out_once_and_read_back_the_same(cache: Path) -> None:
    asked = []

    def work_out() -> dict[str, object]:
        asked.append(1)
        return {"grade": 3.25, "worst": ["One.", "Two."]}

    first = memo.remembered("kind", ["question", 1], work_out)
    second = memo.remembered("kind", ["question", 1], work_out)
    assert first == second == {"grade": 3.25, "worst": ["One.", "Two."]}
    assert len(asked) == 1
    assert memo.remembered("kind", ["another question", 1], work_out) == first
    assert len(asked) == 2


def test_a_spoilt_answer_is_worked_out_again(cache: Path) -> None:
    memo.remembered("kind", "q", lambda: [1, 2])
    (saved,) = (cache / "kind").glob("*.json")
    saved.write_text('[1, 2', encoding="utf-8")  # a disk that filled up, say
    assert memo.remembered("kind", "q", lambda: [1, 2]) == [1, 2]
    assert saved.read_text(encoding="utf-8") == "[1, 2]"


def test_a_cache_that_cannot_be_written_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("JOBCLUB_CACHE", str(blocker / "cache"))
    assert memo.remembered("kind", "q", lambda: {"a": 1}) == {"a": 1}
    assert memo.remembered("kind", "q", lambda: {"a": 2}) == {"a": 2}  # nothing kept


def test_bank_holidays_are_the_same_from_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schedule.bank_holidays.cache_clear()
    worked_out = schedule.bank_holidays("wales", 2026)
    schedule.bank_holidays.cache_clear()
    assert any((cache / "bank-holidays").iterdir())
    assert schedule.bank_holidays("wales", 2026) == worked_out
    assert worked_out[dt.date(2026, 12, 28)] == "Boxing Day (observed)"
    schedule.bank_holidays.cache_clear()
    monkeypatch.setenv("JOBCLUB_CACHE", memo.OFF)
    assert schedule.bank_holidays("wales", 2026) == worked_out
    schedule.bank_holidays.cache_clear()


def test_reading_age_figures_are_the_same_from_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sentences = readability.plain_text(
        "# Apply\n\nYou can apply for a job online. Employers increasingly communicate "
        "electronically with prospective candidates regarding opportunities.\n"
    )
    page = Path("content/guides/apply.md")
    worked_out = readability.score(page, sentences)
    assert readability.score(page, sentences) == worked_out
    monkeypatch.setenv("JOBCLUB_CACHE", memo.OFF)
    assert readability.score(page, sentences) == worked_out
    assert worked_out.grade == readability.grade(sentences)
    assert worked_out.worst[0].startswith("Employers increasingly")
