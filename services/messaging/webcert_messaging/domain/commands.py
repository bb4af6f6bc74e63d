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
    # v2 (issue 7); None from a v1 event
    signed_by: str | None = None
    patient_id: str | None = None
    relation_kind: str | None = None     # COMPLEMENT, RENEW, REPLACE concern the parent here
    parent_id: str | None = None


@dataclass(frozen=True)
class RecordDraftCreated:
    """certificate.draft_created: a complement draft is "Öppna utkastet" on its parent (§7)."""
    certificate_id: str
    relation_kind: str | None
    parent_id: str | None
    created_at: datetime


@dataclass(frozen=True)
class RecordDraftDeleted:
    """certificate.draft_deleted: a complement draft may be made again (§7)."""
    certificate_id: str
    relation_kind: str | None
    parent_id: str | None
    deleted_at: datetime


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
    """§4.2 "Ej hanterade ärenden"; the filter (QA-4) and the workplace chosen (None: all of it)."""
    session_id: str
    workplace: str | None = None
    subject: str | None = None
    sender: str | None = None
    forwarded: bool | None = None
    signed_by: str | None = None


@dataclass(frozen=True)
class CountUnhandled:
    """AUTH-6: the counts of the header and beside the tab."""
    session_id: str


@dataclass(frozen=True)
class AskQuestion:
    session_id: str
    certificate_id: str
    subject: str
    text: str


@dataclass(frozen=True)
class SaveQuestionDraft:
    session_id: str
    certificate_id: str
    subject: str | None
    text: str
    subject_given: bool = True       # False: keep the subject chosen before


@dataclass(frozen=True)
class SaveAnswerDraft:
    session_id: str
    question_id: str
    text: str


@dataclass(frozen=True)
class CannotComplement:
    """Scenario C: "Ingen på vårdenheten kan ansvara för det medicinska innehållet i intyget"."""
    session_id: str
    question_id: str
    text: str


@dataclass(frozen=True)
class SetForwarded:
    session_id: str
    question_id: str
    forwarded: bool
