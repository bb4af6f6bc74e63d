"""Value objects of signing (issue 4: "signing with a real digital signature"): who signs, the
detached signature stored with a signed certificate, and the answer of a verification.

Plain data (PEM text, base64 text, ISO times) so that a repository can store them as they are
and the API can show them; the cryptography lives in ``adapters/signing.py``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# ECDSA over P-256 with SHA-256 (JOSE name ES256), signature DER-encoded (RFC 3279).
ECDSA_P256_SHA256 = "ECDSA-P256-SHA256"

# A personnummer or samordningsnummer, with or without century and separator.
_PERSONNUMMER_LIKE = re.compile(r"^\s*(\d{2})?\d{6}[-+]?\d{4}\s*$")


class SigningRefused(Exception):
    """Signing cannot be done; ``reason`` is stable, ``message`` is the Swedish text for the user.
    The service maps it to a 4xx (AUTH-8 style refusal), never a 500."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class SignerIdentity:
    """The subject of a signer certificate: the doctor's or dentist's name and an identifier that
    is an HSA id (SITHS-kort) or an opaque e-legitimation account id. ARCHITECTURE "Events": no
    personnummer outside PDL entries, so a certificate that anyone may read must not carry one."""

    subject_id: str
    name: str

    def __post_init__(self) -> None:
        if not self.subject_id or not self.subject_id.strip():
            raise ValueError("subject_id must not be empty")
        if not self.name or not self.name.strip():
            raise ValueError("name must not be empty")
        if _PERSONNUMMER_LIKE.match(self.subject_id):
            raise ValueError("subject_id looks like a personnummer; use the HSA id or the account id")


@dataclass(frozen=True)
class DetachedSignature:
    """A signature kept beside the certificate it covers (the certificate's content is not inside
    it). ``signed_at`` is part of the signed bytes, in whole UTC seconds."""

    algorithm: str
    signature: str                  # base64 (standard alphabet, padded)
    signer_certificate_pem: str
    signed_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "algorithm": self.algorithm,
            "signature": self.signature,
            "signer_certificate": self.signer_certificate_pem,
            "signed_at": self.signed_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "DetachedSignature":
        return cls(
            algorithm=data["algorithm"],
            signature=data["signature"],
            signer_certificate_pem=data["signer_certificate"],
            signed_at=datetime.fromisoformat(data["signed_at"]),
        )


# Reason codes of a failed verification, with the Swedish text shown by "verify" in the API.
VERIFICATION_MESSAGES = {
    "MALFORMED_SIGNATURE": "Signaturen kan inte läsas.",
    "UNSUPPORTED_ALGORITHM": "Signaturen använder en algoritm som inte stöds.",
    "UNTRUSTED_SIGNER": "Underskriftens certifikat är inte utfärdat av en betrodd utfärdare.",
    "NOT_A_SIGNING_CERTIFICATE": "Underskriftens certifikat får inte användas för underskrift.",
    "SIGNER_CERTIFICATE_NOT_YET_VALID": "Underskriftens certifikat var inte giltigt ännu när intyget signerades.",
    "SIGNER_CERTIFICATE_EXPIRED": "Underskriftens certifikat hade gått ut när intyget signerades.",
    "SIGNER_NOT_ISSUER": "Intyget är inte signerat av den som står som utfärdare.",
    "SIGNATURE_MISMATCH": "Signaturen stämmer inte med intygets innehåll. Intyget kan ha ändrats efter signering.",
}

VALID_MESSAGE = "Signaturen är giltig."

# Reason codes of a refused signing (the user is told why and nothing is stored).
SIGNING_MESSAGES = {
    "SIGNER_NOT_ISSUER": "Du kan bara signera intyg där du står som utfärdare.",
    "SIGNER_CERTIFICATE_NOT_YET_VALID": "Ditt certifikat för underskrift är inte giltigt ännu.",
    "SIGNER_CERTIFICATE_EXPIRED": "Ditt certifikat för underskrift har gått ut.",
    "SIGNER_KEY_UNUSABLE": "Din nyckel för underskrift kan inte användas.",
}


def signing_refused(reason: str) -> SigningRefused:
    return SigningRefused(reason, SIGNING_MESSAGES[reason])


@dataclass(frozen=True)
class VerificationResult:
    valid: bool
    reason: str | None = None
    message: str = VALID_MESSAGE

    @classmethod
    def ok(cls) -> "VerificationResult":
        return cls(True, None, VALID_MESSAGE)

    @classmethod
    def failed(cls, reason: str) -> "VerificationResult":
        return cls(False, reason, VERIFICATION_MESSAGES[reason])

    def to_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "reason": self.reason, "message": self.message}
