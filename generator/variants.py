"""Nation variants of shared content: the grammar, the resolver and the checks. Pure: no files.

Content names a national service by the job it does, and the build puts in the service of the area's
nation (from content/services.yml):

    Call [[careers-service]] on [[careers-service.phone]].

becomes, in Wales, "Call [Careers Wales](https://careerswales.gov.wales) on 0800 028 4844." After
the dot: `name`, `about`, `phone`, `hours`, `call` (the phone with its hours), `website`; nothing
after the role is the name as a link (in plain text fields, just the name).

A passage for some nations only sits between two fence lines:

    ::: only scotland northern-ireland
    Text that only Scottish and Northern Irish readers see.
    :::

and `::: except northern-ireland` shows a passage everywhere else. A page that differs almost
everywhere can have a whole twin, `slug.<nation>.md` (see project.py). The same resolve() serves
languages later: a twin file is chosen first, then its roles and passages are resolved.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from .model import LocalisedText
from .services import NATION_NAMES, NATIONS, ROLES, Service, Services
from .validate import did_you_mean

if TYPE_CHECKING:
    from .project import Page, Project

PLACEHOLDER = re.compile(r"\[\[\s*([^\]\s.]*)(?:\.([^\]\s]*))?\s*\]\]")
FENCE = re.compile(r"^\s*:::\s*(\S*)\s*(.*?)\s*$")
FIELDS = ("name", "about", "phone", "hours", "call", "website")


class VariantError(ValueError):
    """Content that cannot be resolved: check_text() finds these first, at their line."""


def resolve(markdown: str, nation: str, services: Mapping[str, Service], links: bool = True) -> str:
    """The text for readers in `nation`: passages for other nations left out, roles filled in.
    `services` is the nation's service for each role (Services.for_nation). With links=False (fields
    shown as plain text), a role is filled in as its name."""
    kept: list[str] = []
    inside: frozenset[str] | None = None
    for line in markdown.split("\n"):
        fence = FENCE.match(line)
        if fence:
            inside = _fence_nations(fence) if inside is None else None
            continue
        if inside is None or nation in inside:
            kept.append(PLACEHOLDER.sub(lambda match: _fill(match, services, links), line))
    return "\n".join(kept)


def _fence_nations(fence: re.Match[str]) -> frozenset[str]:
    named = frozenset(fence[2].split())
    if fence[1] == "only":
        return named
    if fence[1] == "except":
        return frozenset(NATIONS) - named
    raise VariantError(f"::: {fence[1]} is not a kind of passage")


def _fill(match: re.Match[str], services: Mapping[str, Service], links: bool) -> str:
    role, part = match[1], match[2] or ""
    service = services.get(role)
    if service is None:
        raise VariantError(f'There is no service for "{role}"')
    if part == "":
        return f"[{service.name}]({service.website})" if links else service.name
    if part == "website":
        shown = re.sub(r"^https?://(www\.)?", "", service.website).rstrip("/")
        return f"[{shown}]({service.website})" if links else service.website
    value = getattr(service, part, None) if part in FIELDS else None
    if not value:
        raise VariantError(f"{service.name} has no {part}")
    return str(value)


@dataclass(frozen=True)
class Finding:
    """A problem in a piece of text, at a line (from 1) and column (from 1) of that text."""

    line: int
    column: int
    message: str
    hint: str
    warning: bool = False
    snippet: str = ""  # the text found, for finding it again in a YAML file


def check_text(text: str, services: Services, nations: Iterable[str] = NATIONS) -> list[Finding]:
    """Every mistake in the roles and passages of `text`, read by people in `nations`, and every
    nation-specific service named by hand where readers in another nation would see it."""
    scope = frozenset(nations)
    findings: list[Finding] = []
    names = services.names_by_nation()
    roles = services.roles_by_name()
    pattern = _names_pattern(tuple(sorted(names)))
    # Names are found in the whole text in one pass (most lines have none), then line by line.
    lines_with_names = _lines_matching(pattern, text)
    inside: frozenset[str] | None = None
    opened = 0
    covered: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        fence = FENCE.match(line)
        if fence:
            if inside is None:
                inside, opened = _check_fence(fence, number, line, scope, findings), number
                covered |= inside & scope
            else:
                if fence[1] or fence[2]:
                    findings.append(
                        Finding(
                            number,
                            1,
                            "A passage starts inside another passage",
                            "End the first passage with a line that says only ::: before starting the next.",
                        )
                    )
                inside = None
            continue
        readers = scope if inside is None else scope & inside
        findings += _check_placeholders(line, number, readers, services)
        if number in lines_with_names:
            findings += _check_names(line, number, readers, names, roles, pattern)
    if inside is not None:
        findings.append(
            Finding(
                opened, 1, "This passage has no end", "Add a line that says only ::: where the passage ends."
            )
        )
    if covered and covered != scope:
        missing = ", ".join(NATION_NAMES[n] for n in NATIONS if n in scope - covered)
        findings.append(
            Finding(
                1,
                1,
                f"There is no variant of this page for {missing}",
                "Check that readers there are not missing anything, or add a passage "
                "::: only for them (or ::: except).",
                warning=True,
            )
        )
    return findings


def _check_fence(
    fence: re.Match[str], number: int, line: str, scope: frozenset[str], findings: list[Finding]
) -> frozenset[str]:
    kind, named = fence[1], fence[2].split()
    if kind not in ("only", "except"):
        hint = did_you_mean(kind, ["only", "except"]) or "Write ::: only or ::: except, then the nations."
        findings.append(
            Finding(number, line.index(":::") + 4, f'"::: {kind}" is not a kind of passage', hint)
        )
        return scope
    if not named:
        findings.append(
            Finding(
                number,
                1,
                "The passage does not say which nations it is for",
                f"Write the nations after ::: {kind}, for example ::: {kind} scotland.",
            )
        )
    for nation in named:
        if nation not in NATIONS:
            hint = did_you_mean(nation, NATIONS) or f"The nations are: {', '.join(NATIONS)}."
            findings.append(Finding(number, line.index(nation) + 1, f'There is no nation "{nation}"', hint))
    chosen = frozenset(n for n in named if n in NATIONS)
    return chosen if kind == "only" else frozenset(NATIONS) - chosen


def _check_placeholders(line: str, number: int, readers: frozenset[str], services: Services) -> list[Finding]:
    findings = []
    for match in PLACEHOLDER.finditer(line):
        role, part = match[1], match[2]
        column = match.start() + 1
        if role not in ROLES:
            hint = did_you_mean(role, ROLES) or f"The roles are: {', '.join(ROLES)}."
            findings.append(
                Finding(number, column, f'There is no service role "{role}"', hint, snippet=match[0])
            )
            continue
        if part is not None and part not in FIELDS:
            hint = did_you_mean(part, FIELDS) or f"After the dot write one of: {', '.join(FIELDS)}."
            findings.append(
                Finding(number, column, f'"{part}" is not something a service has', hint, snippet=match[0])
            )
            continue
        for nation in NATIONS:
            service = services.for_nation(nation).get(role)
            if nation in readers and service is not None and part and not getattr(service, part, None):
                findings.append(
                    Finding(
                        number,
                        column,
                        f"{service.name} ({NATION_NAMES[nation]}) has no {part}, so [[{role}.{part}]] "
                        "cannot be filled in there",
                        f"Put this sentence in a passage ::: except {nation}, or add {part}: to "
                        "the service in content/services.yml.",
                        snippet=match[0],
                    )
                )
    return findings


@functools.lru_cache(maxsize=16)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for all the names, longest first, so that a name is found whole: "Citizens Advice
    Scotland" is one name, not "Citizens Advice" and more (one pass per line, not one per name)."""
    if not names:
        return None
    longest_first = sorted(names, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(name) for name in longest_first)})(?!\w)")


