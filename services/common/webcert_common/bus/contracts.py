"""Event contracts: the exchange, the routing keys and one payload schema per event type
and version (docs/ARCHITECTURE.md, 'Events').

Routing key = event type. Producers and consumers use these constants, never free
strings. An event is a past-tense fact; a changed payload gets a new version and a new
schema beside the old one, so consumers can move over one at a time.

No personnummer in any event: e-legitimation users are named by their account id.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class Field:
    """One payload field: a non-empty string unless said otherwise."""

    name: str
    nullable: bool = False
    choices: tuple[str, ...] | None = None

    def problem(self, value: Any) -> str | None:
        if value is None:
            return None if self.nullable else "saknas"
        if not isinstance(value, str) or not value.strip():
            return "ska vara en icke-tom text"
        if self.choices is not None and value not in self.choices:
            return f"ska vara en av {', '.join(self.choices)}"
        return None


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
