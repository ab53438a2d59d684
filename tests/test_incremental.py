"""Rebuilds do only what changed, and give exactly what a clean build gives."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_build import snapshot

from generator import build as build_module
from generator.build import Shard, build, write_index

TODAY = dt.date(2026, 11, 25)


def add_area(project: Path, slug: str, name: str) -> None:
    shutil.copytree(project / "site_data/testshire", project / f"site_data/{slug}")
    area = project / f"site_data/{slug}/area.yml"
    area.write_text(area.read_text().replace("slug: testshire", f"slug: {slug}").replace("name: Testshire", f"name: {name}"))


@pytest.fixture
def two_areas(project: Path) -> Path:
    add_area(project, "otherton", "Otherton")
    return project


def inode(path: Path) -> int:
    return path.stat().st_ino


def test_nothing_changed_does_no_rendering(two_areas: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = two_areas / "site"
    build(two_areas, out, TODAY)
    before = snapshot(out)
    home = inode(out / "testshire/index.html")

    def must_not_render(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(build_module, "render_area", must_not_render)
    monkeypatch.setattr(build_module, "load_checked_project", must_not_render)
    summary = build(two_areas, out, TODAY, jobs=1)
    assert (summary.areas, summary.unchanged) == ([], ["otherton", "testshire"])
    assert snapshot(out) == before and inode(out / "testshire/index.html") == home


def test_one_timetable_changed_rebuilds_only_that_area(two_areas: Path) -> None:
    out = two_areas / "site"
    build(two_areas, out, TODAY)
    untouched = inode(out / "testshire/index.html")
    timetable = two_areas / "site_data/otherton/timetable.yml"
    timetable.write_text(timetable.read_text().replace("spaces: 12", "spaces: 9"))
    summary = build(two_areas, out, TODAY)
    assert (summary.areas, summary.unchanged) == (["otherton"], ["testshire"])
    assert inode(out / "testshire/index.html") == untouched
    assert "9 places." in (out / "otherton/index.html").read_text()


def test_a_shared_guide_changed_rebuilds_every_area(two_areas: Path) -> None:
    out = two_areas / "site"
    build(two_areas, out, TODAY)
    guide = two_areas / "content/guides/make-a-cv.md"
    guide.write_text(guide.read_text().replace("Write your name.", "Write your full name."))
    summary = build(two_areas, out, TODAY)
    assert summary.areas == ["otherton", "testshire"]
    assert "Write your full name." in (out / "otherton/guides/make-a-cv/index.html").read_text()


def test_a_new_day_rebuilds_every_area(two_areas: Path) -> None:
    out = two_areas / "site"
    build(two_areas, out, TODAY)
    assert build(two_areas, out, TODAY + dt.timedelta(days=1)).areas == ["otherton", "testshire"]


def test_rebuild_after_a_change_equals_a_clean_build(two_areas: Path, tmp_path: Path) -> None:
    out = two_areas / "site"
    build(two_areas, out, TODAY)
    timetable = two_areas / "site_data/testshire/timetable.yml"
    timetable.write_text(timetable.read_text().replace("reason: Library closed for stocktake", "reason: Staff training"))
    build(two_areas, out, TODAY)
    build(two_areas, tmp_path / "clean", TODAY)
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_output_is_the_same_whatever_the_number_of_workers(two_areas: Path, tmp_path: Path) -> None:
    build(two_areas, tmp_path / "one", TODAY, jobs=1)
    build(two_areas, tmp_path / "two", TODAY, jobs=2)
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_shards_assemble_into_the_full_build(two_areas: Path, tmp_path: Path) -> None:
    add_area(two_areas, "thirdton", "Thirdton")
    build(two_areas, tmp_path / "full", TODAY)
    assembled = tmp_path / "assembled"
    for number in (1, 2):
        part = tmp_path / f"part{number}"
        build(two_areas, part, TODAY, shard=Shard(number, 2))
        assert not (part / "index.html").exists()
        shutil.copytree(part, assembled, dirs_exist_ok=True)
    assert sorted(p.name for p in (tmp_path / "part1").iterdir() if p.is_dir()) == ["otherton", "thirdton"]
    write_index(two_areas, assembled)
    assert snapshot(assembled) == snapshot(tmp_path / "full")


def test_an_area_deleted_from_site_data_leaves_the_site(two_areas: Path) -> None:
    out = two_areas / "site"
    build(two_areas, out, TODAY)
    shutil.rmtree(two_areas / "site_data/otherton")
    build(two_areas, out, TODAY)
    assert not (out / "otherton").exists()
    assert "Otherton" not in (out / "index.html").read_text()


def test_identical_theme_files_are_stored_once(two_areas: Path) -> None:
    out = two_areas / "site"
    build(two_areas, out, TODAY)
    stylesheets = sorted((out / "testshire/assets/stylesheets").glob("main.*.min.css"))
    assert stylesheets
    for sheet in stylesheets:
        twin = out / "otherton" / sheet.relative_to(out / "testshire")
        assert inode(sheet) == inode(twin)
    assert not list(out.rglob("*.map"))
    # Not only the theme's files: any file with the same bytes at the same place (a pack, a page).
    same = [
        path.relative_to(out / "testshire")
        for path in (out / "testshire").rglob("*")
        if path.is_file() and path.stat().st_size >= 1024
        and (out / "otherton" / path.relative_to(out / "testshire")).is_file()
        and path.read_bytes() == (out / "otherton" / path.relative_to(out / "testshire")).read_bytes()
    ]
    assert any(name.suffix == ".pdf" for name in same)
    assert [name for name in same if inode(out / "testshire" / name) != inode(out / "otherton" / name)] == []


def test_a_changed_guide_remakes_only_the_learner_packs_that_print_it(
    two_areas: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Learner packs print their course's guides: after a guide changes, those (standard and large
    print, in each area) are laid out again; tutor packs and paperwork come from the cache."""
    from generator.packs import PackPrinter

    out = two_areas / "site"
    build(two_areas, out, TODAY, jobs=1)
    laid_out: list[str] = []
    pages: list[str] = []
    original = PackPrinter.lay_out
    monkeypatch.setattr(
        PackPrinter, "lay_out",
        lambda self, html, size: laid_out.append(size) or pages.append(html) or original(self, html, size),
    )
    guide = two_areas / "content/guides/make-a-cv.md"
    guide.write_text(guide.read_text() + "\nAsk for help if you get stuck.\n")
    assert build(two_areas, out, TODAY, jobs=1).areas == ["otherton", "testshire"]
    assert sorted(laid_out) == ["large-print", "large-print", "standard", "standard"]
    laid_out.clear()
    pages.clear()
    # A change to what the packs and paperwork hold (the course outline) remakes that course's.
    course = two_areas / "content/courses/cv-writing.yml"
    course.write_text(course.read_text().replace("minutes: 90", "minutes: 120"))
    build(two_areas, out, TODAY, jobs=1)
    assert len(pages) > 4 and all("Writing a CV" in html for html in pages)


