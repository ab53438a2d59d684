"""Check a loaded file against its model and say every mistake in plain English, at its line."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import SchemaValidator

from . import memo
from .errors import Problem
from .load import Document, Loc, field_name

M = typing.TypeVar("M", bound=BaseModel)


def validate_document(document: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """The validated model, or None and a problem for each mistake, in file order.

    The answer depends only on the file and the model, so for a file read by load_yaml it is kept
    (memo.by_content): the models of unchanged files are not validated again, nor their schemas built
    (they are built when first used: defer_build in model.py)."""
    if not document.source:
        return _validated(document, model)
    model_name = f"{model.__module__}.{model.__qualname__}"
    return memo.by_content("validated", f"{document.path}:{model_name}", f"{document.source}:{model_name}",
                           lambda: _validated(document, model))


def _validated(document: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    if document.data is None:
        return None, [
            Problem(
                document.position(()),
                "",
                "This file is empty",
                f"Copy {document.path.name} from another area's folder and change it.",
            )
        ]
    try:
        validator = _validator(model)
        if validator is None:
            return model.model_validate(document.data), []
        return validator.validate_python(document.data), []
    except ValidationError as error:
        problems = [_problem(document, model, detail) for detail in error.errors()]
        return None, sorted(problems, key=lambda problem: problem.position)


def _validator(model: type[BaseModel]) -> SchemaValidator | None:
    """The validator pydantic builds for `model` (its schema, compiled by pydantic-core), kept
    (memo.by_content, keyed on the kit's code and pydantic's version): checking an edited file then
    does not build the schema of its model again, which takes longer than the rest of the check.
    None when it cannot be kept (pydantic plugins wrap it): then the model validates as usual."""

    def build() -> object:
        model.model_rebuild()
        return model.__pydantic_validator__

    name = f"{model.__module__}.{model.__qualname__}"
    validator = memo.by_content("validators", name, name, build)
    if isinstance(validator, SchemaValidator) and validator.title == model.__name__:
        return validator
    return None


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    """'Did you mean "x"?' when a close match exists, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f'Did you mean "{close[0]}"?' if close else ""


def _problem(document: Document, model: type[BaseModel], detail: Any) -> Problem:
    loc = _data_loc(document.data, detail["loc"])
    context = detail.get("ctx") or {}
    if "at" in context:
        # A model's own check may point at one of its fields, or deeper (a tuple of keys and indexes).
        at = context["at"]
        loc = (*loc, *(at if isinstance(at, (tuple, list)) else (at,)))
    kind = detail["type"]
    name = str(loc[-1]) if loc and isinstance(loc[-1], str) else ""
    value = detail.get("input")
    owner = _model_at(model, loc[:-1]) if loc else model
    inner = curly_quoted(value)
    if inner is not None and kind in _WRITTEN_AS:
        message, hint = _in_curly_quotes(value, inner, loc, kind, context)
    elif "hint" in context:
        message, hint = detail["msg"], context["hint"]
    elif kind == "missing":
        description = _description(owner, name)
        message = f'"{name}" is missing'
        hint = f"Add a line {name}: here." + (f" It is: {description}" if description else "")
        return Problem(document.position(loc), field_name(loc), message, hint)
    elif kind == "extra_forbidden":
        allowed = _field_names(owner)
        message = f'"{name}" is not a field that can be written here'
        hint = did_you_mean(name, allowed) or f"The fields you can use here are: {', '.join(allowed)}."
        return Problem(document.position(loc, key=True), field_name(loc), message, hint)
    else:
        message, hint = _describe(kind, value, detail, name)
    return Problem(document.position(loc), field_name(loc), message, hint)


# The kinds of mistake in a value with a fixed form (a time, a date, one of some choices), each with
# what such a value is: one in curly quote marks cannot be it, and that is the thing to say.
_WRITTEN_AS = {
    "time": "a time",
    "date": "a date",
    "literal_error": "one of the choices",
    "answer": "yes, no or not known",
    "yes_no": "yes or no",
    "bool_parsing": "yes or no",
    "hours": "opening hours",
    "slug": "an id",
    "phone": "a phone number",
    "email": "an email address",
    "website": "a web address",
    "postcode": "a postcode",
    "int_parsing": "a number",
}
# The quote marks Word puts in place of the ones typed: “ ” ‘ ’, and „ ‚ in some languages.
CURLY_QUOTES = "\u201c\u201d\u2018\u2019\u201e\u201a"
CURLY_DOUBLE_QUOTES = "\u201c\u201d\u201e"


