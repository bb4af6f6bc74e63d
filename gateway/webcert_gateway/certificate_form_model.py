"""The draft's form, from the type's definition as the certificate service sends it
(docs/ARCHITECTURE.md "Certificates"): plain Python, no Flask, tested directly.

``form_sections``: definition + content + hidden ids + problems → what the templates render,
section by section (§6.12: each section an anchor, each field its messages). The way back, the
form's fields → content, is certificate_form_content.

Field names are ``q[<question id>]`` with parts in brackets: ``q[6][2][code]`` (a row),
``q[32][HALFTEN][from]`` (a grade's period), ``q[1][UNDERSOKNING][date]``. Question ids hold
dots ("1.3"), so brackets, not dots, separate the parts. The service names a problem's part
the other way (``6[2].code``, ``32.HALFTEN.from``); ``data_field`` gives that name for the
templates' ``data-field`` attributes, so the script can mark a 422's field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field as dc_field
from typing import Any, Iterable

from webcert_common.certificate_answers import CODE_SYSTEM_NAMES

CODE_SYSTEMS = CODE_SYSTEM_NAMES
# DS-1 / §6.3: "Rubriken i intyget kommer fortfarande vara ”Diagnoskod enligt ICD-10-SE”."
DIAGNOSIS_HEADING = "Diagnoskod enligt ICD-10-SE"
ROW_PARTS = {
    "diagnoses": ("code", "description"),
    "supporting_documents": ("type", "date", "source"),
    "causes_of_death": ("description", "onset", "kind"),
}
DEFAULT_ROWS = 3
PART_LABELS = {
    "code": "Kod", "description": "Beskrivning", "code_system": "Kodverk",
    "type": "Typ av underlag", "date": "Datum", "source": "Varifrån underlaget kan hämtas",
    "onset": "Ungefärlig debut", "kind": "Specifikation",
    "from": "Från och med", "to": "Till och med",
}

_NAME = re.compile(r"^q((?:\[[^\[\]]*\])+)$")
_PART = re.compile(r"\[([^\[\]]*)\]")
_ROW_FIELD = re.compile(r"^\[(\d+)\](?:\.(\w+))?$")


# --- names ----------------------------------------------------------------------------------

def field_name(question_id: str, *parts: Any) -> str:
    return "q" + "".join(f"[{p}]" for p in (question_id, *parts))


def parse_field_name(name: str) -> tuple[str, ...] | None:
    """``q[6][2][code]`` → ("6", "2", "code"); anything else → None."""
    match = _NAME.match(name or "")
    return tuple(_PART.findall(match.group(1))) if match else None


def dom_id(question_id: str, *parts: Any) -> str:
    """An element id without dots or brackets (simple to select, simple to link)."""
    raw = "-".join(str(p) for p in ("f", question_id, *parts))
    return re.sub(r"[^A-Za-z0-9_-]", "_", raw)


def data_field(question_id: str, *parts: Any) -> str:
    """The service's name for a part: rows in brackets, the rest after dots."""
    text = question_id
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


# --- problems at their fields -------------------------------------------------------------

@dataclass(frozen=True)
class FieldProblem:
    question_id: str
    field: str | None
    message: str
    rule: str = ""

    def as_detail(self) -> dict:
        return {"question_id": self.question_id, "field": self.field, "rule": self.rule, "message": self.message}


def problems_from(details: Iterable[dict] | None) -> list[FieldProblem]:
    """The service's ``details`` (422 INVALID_CONTENT) or the problems of ``sections`` (§6.12)."""
    found = []
    for item in details or []:
        if isinstance(item, dict) and item.get("message"):
            found.append(FieldProblem(str(item.get("question_id") or ""), item.get("field") or None,
                                      str(item["message"]), str(item.get("rule") or "")))
    return found


def problems_of_sections(sections: Iterable[dict] | None) -> list[FieldProblem]:
    return [p for s in sections or [] if isinstance(s, dict) for p in problems_from(s.get("problems"))]


def field_location(question: dict, field_text: str | None) -> str:
    """Where in a question a problem sits, in words: "Rad 2, Kod", "50 procent, Till och med"."""
    qid = str(question.get("id"))
    if not field_text or not field_text.startswith(qid) or field_text == qid:
        return ""
    suffix = field_text[len(qid):]
    row = _ROW_FIELD.match(suffix)
    if row:
        words = [f"Rad {row.group(1)}"]
        if row.group(2):
            words.append(PART_LABELS.get(row.group(2), row.group(2)))
        return ", ".join(words)
    options = {o.get("code"): o.get("label") for o in question.get("options") or []}
    words = [options.get(p) or PART_LABELS.get(p, p) for p in suffix.lstrip(".").split(".") if p]
    return ", ".join(words)


