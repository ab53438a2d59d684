"""What `jobclub check` says about languages other than English.

- The strings files (templates/strings/<language>.yml, templates/packs/strings/<language>.yml,
  templates/finder/strings/<language>.yml) must have every name that en.yml has, with the same
  {placeholders}: errors, as a missing one breaks the build.
- For each bilingual area: pages, course and worksheet files with no Welsh yet (warnings, once per file,
  naming the areas), and each piece of the area's own text without its Welsh, at its line.
- Welsh text that uses the English name of a term in content/glossary.cy.yml instead of its Welsh.
- Whether the Welsh still needs review by a Welsh speaker (content/glossary.cy.yml `review:` and each
  area's `welsh_review:`), as a line in the summary.

The English reading-age check (readability.py) never sees Welsh; Welsh sentences are checked for length
only (readability.LONG_SENTENCE_WORDS).
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import memo
from .errors import DataErrors, Position, Problem
from .load import Document, Loc, field_name, load_yaml
from .model import AREA_FILES, LocalisedText
from .project import Project
from .readability import LONG_SENTENCE_WORDS, plain_text

GLOSSARY = Path("content") / "glossary.cy.yml"
# Day and month names come from Babel's CLDR data, so a translation leaves them out.
_FROM_CLDR = {"days", "short_days", "months", "short_months"}
_WORD = re.compile(r"\w[\w'’-]*")


@dataclass
class LanguageReport:
    warnings: list[Problem] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


def check_strings(root: Path) -> list[Problem]:
    """Every translation of the strings files has every name of en.yml, with the same {placeholders}."""
    problems = []
    for folder in (root / "templates" / "strings", root / "templates" / "packs" / "strings",
                   root / "templates" / "finder" / "strings"):
        english_path = folder / "en.yml"
        if not english_path.is_file():
            continue
        english = load_yaml(english_path)
        for path in sorted(folder.glob("*.yml")):
            if path.name == "en.yml":
                continue
            translation = load_yaml(path)
            # Kept with the translation (memo.by_content), keyed on both files: most checks change neither.
            problems.extend(memo.by_content(
                "strings-compared", str(path), f"{english.source}:{translation.source}",
                lambda english=english, translation=translation: _compare_strings(english, translation)))
    return problems


def _compare_strings(english: Document, translation: Document) -> list[Problem]:
    found: dict[Loc, Any] = dict(_leaves(translation.data))
    problems = []
    for loc, text in _leaves(english.data):
        if loc[0] in _FROM_CLDR:
            continue
        name = ".".join(str(part) for part in loc)
        if loc not in found and not (isinstance(loc[-1], int) and loc[:-1] in {key[:-1] for key in found}):
            problems.append(
                Problem(translation.position(loc[:-1]) if _has(translation.data, loc[:-1]) else
                        Position(translation.path), name,
                        f'There is no text for "{name}"',
                        f'Add the translation of {english.path.name}\'s "{name}": {text}')
            )
        elif loc in found and _placeholders(text) != _placeholders(found[loc]):
            wanted = ", ".join("{" + key + "}" for key in sorted(_placeholders(text))) or "none"
            problems.append(
                Problem(translation.position(loc), name,
                        f'"{name}" does not have the same gaps in curly brackets as in {english.path.name}',
                        f"Keep each one exactly as it is, untranslated: {wanted}.")
            )
    return problems


def _has(data: Any, loc: Loc) -> bool:
    """Whether a group of names (such as pattern.monthly) is in the data, to point at it."""
    if not loc:
        return False
    for part in loc:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


def _leaves(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*loc, index))
    else:
        yield loc, value


def _placeholders(text: object) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(str(text)) if name}


def check_languages(project: Project) -> LanguageReport:
    """Warnings for what bilingual areas lack in Welsh, and the summary lines for `jobclub check`."""
    report = LanguageReport()
    bilingual = {slug: data for slug, data in project.areas.items() if "cy" in data.area.languages}
    glossary = _glossary(project.root, report)
    if not bilingual:
        return report
    missing_pages: dict[Path, list[str]] = {}
    missing_fields: dict[Path, list[str]] = {}
    translated = untranslated = 0
    for slug, data in bilingual.items():
        courses = {entry.course for entry in data.sessions}
        guides = {guide for course in courses for guide in project.courses[course].guides}
        for kind, pages in (("guides", {g: project.guides[g] for g in guides}), ("pages", project.pages)):
            for page_slug, page in pages.items():
                if (kind, page_slug, "cy") in project.translations:
                    translated += 1
                else:
                    untranslated += 1
                    missing_pages.setdefault(page.path, []).append(slug)
        for course in sorted(courses):
            path = project.root / "content" / "courses" / f"{course}.yml"
            if _lacks(project.courses[course], "cy"):
                missing_fields.setdefault(path, []).append(slug)
            worksheets = project.worksheets.get(course)
            path = project.root / "content" / "worksheets" / f"{course}.yml"
            if worksheets is not None and path.is_file() and _lacks(worksheets, "cy"):
                missing_fields.setdefault(path, []).append(slug)
        report.warnings.extend(_area_text_without_welsh(data.folder))
    for path, areas in sorted({**missing_pages, **missing_fields}.items()):
        what = "This page" if path in missing_pages else "Some of this file's text"
        report.warnings.append(
            Problem(Position(path), "",
                    f"{what} is not in Welsh yet, and {', '.join(areas)} is in Welsh and English",
                    f"The Welsh site shows the English with a note. Add {_how_to_translate(path)}",
                    warning=True)
        )
    report.warnings.extend(_glossary_warnings(project, bilingual, glossary))
    report.warnings.extend(_long_welsh_sentences(project))
    areas = ", ".join(bilingual)
    report.summary.append(
        f"Welsh: {translated} of {translated + untranslated} pages used by {areas} are translated; "
        "the rest show the English with a note." if untranslated else
        f"Welsh: all {translated} pages used by {areas} are translated."
    )
    needing = [str(GLOSSARY)] if glossary.review != "done" else []
    needing += [
        f"site_data/{slug}/area.yml" for slug, data in bilingual.items() if data.area.welsh_review != "done"
    ]
    if needing:
        report.summary.append(
            f"Welsh review: needed before going live, by a Welsh speaker ({', '.join(needing)})."
        )
    else:
        report.summary.append("Welsh review: done.")
    return report


def _how_to_translate(path: Path) -> str:
    if path.suffix == ".md":
        return f"its Welsh as {path.stem}.cy.md beside it."
    return "cy: beside each en: text, e.g. title: {en: Writing a CV, cy: Ysgrifennu CV}."


def _lacks(value: Any, language: str) -> bool:
    """Whether any LocalisedText in a model (or list) has no text in `language`."""
    if isinstance(value, LocalisedText):
        return not value.has(language)
    if isinstance(value, BaseModel):
        return any(_lacks(getattr(value, name), language) for name in type(value).model_fields)
    if isinstance(value, list | tuple):
        return any(_lacks(item, language) for item in value)
    return False


def _area_text_without_welsh(folder: Path) -> list[Problem]:
    """Each piece of an area's own text given only in English, at its line."""
    warnings = []
    for name, model in AREA_FILES.items():
        document = load_yaml(folder / name)
        for loc in _localised_locs(model, document.data):
            value = _at(document.data, loc)
            if not (isinstance(value, dict) and value.get("cy")):
                warnings.append(
                    Problem(document.position(loc), field_name(loc), "This text has no Welsh yet",
                            "The area is in Welsh and English: write it as en: and cy: on two lines "
                            "below, e.g.\n      en: Ground floor\n      cy: Llawr gwaelod",
                            warning=True)
                )
    return warnings


