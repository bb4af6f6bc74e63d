"""A draft and the certificate it becomes (§5.1): plain Python, no framework.

A draft is saved as the user types, may be incomplete and is edited by anyone on its unit; the
one who opened it last has priority (§5.2 "Samtidig redigering"), and every save names the
version it was made on, so that no one overwrites another's text without knowing. Signing
freezes it: a signed certificate is never changed or deleted (§5.1, CERT-5).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

from . import errors

DRAFT = "DRAFT"
LOCKED = "LOCKED"      # §5.1: a draft not signed within fourteen days (CERT-8)
SIGNED = "SIGNED"
SENT = "SENT"          # §5.5: "När ett intyg har skickats till mottagaren ändras statusen till Skickat"
REVOKED = "REVOKED"    # §5.10 "Makulera": kept, unusable, never deleted

STATUS_LABELS = {DRAFT: "Utkast", LOCKED: "Låst utkast", SIGNED: "Signerat", SENT: "Skickat", REVOKED: "Makulerat"}
UNSIGNED = (DRAFT, LOCKED)   # "Ej signerade utkast" lists both (§5.9 "Sök fram det låsta utkastet")
SIGNED_STATUSES = (SIGNED, SENT)

# A delivery to a recipient: handed to its adapter (pending), received, or refused for good.
PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"

# How a certificate came from another (relations, both directions).
REPLACE = "REPLACE"    # §5.8 "Ersätt"
RENEW = "RENEW"        # §5.8 "Förnya"
COPY = "COPY"          # §5.9 "Kopiera låst utkast"
DERIVE = "DERIVE"      # §6.13 AG7804 from FK7804, DOI from DB
COMPLEMENT = "COMPLEMENT"  # §7 "Svara på kompletteringsbegäran": a new certificate answers FK's request
LOCK_AFTER_DAYS = 14


def lock_cutoff(now: datetime, zone: tzinfo) -> datetime:
    """§5.1: "Ett intygsutkast som inte signerats inom fjorton dagar från den dagen det skapades
    låses automatiskt." A draft created on day D is locked from the start of day D + 14 (Swedish
    calendar): every draft created before the returned instant is due."""
    first_day_kept = now.astimezone(zone).date() - timedelta(days=LOCK_AFTER_DAYS - 1)
    return datetime.combine(first_day_kept, time(0), tzinfo=zone)


@dataclass(frozen=True)
class Editor:
    """Who has priority on a draft, and the token of the editing session that holds it."""
    user_id: str
    name: str
    token: str
    since: datetime


@dataclass
class Delivery:
    """One sending to a recipient (CERT-9, CERT-6) or one revocation notice (CERT-13). The
    ``delivery_id`` is the idempotency key the recipient stores it under."""
    recipient: str
    delivery_id: str
    requested_at: datetime
    by: dict | None = None           # {id, name}: who sent it (on signing, CERT-6: the signer)
    state: str = PENDING
    delivered_at: datetime | None = None
    reason: str | None = None        # why it failed

    def as_dict(self) -> dict:
        return {"recipient": self.recipient, "delivery_id": self.delivery_id, "state": self.state,
                "requested_at": self.requested_at.isoformat(), "by": self.by, "reason": self.reason,
                "delivered_at": self.delivered_at.isoformat() if self.delivered_at else None}

    @classmethod
    def from_dict(cls, data: dict | None) -> "Delivery | None":
        if not data:
            return None
        return cls(recipient=data["recipient"], delivery_id=data["delivery_id"], state=data["state"],
                   requested_at=datetime.fromisoformat(data["requested_at"]), by=data.get("by"),
                   reason=data.get("reason"),
                   delivered_at=datetime.fromisoformat(data["delivered_at"]) if data.get("delivered_at") else None)

    def received(self, at: datetime) -> bool:
        if self.state == DELIVERED:
            return False
        self.state, self.delivered_at, self.reason = DELIVERED, at, None
        return True

    def failed(self, reason: str) -> bool:
        if self.state != PENDING:     # a receipt already won, or the failure was recorded
            return False
        self.state, self.reason = FAILED, reason
        return True


@dataclass
class Revocation:
    """§5.10: who revoked, when and why; and the notice to the recipient, when one is told."""
    revoked_at: datetime
    by: dict
    reason: str
    message: str | None
    previous_status: str
    notice: Delivery | None = None

    def as_dict(self) -> dict:
        return {"revoked_at": self.revoked_at.isoformat(), "by": self.by, "reason": self.reason,
                "message": self.message, "previous_status": self.previous_status,
                "notice": self.notice.as_dict() if self.notice else None}

    @classmethod
    def from_dict(cls, data: dict | None) -> "Revocation | None":
        if not data:
            return None
        return cls(revoked_at=datetime.fromisoformat(data["revoked_at"]), by=data["by"], reason=data["reason"],
                   message=data.get("message"), previous_status=data["previous_status"],
                   notice=Delivery.from_dict(data.get("notice")))


@dataclass(frozen=True)
class Related:
    """Another certificate of the same family, as this one's relations show it."""
    kind: str
    id: str
    certificate_type: str
    status: str
    created_at: datetime
    signed_at: datetime | None = None

    @property
    def is_signed(self) -> bool:
        return self.status in SIGNED_STATUSES


