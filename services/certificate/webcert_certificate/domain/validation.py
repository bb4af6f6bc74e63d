"""Validation of a draft's content against its certificate type (§6.12, CERT-5).

Content is a dict from question id to answer (shapes in certificate_type.FIELD_TYPES).
Two levels:

* ``check_format`` — what a save must refuse (the issue's "bad input"): unknown fields,
  wrong shapes, a date that is not a date, an unknown option, text over the maximum, a
  diagnosis code that does not exist. A draft may otherwise be incomplete.
* ``validate`` — everything "Signera intyget" needs: the above plus mandatory answers,
  forbidden answers, dates, ranges, dependent questions. Hidden questions (a condition of
  the form hides them) are neither validated nor required.

Every problem carries a rule id, the section id, the question id, a Swedish message and,
where a question has parts (a diagnosis row, a period), the part as ``field``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from webcert_certificate.domain.certificate_type import TEXT_TYPES, CertificateType, Question, Section, is_answered
from webcert_certificate.domain.field_rules import (  # noqa: F401  (ValidationContext, the kinds: this API's)
    INVALID, MISSING, RULE_CHECKS, SHAPE_CHECKS, CodeExists, Env, Finding, ValidationContext, format_limits,
    has_content, missing_finding,
)


@dataclass(frozen=True)
class Problem:
    rule: str
    section_id: str
    question_id: str
    message: str
    kind: str = INVALID          # "missing" (§6.12 list) or "invalid"
    field: str | None = None     # the part of the answer, e.g. "6[2].code", "32.HALFTEN.to"


@dataclass(frozen=True)
class SectionProblems:
    """One line of the §6.12 list: a section that lacks information, and its problems."""
    section_id: str
    label: str
    problems: tuple[Problem, ...]


def is_section_visible(section: Section, content: Mapping[str, Any], today: date) -> bool:
    return section.shown_if.evaluate(content, today) and not section.hidden_if.evaluate(content, today)


def is_visible(cert_type: CertificateType, question_id: str, content: Mapping[str, Any],
               today: date) -> bool:
    section, question = cert_type.section_of(question_id), cert_type.question(question_id)
    if section is None or question is None:
        return False
    return (is_section_visible(section, content, today)
            and question.shown_if.evaluate(content, today)
            and not question.hidden_if.evaluate(content, today))


def strip_hidden(cert_type: CertificateType, content: Mapping[str, Any], today: date) -> dict:
    """The content without answers to hidden questions: what signing should keep."""
    return {k: v for k, v in content.items() if is_visible(cert_type, k, content, today)}


def check_format(cert_type: CertificateType, content: Any,
                 code_exists: CodeExists | None = None, complement: bool = False) -> list[Problem]:
    """The problems a save must refuse, for every answer whether shown or not."""
    if not isinstance(content, Mapping):
        return [Problem("WRONG_TYPE", "", "", "Intygets innehåll har fel form.")]
    problems: list[Problem] = []
    for key, value in content.items():
        question = cert_type.question(str(key))
        if question is None or question.type == "info":
            problems.append(Problem("UNKNOWN_FIELD", "", str(key), f"Fältet {key} finns inte i intyget."))
            continue
        problems += _format_problems(cert_type, question, value, code_exists, complement)
    return problems


def validate(cert_type: CertificateType, content: Mapping[str, Any],
             context: ValidationContext) -> list[Problem]:
    """Every problem that stops signing, in the order of the form."""
    if not isinstance(content, Mapping):
        return check_format(cert_type, content)
    problems = [p for p in check_format(cert_type, content, context.code_exists, context.complement)
                if p.rule == "UNKNOWN_FIELD"]
    for section in cert_type.sections:
        if not is_section_visible(section, content, context.today):
            continue
        for question in section.questions:
            if is_visible(cert_type, question.id, content, context.today):
                problems += _question_problems(cert_type, section, question, content, context)
        problems += _one_of_problems(section, content)
    problems += _cross_rule_problems(cert_type, content, context)
    return problems


def missing_by_section(cert_type: CertificateType, content: Mapping[str, Any],
                       context: ValidationContext, include_invalid: bool = False) -> list[SectionProblems]:
    """§6.12 "Signera intyget" / "Visa vad som saknas": the sections that lack mandatory
    information, in form order, each with what is missing per field."""
    problems = validate(cert_type, content, context)
    if not include_invalid:
        problems = [p for p in problems if p.kind == MISSING]
    return by_section(cert_type, problems)


def by_section(cert_type: CertificateType, problems: list[Problem]) -> list[SectionProblems]:
    result = []
    for section in cert_type.sections:
        mine = tuple(p for p in problems if p.section_id == section.id)
        if mine:
            result.append(SectionProblems(section.id, section.label, mine))
    return result


# --- one question ------------------------------------------------------------------------

def _format_problems(cert_type: CertificateType, question: Question, value: Any,
                     code_exists: CodeExists | None, complement: bool) -> list[Problem]:
    if value is None:
        return []   # a cleared answer
    section = cert_type.section_of(question.id)
    findings = SHAPE_CHECKS[question.type](question, value)
    if not findings:
        findings = list(format_limits(question, value, code_exists, complement))
    return [_problem(section, question, f) for f in findings]


def _question_problems(cert_type: CertificateType, section: Section, question: Question,
                       content: Mapping[str, Any], context: ValidationContext) -> list[Problem]:
    value = content.get(question.id)
    format_problems = _format_problems(cert_type, question, value, context.code_exists,
                                       context.complement)
    if format_problems:
        return format_problems
    mandatory = question.mandatory.evaluate(content, context.today)
    if not has_content(question, value):
        if mandatory:
            return [_problem(section, question, missing_finding(question, value))]
        if isinstance(value, str) and value and question.type in TEXT_TYPES:
            return [_problem(section, question, Finding(
                "WHITESPACE_ONLY", "Fältet får inte innehålla enbart blanksteg."))]
        return []
    if question.forbidden.evaluate(content, context.today):
        return [_problem(section, question, Finding(
            "FORBIDDEN", "Frågan ska inte besvaras med de svar som har angetts i intyget."))]
    env = Env(cert_type, content, context, lambda qid: is_visible(cert_type, qid, content,
                                                                         context.today))
    return [_problem(section, question, f) for f in RULE_CHECKS[question.type](question, value, env)]


def _one_of_problems(section: Section, content: Mapping[str, Any]) -> list[Problem]:
    problems = []
    for group in section.one_of:
        if not any(is_answered(content.get(q)) for q in group.question_ids):
            problems.append(Problem(group.rule, section.id, group.question_ids[0], group.message, MISSING))
    return problems


def _cross_rule_problems(cert_type: CertificateType, content: Mapping[str, Any],
                         context: ValidationContext) -> list[Problem]:
    problems = []
    for rule in cert_type.rules:
        if not is_visible(cert_type, rule.question_id, content, context.today):
            continue
        if rule.when.evaluate(content, context.today) and not rule.require.evaluate(content, context.today):
            section = cert_type.section_of(rule.question_id)
            problems.append(Problem(rule.id, section.id, rule.question_id, rule.message))
    return problems


def _problem(section: Section | None, question: Question, finding: Finding) -> Problem:
    return Problem(finding.rule, section.id if section else "", question.id, finding.message,
                   finding.kind, finding.field)
