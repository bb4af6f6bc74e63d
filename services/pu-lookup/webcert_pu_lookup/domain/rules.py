"""What may be done for a patient, given protection (PU-2, §5.8) and death (PU-4, §7.8).

One ordered rule table, as data, and one function that walks it. Later services ask this
(through the lookup answer's ``actions``), never re-implement it. Role privileges
(Tabell 3: who may sign, revoke, ...) are the auth service's; this table only adds what the
patient's own facts forbid.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Callable

from webcert_common.decision import ALLOWED, Decision  # noqa: F401  (part of this module's API)

from .person import Person

LAKARE = "LAKARE"
TANDLAKARE = "TANDLAKARE"
VARDADMINISTRATOR = "VARDADMINISTRATOR"
ROLES = (LAKARE, TANDLAKARE, VARDADMINISTRATOR)

DEATH_CERTIFICATE = "DB"          # Dödsbevis
CAUSE_OF_DEATH_CERTIFICATE = "DOI"  # Dödsorsaksintyg


class Action(str, Enum):
    CREATE_CERTIFICATE = "CREATE_CERTIFICATE"
    CREATE_DOI = "CREATE_DOI"
    RENEW_CERTIFICATE = "RENEW_CERTIFICATE"
    REPLACE_CERTIFICATE = "REPLACE_CERTIFICATE"
    SIGN_DRAFT = "SIGN_DRAFT"
    SEND_CERTIFICATE = "SEND_CERTIFICATE"
    REVOKE_CERTIFICATE = "REVOKE_CERTIFICATE"
    HANDLE_QUESTIONS = "HANDLE_QUESTIONS"
    # Opening the patient at all (the lookup itself); not listed in the answer's actions.
    READ_PATIENT = "READ_PATIENT"


# The actions a lookup answer reports (docs/ARCHITECTURE.md "pu-lookup HTTP API").
PATIENT_ACTIONS = tuple(a for a in Action if a is not Action.READ_PATIENT)

PROTECTED_IDENTITY_NOT_AUTHORISED = "PROTECTED_IDENTITY_NOT_AUTHORISED"
PROTECTED_IDENTITY_CERTIFICATE_TYPE = "PROTECTED_IDENTITY_CERTIFICATE_TYPE"
PATIENT_DECEASED = "PATIENT_DECEASED"
DRAFT_CREATED_AFTER_DEATH = "DRAFT_CREATED_AFTER_DEATH"

MESSAGES = {
    PROTECTED_IDENTITY_NOT_AUTHORISED: "Du har inte behörighet att hantera intyg för denna patient.",
    PROTECTED_IDENTITY_CERTIFICATE_TYPE: "Dödsbevis och Dödsorsaksintyg kan inte hanteras i Webcert för en "
                                         "patient med skyddade personuppgifter.",
    PATIENT_DECEASED: "Patienten är registrerad som avliden. Du kan hantera pågående ärenden men inte skapa, "
                      "förnya eller ersätta intyg, utom Dödsorsaksintyg.",
    DRAFT_CREATED_AFTER_DEATH: "Utkastet skapades efter att patienten avled och kan inte signeras.",
}

# §5.8: "för alla intygstyper utom Dödsbevis och Dödsorsaksintyg".
TYPES_EXCLUDED_FOR_PROTECTED = (DEATH_CERTIFICATE, CAUSE_OF_DEATH_CERTIFICATE)
# §7.8: "Du kan inte skapa ett nytt intyg, förnya ett intyg eller ersätta ett intyg" ...
ACTIONS_REFUSED_WHEN_DECEASED = frozenset({Action.CREATE_CERTIFICATE, Action.RENEW_CERTIFICATE,
                                           Action.REPLACE_CERTIFICATE})
# ... "Detta gäller för alla intygstyper utom för Dödsorsaksintyg."
TYPES_ALLOWED_WHEN_DECEASED = frozenset({CAUSE_OF_DEATH_CERTIFICATE})


@dataclass(frozen=True)
class Question:
    """What one decision is about."""

    person: Person
    role: str
    action: Action
    certificate_type: str | None
    draft_created_on: date | None

    @property
    def type_of_certificate(self) -> str | None:
        return CAUSE_OF_DEATH_CERTIFICATE if self.action is Action.CREATE_DOI else self.certificate_type


@dataclass(frozen=True)
class Rule:
    reason: str
    refuses: Callable[[Question], bool]
    cites: str


def _administrator_and_protected(q: Question) -> bool:
    # §5.8: only läkare/tandläkare handle patients with skyddade personuppgifter.
    return q.person.protected_identity and q.role not in (LAKARE, TANDLAKARE)


def _protected_and_death_type(q: Question) -> bool:
    return q.person.protected_identity and q.type_of_certificate in TYPES_EXCLUDED_FOR_PROTECTED


def _deceased_and_new_certificate(q: Question) -> bool:
    return (q.person.deceased and q.action in ACTIONS_REFUSED_WHEN_DECEASED
            and not (q.action is Action.CREATE_CERTIFICATE and q.certificate_type in TYPES_ALLOWED_WHEN_DECEASED))


def _deceased_and_draft_from_after_death(q: Question) -> bool:
    # §7.8: signing is allowed "förutsatt att det skapades när patienten levde" -- a DOI, which may
    # be created after death, excepted. Only the date of death is known: the same day counts as alive.
    return (q.person.deceased and q.action is Action.SIGN_DRAFT and q.draft_created_on is not None
            and q.draft_created_on > q.person.date_of_death
            and q.certificate_type not in TYPES_ALLOWED_WHEN_DECEASED)


# Ordered: the first rule that refuses decides. Protection before death (PU-2 hides everything).
RULES: tuple[Rule, ...] = (
    Rule(PROTECTED_IDENTITY_NOT_AUTHORISED, _administrator_and_protected, "§5.8 / PU-2"),
    Rule(PROTECTED_IDENTITY_CERTIFICATE_TYPE, _protected_and_death_type, "§5.8 / PU-2"),
    Rule(PATIENT_DECEASED, _deceased_and_new_certificate, "§7.8 / PU-4"),
    Rule(DRAFT_CREATED_AFTER_DEATH, _deceased_and_draft_from_after_death, "§7.8 / PU-4"),
)


def decide_for_patient(person: Person, role: str, action: Action | str, certificate_type: str | None = None,
                       *, draft_created_on: date | None = None) -> Decision:
    """May a user with ``role`` do ``action`` for ``person``? ``certificate_type`` narrows the
    question (e.g. CREATE_CERTIFICATE of a DOI); ``draft_created_on`` is the date a draft was
    created, for SIGN_DRAFT."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    question = Question(person, role, Action(action), certificate_type, draft_created_on)
    for rule in RULES:
        if rule.refuses(question):
            return Decision(False, rule.reason, MESSAGES[rule.reason])
    return ALLOWED


def decide_all(person: Person, role: str) -> dict[str, Decision]:
    """Every action of the lookup answer, for this user and patient."""
    return {action.value: decide_for_patient(person, role, action) for action in PATIENT_ACTIONS}


def excluded_certificate_types(person: Person) -> list[str]:
    """Certificate types that may not be handled for this patient at all (§5.8). A deceased
    patient's limits are per action instead (CREATE_CERTIFICATE refused, CREATE_DOI allowed)."""
    return list(TYPES_EXCLUDED_FOR_PROTECTED) if person.protected_identity else []
