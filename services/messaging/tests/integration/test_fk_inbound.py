"""FK's messages in (issue 7): the consumer of ``fk.message_received`` stores FK's question (a
complement request, a reminder) or FK's answer to the unit's question and writes the event for the
e-mail (QA-7), all in the consumer's transaction (the unit of work joins it), on SQLite and
PostgreSQL. A body that does not parse or breaks a rule raises a PermanentError and changes nothing;
FK's question id already stored is a repeat, and nothing happens."""
from __future__ import annotations

import uuid

import pytest

from messaging_fk_support import (
    fk_answer, fk_question, outbox_events, question_rows, received, unit_question,
)
from messaging_world import VE11, MessagingWorld
from webcert_common.bus import MessageBus, PermanentError, contracts
from webcert_messaging.domain.certificate import CertificateRecord
from webcert_messaging.entrypoints.fk_worker import inbound_consumer
from webcert_messaging.service_layer.fk_inbound import CertificateNotYetKnown


@pytest.fixture
def world(messaging_services):
    return MessagingWorld(messaging_services, messaging_services.clock)


@pytest.fixture
def handle(messaging_services, messaging_engine, bus_namespace):
    """The inbound consumer's handler, called as the InboxConsumer calls it: on its connection, in its transaction."""
    bus = MessageBus("memory://", namespace=bus_namespace)
    consumer = inbound_consumer(messaging_engine, bus, messaging_services)
    handler = consumer.handlers[contracts.FK_MESSAGE_RECEIVED]

    def run(body) -> None:
        with messaging_engine.begin() as connection:
            handler(received(body, messaging_services.clock), connection)

    yield run
    bus.close()


def test_fk_question_is_stored_with_the_event_for_the_mail(handle, world, messaging_engine, messaging_services):
    record = world.certificate()
    body = fk_question(record.id, "KONTAKT", text="Ring Försäkringskassan.")
    handle(body)
    question = world.question(body["id"])
    assert (question.certificate_id, question.sender, question.subject, question.text) == \
        (record.id, "fk", "KONTAKT", "Ring Försäkringskassan.")
    assert question.sent_at.isoformat() == "2026-11-26T08:00:00+00:00" and question.unit_id == VE11
    [event] = outbox_events(messaging_engine, contracts.QUESTION_RECEIVED)
    assert event["payload"] == {"question_id": body["id"], "certificate_id": record.id, "unit_id": VE11,
                                "care_unit_id": VE11, "subject": "KONTAKT",
                                "received_at": messaging_services.clock.now().isoformat()}


def test_a_complement_request_names_the_forms_questions(handle, world):
    record = world.certificate()
    body = fk_question(record.id, "KOMPLETTERING", references=[{"question_id": "28", "text": "Vilket arbete?"},
                                                                {"question_id": "26.2", "text": "Telefon?"}])
    handle(body)
    assert [(r.question_id, r.text) for r in world.question(body["id"]).complement_references] == \
        [("28", "Vilket arbete?"), ("26.2", "Telefon?")]


def test_a_reminder_names_fks_earlier_question(handle, world):
    record = world.certificate()
    first = fk_question(record.id, "OVRIGT")
    reminder = fk_question(record.id, "PAMINNELSE", reminder_of=first["id"])
    handle(first)
    handle(reminder)
    assert world.question(reminder["id"]).reminder_of == first["id"]


def test_the_same_question_from_fk_again_changes_nothing(handle, world, messaging_engine):
    record = world.certificate()
    body = fk_question(record.id)
    handle(body)
    before = question_rows(messaging_engine)
    handle(dict(body, text="Ett annat meddelande med samma id."))
    assert question_rows(messaging_engine) == before
    assert len(outbox_events(messaging_engine, contracts.QUESTION_RECEIVED)) == 1


