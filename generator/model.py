"""What staff write, declared once.

One pydantic model per thing staff write, one field per line, each with a description written for the
person editing the file: the same text appears in the JSON Schema that editors show while typing.
Values arrive as text (see load.py); the types below turn them into times, dates, numbers and choices,
with messages that say how to write them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

# --- Small types with messages for people ------------------------------------------------------


def _fail(kind: str, message: str, hint: str, **context: object) -> PydanticCustomError:
    """pydantic fills in the message's {names} from `context`; the hint is filled in here."""
    return PydanticCustomError(kind, message, {"hint": hint.format(**context), **context})


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "colwyn-bay-library"
        raise _fail(
            "slug",
            '"{value}" cannot be used as an id',
            "Use small letters, numbers and dashes only, for example {suggestion}.",
            value=value,
            suggestion=suggestion,
        )
    return value


def _time(value: object) -> object:
    if isinstance(value, dt.time):
        return value
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", str(value).strip())
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return dt.time(int(match[1]), int(match[2]))
    raise _fail(
        "time",
        '"{value}" is not a time',
        "Write times as 24-hour HH:MM, for example 10:30 or 14:00.",
        value=value,
    )


# Dates far outside these are typing mistakes (9999-12-31), and would make calendars of thousands of years.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _date(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not match:
        raise _fail(
            "date",
            '"{value}" is not a date',
            "Write dates as year-month-day, for example 2026-09-08 for 8 September 2026.",
            value=value,
        )
    year, month, day = (int(part) for part in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _fail(
            "date",
            '"{value}" is not a date this kit can use: the year must be from {first} to {last}',
            "Check the year.",
            value=value,
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    if not 1 <= month <= 12:
        raise _fail(
            "date",
            '"{value}" is not a date: there is no month {month}',
            "Write dates as year-month-day, for example 2026-09-08 for 8 September 2026.",
            value=value,
            month=month,
        )
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise _fail(
            "date",
            '"{value}" is not a date that exists: {month_name} {year} has {days} days',
            "Check the day and the month.",
            value=value,
            month_name=calendar.month_name[month],
            year=year,
            days=days,
        )
    return dt.date(year, month, day)


def _phone(value: str) -> str:
    digits = re.sub(r"[\s()-]", "", value)
    if not re.fullmatch(r"(\+44|0)\d{9,10}", digits):
        raise _fail(
            "phone",
            '"{value}" is not a UK phone number',
            "Write the whole number with its area code, for example 01632 960123.",
            value=value,
        )
    return value


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", value):
        raise _fail(
            "email",
            '"{value}" is not an email address',
            "Write it like jobclub@example.org.",
            value=value,
        )
    return value


def _website(value: str) -> str:
    if re.match(r"https?://", value) and re.search(r"\s", value):
        raise _fail(
            "website_space",
            '"{value}" has a space in it, and a web address cannot have spaces',
            "Replace each space with %20, or copy the address from the browser's address bar and paste "
            "it here.",
            value=value,
        )
    if not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value):
        raise _fail(
            "website",
            '"{value}" is not a website address',
            "Write the whole address, starting with https://, for example https://www.example.org.",
            value=value,
        )
    return value


def _postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value.upper())
    if not re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}", compact):
        raise _fail(
            "postcode",
            '"{value}" is not a UK postcode',
            "Write it like LL29 7DH.",
            value=value,
        )
    return f"{compact[:-3]} {compact[-3:]}"


def _text(value: str) -> str:
    if not value.strip():
        raise _fail("text", "This is empty", "Write some text here, or delete the line.")
    return value.strip()


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise _fail(
            "one_line",
            "This must be one line, but it has a line break in it",
            "Write it on one line after the colon.",
        )
    return value


Text = Annotated[str, AfterValidator(_text)]
# A name or title: shown in menus, headings and calendar entries, where a line break would break them.
Line = Annotated[str, AfterValidator(_text), AfterValidator(_one_line)]
Slug = Annotated[
    str,
    AfterValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": _SLUG.pattern}),
]
ClockTime = Annotated[
    dt.time,
    BeforeValidator(_time),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$", "examples": ["10:30"]}),
]
Date = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2026-09-08"]}),
]
Phone = Annotated[str, AfterValidator(_phone)]
Email = Annotated[str, AfterValidator(_email)]
Website = Annotated[str, AfterValidator(_website)]
Postcode = Annotated[str, AfterValidator(_postcode)]
Markdown = Annotated[
    str,
    AfterValidator(_text),
    WithJsonSchema({"type": "string", "description": "Plain text; **bold** and links allowed."}),
]

