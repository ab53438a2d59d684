"""National services, one list for the whole kit: content/services.yml.

Careers advice, free advice, housing advice, the job-search website, the benefit account, reporting a
scam, learning and skills and crisis phone lines are run by different bodies in England, Wales, Scotland
and Northern Ireland. Content names a service by its role (`[[careers-service]]`, see variants.py) and
each area's pages, packs and posters name the one for the area's nation. Every entry says when someone
last checked it and on which public page, or that nobody could (`checked: unconfirmed`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from .errors import DataErrors, Position, Problem
from .load import Document, field_name, load_yaml
from .model import Date, LocalisedLine, Model, Nation, Text, Website, _fail
from .validate import did_you_mean, validate_document

NATIONS: tuple[str, ...] = Nation.__args__  # type: ignore[attr-defined]
SERVICES_FILE = Path("content") / "services.yml"
STALE_AFTER_DAYS = 365
NATION_NAMES = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}

Role = Literal[
    "careers-service",
    "advice-service",
    "money-advice",
    "housing-advice",
    "job-search-service",
    "benefit-account",
    "fraud-reporting",
    "learning-and-skills",
    "mental-health-crisis",
    "listening-line",
]
ROLES: tuple[str, ...] = Role.__args__  # type: ignore[attr-defined]


def _service_phone(value: str) -> str:
    """A UK number, or one of the short national numbers (111, 116 123, 101), with an option."""
    digits = re.sub(r"[\s()-]", "", value.split(",")[0])
    if re.fullmatch(r"(\+44|0)\d{9,10}|111|101|116\d{3}", digits):
        return value
    raise _fail(
        "phone",
        '"{value}" is not a phone number',
        "Write the whole number, for example 0800 100 900, or a short national number such as 111. "
        "An option to press goes after a comma: 111, option 2.",
        value=value,
    )


ServicePhone = Annotated[str, AfterValidator(_service_phone)]


class Checked(Model):
    """When the facts were last checked, and where."""

    date: Date = Field(description="The day someone checked the name, phone and website, e.g. 2026-12-01.")
    source: Website = Field(description="The public web page the facts came from, starting with https://.")


def _checked(value: object) -> object:
    if isinstance(value, str) and value.strip() != "unconfirmed":
        raise _fail(
            "checked",
            '"{value}" is not a way to say when this was checked',
            "Write unconfirmed, or date: and source: indented below checked:.",
            value=value,
        )
    return value


CheckedOrNot = Annotated[
    Literal["unconfirmed"] | Checked,
    BeforeValidator(_checked),
    WithJsonSchema(
        {
            "anyOf": [
                {"const": "unconfirmed"},
                {"type": "object", "properties": {"date": {"type": "string"}, "source": {"type": "string"}}},
            ]
        }
    ),
]


class Service(Model):
    """A national service that does one job (its role) in one or more nations."""

    role: Role = Field(
        description="The job it does, e.g. careers-service. Content writes [[careers-service]]."
    )
    nations: list[Nation] = Field(
        min_length=1, description="The nations it serves: england, wales, scotland, northern-ireland."
    )
    name: LocalisedLine = Field(
        description="Its name as people know it, e.g. Careers Wales, or {en: Careers Wales, cy: Gyrfa Cymru}."
    )
    about: Text = Field(description="One plain sentence saying what it does for people.")
    phone: ServicePhone | None = Field(
        None, description="Its phone number for the public, e.g. 0800 100 900."
    )
    hours: Text | None = Field(
        None, description="When the phone line is open, e.g. 8am to 8pm, Monday to Friday."
    )
    website: Website = Field(description="Its web address, starting with https://.")
    languages: list[Text] = Field(
        min_length=1, description="The languages it helps people in, e.g. English, Welsh."
    )
    checked: CheckedOrNot = Field(
        description="date: and source: of the last check, or unconfirmed if the facts could not be checked."
    )
    other_names: list[Text] = Field(
        [], description="Old or other names that must not appear in shared content, e.g. Action Fraud."
    )
    note: Text | None = Field(None, description="For editors only: what is changing, or what is unconfirmed.")

    @property
    def call(self) -> str:
        """The number with its hours, for a sentence: 0800 100 900 (8am to 8pm)."""
        if self.phone is None:
            return ""
        return f"{self.phone} ({self.hours})" if self.hours else self.phone


class ServicesFile(Model):
    """content/services.yml: the national services content names by their role."""

    services: list[Service] = Field(min_length=1, description="One entry per service.")


@dataclass(frozen=True)
class Services:
    """Every national service, and where each entry is in services.yml."""

    entries: tuple[Service, ...]
    document: Document | None = None

    def for_nation(self, nation: str) -> dict[str, Service]:
        """The service that does each role in one nation."""
        return {service.role: service for service in self.entries if nation in service.nations}

    def names_by_nation(self) -> dict[str, frozenset[str]]:
        """Every name (and other name) of a service, with all the nations its services serve.
        A name every nation shares (Samaritans) is not nation-specific."""
        return self._names_by_nation

    def roles_by_name(self) -> dict[str, str]:
        """The role of the service each name (and other name) belongs to."""
        return self._roles_by_name

    # Worked out once: `check` looks names up on every line of every page.
    @cached_property
    def _roles_by_name(self) -> dict[str, str]:
        return {name: s.role for s in self.entries for name in (s.name, *s.other_names)}

    @cached_property
    def _names_by_nation(self) -> dict[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for service in self.entries:
            for name in (service.name, *service.other_names):
                found.setdefault(name, set())
                if name == service.name:
                    found[name] |= set(service.nations)
        return {name: frozenset(nations) for name, nations in found.items()}

    def foreign_names(self, nation: str) -> list[str]:
        """Names that must not appear on an area's pages in `nation`: services that do not serve it,
        and old names."""
        own = {name for service in self.for_nation(nation).values() for name in (service.name,)}
        return sorted(
            name
            for name, nations in self.names_by_nation().items()
            if nation not in nations and name not in own
        )


def load_services(root: Path, today: dt.date) -> tuple[Services, list[Problem], list[Problem]]:
    """The services, with the problems (errors) and warnings found in services.yml."""
    path = root / SERVICES_FILE
    if not path.is_file():
        problem = Problem(
            Position(path),
            "",
            "There is no services.yml",
            "Copy content/services.yml from the Job Club Kit project.",
        )
        return Services(()), [problem], []
    try:
        document = load_yaml(path)
    except DataErrors as errors:
        return Services(()), errors.problems, []
    validated, problems = validate_document(document, ServicesFile)
    if validated is None:
        return Services((), document), problems, document.warnings
    services = Services(tuple(validated.services), document)
    warnings = [*document.warnings, *_stale(services, document, today)]  # a value cut short by a #, too
    return services, _check_roles(services, document), warnings


def _check_roles(services: Services, document: Document) -> list[Problem]:
    """Each nation has exactly one service for each role."""
    problems = []
    for role in ROLES:
        for nation in NATIONS:
            found = [i for i, s in enumerate(services.entries) if s.role == role and nation in s.nations]
            if not found:
                problems.append(
                    Problem(
                        Position(document.path, 1, 1),
                        "",
                        f"No service does {role} in {NATION_NAMES[nation]}",
                        f"Add an entry with role: {role} and {nation} in its nations.",
                    )
                )
            for index in found[1:]:
                loc = ("services", index, "nations")
                problems.append(
                    Problem(
                        document.position(loc),
                        field_name(loc),
                        f"Two services do {role} in {NATION_NAMES[nation]}",
                        f"Keep one: take {nation} out of the nations of one of them.",
                    )
                )
    return problems


def _stale(services: Services, document: Document, today: dt.date) -> list[Problem]:
    """Services nobody has checked for a year, or could not check at all."""
    warnings = []
    for index, service in enumerate(services.entries):
        loc = ("services", index, "checked")
        if service.checked == "unconfirmed":
            warnings.append(
                Problem(
                    document.position(loc),
                    field_name(loc),
                    f"The details of {service.name} are unconfirmed",
                    "Check its name, phone number and website on its own public pages, then write "
                    "date: and source: under checked:.",
                    warning=True,
                )
            )
        elif isinstance(service.checked, Checked) and (today - service.checked.date).days > STALE_AFTER_DAYS:
            warnings.append(
                Problem(
                    document.position((*loc, "date")),
                    field_name((*loc, "date")),
                    f"{service.name} was last checked on {service.checked.date}, more than a year ago",
                    "Check its name, phone number and website again, then change the date.",
                    warning=True,
                )
            )
    return warnings


# The national services every pack and poster lists, in this order: the help people ask for most.
NATIONAL_HELP = ("careers-service", "advice-service", "housing-advice", "job-search-service")


def national_help(services: Mapping[str, Service]) -> list[Service]:
    """The nation's services for careers, advice, housing and finding jobs, to list with their numbers."""
    return [services[role] for role in NATIONAL_HELP if role in services]


def unknown_role_hint(role: str) -> str:
    return did_you_mean(role, ROLES) or f"The roles are: {', '.join(ROLES)}."
