"""FK's adapter endpoint (issue 7, docs/ARCHITECTURE.md "FK's side"): ``POST /fk/messages`` takes a
JSON object with a known kind, without a session, commits ``fk.message_received`` with the body as
it came and answers 202 with the message id; anything else is refused with 400 and nothing written."""
from __future__ import annotations

import json
import uuid

import pytest

from messaging_fk_support import fk_answer, fk_question, outbox_events
from webcert_common.bus import contracts


def test_a_question_is_taken_in_and_committed_to_the_outbox(messaging):
    body = fk_question(str(uuid.uuid4()), "KOMPLETTERING", references=[{"question_id": "1", "text": "Förtydliga."}])
    text = json.dumps(body, ensure_ascii=False)
    answer = messaging.client.post("/fk/messages", data=text.encode("utf-8"), content_type="application/json")
    assert answer.status_code == 202, answer.get_json()
    message_id = answer.get_json()["message_id"]
    assert str(uuid.UUID(message_id)) == message_id
    [event] = outbox_events(messaging.engine, contracts.FK_MESSAGE_RECEIVED)
    assert (event["producer"], event["version"]) == ("messaging", 1)
    assert event["payload"] == {"message_id": message_id, "received_at": messaging.clock.now().isoformat(),
                                "body": text}


def test_an_answer_is_taken_in_without_looking_at_its_rules(messaging):
    """The consumer judges the question id and the text; the endpoint only the shape."""
    answer = messaging.client.post("/fk/messages", json=fk_answer("no-such-question", text=""))
    assert answer.status_code == 202
    [event] = outbox_events(messaging.engine, contracts.FK_MESSAGE_RECEIVED)
    assert json.loads(event["payload"]["body"])["question_id"] == "no-such-question"


@pytest.mark.parametrize("raw", [
    b"", b"not json", b"[1, 2]", b'"question"', b'{"kind": "reminder"}', b'{"text": "utan kind"}',
    b'{"kind": ["question"]}', "{\"kind\": \"question\", \"text\": \"\u00e5\"}".encode("latin-1"),
], ids=["empty", "not-json", "array", "string", "unknown-kind", "no-kind", "kind-not-text", "not-utf8"])
def test_anything_but_an_object_with_a_known_kind_is_refused(messaging, raw):
    answer = messaging.client.post("/fk/messages", data=raw, content_type="application/json")
    assert answer.status_code == 400
    assert answer.get_json()["error"] == {
        "reason": "INVALID_FK_MESSAGE",
        "message": "Meddelandet ska vara ett JSON-objekt med kind \"question\" eller \"answer\"."}
    assert outbox_events(messaging.engine, contracts.FK_MESSAGE_RECEIVED) == []


def test_no_session_is_needed_and_a_session_header_changes_nothing(messaging):
    sid = messaging.login("ingrid")
    for headers in ({}, {"X-Session-Id": sid}):
        answer = messaging.client.post("/fk/messages", json=fk_question(str(uuid.uuid4())), headers=headers)
        assert answer.status_code == 202
    assert len(outbox_events(messaging.engine, contracts.FK_MESSAGE_RECEIVED)) == 2
