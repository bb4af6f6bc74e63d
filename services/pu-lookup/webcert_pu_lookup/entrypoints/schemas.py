"""marshmallow schemas of the pu-lookup HTTP API (docs/ARCHITECTURE.md "pu-lookup HTTP API")."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from ..domain.identity_number import PERSONNUMMER, SAMORDNINGSNUMMER
from ..domain.rules import PATIENT_ACTIONS, ROLES


class _Lenient(Schema):
    class Meta:
        unknown = EXCLUDE


_MESSAGES = {"required": "Uppgiften saknas.", "null": "Uppgiften får inte vara tom.",
             "invalid": "Uppgiften har fel format."}


def _text(max_len: int = 64) -> fields.String:
    return fields.String(required=True, error_messages=_MESSAGES,
                         validate=validate.Length(min=1, max=max_len, error="Uppgiften är tom eller för lång."))


def _personnummer() -> fields.String:
    # Only a bound here; what is wrong with the number is told by the domain (400, in Swedish).
    return fields.String(required=True, error_messages=_MESSAGES,
                         validate=validate.Length(max=40, error="Uppgiften är för lång."))


class ValidateRequest(_Lenient):
    personnummer = _personnummer()


class Requester(_Lenient):
    user_id = _text()
    role = fields.String(required=True, error_messages=_MESSAGES,
                         validate=validate.OneOf(ROLES, error="Okänd roll."))
    unit_id = _text()
    care_unit_id = _text()
    care_provider_id = _text()


class LookupRequest(_Lenient):
    personnummer = _personnummer()
    requester = fields.Nested(Requester, required=True, error_messages=_MESSAGES)


class ValidatedNumber(Schema):
    personnummer = fields.String()
    kind = fields.String(validate=validate.OneOf((PERSONNUMMER, SAMORDNINGSNUMMER)))


class Address(Schema):
    street = fields.String()
    postal_code = fields.String()
    city = fields.String()


class Person(Schema):
    personnummer = fields.String()
    kind = fields.String(validate=validate.OneOf((PERSONNUMMER, SAMORDNINGSNUMMER)))
    name = fields.String()
    address = fields.Nested(Address, allow_none=True)
    protected_identity = fields.Boolean()
    deceased = fields.Boolean()
    date_of_death = fields.String(allow_none=True)


class Decision(Schema):
    allowed = fields.Boolean(required=True)
    reason = fields.String(allow_none=True)
    message = fields.String(allow_none=True)


class LookupResponse(Schema):
    person = fields.Nested(Person)
    actions = fields.Dict(keys=fields.String(validate=validate.OneOf([a.value for a in PATIENT_ACTIONS])),
                          values=fields.Nested(Decision))
    excluded_certificate_types = fields.List(fields.String())


class RegisterStatus(Schema):
    available = fields.Boolean()
    changed_at = fields.String()
