"""The output folder: the kit writes only into a folder that is missing, empty or made by it, and says
so in one sentence before any work when it is not."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_build import snapshot

from generator.build import build
from generator.cli import main
from generator.errors import DataErrors
from generator.outfolder import MARKER, OutputRefused, load_settings

TODAY = dt.date(2026, 11, 25)


def jobclub(project: Path, monkeypatch: pytest.MonkeyPatch, *arguments: str) -> Result:
    monkeypatch.chdir(project)
    return CliRunner().invoke(main, list(arguments))


def everything(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under `folder`, with the files' bytes: what a refused build must not change."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes() if path.is_file() else None)
        for path in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (".", "Error: . is the project folder, and a build replaces everything in its output folder: "
              "choose a new folder for the site, for example --out site. Nothing was written."),
        ("", 'Error: The output folder is an empty name (--out ""): name the folder to build into, '
             "for example --out site. Nothing was written."),
        ("..", "holds the project folder"),
        ("site_data", "Error: site_data is site_data/, which holds the project's own files: choose a folder "
                      "outside it for the site, for example --out site. Nothing was written."),
        ("site_data/testshire", "site_data/testshire is inside site_data/"),
        ("content/new-folder", "content/new-folder is inside content/"),
        ("templates", "templates is templates/"),
        ("notes", "Error: notes holds files Job Club Kit did not write (photos/, report.txt), and a build "
                  "replaces what is in its output folder: choose an empty or new folder with --out, or, for "
                  "your web host's own files, name them under keep: in jobclub.yml. Nothing was written."),
    ],
)
def test_refused_folders_are_said_before_any_work_and_nothing_changes(
    project: Path, monkeypatch: pytest.MonkeyPatch, out: str, message: str
) -> None:
    (project / "notes/photos").mkdir(parents=True)
    (project / "notes/report.txt").write_text("Quarterly figures.\n")
    (project / "notes/photos/fair.jpg").write_bytes(b"\xff\xd8")
    before = everything(project.parent)
    result = jobclub(project, monkeypatch, "build", "--today", "2026-11-25", "--no-packs", "--out", out)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert everything(project.parent) == before


def test_a_symlink_into_the_data_is_refused_too(project: Path) -> None:
    (project / "site").symlink_to(project / "site_data")
    with pytest.raises(OutputRefused, match="^site is site_data/"):
        build(project, "site", TODAY, packs=False)


def test_a_file_as_out_is_said_before_building(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "site").write_text("not a folder\n")
    monkeypatch.setattr("generator.build.load_checked_project", lambda *a, **k: pytest.fail("built before refusing"))
    result = jobclub(project, monkeypatch, "build", "--today", "2026-11-25")
    assert result.exit_code == 2
    assert result.output == (
        "Error: site is a file, not a folder: choose another folder with --out, or move the file away. "
        "Nothing was written.\n"
    )
    assert (project / "site").read_text() == "not a folder\n"


def test_an_empty_folder_becomes_a_marked_site(project: Path) -> None:
    (project / "public").mkdir()
    build(project, "public", TODAY, packs=False)
    assert (project / "public" / MARKER).is_file()
    assert (project / "public/testshire/index.html").is_file()


def test_the_next_build_accepts_everything_the_last_one_wrote(project: Path) -> None:
    """The national finder's files (finder.json, finder.js) are known as the kit's own by what is in
    them, even when the index page beside them was lost."""
    out = project / "site"
    build(project, out, TODAY, packs=False)
    assert (out / "finder.json").is_file() and (out / "finder.js").is_file()
    assert build(project, out, TODAY + dt.timedelta(days=1), packs=False).areas == ["testshire"]
    (out / "index.html").unlink()
    assert build(project, out, TODAY + dt.timedelta(days=2), packs=False).areas == ["testshire"]
    assert (out / "index.html").is_file()


def test_a_site_built_by_the_first_versions_is_accepted(project: Path, tmp_path: Path) -> None:
    """Sites published before the marker existed: area folders with their stamp, and the index page."""
    out = tmp_path / "published"
    build(project, out, TODAY, packs=False)
    (out / MARKER).unlink()
    index = out / "index.html"
    index.write_text(index.read_text().replace('<meta name="generator" content="Job Club Kit">\n', ""))
    timetable = project / "site_data/testshire/timetable.yml"
    timetable.write_text(timetable.read_text().replace("spaces: 12", "spaces: 9"))
    assert build(project, out, TODAY, packs=False).areas == ["testshire"]
    assert (out / MARKER).is_file() and "9 places." in (out / "testshire/index.html").read_text()


def test_a_stray_file_in_the_site_is_refused_not_deleted(project: Path) -> None:
    out = project / "site"
    build(project, out, TODAY, packs=False)
    (out / "minutes.docx").write_bytes(b"PK")
    with pytest.raises(OutputRefused, match=r"\(minutes\.docx\)"):
        build(project, out, TODAY + dt.timedelta(days=1), packs=False)
    assert (out / "minutes.docx").read_bytes() == b"PK"


def test_web_host_files_named_under_keep_stay_across_builds(project: Path) -> None:
    out = project / "site"
    build(project, out, TODAY, packs=False)
    (out / "CNAME").write_text("jobs.example.org\n")
    (out / ".well-known/acme-challenge").mkdir(parents=True)
    (out / ".well-known/acme-challenge/token").write_text("abc\n")
    (out / ".well-known/latest").symlink_to("acme-challenge/token")
    with pytest.raises(OutputRefused, match=r"\(.well-known/, CNAME\)"):
        build(project, out, TODAY + dt.timedelta(days=1), packs=False)
    (project / "jobclub.yml").write_text("keep:\n  - CNAME\n  - .well-known/\n")
    assert build(project, out, TODAY + dt.timedelta(days=1), packs=False).areas == ["testshire"]
    assert (out / "CNAME").read_text() == "jobs.example.org\n"
    assert (out / ".well-known/acme-challenge/token").read_text() == "abc\n"
    assert os.readlink(out / ".well-known/latest") == "acme-challenge/token"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("keep:\n  - CNAME\n  - ../secrets\n",
         'jobclub.yml:3:5: keep[1]: "../secrets" is not the name of a file or folder at the top of the output '
         "folder.\n  Write one name a line, for example CNAME, .htaccess or .well-known/ (a folder ends with /)."),
        ("keep:\n  - index.html\n",
         "jobclub.yml:2:5: keep[0]: index.html cannot be kept: each build writes it.\n"
         "  Take this line out of keep:."),
        ("keep:\n  - testshire\n",
         'jobclub.yml:2:5: keep[0]: "testshire" is the name of an area, whose site each build replaces.\n'
         "  Take this line out of keep:, or give the file another name."),
        ("kep:\n  - CNAME\n", "jobclub.yml:1:1: kep:"),
    ],
)
def test_keep_list_mistakes_are_said_at_their_line(project: Path, text: str, problem: str) -> None:
    (project / "jobclub.yml").write_text(text)
    with pytest.raises(DataErrors) as raised:
        load_settings(project)
    assert raised.value.problems[0].format(project).startswith(problem)


def test_index_needs_an_existing_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = jobclub(project, monkeypatch, "index", "--out", "assembled")
    assert result.exit_code == 2
    assert result.output.startswith("Error: assembled does not exist: build the areas into it first")
    assert not (project / "assembled").exists()


def test_index_never_overwrites_an_index_page_it_did_not_write(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "site"
    build(project, out, TODAY, packs=False)
    (out / "index.html").write_text("<h1>Our own home page</h1>\n")
    result = jobclub(project, monkeypatch, "index", "--out", "site")
    assert result.exit_code == 1 and "site holds files Job Club Kit did not write (index.html)" in result.output
    assert (out / "index.html").read_text() == "<h1>Our own home page</h1>\n"


def test_index_rewrites_its_own_page(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(project, project / "site", TODAY, packs=False)
    os.remove(project / "site/index.html")
    result = jobclub(project, monkeypatch, "index", "--out", "site")
    assert result.exit_code == 0, result.output
    assert 'href="testshire/"' in (project / "site/index.html").read_text()


@pytest.mark.parametrize("name", ["finder.js", "finder.json"])
def test_a_finder_file_the_kit_did_not_write_is_kept(
    project: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    out = project / "site"
    build(project, out, TODAY, packs=False)
    (out / name).write_text("// our own search\n")
    result = jobclub(project, monkeypatch, "index", "--out", "site")
    assert result.exit_code == 1 and f"site holds files Job Club Kit did not write ({name})" in result.output
    assert (out / name).read_text() == "// our own search\n"


def test_schema_refuses_data_folders_and_files_it_did_not_write(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = jobclub(project, monkeypatch, "schema", "--out", "site_data")
    assert result.exit_code == 1 and "site_data is inside site_data/" in result.output
    (project / "mine").mkdir()
    (project / "mine/area.schema.json").write_text("my notes\n")
    result = jobclub(project, monkeypatch, "schema", "--out", "mine")
    assert result.exit_code == 1 and "area.schema.json was not written by Job Club Kit" in result.output
    assert (project / "mine/area.schema.json").read_text() == "my notes\n"
    shutil.rmtree(project / "mine")
    assert jobclub(project, monkeypatch, "schema", "--out", "mine").exit_code == 0
    assert jobclub(project, monkeypatch, "schema", "--out", "mine").exit_code == 0  # its own files again


def test_a_refused_build_in_a_git_clone_leaves_git_status_clean(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=T", "-c", "user.email=t@example.org",
                                                    "commit", "-qm", "start"]):
        subprocess.run([git, *command], cwd=project, check=True)
    for out in (".", "", "site_data", "content", "templates"):
        assert jobclub(project, monkeypatch, "build", "--today", "2026-11-25", "--out", out).exit_code == 1
    status = subprocess.run([git, "status", "--porcelain", "--ignored"], cwd=project, capture_output=True,
                            text=True, check=True)
    assert status.stdout == ""
    assert snapshot(project / "site_data")


def test_check_lists_keep_list_mistakes_with_the_others(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "jobclub.yml").write_text("keep:\n  - /etc/passwd\n")
    area = project / "site_data/testshire/area.yml"
    area.write_text(area.read_text().replace("nation: england", "nation: englnd"))
    result = jobclub(project, monkeypatch, "check", "--today", "2026-11-25")
    assert result.exit_code == 1
    assert 'jobclub.yml:2:5: keep[0]: "/etc/passwd" is not the name of a file or folder' in result.output
    assert 'nation: "englnd" is not one of the choices' in result.output
    assert "Found 2 problems in the data." in result.output


def make_welsh(project: Path, welsh: bool = True) -> None:
    area = project / "site_data/testshire/area.yml"
    text = area.read_text().replace("languages: [en, cy]\n", "")
    area.write_text(text + ("languages: [en, cy]\n" if welsh else ""))


def test_the_welsh_finder_folder_is_the_kits_own_and_goes_with_the_last_welsh_area(project: Path) -> None:
    out = project / "site"
    make_welsh(project)
    build(project, out, TODAY, packs=False)
    assert (out / "cy/index.html").is_file()
    assert build(project, out, TODAY + dt.timedelta(days=1), packs=False).areas == ["testshire"]
    assert (out / "cy/index.html").is_file()
    # Anything else in cy/ is not the kit's: the build says so and changes nothing.
    (out / "cy/notes.txt").write_text("Ours.\n")
    with pytest.raises(OutputRefused, match=r"holds files Job Club Kit did not write \(cy/\)"):
        build(project, out, TODAY + dt.timedelta(days=2), packs=False)
    (out / "cy/notes.txt").unlink()
    make_welsh(project, welsh=False)
    build(project, out, TODAY + dt.timedelta(days=2), packs=False)
    assert sorted(path.name for path in out.iterdir()) == [MARKER, "finder.js", "finder.json", "index.html", "testshire"]
    assert "Cymraeg" not in (out / "index.html").read_text()


def test_cy_cannot_be_kept_as_the_welsh_finder_is_written_there(project: Path) -> None:
    (project / "jobclub.yml").write_text("keep:\n  - cy/\n")
    with pytest.raises(DataErrors) as raised:
        load_settings(project)
    assert [problem.format(project) for problem in raised.value.problems] == [
        "jobclub.yml:2:5: keep[0]: cy/ cannot be kept: each build writes it.\n  Take this line out of keep:."
    ]


def test_a_quick_build_never_takes_away_published_packs(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--no-packs over a published site with packs and posters is refused, and the PDFs stay."""
    out = project / "site"
    build(project, out, TODAY)
    pdfs = sorted(path.relative_to(out) for path in out.rglob("*.pdf"))
    assert pdfs
    before = everything(out)
    timetable = project / "site_data/testshire/timetable.yml"
    timetable.write_text(timetable.read_text().replace("spaces: 12", "spaces: 9"))
    result = jobclub(project, monkeypatch, "build", "--today", "2026-11-25", "--no-packs")
    assert result.exit_code == 1
    assert result.output.startswith("Error: site holds a published site with packs and posters (testshire).")
    assert "build into another folder, for example --out preview. Nothing was written." in result.output
    assert everything(out) == before
    # Nor may it add an area without packs to that site.
    from test_incremental import add_area

    add_area(project, "otherton", "Otherton")
    result = jobclub(project, monkeypatch, "build", "--today", "2026-11-25", "--no-packs", "--area", "otherton")
    assert result.exit_code == 1 and "(testshire)" in result.output
    assert not (out / "otherton").exists()
    # Into another folder, the quick look is made.
    result = jobclub(project, monkeypatch, "build", "--today", "2026-11-25", "--no-packs", "--out", "preview")
    assert result.exit_code == 0, result.output
    assert not list((project / "preview").rglob("*.pdf"))
