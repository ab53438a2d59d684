"""Plain English: pages harder than a reading age of about 9 are named, with their hardest sentences."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from generator.build import load_checked_project
from generator.readability import grade, plain_text

TODAY = dt.date(2026, 11, 25)

HARD = """# Curriculum vitae optimisation

Prospective employers systematically evaluate curriculum vitae documentation, prioritising demonstrable
competencies, quantifiable achievements and organisational responsibilities.

Consequently, individuals should articulate transferable capabilities comprehensively.
"""


def test_plain_sentences_score_low_and_jargon_scores_high() -> None:
    assert grade(["Write your name at the top.", "Then add your phone number."]) < 2
    assert grade(plain_text(HARD)) > 12


def test_markdown_is_read_as_sentences() -> None:
    assert plain_text("## Steps\n\n1. Open [Find a job](https://www.gov.uk/find-a-job).\n2. **Sign in**.") == [
        "Steps", "Open Find a job.", "Sign in."
    ]


def test_a_hard_guide_is_a_warning_that_names_it_and_its_hardest_sentences(project: Path) -> None:
    (project / "content/guides/make-a-cv.md").write_text(HARD)
    warnings = [w.format(project) for w in load_checked_project(project, TODAY, None, strict=False).warnings]
    assert len(warnings) == 1
    assert warnings[0].startswith(
        "content/guides/make-a-cv.md: warning: This is harder to read than a reading age of about 9 (reading age "
    )
    assert '"Consequently, individuals should articulate transferable capabilities comprehensively."' in warnings[0]


def test_strict_build_refuses_hard_content_without_a_traceback(project: Path) -> None:
    (project / "content/guides/make-a-cv.md").write_text(HARD)
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--strict", "--no-packs",
                             "--today", "2026-11-25"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("content/guides/make-a-cv.md: This is harder to read")
    assert not (project / "site").exists()


def test_long_sentence_is_a_warning(project: Path) -> None:
    long = "Bring " + " and ".join(["a pen"] * 14) + " to the session."
    path = project / "content/guides/make-a-cv.md"
    path.write_text(path.read_text() + "\n" + long + "\n")
    warnings = [w.format(project) for w in load_checked_project(project, TODAY, None, strict=False).warnings]
    assert warnings == [
        f'content/guides/make-a-cv.md: warning: This sentence has more than 25 words: "{long[:80]}...".\n'
        "  Split it into two or three shorter sentences."
    ]


def test_the_sample_content_passes_the_strict_check() -> None:
    project = load_checked_project(ROOT, TODAY, None, strict=True)
    assert len(project.guides) >= 10