def test_course_page_links_its_packs_with_their_size(two_areas: Path) -> None:
    out = two_areas / "site"
    build(two_areas, out, TODAY)
    course = (out / "testshire/courses/cv-writing/index.html").read_text()
    assert 'href="../../packs/cv-writing-learner.pdf">Download the learner pack</a> (PDF, ' in course
    assert 'href="../../packs/cv-writing-learner-large-print.pdf">Download the large-print learner pack</a>' in course
    assert (out / "testshire/packs/cv-writing-tutor.pdf").read_bytes().startswith(b"%PDF")


# --- After a shared guide changed: only the pages that hold its text are made again -----------------


def inodes(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): inode(path) for path in folder.rglob("*") if path.is_file()}


def kit_files(path: str) -> bool:
    """The finder and the kit's records, written on every build that rebuilds an area."""
    return "/" not in path or path.endswith(("/.jobclub.json", "/.jobclub-pages.json")) or path.startswith("cy/")


def test_a_changed_guide_draws_only_the_pages_that_hold_it_again(two_areas: Path, tmp_path: Path) -> None:
    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False)
    before = inodes(out)
    # A copy sharing the published files: had the rebuild written into a file it kept, this would change.
    kept_copy = tmp_path / "kept"
    shutil.copytree(out, kept_copy, copy_function=os.link)
    published = snapshot(out)
    guide = two_areas / "content/guides/make-a-cv.md"
    guide.write_text(guide.read_text().replace("Write your name.", "Write your full name."))
    assert build(two_areas, out, TODAY, packs=False).areas == ["otherton", "testshire"]

    after = inodes(out)
    remade = sorted(path for path in after if before.get(path) != after[path] and not kit_files(path))
    assert remade == [
        f"{area}/{page}"
        for area in ("otherton", "testshire")
        for page in (
            "courses/cv-writing-guides/index.html",  # the course's guides on one page, to print
            "guides/make-a-cv/index.html",
            "search/search_index.json",
        )
    ]
    assert "Write your full name." in (out / "otherton/guides/make-a-cv/index.html").read_text()
    assert snapshot(kept_copy) == published
    build(two_areas, tmp_path / "clean", TODAY, packs=False)
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_a_changed_guide_does_not_make_the_areas_own_pages_again(
    two_areas: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The timetable, venues, courses and feeds show a guide's title, never its text: they are kept
    from the last build (render_area's `remembered` file) while the titles stay the same."""
    from generator import render

    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False)
    made: list[str] = []
    original = render._own_pages
    monkeypatch.setattr(render, "_own_pages", lambda *args: made.append(args[1].slug) or original(*args))
    guide = two_areas / "content/guides/make-a-cv.md"
    guide.write_text(guide.read_text() + "\nAsk for help if you get stuck.\n")
    build(two_areas, out, TODAY, packs=False, jobs=1)
    assert made == []
    # A new title is on the course page and in the list of guides: those are made again.
    guide.write_text(guide.read_text().replace("# Make a CV", "# Make your CV", 1))
    build(two_areas, out, TODAY, packs=False, jobs=1)
    assert sorted(made) == ["otherton", "testshire"]
    assert "Make your CV" in (out / "testshire/courses/cv-writing/index.html").read_text()


def test_a_guide_with_a_new_title_is_shown_in_every_pages_menu(two_areas: Path, tmp_path: Path) -> None:
    """The menu on every page lists the guide by its title: every page is drawn again."""
    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False)
    guide = two_areas / "content/guides/make-a-cv.md"
    guide.write_text(guide.read_text().replace("# Make a CV", "# Make your CV", 1))
    build(two_areas, out, TODAY, packs=False)
    assert "Make your CV" in (out / "testshire/venues/index.html").read_text()
    build(two_areas, tmp_path / "clean", TODAY, packs=False)
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_a_published_site_changed_by_hand_is_built_whole(two_areas: Path, tmp_path: Path) -> None:
    """A page missing from the published site, or a damaged record or stamp: the site is built whole,
    and nothing is lost."""
    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False)
    (out / "testshire/venues/index.html").unlink()
    (out / "otherton/.jobclub-pages.json").write_text("{not json")
    (out / "otherton/.jobclub.json").write_text("[" * 100_000 + "]" * 100_000)
    guide = two_areas / "content/guides/make-a-cv.md"
    guide.write_text(guide.read_text() + "\nAsk for help if you get stuck.\n")
    build(two_areas, out, TODAY, packs=False)
    build(two_areas, tmp_path / "clean", TODAY, packs=False)
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_a_changed_guide_with_packs_copies_only_the_packs_that_print_it(two_areas: Path, tmp_path: Path) -> None:
    out = two_areas / "site"
    build(two_areas, out, TODAY, jobs=1)
    before = inodes(out)
    guide = two_areas / "content/guides/make-a-cv.md"
    guide.write_text(guide.read_text() + "\nAsk for help if you get stuck.\n")
    build(two_areas, out, TODAY, jobs=1)
    after = inodes(out)
    remade = {path for path in after if before.get(path) != after[path] and not kit_files(path)}
    assert "testshire/packs/cv-writing-learner.pdf" in remade
    assert "testshire/packs/cv-writing-tutor.pdf" not in remade
    assert "testshire/venues/index.html" not in remade
    build(two_areas, tmp_path / "clean", TODAY, jobs=1)
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_a_record_naming_a_file_outside_its_site_is_not_followed(two_areas: Path, tmp_path: Path) -> None:
    """The record is in the published folder: one changed to name another area's file does not put
    that file into the other area."""
    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False, jobs=1)
    (out / "otherton/planted.html").write_text("<script>alert(1)</script>")
    record = out / "testshire/.jobclub-pages.json"
    record.write_text(record.read_text().replace('"404.html"', '"../otherton/planted.html"'))
    guide = two_areas / "content/guides/make-a-cv.md"
    guide.write_text(guide.read_text() + "\nAsk for help if you get stuck.\n")
    build(two_areas, out, TODAY, packs=False, jobs=1)
    assert not (out / "otherton/planted.html").exists()
    build(two_areas, tmp_path / "clean", TODAY, packs=False, jobs=1)
    assert snapshot(out) == snapshot(tmp_path / "clean")


