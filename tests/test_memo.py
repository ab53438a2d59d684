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

    first = memo.remembered("kind", ["question", 1], work_out, dict)
    second = memo.remembered("kind", ["question", 1], work_out, dict)
    assert first == second == {"grade": 3.25, "worst": ["One.", "Two."]}
    assert len(asked) == 1
    assert memo.remembered("kind", ["another question", 1], work_out, dict) == first
    assert len(asked) == 2


def test_a_spoilt_answer_is_worked_out_again(cache: Path) -> None:
    memo.remembered("kind", "q", lambda: [1, 2], list)
    (saved,) = (cache / "kind").glob("*.json")
    whole = saved.read_text(encoding="utf-8")
    saved.write_text(whole[:-3], encoding="utf-8")  # a disk that filled up, say
    assert memo.remembered("kind", "q", lambda: [1, 2], list) == [1, 2]
    assert saved.read_text(encoding="utf-8") == whole


def test_a_cache_that_cannot_be_written_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("JOBCLUB_CACHE", str(blocker / "cache"))
    assert memo.remembered("kind", "q", lambda: {"a": 1}, dict) == {"a": 1}
    assert memo.remembered("kind", "q", lambda: {"a": 2}, dict) == {"a": 2}  # nothing kept


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


@pytest.mark.parametrize("spoilt", ["[1, 2]", "null", "{}", '{"bad": "x"}', '{"question": [], "answer": []}',
                                    "[]", '"text"'])
def test_answers_in_the_wrong_shape_are_worked_out_again(cache: Path, spoilt: str) -> None:
    """Well-formed JSON that is not an answer of this kit (another program's, an older shape, a
    file copied over another) is worked out again, never a crash."""
    schedule.bank_holidays.cache_clear()
    worked_out = schedule.bank_holidays("scotland", 2026)
    sentences = ["You can apply for a job online."]
    figures = readability.score(Path("a.md"), sentences)
    for saved in cache.rglob("*.json"):
        saved.write_text(spoilt, encoding="utf-8")
    schedule.bank_holidays.cache_clear()
    assert schedule.bank_holidays("scotland", 2026) == worked_out
    assert readability.score(Path("a.md"), sentences) == figures
    # And the cache holds good answers again.
    assert all(saved.read_text(encoding="utf-8") != spoilt for saved in cache.rglob("*.json"))
    schedule.bank_holidays.cache_clear()


@pytest.mark.parametrize("setting", ["off", "OFF", "no", "0", "false"])
def test_the_cache_can_be_switched_off(setting: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBCLUB_CACHE", setting)
    assert memo.folder() is None


def test_a_relative_cache_folder_is_not_made_where_the_command_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JOBCLUB_CACHE", "bogus")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert memo.folder() == tmp_path / "home" / ".cache" / "jobclub"
    memo.remembered("kind", "q", lambda: [1], list)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["home"]


def test_a_file_answer_is_kept_and_a_spoilt_one_worked_out_again(cache: Path) -> None:
    asked = []

    def work_out() -> tuple[Path, list[int]]:
        asked.append(1)
        return Path("site_data/a/venues.yml"), [1, 2]

    assert memo.by_content("kind", "slot", "key", work_out) == (Path("site_data/a/venues.yml"), [1, 2])
    assert memo.by_content("kind", "slot", "key", work_out) == (Path("site_data/a/venues.yml"), [1, 2])
    assert len(asked) == 1
    for kept in (cache / "kind").glob("*.pickle"):
        kept.write_bytes(b"not a pickle")
    assert memo.by_content("kind", "slot", "key", work_out) == (Path("site_data/a/venues.yml"), [1, 2])
    assert memo.by_content("kind", "slot", "another key", work_out) == (Path("site_data/a/venues.yml"), [1, 2])
    assert len(asked) == 3
    assert len(list((cache / "kind").glob("*.pickle"))) == 1  # one answer per slot, the last one


def test_no_file_answer_is_kept_with_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBCLUB_CACHE", memo.OFF)
    asked = []
    memo.by_content("kind", "slot", "key", lambda: asked.append(1))
    memo.by_content("kind", "slot", "key", lambda: asked.append(1))
    assert len(asked) == 2


def test_a_pickle_someone_else_could_have_written_is_not_read(cache: Path) -> None:
    """In a cache folder others can write to (a shared JOBCLUB_CACHE), a kept answer is read only from
    a file of the user's own that nobody else can write: a pickle from anyone else could run code."""
    import os
    import pickle

    asked = []

    def work_out() -> str:
        asked.append(1)
        return "worked out"

    assert memo.by_content("kind", "slot", "key", work_out) == "worked out"
    [kept] = (cache / "kind").glob("*.pickle")
    full_key, _ = pickle.loads(kept.read_bytes())
    kept.write_bytes(pickle.dumps((full_key, "planted")))
    kept.chmod(0o666)  # anyone could have written it
    assert memo.by_content("kind", "slot", "key", work_out) == "worked out"
    assert len(asked) == 2
    [kept] = (cache / "kind").glob("*.pickle")
    planted = kept.with_name("planted")
    planted.write_bytes(pickle.dumps((full_key, "planted")))
    planted.chmod(0o600)
    kept.unlink()
    kept.symlink_to(planted)  # a link, even to a file of the user's own
    assert memo.by_content("kind", "slot", "key", work_out) == "worked out"
    assert len(asked) == 3
    if os.geteuid() == 0:  # root can give the file to another user
        [kept] = (cache / "kind").glob("*.pickle")
        kept.write_bytes(pickle.dumps((full_key, "planted")))
        os.chown(kept, 65534, 65534)
        assert memo.by_content("kind", "slot", "key", work_out) == "worked out"
        assert len(asked) == 4
