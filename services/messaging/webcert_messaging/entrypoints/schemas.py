"""marshmallow schemas of the messaging HTTP API. They bound the shapes; what a text may hold
(not empty, not too long) is the domain's rule, answered in Swedish with its reason."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from ..domain.subjects import SENDERS, SUBJECTS

_MESSAGES = {"required": "Uppgiften saknas.", "null": "Uppgiften får inte vara tom.",
             "invalid": "Uppgiften har fel format."}


class _Lenient(Schema):
    class Meta:
        unknown = EXCLUDE


class AnswerRequest(_Lenient):
    text = fields.String(required=True, error_messages=_MESSAGES)


class HandledRequest(_Lenient):
    handled = fields.Boolean(required=True, error_messages=_MESSAGES)
    # QA-10: a complement request is ticked only after the user confirmed the irreversibility box
    confirmed = fields.Boolean(load_default=False, error_messages=_MESSAGES)


class AskRequest(_Lenient):
    # which subjects the unit may choose (QA-3) is the domain's rule, answered with its reason
    subject = fields.String(required=True, error_messages=_MESSAGES)
    text = fields.String(required=True, error_messages=_MESSAGES)


class QuestionDraftRequest(_Lenient):
    """``subject`` left out keeps the one chosen before; null clears it (no subject chosen yet)."""
    subject = fields.String(allow_none=True, error_messages=_MESSAGES)
    text = fields.String(required=True, error_messages=_MESSAGES)


class ForwardedRequest(_Lenient):
    forwarded = fields.Boolean(required=True, error_messages=_MESSAGES)


class UnhandledQuery(_Lenient):
    """§4.2 the workplace chosen and the search filter (QA-4); each left out: not filtered on."""
    workplace = fields.String(load_default=None, error_messages=_MESSAGES)
    subject = fields.String(load_default=None, validate=validate.OneOf(SUBJECTS), error_messages=_MESSAGES)
    sender = fields.String(load_default=None, validate=validate.OneOf(SENDERS), error_messages=_MESSAGES)
    forwarded = fields.Boolean(load_default=None, error_messages=_MESSAGES)
    signed_by = fields.String(load_default=None, error_messages=_MESSAGES)
