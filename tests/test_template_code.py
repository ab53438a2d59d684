"""Compiled templates kept between builds (generator/template_code.py): compiled once, compiled again
when anything they depend on changes, and never run from a file someone else could have written."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import Bucket

from generator import memo
from generator.template_code import keep_compiled


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("JOBCLUB_CACHE", str(folder))
    return folder


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("<p>{{ text }}</p>", encoding="utf-8")
    return folder


def environment(templates: Path, **settings: object) -> jinja2.Environment:
    """A new environment, as each worker of each build makes one."""
    made = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), **settings)  # type: ignore[arg-type]
    keep_compiled(made)
    return made


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from their source."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def compile(self: jinja2.Environment, source: str, name: str | None = None, *args: object) -> object:
        names.append(str(name))
        return original(self, source, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return names


def test_a_template_is_compiled_once_for_every_environment(
    cache: Path, templates: Path, compiled: list[str]
) -> None:
    first = environment(templates).get_template("page.html").render(text="Hello")
    second = environment(templates).get_template("page.html").render(text="Hello")
    assert first == second == "<p>Hello</p>"
    assert compiled == ["page.html"]


def test_an_edited_template_is_compiled_again(cache: Path, templates: Path, compiled: list[str]) -> None:
    environment(templates).get_template("page.html")
    (templates / "page.html").write_text("<h1>{{ text }}</h1>", encoding="utf-8")
    assert environment(templates).get_template("page.html").render(text="Hello") == "<h1>Hello</h1>"
    assert compiled == ["page.html", "page.html"]


def test_other_settings_compile_the_template_again(cache: Path, templates: Path) -> None:
    """Escaping is compiled into the code: an environment that escapes never runs code that does not."""
    assert environment(templates).get_template("page.html").render(text="<b>") == "<p><b></p>"
    escaping = environment(templates, autoescape=True)
    assert escaping.get_template("page.html").render(text="<b>") == "<p>&lt;b&gt;</p>"


def planted(cache: Path, templates: Path) -> Path:
    """The kept code of page.html replaced by code that prints something else (with the checksum
    of page.html's source, so Jinja's own check passes): what someone who can write the file could do."""
    environment(templates).get_template("page.html")
    (kept,) = (cache / "templates").glob("*.jinja")
    source = (templates / "page.html").read_text(encoding="utf-8")
    made = jinja2.Environment()
    bucket = Bucket(made, "page.html", jinja2.BytecodeCache().get_source_checksum(source))
    bucket.code = made.compile("PLANTED", "page.html", str(templates / "page.html"))
    kept.write_bytes(bucket.bytecode_to_string())
    return kept


def test_kept_code_is_run_from_the_users_own_file(cache: Path, templates: Path) -> None:
    planted(cache, templates)
    # The file is the user's own and only they can write it: it is trusted, as the kit wrote it.
    assert environment(templates).get_template("page.html").render(text="Hello") == "PLANTED"


def test_kept_code_that_others_could_write_is_never_run(cache: Path, templates: Path) -> None:
    kept = planted(cache, templates)
    kept.chmod(0o666)
    assert environment(templates).get_template("page.html").render(text="Hello") == "<p>Hello</p>"


def test_kept_code_is_never_read_through_a_link(cache: Path, templates: Path) -> None:
    kept = planted(cache, templates)
    elsewhere = cache.parent / "elsewhere.jinja"
    os.replace(kept, elsewhere)
    kept.symlink_to(elsewhere)
    assert environment(templates).get_template("page.html").render(text="Hello") == "<p>Hello</p>"


def test_a_spoilt_file_is_compiled_again(cache: Path, templates: Path) -> None:
    environment(templates).get_template("page.html")
    (kept,) = (cache / "templates").glob("*.jinja")
    kept.write_bytes(kept.read_bytes()[:20])  # a disk that filled up, say
    assert environment(templates).get_template("page.html").render(text="Hello") == "<p>Hello</p>"


def test_nothing_is_kept_with_the_cache_off(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: list[str]
) -> None:
    monkeypatch.setenv("JOBCLUB_CACHE", "off")
    for _ in range(2):
        assert environment(templates).get_template("page.html").render(text="Hi") == "<p>Hi</p>"
    assert compiled == ["page.html", "page.html"]


def test_a_constant_worked_out_with_the_kits_code_is_worked_out_again_when_it_changes(
    cache: Path, templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jinja works out `{{ "Tea & cake" }}` through `finalize` when it compiles: new kit code (which
    defines the finalize of the pages) must not show what the old code worked out."""
    (templates / "page.html").write_text('<p>{{ "Tea & cake" }}</p>', encoding="utf-8")

    def finalize_of(version: int) -> object:
        def finalize(value: str) -> str:  # the same name in both versions of the kit
            return value.upper() if version == 1 else value.lower()

        return finalize

    page = environment(templates, finalize=finalize_of(1)).get_template("page.html")
    assert page.render() == "<p>TEA & CAKE</p>"
    monkeypatch.setattr(memo, "kit_version", lambda: "a newer kit")
    page = environment(templates, finalize=finalize_of(2)).get_template("page.html")
    assert page.render() == "<p>tea & cake</p>"