# --- What the trial of an attacker found (the published folder and .jobclub-work changed by hand) ----


def edit_guide(project: Path) -> None:
    guide = project / "content/guides/make-a-cv.md"
    guide.write_text(guide.read_text() + "\nAsk for help if you get stuck.\n")


def same_as_clean(project: Path, out: Path, clean: Path) -> None:
    build(project, clean, TODAY, packs=False, jobs=1)
    assert snapshot(out) == snapshot(clean)


def test_a_record_cannot_put_script_into_the_menu(two_areas: Path, tmp_path: Path) -> None:
    """Pages drawn again take what the menu shows of the other pages (their front matter) from this
    build's own sources, never from the published record."""
    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False, jobs=1)
    record = out / "testshire/.jobclub-pages.json"
    kept = json.loads(record.read_text())
    kept["pages"]["courses/cv-writing.md"]["meta"]["title"] = "CV<img src=x onerror=alert(1)>"
    kept["pages"]["courses/cv-writing.md"]["meta"]["subtitle"] = "<script>alert(2)</script>"
    record.write_text(json.dumps(kept))
    edit_guide(two_areas)
    build(two_areas, out, TODAY, packs=False, jobs=1)
    assert not [page for page in out.rglob("*.html") if "alert(" in page.read_text()]
    same_as_clean(two_areas, out, tmp_path / "clean")


