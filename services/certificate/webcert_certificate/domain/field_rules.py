"""The rules per field type (validation.py asks them): the shape an answer must have
(``SHAPE_CHECKS``, refused at every save), the limits of a stored answer (``format_limits``: max
lengths, options, code existence) and the rules signing needs (``RULE_CHECKS``: dates against
other dates, ranges, rows, diagnoses). Each finding names its rule id, a Swedish message and,
where the answer has parts, the part."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable, Iterable, Mapping

from webcert_certificate.domain import diagnoses
from webcert_certificate.domain.certificate_type import (
    CODE_SYSTEMS, TEXT_TYPES, CertificateType, Question, is_answered, parse_date,
)

CodeExists = Callable[[str, str], bool]

MISSING = "missing"
INVALID = "invalid"


@dataclass(frozen=True)
class ValidationContext:
    today: date
    code_exists: CodeExists | None = None     # (code system, code) -> bool; from the code lists
    patient_birth_date: date | None = None    # from the personnummer, for "not before birth"
    complement: bool = False                  # a draft answering a complement request (longer 25)


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    field: str | None = None
    kind: str = INVALID


@dataclass(frozen=True)
class Env:
    cert_type: CertificateType
    content: Mapping[str, Any]
    context: ValidationContext
    visible: Callable[[str], bool]


MSG_DATE = "Ange ett giltigt datum (ÅÅÅÅ-MM-DD)."
MSG_WRONG = "Svaret har fel form för den här frågan."


def _wrong(question: Question, message: str = MSG_WRONG) -> list[Finding]:
    return [Finding("WRONG_TYPE", message)]


def _is_str_or_empty(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _bad_date(value: Any) -> bool:
    return value not in (None, "") and parse_date(value) is None


def _rows(question: Question, value: Any, keys: set[str]) -> list[Finding] | None:
    """None when ``value`` is a list of dicts with string parts among ``keys``."""
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        return _wrong(question, "Svaret ska vara en lista med rader.")
    for index, row in enumerate(value, start=1):
        unknown = set(row) - keys
        if unknown:
            return [Finding("UNKNOWN_FIELD", f"Okänt fält {sorted(unknown)[0]} på rad {index}.",
                            f"{question.id}[{index}]")]
        if not all(_is_str_or_empty(v) for v in row.values()):
            return _wrong(question, f"Rad {index} har fel form.")
    return None


def _shape_rows(keys: set[str], date_key: str | None, option_key: str | None):
    def check(question: Question, value: Any) -> list[Finding]:
        problem = _rows(question, value, keys)
        if problem:
            return problem
        findings = []
        for index, row in enumerate(value, start=1):
            if date_key and _bad_date(row.get(date_key)):
                findings.append(Finding("DATE_INVALID", MSG_DATE, f"{question.id}[{index}].{date_key}"))
            code = row.get(option_key) if option_key else None
            if code and code not in question.option_codes:
                findings.append(Finding("UNKNOWN_OPTION", "Okänt svarsalternativ.",
                                        f"{question.id}[{index}].{option_key}"))
        return findings
    return check


def _shape_choice(question: Question, value: Any) -> list[Finding]:
    if not isinstance(value, str):
        return _wrong(question)
    return [] if value == "" or value in question.option_codes else \
        [Finding("UNKNOWN_OPTION", "Okänt svarsalternativ.")]


def _shape_choices(question: Question, value: Any) -> list[Finding]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return _wrong(question, "Svaret ska vara en lista med alternativ.")
    return [Finding("UNKNOWN_OPTION", "Okänt svarsalternativ.", f"{question.id}.{v}")
            for v in value if v not in question.option_codes]


def _shape_dated_choices(question: Question, value: Any) -> list[Finding]:
    if not isinstance(value, dict) or not all(_is_str_or_empty(v) for v in value.values()):
        return _wrong(question, "Svaret ska ange ett datum per valt alternativ.")
    findings = [Finding("UNKNOWN_OPTION", "Okänt svarsalternativ.", f"{question.id}.{k}")
                for k in value if k not in question.option_codes]
    return findings + [Finding("DATE_INVALID", MSG_DATE, f"{question.id}.{k}")
                       for k, v in value.items() if _bad_date(v)]


def _shape_period(question: Question, value: Any, prefix: str) -> list[Finding]:
    if not isinstance(value, dict) or set(value) - {"from", "to"} \
            or not all(_is_str_or_empty(v) for v in value.values()):
        return _wrong(question, "En period anges med från och med (from) och till och med (to).")
    return [Finding("DATE_INVALID", MSG_DATE, f"{prefix}.{k}") for k, v in value.items() if _bad_date(v)]


def _shape_periods(question: Question, value: Any) -> list[Finding]:
    if not isinstance(value, dict):
        return _wrong(question, "Svaret ska ange en period per sjukskrivningsgrad.")
    findings = [Finding("UNKNOWN_OPTION", "Okänd sjukskrivningsgrad.", f"{question.id}.{k}")
                for k in value if k not in question.option_codes]
    for grade, period in value.items():
        if period is not None:
            findings += _shape_period(question, period, f"{question.id}.{grade}")
    return findings


def _shape_approximate(question: Question, value: Any) -> list[Finding]:
    if not isinstance(value, str):
        return _wrong(question)
    match = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if value and (not match or int(match.group(2)) > 12):
        return [Finding("DATE_INVALID", "Ange år och månad (ÅÅÅÅ-MM), månad 00 om den är okänd.")]
    return []


def _is_number(value: Any, integer: bool) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) if integer else isinstance(value, (int, float))


SHAPE_CHECKS: dict[str, Callable[[Question, Any], list[Finding]]] = {
    "boolean": lambda q, v: [] if isinstance(v, bool) else _wrong(q, "Svaret ska vara ja eller nej."),
    "yes_no": lambda q, v: [] if isinstance(v, bool) else _wrong(q, "Svaret ska vara ja eller nej."),
    "text": lambda q, v: [] if isinstance(v, str) else _wrong(q, "Svaret ska vara en text."),
    "textarea": lambda q, v: [] if isinstance(v, str) else _wrong(q, "Svaret ska vara en text."),
    "date": lambda q, v: _wrong(q, MSG_DATE) if not isinstance(v, str) else
        ([Finding("DATE_INVALID", MSG_DATE)] if _bad_date(v) else []),
    "approximate_date": _shape_approximate,
    "year": lambda q, v: [] if _is_number(v, True) else _wrong(q, "Ange ett årtal."),
    "integer": lambda q, v: [] if _is_number(v, True) else _wrong(q, "Ange ett heltal."),
    "decimal": lambda q, v: [] if _is_number(v, False) else _wrong(q, "Ange ett tal."),
    "single_choice": _shape_choice,
    "multiple_choice": _shape_choices,
    "dated_choices": _shape_dated_choices,
    "sick_leave_periods": _shape_periods,
    "date_range": lambda q, v: _shape_period(q, v, q.id),
    "diagnoses": _shape_rows({"code_system", "code", "description"}, None, None),
    "supporting_documents": _shape_rows({"type", "date", "source"}, "date", "type"),
    "causes_of_death": _shape_rows({"description", "onset", "kind"}, "onset", "kind"),
    "info": lambda q, v: _wrong(q, "Fältet kan inte besvaras."),
}

_ROW_TEXT = {"diagnoses": "description", "supporting_documents": "source", "causes_of_death": "description"}


normalise_code = diagnoses.normalise_code   # one normal form for codes (domain.diagnoses)


def format_limits(question: Question, value: Any, code_exists: CodeExists | None,
                   complement: bool) -> Iterable[Finding]:
    """Limits a save must refuse once the shape is right: lengths, rows, code systems,
    codes that do not exist."""
    limit = question.max_length_complement if complement and question.max_length_complement \
        else question.max_length
    if question.type in TEXT_TYPES and limit and len(value) > limit:
        yield Finding("MAX_LENGTH", f"Texten får innehålla högst {limit} tecken.")
    if question.type in _ROW_TEXT:
        if question.max_rows and len(value) > question.max_rows:
            yield Finding("TOO_MANY_ROWS", f"Högst {question.max_rows} rader får anges.")
        for index, row in enumerate(value, start=1):
            text = row.get(_ROW_TEXT[question.type]) or ""
            if limit and len(text) > limit:
                yield Finding("MAX_LENGTH", f"Texten får innehålla högst {limit} tecken.",
                              f"{question.id}[{index}].{_ROW_TEXT[question.type]}")
    if question.type == "diagnoses":
        yield from _diagnosis_codes_exist(question, value, code_exists)


def _diagnosis_codes_exist(question: Question, rows: list[dict],
                           code_exists: CodeExists | None) -> Iterable[Finding]:
    for index, row in enumerate(rows, start=1):
        system = row.get("code_system") or question.code_systems[0]
        if system not in question.code_systems:
            yield Finding("DIAGNOSIS_CODE_SYSTEM_UNKNOWN",
                          "Kodverket ska vara " + " eller ".join(CODE_SYSTEMS[c] for c in question.code_systems) + ".",
                          f"{question.id}[{index}].code_system")
            continue
        code = normalise_code(row.get("code") or "")
        if code_exists and 3 <= len(code) <= 5 and not code_exists(system, code):
            yield Finding("DIAGNOSIS_CODE_UNKNOWN",
                          f"Diagnoskoden {code} finns inte i {CODE_SYSTEMS[system]}.",
                          f"{question.id}[{index}].code")


def has_content(question: Question, value: Any) -> bool:
    if question.type == "boolean":
        return value is True   # an unticked checkbox says nothing
    if question.type in _ROW_TEXT:
        return any(_row_started(r) for r in value or [])
    if question.type == "sick_leave_periods":
        return any(isinstance(p, dict) and any(p.values()) for p in (value or {}).values())
    return is_answered(value)


def _row_started(row: Mapping[str, Any]) -> bool:
    return any(isinstance(v, str) and v.strip() for v in row.values())


_MISSING_MESSAGES = {
    "boolean": "Välj ett alternativ.", "yes_no": "Välj ett alternativ.",
    "single_choice": "Välj ett alternativ.",
    "multiple_choice": "Välj minst ett alternativ.", "dated_choices": "Välj minst ett alternativ.",
    "date": "Ange ett datum.", "approximate_date": "Ange ett datum.", "date_range": "Ange ett datum.",
    "year": "Ange ett årtal.", "integer": "Ange ett värde.", "decimal": "Ange ett värde.",
    "diagnoses": "Ange minst en diagnos.",
    "sick_leave_periods": "Ange minst en period med nedsatt arbetsförmåga.",
    "supporting_documents": "Ange minst ett underlag.",
}


def missing_finding(question: Question, value: Any) -> Finding:
    return Finding("MANDATORY", _MISSING_MESSAGES.get(question.type, "Ange ett svar."), kind=MISSING)


def _ref_date(ref: str, env: Env) -> tuple[date | None, str]:
    """The date a date rule compares with, or None when it is hidden, empty or invalid."""
    question_id, _, option = ref.partition(":")
    question = env.cert_type.question(question_id)
    value = env.content.get(question_id) if env.visible(question_id) else None
    if option:
        value = value.get(option) if isinstance(value, dict) else None
        name = question.option(option).label
    else:
        name = question.name
    return parse_date(value), name


def _date_findings(question: Question, day: date, env: Env, field: str | None = None) -> list[Finding]:
    rules, today = question.dates, env.context.today
    birth = env.context.patient_birth_date
    findings = []
    if rules.not_future and day > today:
        findings.append(Finding("DATE_IN_FUTURE", "Ange ett giltigt datum. Framtida datum får inte anges.", field))
    if rules.not_before_birth and birth and day < birth:
        findings.append(Finding("DATE_BEFORE_BIRTH", "Datumet får inte vara före patientens födelsedatum.", field))
    for ref in rules.on_or_before:
        other, name = _ref_date(ref, env)
        if other and day > other:
            findings.append(Finding("DATE_AFTER_REFERENCE",
                                    f'Ange ett datum, tidigare än eller samma som för "{name}".', field))
    for ref in rules.on_or_after:
        other, name = _ref_date(ref, env)
        if other and day < other:
            findings.append(Finding("DATE_BEFORE_REFERENCE",
                                    f'Ange ett datum, samma som eller senare än "{name}".', field))
    if rules.within_days_before:
        other, name = _ref_date(rules.within_days_before[0], env)
        days = rules.within_days_before[1]
        if other and day < other - timedelta(days=days):
            findings.append(Finding("DATE_TOO_EARLY",
                                    f'Datumet får inte vara mer än {days} dagar före "{name}".', field))
    return findings


def _check_date(question: Question, value: str, env: Env) -> list[Finding]:
    return _date_findings(question, parse_date(value), env)


def _check_approximate(question: Question, value: str, env: Env) -> list[Finding]:
    year, month = (int(part) for part in value.split("-"))
    today, birth = env.context.today, env.context.patient_birth_date
    if question.dates.not_future and (year, month) > (today.year, today.month):
        return [Finding("DATE_IN_FUTURE", "Ange ett giltigt datum. Framtida datum får inte anges.")]
    if question.dates.not_before_birth and birth and month and (year, month) < (birth.year, birth.month):
        return [Finding("DATE_BEFORE_BIRTH", "Datumet får inte vara före patientens födelsedatum.")]
    return []


def _check_year(question: Question, value: int, env: Env) -> list[Finding]:
    birth = env.context.patient_birth_date
    if question.dates.not_future and value > env.context.today.year:
        return [Finding("YEAR_IN_FUTURE", "Årtalet får inte vara i framtiden.")]
    if question.dates.not_before_birth and birth and value < birth.year:
        return [Finding("YEAR_BEFORE_BIRTH", "Årtalet får inte vara före patientens födelseår.")]
    return []


def _check_range(question: Question, value: float, env: Env) -> list[Finding]:
    if (question.min is not None and value < question.min) or (question.max is not None and value > question.max):
        low, high = (str(x).replace(".", ",") for x in (question.min, question.max))
        return [Finding("OUT_OF_RANGE", f"Ange ett värde mellan {low} och {high}.")]
    return []


def _check_text(question: Question, value: str, env: Env) -> list[Finding]:
    if question.pattern and not re.fullmatch(question.pattern, value.strip()):
        return [Finding("PATTERN", question.pattern_message or "Svaret har fel format.")]
    return []


def _check_choices(question: Question, value: list[str], env: Env) -> list[Finding]:
    findings = []
    if len(set(value)) != len(value):
        findings.append(Finding("DUPLICATE_OPTION", "Samma alternativ får bara väljas en gång."))
    for code in set(value):
        option = question.option(code)
        if option.exclusive and len(set(value)) > 1:
            findings.append(Finding("EXCLUSIVE_OPTION",
                                    f'"{option.label}" kan inte kombineras med andra alternativ.',
                                    f"{question.id}.{code}"))
    return findings


def _check_dated_choices(question: Question, value: dict, env: Env) -> list[Finding]:
    findings = []
    for code in [o.code for o in question.options if o.code in value]:
        field = f"{question.id}.{code}"
        day = parse_date(value[code])
        if day is None:
            findings.append(Finding("DATE_MISSING", "Ange ett datum.", field, MISSING))
        else:
            findings += _date_findings(question, day, env, field)
    return findings


def _period_findings(question: Question, period: dict, env: Env, field: str) -> list[Finding]:
    start, end = parse_date(period.get("from")), parse_date(period.get("to"))
    findings = [Finding("DATE_MISSING", "Ange ett datum.", f"{field}.{k}", MISSING)
                for k, d in (("from", start), ("to", end)) if d is None]
    if start and end and start > end:
        findings.append(Finding("PERIOD_ORDER", "Slutdatumet får inte vara före startdatumet.", f"{field}.to"))
    for key, day in (("from", start), ("to", end)):
        if day:
            findings += _date_findings(question, day, env, f"{field}.{key}")
    return findings


def _check_periods(question: Question, value: dict, env: Env) -> list[Finding]:
    """FK7804 32: a period per grade (R22 by construction), complete, in order, no overlap (R17)."""
    findings, spans = [], []
    for option in question.options:
        period = value.get(option.code)
        if not isinstance(period, dict) or not any(period.values()):
            continue
        field = f"{question.id}.{option.code}"
        found = _period_findings(question, period, env, field)
        findings += found
        start, end = parse_date(period.get("from")), parse_date(period.get("to"))
        if start and end and start <= end:
            spans.append((start, end, field))
    spans.sort()
    for (_, earlier_end, _), (later_start, _, later_field) in zip(spans, spans[1:]):
        if later_start <= earlier_end:
            findings.append(Finding("PERIOD_OVERLAP", "Perioderna får inte överlappa varandra.",
                                    f"{later_field}.from"))
    return findings


def _check_date_range(question: Question, value: dict, env: Env) -> list[Finding]:
    return _period_findings(question, value, env, question.id)


def _first_row_first(question: Question, rows: list[dict]) -> list[Finding]:
    if rows and not _row_started(rows[0]) and any(_row_started(r) for r in rows[1:]):
        return [Finding("FIRST_ROW_EMPTY", "Fyll i den första raden innan du fyller i nästa.",
                        f"{question.id}[1]", MISSING)]
    return []


class _EveryCodeExists:
    """Existence is the format pass's check (a save refuses an unknown code); the signing
    pass asks the diagnosis rules for everything else."""

    def exists(self, system, code) -> bool:
        return True


# Checked by the format pass already (check_format), so not reported twice.
_FORMAT_PASS_RULES = {diagnoses.DIAGNOSIS_CODE_UNKNOWN, diagnoses.DIAGNOSIS_DESCRIPTION_TOO_LONG,
                      diagnoses.DIAGNOSIS_TOO_MANY_ROWS, diagnoses.DIAGNOSIS_CODE_SYSTEM_UNKNOWN}
_MISSING_RULES = {diagnoses.DIAGNOSIS_CODE_MISSING, diagnoses.DIAGNOSIS_DESCRIPTION_MISSING,
                  diagnoses.DIAGNOSIS_FIRST_ROW_EMPTY}


def _check_diagnoses(question: Question, rows: list[dict], env: Env) -> list[Finding]:
    """The diagnosis rules shared by the FK and AG types live in one place (domain.diagnoses)."""
    typed = [diagnoses.DiagnosisRow(code=row.get("code"), description=row.get("description"),
                                    code_system=row.get("code_system") or question.code_systems[0])
             for row in rows]
    findings = []
    for problem in diagnoses.validate_diagnoses(typed, _EveryCodeExists()):
        if problem.rule in _FORMAT_PASS_RULES:
            continue
        field = question.id if problem.row is None else f"{question.id}[{problem.row + 1}]"
        if problem.part and problem.rule != diagnoses.DIAGNOSIS_FIRST_ROW_EMPTY:
            field += f".{problem.part}"
        findings.append(Finding(problem.rule, problem.message, field,
                                MISSING if problem.rule in _MISSING_RULES else INVALID))
    return findings


def _check_documents(question: Question, rows: list[dict], env: Env) -> list[Finding]:
    """FK7800-7802 question 4: row 1 first, every started row complete, dates not future."""
    findings = _first_row_first(question, rows)
    for index, row in enumerate(rows, start=1):
        if not _row_started(row):
            continue
        field = f"{question.id}[{index}]"
        for key, message in (("type", "Välj typ av underlag."), ("date", "Ange ett datum."),
                             ("source", "Ange varifrån underlaget kan hämtas.")):
            if not (row.get(key) or "").strip():
                findings.append(Finding("ROW_INCOMPLETE", message, f"{field}.{key}", MISSING))
        day = parse_date(row.get("date"))
        if day:
            findings += _date_findings(question, day, env, f"{field}.date")
    return findings


def _check_causes(question: Question, rows: list[dict], env: Env) -> list[Finding]:
    """DOI 8-10: a description per row; onset dates within the death date, and a cause
    cannot start after the one it led to (R21)."""
    findings = []
    previous = _last_onset(env, question.dates.follows)
    for index, row in enumerate(rows, start=1):
        if not _row_started(row):
            continue
        field = f"{question.id}[{index}]"
        if not (row.get("description") or "").strip():
            findings.append(Finding("ROW_INCOMPLETE", "Ange beskrivning.", f"{field}.description", MISSING))
        day = parse_date(row.get("onset"))
        if day:
            findings += _date_findings(question, day, env, f"{field}.onset")
            if question.dates.follows and previous and day > previous:
                findings.append(Finding("CAUSE_ONSET_ORDER", "Datumet får inte vara senare än "
                                        "datumet för dödsorsaken ovanför.", f"{field}.onset"))
            if question.dates.follows:
                previous = day
    return findings


def _last_onset(env: Env, question_id: str | None) -> date | None:
    if not question_id or not env.visible(question_id):
        return None
    days = [parse_date(r.get("onset")) for r in env.content.get(question_id) or [] if isinstance(r, dict)]
    days = [d for d in days if d]
    return days[-1] if days else None


def _no_rules(question: Question, value: Any, env: Env) -> list[Finding]:
    return []


RULE_CHECKS: dict[str, Callable[[Question, Any, Env], list[Finding]]] = {
    "boolean": _no_rules, "yes_no": _no_rules, "single_choice": _no_rules, "info": _no_rules,
    "text": _check_text, "textarea": _check_text,
    "date": _check_date, "approximate_date": _check_approximate, "year": _check_year,
    "integer": _check_range, "decimal": _check_range,
    "multiple_choice": _check_choices, "dated_choices": _check_dated_choices,
    "sick_leave_periods": _check_periods, "date_range": _check_date_range,
    "diagnoses": _check_diagnoses, "supporting_documents": _check_documents,
    "causes_of_death": _check_causes,
}
