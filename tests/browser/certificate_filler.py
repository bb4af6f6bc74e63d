"""Fills a draft's form (/intyg/<id>) from a content dict the way a user does (§6, CERT-3):
clicks on boxes and radios, typing in fields, choosing in lists, a diagnosis picked from
the suggestions (DS-1). One function per field type of ``domain/certificate_type.FIELD_TYPES``,
found by the controls' labels inside the question (``question-<qid>``), never by field names.

The definition tells each question's type; the browser tier loads it in the test process
(the gateway does not serve definitions). Questions shown only given other answers appear
after the autosave that carries those answers, so a hidden question is waited for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from playwright.sync_api import Locator, Page, expect

SAVED = "Utkastet är sparat"
SAVE_TIMEOUT_MS = 20_000


@dataclass(frozen=True)
class Option:
    code: str
    label: str


@dataclass(frozen=True)
class FormQuestion:
    id: str
    type: str
    label: str
    options: tuple[Option, ...]
    code_systems: tuple[str, ...]


# --- the definition -------------------------------------------------------------------------

@lru_cache(maxsize=None)
def certificate_types() -> dict:
    from webcert_certificate.adapters.type_loader import load_certificate_types
    return load_certificate_types()


def _get(item: Any, key: str, default: Any = None) -> Any:
    return item.get(key, default) if isinstance(item, dict) else getattr(item, key, default)


def form_questions(definition_or_type_code: Any) -> list[FormQuestion]:
    """The questions in the form's order, from a type code, a loaded CertificateType or the
    definition as JSON (``GET /certificate-types/<code>``)."""
    definition = definition_or_type_code
    if isinstance(definition, str):
        definition = certificate_types()[definition]
    questions = []
    for section in _get(definition, "sections") or ():
        for q in _get(section, "questions") or ():
            options = tuple(Option(str(_get(o, "code")), str(_get(o, "label"))) for o in _get(q, "options") or ())
            questions.append(FormQuestion(str(_get(q, "id")), str(_get(q, "type")), str(_get(q, "label") or ""),
                                          options, tuple(_get(q, "code_systems") or ()) or ("ICD_10_SE",)))
    return questions


# --- waiting ----------------------------------------------------------------------------

def save_status(page: Page) -> Locator:
    return page.get_by_test_id("save-status")


def wait_until_saved(page: Page) -> None:
    """CERT-3: the state of the automatic save says everything typed is saved. On failure the
    questions' messages are named, so a test tells what the form refused."""
    try:
        expect(save_status(page)).to_have_text(SAVED, timeout=SAVE_TIMEOUT_MS)
    except AssertionError as error:
        raise AssertionError(f"{error}\nthe form's messages: {form_messages(page)}") from None


def form_messages(page: Page) -> dict[str, str]:
    messages = {}
    for box in page.locator("[data-wc-errors]:not([hidden])").all():
        question = box.locator("xpath=..").get_attribute("data-question")
        messages[question or "?"] = box.inner_text().strip()
    return messages


def question_shown(page: Page, question: FormQuestion) -> Locator:
    """The question's block, once visible: a question shown only given earlier answers (its
    section too) appears when the autosave carrying them has answered."""
    block = page.get_by_test_id(f"question-{question.id}")
    if not block.is_visible():
        wait_until_saved(page)
        try:
            expect(block).to_be_visible(timeout=SAVE_TIMEOUT_MS)
        except AssertionError as error:
            raise AssertionError(f"question {question.id} ({question.type}) is not shown after saving: "
                                 f"{error}\nthe form's messages: {form_messages(page)}") from None
    return block


# --- filling ----------------------------------------------------------------------------

def fill_certificate(page: Page, definition_or_type_code: Any, content: dict) -> None:
    """Answers every question of ``content`` in the form's order, then waits for the saved state."""
    questions = form_questions(definition_or_type_code)
    known = {q.id for q in questions}
    unknown = set(content) - known
    assert not unknown, f"the content answers questions the definition lacks: {sorted(unknown)}"
    expect(page.get_by_test_id("certificate-form")).to_be_visible()
    for question in questions:
        if question.id not in content or question.type == "info":
            continue
        fill = FILLERS.get(question.type)
        assert fill is not None, f"no way to fill field type {question.type!r} (question {question.id})"
        fill(question_shown(page, question), question, content[question.id])
    wait_until_saved(page)


def _label(block: Locator, question: FormQuestion) -> Locator:
    """The one control the question's own label names (text, number, date fields; the box of
    a boolean). The label holds a star and "(obligatorisk)" too, so not an exact match."""
    return block.get_by_label(question.label, exact=False).first


def _type_text(block: Locator, question: FormQuestion, value: Any) -> None:
    _label(block, question).fill("" if value is None else str(value))


def _decimal(block: Locator, question: FormQuestion, value: Any) -> None:
    # as Swedes write it (the form shows decimals with a comma)
    _label(block, question).fill("" if value is None else str(value).replace(".", ","))


def _date(block: Locator, question: FormQuestion, value: Any) -> None:
    _label(block, question).fill(value or "")


def _boolean(block: Locator, question: FormQuestion, value: Any) -> None:
    block.get_by_role("checkbox").set_checked(bool(value))