def test_a_linked_folder_in_the_published_site_brings_nothing_in(two_areas: Path, tmp_path: Path) -> None:
    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False, jobs=1)
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "index.html").write_text("not for the web")
    shutil.rmtree(out / "testshire/venues")
    (out / "testshire/venues").symlink_to(secret)
    edit_guide(two_areas)
    build(two_areas, out, TODAY, packs=False, jobs=1)
    assert not (out / "testshire/venues").is_symlink()
    assert "not for the web" not in (out / "testshire/venues/index.html").read_text()
    same_as_clean(two_areas, out, tmp_path / "clean")


def test_a_linked_folder_with_every_file_of_the_site_brings_nothing_in(
    two_areas: Path, tmp_path: Path
) -> None:
    """A folder of the published site replaced by a link to a copy of it with one page changed: every
    file the site needs is there, but none is taken through the link."""
    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False, jobs=1)
    secret = tmp_path / "secret"
    shutil.copytree(out / "testshire/venues", secret)
    (secret / "index.html").write_text("not for the web")
    shutil.rmtree(out / "testshire/venues")
    (out / "testshire/venues").symlink_to(secret)
    edit_guide(two_areas)
    build(two_areas, out, TODAY, packs=False, jobs=1)
    assert "not for the web" not in (out / "testshire/venues/index.html").read_text()
    same_as_clean(two_areas, out, tmp_path / "clean")