def _distinct_places(places: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    for index, place in enumerate(places):
        key = " ".join(place.casefold().split())
        if key in seen:
            raise _fail(
                "repeated_place",
                '"{value}" is in the list twice',
                "Delete one of them.",
                value=place,
                at=index,
            )
        seen[key] = index
    return places


Places = Annotated[list[Text], AfterValidator(_distinct_places)]

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = Weekday.__args__  # type: ignore[attr-defined]
Nation = Literal["england", "wales", "scotland", "northern-ireland"]
Language = Literal["en", "cy"]
# The national finder in each language but English has a folder at the top of the published site
# (cy/index.html), beside the areas' folders; an area of that name would clash with it.
FINDER_FOLDERS: tuple[str, ...] = tuple(language for language in get_args(Language) if language != "en")


def _area_slug(value: str) -> str:
    if value in FINDER_FOLDERS:
        raise _fail(
            "reserved_slug",
            '"{value}" cannot be the short name of an area: the published site keeps {value}/ for the '
            "national finder in {language}",
            "Choose another short name, for example {value}-area, and rename the area's folder to match.",
            value=value,
            language={"cy": "Welsh"}.get(value, value),
        )
    return value


AreaSlug = Annotated[
    str,
    AfterValidator(_slug),
    AfterValidator(_area_slug),
    WithJsonSchema({"type": "string", "pattern": _SLUG.pattern, "not": {"enum": list(FINDER_FOLDERS)}}),
]
PartnerType = Literal[
    "jobcentre",
    "library",
    "uk-online-centre",
    "childrens-centre",
    "council",
    "advice-charity",
    "health-service",
    "housing-service",
    "training-provider",
    "college",
    "employer",
    "community-group",
    "family-support",
    "charity",
]
HelpTopic = Literal[
    "cv-and-applications",
    "job-search",
    "interviews",
    "digital-skills",
    "benefits",
    "debt-and-money",
    "housing",
    "health-and-wellbeing",
    "mental-health",
    "drug-and-alcohol",
    "childcare-and-family",
    "domestic-abuse",
    "english-and-maths",
    "english-language",
    "training-and-qualifications",
    "volunteering",
    "disability-and-work",
]
HELP_TOPICS: tuple[str, ...] = HelpTopic.__args__  # type: ignore[attr-defined]


class Model(BaseModel):
    """Every model refuses fields it does not know, so a typo is never silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True)


# --- Text in more than one language ------------------------------------------------------------


class LocalisedText(str):
    """Text staff wrote, as its English (the string itself), with its other languages beside it.

    Code that knows nothing of languages sees plain English; languages.localise swaps in the Welsh."""

    translations: dict[str, str]

    def __new__(cls, texts: dict[str, str]) -> LocalisedText:
        found = super().__new__(cls, texts["en"])
        found.translations = {language: text for language, text in texts.items() if text is not None}
        return found

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (LocalisedText, (self.translations,))

    def has(self, language: str) -> bool:
        return language in self.translations


def _as_texts(value: object) -> object:
    """A plain string is the English; a mapping gives each language ({en: ..., cy: ...})."""
    if isinstance(value, list):
        raise _fail(
            "texts_list",
            "This is a list, but it should be text",
            "Write the text after the colon on the same line. To give it in English and Welsh, "
            "write en: and cy: on the lines below it, each indented with spaces, for example:\n"
            "    en: Colwyn Bay\n    cy: Bae Colwyn",
        )
    return {"en": value} if isinstance(value, str) else value


class _Texts(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True)
    en: Text = Field(description="The text in English.")
    cy: Text | None = Field(None, description="Yr un testun yn Gymraeg (the same text in Welsh).")


class _LineTexts(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True)
    en: Line = Field(description="The text in English, on one line.")
    cy: Line | None = Field(None, description="Yr un testun yn Gymraeg (the same text in Welsh).")


class _MarkdownTexts(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True)
    en: Markdown = Field(description="The text in English.")
    cy: Markdown | None = Field(None, description="Yr un testun yn Gymraeg (the same text in Welsh).")


def _localised_schema(description: str) -> dict[str, object]:
    languages = {
        "type": "object",
        "properties": {
            "en": {"type": "string", "description": "The text in English."},
            "cy": {"type": "string", "description": "Yr un testun yn Gymraeg (the same text in Welsh)."},
        },
        "required": ["en"],
        "additionalProperties": False,
    }
    return {"anyOf": [{"type": "string"}, languages], "description": description}


def _localised(texts: BaseModel) -> LocalisedText:
    # dict(), not model_dump(): a model's serializer is built on first use, with its whole schema.
    return LocalisedText(dict(texts))


# Text that can be written in more than one language: a plain string (English), or {en: ..., cy: ...}.
Localised = Annotated[
    _Texts,
    BeforeValidator(_as_texts),
    AfterValidator(_localised),
    WithJsonSchema(_localised_schema("Plain text, or {en: English, cy: Welsh}.")),
]
# A name or title in more than one language: each on one line.
LocalisedLine = Annotated[
    _LineTexts,
    BeforeValidator(_as_texts),
    AfterValidator(_localised),
    WithJsonSchema(_localised_schema("A name on one line, or {en: English, cy: Welsh}.")),
]
LocalisedMarkdown = Annotated[
    _MarkdownTexts,
    BeforeValidator(_as_texts),
    AfterValidator(_localised),
    WithJsonSchema(
        _localised_schema("Plain text (**bold** and links allowed), or {en: English, cy: Welsh}.")
    ),
]


class _PlaceNames(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True)
    en: Line = Field(description="The place's name in English.")
    cy: Line | None = Field(
        None, description="Enw'r lle yn Gymraeg, os yw'n wahanol (the place's Welsh name, if it differs)."
    )


def _same_name_where_not_given(names: _PlaceNames) -> LocalisedText:
    """Many places have one name in both languages (Conwy, Llandudno): a name given once is its name
    in every language, so Welsh pages print it as it is, with no "not in Welsh yet" warning."""
    given = dict(names)  # not model_dump(), as in _localised
    return LocalisedText({language: given.get(language) or given["en"] for language in get_args(Language)})


# A town's name: a plain string is its name in every language; {en: Colwyn Bay, cy: Bae Colwyn} gives
# the Welsh name where it differs.
PlaceName = Annotated[
    _PlaceNames,
    BeforeValidator(_as_texts),
    AfterValidator(_same_name_where_not_given),
    WithJsonSchema(
        _localised_schema(
            "The name on one line, e.g. Llandudno. If it has a different name in Welsh, write "
            "{en: Colwyn Bay, cy: Bae Colwyn}."
        )
    ),
]


# --- Shared pieces -----------------------------------------------------------------------------


class Contact(Model):
    phone: Phone | None = Field(None, description="A phone number people can call, e.g. 01632 960123.")
    email: Email | None = Field(None, description="An email address, e.g. jobclub@example.org.")
    website: Website | None = Field(None, description="A web page, starting with https://.")

    @model_validator(mode="after")
    def _something_to_contact(self) -> Contact:
        if not (self.phone or self.email or self.website):
            raise _fail(
                "contact",
                "There is no way to get in touch",
                "Add at least one of phone, email or website.",
            )
        return self


# --- area.yml ----------------------------------------------------------------------------------


def _without_job_club(value: str) -> str:
    """The site says "{name} job club": a name that already ends with it is not doubled."""
    return JOB_CLUB_SUFFIX.sub("", value).strip() or value


JOB_CLUB_SUFFIX = re.compile(r"\s+job\s*club\s*$", re.IGNORECASE)
AreaName = Annotated[str, AfterValidator(_text), AfterValidator(_one_line), AfterValidator(_without_job_club)]


class _AreaNameTexts(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True)
    en: AreaName = Field(description="The area's name in English.")
    cy: AreaName | None = Field(None, description="Enw'r ardal yn Gymraeg (the area's name in Welsh).")


LocalisedAreaName = Annotated[
    _AreaNameTexts,
    BeforeValidator(_as_texts),
    AfterValidator(_localised),
    WithJsonSchema(_localised_schema("The area's name, or {en: English, cy: Welsh}.")),
]


class Area(Model):
    """An area's job club: area.yml in the area's folder."""

    slug: AreaSlug = Field(
        description="Short name used in web addresses. Must match the folder name, and cannot be cy."
    )
    name: LocalisedAreaName = Field(
        description='The area\'s name as people know it, e.g. Conwy (and its Welsh name, if it has one). '
        'The site adds "job club" after it.'
    )
    nation: Nation = Field(description="england, wales, scotland or northern-ireland. Sets bank holidays.")
    languages: list[Language] = Field(
        ["en"], min_length=1, description="Languages the site is written in: en, and cy for Welsh."
    )
    welcome: LocalisedMarkdown = Field(description="A few friendly sentences for the home page.")
    contact: Contact = Field(description="How to contact this area's job club.")
    site_url: Website | None = Field(
        None, description="The web address where this area's site is published (for posters' QR codes)."
    )
    welsh_review: Literal["needed", "done"] | None = Field(
        None,
        description="With cy: needed until a Welsh speaker has checked this area's Welsh, then done.",
    )
    covers: Places = Field(
        [],
        description="Towns, villages and postcode districts (the first half of a postcode, e.g. LL22) "
        "the club serves, beyond the towns of its venues. The national finder searches them.",
    )


# --- venues.yml --------------------------------------------------------------------------------


class Address(Model):
    lines: list[Line] = Field(min_length=1, description="Building and street, one line each.")
    town: PlaceName = Field(
        description="Town or city, e.g. Llandudno. Where Welsh names it differently, give both: "
        "{en: Colwyn Bay, cy: Bae Colwyn}."
    )
    postcode: Postcode = Field(description="Postcode, e.g. LL29 7DH.")


def _hours(value: object) -> object:
    text = str(value).strip().lower()
    if text == "closed":
        return "closed"
    match = re.fullmatch(r"(\d{1,2}:\d{2})\s*(?:-|–|to)\s*(\d{1,2}:\d{2})", text)
    if match:
        opens, closes = _time(match[1]), _time(match[2])
        if opens < closes:  # type: ignore[operator]
            return (opens, closes)
    raise _fail(
        "hours",
        '"{value}" is not a set of opening hours',
        "Write the opening and closing times like 09:00-17:00, or write closed.",
        value=value,
    )


OpeningTimes = Annotated[
    Literal["closed"] | tuple[dt.time, dt.time],
    BeforeValidator(_hours),
    WithJsonSchema({"type": "string", "examples": ["09:00-17:00", "closed"]}),
]


class OpeningHours(Model):
    monday: OpeningTimes | None = Field(None, description="e.g. 09:00-17:00, or closed.")
    tuesday: OpeningTimes | None = Field(None, description="e.g. 09:00-17:00, or closed.")
    wednesday: OpeningTimes | None = Field(None, description="e.g. 09:00-17:00, or closed.")
    thursday: OpeningTimes | None = Field(None, description="e.g. 09:00-17:00, or closed.")
    friday: OpeningTimes | None = Field(None, description="e.g. 09:00-17:00, or closed.")
    saturday: OpeningTimes | None = Field(None, description="e.g. 10:00-13:00, or closed.")
    sunday: OpeningTimes | None = Field(None, description="e.g. closed.")


# The words for yes and no, in any case: true and false too, as YAML writes them. Never a single letter
# (y, n), 1, 0, on or off: a slip of one key must not turn an answer round.
YES_WORDS = ("yes", "true")
NO_WORDS = ("no", "false")
# What staff may write for an answer nobody has checked yet (only the accessibility answers can be that).
NOT_KNOWN = ("not known", "unknown", "dont know", "not sure")


def _words(value: object) -> str:
    return " ".join(str(value).strip().lower().replace("'", "").replace("\u2019", "").split())


def _short_for_yes_or_no(text: str) -> bool:
    return text in ("y", "n", "t", "f", "1", "0", "on", "off")


def _yes_no(value: object) -> object:
    """yes or no, for a line that must be one of them."""
    if isinstance(value, bool):
        return value
    if value is None:
        raise _fail("yes_no", "Nothing is written here", "Write yes or no after the colon.")
    if not isinstance(value, str):
        raise _fail(
            "yes_no",
            "This should be yes or no, not a list or a group",
            "Write yes or no on the same line, after the colon.",
        )
    text = _words(value)
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    if _short_for_yes_or_no(text):
        how = "Write the whole word: yes or no."
    elif text in NOT_KNOWN:
        how = "Write yes or no. Only the accessibility answers in venues.yml can be not known."
    else:
        how = "Write yes or no."
    raise _fail("yes_no", '"{value}" is not yes or no', "{how}", value=value, how=how)


def _answer(value: object) -> object:
    if value is None or isinstance(value, bool):
        return value
    text = _words(value)
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    if text in NOT_KNOWN:
        return None
    raise _fail(
        "answer",
        '"{value}" is not yes, no or not known',
        "{how}. If nobody has checked yet, write not known: the site then says to ask the venue.",
        value=value,
        how="Write the whole word: yes or no" if _short_for_yes_or_no(text) else "Write yes or no",
    )


# A line that is yes or no (in any case).
YesNo = Annotated[
    bool,
    BeforeValidator(_yes_no),
    WithJsonSchema({"type": "string", "enum": ["yes", "no"]}),
]
# The default of a yes or no line that is no unless it is written, as the JSON Schema says it.
WRITTEN_NO: dict[str, object] = {"default": "no"}
# yes, no, or None for "not known": a guess must never be published as a fact.
Answer = Annotated[
    bool | None,
    BeforeValidator(_answer),
    WithJsonSchema({"type": "string", "enum": ["yes", "no", "not known"]}),
]


class Accessibility(Model):
    """Each answer is yes, no, or not known (the site then says to ask the venue)."""

    step_free_access: Answer = Field(description="yes if people can get in and around without steps.")
    accessible_toilet: Answer = Field(description="yes if there is an accessible toilet.")
    hearing_loop: Answer = Field(description="yes if there is a hearing loop.")
    parking: Answer = Field(description="yes if there is parking at or next to the building.")
    public_computers: Answer = Field(description="yes if people can use computers there.")
    wifi: Answer = Field(description="yes if there is free wifi.")
    notes: Localised | None = Field(None, description="Anything else, e.g. 'Blue badge spaces at the front'.")


class Closure(Model):
    starts_on: Date = Field(alias="from", description="The first day the venue is closed, e.g. 2026-12-24.")
    until: Date | None = Field(None, description="The last day it is closed. Leave out for one day.")
    reason: Localised = Field(description="Why, e.g. Closed for Christmas.")

    model_config = ConfigDict(populate_by_name=True)

    @model_validator(mode="after")
    def _in_order(self) -> Closure:
        if self.until is not None and self.until < self.starts_on:
            raise _fail(
                "until_before_from",
                "The last day ({until}) is before the first day ({starts_on})",
                "Swap the two dates, or check the year.",
                until=self.until.isoformat(),
                starts_on=self.starts_on.isoformat(),
                at="until",
            )
        return self

    def covers(self, date: dt.date) -> bool:
        return self.starts_on <= date <= (self.until or self.starts_on)


class Venue(Model):
    """A place where sessions happen."""

    id: Slug = Field(description="Short name other files use to point at this venue.")
    name: LocalisedLine = Field(description="The building's name, e.g. Colwyn Bay Library.")
    address: Address = Field(description="The full address.")
    phone: Phone | None = Field(None, description="The venue's phone number, if it has one.")
    opening_hours: OpeningHours = Field(description="When the building is open, day by day.")
    accessibility: Accessibility = Field(description="What the building has for disabled visitors.")
    how_to_find: LocalisedMarkdown | None = Field(
        None, description="Directions: buses, landmarks, which door."
    )
    closed: list[Closure] = Field(
        [], description="Days the venue is closed. Every session there is off on those days."
    )


class VenuesFile(Model):
    """venues.yml: the places where this area's sessions happen."""

    venues: list[Venue] = Field(min_length=1, description="One entry per venue.")


# --- partners.yml ------------------------------------------------------------------------------


class Partner(Model):
    """An organisation people can be referred to."""

    id: Slug = Field(description="Short name other files use to point at this partner.")
    name: LocalisedLine = Field(description="The organisation's name.")
    type: PartnerType = Field(description="What kind of organisation it is, e.g. advice-charity.")
    helps_with: list[HelpTopic] = Field(min_length=1, description="What it helps with, from the list.")
    about: LocalisedMarkdown = Field(description="One or two sentences on what it does, in plain words.")
    contact: Contact = Field(description="How to contact it.")
    venues: list[Slug] = Field([], description="Ids of venues (from venues.yml) where it can be found.")
    drop_in: YesNo = Field(description="yes if people can just turn up; no if they need a referral.")
    how_to_get_help: Localised = Field(description="How to get referred or book, in plain words.")
    last_checked: Date | None = Field(None, description="When someone last checked this listing.")


class PartnersFile(Model):
    """partners.yml: organisations people in this area can be referred to."""

    partners: list[Partner] = Field(min_length=1, description="One entry per organisation.")


# --- timetable.yml -----------------------------------------------------------------------------


class Cancellation(Model):
    date: Date = Field(description="The date that is off, e.g. 2026-10-27.")
    reason: Localised = Field(description="Why, in a few words people will understand.")


class Move(Model):
    """One week's session moved to another date, time or place."""

    date: Date = Field(description="The usual date of the session that moves, e.g. 2026-12-08.")
    to: Date | None = Field(None, description="The new date, if it moves to another day.")
    start: ClockTime | None = Field(None, description="The new start time, if it changes.")
    end: ClockTime | None = Field(None, description="The new end time, if it changes.")
    venue: Slug | None = Field(None, description="Id of the new venue, if it moves somewhere else.")
    reason: Localised = Field(description="Why, in a few words, e.g. Room needed for elections.")

    @model_validator(mode="after")
    def _changes_something(self) -> Move:
        if self.to is None and self.start is None and self.end is None and self.venue is None:
            raise _fail(
                "move_nothing",
                "The move does not say what changes",
                "Add to: (a new date), start: and end: (new times) or venue: (a new place).",
                at="date",
            )
        return self


Repeat = Literal["weekly", "fortnightly", "monthly"]
WeekOfMonth = Literal["first", "second", "third", "fourth", "last"]
RunsAs = Literal["course", "modules"]


class TimetableEntry(Model):
    """One course or drop-in that runs at a venue, weekly or on given dates."""

    model_config = ConfigDict(populate_by_name=True)

    course: Slug = Field(description="Id of a course in content/courses, e.g. cv-writing.")
    title: LocalisedLine | None = Field(
        None, description="A name for this session if it is not the course's title, e.g. Jobs fair."
    )
    venue: Slug = Field(description="Id of a venue in venues.yml.")
    room: LocalisedLine | None = Field(None, description="Which room, if the venue has more than one.")
    run_by: Slug = Field(description="Id of the partner (in partners.yml) that runs it.")
    day: Weekday | None = Field(None, description="For repeating sessions: the day, e.g. tuesday.")
    repeat: Repeat = Field("weekly", description="weekly, fortnightly (every other week) or monthly.")
    week_of_month: WeekOfMonth | None = Field(
        None, description="For monthly sessions: first, second, third, fourth or last (e.g. last Friday)."
    )
    start: ClockTime = Field(description="Start time, 24-hour, e.g. 10:00.")
    end: ClockTime = Field(description="End time, 24-hour, e.g. 12:00.")
    starts_on: Date | None = Field(
        None, alias="from", description="For repeating sessions: the first date, e.g. 2026-09-08."
    )
    until: Date | None = Field(None, description="For repeating sessions: the last date.")
    dates: list[Date] = Field([], description="One-off dates, or extra dates for a repeating session.")
    cancelled: list[Cancellation] = Field([], description="Dates when it is not on, with the reason.")
    moved: list[Move] = Field([], description="Dates when it moves to another day, time or place.")
    on_bank_holidays: YesNo = Field(
        False, description="yes if it still runs on bank holidays.", json_schema_extra=WRITTEN_NO
    )
    booking: Literal["drop-in", "book"] = Field(description="drop-in, or book if people must book.")
    how_to_book: Localised | None = Field(None, description="How to book, e.g. 'Phone 01632 960123'.")
    spaces: int | None = Field(None, ge=1, le=500, description="How many people can come.")
    runs_as: RunsAs | None = Field(
        None,
        description="For a course with sessions: course if it starts on the from: date and runs its "
        "sessions in order, then starts again (people join at session 1); modules if each week is one "
        "session's topic and people can join any week. Leave it out for a drop-in.",
    )

    @model_validator(mode="after")
    def _check_when(self) -> TimetableEntry:
        if self.end <= self.start:
            raise _fail(
                "end_before_start",
                "The session ends ({end}) before it starts ({start})",
                "Check the start and end times; use the 24-hour clock, so 2pm is 14:00.",
                at="end",
                start=self.start.strftime("%H:%M"),
                end=self.end.strftime("%H:%M"),
            )
        if self.day is None and not self.dates:
            raise _fail(
                "no_dates",
                "The session has no day and no dates, so it never happens",
                "Add day: with from: and until: for a weekly session, or dates: for one-off dates.",
            )
        if self.repeat == "monthly" and self.day is not None and self.week_of_month is None:
            raise _fail(
                "week_of_month",
                "A monthly session needs to say which week of the month",
                "Add week_of_month: first, second, third, fourth or last (e.g. last for the last Friday).",
                at="repeat",
            )
        if self.day is not None and (self.starts_on is None or self.until is None):
            raise _fail(
                "weekly_range",
                "A repeating session needs a first and a last date",
                "Add from: and until: lines, for example from: 2026-09-08 and until: 2027-07-20.",
                at="day",
            )
        if self.starts_on and self.until and self.until < self.starts_on:
            raise _fail(
                "until_before_from",
                "The last date ({until}) is before the first date ({starts_on})",
                "Swap the two dates, or check the year.",
                at="until",
                until=self.until.isoformat(),
                starts_on=self.starts_on.isoformat(),
            )
        if self.booking == "book" and not self.how_to_book:
            raise _fail(
                "how_to_book",
                "People must book, but the entry does not say how",
                "Add a how_to_book: line, for example how_to_book: Phone 01632 960123.",
                at="booking",
            )
        return self


class TimetableFile(Model):
    """timetable.yml: what runs where and when in this area."""

    sessions: list[TimetableEntry] = Field(min_length=1, description="One entry per course or drop-in.")


# --- content/courses/*.yml ---------------------------------------------------------------------


# Words in a bring list that would ask learners to carry a secret on paper or say it aloud.
_SECRET_TO_BRING = re.compile(
    r"pass\s*words?|passcodes?|pass\s*phrases?|\bpins?\b|(sign|log)[\s-]*(in|on)\s+details|login details",
    re.IGNORECASE,
)


def _nothing_secret(value: str) -> str:
    texts = value.translations.values() if isinstance(value, LocalisedText) else [value]
    if any(_SECRET_TO_BRING.search(text) for text in texts):
        raise _fail(
            "secret_to_bring",
            '"{value}" asks learners to bring a password or sign-in details',
            "Never ask for passwords or Universal Credit sign-in details: learners keep them in their "
            "heads, not on paper. Write, for example: Your email address, if you have one.",
            value=value,
        )
    return value


ThingToBring = Annotated[Localised, AfterValidator(_nothing_secret)]


class Activity(Model):
    """One timed part of a session: what the tutor does and what learners do, or a break."""

    model_config = ConfigDict(populate_by_name=True)

    minutes: int = Field(ge=1, le=240, description="How long it takes, in minutes.")
    title: Text = Field(description="A short name for it, e.g. 'Welcome and introductions', or Break.")
    is_break: YesNo = Field(
        False,
        alias="break",
        description="yes if this is a break. A break needs no tutor or learners.",
        json_schema_extra=WRITTEN_NO,
    )
    tutor: Text | None = Field(None, description="What the tutor does, e.g. 'Shows an example CV on screen'.")
    learners: Text | None = Field(None, description="What learners do, e.g. 'Circle the parts on paper'.")
    covers: list[Slug] = Field(
        [], description="The ids of the session's outcomes this activity teaches, e.g. [six-parts]."
    )

    @model_validator(mode="after")
    def _says_who_does_what(self) -> Activity:
        if self.is_break:
            return self
        for name in ("tutor", "learners"):
            if getattr(self, name) is None:
                raise _fail(
                    "activity_who",
                    'The activity "{title}" does not say what the {who}',
                    f"Add a {name}: line, or write break: yes if it is a break.",
                    title=self.title,
                    who="tutor does" if name == "tutor" else "learners do",
                    at="title",
                )
        return self


class SessionPlan(Model):
    """The tutor's lesson plan for one session: enough for a stand-in tutor to run it."""

    outcomes: dict[Slug, Text] = Field(
        min_length=1,
        description="What learners can do by the end, each with a short id that activities use: "
        "'six-parts: name the six parts of a CV'. Finish the sentence 'By the end, learners can ...'.",
    )
    activities: list[Activity] = Field(
        min_length=1, description="The timed activities, in order, including a break. Their minutes add up "
        "to the session's minutes."
    )
    prepare: list[Text] = Field(
        [], description="What the tutor gets ready before learners arrive, one thing per line."
    )
    guides: list[Slug] = Field(
        [], description="Ids of the course's guides (content/guides/<id>.md) this session uses."
    )
    worksheets: list[Text] = Field(
        [], description="Titles of worksheets (content/worksheets/<course>.yml) this session uses."
    )
    support: list[Text] = Field(
        min_length=1, description="How to help learners who find it hard, one idea per line."
    )
    stretch: list[Text] = Field(
        min_length=1, description="Something more for learners who find it easy, one idea per line."
    )
    check_learning: Text = Field(
        description="A short check of learning at the end, e.g. 'Each learner points to the six parts "
        "on their own CV'."
    )

    @model_validator(mode="after")
    def _outcomes_are_taught(self) -> SessionPlan:
        for index, activity in enumerate(self.activities):
            for place, outcome in enumerate(activity.covers):
                if outcome not in self.outcomes:
                    raise _fail(
                        "unknown_outcome",
                        'There is no outcome "{outcome}" in this session',
                        f"The outcomes are: {', '.join(self.outcomes)}. Use one of their ids, or add it "
                        "under outcomes:.",
                        outcome=outcome,
                        at=("activities", index, "covers", place),
                    )
        covered = {outcome for activity in self.activities for outcome in activity.covers}
        for outcome in self.outcomes:
            if outcome not in covered:
                raise _fail(
                    "outcome_not_covered",
                    'No activity covers the outcome "{outcome}"',
                    f"Add {outcome} to the covers: list of the activity that teaches it, or delete the "
                    "outcome.",
                    outcome=outcome,
                    at=("outcomes", outcome),
                )
        return self


class CourseSession(Model):
    title: LocalisedLine = Field(description="The session's title, e.g. 'What goes in a CV'.")
    minutes: int = Field(ge=15, le=480, description="How long it lasts, in minutes.")
    what_happens: LocalisedMarkdown = Field(description="What people do in this session, in plain words.")
    bring: list[ThingToBring] = Field(
        [], description="What learners should bring, one thing per line. Never a password or sign-in details."
    )
    plan: SessionPlan | None = Field(
        None, description="The tutor's lesson plan: outcomes, timed activities, support and a check."
    )

    @model_validator(mode="after")
    def _activities_fill_the_session(self) -> CourseSession:
        if self.plan is None:
            return self
        total = sum(activity.minutes for activity in self.plan.activities)
        parts = " + ".join(str(activity.minutes) for activity in self.plan.activities)
        if total != self.minutes:
            raise _fail(
                "activity_minutes",
                "The activities add up to {total} minutes, but the session lasts {minutes} minutes",
                f"Change the activities' minutes ({parts}) so they add up to {self.minutes}, or change "
                "the session's minutes.",
                total=total,
                minutes=self.minutes,
                at="minutes",
            )
        if self.minutes > 60 and not any(activity.is_break for activity in self.plan.activities):
            raise _fail(
                "no_break",
                "A session of {minutes} minutes needs a break",
                "Add an activity with break: yes, for example 10 minutes half way through.",
                minutes=self.minutes,
                at=("plan", "activities"),
            )
        return self


class Course(Model):
    """A course outline, shared by every area: content/courses/<slug>.yml."""

    slug: Slug = Field(description="Short name used in web addresses. Must match the file name.")
    title: LocalisedLine = Field(description="The course title, e.g. Writing a CV.")
    format: Literal["course", "drop-in"] = Field("course", description="course, or drop-in.")
    summary: Localised = Field(description="One sentence saying what the course is.")
    who_it_is_for: Localised = Field(description="Who should come, in plain words.")
    you_will_learn: list[Localised] = Field(min_length=1, description="What people will be able to do.")
    sessions: list[CourseSession] = Field([], description="The sessions, in order.")
    guides: list[Slug] = Field([], description="Ids of guides (content/guides/<id>.md) it uses.")

    @model_validator(mode="after")
    def _course_has_sessions(self) -> Course:
        if self.format == "course" and not self.sessions:
            raise _fail(
                "no_sessions",
                "A course needs at least one session",
                "Add a sessions: list, or write format: drop-in.",
            )
        return self


# The files staff write, by name, and the model that checks each one.
AREA_FILES: dict[str, type[Model]] = {
    "area.yml": Area,
    "venues.yml": VenuesFile,
    "partners.yml": PartnersFile,
    "timetable.yml": TimetableFile,
}
