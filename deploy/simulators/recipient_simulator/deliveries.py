"""What a recipient accepts: a signed certificate or a revocation, each under a ``delivery_id``
(docs/ARCHITECTURE.md, "Recipient simulators"). The fields the operator page shows and the
idempotency key are checked, each with a Swedish message; the rest is kept as sent. Plain Python."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

CERTIFICATE, REVOCATION = "certificate", "revocation"
KINDS = (CERTIFICATE, REVOCATION)
MAX_ID = 100
MAX_TEXT = 4000
# § "Makulera intyg eller låst utkast": the reasons the user chooses between.
REASON_LABELS = {
    "FEL_PATIENT": "Intyget har utfärdats på fel patient",
    "ANNAT_ALLVARLIGT_FEL": "Annat allvarligt fel",
}
# Personnummer or samordningsnummer with the century, with or without the dash.
_PERSONNUMMER = re.compile(r"^\d{8}-?\d{4}$")


class DeliveryError(ValueError):
    """A body the recipient refuses as malformed, with a Swedish message naming the problem."""


@dataclass(frozen=True)
class Delivery:
    kind: str                 # certificate | revocation
    delivery_id: str          # the idempotency key: one delivery is stored once
    body: dict                # as sent, kept for GET /api/received


@dataclass(frozen=True)
class Received:
    """A stored delivery, its receipt, and how many times it was delivered."""
    kind: str
    delivery_id: str
    receipt_id: str
    received_at: str          # UTC, ISO 8601: the first delivery
    last_attempt_at: str
    attempts: int
    body: dict = field(default_factory=dict)

    def receipt(self) -> dict:
        return {"receipt_id": self.receipt_id, "received_at": self.received_at}

    def to_json(self) -> dict:
        return {**self.body, **self.receipt(), "last_attempt_at": self.last_attempt_at, "attempts": self.attempts}

    # -- for the operator page -------------------------------------------------------------
    @property
    def certificate(self) -> dict:
        return self.body.get("certificate") or {}

    @property
    def certificate_id(self) -> str:
        return self.certificate.get("id") if self.kind == CERTIFICATE else self.body.get("certificate_id")

    @property
    def personnummer(self) -> str:
        return (self.certificate.get("patient") or {}).get("personnummer", "")

    @property
    def display_personnummer(self) -> str:
        number = self.personnummer
        return f"{number[:8]}-{number[8:]}" if len(number) == 12 and number.isdigit() else number

    @property
    def reason_label(self) -> str:
        reason = self.body.get("reason") or ""
        return self.body.get("reason_label") or REASON_LABELS.get(reason, reason)


def parse_delivery(kind: str, body: object) -> Delivery:
    if not isinstance(body, dict):
        raise DeliveryError("Begäran ska vara ett JSON-objekt.")
    delivery_id = _text(body, "delivery_id", "", limit=MAX_ID)
    if kind == CERTIFICATE:
        _check_certificate(body.get("certificate"))
    else:
        _check_revocation(body)
    return Delivery(kind, delivery_id, body)


def _check_certificate(certificate: object) -> None:
    if not isinstance(certificate, dict):
        raise DeliveryError("Fältet certificate saknas eller är inte ett JSON-objekt.")
    _text(certificate, "id", "certificate.", limit=MAX_ID)
    _text(certificate, "certificate_type", "certificate.", limit=MAX_ID)
    for name in ("type_version", "signed_at"):
        _text(certificate, name, "certificate.", required=False, limit=MAX_ID)
    patient = certificate.get("patient")
    if not isinstance(patient, dict):
        raise DeliveryError("Fältet certificate.patient saknas eller är inte ett JSON-objekt.")
    if not _PERSONNUMMER.match(_text(patient, "personnummer", "certificate.patient.", limit=20)):
        raise DeliveryError("Fältet certificate.patient.personnummer ska ha 12 siffror (ÅÅÅÅMMDD-NNNN).")
    if "content" in certificate and not isinstance(certificate["content"], dict):
        raise DeliveryError("Fältet certificate.content ska vara ett JSON-objekt.")


def _check_revocation(body: dict) -> None:
    _text(body, "certificate_id", "", limit=MAX_ID)
    for name in ("reason", "reason_label", "revoked_at"):
        _text(body, name, "", required=False, limit=MAX_ID)
    _text(body, "message", "", required=False, limit=MAX_TEXT)


def _text(item: dict, name: str, where: str, *, required: bool = True, limit: int) -> str | None:
    value = item.get(name)
    if value is None:
        if required:
            raise DeliveryError(f"Fältet {where}{name} saknas.")
        return None
    if not isinstance(value, str):
        raise DeliveryError(f"Fältet {where}{name} ska vara en text.")
    if required and not value.strip():
        raise DeliveryError(f"Fältet {where}{name} får inte vara tomt.")
    if len(value) > limit:
        raise DeliveryError(f"Fältet {where}{name} får vara högst {limit} tecken.")
    return value
