"""A certificate type as data (CERT-1): sections, questions with field types, conditions,
limits, options, help texts, recipient and the operations that apply.

One definition drives the form, the validation (validation.py), the list of what is
missing (§6.12) and, later, the API schema and the PDF. Definitions are plain dicts here
(the adapter reads them from YAML); ``build_certificate_type`` checks them and raises
``DefinitionError`` on anything it does not understand, so a bad file stops the start.

Conditions (shown_if, hidden_if, mandatory, forbidden) are conditions.py's small expression form.

Which roles may create a type is not here: that is auth's Tabell 2.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .conditions import (  # noqa: F401  (the names the loader and validation take from here)
    ALWAYS, EMPTY, NEVER, Condition, DefinitionError, Ref, is_answered, parse_condition, parse_date,
)

# --- field types, operations, recipients ---------------------------------------------

FIELD_TYPES = frozenset({
    "boolean",               # a checkbox: true / false
    "yes_no",                # radio "Ja" / "Nej": true / false
    "text", "textarea",      # str
    "date",                  # "YYYY-MM-DD"
    "approximate_date",      # "YYYY-MM", month "00" when unknown (DB/DOI "Ej säkert")
    "year",                  # int
    "integer", "decimal",    # int / number, with min and max
    "single_choice",         # an option code
    "multiple_choice",       # a list of option codes
    "dated_choices",         # {option code: "YYYY-MM-DD"}  ("Intyget är baserat på")
    "diagnoses",             # [{code_system, code, description}]
    "sick_leave_periods",    # {grade code: {"from": date, "to": date}}
    "date_range",            # {"from": date, "to": date}
    "supporting_documents",  # [{type, date, source}]  (FK7800-7802 question 4)
    "causes_of_death",       # [{description, onset, kind}]  (DOI 8-10)
    "info",                  # shown text only, never an answer
})

TEXT_TYPES = frozenset({"text", "textarea"})
OPTION_TYPES = frozenset({"single_choice", "multiple_choice", "dated_choices",
                          "sick_leave_periods", "supporting_documents", "causes_of_death"})
DEFAULT_TEXTAREA_MAX_LENGTH = 3500   # legacy form default when the form names none

OPERATIONS = ("send", "renew", "replace", "complement", "revoke", "print")

RECIPIENTS = {
    "fk": "Försäkringskassan",
    "ts": "Transportstyrelsen",
    "skv": "Skatteverket",
    "sos": "Socialstyrelsen",
}

CODE_SYSTEMS = {"ICD_10_SE": "ICD-10-SE", "KSH_97_P": "KSH97-P"}


# --- the model --------------------------------------------------------------------------

@dataclass(frozen=True)
class Option:
    code: str
    label: str
    exclusive: bool = False   # e.g. "Inte aktuellt", "Kan inte ta ställning": alone or not at all


@dataclass(frozen=True)
class DateRules:
    """Rules on a date (or on each date of a question with dates). A reference is a question
    id ("2.2") or a question id and option ("1:UNDERSOKNING"); a reference to a hidden,
    unanswered or invalid date is skipped, so "Dödsdatum, else Anträffad död" is two refs."""
    not_future: bool = False
    not_before_birth: bool = False
    on_or_before: tuple[str, ...] = ()
    on_or_after: tuple[str, ...] = ()
    within_days_before: tuple[str, int] | None = None   # (ref, days): not earlier than ref - days
    follows: str | None = None                           # DOI: a cause cannot start after the one it led to

    def refs(self) -> list[str]:
        refs = list(self.on_or_before) + list(self.on_or_after)
        if self.within_days_before:
            refs.append(self.within_days_before[0])
        return refs


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    type: str
    help: str | None = None
    sub_label: str | None = None
    short_label: str | None = None   # for messages and the list of what is missing
    mandatory: Condition = NEVER
    shown_if: Condition = ALWAYS
    hidden_if: Condition = NEVER
    forbidden: Condition = NEVER
    max_length: int | None = None
    max_length_complement: int | None = None
    min: float | None = None
    max: float | None = None
    options: tuple[Option, ...] = ()
    max_rows: int | None = None
    code_systems: tuple[str, ...] = ()
    dates: DateRules = field(default_factory=DateRules)
    pattern: str | None = None
    pattern_message: str | None = None
    helper: bool = False   # a Webcert helper field, moved into "Övriga upplysningar" on signing

    @property
    def name(self) -> str:
        return self.short_label or self.label

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    @property
    def option_codes(self) -> frozenset[str]:
        return frozenset(o.code for o in self.options)

    def conditions(self) -> list[Condition]:
        return [self.mandatory, self.shown_if, self.hidden_if, self.forbidden]


@dataclass(frozen=True)
class OneOf:
    """A section rule: at least one of the questions must be answered (FK7800 8-14)."""
    rule: str
    question_ids: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Section:
    id: str
    label: str
    questions: tuple[Question, ...]
    help: str | None = None
    shown_if: Condition = ALWAYS
    hidden_if: Condition = NEVER
    one_of: tuple[OneOf, ...] = ()


@dataclass(frozen=True)
class CrossRule:
    """A rule between answers: when ``when`` holds, ``require`` must hold too."""
    id: str
    question_id: str
    when: Condition
    require: Condition
    message: str


@dataclass(frozen=True)
class CertificateType:
    code: str
    name: str
    version: str
    recipient: str | None
    operations: frozenset[str]
    sections: tuple[Section, ...]
    description: str | None = None
    creatable: bool = True              # FK7263: shown and printed only
    sent_on_sign: bool = False          # CERT-6: DB and DOI
    revoke_reason_required: bool = True
    rules: tuple[CrossRule, ...] = ()
    prefill_from: dict[str, tuple[str, ...]] = field(default_factory=dict)   # CERT-15, §6.13
    renew_leaves_out: tuple[str, ...] = ()   # CERT-11: the questions "Förnya" does not carry over
    # §7 scenario B: the question ("Övriga upplysningar") that takes the comment of "Kan ej komplettera"
    complement_comment_question: str | None = None

    @property
    def recipient_name(self) -> str | None:
        return RECIPIENTS.get(self.recipient) if self.recipient else None

    def allows(self, operation: str) -> bool:
        return operation in self.operations

    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question(self, question_id: str) -> Question | None:
        return self._index().get(question_id, (None, None))[1]

    def section_of(self, question_id: str) -> Section | None:
        return self._index().get(question_id, (None, None))[0]

    def _index(self) -> dict[str, tuple[Section, Question]]:
        index = self.__dict__.get("_cached_index")
        if index is None:
            index = {q.id: (s, q) for s in self.sections for q in s.questions}
            object.__setattr__(self, "_cached_index", index)
        return index


# --- consistency ----------------------------------------------------------------------

def check_certificate_type(cert_type: CertificateType) -> list[str]:
    """What is wrong with a built type: unknown field types, conditions or date rules naming
    a question that does not exist, codes a question does not offer, repeated ids."""
    errors: list[str] = []
    seen: set[str] = set()
    for section in cert_type.sections:
        for question in section.questions:
            where = f"fråga {question.id}"
            if question.id in seen:
                errors.append(f"{where} förekommer mer än en gång")
            seen.add(question.id)
            if question.type not in FIELD_TYPES:
                errors.append(f"{where} har okänd fälttyp '{question.type}'")
            if question.type in OPTION_TYPES and question.type != "causes_of_death" \
                    and not question.options:
                errors.append(f"{where} av typen {question.type} saknar svarsalternativ")
            if question.type == "diagnoses" and not set(question.code_systems) <= set(CODE_SYSTEMS):
                errors.append(f"{where} har okänt kodverk {list(question.code_systems)}")
    all_ids = seen
    for section in cert_type.sections:
        for condition in (section.shown_if, section.hidden_if):
            errors += _check_condition(cert_type, condition, f"avsnitt {section.id}", all_ids)
        for group in section.one_of:
            errors += [f"avsnitt {section.id} nämner okänd fråga {q}"
                       for q in group.question_ids if q not in all_ids]
        for question in section.questions:
            for condition in question.conditions():
                errors += _check_condition(cert_type, condition, f"fråga {question.id}", all_ids)
            for ref in question.dates.refs():
                errors += _check_date_ref(cert_type, ref, f"fråga {question.id}")
            follows = question.dates.follows
            if follows and getattr(cert_type.question(follows), "type", None) != "causes_of_death":
                errors.append(f"fråga {question.id}: 'follows' ska peka på en fråga om dödsorsak")
    errors += [f"renew_leaves_out nämner okänd fråga {q}" for q in cert_type.renew_leaves_out if q not in all_ids]
    if cert_type.renew_leaves_out and not cert_type.allows("renew"):
        errors.append("renew_leaves_out utan operationen renew")
    errors += _check_complement_comment(cert_type)
    for rule in cert_type.rules:
        if rule.question_id not in all_ids:
            errors.append(f"regel {rule.id} nämner okänd fråga {rule.question_id}")
        for condition in (rule.when, rule.require):
            errors += _check_condition(cert_type, condition, f"regel {rule.id}", all_ids)
    return errors


def _check_complement_comment(cert_type: CertificateType) -> list[str]:
    question_id = cert_type.complement_comment_question
    if question_id is None:
        return []
    question = cert_type.question(question_id)
    if question is None or question.type not in TEXT_TYPES:
        return [f"complement_comment_question nämner {question_id}, som inte är en textfråga"]
    if not cert_type.allows("complement"):
        return ["complement_comment_question utan operationen complement"]
    return []


def _check_condition(cert_type: CertificateType, condition: Condition, where: str,
                     all_ids: set[str]) -> list[str]:
    errors = [f"{where}: villkoret '{condition.source}' nämner okänd fråga {ref}"
              for ref in sorted(condition.refs()) if ref not in all_ids]
    for question_id, code in condition.codes_by_ref():
        question = cert_type.question(question_id)
        if question is not None and question.options and code not in question.option_codes:
            errors.append(f"{where}: villkoret '{condition.source}' nämner kod {code} "
                          f"som fråga {question_id} inte har")
    return errors


def _check_date_ref(cert_type: CertificateType, ref: str, where: str) -> list[str]:
    question_id, _, option = ref.partition(":")
    question = cert_type.question(question_id)
    if question is None:
        return [f"{where}: datumregeln nämner okänd fråga {question_id}"]
    if option and option not in question.option_codes:
        return [f"{where}: datumregeln nämner kod {option} som fråga {question_id} inte har"]
    if question.type != ("dated_choices" if option else "date"):
        return [f"{where}: datumregeln pekar på fråga {question_id} som inte är ett datum"]
    return []
