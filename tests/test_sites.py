"""Shared Markdown is converted once per build, and the sites are exactly what converting every page
of every area would give."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_build import snapshot
from test_incremental import add_area

from generator import build as build_module
from generator import sites
from generator.build import build
from generator.errors import BuildError

TODAY = dt.date(2026, 11, 25)


def conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages mkdocs really converts from Markdown (not taken from the cache)."""
    converted: list[str] = []
    original = sites._converting

    def counting(page, config, files, render):  # type: ignore[no-untyped-def]
        converted.append(page.file.src_uri)
        return original(page, config, files, render)

    monkeypatch.setattr(sites, "_converting", counting)
    return converted


def search_readings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages whose HTML Material's search plugin really reads (not taken from the cache)."""
    from material.plugins.search.plugin import SearchIndex

    read: list[str] = []
    original = SearchIndex.add_entry_from_context

    def counting(index, page):  # type: ignore[no-untyped-def]
        read.append(page.url)
        return original(index, page)

    monkeypatch.setattr(SearchIndex, "add_entry_from_context", counting)
    return read


def test_a_shared_guide_is_converted_once_and_every_site_is_the_same(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    add_area(project, "otherton", "Otherton")
    sites._markdown_cache.clear()
    converted = conversions(monkeypatch)
    indexed = search_readings(monkeypatch)
    build(project, project / "site", TODAY, packs=False, jobs=1)
    assert converted.count("guides/make-a-cv.md") == 1
    assert converted.count("index.md") == 2  # each area's home page is its own
    # The guide's HTML is read for the search index once; the home pages, once each.
    assert (indexed.count("guides/make-a-cv/"), indexed.count("")) == (1, 2)

    # The same build with nothing kept between pages (Markdown or search entries).
    monkeypatch.setattr(sites, "_MARKDOWN_CACHE_SIZE", 0)
    monkeypatch.setattr(sites, "_SEARCH_CACHE_SIZE", 0)
    sites._markdown_cache.clear()
    build(project, tmp_path / "uncached", TODAY, packs=False, jobs=1)
    assert snapshot(project / "site") == snapshot(tmp_path / "uncached")


def link_only_testshire_has(project: Path) -> None:
    """The guide links to a partner page that testshire has and otherton (renamed partner) has not:
    otherton's site does not build."""
    partners = project / "site_data/otherton/partners.yml"
    partners.write_text(partners.read_text().replace("id: jobcentre", "id: jobcentre-plus"))
    timetable = project / "site_data/otherton/timetable.yml"
    timetable.write_text(timetable.read_text().replace("jobcentre", "jobcentre-plus"))
    guide = project / "content/guides/make-a-cv.md"
    guide.write_text(guide.read_text() + "\nAsk [the Jobcentre](../help/jobcentre.md).\n")


def test_a_link_that_works_in_one_area_is_still_checked_in_the_next(project: Path) -> None:
    """The guide links to a partner page that only the first area has: the second area's build must
    still find the broken link, although the guide's HTML is in the cache."""
    add_area(project, "otherton", "Otherton")
    link_only_testshire_has(project)
    sites._markdown_cache.clear()
    with pytest.raises(BuildError, match="help/jobcentre.md"):
        build(project, project / "site", TODAY, only=["testshire", "otherton"], packs=False, jobs=1)


def test_the_menu_is_drawn_once_per_site_and_every_page_is_as_material_draws_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Conwy's sites (Welsh and English, a menu with sections) built with each menu item that is not
    open drawn once per site are byte for byte the sites Material draws page by page."""
    from conftest import ROOT

    asked, drawn = [], []
    original = sites._nav_item_html

    def counting(nav, item, path, level, parent, draw):  # type: ignore[no-untyped-def]
        asked.append(path)

        def counted(*arguments):  # type: ignore[no-untyped-def]
            drawn.append(path)
            return draw(*arguments)

        return original(nav, item, path, level, parent, counted)

    monkeypatch.setattr(sites, "_nav_item_html", counting)
    build(ROOT, tmp_path / "once", TODAY, ["conwy"], packs=False, jobs=1)
    # Each item that is not open is drawn once per site (two sites), and used on every page.
    assert 0 < len(drawn) < len(asked) / 10

    monkeypatch.setattr(sites, "MENU_DRAWN_ONCE", False)
    build(ROOT, tmp_path / "material", TODAY, ["conwy"], packs=False, jobs=1)
    once, material = snapshot(tmp_path / "once" / "conwy"), snapshot(tmp_path / "material" / "conwy")
    assert once.keys() == material.keys()
    assert [name for name in once if once[name] != material[name]] == []


def test_session_blocks_converted_once_give_the_same_sites(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Conwy's sites with each distinct session block converted once by the kit (marks in the
    Markdown, the HTML put in by our hook) are byte for byte the sites mkdocs makes from the blocks
    as Markdown, but for the record of what they were built from."""
    from conftest import ROOT

    from generator import render

    build(ROOT, tmp_path / "once", TODAY, ["conwy"], packs=False, jobs=1)
    assert len(render._blocks) > 5  # the blocks of the last site built, by their marks
    monkeypatch.setattr(render, "BLOCKS_CONVERTED_ONCE", False)
    build(ROOT, tmp_path / "mkdocs", TODAY, ["conwy"], packs=False, jobs=1)
    once, mkdocs = snapshot(tmp_path / "once" / "conwy"), snapshot(tmp_path / "mkdocs" / "conwy")
    assert once.keys() == mkdocs.keys()
    different = [name for name in once if once[name] != mkdocs[name]]
    assert different == [".jobclub-pages.json", "cy/.jobclub-pages.json"]
    assert b"jc-session" in once["timetable/index.html"]


def test_a_session_block_linking_to_no_page_stops_the_build() -> None:
    from generator.errors import BuildError
    from generator.render import check_block_links

    check_block_links([("timetable.md", "venues/library.md")], ["venues/library.md"], [])
    with pytest.raises(BuildError, match="timetable.md links to venues/gone.md, which is not in the site"):
        check_block_links([("timetable.md", "venues/gone.md")], ["venues/library.md"], [])


def test_the_kits_site_is_what_mkdocs_builds_from_the_same_sources(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The kit gives mkdocs each area's pages from memory and links the theme's files from one copy;
    `mkdocs build`, run by hand on the docs/ folder and mkdocs.yml the kit writes for it (with the
    session blocks as Markdown), makes the same site, byte for byte (but for the kit's records and
    the theme's source maps, which the kit leaves out). With a base mkdocs.yml that gives each page
    an "Edit this page" link, as a project kept on GitHub may."""
    import os
    import subprocess
    import sys

    from conftest import ROOT as SAMPLES
    from conftest import copy_of_samples

    ROOT = copy_of_samples(tmp_path / "project")
    settings = (SAMPLES / "mkdocs.yml").read_text()
    settings = settings.replace("    - search.highlight\n", "    - search.highlight\n    - content.action.edit\n")
    (ROOT / "mkdocs.yml").write_text(
        settings + "repo_url: https://github.com/example/jobclub\nedit_uri: edit/main/content/\n"
    )

    from generator import languages, render
    from generator.project import load_project
    from generator.render import load_strings, make_environment, render_area
    from generator.variants import for_nation

    build(ROOT, tmp_path / "kit", TODAY, ["conwy"], packs=False, jobs=1)
    kit = snapshot(tmp_path / "kit" / "conwy")
    assert b"https://github.com/example/jobclub/edit/main/content/timetable.md" in kit["timetable/index.html"]
    # Every theme file is one file in both languages' sites, not a copy in each.
    script = next(name for name in kit if name.startswith("assets/javascripts/bundle."))
    assert os.path.samefile(tmp_path / "kit/conwy" / script, tmp_path / "kit/conwy/cy" / script)

    monkeypatch.setattr(render, "BLOCKS_CONVERTED_ONCE", False)
    loaded = load_project(ROOT, TODAY, only=["conwy"])
    area = loaded.areas["conwy"]
    by_hand: dict[str, bytes] = {}
    for language in area.area.languages:
        strings = load_strings(ROOT / "templates", language)
        translated, in_language = languages.localised(
            for_nation(loaded, area.area.nation), area, language, strings.plain("only_in_english")
        )
        pages = render_area(translated, in_language, TODAY, make_environment(ROOT / "templates"), strings)
        folder = languages.site_folder(area.area.languages, language)
        site = tmp_path / "by-hand" / language
        sites.write_sources(ROOT, pages, tmp_path / "sources" / language, site)
        subprocess.run(
            [Path(sys.executable).with_name("mkdocs"), "build", "-q", "-f",
             tmp_path / "sources" / language / "mkdocs.yml"],
            check=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1795564800", "NO_MKDOCS_2_WARNING": "1"},
        )
        by_hand |= {
            f"{folder}/{name}".lstrip("/"): data for name, data in snapshot(site).items() if not name.endswith(".map")
        }
    records = [name for name in kit if name.endswith((".jobclub-pages.json", ".jobclub.json"))]
    assert sorted(set(kit) ^ set(by_hand)) == sorted(records)
    assert [name for name in by_hand if kit[name] != by_hand[name]] == []


def test_the_pages_kept_between_areas_stay_within_their_budget(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Memory stays flat in the number of areas: each area's own pages are never asked for again, and
    must not pile up in the caches of converted pages and search entries."""
    for slug in ("otherton", "thirdton", "fourthton"):
        add_area(project, slug, slug.title())
    monkeypatch.setattr(sites, "_MARKDOWN_CACHE_SIZE", 80_000)
    monkeypatch.setattr(sites, "_SEARCH_CACHE_SIZE", 30_000)
    held: list[tuple[int, int]] = []
    original = sites.build_site

    def build_site(*arguments: object, **keywords: object) -> None:
        original(*arguments, **keywords)  # type: ignore[arg-type]
        held.append((sites._markdown_cache.total, sites._search_cache.total))

    monkeypatch.setattr(build_module, "build_site", build_site)
    build(project, tmp_path / "site", TODAY, packs=False, jobs=1)
    assert len(held) == 4 and min(held) > (0, 0)
    assert all(pages <= 80_000 and entries <= 30_000 for pages, entries in held)


def test_a_page_every_area_shares_stays_kept_while_the_areas_own_pages_pass_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pages each area has on its own are never asked for again: however many pass through, they
    do not push out a page asked for again (a shared guide), and they stay within the budget."""
    monkeypatch.setattr(sites, "_MARKDOWN_CACHE_SIZE", 4_000)
    kept = sites._Kept("_MARKDOWN_CACHE_SIZE", len)
    kept.keep("guide", "g" * 500)
    assert kept.get("guide") == "g" * 500  # the second area asks for the guide
    for number in range(100):  # a hundred areas' own pages, far more than the budget
        kept.keep(f"own page {number}", "o" * 300)
        assert kept.total <= 4_000
    assert kept.get("guide") == "g" * 500
    assert kept.get("own page 0") is None and kept.get("own page 99") == "o" * 300