def test_a_published_page_that_is_a_link_brings_nothing_in(two_areas: Path, tmp_path: Path) -> None:
    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False, jobs=1)
    secret = tmp_path / "secret.html"
    secret.write_text("not for the web")
    (out / "testshire/venues/index.html").unlink()
    (out / "testshire/venues/index.html").symlink_to(secret)
    edit_guide(two_areas)
    build(two_areas, out, TODAY, packs=False, jobs=1)
    assert not (out / "testshire/venues/index.html").is_symlink()
    assert "not for the web" not in (out / "testshire/venues/index.html").read_text()
    same_as_clean(two_areas, out, tmp_path / "clean")


def test_the_record_is_never_written_through_a_link(two_areas: Path, tmp_path: Path) -> None:
    """A record that names itself among the site's files, and is a hard link to a file elsewhere:
    that file is left as it was."""
    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False, jobs=1)
    record = out / "testshire/.jobclub-pages.json"
    kept = json.loads(record.read_text())
    kept["output"].append(".jobclub-pages.json")
    record.write_text(json.dumps(kept))
    elsewhere = tmp_path / "elsewhere.json"
    os.link(record, elsewhere)
    before = elsewhere.read_bytes()
    edit_guide(two_areas)
    build(two_areas, out, TODAY, packs=False, jobs=1)
    assert elsewhere.read_bytes() == before
    same_as_clean(two_areas, out, tmp_path / "clean")


@pytest.mark.parametrize("damage", ["nested", "traversal", "not text"])
def test_a_damaged_render_cache_is_made_again(two_areas: Path, tmp_path: Path, damage: str) -> None:
    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False, jobs=1)
    cache = two_areas / ".jobclub-work/render-cache/testshire.en.json"
    kept = json.loads(cache.read_text())
    if damage == "nested":
        cache.write_text('{"key": ' + "[" * 100_000 + "]" * 100_000 + "}")
    else:
        if damage == "traversal":
            kept["files"]["../" * 12 + "tmp/jobclub-pwned.txt"] = "cHduZWQ="
        else:
            kept["pages"]["timetable.md"] = 5
        cache.write_text(json.dumps(kept))
    edit_guide(two_areas)
    build(two_areas, out, TODAY, packs=False, jobs=1)
    assert not Path("/tmp/jobclub-pwned.txt").exists()
    same_as_clean(two_areas, out, tmp_path / "clean")


def test_staff_text_cannot_pull_in_a_session_block(two_areas: Path) -> None:
    """The kit's marks for session blocks are HTML comments, which staff text cannot make."""
    partners = two_areas / "site_data/testshire/partners.yml"
    partners.write_text(partners.read_text().replace(
        "about: Helps you find work.",
        'about: "<!--jobclub-block:0123456789abcdef0123456789abcdef--> jobclub-block-0123456789abcdef"',
    ))
    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False, jobs=1)
    page = (out / "testshire/help/jobcentre/index.html").read_text()
    assert "jc-session" not in page
    # The field allows Markdown, whose HTML (a comment too) is taken out; the rest is shown as typed.
    assert "<p>jobclub-block-0123456789abcdef</p>" in page


def test_a_file_saved_during_a_build_is_in_the_next_one(
    two_areas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the kept pages are made from is read before the files are loaded: a file saved in
    between is built by the next build, not hidden by pages kept under its new contents' key."""
    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False, jobs=1)
    partners = two_areas / "site_data/testshire/partners.yml"
    original = build_module.load_checked_project

    def saved_meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        project = original(*args, **kwargs)
        partners.write_text(partners.read_text().replace("Helps you find work.", "Helps you find a job."))
        return project

    timetable = two_areas / "site_data/testshire/timetable.yml"
    timetable.write_text(timetable.read_text().replace("spaces: 12", "spaces: 11"))
    monkeypatch.setattr(build_module, "load_checked_project", saved_meanwhile)
    build(two_areas, out, TODAY, packs=False, jobs=1)
    monkeypatch.setattr(build_module, "load_checked_project", original)
    build(two_areas, out, TODAY, packs=False, jobs=1)
    assert "Helps you find a job." in (out / "testshire/help/jobcentre/index.html").read_text()
    same_as_clean(two_areas, out, tmp_path / "clean")


