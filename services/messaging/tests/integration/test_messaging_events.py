"""What the messaging service learns from certificate.* events (issue 7: "it learns that from
certificate.* events, not by asking"): the handlers the worker's InboxConsumer runs, called with
the consumer's transaction (the unit of work joins it) on a real database; then once through an
InboxConsumer on the in-memory bus, to see the inbox make a redelivered event harmless."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from messaging_world import VE11, VE11_M1, VG01, MessagingWorld
from webcert_common.bus import InboxConsumer, MessageBus, contracts, inbox_table, make_event
from webcert_messaging.domain.question import REVOKED
from webcert_messaging.entrypoints.worker import SERVICE, build_workers, certificate_handlers


@pytest.fixture
def world(messaging_services):
    return MessagingWorld(messaging_services, messaging_services.clock)


def _identity(certificate_id: str) -> dict:
    return {"certificate_id": certificate_id, "certificate_type": "FK7804", "type_version": "1.0",
            "unit_id": VE11_M1, "care_unit_id": VE11, "care_provider_id": VG01}


def signed(certificate_id: str, at) -> object:
    return make_event(contracts.CERTIFICATE_SIGNED, {**_identity(certificate_id), "signed_by": "TSTNMT2321000156-1001",
                                                     "signed_at": at.isoformat(), "recipient": "fk"}, "certificate")


def delivered(certificate_id: str, at, recipient: str = "fk", delivery: str = "certificate") -> object:
    return make_event(contracts.CERTIFICATE_DELIVERED, {
        "certificate_id": certificate_id, "recipient": recipient, "delivery": delivery,
        "delivery_id": str(uuid.uuid4()), "received_at": at.isoformat()}, "certificate")


def revoked(certificate_id: str, at) -> object:
    return make_event(contracts.CERTIFICATE_REVOKED, {
        **_identity(certificate_id), "revoked_by": "TSTNMT2321000156-1001", "revoked_at": at.isoformat(),
        "reason": "FEL_PATIENT", "recipient": "fk", "delivery_id": str(uuid.uuid4())}, "certificate")


def consume(services, engine, *events) -> None:
    """As the InboxConsumer does: each handler on the consumer's connection, in its transaction."""
    handlers = certificate_handlers(services)
    for event in events:
        with engine.begin() as connection:
            handlers[event.type](event, connection)


def test_signed_then_delivered_to_fk_allows_questions(messaging_services, messaging_engine, world):
    cid, now = str(uuid.uuid4()), messaging_services.clock.now()
    consume(messaging_services, messaging_engine, signed(cid, now))
    record = world.record(cid)
    assert (record.certificate_type, record.unit_id, record.care_unit_id, record.care_provider_id) == \
        ("FK7804", VE11_M1, VE11, VG01)
    assert record.signed_at == now and not record.sent_to_fk
    assert record.messaging_state().reason == "NOT_SENT_TO_FK"

    consume(messaging_services, messaging_engine, delivered(cid, now + timedelta(minutes=1)))
    record = world.record(cid)
    assert record.sent_to_fk and record.sent_to_fk_at == now + timedelta(minutes=1)
    assert record.messaging_state().allowed


@pytest.mark.parametrize("recipient,delivery", [("ts", "certificate"), ("fk", "revocation")])
def test_other_receipts_do_not_make_a_certificate_sent_to_fk(messaging_services, messaging_engine, world,
                                                             recipient, delivery):
    cid, now = str(uuid.uuid4()), messaging_services.clock.now()
    consume(messaging_services, messaging_engine, signed(cid, now), delivered(cid, now, recipient, delivery))
    assert not world.record(cid).sent_to_fk


def test_a_receipt_before_the_signing_event_is_kept(messaging_services, messaging_engine, world):
    """A retried certificate.signed may come after FK's receipt: neither is lost."""
    cid, now = str(uuid.uuid4()), messaging_services.clock.now()
    consume(messaging_services, messaging_engine, delivered(cid, now), signed(cid, now))
    record = world.record(cid)
    assert record.sent_to_fk and record.unit_id == VE11_M1 and record.messaging_state().allowed


def test_revoked_handles_every_open_question(messaging_services, messaging_engine, world):
    """CERT-13, §5.10: "Om det finns obesvarad ärendekommunikation kopplad till intyget markeras de
    som hanterade när intyget makuleras" -- a question already handled stays as it was."""
    record = world.certificate()
    complement = world.fk_question(record, "KOMPLETTERING", "Komplettera", references=(("1", "Mer om arbetet."),))
    contact = world.fk_question(record, "KONTAKT")
    reminder = world.fk_question(record, "PAMINNELSE", "Påminnelse", reminder_of=contact.id)
    answered = world.fk_question(record, "OVRIGT")
    by = {"id": "TSTNMT2321000156-1001", "name": "Ingrid Holm"}
    with messaging_services.uow() as uow:
        question = uow.questions.get(answered.id)
        question.give_answer("Svar", by, messaging_services.clock.now())
        uow.questions.update(question)
        uow.commit()
    other = world.fk_question(world.certificate(), "KONTAKT")

    at = messaging_services.clock.now() + timedelta(hours=1)
    consume(messaging_services, messaging_engine, revoked(record.id, at))

    assert world.record(record.id).revoked and world.record(record.id).revoked_at == at
    for question in (complement, contact, reminder):
        handling = world.question(question.id).handling
        assert (handling.how, handling.at, handling.by) == (REVOKED, at, None)
    assert world.question(answered.id).handling.how == "answered"
    assert world.question(other.id).handling is None


def test_revoked_twice_changes_nothing_the_second_time(messaging_services, messaging_engine, world):
    record = world.certificate()
    question = world.fk_question(record)
    at = messaging_services.clock.now()
    consume(messaging_services, messaging_engine, revoked(record.id, at))
    first = (world.record(record.id), world.question(question.id))
    consume(messaging_services, messaging_engine, revoked(record.id, at + timedelta(days=1)))
    assert (world.record(record.id), world.question(question.id)) == first


def test_revoked_before_anything_else_is_known(messaging_services, messaging_engine, world):
    cid = str(uuid.uuid4())
    consume(messaging_services, messaging_engine, revoked(cid, messaging_services.clock.now()))
    record = world.record(cid)
    assert record.revoked and record.unit_id == VE11_M1
    assert record.messaging_state().reason == "REVOKED"


def test_the_worker_consumes_each_event_once(messaging_config, messaging_engine, messaging_services, world,
                                             bus_namespace):
    """Through the worker's InboxConsumer on the in-memory bus: the same event delivered twice is
    handled once (the inbox row, committed with the handler's change)."""
    bus = MessageBus("memory://", namespace=bus_namespace)
    workers = build_workers(messaging_config, clock=messaging_services.clock, bus=bus)
    consumer = next(w for w in workers if isinstance(w, InboxConsumer))
    try:
        record = world.certificate()
        world.fk_question(record)
        event = revoked(record.id, messaging_services.clock.now())
        bus.publish(event)
        bus.publish(event)
        handled = 0
        for _ in range(50):   # drain waits up to its timeout for messages; stop once both were taken
            handled += consumer.drain(timeout=0.2)
            if handled >= 2:
                break
        assert handled == 2
        with messaging_engine.connect() as conn:
            rows = conn.execute(sa.select(inbox_table()).where(inbox_table().c.service == SERVICE)).all()
        assert [r.event_id for r in rows] == [event.id]
        assert world.record(record.id).revoked
    finally:
        consumer.close()
        bus.close()
        consumer.engine.dispose()
