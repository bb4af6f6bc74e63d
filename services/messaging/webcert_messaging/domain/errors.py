"""The messaging service's refusals: a stable reason, a Swedish message, an HTTP status. The rules
answer with a ``Decision`` (so that the view offers exactly what the service accepts); when a
refused decision is acted on anyway it becomes a ``MessagingRefusal`` with the status below.
The HTTP layer renders ``{"error": {"reason", "message", ...extra}}``."""
from __future__ import annotations

from typing import Any

from webcert_common.decision import Decision
from webcert_common.errors import DomainError

# reason -> HTTP status. 400: the operation does not exist for this kind of question; 403: not for
# this user; 409: not in the question's or certificate's present state; 422: the input is lacking.
STATUS = {
    "QUESTION_NOT_FOUND": 404,
    "REMINDER_NOT_ANSWERABLE": 400,
    "ANSWERED_BY_FK": 400,
    "NOT_A_UNIT_QUESTION": 400,
    "COMPLEMENT_NEEDS_CERTIFICATE": 400,
    "NOT_A_COMPLEMENT_REQUEST": 400,
    "INVALID_REMINDER": 400,
    "INVALID_COMPLEMENT_REFERENCES": 400,
    "SUBJECT_NOT_FOR_UNIT": 422,
    "UNKNOWN_SUBJECT": 422,
    "TEXT_REQUIRED": 422,
    "TEXT_TOO_LONG": 422,
    "CONFIRMATION_REQUIRED": 422,
    "ALREADY_ANSWERED": 409,
    "ALREADY_HANDLED": 409,
    "QUESTION_HANDLED": 409,
    "NOT_HANDLED": 409,
    "HANDLING_IRREVERSIBLE": 409,
    "NOT_SENT_TO_FK": 409,
    "REVOKED": 409,
    "REPLACED": 409,
    "ALREADY_COMPLEMENTED": 409,
    "COMPLEMENT_DRAFT_EXISTS": 409,
    "NO_COMPLEMENT_DRAFT": 409,
    "NOT_AVAILABLE_FOR_ROLE": 403,
    "NOT_AVAILABLE_WITH_ELEG": 403,
    "CARE_PROVIDER_BLOCKED": 403,
    "UNIT_NOT_CHOSEN": 403,
    "OTHER_UNIT": 403,
    "UNKNOWN_WORKPLACE": 400,
    "PROTECTED_IDENTITY_NOT_AUTHORISED": 403,
}


class MessagingRefusal(DomainError):
    def __init__(self, reason: str, message: str, http_status: int, **extra: Any) -> None:
        super().__init__(reason, message, http_status)
        self.extra = extra


def from_decision(decision: Decision, **extra: Any) -> MessagingRefusal:
    """A refused decision acted on anyway (a stale page, a second click, another user first)."""
    reason = decision.reason or "NOT_AVAILABLE_FOR_ROLE"
    return MessagingRefusal(reason, decision.message or "Du har inte behörighet att göra detta.",
                            STATUS.get(reason, 403), **extra)


def require(decision: Decision, **extra: Any) -> None:
    if not decision.allowed:
        raise from_decision(decision, **extra)


def not_found() -> MessagingRefusal:
    return MessagingRefusal("QUESTION_NOT_FOUND", "Ärendet finns inte.", 404)


def unknown_subject(subject: str) -> MessagingRefusal:
    return MessagingRefusal("UNKNOWN_SUBJECT", f"Ämnet {subject!r} finns inte. Välj Avstämningsmöte, Kontakt "
                            "eller Övrigt.", 422)


def refused(reason: str, message: str | None, status: int = 403) -> MessagingRefusal:
    """A refusal decided elsewhere (pu-lookup's PU-2/PU-4 rule table), passed on with its reason."""
    return MessagingRefusal(reason, message or "Du har inte behörighet att göra detta.", status)


def pu_unavailable() -> MessagingRefusal:
    # PU-3, §5.8 "Otillgänglig PU-tjänst": "All hantering av intyg och ärenden är låst".
    return MessagingRefusal("PU_UNAVAILABLE", "Personuppgiftstjänsten är inte tillgänglig. Hantering av ärenden är "
                            "låst tills den fungerar igen.", 503)


def unknown_workplace() -> MessagingRefusal:
    return MessagingRefusal("UNKNOWN_WORKPLACE", "Arbetsplatsen hör inte till den vårdenhet du är inloggad på.", 400)


def session_ended(reason: str, message: str) -> MessagingRefusal:
    return MessagingRefusal(reason, message, 401)


def dependency_unavailable(name: str) -> MessagingRefusal:
    return MessagingRefusal("DEPENDENCY_UNAVAILABLE", f"{name} svarar inte just nu. Försök igen om en stund.", 503)