# --- Starting from the site before last (publish.FORMER) ---------------------------------------------


@contextlib.contextmanager
def links_made(out: Path) -> Iterator[list[str]]:
    """The files the build links into its staging folder (by their path in the new site)."""
    linked: list[str] = []
    original = os.link
    stage = str(out.parent / ".site.staging-")

    def link(source: str, target: str, **options: object) -> None:
        folder = options.get("dst_dir_fd")
        path = os.path.join(os.readlink(f"/proc/self/fd/{folder}"), target) if folder else str(target)
        if path.startswith(stage):
            linked.append(path[len(stage):].partition("/")[2])
        original(source, target, **options)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "link", link)
        yield linked


def spare_of(out: Path) -> Path:
    """The site before last, kept beside the output folder (publish._spare)."""
    return out.parent / f".{out.name}.spare"


def test_a_second_guide_change_starts_from_the_site_before_last(two_areas: Path, tmp_path: Path) -> None:
    """The third build starts each area from its copy in the site before last, whose files are the
    published ones: only the pages that hold the guide are new, and only the pages drawn last time
    are linked again (the site before last has the ones from before)."""
    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False, jobs=1)
    edit_guide(two_areas)
    build(two_areas, out, TODAY, packs=False, jobs=1)
    assert (spare_of(out) / "testshire/index.html").is_file()
    before = inodes(out)
    kept_copy = tmp_path / "kept"
    shutil.copytree(out, kept_copy, copy_function=os.link)
    published = snapshot(out)
    edit_guide(two_areas)
    with links_made(out) as linked:
        assert build(two_areas, out, TODAY, packs=False, jobs=1).areas == ["otherton", "testshire"]

    after = inodes(out)
    remade = sorted(path for path in after if before.get(path) != after[path] and not kit_files(path))
    drawn = [f"{area}/{page}" for area in ("otherton", "testshire")
             for page in ("courses/cv-writing-guides/index.html", "guides/make-a-cv/index.html")]
    assert remade == sorted([*drawn, "otherton/search/search_index.json", "testshire/search/search_index.json"])
    assert sorted(name for name in linked if name.endswith(".html")) == drawn
    assert snapshot(kept_copy) == published
    assert not list(out.parent.glob(".site.staging-*/.jobclub-former"))
    same_as_clean(two_areas, out, tmp_path / "clean")


def plant(spare: Path, secret: Path, change: str) -> None:
    """Change an area's copy in the site before last, as whoever can publish could."""
    if change == "a file added":
        (spare / "planted.html").write_text("<script>alert(1)</script>")
    elif change == "a folder added":
        (spare / "courses/planted").mkdir()
        (spare / "courses/planted/index.html").write_text("<script>alert(2)</script>")
    elif change == "a page replaced":
        (spare / "timetable/index.html").unlink()
        (spare / "timetable/index.html").write_text("<script>alert(3)</script>")
    elif change == "a folder made a link":
        shutil.copytree(spare / "venues", secret)
        (secret / "index.html").write_text("not for the web")
        shutil.rmtree(spare / "venues")
        (spare / "venues").symlink_to(secret)
    elif change == "a page made a link":
        secret.mkdir()
        (secret / "index.html").write_text("not for the web")
        (spare / "get-help/index.html").unlink()
        (spare / "get-help/index.html").symlink_to(secret / "index.html")