def _lines_matching(pattern: re.Pattern[str] | None, text: str) -> set[int]:
    """The numbers of the lines of `text` where `pattern` matches (it never spans lines)."""
    if pattern is None:
        return set()
    return {text.count("\n", 0, found.start()) + 1 for found in pattern.finditer(text)}


def _check_names(
    line: str,
    number: int,
    readers: frozenset[str],
    names: Mapping[str, frozenset[str]],
    roles: Mapping[str, str],
    pattern: re.Pattern[str] | None,
) -> list[Finding]:
    """Names of services written by hand that some readers' nation does not have (`pattern` finds
    any of them: _names_pattern)."""
    spans = [(match.start(), match.end(), match[0]) for match in pattern.finditer(line)] if pattern else []
    findings = []
    for start, _end, name in sorted(spans):
        wrong = readers - names[name]
        if not wrong or not names[name] and not readers:
            continue
        where = ", ".join(NATION_NAMES[n] for n in NATIONS if n in wrong)
        role = roles.get(name, "careers-service")
        role_hint = f"Name it by its role, [[{role}]], so each nation gets its own"
        message = (
            f'"{name}" is an old name'
            if not names[name]
            else f'"{name}" is not the service in {where}, but readers there would see it here'
        )
        findings.append(
            Finding(
                number,
                start + 1,
                message,
                f"{role_hint}; or put the sentence in a passage ::: only for the nations it is right for.",
                snippet=name,
            )
        )
    return findings


