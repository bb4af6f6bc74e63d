"""marshmallow schemas of the messaging HTTP API. They bound the shapes; what a text may hold
(not empty, not too long) is the domain's rule, answered in Swedish with its reason."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields

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
