"""marshmallow schemas of the auth HTTP API (docs/ARCHITECTURE.md "Auth service HTTP API")."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from ..domain.privileges import CERTIFICATE_TYPES_BY_ROLE, LOGIN_METHODS, Privilege
from ..domain.session import ACKNOWLEDGEMENT_KINDS, CHOOSE_UNIT


class _Strict(Schema):
    class Meta:
        unknown = EXCLUDE


# Swedish field messages for bad input (the top-level message comes from webcert_common.errors).
_MESSAGES = {"required": "Uppgiften saknas.", "null": "Uppgiften får inte vara tom.",
             "invalid": "Uppgiften har fel format."}


def _text(required: bool = False, max_len: int = 200, **kwargs) -> fields.String:
    return fields.String(required=required, error_messages=_MESSAGES,
                         validate=validate.Length(min=1, max=max_len, error="Uppgiften är tom eller för lång."),
                         **kwargs)


def _choice(options, required: bool = True) -> fields.String:
    return fields.String(required=required, error_messages=_MESSAGES,
                         validate=validate.OneOf(list(options), error="Okänt värde."))


class LoginRequest(_Strict):
    assertion = _text(required=True, max_len=4096)
    nonce = _text(max_len=200, load_default=None, allow_none=True)


class ChooseUnitRequest(_Strict):
    unit_id = _text(required=True, max_len=64)


class AcknowledgementRequest(_Strict):
    kind = _choice(ACKNOWLEDGEMENT_KINDS)


class DecisionQuery(_Strict):
    privilege = _choice([p.value for p in Privilege])
    certificate_type = _text(max_len=20, load_default=None)


class Decision(Schema):
    allowed = fields.Boolean(required=True)
    reason = fields.String(allow_none=True)
    message = fields.String(allow_none=True)


class SessionUser(Schema):
    id = fields.String()
    name = fields.String()
    role = fields.String()
    role_label = fields.String()
    login_method = fields.String(validate=validate.OneOf(LOGIN_METHODS))
    protected_identity = fields.Boolean()


class CareProvider(Schema):
    id = fields.String()
    name = fields.String()
    standalone = fields.String()


class CurrentUnit(Schema):
    id = fields.String()
    name = fields.String()
    care_unit_id = fields.String()
    care_unit_name = fields.String()
    is_workplace = fields.Boolean()


class Workplace(Schema):
    id = fields.String()
    name = fields.String()


class UnitChoice(Schema):
    id = fields.String()
    name = fields.String()
    care_provider_id = fields.String()
    care_provider_name = fields.String()
    workplaces = fields.List(fields.Nested(Workplace))


class SessionView(Schema):
    user = fields.Nested(SessionUser)
    care_provider = fields.Nested(CareProvider, allow_none=True)
    unit = fields.Nested(CurrentUnit, allow_none=True)
    units = fields.List(fields.Nested(UnitChoice))
    may_change_unit = fields.Boolean()
    pending = fields.List(fields.String(validate=validate.OneOf((CHOOSE_UNIT, *ACKNOWLEDGEMENT_KINDS))))
    privileges = fields.Dict(keys=fields.String(), values=fields.Nested(Decision))
    certificate_types = fields.List(fields.String(validate=validate.OneOf(list(CERTIFICATE_TYPES_BY_ROLE))))
    idle_expires_at = fields.String()
    expires_at = fields.String()


class LoginResponse(Schema):
    session_id = fields.String()
    session = fields.Nested(SessionView)


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Uppgiften får inte vara tom.")


def _account_text() -> fields.String:
    return fields.String(error_messages=_MESSAGES, validate=[
        validate.Length(min=1, max=200, error="Uppgiften är tom eller för lång."), _not_blank])


class Account(Schema):
    id = fields.String()
    name = fields.String()
    care_provider_name = fields.String()
    unit_name = fields.String()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)


class AccountChanges(_Strict):
    name = _account_text()
    care_provider_name = _account_text()
    unit_name = _account_text()
    email = fields.Email(error_messages={**_MESSAGES, "invalid": "Ange en giltig e-postadress."},
                         validate=validate.Length(max=200, error="E-postadressen är för lång."))
    phone = fields.String(error_messages=_MESSAGES, validate=validate.Regexp(
        r"^\+?[0-9][0-9 \-]{4,38}$", error="Ange ett giltigt telefonnummer."))


class UnitAddress(Schema):
    unit_id = fields.String()
    name = fields.String()
    email = fields.String(allow_none=True)
    care_unit_id = fields.String()
    care_provider_id = fields.String()
