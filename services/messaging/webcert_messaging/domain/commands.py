"""What the messaging service is asked to do: one command per API operation or consumed event
(STYLE.md habit 3). ``session_id`` is the user's auth session, resolved by the handler."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


# --- from certificate.* events ---------------------------------------------------------------

@dataclass(frozen=True)
class RecordSigned:
    """certificate.signed: the certificate exists, on this unit."""
    certificate_id: str
    certificate_type: str
    unit_id: str
    care_unit_id: str
    care_provider_id: str
    signed_at: datetime


@dataclass(frozen=True)
class RecordDelivered:
    """certificate.delivered: a recipient took a delivery (the certificate, or its revocation)."""
    certificate_id: str
    recipient: str
    delivery: str
    received_at: datetime


@dataclass(frozen=True)
class RecordRevoked:
    """certificate.revoked (CERT-13)."""
    certificate_id: str
    certificate_type: str
    unit_id: str
    care_unit_id: str
    care_provider_id: str
    revoked_by: str
    revoked_at: datetime


# --- from the HTTP API -------------------------------------------------------------------------

@dataclass(frozen=True)
class ListQuestions:
    session_id: str
    certificate_id: str


@dataclass(frozen=True)
class AnswerQuestion:
    session_id: str
    question_id: str
    text: str


@dataclass(frozen=True)
class SetHandled:
    session_id: str
    question_id: str
    handled: bool
    confirmed: bool = False


@dataclass(frozen=True)
class ListUnhandled:
    session_id: str