def curly_quoted(value: object, quotes: str = CURLY_QUOTES) -> str | None:
    """The text inside `value` when the whole of it is in curly quote marks (“09:30”), else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) > 2 and text[0] in quotes and text[-1] in quotes:
        return text[1:-1].strip()
    return None


def _in_curly_quotes(value: str, inner: str, loc: Loc, kind: str, context: Any) -> tuple[str, str]:
    """A value wrapped in curly quotes, as Word writes them: they are part of the value, not quotes."""
    message = (f"{value} is in curly quote marks, as Word makes them, so it is not read as "
               f"{_WRITTEN_AS[kind]}")
    if loc and isinstance(loc[-1], str):
        hint = (f"Delete the quote marks, so that the line reads {loc[-1]}: {inner} (or type them again "
                f'with the keyboard, so that they are straight: {loc[-1]}: "{inner}").')
    else:  # an item of a list, written on a line of its own or in [ ]
        hint = (f"Delete the quote marks around {inner} (or type them again with the keyboard, so that "
                f'they are straight: "{inner}").')
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        if inner not in choices:
            hint += " " + f"{did_you_mean(inner, choices)} Write one of: {', '.join(choices)}.".strip()
    return message, hint


def _describe(kind: str, value: Any, detail: Any, name: str) -> tuple[str, str]:
    context = detail.get("ctx") or {}
    shown = f'"{value}"' if isinstance(value, str) else ""
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        suggestion = did_you_mean(str(value), choices)
        listed = f"Write one of: {', '.join(choices)}."
        return f"{shown or 'This'} is not one of the choices", f"{suggestion} {listed}".strip()
    if kind == "bool_parsing":
        return f"{shown} is not yes or no", "Write yes or no."
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return f"{shown or 'This'} is not a whole number", "Write a number, for example 12."
    if kind in ("greater_than_equal", "greater_than"):
        return f"{value} is too small", f"Write a number of at least {context.get('ge', 1)}."
    if kind in ("less_than_equal", "less_than"):
        return f"{value} is too big", f"Write a number no bigger than {context.get('le')}."
    if kind == "too_short":
        return "The list is empty", 'Add at least one item, on its own line starting with "- ".'
    if kind == "string_type":
        if value is None:
            return "Nothing is written here", "Write a value after the colon, or delete the line."
        return "This should be a single piece of text, not a list or a group", (
            "Write the text on the same line, after the colon."
        )
    if kind == "list_type":
        # `dates: 2026-12-10, 2027-01-14`: each item goes on a line of its own, without the commas.
        items = [item.strip() for item in value.split(",") if item.strip()] if isinstance(value, str) else []
        lines = "".join(f"\n      - {item}" for item in items or ["..."])
        return "This should be a list", (
            f'Write each item on its own line starting with "- ", for example:\n    {name}:{lines}'
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if value is None:
            return "Nothing is written here", "Add the fields that belong here, indented below it."
        return "This should be a group of fields, one name: value per line", (
            "Indent the fields below this line with spaces."
        )
    return str(detail["msg"]), ""


def _data_loc(data: Any, loc: tuple[Any, ...]) -> Loc:
    """Keep the parts of pydantic's location that are in the data (it adds union branch names)."""
    kept: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            kept.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            kept.append(part)
            current = current[part]
        elif index == len(loc) - 1 and isinstance(part, str) and isinstance(current, dict):
            kept.append(part)  # a missing field: name it, at its parent's position
    return tuple(kept)


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel]:
    """The model class that the mapping at `loc` is checked against."""
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = _field(current, part)
        if field is None:
            return current
        found = _inner_model(field.annotation)
        if found is None:
            return current
        current = found
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) in (
        typing.Union,
        list,
        typing.Annotated,
    ):
        for argument in typing.get_args(annotation):
            found = _inner_model(argument)
            if found is not None:
                return found
    return None


def _field(model: type[BaseModel], name: str) -> Any:
    for field_key, field in model.model_fields.items():
        if (field.alias or field_key) == name:
            return field
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [field.alias or key for key, field in model.model_fields.items()]


def _description(model: type[BaseModel], name: str) -> str:
    field = _field(model, name)
    return (field.description or "") if field is not None else ""
