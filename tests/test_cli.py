"""The `jobclub` command as staff use it: messages, never tracebacks; exit codes; schemas."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from generator.schema import SCHEMAS, schema_text


def jobclub(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *arguments], cwd=cwd, capture_output=True, text=True
    )


def test_check_reports_every_problem_and_exits_1_without_a_traceback(project: Path) -> None:
    timetable = project / "site_data/testshire/timetable.yml"
    timetable.write_text(timetable.read_text().replace("start: 10:00", "start: 10.30").replace("day: monday", "day: mondy"))
    result = jobclub("check", "--today", "2026-11-25", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        'site_data/testshire/timetable.yml:6:12: sessions[0].start: "10.30" is not a time.',
        "  Write times as 24-hour HH:MM, for example 10:30 or 14:00.",
        'site_data/testshire/timetable.yml:18:10: sessions[1].day: "mondy" is not one of the choices.',
        '  Did you mean "monday"? Write one of: monday, tuesday, wednesday, thursday, friday, saturday, sunday.',
        "",
        "Found 2 problems in the data. Nothing was written.",
    ]


def test_check_of_clean_data_exits_0(project: Path) -> None:
    result = jobclub("check", "--today", "2026-11-25", cwd=project)
    assert (result.returncode, result.stdout) == (0, "No problems found in 1 area.\n")


def test_build_with_bad_data_writes_nothing(project: Path) -> None:
    area = project / "site_data/testshire/area.yml"
    area.write_text(area.read_text().replace("nation: england", "nation: englnd"))
    result = jobclub("build", "--today", "2026-11-25", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert 'nation: "englnd" is not one of the choices' in result.stderr
    assert not (project / "site").exists()


def test_bad_today_is_a_message(project: Path) -> None:
    result = jobclub("build", "--today", "25/11/2026", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert '"25/11/2026" is not a date. Write it as YYYY-MM-DD' in result.stderr


def test_today_thousands_of_years_away_is_a_message(project: Path) -> None:
    for command in ("check", "build"):
        result = jobclub(command, "--today", "0001-01-01", cwd=project)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert '"0001-01-01" is too far from now: write a date from 2000 to 2100.' in result.stderr
    assert not (project / "site").exists()


def test_build_out_and_area_options(project: Path) -> None:
    result = jobclub("build", "--today", "2026-11-25", "--out", "public", "--area", "testshire", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "public/testshire/index.html").is_file()
    assert result.stdout.startswith("Built 1 area into public in ")
    # The summary counts what is really there.
    counts = re.search(r": (\d+) pages, (\d+) PDFs, (\d+) calendar feeds, 0 warnings\.\n$", result.stdout)
    assert counts, result.stdout
    site = project / "public/testshire"
    assert int(counts[2]) == len(list(site.rglob("*.pdf"))) > 0
    assert int(counts[3]) == len(list(site.rglob("*.ics")))


def test_a_build_without_packs_says_its_pages_link_to_none(project: Path) -> None:
    result = jobclub("build", "--today", "2026-11-25", "--no-packs", cwd=project)
    assert result.returncode == 0, result.stderr
    assert ", 0 PDFs," in result.stdout
    assert "This area was built without packs and posters (--no-packs): its pages in site link to none." \
        in result.stdout
    assert "Build again without --no-packs before you publish." in result.stdout
    again = jobclub("build", "--today", "2026-11-25", "--no-packs", cwd=project)
    assert again.stdout == "Nothing changed: 1 area in site is up to date.\n"


def test_committed_schemas_match_the_models() -> None:
    for name, model in SCHEMAS.items():
        committed = (ROOT / "schemas" / f"{name}.schema.json").read_text()
        assert committed == schema_text(model), f"run: make schemas ({name} is out of date)"


def test_schema_describes_fields_for_staff(tmp_path: Path) -> None:
    result = jobclub("schema", "--out", str(tmp_path), cwd=ROOT)
    assert result.returncode == 0
    timetable = json.loads((tmp_path / "timetable.schema.json").read_text())
    entry = timetable["$defs"]["TimetableEntry"]
    assert entry["additionalProperties"] is False
    assert entry["properties"]["from"]["description"].startswith("For repeating sessions: the first date")
    assert entry["properties"]["start"]["pattern"] == r"^\d{1,2}:\d{2}$"


def test_progress_is_shown_in_a_terminal_and_quiet_in_a_log(project: Path) -> None:
    import os
    import pty

    # In a log (not a terminal): only the summary.
    quiet = jobclub("build", "--today", "2026-11-25", "--no-packs", cwd=project)
    assert "[1/1]" not in quiet.stderr and quiet.stdout.startswith("Built 1 area into site in ")
    (project / "site_data/testshire/area.yml").write_text(
        (project / "site_data/testshire/area.yml").read_text().replace("Welcome", "Hello"))
    # In a terminal: area by area, then the summary.
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", "--today", "2026-11-25", "--no-packs"],
                               cwd=project, stdout=follower, stderr=follower)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait()
    text = output.decode()
    assert "[1/1] testshire: 13 pages" in text
    assert "Built 1 area into site in " in text and "13 pages, 0 PDFs, 2 calendar feeds, 0 warnings." in text


def test_a_fault_in_the_kit_is_a_message_with_its_details_saved_not_a_traceback(
    project: Path, monkeypatch, tmp_path: Path
) -> None:
    """If jobclub itself goes wrong, staff are told it is not their mistake and what to send; the
    traceback goes to a file for a developer."""
    from click.testing import CliRunner

    from generator import cli

    def broken(*arguments: object) -> None:
        raise ZeroDivisionError("a fault planted by the test")

    monkeypatch.setattr(cli, "load_checked_project", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # so that TMPDIR is read again
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli.main, ["check"])
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "not a mistake in your files" in result.output
    (saved,) = tmp_path.glob("jobclub-fault-*.txt")
    assert str(saved) in result.output
    assert "ZeroDivisionError: a fault planted by the test" in saved.read_text()


def test_a_number_of_jobs_that_is_not_one_or_more_says_what_to_write(project: Path) -> None:
    for given in ("0", "two"):
        result = jobclub("build", "--jobs", given, "--out", "site", cwd=project)
        assert result.returncode == 2
        assert f'"{given}" is not a number of areas to build at once. Write a whole number of 1 or more' in (
            result.stderr)
        assert "x>=1" not in result.stderr
    assert not (project / "site").exists()
