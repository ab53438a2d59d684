"""JSON Schemas of the data files, from the same models that check them, for editors."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .model import Area, Course, PartnersFile, TimetableFile, VenuesFile
from .services import ServicesFile
from .worksheets import WorksheetsFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "area": Area,
    "venues": VenuesFile,
    "partners": PartnersFile,
    "timetable": TimetableFile,
    "course": Course,
    "worksheets": WorksheetsFile,
    "services": ServicesFile,
}


def schema_text(model: type[BaseModel]) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              **model.model_json_schema(by_alias=True)}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = out / f"{name}.schema.json"
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written