def _localised_locs(model: type[BaseModel], data: Any, loc: Loc = ()) -> Iterator[Loc]:
    """Where in the data the model's Localised fields are."""
    if not isinstance(data, dict):
        return
    for key, localised, in_a_list, inner in _fields_to_look_in(model):
        if key not in data:
            continue
        if localised:
            if in_a_list and isinstance(data[key], list):
                yield from ((*loc, key, index) for index in range(len(data[key])))
            else:
                yield (*loc, key)
        elif isinstance(data[key], list):
            for index, item in enumerate(data[key]):
                yield from _localised_locs(inner, item, (*loc, key, index))
        else:
            yield from _localised_locs(inner, data[key], (*loc, key))


@cache
def _fields_to_look_in(model: type[BaseModel]) -> list[tuple[str, bool, bool, type[BaseModel]]]:
    """A model's fields that are Localised text, or hold a model that may have some: each as its
    key, whether it is Localised text, whether it is a list of them, and the inner model. Worked out
    once for each model, not for every item of every file: reading the annotations is most of the work."""
    fields = []
    for name, info in model.model_fields.items():
        text = str(info.annotation)
        if re.search(r"\b_(Line|Markdown|AreaName)?Texts\b", text):
            fields.append((info.alias or name, True, "list[" in text, model))
        elif (inner := _inner_model(info.annotation)) is not None:
            fields.append((info.alias or name, False, False, inner))
    return fields


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    from .validate import _inner_model as inner

    return inner(annotation)


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