def readable(markdown: str) -> str:
    """Text for counting its reading age: fences left out, each role read as a short name."""
    lines = [line for line in markdown.split("\n") if not FENCE.match(line)]
    return PLACEHOLDER.sub("the service", "\n".join(lines))


def resolve_texts(value: Any, nation: str, services: Mapping[str, Service]) -> Any:
    """The kit's fixed text (strings/<language>.yml, nested) for one nation: each role as its name."""
    if isinstance(value, str):
        return resolve(value, nation, services, links=False)
    if isinstance(value, dict):
        return {key: resolve_texts(item, nation, services) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve_texts(item, nation, services) for item in value]
    return value


# --- A project as one nation reads it ------------------------------------------------------------

# Course fields written in Markdown (links allowed); every other text is shown as typed.
MARKDOWN_FIELDS = frozenset({"what_happens"})


# The fields of a Project that for_nation resolves: the others are the project's as loaded.
RESOLVED_FIELDS = ("guides", "pages", "translations", "courses", "nation", "worksheets")


def for_nation(project: Project, nation: str) -> Project:
    """The project's shared content as readers in `nation` see it: each page's nation twin where there
    is one, passages for other nations left out, and every role filled in with the nation's service."""
    from .project import plain_title  # here: project.py imports this module's checks

    if project.nation == nation:
        return project
    services = project.services.for_nation(nation)

    def page(found: Page, language: str = "en") -> Page:
        chosen = found.nations.get(nation, found)
        text = resolve(chosen.markdown, nation, in_language(services, language))
        first = text.split("\n", 1)[0]
        title = chosen.title if first == chosen.markdown.split("\n", 1)[0] else plain_title(first[2:])
        return replace(found, title=title, markdown=text, path=chosen.path)

    return replace(
        project,
        guides={slug: page(guide) for slug, guide in project.guides.items()},
        pages={slug: page(shared) for slug, shared in project.pages.items()},
        translations={key: page(translated, key[2]) for key, translated in project.translations.items()},
        courses={slug: resolve_model(course, nation, services) for slug, course in project.courses.items()},
        nation=nation,
        worksheets={
            slug: resolve_model(sheet, nation, services) for slug, sheet in project.worksheets.items()
        },
    )


M = TypeVar("M", bound=BaseModel)


def in_language(services: Mapping[str, Service], language: str) -> Mapping[str, Service]:
    """The services with their names in `language` where they have one (Careers Wales: Gyrfa Cymru)."""
    if language == "en":
        return services
    found = {}
    for role, service in services.items():
        name = service.name
        if isinstance(name, LocalisedText) and name.has(language):
            service = service.model_copy(update={"name": name.translations[language]})
        found[role] = service
    return found


def resolve_model(model: M, nation: str, services: Mapping[str, Service]) -> M:
    updates = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        resolved = _resolve_value(value, nation, services, name in MARKDOWN_FIELDS)
        if resolved is not value:
            updates[name] = resolved
    return model.model_copy(update=updates) if updates else model


def _resolve_value(value: Any, nation: str, services: Mapping[str, Service], links: bool) -> Any:
    if isinstance(value, LocalisedText):  # each language's text (languages.py), with its services' names
        texts = {
            key: resolve(text, nation, in_language(services, key), links)
            for key, text in value.translations.items()
        }
        return value if texts == value.translations else LocalisedText(texts)
    if isinstance(value, str):
        resolved = resolve(value, nation, services, links)
        return value if resolved == value else resolved
    if isinstance(value, BaseModel):
        return resolve_model(value, nation, services)
    if isinstance(value, dict):  # a lesson plan's outcomes, by id
        found = {key: _resolve_value(item, nation, services, links) for key, item in value.items()}
        return value if all(found[key] is item for key, item in value.items()) else found
    if isinstance(value, list | tuple):
        items = [_resolve_value(item, nation, services, links) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    return value
