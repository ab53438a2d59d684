"""`load_checked_project`: what `jobclub check` and every build run first. Warnings are never dropped
because something else is an error: one check shows everything to fix."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from test_readability import HARD

from generator.check import load_checked_project
from generator.errors import DataErrors

TODAY = dt.date(2026, 11, 25)
NO_LAST_CHECKED = "site_data/testshire/partners.yml:2:5: warning: partners[0].last_checked:"


def without_last_checked(project: Path) -> None:
    partners = project / "site_data/testshire/partners.yml"
    partners.write_text(partners.read_text().replace("    last_checked: 2026-10-01\n", ""))


def listed(project: Path, strict: bool) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_checked_project(project, TODAY, None, strict)
    return [problem.format(project) for problem in caught.value.problems]


def test_a_strict_refusal_lists_the_warnings_too(project: Path) -> None:
    without_last_checked(project)
    (project / "content/guides/make-a-cv.md").write_text(HARD)
    found = listed(project, strict=True)
    assert found[0].startswith("content/guides/make-a-cv.md: This is harder to read")
    assert found[1].startswith(NO_LAST_CHECKED) and len(found) == 2


def test_a_mistake_in_jobclub_yml_lists_the_warnings_too(project: Path) -> None:
    without_last_checked(project)
    (project / "jobclub.yml").write_text("kepe: [CNAME]\n")
    found = listed(project, strict=False)
    assert found[0].startswith("jobclub.yml:1:1: ") and found[1].startswith(NO_LAST_CHECKED)
    assert len(found) == 2


def test_welsh_and_reading_age_warnings_stay_when_another_area_has_a_mistake(tmp_path: Path) -> None:
    """Those warnings need the project loaded: they come from the areas that have no mistakes."""
    from conftest import ROOT

    project = tmp_path / "samples"
    for name in ("content", "site_data", "templates"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    # The samples are all in Welsh now: take one translation away, so there is a Welsh warning.
    (project / "content/guides/write-your-personal-profile.cy.md").unlink()
    before = [problem.format(project) for problem in load_checked_project(project, TODAY, None, False).warnings]
    welsh = [line for line in before if "site_data/conwy" in line or ".cy" in line or "Welsh" in line]
    assert welsh, "a page without its Welsh is a warning"
    timetable = project / "site_data/paisley/timetable.yml"
    timetable.write_text(timetable.read_text().replace("start: 10:00", "start: 10.30", 1))
    after = listed(project, strict=False)
    assert any("site_data/paisley/timetable.yml" in line and "is not a time" in line for line in after)
    assert {line for line in before if "site_data/paisley" not in line} <= set(after)


def test_a_missing_colon_is_shown_on_its_own_line_with_the_line_written_right(project: Path) -> None:
    """What `jobclub check` prints: the line to change (6), not the line where libyaml noticed (7)."""
    timetable = project / "site_data/testshire/timetable.yml"
    timetable.write_text(timetable.read_text().replace("    start: 10:00\n", "    start 10:00\n", 1))
    assert listed(project, strict=False)[0] == (
        'site_data/testshire/timetable.yml:6:10: This line cannot be read (there is no colon after "start").\n'
        "  Put a colon straight after the name, like this:\n"
        "    start: 10:00"
    )


def test_a_value_cut_short_by_a_hash_is_a_warning_check_shows_at_the_hash(project: Path) -> None:
    """`room: Room #2 (computers)` would show "Room" on the page: the check says so, at the #, and
    says how to keep the whole text; in both areas' files and in content/, and again when the
    answer for the file is taken from the cache."""
    timetable = project / "site_data/testshire/timetable.yml"
    timetable.write_text(timetable.read_text().replace("    end: 12:00\n", "    end: 12:00\n    room: Room #2 (computers)\n", 1))
    for _ in range(2):  # the second check takes the file's answer from the cache
        warnings = [problem.format(project) for problem in load_checked_project(project, TODAY, None, False).warnings]
        assert [warning for warning in warnings if "#" in warning] == [
            "site_data/testshire/timetable.yml:8:16: warning: sessions[0].room: Everything from the # on is left "
            "out of the value, because a # after a space starts a note.\n"
            "  If it is a note for other staff, put two spaces before the #. If it is part of the value, put the "
            "whole value in quotes, like this:\n"
            '    room: "Room #2 (computers)"'
        ]


# --- What each file gave is kept between checks (memo.by_content): never a stale answer ------------


def parsed_and_validated(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """The files parsed, and the files validated, from now on: not answered from the cache."""
    from generator import load, validate

    parsed: list[str] = []
    validated: list[str] = []
    parse, check = load._parse, validate._validated
    monkeypatch.setattr(load, "_parse", lambda path, raw: parsed.append(path.name) or parse(path, raw))
    monkeypatch.setattr(validate, "_validated",
                        lambda document, model: validated.append(document.path.name) or check(document, model))
    return parsed, validated


def test_a_second_check_reads_only_the_file_that_changed(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("JOBCLUB_CACHE", str(tmp_path / "cache"))
    first = load_checked_project(project, TODAY, None, False)
    parsed, validated = parsed_and_validated(monkeypatch)
    again = load_checked_project(project, TODAY, None, False)
    assert parsed == validated == []
    assert again.areas == first.areas and again.courses == first.courses
    assert [p.format(project) for p in again.warnings] == [p.format(project) for p in first.warnings]
    timetable = project / "site_data/testshire/timetable.yml"
    timetable.write_text(timetable.read_text().replace("spaces: 12", "spaces: 14"))
    edited = load_checked_project(project, TODAY, None, False)
    assert set(parsed) == set(validated) == {"timetable.yml"}
    assert edited.areas["testshire"].sessions[0].spaces == 14


def test_an_edit_shows_its_mistake_and_undoing_it_takes_it_away(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("JOBCLUB_CACHE", str(tmp_path / "cache"))
    load_checked_project(project, TODAY, None, False)
    timetable = project / "site_data/testshire/timetable.yml"
    good = timetable.read_text()
    timetable.write_text(good.replace("spaces: 12", "spaces: lots"))
    assert any(line.startswith('site_data/testshire/timetable.yml:14:13: sessions[0].spaces: "lots" is not a whole')
               for line in listed(project, strict=False))
    timetable.write_text(good.replace("spaces: 12", "spaces: 12\n    spaces: 13"))
    assert any(line.startswith("site_data/testshire/timetable.yml:15:5: sessions[0].spaces:")
               and "written twice" in line for line in listed(project, strict=False))
    timetable.write_text(good)
    assert load_checked_project(project, TODAY, None, False).areas["testshire"].sessions[0].spaces == 12


def test_a_renamed_venue_is_missed_by_the_files_that_did_not_change(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The timetable and partners were not edited, and are answered from the cache: the check that
    they name a venue that exists is made again all the same."""
    monkeypatch.setenv("JOBCLUB_CACHE", str(tmp_path / "cache"))
    load_checked_project(project, TODAY, None, False)
    venues = project / "site_data/testshire/venues.yml"
    venues.write_text(venues.read_text().replace("id: town-library", "id: town-hall"))
    found = listed(project, strict=False)
    assert any(line.startswith("site_data/testshire/partners.yml:") and 'There is no venue "town-library"' in line
               for line in found)
    assert any(line.startswith("site_data/testshire/timetable.yml:3:12: sessions[0].venue: There is no venue "
                               '"town-library"') for line in found)


