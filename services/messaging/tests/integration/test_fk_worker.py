"""FK's queue adapter end to end on the in-memory bus (issue 7): what FK posts to ``/fk/messages``
goes through the outbox, the relay and the real InboxConsumer; a message that breaks a rule -- a
complement request naming a field the type does not have, a message that does not parse, a question
on an unsent certificate -- ends in the dead-letter queue and changes nothing. Outward, the unit's
questions and answers reach FK once (the fake, then the FK simulator in-process): FK down makes them
wait, never dead-lettered; FK refusing dead-letters them."""
from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass

import pytest

from messaging_fk_support import fk_question, outbox_events, question_rows, take_all
from recipient_simulator import RecipientSimulatorConfig
from recipient_simulator import create_app as create_simulator
from webcert_common.bus import DependencyUnavailable, MessageBus, OutboxRelay, contracts, make_event
from webcert_common.service_client import WsgiServiceClient
from webcert_messaging.adapters.fk_outbound import InMemoryFkMessages
from webcert_messaging.entrypoints.fk_worker import INBOUND_SERVICE, OUTBOUND_SERVICE, build_fk_workers

MAX_ROUNDS = 50


@dataclass
class FkAdapter:
    bus: MessageBus
    relay: OutboxRelay
    inbound: object
    outbound: object

    def pump(self) -> int:
        """Publish and consume until nothing moves. A consumer whose dependency is down stops for
        this pump and lets its messages go back to the queue, as its run loop does before it pauses."""
        total, stalled = 0, []
        for _ in range(MAX_ROUNDS):
            moved = self.relay.run_once()
            for consumer in (self.inbound, self.outbound):
                if consumer in stalled:
                    continue
                try:
                    moved += consumer.drain(timeout=0.1)
                except DependencyUnavailable:
                    stalled.append(consumer)
            total += moved
            if moved == 0:
                for consumer in stalled:
                    consumer.close()
                return total
        raise AssertionError("the bus never came to rest")

    def dead_letters(self, service: str) -> list[dict]:
        return [json.loads(m.body) for m in take_all(self.bus, self.bus.dead_letter_queue_name(service))]

    def waiting(self, service: str) -> list[dict]:
        return [json.loads(m.body) for m in take_all(self.bus, self.bus.queue_name(service))]


def _adapter(messaging_config, services, engine, bus_namespace, **fk) -> FkAdapter:
    bus = MessageBus("memory://", namespace=bus_namespace)
    inbound, outbound = build_fk_workers(messaging_config, services, engine, bus, **fk)
    return FkAdapter(bus, OutboxRelay(engine, bus, clock=services.clock), inbound, outbound)


@pytest.fixture
def fake_fk():
    return InMemoryFkMessages()


@pytest.fixture
def adapter(messaging, messaging_config, fake_fk, bus_namespace):
    services = messaging.world.services
    built = _adapter(messaging_config, services, messaging.engine, bus_namespace, fk_messages=fake_fk)
    try:
        yield built
    finally:
        for consumer in (built.inbound, built.outbound):
            consumer.close()
        built.bus.close()


def post(messaging, body) -> None:
    raw = body if isinstance(body, str) else json.dumps(body)
    answer = messaging.client.post("/fk/messages", data=raw, content_type="application/json")
    assert answer.status_code == 202, answer.get_json()


def test_fks_question_goes_through_the_outbox_and_the_consumer(messaging, adapter):
    record = messaging.world.certificate()
    body = fk_question(record.id, "AVSTAMNINGSMOTE", text="Kan ni delta i ett avstämningsmöte?")
    post(messaging, body)
    assert messaging.world.question(body["id"]) is None        # taken in, not yet handled
    adapter.pump()
    assert messaging.world.question(body["id"]).text == "Kan ni delta i ett avstämningsmöte?"
    [event] = outbox_events(messaging.engine, contracts.QUESTION_RECEIVED)
    assert event["payload"]["question_id"] == body["id"]
    assert adapter.dead_letters(INBOUND_SERVICE) == []


def test_the_issues_bad_messages_are_dead_lettered_and_change_nothing(messaging, adapter):
    record = messaging.world.certificate()
    unsent = messaging.world.certificate(sent_to_fk=False)
    before = question_rows(messaging.engine)
    post(messaging, fk_question(record.id, "KOMPLETTERING",
                                references=[{"question_id": "no-such-field", "text": "Komplettera."}]))
    post(messaging, '{"kind": "question", "id": 17}')
    post(messaging, fk_question(unsent.id))
    adapter.pump()
    dead = adapter.dead_letters(INBOUND_SERVICE)
    assert sorted(json.loads(e["payload"]["body"]).get("certificate_id", "-") for e in dead) == \
        sorted([record.id, "-", unsent.id])
    assert question_rows(messaging.engine) == before
    assert outbox_events(messaging.engine, contracts.QUESTION_RECEIVED) == []
    assert adapter.waiting(INBOUND_SERVICE) == []


def asked(question_id: str, certificate_id: str) -> object:
    return make_event(contracts.QUESTION_ASKED, {
        "message_id": str(uuid.uuid4()), "question_id": question_id, "certificate_id": certificate_id,
        "subject": "KONTAKT", "text": "Ring oss.", "sent_at": "2026-11-26T09:00:00+00:00"}, "messaging")