# --- The glossary ------------------------------------------------------------------------------


@dataclass
class Glossary:
    review: str = "needed"
    terms: dict[str, str] = field(default_factory=dict)  # English -> Welsh


def _glossary(root: Path, report: LanguageReport) -> Glossary:
    path = root / GLOSSARY
    if not path.is_file():
        return Glossary()
    try:
        document = load_yaml(path)
    except DataErrors as errors:
        report.warnings.extend(errors.problems)
        return Glossary()
    data = document.data if isinstance(document.data, dict) else {}
    terms = {
        str(term["en"]): str(term["cy"])
        for term in data.get("terms") or []
        if isinstance(term, dict) and term.get("en") and term.get("cy")
    }
    return Glossary(str(data.get("review", "needed")), terms)


# Button names and other words marked as English on a Welsh page: **Sign in**{: lang="en" }, and the
# English of a Welsh term in brackets after it: **Anogwr gwaith** (work coach).
_MARKED_ENGLISH = re.compile(r"\*\*[^*]+\*\*\{:\s*lang=\"en\"\s*\}|\([^()]*\)")


def _glossary_warnings(project: Project, bilingual: dict[str, Any], glossary: Glossary) -> list[Problem]:
    """Welsh text that names a glossary term in English."""
    texts: list[tuple[Position, str]] = [
        (Position(page.path), _MARKED_ENGLISH.sub("", page.markdown))
        for (_, _, language), page in project.translations.items()
        if language == "cy"
    ]
    content = project.root / "content"
    for slug, course in project.courses.items():
        texts += [(Position(content / "courses" / f"{slug}.yml"), text) for text in _welsh(course)]
    for slug, worksheets in project.worksheets.items():
        texts += [(Position(content / "worksheets" / f"{slug}.yml"), text) for text in _welsh(worksheets)]
    for data in bilingual.values():
        for part in (data.area, data.venues, data.partners, data.sessions):
            texts += [(Position(data.folder), text) for text in _welsh(part)]
    terms = [(english, english.casefold(), welsh) for english, welsh in glossary.terms.items()]
    warnings = []
    seen = set()
    for position, text in texts:
        folded = text.casefold()
        for english, folded_english, welsh in terms:
            # Most texts have none of the terms: a plain search first, then the pattern.
            if folded_english not in folded or not _term_pattern(english).search(text):
                continue
            if (position, english) not in seen:
                seen.add((position, english))
                warnings.append(
                    Problem(position, "", f'Welsh text says "{english}"',
                            f'Write "{welsh}" in Welsh text, as content/glossary.cy.yml says.', warning=True)
                )
    return warnings


@cache
def _term_pattern(english: str) -> re.Pattern[str]:
    """A glossary term as a word of its own (compiled only for the terms a text may have)."""
    return re.compile(rf"(?<![\w@.]){re.escape(english)}(?![\w@])",
                      0 if english[0].isupper() else re.IGNORECASE)


def _welsh(value: Any) -> list[str]:
    """Every Welsh text in a model, list or dict."""
    if isinstance(value, LocalisedText):
        return [value.translations["cy"]] if value.has("cy") else []
    if isinstance(value, BaseModel):
        return [text for name in type(value).model_fields for text in _welsh(getattr(value, name))]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _welsh(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _welsh(item)]
    return []


def _long_welsh_sentences(project: Project) -> list[Problem]:
    """Welsh is checked for sentence length only: the reading-age formula and its syllable dictionary
    are English."""
    warnings = []
    for (_, _, language), page in project.translations.items():
        if language != "cy":
            continue
        for sentence in _long_sentences(page.path, page.markdown):
            warnings.append(
                Problem(Position(page.path), "",
                        f'This sentence has more than {LONG_SENTENCE_WORDS} words: "{sentence[:80]}..."',
                        "Split it into two or three shorter sentences.", warning=True)
            )
    return warnings


def _long_sentences(path: Path, markdown: str) -> list[str]:
    """A Welsh page's sentences of more than LONG_SENTENCE_WORDS words, kept with the page
    (memo.by_content): an unchanged page is not split into sentences again."""

    def work_out() -> list[str]:
        sentences = plain_text(_MARKED_ENGLISH.sub("", markdown))
        return [sentence for sentence in sentences if len(_WORD.findall(sentence)) > LONG_SENTENCE_WORDS]

    key = hashlib.sha256(markdown.encode()).hexdigest()
    return memo.by_content("welsh-long-sentences", str(path), key, work_out)
