"""The draft's form fields → the content autosave sends (CERT-3), in the shapes of
``domain/certificate_type.FIELD_TYPES`` (plain Python, no Flask; tested directly). One converter,
here, for the script's autosave and the no-script "Spara" alike; field names as in
certificate_form_model (``q[<id>][part]…``)."""
from __future__ import annotations

import re
from typing import Any, Iterable

from .certificate_form_model import ROW_PARTS, FieldProblem, parse_field_name, questions_by_id

NUMBER_MESSAGES = {"year": "Ange ett årtal.", "integer": "Ange ett heltal.", "decimal": "Ange ett tal."}


def content_from_fields(definition: dict, pairs: Iterable[tuple[str, Any]]) -> tuple[dict, list[FieldProblem]]:
    """The content to save, and the problems the gateway finds itself (a number that is no
    number cannot be sent as one). Empty answers are left out: a draft may be incomplete."""
    grouped: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name, value in pairs:
        parts = parse_field_name(str(name))
        if parts is None or not isinstance(value, str):
            continue
        grouped.setdefault(parts[0], []).append((parts[1:], value))
    content: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    for qid, question in questions_by_id(definition).items():
        fields = grouped.get(qid)
        kind = question.get("type")
        if not fields or kind == "info" or kind not in _CONVERTERS:
            continue
        answer = _CONVERTERS[kind](question, fields)
        if isinstance(answer, FieldProblem):
            problems.append(answer)
        elif answer is not None:
            content[qid] = answer
    return content, problems


def _last(fields, parts: tuple[str, ...] = ()) -> str:
    values = [v for p, v in fields if p == parts]
    return values[-1] if values else ""


def _text(question, fields):
    value = _last(fields)
    return value if value != "" else None


def _stripped(question, fields):
    value = _last(fields).strip()
    return value or None


def _bool(question, fields):
    value = _last(fields)
    return {"true": True, "false": False}.get(value)


def _number(question, fields):
    raw = _last(fields).strip().replace(" ", "").replace("\u2212", "-")
    if not raw:
        return None
    kind = question.get("type")
    if kind == "decimal":
        raw = raw.replace(",", ".")
        if re.fullmatch(r"-?\d+", raw):
            return int(raw)
        if re.fullmatch(r"-?\d*\.\d+", raw):
            return float(raw)
    elif re.fullmatch(r"-?\d+", raw):
        return int(raw)
    return FieldProblem(str(question.get("id")), None, NUMBER_MESSAGES[kind], "NOT_A_NUMBER")


def _choice(question, fields):
    return _last(fields) or None


def _choices(question, fields):
    chosen = {v for p, v in fields if p == () and v}
    ordered = [o.get("code") for o in question.get("options") or [] if o.get("code") in chosen]
    return ordered + sorted(chosen - set(ordered)) or None


def _dated_choices(question, fields):
    """A ticked option, or one with a date, is chosen; its date may still be missing."""
    answer = {}
    for option in question.get("options") or []:
        code = option.get("code")
        ticked = _last(fields, (code,)) != ""
        day = _last(fields, (code, "date")).strip()
        if ticked or day:
            answer[code] = day
    return answer or None


def _period(fields, prefix: tuple[str, ...]) -> dict | None:
    period = {key: _last(fields, prefix + (key,)).strip() for key in ("from", "to")}
    return period if any(period.values()) else None


def _periods(question, fields):
    answer = {}
    for option in question.get("options") or []:
        period = _period(fields, (option.get("code"),))
        if period:
            answer[option.get("code")] = period
    return answer or None


def _date_range(question, fields):
    return _period(fields, ())


def _rows(question, fields):
    """Rows keep their places (§6.12 "Fyll i den första raden ..." needs them); empty rows
    after the last filled one are dropped."""
    keys = ROW_PARTS[question.get("type")]
    numbers = sorted({int(p[0]) for p, _ in fields if len(p) == 2 and p[0].isdigit()})
    rows = [{key: _last(fields, (str(n), key)) for key in keys} for n in numbers]
    while rows and not any(v.strip() for v in rows[-1].values()):
        rows.pop()
    if question.get("type") == "diagnoses":
        systems = question.get("code_systems") or ["ICD_10_SE"]
        system = _last(fields, ("code_system",)) or systems[0]
        rows = [dict(row, code_system=system) for row in rows]
    return rows or None


_CONVERTERS = {
    "boolean": _bool, "yes_no": _bool,
    "text": _text, "textarea": _text,
    "date": _stripped, "approximate_date": _stripped,
    "year": _number, "integer": _number, "decimal": _number,
    "single_choice": _choice, "multiple_choice": _choices, "dated_choices": _dated_choices,
    "sick_leave_periods": _periods, "date_range": _date_range,
    "diagnoses": _rows, "supporting_documents": _rows, "causes_of_death": _rows,
}
