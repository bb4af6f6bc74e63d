"""FK's queue adapter, inward (issue 7, docs/ARCHITECTURE.md "FK's side"): ``POST /fk/messages``.

FK's system calls it, not a user: there is no session. In production the endpoint is reached only
through mutual TLS with FK's client certificate (terminated in front of the service, like every
integration with a national service); the simulator calls it directly.

The endpoint only takes the message in: a JSON object with a known ``kind`` is committed to the
outbox as ``fk.message_received`` (the body as it came) and answered 202; the consumer parses it
and acts (service_layer/fk_inbound.py), so FK is never kept waiting on the rules and a message is
never half handled."""
from __future__ import annotations

import json
import uuid

from flask import current_app, jsonify, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from webcert_common.bus import contracts
from webcert_common.errors import error_body
from webcert_common.logging import get_logger

from ..service_layer.fk_inbound import kind_of

log = get_logger(__name__)

fk_messages = Blueprint("fk_messages", __name__, url_prefix="/fk",
                        description="Försäkringskassans meddelanden till Webcert (frågor och svar)")

NOT_A_MESSAGE = ("INVALID_FK_MESSAGE",
                 "Meddelandet ska vara ett JSON-objekt med kind \"question\" eller \"answer\".")


def _body_text() -> str | None:
    """The body as UTF-8 text when it is a JSON object with a known kind; else None."""
    try:
        text = request.get_data(cache=False).decode("utf-8")
        return text if kind_of(json.loads(text)) else None
    except ValueError:          # not UTF-8 (UnicodeDecodeError) or not JSON
        return None


class Accepted(Schema):
    message_id = fields.String(metadata={"description": "Webcert's id of the message taken in"})


@fk_messages.route("/messages")
class FkMessages(MethodView):
    @fk_messages.response(202, Accepted)
    @fk_messages.alt_response(400, description="Not a JSON object with kind \"question\" or \"answer\"")
    def post(self):
        """FK's question (also a complement request or a reminder) or answer; 202 once committed."""
        body = _body_text()
        if body is None:
            return jsonify(error_body(*NOT_A_MESSAGE)), 400
        services = current_app.extensions["webcert_messaging"]
        message_id = str(uuid.uuid4())
        with services.uow() as uow:
            uow.add_event(contracts.FK_MESSAGE_RECEIVED, {
                "message_id": message_id, "received_at": services.clock.now().isoformat(), "body": body})
            uow.commit()
        log.info("fk_message_taken_in", message_id=message_id)
        return {"message_id": message_id}