@dataclass
class Certificate:
    id: str
    certificate_type: str
    type_version: str
    patient: dict            # snapshot from PU: personnummer, name, address, protected_identity, deceased
    unit: dict               # Requester.unit_snapshot()
    created_by: dict         # {id, name, role}
    created_at: datetime
    content: dict = field(default_factory=dict)
    status: str = DRAFT
    version: int = 1
    updated_at: datetime | None = None
    saved_by: dict | None = None
    forwarded: bool = False
    editor: Editor | None = None
    issuer: dict | None = None        # the signer, at signing (§5.11)
    signed_at: datetime | None = None
    signature: dict | None = None     # DetachedSignature.to_dict()
    sent_to: str | None = None
    sent_at: datetime | None = None
    copied_from: str | None = None    # §5.9: the locked draft this one was copied from
    relation_kind: str | None = None  # how this one came from ``parent_id`` (REPLACE, RENEW, COPY, DERIVE, COMPLEMENT)
    parent_id: str | None = None
    delivery: Delivery | None = None
    revocation: Revocation | None = None
    parent: Related | None = None         # read with the certificate, never stored from here
    children: tuple[Related, ...] = ()

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def personnummer(self) -> str:
        return self.patient["personnummer"]

    @property
    def is_locked(self) -> bool:
        return self.status == LOCKED

    @property
    def is_signed(self) -> bool:
        return self.status in SIGNED_STATUSES

    @property
    def is_revoked(self) -> bool:
        return self.status == REVOKED

    @property
    def replaced_by(self) -> Related | None:
        """§5.8: replaced once the replacing draft is signed ("Knappen Ersätt finns kvar på det
        ursprungliga intyget tills det nya utkastet är signerat"); a revoked replacement leaves
        the original to be reviewed and replaced again."""
        return next((c for c in self.children if c.kind == REPLACE and c.is_signed), None)

    @property
    def replacement_draft(self) -> Related | None:
        return self.open_draft(REPLACE)

    @property
    def complemented_by(self) -> Related | None:
        """§7 "Avklarad kompletteringsbegäran": "Om ett intyg kompletterats med ett nytt intyg kan samma
        intyg inte kompletteras en gång till" -- once the complement is signed; a revoked one does not count."""
        return next((c for c in self.children if c.kind == COMPLEMENT and c.is_signed), None)

    @property
    def complement_draft(self) -> Related | None:
        # §7 "Fortsätt på intygsutkast för kompletteringsbegäran": "Öppna utkastet".
        return self.open_draft(COMPLEMENT)

    def open_draft(self, kind: str) -> Related | None:
        """The unsigned draft made from this certificate by ``kind``, if one is open."""
        return next((c for c in self.children if c.kind == kind and c.status == DRAFT), None)

    @property
    def is_complement(self) -> bool:
        return self.relation_kind == COMPLEMENT

    def require_draft(self) -> None:
        if self.is_locked:
            raise errors.draft_locked()
        if not self.is_draft:
            raise errors.not_a_draft()

    def require_locked(self) -> None:
        if not self.is_locked:
            raise errors.not_locked()

    def require_version(self, version: int) -> None:
        if version != self.version:
            raise errors.stale_version(self.version)

    def open_for_editing(self, user: dict, token: str, now: datetime) -> None:
        """§5.2: the user who opened the draft last has priority."""
        self.require_draft()
        self.editor = Editor(user["id"], user["name"], token, now)

    def save(self, content: dict[str, Any], *, version: int, token: str | None, user: dict, now: datetime) -> None:
        self.require_draft()
        # Priority first: the earlier editor is told who took over, not just that the version moved.
        if self.editor is not None and token != self.editor.token:
            raise errors.edited_by_other(self.editor.name, self.editor.user_id)
        self.require_version(version)
        self.content = dict(content)
        self.version += 1
        self.updated_at = now
        self.saved_by = {"id": user["id"], "name": user["name"]}

    def mark_forwarded(self, forwarded: bool) -> None:
        self.require_draft()
        self.forwarded = forwarded

    def sign(self, *, issuer: dict, content: dict[str, Any], signature: dict, signed_at: datetime) -> None:
        self.require_draft()
        self.issuer = dict(issuer)
        self.content = dict(content)
        self.signature = signature
        self.signed_at = signed_at
        self.status = SIGNED
        self.editor = None
        self.forwarded = False
        self.version += 1
        self.updated_at = signed_at

    def require_deletable(self, version: int) -> None:
        self.require_draft()
        self.require_version(version)

    # --- after signing (issue 5) ---------------------------------------------------------------

    def request_delivery(self, recipient: str, delivery_id: str, *, by: dict | None, now: datetime) -> None:
        """Hand the signed certificate to its recipient's adapter; "Skickat" comes with the receipt."""
        self.delivery = Delivery(recipient, delivery_id, now, by)
        self._changed(now)

    def record_receipt(self, delivery_id: str, at: datetime) -> str | None:
        """The recipient has it: "certificate" or "revocation" when this changed something,
        None for a receipt already recorded or not this certificate's (an idempotent consumer)."""
        if self.delivery is not None and self.delivery.delivery_id == delivery_id:
            if not self.delivery.received(at):
                return None
            self.sent_to, self.sent_at = self.delivery.recipient, at
            if self.status == SIGNED:
                self.status = SENT
            self._changed(at)
            return "certificate"
        notice = self.revocation.notice if self.revocation else None
        if notice is not None and notice.delivery_id == delivery_id and notice.received(at):
            self._changed(at)
            return "revocation"
        return None

    def record_failure(self, delivery_id: str, reason: str, at: datetime) -> str | None:
        for kind, delivery in (("certificate", self.delivery),
                               ("revocation", self.revocation.notice if self.revocation else None)):
            if delivery is not None and delivery.delivery_id == delivery_id and delivery.failed(reason):
                self._changed(at)
                return kind
        return None

    def revoke(self, *, by: dict, reason: str, message: str | None, now: datetime,
               notice: Delivery | None) -> None:
        """§5.10: "Ett makulerat intyg raderas inte ur databasen utan får endast en status som gör
        det oanvändbart"."""
        self.revocation = Revocation(now, dict(by), reason, message, self.status, notice)
        self.status = REVOKED
        self.editor = None
        self._changed(now)

    def _changed(self, now: datetime) -> None:
        self.version += 1
        self.updated_at = now