def answered(question_id: str, certificate_id: str) -> object:
    return make_event(contracts.QUESTION_ANSWERED, {
        "message_id": str(uuid.uuid4()), "question_id": question_id, "certificate_id": certificate_id,
        "text": "Patienten kan delta.", "sent_at": "2026-11-26T10:00:00+00:00"}, "messaging")


def test_the_units_question_and_answer_reach_fk_once(adapter, fake_fk):
    question, answer = asked("q-1", "c-1"), answered("fk-q-2", "c-1")
    for event in (question, question, answer):
        adapter.bus.publish(event)
    adapter.pump()
    assert fake_fk.messages == {
        question.payload["message_id"]: {
            "message_id": question.payload["message_id"], "kind": "question", "certificate_id": "c-1",
            "question_id": "q-1", "subject": "KONTAKT", "text": "Ring oss.", "sent_at": "2026-11-26T09:00:00+00:00"},
        answer.payload["message_id"]: {
            "message_id": answer.payload["message_id"], "kind": "answer", "certificate_id": "c-1",
            "question_id": "fk-q-2", "subject": None, "text": "Patienten kan delta.",
            "sent_at": "2026-11-26T10:00:00+00:00"}}
    assert fake_fk.attempts == 2        # the repeat was caught by the inbox


def test_fk_down_makes_the_message_wait_then_it_is_delivered(adapter, fake_fk):
    fake_fk.mode = "down"
    event = asked("q-1", "c-1")
    adapter.bus.publish(event)
    adapter.pump()
    assert fake_fk.messages == {} and fake_fk.attempts >= 1
    assert adapter.dead_letters(OUTBOUND_SERVICE) == []
    fake_fk.mode = "normal"
    adapter.pump()
    assert list(fake_fk.messages) == [event.payload["message_id"]]


def test_fk_refusing_dead_letters_the_message(adapter, fake_fk):
    fake_fk.mode = "reject"
    event = answered("fk-q-1", "c-1")
    adapter.bus.publish(event)
    adapter.pump()
    [dead] = adapter.dead_letters(OUTBOUND_SERVICE)
    assert dead["id"] == event.id and fake_fk.attempts == 1


@pytest.fixture
def simulator(tmp_path):
    config = RecipientSimulatorConfig(recipient="fk", database_path=str(tmp_path / "fk.sqlite3"))
    return create_simulator(config, wait=lambda _seconds: None)


@pytest.fixture
def adapter_to_simulator(messaging, messaging_config, simulator, bus_namespace):
    services = messaging.world.services
    built = _adapter(messaging_config, services, messaging.engine, bus_namespace,
                     fk_client=WsgiServiceClient(simulator))
    try:
        yield built
    finally:
        for consumer in (built.inbound, built.outbound):
            consumer.close()
        built.bus.close()


def test_the_fk_simulator_receives_the_units_messages(adapter_to_simulator, simulator):
    sim = simulator.test_client()
    sim.put("/api/mode", json={"mode": "down"})
    question = asked("q-1", "c-1")
    adapter_to_simulator.bus.publish(question)
    adapter_to_simulator.pump()
    assert sim.get("/api/messages").get_json()["received"] == []
    assert adapter_to_simulator.dead_letters(OUTBOUND_SERVICE) == []

    sim.put("/api/mode", json={"mode": "normal"})
    adapter_to_simulator.pump()
    [stored] = sim.get("/api/messages").get_json()["received"]
    assert (stored["message_id"], stored["kind"], stored["question_id"]) == \
        (question.payload["message_id"], "question", "q-1")

    sim.put("/api/mode", json={"mode": "reject"})
    refused = answered("q-9", "c-1")
    adapter_to_simulator.bus.publish(refused)
    adapter_to_simulator.pump()
    assert [d["id"] for d in adapter_to_simulator.dead_letters(OUTBOUND_SERVICE)] == [refused.id]


def test_the_fk_simulators_complement_request_reaches_the_unit(messaging, adapter, tmp_path):
    """The simulator's "Ny fråga från Försäkringskassan" through the real endpoint and consumer: the
    form's question ids the simulator offers are those the messaging service accepts."""
    record = messaging.world.certificate()
    config = RecipientSimulatorConfig(recipient="fk", database_path=str(tmp_path / "fk-e2e.sqlite3"))
    sim = create_simulator(config, wait=lambda _s: None, webcert_client=WsgiServiceClient(messaging.client.application))
    client = sim.test_client()
    client.post("/api/certificates", json={"delivery_id": "d-1", "certificate": {
        "id": record.id, "certificate_type": "FK7804", "patient": {"personnummer": "191212121212"}}})
    path = f"/intyg/{record.id}/ny-fraga"
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)
    answer = client.post(path, data={"csrf_token": token, "subject": "KOMPLETTERING", "text": "Komplettera.",
                                     "fraga": ["28", "39.1"], "text_28": "Vilket arbete?", "text_39.1": "Varför?"})
    assert answer.status_code == 303, answer.get_data(as_text=True)
    adapter.pump()
    [sent] = client.get("/api/messages").get_json()["sent"]
    question = messaging.world.question(sent["id"])
    assert question.subject == "KOMPLETTERING" and question.certificate_id == record.id
    assert [(r.question_id, r.text) for r in question.complement_references] == \
        [("28", "Vilket arbete?"), ("39.1", "Varför?")]
    assert adapter.dead_letters(INBOUND_SERVICE) == []