@pytest.mark.parametrize(
    "change", ["a file added", "a folder added", "a page replaced", "a folder made a link", "a page made a link"]
)
def test_a_changed_site_before_last_brings_nothing_in(two_areas: Path, tmp_path: Path, change: str) -> None:
    """The site before last is beside the published one, and whoever can publish can change it:
    nothing changed there is published."""
    out = two_areas / "site"
    build(two_areas, out, TODAY, packs=False, jobs=1)
    edit_guide(two_areas)
    build(two_areas, out, TODAY, packs=False, jobs=1)
    secret = tmp_path / "secret"
    plant(spare_of(out) / "testshire", secret, change)
    edit_guide(two_areas)
    build(two_areas, out, TODAY, packs=False, jobs=1)
    assert not [page for page in out.rglob("*.html") if "alert(" in page.read_text() or "not for" in page.read_text()]
    assert not [path for path in out.rglob("*") if path.is_symlink()]
    if secret.exists():
        assert (secret / "index.html").read_text() == "not for the web"
    same_as_clean(two_areas, out, tmp_path / "clean")


def test_an_area_in_two_languages_starts_from_the_site_before_last(tmp_path: Path) -> None:
    """Conwy's Welsh site is a folder inside its English one: each is kept from the site before
    last (only the files drawn last time are linked again), and the result is a clean build's."""
    from conftest import copy_of_samples

    root = copy_of_samples(tmp_path / "project")
    for area in (root / "site_data").iterdir():
        if area.name != "conwy":
            shutil.rmtree(area)
    out = root / "site"
    guide = next(path for path in sorted((root / "content/guides").glob("*.md")) if path.suffixes == [".md"])
    for number in range(2):
        guide.write_text(guide.read_text() + f"\nEdit {number}.\n")
        before = inodes(out) if out.exists() else {}
        build(root, out, TODAY, packs=False, jobs=1)
    after = inodes(out)
    drawn_last_time = {path for path in after if path.startswith("conwy/") and before.get(path) != after[path]}
    assert "conwy/cy/timetable/index.html" not in drawn_last_time
    guide.write_text(guide.read_text() + "\nEdit 2.\n")
    with links_made(out) as linked:
        build(root, out, TODAY, packs=False, jobs=1)
    assert any(name.startswith("conwy/cy/") for name in drawn_last_time)
    assert set(linked) <= drawn_last_time
    build(root, tmp_path / "clean", TODAY, packs=False, jobs=1)
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_the_preview_first_look_does_not_wait_to_remove_the_old_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build of the site being viewed (the preview's first look) does not start from the area's
    copy in the site before last: that copy is removed while the site is built, by the process that
    tidies, not after it, when it would delay the page's reloading."""
    from conftest import copy_of_samples

    from generator import publish

    root = copy_of_samples(tmp_path / "project")
    out = root / "site"
    timetable = root / "site_data/conwy/timetable.yml"
    for start in ("09:35", "09:40"):  # two builds: the second keeps the first site beside it
        timetable.write_text(re.sub(r"start: \d\d:\d\d", f"start: {start}", timetable.read_text(), count=1))
        build(root, out, TODAY, ["conwy"], packs=False, jobs=1)
    assert (spare_of(out) / "conwy/index.html").is_file()
    left_after: list[str] = []
    original = publish.remove

    def remove(path: Path) -> None:
        if path.name == publish.FORMER and path.exists():
            left_after.extend(sorted(str(found.relative_to(path)) for found in path.iterdir()))
        original(path)

    monkeypatch.setattr(publish, "remove", remove)
    timetable.write_text(re.sub(r"start: \d\d:\d\d", "start: 09:45", timetable.read_text(), count=1))
    summary = build(root, out, TODAY, ["conwy"], packs=False, jobs=1, only_site="cy")
    assert summary.in_part == ["conwy"]
    assert "9:45" in (out / "conwy/cy/timetable/index.html").read_text(encoding="utf-8")
    assert left_after == []
    assert not list(out.parent.glob(".site.trash-*"))
