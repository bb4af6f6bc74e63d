"""Event contracts: the exchange, the routing keys and one payload schema per event type
and version (docs/ARCHITECTURE.md, 'Events').

Routing key = event type. Producers and consumers use these constants, never free
strings. An event is a past-tense fact; a changed payload gets a new version and a new
schema beside the old one, so consumers can move over one at a time.

No personnummer in any event: e-legitimation users are named by their account id. The one
exception is ``pdl.access_logged``: the PDL audit trail must name whose data was read
(patientdatalagen 4 kap.), so it carries the patient's normalised personnummer and no names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from .errors import MalformedMessage

EXCHANGE = "webcert.events"

# user.* (producer: auth; consumer: gateway's security log)
USER_LOGGED_IN = "user.logged_in"
USER_LOGIN_REFUSED = "user.login_refused"
USER_UNIT_CHANGED = "user.unit_changed"
USER_LOGGED_OUT = "user.logged_out"
USER_SESSION_EXPIRED = "user.session_expired"

LOGIN_METHODS = ("siths", "bankid", "mobilt_bankid", "telia")
ROLES = ("LAKARE", "TANDLAKARE", "VARDADMINISTRATOR")
SESSION_EXPIRY_REASONS = ("idle", "absolute")

# pu.* (producer: pu-lookup; consumers: the gateway and every service that depends on PU, INT-2).
# Published once per transition of the population register's state (PU-3: locking events).
PU_UNAVAILABLE = "pu.unavailable"
PU_AVAILABLE = "pu.available"

# certificate.* (producer: certificate; consumers from issue 5: recipients' adapters, messaging).
CERTIFICATE_SIGNED = "certificate.signed"
CERTIFICATE_LOCKED = "certificate.locked"   # CERT-8: a draft not signed within fourteen days
CERTIFICATE_SENT = "certificate.sent"       # CERT-9/CERT-6: handed over for delivery to its recipient
CERTIFICATE_REVOKED = "certificate.revoked"  # CERT-13 "Makulera"
CERTIFICATE_DRAFT_CREATED = "certificate.draft_created"   # a draft, and what it came from (§7 "Öppna utkastet")
CERTIFICATE_DRAFT_DELETED = "certificate.draft_deleted"   # §7: a deleted complement draft may be made again
RELATION_KINDS = ("COPY", "DERIVE", "RENEW", "REPLACE", "COMPLEMENT")
# The recipient adapters' receipts (INT-1): the recipient has the certificate or revocation, or
# refused it for good (dead-lettered).
CERTIFICATE_DELIVERED = "certificate.delivered"
CERTIFICATE_DELIVERY_FAILED = "certificate.delivery_failed"
RECIPIENT_CODES = ("fk", "ts", "skv", "sos")
DELIVERY_KINDS = ("certificate", "revocation")
REVOCATION_REASONS = ("FEL_PATIENT", "ANNAT_ALLVARLIGT_FEL", "INGEN_ORSAK")

# pdl.* (producers: pu-lookup, later certificate, messaging, pdf; consumer: the gateway, which
# ships each entry to the national log service). One event per access to patient data.
# Ärendekommunikation (issue 7, docs/ARCHITECTURE.md): FK's adapter and the messaging service
FK_MESSAGE_RECEIVED = "fk.message_received"          # FK's message as it came, parsed by the consumer
QUESTION_ASKED = "question.asked"                    # the unit's question, for FK
QUESTION_ANSWERED = "question.answered"              # the unit's answer to FK's question, for FK
QUESTION_RECEIVED = "question.received"              # FK's question stored (QA-7 e-mail)
QUESTION_ANSWER_RECEIVED = "question.answer_received"  # FK answered the unit's question (QA-7 e-mail)
QUESTION_SUBJECTS = ("AVSTAMNINGSMOTE", "KOMPLETTERING", "KONTAKT", "OVRIGT", "PAMINNELSE")

PDL_ACCESS_LOGGED = "pdl.access_logged"

PDL_OUTCOMES = ("granted", "refused", "not_found")
PDL_PURPOSES = ("Vård och behandling",)
# What was done with the patient's data, in the audit trail's Swedish words. Later issues add theirs here.
PDL_ACTIONS = ("läsa", "skapa", "skriva", "signera", "utskrift", "skicka", "makulera", "radera")


@dataclass(frozen=True)
class Field:
    """One payload field: a non-empty string unless said otherwise."""

    name: str
    nullable: bool = False
    choices: tuple[str, ...] | None = None
    check: Callable[[str], str | None] | None = None   # a further rule on the text (a format)

    def problem(self, value: Any) -> str | None:
        if value is None:
            return None if self.nullable else "saknas"
        if not isinstance(value, str) or not value.strip():
            return "ska vara en icke-tom text"
        if self.choices is not None and value not in self.choices:
            return f"ska vara en av {', '.join(self.choices)}"
        if self.check is not None:
            return self.check(value)
        return None


def _iso_time(value: str) -> str | None:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return "ska vara en ISO 8601-tidpunkt"
    return None if parsed.tzinfo is not None else "saknar tidszon"


_NORMALISED_PERSONNUMMER = re.compile(r"^\d{8}-\d{4}$")


def _normalised_personnummer(value: str) -> str | None:
    # The audit trail names the patient in one form only, so entries can be searched per patient.
    return None if _NORMALISED_PERSONNUMMER.match(value) else "ska ha formen ÅÅÅÅMMDD-NNNN"


@dataclass(frozen=True)
class Schema:
    """The payload of one event type and version. Unknown fields are refused: what an
    event carries is decided here, so nothing (a personnummer, say) slips in unseen."""

    type: str
    version: int
    fields: tuple[Field, ...]

    def problems(self, payload: Any) -> dict[str, str]:
        if not isinstance(payload, dict):
            return {"payload": "ska vara ett objekt"}
        found: dict[str, str] = {}
        known = {f.name for f in self.fields}
        for field in self.fields:
            if field.name not in payload:
                if not field.nullable:
                    found[field.name] = "saknas"
                continue
            problem = field.problem(payload[field.name])
            if problem:
                found[field.name] = problem
        for name in payload:
            if name not in known:
                found[str(name)] = "okänt fält"
        return found


def _schema(type_: str, version: int, *fields: Field) -> tuple[tuple[str, int], Schema]:
    return (type_, version), Schema(type_, version, tuple(fields))


SCHEMAS: dict[tuple[str, int], Schema] = dict([
    _schema(USER_LOGGED_IN, 1,
            Field("user_id"), Field("role", choices=ROLES), Field("login_method", choices=LOGIN_METHODS),
            # null until a unit is chosen ("Välj vårdenhet"); e-legitimation users may have no provider yet
            Field("care_provider_id", nullable=True), Field("unit_id", nullable=True)),
    _schema(USER_LOGIN_REFUSED, 1,
            Field("reason"), Field("login_method", choices=LOGIN_METHODS),
            # an HSA id for SITHS, null for e-legitimation: never a personnummer
            Field("user_id", nullable=True)),
    _schema(USER_UNIT_CHANGED, 1, Field("user_id"), Field("unit_id")),
    _schema(USER_LOGGED_OUT, 1, Field("user_id")),
    _schema(USER_SESSION_EXPIRED, 1, Field("user_id"), Field("reason", choices=SESSION_EXPIRY_REASONS)),
    _schema(PU_UNAVAILABLE, 1, Field("changed_at", check=_iso_time)),
    _schema(PU_AVAILABLE, 1, Field("changed_at", check=_iso_time)),
    _schema(CERTIFICATE_SIGNED, 1,
            Field("certificate_id"), Field("certificate_type"), Field("type_version"),
            Field("unit_id"), Field("care_unit_id"), Field("care_provider_id"),
            Field("signed_by"), Field("signed_at", check=_iso_time),
            Field("recipient", nullable=True, choices=RECIPIENT_CODES)),
    # v2 (issue 7): the patient, for PU-3/PU-4 and PDL in the messaging service, and what the
    # certificate came from, so that a signed complement or renewal handles the parent's requests.
    _schema(CERTIFICATE_SIGNED, 2,
            Field("certificate_id"), Field("certificate_type"), Field("type_version"),
            Field("unit_id"), Field("care_unit_id"), Field("care_provider_id"),
            Field("signed_by"), Field("signed_at", check=_iso_time),
            Field("recipient", nullable=True, choices=RECIPIENT_CODES),
            Field("patient_id", check=_normalised_personnummer),
            Field("relation_kind", nullable=True, choices=RELATION_KINDS), Field("parent_id", nullable=True)),
    _schema(CERTIFICATE_DRAFT_CREATED, 1,
            Field("certificate_id"), Field("certificate_type"), Field("type_version"),
            Field("unit_id"), Field("care_unit_id"), Field("care_provider_id"),
            Field("relation_kind", nullable=True, choices=RELATION_KINDS), Field("parent_id", nullable=True),
            Field("created_at", check=_iso_time)),
    _schema(CERTIFICATE_DRAFT_DELETED, 1,
            Field("certificate_id"), Field("certificate_type"),
            Field("unit_id"), Field("care_unit_id"), Field("care_provider_id"),
            Field("relation_kind", nullable=True, choices=RELATION_KINDS), Field("parent_id", nullable=True),
            Field("deleted_at", check=_iso_time)),
    _schema(CERTIFICATE_LOCKED, 1,
            Field("certificate_id"), Field("certificate_type"), Field("type_version"),
            Field("unit_id"), Field("care_unit_id"), Field("care_provider_id"),
            Field("locked_at", check=_iso_time)),
    _schema(CERTIFICATE_SENT, 1,
            Field("certificate_id"), Field("certificate_type"), Field("type_version"),
            Field("unit_id"), Field("care_unit_id"), Field("care_provider_id"),
            Field("recipient", choices=RECIPIENT_CODES), Field("delivery_id"),
            Field("sent_by"), Field("sent_at", check=_iso_time)),
    _schema(CERTIFICATE_REVOKED, 1,
            Field("certificate_id"), Field("certificate_type"), Field("type_version"),
            Field("unit_id"), Field("care_unit_id"), Field("care_provider_id"),
            Field("revoked_by"), Field("revoked_at", check=_iso_time),
            Field("reason", choices=REVOCATION_REASONS),
            # the recipient to be told (FK, Transportstyrelsen); null when no one is (§5.10: not
            # Skatteverket nor Socialstyrelsen). The free-text message stays in the certificate service.
            Field("recipient", nullable=True, choices=RECIPIENT_CODES), Field("delivery_id", nullable=True)),
    _schema(CERTIFICATE_DELIVERED, 1,
            Field("certificate_id"), Field("recipient", choices=RECIPIENT_CODES),
            Field("delivery", choices=DELIVERY_KINDS), Field("delivery_id"),
            Field("received_at", check=_iso_time)),
    _schema(CERTIFICATE_DELIVERY_FAILED, 1,
            Field("certificate_id"), Field("recipient", choices=RECIPIENT_CODES),
            Field("delivery", choices=DELIVERY_KINDS), Field("delivery_id"),
            Field("reason"), Field("failed_at", check=_iso_time)),
    _schema(FK_MESSAGE_RECEIVED, 1, Field("message_id"), Field("received_at", check=_iso_time), Field("body")),
    _schema(QUESTION_ASKED, 1,
            Field("message_id"), Field("question_id"), Field("certificate_id"),
            Field("subject", choices=QUESTION_SUBJECTS), Field("text"), Field("sent_at", check=_iso_time)),
    _schema(QUESTION_ANSWERED, 1,
            Field("message_id"), Field("question_id"), Field("certificate_id"),
            Field("text"), Field("sent_at", check=_iso_time)),
    _schema(QUESTION_RECEIVED, 1,
            Field("question_id"), Field("certificate_id"), Field("unit_id"), Field("care_unit_id"),
            Field("subject", choices=QUESTION_SUBJECTS), Field("received_at", check=_iso_time)),
    _schema(QUESTION_ANSWER_RECEIVED, 1,
            Field("question_id"), Field("certificate_id"), Field("unit_id"), Field("care_unit_id"),
            Field("subject", choices=QUESTION_SUBJECTS), Field("received_at", check=_iso_time)),
    _schema(PDL_ACCESS_LOGGED, 1,
            Field("entry_id"), Field("time", check=_iso_time),
            Field("user_id"), Field("role", choices=ROLES),
            Field("unit_id"), Field("care_unit_id"), Field("care_provider_id"),
            Field("action", choices=PDL_ACTIONS), Field("outcome", choices=PDL_OUTCOMES),
            # a reason code for refused and not_found, null when granted
            Field("reason", nullable=True),
            Field("patient_id", check=_normalised_personnummer),
            Field("certificate_id", nullable=True),
            Field("purpose", choices=PDL_PURPOSES)),
])

ROUTING_KEYS: tuple[str, ...] = tuple(sorted({type_ for type_, _ in SCHEMAS}))


def schema_for(type_: str, version: int) -> Schema:
    try:
        return SCHEMAS[(type_, version)]
    except KeyError:
        raise MalformedMessage(f"okänd händelsetyp {type_!r} version {version!r}") from None


def validate_payload(type_: str, version: int, payload: Any) -> None:
    """Raise ``MalformedMessage`` unless ``payload`` follows the contract of (type, version)."""
    problems = schema_for(type_, version).problems(payload)
    if problems:
        detail = "; ".join(f"{name}: {text}" for name, text in sorted(problems.items()))
        raise MalformedMessage(f"ogiltig händelse {type_} v{version}: {detail}")
