"""marshmallow schemas of the certificate HTTP API (docs/ARCHITECTURE.md "certificate HTTP API").
They bound the shapes; what a draft's content may hold is the type definition's business
(domain/validation.check_format), answered per field in Swedish."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

_MESSAGES = {"required": "Uppgiften saknas.", "null": "Uppgiften får inte vara tom.",
             "invalid": "Uppgiften har fel format."}
# The gateway sends the number pu-lookup normalised (YYYYMMDD-NNNN); anything else is refused here.
NORMALISED_PERSONNUMMER = r"^\d{8}-\d{4}$"


class _Lenient(Schema):
    class Meta:
        unknown = EXCLUDE


def _personnummer() -> fields.String:
    return fields.String(required=True, error_messages=_MESSAGES,
                         validate=validate.Regexp(NORMALISED_PERSONNUMMER,
                                                  error="Personnumret ska anges som ÅÅÅÅMMDD-NNNN."))


def _version() -> fields.Integer:
    return fields.Integer(required=True, strict=True, error_messages=_MESSAGES,
                          validate=validate.Range(min=1, error="Versionen ska vara ett positivt heltal."))


class CreateRequest(_Lenient):
    certificate_type = fields.String(required=True, error_messages=_MESSAGES,
                                     validate=validate.Length(min=1, max=20, error="Okänd intygstyp."))
    personnummer = _personnummer()


class PatientRequest(_Lenient):
    personnummer = _personnummer()


class SaveRequest(Schema):
    class Meta:
        unknown = EXCLUDE

    version = _version()
    edit_token = fields.String(load_default=None, allow_none=True,
                               validate=validate.Length(max=64, error="Ogiltig redigeringsnyckel."))
    content = fields.Dict(required=True, keys=fields.String(), error_messages={
        **_MESSAGES, "invalid": "Intygets innehåll ska vara ett objekt med ett svar per fråga."})


class VersionRequest(_Lenient):
    version = _version()


class ForwardedRequest(_Lenient):
    forwarded = fields.Boolean(required=True, error_messages=_MESSAGES)


class DiagnosisQuery(_Lenient):
    code_system = fields.String(load_default="ICD_10_SE", validate=validate.OneOf(
        ("ICD_10_SE", "KSH_97_P"), error="Kodverket ska vara ICD-10-SE eller KSH97-P."))
    code = fields.String(load_default=None, validate=validate.Length(max=20, error="Koden är för lång."))
    description = fields.String(load_default=None,
                                validate=validate.Length(max=200, error="Sökningen är för lång."))


class DeriveRequest(_Lenient):
    certificate_type = fields.String(required=True, error_messages=_MESSAGES,
                                     validate=validate.OneOf(("AG7804", "DOI"), error="Okänd intygstyp."))
    convey_diagnoses = fields.Boolean(load_default=None, allow_none=True)


class SendRequest(_Lenient):
    # the service itself checks for true (422 CONSENT_REQUIRED with the dialog's words)
    patient_consent = fields.Boolean(load_default=False, truthy={True}, falsy={False}, error_messages={
        "invalid": "Patientens samtycke anges som true eller false."})


class RevokeRequest(_Lenient):
    # which reasons are required is the type's rule (domain/revocation.py); lengths here only
    reason = fields.String(load_default=None, allow_none=True,
                           validate=validate.Length(max=40, error="Ogiltig orsak."))
    message = fields.String(load_default=None, allow_none=True,
                            validate=validate.Length(max=4000, error="Förklaringen är för lång."))


class ComplementRequest(_Lenient):
    # §7 scenario B's comment; absent or null for scenario A. What fits "Övriga upplysningar" is the type's.
    comment = fields.String(load_default=None, allow_none=True,
                            validate=validate.Length(max=4000, error="Kommentaren är för lång."))