def test_a_change_to_the_kit_works_every_file_out_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from generator import memo

    monkeypatch.setenv("JOBCLUB_CACHE", str(tmp_path / "cache"))
    load_checked_project(project, TODAY, None, False)
    monkeypatch.setattr(memo, "kit_version", lambda: "another version of the kit")
    parsed, validated = parsed_and_validated(monkeypatch)
    load_checked_project(project, TODAY, None, False)
    assert "timetable.yml" in parsed and "timetable.yml" in validated


def test_a_service_renamed_in_services_yml_is_found_in_the_unchanged_guides(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What the nation-variant checks find in a page is kept too: keyed by services.yml as well."""
    monkeypatch.setenv("JOBCLUB_CACHE", str(tmp_path / "cache"))
    guide = project / "content/guides/make-a-cv.md"
    guide.write_text(guide.read_text() + "\nThe Careers Hub can help.\n")
    load_checked_project(project, TODAY, None, False)
    services = project / "content/services.yml"
    services.write_text(services.read_text().replace(
        "    name: National Careers Service\n", "    name: National Careers Service\n    other_names: [Careers Hub]\n"))
    found = listed(project, strict=False)
    assert any(line.startswith(f"content/guides/make-a-cv.md:{len(guide.read_text().splitlines())}:5: ")
               and '"Careers Hub"' in line for line in found), found


# --- The validators pydantic builds are kept too (validate._validator): the same messages -----------


MISTAKES = {"spaces: 12": "spaces: lots", "start: 10:00": "start: 10.30"}


def listed_after_mistakes(project: Path) -> list[str]:
    timetable = project / "site_data/testshire/timetable.yml"
    text = timetable.read_text()
    for good, bad in MISTAKES.items():
        text = text.replace(good, bad, 1)
    timetable.write_text(text)
    return listed(project, strict=False)


def test_a_kept_validator_says_the_same_as_one_built_afresh(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from generator import memo

    fresh_project = tmp_path / "fresh"
    shutil.copytree(project, fresh_project)
    monkeypatch.setenv("JOBCLUB_CACHE", memo.OFF)
    fresh = listed_after_mistakes(fresh_project)
    monkeypatch.setenv("JOBCLUB_CACHE", str(tmp_path / "cache"))
    load_checked_project(project, TODAY, None, False)  # keeps the validators
    assert any((tmp_path / "cache" / "validators").iterdir())
    kept = listed_after_mistakes(project)
    assert kept == fresh
    assert any(line.startswith('site_data/testshire/timetable.yml:14:13: sessions[0].spaces: "lots" is not a whole')
               for line in kept)


@pytest.mark.parametrize("spoil", ["damaged", "another model's"])
def test_a_spoilt_validator_means_building_it_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, spoil: str
) -> None:
    import pickle

    from generator.model import Area

    monkeypatch.setenv("JOBCLUB_CACHE", str(tmp_path / "cache"))
    load_checked_project(project, TODAY, None, False)
    Area.model_rebuild()
    for kept in (tmp_path / "cache" / "validators").iterdir():
        key, _ = pickle.loads(kept.read_bytes())
        kept.write_bytes(b"\x80\x05 half a pickle" if spoil == "damaged"
                         else pickle.dumps((key, Area.__pydantic_validator__)))
    found = listed_after_mistakes(project)
    assert any(line.startswith('site_data/testshire/timetable.yml:14:13: sessions[0].spaces: "lots" is not a whole')
               for line in found)
    assert any("sessions[0].start" in line and "is not a time" in line for line in found)


def test_a_pages_kept_reading_age_and_long_welsh_sentences_follow_its_edits(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Both are kept with the page (memo.by_content): an edit is seen, and undoing it too."""
    from conftest import ROOT

    monkeypatch.setenv("JOBCLUB_CACHE", str(tmp_path / "cache"))
    samples = tmp_path / "samples"
    for name in ("content", "site_data", "templates"):
        shutil.copytree(ROOT / name, samples / name)

    def warnings() -> list[str]:
        return [problem.format(samples) for problem in load_checked_project(samples, TODAY, None, False).warnings]

    welsh = samples / "content/guides/write-your-personal-profile.cy.md"
    english = samples / "content/guides/write-your-personal-profile.md"
    before, welsh_text, english_text = warnings(), welsh.read_text(), english.read_text()
    long = " ".join(["gair"] * 30) + "."
    welsh.write_text(f"{welsh_text}\n{long}\n")
    english.write_text(HARD)
    edited = warnings()
    assert f'content/guides/write-your-personal-profile.cy.md: warning: This sentence has more than 25 words: "{long[:80]}..."' in "\n".join(edited)
    assert any(line.startswith("content/guides/write-your-personal-profile.md: warning: This is harder to read")
               for line in edited)
    welsh.write_text(welsh_text)
    english.write_text(english_text)
    assert warnings() == before


def test_a_kept_comparison_of_the_strings_files_follows_an_edit_to_either(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What comparing cy.yml with en.yml found is kept (memo.by_content), keyed on both files."""
    monkeypatch.setenv("JOBCLUB_CACHE", str(tmp_path / "cache"))
    english = project / "templates/strings/en.yml"
    welsh = project / "templates/strings/cy.yml"
    english_text, welsh_text = english.read_text(encoding="utf-8"), welsh.read_text(encoding="utf-8")
    load_checked_project(project, TODAY, None, False)
    welsh.write_text(welsh_text.replace("see_timetable: Gweld yr amserlen lawn\n", ""), encoding="utf-8")
    assert any('There is no text for "see_timetable"' in line for line in listed(project, strict=False))
    welsh.write_text(welsh_text, encoding="utf-8")
    load_checked_project(project, TODAY, None, False)
    english.write_text(english_text + "a_new_name: Something new\n", encoding="utf-8")
    assert any('There is no text for "a_new_name"' in line for line in listed(project, strict=False))


# --- The national services are said in one line; an area without site_url is a warning -------------


def with_the_kits_services(project: Path) -> int:
    """The kit's own content/services.yml, with its unconfirmed services: how many there are."""
    from conftest import ROOT

    text = (ROOT / "content/services.yml").read_text(encoding="utf-8")
    (project / "content/services.yml").write_text(text, encoding="utf-8")
    return text.count("    checked: unconfirmed\n")


def test_the_unconfirmed_national_services_are_one_warning_unless_asked_for_in_full(project: Path) -> None:
    unconfirmed = with_the_kits_services(project)
    assert unconfirmed > 1
    summed = [problem.format(project) for problem in load_checked_project(project, TODAY, None, False).warnings]
    assert summed == [
        f"content/services.yml: warning: {unconfirmed} national services are not confirmed yet (for content "
        "editors, not area staff: jobclub check --services lists them)."
    ]
    in_full = load_checked_project(project, TODAY, None, False, services_in_full=True).warnings
    assert len(in_full) == unconfirmed
    assert all(problem.message.endswith("are unconfirmed") and problem.position.line for problem in in_full)


def test_services_checked_long_ago_are_one_warning_too(project: Path) -> None:
    services = project / "content/services.yml"
    services.write_text(services.read_text().replace("date: 2026-11-01", "date: 2025-01-01"))
    (summed,) = load_checked_project(project, TODAY, None, False).warnings
    assert summed.message.endswith(" national services need checking (for content editors, not area staff: "
                                   "jobclub check --services lists them)")


def test_the_services_are_one_line_among_mistakes_and_a_strict_refusal_too(project: Path) -> None:
    unconfirmed = with_the_kits_services(project)
    timetable = project / "site_data/testshire/timetable.yml"
    timetable.write_text(timetable.read_text().replace("start: 10:00", "start: 10.30", 1))
    found = listed(project, strict=False)
    assert [line for line in found if line.startswith("content/services.yml")] == [
        f"content/services.yml: warning: {unconfirmed} national services are not confirmed yet (for content "
        "editors, not area staff: jobclub check --services lists them)."
    ]
    assert any("is not a time" in line for line in found) and len(found) == 2
    timetable.write_text(timetable.read_text().replace("start: 10.30", "start: 10:00"))
    (project / "content/guides/make-a-cv.md").write_text(HARD)
    found = listed(project, strict=True)
    assert found[0].startswith("content/guides/make-a-cv.md: This is harder to read")
    assert found[1].startswith(f"content/services.yml: warning: {unconfirmed} national services") and len(found) == 2


def test_an_area_without_site_url_is_warned_that_posters_and_packs_will_not_show_it(project: Path) -> None:
    area = project / "site_data/testshire/area.yml"
    text = area.read_text()
    area.write_text(text.replace("site_url: https://www.example.org/jobclub/testshire/\n", ""))
    assert [problem.format(project) for problem in load_checked_project(project, TODAY, None, False).warnings] == [
        "site_data/testshire/area.yml: warning: site_url: There is no web address for this area's website, so "
        "its posters and packs will not show it.\n"
        "  Add a line site_url: with the web address this area's website will have, like "
        "https://jobclub.example.org/testshire/ (ask whoever puts it online)."
    ]
    # new-area's commented line is where the warning points.
    area.write_text(text.replace("site_url: https://", "# site_url: https://"))
    (warning,) = load_checked_project(project, TODAY, None, False).warnings
    assert (warning.position.line, warning.position.column) == (8, 1)
    assert warning.hint.startswith("Take the # off the site_url: line")
    # Another area's mistake does not hide it.
    other = project / "site_data/otherton"
    shutil.copytree(project / "site_data/testshire", other)
    (other / "area.yml").write_text(text.replace("slug: testshire", "slug: otherton"))
    timetable = other / "timetable.yml"
    timetable.write_text(timetable.read_text().replace("start: 10:00", "start: 10.30", 1))
    found = listed(project, strict=False)
    assert any(line.startswith("site_data/otherton/timetable.yml:") for line in found)
    assert any(line.startswith("site_data/testshire/area.yml:8:1: warning: site_url:") for line in found)
