"""marshmallow schemas of ``POST /render`` (services/pdf/README.md). They bound the shapes the
renderer reads and tolerate everything else the certificate service sends (the whole
CertificateView, the whole definition): unknown keys are dropped, never refused."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

STATUSES = ("DRAFT", "LOCKED", "SIGNED", "SENT", "REVOKED")
_MESSAGES = {"required": "Uppgiften saknas.", "null": "Uppgiften får inte vara tom.",
             "invalid": "Uppgiften har fel format.", "type": "Uppgiften har fel format."}
# Names, ids and times are short; a question's label is at most a few hundred characters (191 in
# the eleven types). A label is printed as a paragraph that is wrapped again at every page break,
# so its length is bounded here; answers may be as long as the body allows (adapters/text_block.py).
NAME_LIMIT, LABEL_LIMIT = 500, 2000


class _Lenient(Schema):
    error_messages = {"type": "Uppgiften ska vara ett objekt."}

    class Meta:
        unknown = EXCLUDE


def _text(*, required: bool = False, max_length: int = NAME_LIMIT) -> fields.String:
    limit = validate.Length(max=max_length, error="Uppgiften är för lång.")
    if required:
        return fields.String(required=True, error_messages=_MESSAGES, validate=limit)
    return fields.String(load_default=None, allow_none=True, error_messages=_MESSAGES, validate=limit)


def _nested(schema, *, required: bool = False):
    if required:
        return fields.Nested(schema, required=True, error_messages=_MESSAGES)
    return fields.Nested(schema, load_default=None, allow_none=True, error_messages=_MESSAGES)


def _list(field, *, required: bool = False) -> fields.List:
    if required:
        return fields.List(field, required=True, error_messages=_MESSAGES)
    return fields.List(field, load_default=list, allow_none=True, error_messages=_MESSAGES)


class Option(_Lenient):
    code = _text(required=True)
    label = _text(max_length=LABEL_LIMIT)


class Question(_Lenient):
    id = _text(required=True)
    label = _text(max_length=LABEL_LIMIT)
    # Any word: a type this service does not know prints its answer as plain text.
    type = _text(required=True)
    options = _list(fields.Nested(Option, error_messages=_MESSAGES))


class Section(_Lenient):
    id = _text(required=True)
    label = _text(max_length=LABEL_LIMIT)
    questions = _list(fields.Nested(Question, error_messages=_MESSAGES))


class Definition(_Lenient):
    code = _text(required=True)
    name = _text(required=True)
    version = _text()
    sections = _list(fields.Nested(Section, error_messages=_MESSAGES), required=True)


class Address(_Lenient):
    street = _text()
    postal_code = _text()
    city = _text()


class Patient(_Lenient):
    personnummer = _text(required=True)
    name = _text()
    address = _nested(Address)
    protected_identity = fields.Boolean(load_default=False, error_messages=_MESSAGES)


class Person(_Lenient):
    id = _text()
    name = _text()
    role = _text()


class Unit(_Lenient):
    id = _text()
    name = _text()
    care_unit_name = _text()
    care_provider_name = _text()


class Signature(_Lenient):
    signed_at = _text()
    signer = _nested(Person)


class Related(_Lenient):
    id = _text()
    certificate_type = _text()
    status = _text()
    signed_at = _text()


class Revocation(_Lenient):
    revoked_at = _text()
    reason_label = _text()


class Certificate(_Lenient):
    id = _text(required=True)
    certificate_type = _text(required=True)
    type_name = _text()
    type_version = _text()
    status = fields.String(required=True, error_messages=_MESSAGES,
                           validate=validate.OneOf(STATUSES, error="Okänd status för intyget."))
    status_label = _text()
    patient = _nested(Patient, required=True)
    issuer = _nested(Person)
    unit = _nested(Unit)
    created_at = _text()
    signed_at = _text()
    signature = _nested(Signature)
    content = fields.Dict(keys=fields.String(), load_default=dict, allow_none=True, error_messages={
        **_MESSAGES, "invalid": "Intygets innehåll ska vara ett objekt med ett svar per fråga."})
    hidden_questions = _list(fields.String(error_messages=_MESSAGES))
    hidden_sections = _list(fields.String(error_messages=_MESSAGES))
    replaced_by = _nested(Related)
    revocation = _nested(Revocation)


class RenderRequest(_Lenient):
    definition = _nested(Definition, required=True)
    certificate = _nested(Certificate, required=True)
    printed_at = fields.AwareDateTime(required=True, default_timezone=None, error_messages={
        **_MESSAGES, "invalid": "Tiden ska anges enligt ISO 8601, till exempel 2026-11-26T09:30:00+00:00.",
        "invalid_awareness": "Tiden ska anges med tidszon, till exempel 2026-11-26T09:30:00+00:00."})
