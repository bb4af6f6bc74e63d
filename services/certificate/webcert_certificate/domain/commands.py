"""What the certificate service is asked to do: one command per API operation (STYLE.md
habit 3). ``session_id`` is the user's auth session, resolved by the handler."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ListTypes:
    session_id: str


@dataclass(frozen=True)
class GetDefinition:
    session_id: str
    code: str


@dataclass(frozen=True)
class GetContentSchema:
    session_id: str
    code: str


@dataclass(frozen=True)
class SetFavourite:
    session_id: str
    code: str
    favourite: bool


@dataclass(frozen=True)
class CreateDraft:
    session_id: str
    certificate_type: str
    personnummer: str


@dataclass(frozen=True)
class ListForPatient:
    session_id: str
    personnummer: str


@dataclass(frozen=True)
class ListDrafts:
    session_id: str


@dataclass(frozen=True)
class ListSigned:
    session_id: str


@dataclass(frozen=True)
class GetCertificate:
    session_id: str
    certificate_id: str


@dataclass(frozen=True)
class StartEditing:
    session_id: str
    certificate_id: str


@dataclass(frozen=True)
class GetEditingStatus:
    session_id: str
    certificate_id: str
    edit_token: str | None


@dataclass(frozen=True)
class SaveDraft:
    session_id: str
    certificate_id: str
    version: int
    edit_token: str | None
    content: Any


@dataclass(frozen=True)
class ShowMissing:
    session_id: str
    certificate_id: str


@dataclass(frozen=True)
class SignCertificate:
    session_id: str
    certificate_id: str
    version: int


@dataclass(frozen=True)
class SetForwarded:
    session_id: str
    certificate_id: str
    forwarded: bool


@dataclass(frozen=True)
class DeleteDraft:
    session_id: str
    certificate_id: str
    version: int


@dataclass(frozen=True)
class VerifySignature:
    certificate_id: str


@dataclass(frozen=True)
class SearchDiagnoses:
    session_id: str
    code_system: str
    code: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class LockDueDrafts:
    """CERT-8: the scheduled job (no user)."""


@dataclass(frozen=True)
class CopyLockedDraft:
    session_id: str
    certificate_id: str


@dataclass(frozen=True)
class DeriveCertificate:
    """§6.13: a prefilled draft of ``certificate_type`` from a signed certificate."""
    session_id: str
    certificate_id: str
    certificate_type: str
    convey_diagnoses: bool | None = None


# --- after signing (issue 5) -----------------------------------------------------------------

@dataclass(frozen=True)
class SendCertificate:
    """CERT-9: "Skicka till Försäkringskassan/Transportstyrelsen", with the patient's consent."""
    session_id: str
    certificate_id: str
    patient_consent: bool


@dataclass(frozen=True)
class RenewCertificate:
    session_id: str
    certificate_id: str


@dataclass(frozen=True)
class ReplaceCertificate:
    session_id: str
    certificate_id: str


@dataclass(frozen=True)
class ComplementCertificate:
    """§7 "Komplettera intyg" (scenario A); with a comment, scenario B."""
    session_id: str
    certificate_id: str
    comment: str | None = None


@dataclass(frozen=True)
class RevokeCertificate:
    session_id: str
    certificate_id: str
    reason: str | None
    message: str | None


@dataclass(frozen=True)
class RecordReceipt:
    """The recipient's adapter reported that the recipient has the certificate or revocation."""
    certificate_id: str
    recipient: str
    delivery_id: str
    received_at: Any


@dataclass(frozen=True)
class RecordDeliveryFailure:
    """The recipient refused it for good (dead-lettered with ``reason``)."""
    certificate_id: str
    recipient: str
    delivery_id: str
    reason: str
    failed_at: Any


@dataclass(frozen=True)
class PrintCertificate:
    """CERT-10 "Skriv ut": the PDF of a draft, a signed certificate or a locked draft."""
    session_id: str
    certificate_id: str
