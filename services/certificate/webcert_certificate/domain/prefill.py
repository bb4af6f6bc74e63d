"""Prefill (CERT-15, §6.13 "Förifyllnad av intygsutkast"): a new draft of one type that takes what
it shares with a signed certificate of another -- AG7804 from FK7804, DOI from DB. Which
questions are taken is the target type's data (``prefill_from``); an answer the target's form
cannot hold (an option it lacks, say KONFLIKTHANTERING) stays behind rather than being forced in."""
from __future__ import annotations

from typing import Any, Mapping

from .certificate_type import CertificateType
from .validation import CodeExists, check_format

KEYED_BY_OPTION = ("dated_choices", "sick_leave_periods")
DIAGNOSES = "6"
CONVEY_DIAGNOSES = "100"   # AG7804: "Önskar patienten förmedla information om diagnos/diagnoser ..."


def _fit(target: CertificateType, question_id: str, value: Any) -> Any:
    question = target.question(question_id)
    if question.type == "multiple_choice" and isinstance(value, list):
        return [code for code in value if code in question.option_codes] or None
    if question.type in KEYED_BY_OPTION and isinstance(value, Mapping):
        return {code: v for code, v in value.items() if code in question.option_codes} or None
    return value


def prefilled_content(source_type: CertificateType, source_content: Mapping[str, Any], target: CertificateType,
                      code_exists: CodeExists | None = None) -> dict:
    content: dict[str, Any] = {}
    for question_id in target.prefill_from.get(source_type.code, ()):
        if question_id not in source_content or target.question(question_id) is None:
            continue
        value = _fit(target, question_id, source_content[question_id])
        if value is None or check_format(target, {question_id: value}, code_exists):
            continue
        content[question_id] = value
    return content


def with_diagnoses_conveyed(content: Mapping[str, Any], convey: bool) -> dict:
    """§6.13: "information om diagnos endast användas efter att man tagit ställning till Webcerts
    fråga om man önskar att förmedla diagnoser" -- the answer is the AG7804's question 100."""
    result = dict(content)
    if not convey:
        result.pop(DIAGNOSES, None)
    result[CONVEY_DIAGNOSES] = convey
    return result
