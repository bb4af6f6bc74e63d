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
SENT = "SENT"          # received by the recipient (issue 5; the demo's FK7263 certificates)

STATUS_LABELS = {DRAFT: "Utkast", LOCKED: "Låst utkast", SIGNED: "Signerat", SENT: "Skickat"}
UNSIGNED = (DRAFT, LOCKED)   # "Ej signerade utkast" lists both (§5.9 "Sök fram det låsta utkastet")
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
