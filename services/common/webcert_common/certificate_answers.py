"""How a certificate's answers read as text, from the type's definition as the certificate service
publishes it (docs/ARCHITECTURE.md "Certificates": the definition and the content shapes of
``domain/certificate_type.FIELD_TYPES``). One wording for every reader of a certificate: the
gateway's read-only view and the PDF service's printout say the same thing. Plain Python."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

NOT_GIVEN = "Ej angivet"
YES, NO = "Ja", "Nej"
CODE_SYSTEM_NAMES = {"ICD_10_SE": "ICD-10-SE", "KSH_97_P": "KSH97-P"}


@dataclass(frozen=True)
class Answer:
    question_id: str
    label: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class SectionAnswers:
    id: str
    label: str
    answers: tuple[Answer, ...]


def answered_sections(definition: dict, content: dict | None, *, hidden_questions: Iterable[str] = (),
                      hidden_sections: Iterable[str] = ()) -> list[SectionAnswers]:
    """Every shown question with its answer, "Ej angivet" when there is none; info texts and
    hidden parts of the form are left out, as on the signed form."""
    content = content if isinstance(content, dict) else {}
    hidden_q, hidden_s = set(hidden_questions or ()), set(hidden_sections or ())
    result = []
    for section in definition.get("sections") or []:
        if str(section.get("id")) in hidden_s:
            continue
        answers = tuple(
            Answer(str(q.get("id")), str(q.get("label") or ""), tuple(answer_lines(q, content.get(str(q.get("id"))))))
            for q in section.get("questions") or []
            if q.get("type") != "info" and str(q.get("id")) not in hidden_q)
        if answers:
            result.append(SectionAnswers(str(section.get("id")), str(section.get("label") or ""), answers))
    return result


def answer_lines(question: dict, value: Any) -> list[str]:
    kind = question.get("type")
    if value is None or value == "" or value == [] or value == {}:
        return [NOT_GIVEN]
    labels = {o.get("code"): o.get("label") for o in question.get("options") or []}
    render = _RENDERERS.get(kind, lambda q, v, l: [str(v)])
    try:
        lines = [line for line in render(question, value, labels) if line]
    except (TypeError, AttributeError, KeyError, ValueError):
        # an answer of another shape than its type's (stored before a change of the definition):
        # shown as it is rather than not at all
        return [str(value)]
    return lines or [NOT_GIVEN]


def _bool(question, value, labels):
    return [YES if value is True else NO if value is False else str(value)]


def _number(question, value, labels):
    text = str(value)
    return [text.replace(".", ",") if question.get("type") == "decimal" else text]


def _choice(question, value, labels):
    return [labels.get(value, str(value))]


def _choices(question, value, labels):
    return [labels.get(v, str(v)) for v in value] if isinstance(value, list) else [str(value)]


def _in_form_order(value: dict, labels: dict) -> list:
    """The options in the form's order (content is stored with sorted keys)."""
    return [c for c in labels if c in value] + [c for c in value if c not in labels]


def _dated(question, value, labels):
    if not isinstance(value, dict):
        return [str(value)]
    return [f"{labels.get(code, code)}: {value[code] or NOT_GIVEN}" for code in _in_form_order(value, labels)]


def _span(period: Any) -> str:
    if not isinstance(period, dict):
        return str(period)
    return f"{period.get('from') or '…'} – {period.get('to') or '…'}"


def _periods(question, value, labels):
    if not isinstance(value, dict):
        return [str(value)]
    return [f"{labels.get(code, code)}: {_span(value[code])}" for code in _in_form_order(value, labels)]


def _range(question, value, labels):
    return [_span(value)]


def _diagnoses(question, value, labels):
    lines = []
    for row in value if isinstance(value, list) else []:
        if isinstance(row, dict) and (row.get("code") or row.get("description")):
            system = CODE_SYSTEM_NAMES.get(row.get("code_system"), "")
            code = f"{row.get('code')} ({system})" if row.get("code") and system else row.get("code") or ""
            lines.append(" – ".join(part for part in (code, row.get("description") or "") if part))
    return lines


def _documents(question, value, labels):
    return [", ".join(p for p in (labels.get(r.get("type"), r.get("type") or ""), r.get("date") or "",
                                  r.get("source") or "") if p)
            for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def _causes(question, value, labels):
    lines = []
    for row in value if isinstance(value, list) else []:
        if isinstance(row, dict):
            extra = ", ".join(p for p in (row.get("onset") or "", labels.get(row.get("kind"), row.get("kind") or ""))
                              if p)
            lines.append(f"{row.get('description') or ''}" + (f" ({extra})" if extra else ""))
    return lines


_RENDERERS = {
    "boolean": _bool, "yes_no": _bool,
    "year": _number, "integer": _number, "decimal": _number,
    "single_choice": _choice, "multiple_choice": _choices, "dated_choices": _dated,
    "sick_leave_periods": _periods, "date_range": _range,
    "diagnoses": _diagnoses, "supporting_documents": _documents, "causes_of_death": _causes,
}
