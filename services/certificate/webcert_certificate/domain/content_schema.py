"""The API schema of a type's content (issue 4: "one definition drives the form, the validation,
the list of what is missing, the API schema"): a JSON Schema (2020-12) derived from the same
definition, for clients that write certificates. It states the shapes; what depends on other
answers (mandatory, hidden, dates against dates) stays with domain/validation.py, which the
service applies at every save and at signing."""
from __future__ import annotations

from typing import Any

from .certificate_type import CertificateType, Question

DIALECT = "https://json-schema.org/draft/2020-12/schema"
DATE = {"type": "string", "format": "date"}
YEAR_MONTH = {"type": "string", "pattern": r"^\d{4}-(0\d|1[0-2])$"}


def _codes(question: Question) -> list[str]:
    return [o.code for o in question.options]


def _text(question: Question) -> dict:
    schema: dict[str, Any] = {"type": "string"}
    if question.max_length:
        schema["maxLength"] = question.max_length
    return schema


def _number(question: Question, kind: str) -> dict:
    schema: dict[str, Any] = {"type": kind}
    if question.min is not None:
        schema["minimum"] = question.min
    if question.max is not None:
        schema["maximum"] = question.max
    return schema


def _rows(question: Question, row: dict[str, dict], required: list[str] = ()) -> dict:
    schema: dict[str, Any] = {"type": "array", "items": {"type": "object", "additionalProperties": False,
                                                        "properties": row, "required": list(required)}}
    if question.max_rows:
        schema["maxItems"] = question.max_rows
    return schema


def _keyed(question: Question, value: dict) -> dict:
    return {"type": "object", "propertyNames": {"enum": _codes(question)}, "additionalProperties": value}


def _period() -> dict:
    return {"type": "object", "additionalProperties": False, "properties": {"from": DATE, "to": DATE}}


def question_schema(question: Question) -> dict:
    kind = question.type
    if kind in ("boolean", "yes_no"):
        return {"type": "boolean"}
    if kind in ("text", "textarea"):
        return _text(question)
    if kind == "date":
        return DATE
    if kind == "approximate_date":
        return YEAR_MONTH
    if kind in ("year", "integer"):
        return _number(question, "integer")
    if kind == "decimal":
        return _number(question, "number")
    if kind == "single_choice":
        return {"enum": _codes(question)}
    if kind == "multiple_choice":
        return {"type": "array", "items": {"enum": _codes(question)}, "uniqueItems": True}
    if kind == "dated_choices":
        return _keyed(question, DATE)
    if kind == "sick_leave_periods":
        return _keyed(question, _period())
    if kind == "date_range":
        return _period()
    if kind == "diagnoses":
        return _rows(question, {"code_system": {"enum": list(question.code_systems)}, "code": {"type": "string"},
                                "description": _text(question)})
    if kind == "supporting_documents":
        return _rows(question, {"type": {"enum": _codes(question)}, "date": DATE, "source": {"type": "string"}})
    if kind == "causes_of_death":
        return _rows(question, {"description": _text(question), "onset": DATE, "kind": {"enum": _codes(question)}})
    raise ValueError(f"no schema for field type {kind!r}")


def content_schema(cert_type: CertificateType) -> dict:
    properties = {q.id: dict(question_schema(q), title=q.name) for q in cert_type.questions() if q.type != "info"}
    return {"$schema": DIALECT, "title": f"{cert_type.code} {cert_type.name}, version {cert_type.version}",
            "type": "object", "additionalProperties": False, "properties": properties}