def _yes_no(block: Locator, question: FormQuestion, value: Any) -> None:
    block.get_by_label("Ja" if value else "Nej", exact=True).check()


def _option_label(question: FormQuestion, code: str) -> str:
    match = next((o.label for o in question.options if o.code == code), None)
    assert match is not None, f"question {question.id} has no option {code!r}"
    return match


def _single_choice(block: Locator, question: FormQuestion, value: Any) -> None:
    block.get_by_label(_option_label(question, value), exact=True).check()


def _multiple_choice(block: Locator, question: FormQuestion, value: Any) -> None:
    chosen = set(value or ())
    for option in question.options:
        box = block.get_by_label(option.label, exact=True)
        if (option.code in chosen) != box.is_checked():
            box.set_checked(option.code in chosen)


def _dated_choices(block: Locator, question: FormQuestion, value: Any) -> None:
    """"Intyget är baserat på": tick the option, give its date."""
    chosen = dict(value or {})
    for option in question.options:
        box = block.get_by_label(option.label, exact=True)
        day = block.get_by_label(f"Datum för {option.label}", exact=True)
        if option.code in chosen:
            box.check()
            day.fill(chosen[option.code] or "")
        elif box.is_checked() or day.input_value():
            box.uncheck()
            day.fill("")


def _period(group: Locator, period: dict | None) -> None:
    period = period or {}
    group.get_by_label("Från och med", exact=True).fill(period.get("from") or "")
    group.get_by_label("Till och med", exact=True).fill(period.get("to") or "")


def _sick_leave_periods(block: Locator, question: FormQuestion, value: Any) -> None:
    """FK7804 32: a period per grade of reduced work capacity."""
    periods = dict(value or {})
    for option in question.options:
        group = block.get_by_role("group", name=option.label, exact=True)
        if option.code in periods or group.get_by_label("Från och med", exact=True).input_value():
            _period(group, periods.get(option.code))


def _date_range(block: Locator, question: FormQuestion, value: Any) -> None:
    _period(block, value)


def _diagnoses(block: Locator, question: FormQuestion, value: Any) -> None:
    """DS-1 / §6.3: choose the code system, type the code, pick the diagnosis among the
    suggestions; a description other than the code list's is then written over it."""
    rows = list(value or [])
    system = next((r.get("code_system") for r in rows if r.get("code_system")), None)
    if system and len(question.code_systems) > 1:
        block.get_by_role("radiogroup", name="Kodverk").get_by_label(
            {"ICD_10_SE": "ICD-10-SE", "KSH_97_P": "KSH97-P"}.get(system, system), exact=True).check()
    for n, row in enumerate(rows, start=1):
        line = block.get_by_test_id(f"diagnosis-row-{question.id}-{n}")
        code, description = line.get_by_label(f"Diagnoskod, rad {n}", exact=True), line.get_by_label(
            f"Diagnos, rad {n}", exact=True)
        code.fill("")
        code.press_sequentially(row.get("code") or "")
        if len(row.get("code") or "") >= 3:
            suggestion = line.get_by_test_id("diagnosis-suggestion").filter(
                has_text=re.compile("^" + re.escape(row["code"]) + " – "))
            suggestion.first.click()
            expect(code).to_have_value(row["code"])
        if description.input_value() != (row.get("description") or ""):
            description.fill(row.get("description") or "")


def _supporting_documents(block: Locator, question: FormQuestion, value: Any) -> None:
    """FK7800-7802 question 4: type, date and where it can be had, row by row."""
    for n, row in enumerate(value or [], start=1):
        line = block.get_by_test_id(f"document-row-{question.id}-{n}")
        line.get_by_label("Typ av underlag", exact=True).select_option(label=_option_label(question, row["type"]))
        line.get_by_label("Datum", exact=True).fill(row.get("date") or "")
        line.get_by_label("Varifrån underlaget kan hämtas", exact=True).fill(row.get("source") or "")


def _causes_of_death(block: Locator, question: FormQuestion, value: Any) -> None:
    """DOI 8-10: a description, the approximate onset and its kind, row by row."""
    for n, row in enumerate(value or [], start=1):
        line = block.get_by_test_id(f"cause-row-{question.id}-{n}")
        line.get_by_label("Beskrivning", exact=True).fill(row.get("description") or "")
        line.get_by_label("Ungefärlig debut", exact=True).fill(row.get("onset") or "")
        if row.get("kind"):
            line.get_by_label("Specifikation", exact=True).select_option(label=_option_label(question, row["kind"]))


FILLERS: dict[str, Callable[[Locator, FormQuestion, Any], None]] = {
    "boolean": _boolean, "yes_no": _yes_no,
    "text": _type_text, "textarea": _type_text,
    "date": _date, "approximate_date": _type_text,
    "year": _type_text, "integer": _type_text, "decimal": _decimal,
    "single_choice": _single_choice, "multiple_choice": _multiple_choice, "dated_choices": _dated_choices,
    "diagnoses": _diagnoses, "sick_leave_periods": _sick_leave_periods, "date_range": _date_range,
    "supporting_documents": _supporting_documents, "causes_of_death": _causes_of_death,
}
