"""One area, several languages: which builds an area has, and the project as it reads in one language.

A bilingual area (`languages: [en, cy]` in area.yml) is built once per language, its first language at
the area's own address (`/conwy/`, so old links and printed QR codes keep working) and each other
language in a folder of its own with the same page addresses (`/conwy/cy/timetable/`).

Text can be written in several languages in two ways:
- Markdown pages side by side: `content/guides/<slug>.cy.md` is the Welsh of `<slug>.md`;
- fields of YAML files as a map: `title: {en: Using email, cy: Defnyddio e-bost}` (model.LocalisedText).

`localised` turns the project into the project as it reads in one language: every LocalisedText becomes
its text in that language (or the English, marked as English, when there is none yet), and every page
without a translation gets a short notice in the language that it is only in English for now.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from pydantic import BaseModel

from .model import LocalisedText
from .project import AreaData, Page, Project

NAMES = {"en": "English", "cy": "Cymraeg"}
# Babel's plain "en" is American ("September 8, 2026"); British English is en_GB.
BABEL_LOCALES = {"en": "en_GB", "cy": "cy"}
# What `lang` says in HTML and PDFs.
LANG_TAGS = {"en": "en-GB", "cy": "cy"}
DEFAULT = "en"


class Translated(str):
    """Text in another language, remembering its English (calendar UIDs must not change with language)."""

    english: str

    def __new__(cls, text: str, english: str) -> Translated:
        found = super().__new__(cls, text)
        found.english = english
        return found

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Translated, (str(self), self.english))


class InEnglish(str):
    """Text shown in another language's site because it has no translation yet: marked lang="en"."""

    lang = "en"


def site_folder(languages: list[str], language: str) -> str:
    """Where a language's site goes inside the area's folder: "" for the first, "cy" for Welsh."""
    return "" if language == languages[0] else language


def site_address(site_url: str, languages: list[str], language: str) -> str:
    """Where a language's site is published: https://…/conwy/ for the first, https://…/conwy/cy/ for
    Welsh."""
    folder = site_folder(languages, language)
    return site_url.rstrip("/") + "/" + (f"{folder}/" if folder else "")


def text_in(value: str, language: str) -> str:
    """One piece of staff's or content text in a language: the translation if there is one, else the
    English, marked as English."""
    if not isinstance(value, LocalisedText):
        return value
    if language == DEFAULT:
        return value
    if language in value.translations:
        return Translated(value.translations[language], value.translations[DEFAULT])
    return InEnglish(value.translations[DEFAULT])


def localise(value: Any, language: str) -> Any:
    """`value` (a model, list, dict or text) with every LocalisedText in it put into `language`.
    Things without any LocalisedText inside come back as they were (the same object)."""
    if isinstance(value, LocalisedText):
        return text_in(value, language)
    if isinstance(value, BaseModel):
        changes = {}
        for name in type(value).model_fields:
            before = getattr(value, name)
            after = localise(before, language)
            if after is not before:
                changes[name] = after
        return value.model_copy(update=changes) if changes else value
    if isinstance(value, list | tuple):
        items = [localise(item, language) for item in value]
        if all(after is before for after, before in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if isinstance(value, dict):
        found = {key: localise(item, language) for key, item in value.items()}
        if all(found[key] is value[key] for key in value):
            return value
        return found
    return value


def localised(
    project: Project, area: AreaData, language: str, only_in_english: str
) -> tuple[Project, AreaData]:
    """The project and the area as they read in `language`. `only_in_english` is the notice put on
    pages that have no translation yet (from the strings file of the language)."""
    if language == DEFAULT:
        return project, area

    def page(kind: str, slug: str, english: Page) -> Page:
        translation = project.translations.get((kind, slug, language))
        return translation if translation is not None else untranslated(english, only_in_english)

    in_language = dataclasses.replace(
        project,
        courses=localise(project.courses, language),
        guides={slug: page("guides", slug, guide) for slug, guide in project.guides.items()},
        pages={slug: page("pages", slug, shared) for slug, shared in project.pages.items()},
        worksheets=localise(project.worksheets, language),
        services=dataclasses.replace(project.services, entries=localise(project.services.entries, language)),
    )
    area_in_language = dataclasses.replace(
        area,
        area=localise(area.area, language),
        venues=localise(area.venues, language),
        partners=localise(area.partners, language),
        sessions=localise(area.sessions, language),
    )
    return in_language, area_in_language


def untranslated(page: Page, notice: str) -> Page:
    """An English page in another language's site: its title and text marked as English (WCAG 3.1.2),
    with a notice in the site's language between them."""
    title, _, body = page.markdown.partition("\n")
    markdown = (
        f'<div lang="en" markdown>\n\n{title}\n\n</div>\n\n'
        f"{notice}\n{{: .jc-translation-notice }}\n\n"
        f'<div lang="en" markdown>\n\n{body.strip()}\n\n</div>\n'
    )
    return Page(page.slug, InEnglish(page.title), markdown, page.path)


# --- Dates and times, from Babel's CLDR data ------------------------------------------------------


def long_date(date: dt.date, language: str, with_year: bool = False) -> str:
    """"Dydd Mawrth 8 Medi" (CLDR's names; written as a pattern, as the skeleton shortens them)."""
    from babel.dates import format_date  # only builds need Babel, not `jobclub check`
    return format_date(date, "EEEE d MMMM y" if with_year else "EEEE d MMMM", locale=BABEL_LOCALES[language])


def short_date(date: dt.date, language: str) -> str:
    from babel.dates import format_date
    return format_date(date, "EEE d MMM", locale=BABEL_LOCALES[language])


def month_year(date: dt.date, language: str) -> str:
    from babel.dates import format_date
    return format_date(date, "MMMM y", locale=BABEL_LOCALES[language])


def clock(time: dt.time, language: str) -> str:
    """24-hour, as the Welsh Government writes times: 10:30, 14:00."""
    from babel.dates import format_time
    return format_time(time, "HH:mm", locale=BABEL_LOCALES[language])


def calendar_names(key: str, language: str) -> list[str]:
    """days, short_days, months or short_months, in the language, from CLDR (Monday first)."""
    from babel.dates import get_day_names, get_month_names

    locale = BABEL_LOCALES[language]
    if key in ("days", "short_days"):
        names = get_day_names("wide" if key == "days" else "abbreviated", locale=locale)
        return [str(names[day]) for day in range(7)]
    names = get_month_names("wide" if key == "months" else "abbreviated", locale=locale)
    return [str(names[month]) for month in range(1, 13)]


CALENDAR_KEYS = ("days", "short_days", "months", "short_months")
