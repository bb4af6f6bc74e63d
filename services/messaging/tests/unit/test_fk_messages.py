"""FK's queue adapter without I/O: FK's message bodies parsed strictly (anything else is a
PermanentError with a reason), the unit's events as FK's messages, and how FK's HTTP answers are
judged (down waits, a refusal is final, no receipt is retried)."""
from __future__ import annotations

import json
from datetime import timezone

import pytest

from webcert_common.bus import DependencyUnavailable, PermanentError, contracts
from webcert_common.service_client import ServiceResponse, ServiceTimeout, ServiceUnavailable
from webcert_messaging.adapters.fk_outbound import (
    FkAnswerInvalid, FkRejected, FkUnavailable, HttpFkMessages, InMemoryFkMessages, message_for,
)
from webcert_messaging.service_layer.fk_inbound import FkMessageRefused, kind_of, parse

QUESTION = {"kind": "question", "id": "fk-1", "certificate_id": "c-1", "subject": "KOMPLETTERING",
            "text": "Komplettera.", "sent_at": "2026-11-26T09:00:00+01:00",
            "complement_references": [{"question_id": "28", "text": "Vilket arbete?"}], "reminder_of": None}
ANSWER = {"kind": "answer", "question_id": "q-1", "text": "Svar.", "sent_at": "2026-11-26T09:00:00Z"}


def test_a_question_is_parsed_with_its_time_in_utc():
    kind, message = parse(json.dumps(QUESTION))
    assert kind == "question" and message["complement_references"] == [{"question_id": "28", "text": "Vilket arbete?"}]
    assert message["sent_at"].tzinfo == timezone.utc and message["sent_at"].hour == 8


def test_optional_fields_of_a_question_default_to_none():
    body = {k: v for k, v in QUESTION.items() if k not in ("complement_references", "reminder_of")}
    _kind, message = parse(json.dumps(body))
    assert (message["complement_references"], message["reminder_of"]) == ([], None)


def test_an_answer_is_parsed():
    kind, message = parse(json.dumps(ANSWER))
    assert kind == "answer" and message["question_id"] == "q-1"


@pytest.mark.parametrize("body,reason", [
    ("{", "FK_MESSAGE_NOT_JSON"),
    ("[]", "FK_MESSAGE_UNKNOWN_KIND"),
    (json.dumps({"kind": "note"}), "FK_MESSAGE_UNKNOWN_KIND"),
    (json.dumps({**QUESTION, "extra": 1}), "FK_MESSAGE_INVALID"),
    (json.dumps({**QUESTION, "sent_at": "2026-11-26T09:00:00"}), "FK_MESSAGE_INVALID"),
    (json.dumps({**QUESTION, "subject": "KOMPLETTERA"}), "FK_MESSAGE_INVALID"),
    (json.dumps({**QUESTION, "id": ""}), "FK_MESSAGE_INVALID"),
    (json.dumps({**QUESTION, "id": "x" * 65}), "FK_MESSAGE_INVALID"),
    (json.dumps({**QUESTION, "complement_references": [{"question_id": "1"}]}), "FK_MESSAGE_INVALID"),
    (json.dumps({**QUESTION, "complement_references": [{"question_id": "1", "text": "t", "x": 1}]}),
     "FK_MESSAGE_INVALID"),
    (json.dumps({**ANSWER, "subject": "KONTAKT"}), "FK_MESSAGE_INVALID"),
    (json.dumps({k: v for k, v in ANSWER.items() if k != "text"}), "FK_MESSAGE_INVALID"),
])
def test_anything_else_is_refused_for_good(body, reason):
    with pytest.raises(FkMessageRefused) as refused:
        parse(body)
    assert refused.value.reason == reason and isinstance(refused.value, PermanentError)


def test_the_endpoints_check_is_only_the_kind():
    assert kind_of({"kind": "question"}) == "question" and kind_of({"kind": "answer", "x": 1}) == "answer"
    assert kind_of({"kind": "other"}) is None and kind_of(["question"]) is None
    assert kind_of({"kind": ["answer"]}) is None


def test_the_units_events_as_fks_messages():
    asked = {"message_id": "m-1", "question_id": "q-1", "certificate_id": "c-1", "subject": "OVRIGT", "text": "T",
             "sent_at": "2026-11-26T09:00:00+00:00"}
    assert message_for(contracts.QUESTION_ASKED, asked) == {**asked, "kind": "question"}
    answered = {k: v for k, v in asked.items() if k != "subject"}
    assert message_for(contracts.QUESTION_ANSWERED, answered) == {**answered, "kind": "answer", "subject": None}


class FakeClient:
    """A ServiceClient that answers as told, and keeps what it was sent."""

    def __init__(self, answer) -> None:
        self.answer = answer
        self.sent = []

    def request(self, method, path, json=None, headers=None, params=None):
        self.sent.append((method, path, json))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.mark.parametrize("answer,error", [
    (ServiceUnavailable("connection refused"), FkUnavailable),
    (ServiceUnavailable("HTTP 503"), FkUnavailable),
    (ServiceTimeout("no answer"), FkAnswerInvalid),
    (ServiceResponse(422, {"error": {"reason": "REJECTED", "message": "Meddelandet avvisades."}}), FkRejected),
    (ServiceResponse(400, None), FkRejected),
    (ServiceResponse(200, None), FkAnswerInvalid),
    (ServiceResponse(201, {"receipt_id": "r"}), FkAnswerInvalid),
])
def test_fks_answers_are_judged(answer, error):
    with pytest.raises(error):
        HttpFkMessages(FakeClient(answer)).send({"message_id": "m-1"})
    assert issubclass(FkUnavailable, DependencyUnavailable) and issubclass(FkRejected, PermanentError)
    assert not issubclass(FkAnswerInvalid, (PermanentError, DependencyUnavailable))   # retried, bounded


def test_a_receipt_is_returned_and_the_message_posted_to_fk():
    client = FakeClient(ServiceResponse(201, {"receipt_id": "r-1", "received_at": "2026-11-26T08:00:00+00:00"}))
    assert HttpFkMessages(client).send({"message_id": "m-1"})["receipt_id"] == "r-1"
    assert client.sent == [("POST", "/api/messages", {"message_id": "m-1"})]


def test_the_fake_stores_each_message_once():
    fake = InMemoryFkMessages()
    fake.send({"message_id": "m-1", "text": "first"})
    fake.send({"message_id": "m-1", "text": "again"})
    assert fake.messages == {"m-1": {"message_id": "m-1", "text": "first"}} and fake.attempts == 2