def test_fk_answers_the_units_question(handle, world, messaging_services, messaging_engine):
    record = world.certificate()
    asked = unit_question(messaging_services, record)
    handle(fk_answer(asked.id, "Mötet är på tisdag."))
    question = world.question(asked.id)
    assert (question.answer.text, question.answer.sender) == ("Mötet är på tisdag.", "fk")
    assert question.answer.at.isoformat() == "2026-11-26T09:00:00+00:00"
    assert question.handling is None         # §7: the user ticks "Hanterad" after reading it
    [event] = outbox_events(messaging_engine, contracts.QUESTION_ANSWER_RECEIVED)
    assert event["payload"]["question_id"] == asked.id and event["payload"]["subject"] == "AVSTAMNINGSMOTE"


def _bad_inputs(world, services):
    """(FK's body, the reason it is refused) for each rule the issue names, and more."""
    record = world.certificate()
    unsent = world.certificate(sent_to_fk=False)
    revoked = world.certificate(revoked=True)
    fks = world.fk_question(record, "KONTAKT")
    asked = unit_question(services, record)
    answered = unit_question(services, record)
    with services.uow() as uow:
        question = uow.questions.get(answered.id)
        question.receive_answer("Redan besvarad.", services.clock.now())
        uow.questions.update(question)
        uow.commit()
    reference = [{"question_id": "1", "text": "Mer."}]
    return [
        ("{not json", "FK_MESSAGE_NOT_JSON"),
        ('{"kind": "question"}', "FK_MESSAGE_INVALID"),
        (dict(fk_question(record.id), unexpected="x"), "FK_MESSAGE_INVALID"),
        (fk_question(record.id, sent_at="2026-11-26T09:00:00"), "FK_MESSAGE_INVALID"),
        (fk_question(record.id, "OKANT"), "FK_MESSAGE_INVALID"),
        (fk_question(str(uuid.uuid4())), "CERTIFICATE_UNKNOWN"),
        (fk_question(unsent.id), "NOT_SENT_TO_FK"),
        (fk_question(revoked.id), "REVOKED"),
        (fk_question(record.id, "KOMPLETTERING", references=[{"question_id": "999", "text": "Finns ej."}]),
         "INVALID_COMPLEMENT_REFERENCES"),
        (fk_question(record.id, "KOMPLETTERING", references=[]), "INVALID_COMPLEMENT_REFERENCES"),
        (fk_question(record.id, "KONTAKT", references=reference), "INVALID_COMPLEMENT_REFERENCES"),
        (fk_question(record.id, "PAMINNELSE", reminder_of=str(uuid.uuid4())), "INVALID_REMINDER"),
        (fk_question(record.id, "PAMINNELSE", reminder_of=asked.id), "INVALID_REMINDER"),
        (fk_question(record.id, text="   "), "TEXT_REQUIRED"),
        (fk_question(str(uuid.uuid4()), id=asked.id), "FK_QUESTION_ID_TAKEN"),
        (fk_answer(str(uuid.uuid4())), "QUESTION_NOT_FOUND"),
        (fk_answer(fks.id), "NOT_A_UNIT_QUESTION"),
        (fk_answer(answered.id), "ALREADY_ANSWERED"),
        (fk_answer(asked.id, text=""), "TEXT_REQUIRED"),
    ]


def test_each_bad_message_is_refused_for_good_and_changes_nothing(handle, world, messaging_services,
                                                                  messaging_engine):
    cases = _bad_inputs(world, messaging_services)
    before = question_rows(messaging_engine)
    for body, reason in cases:
        with pytest.raises(PermanentError) as refused:
            handle(body)
        assert refused.value.reason == reason, (body, str(refused.value))
    assert question_rows(messaging_engine) == before
    assert outbox_events(messaging_engine, contracts.QUESTION_RECEIVED) == []
    assert outbox_events(messaging_engine, contracts.QUESTION_ANSWER_RECEIVED) == []


def test_a_question_before_the_signing_event_is_tried_again(handle, world, messaging_services):
    """FK's receipt recorded, the signing event (the unit, the type) not yet: temporary, not dead-lettered."""
    record = CertificateRecord(str(uuid.uuid4()), "", "", "", sent_to_fk=True)
    with messaging_services.uow() as uow:
        uow.records.add(record)
        uow.commit()
    with pytest.raises(CertificateNotYetKnown):
        handle(fk_question(record.id))