def located_message(question: dict | None, problem: FieldProblem) -> str:
    where = field_location(question, problem.field) if question else ""
    return f"{where}: {problem.message}" if where else problem.message


# --- definition → form model ------------------------------------------------------------

@dataclass
class QuestionModel:
    id: str
    type: str
    label: str
    definition: dict
    value: Any = None
    hidden: bool = False
    messages: list[str] = dc_field(default_factory=list)
    invalid_fields: set[str] = dc_field(default_factory=set)

    @property
    def dom(self) -> str:
        return dom_id(self.id)

    @property
    def invalid(self) -> bool:
        return bool(self.messages)

    def __getattr__(self, name: str) -> Any:
        # sub_label, help, mandatory, max_length, min, max, options, max_rows, code_systems
        if name.startswith("__"):
            raise AttributeError(name)
        return self.__dict__["definition"].get(name)

    def name(self, *parts: Any) -> str:
        return field_name(self.id, *parts)

    def part_id(self, *parts: Any) -> str:
        return dom_id(self.id, *parts)

    def field(self, *parts: Any) -> str:
        return data_field(self.id, *parts)

    def is_invalid(self, *parts: Any) -> bool:
        return data_field(self.id, *parts) in self.invalid_fields

    @property
    def rows(self) -> list[dict]:
        """Row questions: the saved rows, padded to the rows the form offers."""
        saved = [r for r in self.value if isinstance(r, dict)] if isinstance(self.value, list) else []
        count = max(self.definition.get("max_rows") or DEFAULT_ROWS, len(saved), 1)
        return saved + [{} for _ in range(count - len(saved))]

    @property
    def code_system(self) -> str:
        systems = self.definition.get("code_systems") or ["ICD_10_SE"]
        chosen = next((r.get("code_system") for r in self.rows if r.get("code_system")), None)
        return chosen if chosen in systems else systems[0]

    @property
    def code_system_choices(self) -> list[tuple[str, str]]:
        return [(c, CODE_SYSTEMS.get(c, c)) for c in self.definition.get("code_systems") or ["ICD_10_SE"]]

    @property
    def text_value(self) -> str:
        """Scalars as the input shows them (a decimal with a comma, as Swedes write it)."""
        value = self.value
        if value is None or isinstance(value, (dict, list)):
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if self.type == "decimal" and isinstance(value, (int, float)):
            return str(value).replace(".", ",")
        return str(value)

    def selected(self, code: str) -> bool:
        value = self.value
        if isinstance(value, list):
            return code in value
        if isinstance(value, dict):
            return code in value
        return value == code

    def part(self, *keys: str) -> str:
        """A nested scalar: ``part("HALFTEN", "from")`` of the periods, ``part("UNDERSOKNING")``."""
        value: Any = self.value
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return value if isinstance(value, str) else ""


@dataclass
class SectionModel:
    id: str
    label: str
    help: str | None
    hidden: bool
    questions: list[QuestionModel]

    @property
    def anchor(self) -> str:
        return section_anchor(self.id)


def section_anchor(section_id: str) -> str:
    return "section-" + re.sub(r"[^A-Za-z0-9_-]", "_", str(section_id))


def form_sections(definition: dict, content: dict | None, *, hidden_questions: Iterable[str] = (),
                  hidden_sections: Iterable[str] = (),
                  problems: Iterable[FieldProblem] = ()) -> list[SectionModel]:
    content = content if isinstance(content, dict) else {}
    hidden_q, hidden_s = set(hidden_questions or ()), set(hidden_sections or ())
    by_question: dict[str, list[FieldProblem]] = {}
    for problem in problems:
        by_question.setdefault(problem.question_id, []).append(problem)
    sections = []
    for section in definition.get("sections") or []:
        questions = []
        for question in section.get("questions") or []:
            qid = str(question.get("id"))
            mine = by_question.get(qid, [])
            questions.append(QuestionModel(
                id=qid, type=str(question.get("type")), label=str(question.get("label") or ""),
                definition=question, value=content.get(qid), hidden=qid in hidden_q,
                messages=[located_message(question, p) for p in mine],
                invalid_fields={p.field or qid for p in mine}))
        sections.append(SectionModel(str(section.get("id")), str(section.get("label") or ""),
                                     section.get("help"), str(section.get("id")) in hidden_s, questions))
    return sections


def questions_by_id(definition: dict) -> dict[str, dict]:
    return {str(q.get("id")): q for s in definition.get("sections") or [] for q in s.get("questions") or []}
