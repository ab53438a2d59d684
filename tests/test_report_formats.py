"""`jobclub check --format github|gitlab|json`: the terminal's problems, where staff edit.

Each format's output is parsed as the tool that reads it would (GitHub's workflow commands, GitLab's
Code Quality JSON, plain JSON), for a project with two mistakes and for one with two warnings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_cli import jobclub

from generator.errors import Position, Problem
from generator.report_formats import github_annotations

TIME_MESSAGE = 'sessions[0].start: "10.30" is not a time.'
TIME_HINT = "Write times as 24-hour HH:MM, for example 10:30 or 14:00."
DAY_MESSAGE = 'sessions[1].day: "mondy" is not one of the choices.'
DAY_HINT = 'Did you mean "monday"? Write one of: monday, tuesday, wednesday, thursday, friday, saturday, sunday.'
TIMETABLE = "site_data/testshire/timetable.yml"


@pytest.fixture
def mistaken(project: Path) -> Path:
    """The basic project with a time written 10.30 (line 6, column 12) and a day spelt mondy (18:10)."""
    timetable = project / TIMETABLE
    timetable.write_text(
        timetable.read_text().replace("start: 10:00", "start: 10.30").replace("day: monday", "day: mondy")
    )
    return project


def _unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse_workflow_commands(stdout: str) -> list[dict[str, str]]:
    """Read `::command key=value,...::message` lines as GitHub's runner does."""
    found = []
    for line in stdout.splitlines():
        match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
        assert match, f"not a workflow command: {line!r}"
        properties = dict(part.split("=", 1) for part in match[2].split(","))
        found.append({"command": match[1], **{k: _unescape(v) for k, v in properties.items()},
                      "message": _unescape(match[3])})
    return found


def test_github_annotations_sit_on_the_line_with_the_hint(mistaken: Path) -> None:
    result = jobclub("check", "--today", "2026-11-25", "--format", "github", cwd=mistaken)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert parse_workflow_commands(result.stdout) == [
        {"command": "error", "file": TIMETABLE, "line": "6", "col": "12",
         "title": "jobclub check: sessions[0].start", "message": f"{TIME_MESSAGE}\n{TIME_HINT}"},
        {"command": "error", "file": TIMETABLE, "line": "18", "col": "10",
         "title": "jobclub check: sessions[1].day", "message": f"{DAY_MESSAGE}\n{DAY_HINT}"},
    ]
    # The log still reads as the terminal does.
    assert result.stderr.splitlines()[:2] == [f"{TIMETABLE}:6:12: {TIME_MESSAGE}", f"  {TIME_HINT}"]


def test_github_warnings_are_warnings_and_the_check_passes(project: Path) -> None:
    # By mid-2027 the second session has ended and the partner was last checked long ago.
    result = jobclub("check", "--today", "2027-06-25", "--format", "github", cwd=project)
    assert result.returncode == 0
    annotations = parse_workflow_commands(result.stdout)
    assert [(a["command"], a["file"], a["line"]) for a in annotations] == [
        ("warning", "site_data/testshire/partners.yml", "12"),
        ("warning", TIMETABLE, "22"),
    ]
    assert annotations[0]["message"].startswith(
        "partners[0].last_checked: Testtown Jobcentre was last checked on 2026-10-01")
    assert "No problems found in 1 area, and 2 warnings above." in result.stderr


def test_github_escapes_percent_newlines_and_property_separators() -> None:
    problem = Problem(Position(Path("site_data/a,b:c.yml"), 3, 4), "x", "100% full\r\nor not", "Say 50%")
    line = github_annotations([problem], Path("."))
    assert line == (
        "::error file=site_data/a%2Cb%3Ac.yml,line=3,col=4,title=jobclub check%3A x"
        "::x: 100%25 full%0D%0Aor not.%0ASay 50%25.\n"
    )
    assert parse_workflow_commands(line)[0]["message"] == "x: 100% full\r\nor not.\nSay 50%."


def test_gitlab_code_quality_report_written_to_a_file(mistaken: Path) -> None:
    result = jobclub("check", "--today", "2026-11-25", "--format", "gitlab",
                     "--output", "gl-code-quality-report.json", cwd=mistaken)
    assert result.returncode == 1 and result.stdout == ""
    report = json.loads((mistaken / "gl-code-quality-report.json").read_text())
    assert [
        (issue["description"], issue["check_name"], issue["severity"], issue["location"]) for issue in report
    ] == [
        (f"{TIME_MESSAGE} {TIME_HINT}", "jobclub/sessions.start", "major", {"path": TIMETABLE, "lines": {"begin": 6}}),
        (f"{DAY_MESSAGE} {DAY_HINT}", "jobclub/sessions.day", "major", {"path": TIMETABLE, "lines": {"begin": 18}}),
    ]
    fingerprints = [issue["fingerprint"] for issue in report]
    assert len(set(fingerprints)) == 2 and all(re.fullmatch(r"[0-9a-f]{64}", f) for f in fingerprints)
    # The same mistakes give the same fingerprints, so GitLab can tell new ones from old ones.
    again = jobclub("check", "--today", "2026-11-25", "--format", "gitlab", cwd=mistaken)
    assert [issue["fingerprint"] for issue in json.loads(again.stdout)] == fingerprints


def test_gitlab_report_of_clean_data_is_empty(project: Path) -> None:
    result = jobclub("check", "--today", "2026-11-25", "--format", "gitlab", cwd=project)
    assert (result.returncode, json.loads(result.stdout)) == (0, [])
    assert result.stderr == "No problems found in 1 area.\n"


def test_json_has_one_object_per_problem(mistaken: Path) -> None:
    result = jobclub("check", "--today", "2026-11-25", "--format", "json", cwd=mistaken)
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {"file": TIMETABLE, "line": 6, "column": 12, "severity": "error", "field": "sessions[0].start",
         "message": TIME_MESSAGE, "hint": TIME_HINT},
        {"file": TIMETABLE, "line": 18, "column": 10, "severity": "error", "field": "sessions[1].day",
         "message": DAY_MESSAGE, "hint": DAY_HINT},
    ]


def test_json_problem_about_a_whole_file_has_no_line(project: Path) -> None:
    (project / "site_data/testshire/venues.yml").unlink()
    result = jobclub("check", "--today", "2026-11-25", "--format", "json", cwd=project)
    assert result.returncode == 1
    [problem] = json.loads(result.stdout)
    assert (problem["file"], problem["line"], problem["column"]) == ("site_data/testshire/venues.yml", None, None)
    assert problem["message"] == "This area has no venues.yml file."


def test_output_is_only_for_report_files(project: Path) -> None:
    result = jobclub("check", "--format", "github", "--output", "x.txt", cwd=project)
    assert result.returncode == 2 and "--output is for --format gitlab or --format json." in result.stderr
    assert not (project / "x.txt").exists()
