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


# --- certificate.signed v2, the complement draft (issue 7) -------------------------------------------

TOLVAN = "19121212-1212"


def signed_v2(certificate_id: str, at, relation_kind: str | None = None, parent_id: str | None = None,
              patient_id: str = TOLVAN) -> object:
    return make_event(contracts.CERTIFICATE_SIGNED, {
        **_identity(certificate_id), "signed_by": "TSTNMT2321000156-1001", "signed_at": at.isoformat(),
        "recipient": "fk", "patient_id": patient_id, "relation_kind": relation_kind, "parent_id": parent_id},
        "certificate", 2)


def draft_event(event_type: str, certificate_id: str, parent_id: str | None, at,
                relation_kind: str | None = "COMPLEMENT") -> object:
    payload = {"certificate_id": certificate_id, "certificate_type": "FK7804", "unit_id": VE11_M1,
               "care_unit_id": VE11, "care_provider_id": VG01, "relation_kind": relation_kind, "parent_id": parent_id}
    if event_type == contracts.CERTIFICATE_DRAFT_CREATED:
        payload.update(type_version="1.0", created_at=at.isoformat())
    else:
        payload["deleted_at"] = at.isoformat()
    return make_event(event_type, payload, "certificate")


def test_signed_v2_keeps_the_patient_and_the_signer_and_v1_keeps_none(messaging_services, messaging_engine, world):
    now = messaging_services.clock.now()
    v2, v1 = str(uuid.uuid4()), str(uuid.uuid4())
    consume(messaging_services, messaging_engine, signed_v2(v2, now), signed(v1, now))
    assert (world.record(v2).patient_id, world.record(v2).signed_by) == (TOLVAN, "TSTNMT2321000156-1001")
    assert world.record(v1).patient_id is None and world.record(v1).signed_by == "TSTNMT2321000156-1001"


def _parent_with_questions(world):
    parent = world.certificate(VE11_M1, VE11, patient_id=TOLVAN)
    complement = world.fk_question(parent, "KOMPLETTERING", "Komplettera", references=(("1", "Mer."),))
    second = world.fk_question(parent, "KOMPLETTERING", "Och mer", references=(("35", "Period."),))
    reminder = world.fk_question(parent, "PAMINNELSE", "Påminnelse", reminder_of=complement.id)
    contact = world.fk_question(parent, "KONTAKT")
    return parent, (complement, second, reminder, contact)


def test_a_signed_complement_handles_the_parents_complement_requests(messaging_services, messaging_engine, world):
    """§7 "Avklarad kompletteringsbegäran": every open complement request handled, the reminder of
    one with it (QA-11); the parent shows "besvarades med ett nytt intyg" and its draft is gone.
    Administrative questions stay open. Safe twice."""
    parent, (complement, second, reminder, contact) = _parent_with_questions(world)
    new_id, at = str(uuid.uuid4()), messaging_services.clock.now() + timedelta(hours=1)
    consume(messaging_services, messaging_engine,
            draft_event(contracts.CERTIFICATE_DRAFT_CREATED, new_id, parent.id, at - timedelta(minutes=30)))
    assert world.record(parent.id).complement_draft_id == new_id

    consume(messaging_services, messaging_engine, signed_v2(new_id, at, "COMPLEMENT", parent.id))

    record = world.record(parent.id)
    assert record.complemented_by == new_id and record.complement_draft_id is None
    assert record.complement_state().reason == "ALREADY_COMPLEMENTED"
    for question in (complement, second):
        handling = world.question(question.id).handling
        assert (handling.how, handling.at, handling.related_id, handling.by) == ("complemented", at, new_id, None)
    assert world.question(reminder.id).handling.how == "reminded_question_answered"
    assert world.question(contact.id).handling is None
    first = (world.record(parent.id), world.questions(parent.id))
    consume(messaging_services, messaging_engine, signed_v2(new_id, at + timedelta(days=1), "COMPLEMENT", parent.id))
    assert (world.record(parent.id), world.questions(parent.id)) == first


def test_a_signed_renewal_handles_only_the_complement_requests(messaging_services, messaging_engine, world):
    """§5.8 "Förnya intyg" (CERT-11): "Eventuell administrativ ärendekommunikation förblir obesvarad"."""
    parent, (complement, second, reminder, contact) = _parent_with_questions(world)
    renewal, at = str(uuid.uuid4()), messaging_services.clock.now()
    consume(messaging_services, messaging_engine, signed_v2(renewal, at, "RENEW", parent.id))
    for question in (complement, second):
        assert (world.question(question.id).handling.how, world.question(question.id).handling.related_id) == \
            ("renewed", renewal)
    assert world.question(reminder.id).handling.how == "reminded_question_answered"
    assert world.question(contact.id).handling is None
    assert world.record(parent.id).complemented_by is None and not world.record(parent.id).replaced


def test_a_signed_replacement_makes_the_parent_replaced(messaging_services, messaging_engine, world):
    """§5.8: a replaced certificate "kommer endast gå att läsa och skriva ut": no complement."""
    parent, questions = _parent_with_questions(world)
    consume(messaging_services, messaging_engine,
            signed_v2(str(uuid.uuid4()), messaging_services.clock.now(), "REPLACE", parent.id))
    record = world.record(parent.id)
    assert record.replaced and record.complement_state().reason == "REPLACED"
    assert all(world.question(q.id).handling is None for q in questions)


@pytest.mark.parametrize("kind", [None, "COPY", "DERIVE"])
def test_other_signed_certificates_leave_the_parent_as_it_was(messaging_services, messaging_engine, world, kind):
    parent, _questions = _parent_with_questions(world)
    before = (world.record(parent.id), world.questions(parent.id))
    consume(messaging_services, messaging_engine,
            signed_v2(str(uuid.uuid4()), messaging_services.clock.now(), kind, parent.id if kind else None))
    assert (world.record(parent.id), world.questions(parent.id)) == before


def test_a_deleted_complement_draft_may_be_made_again(messaging_services, messaging_engine, world):
    """§7: "Om ett utkast som skapats för att komplettera ett intyg raderas, före signering, går det
    att senare ånyo skapa ett nytt kompletterande intyg"; other drafts do not concern the parent."""
    parent, _questions = _parent_with_questions(world)
    draft, now = str(uuid.uuid4()), messaging_services.clock.now()
    consume(messaging_services, messaging_engine,
            draft_event(contracts.CERTIFICATE_DRAFT_CREATED, str(uuid.uuid4()), parent.id, now, "RENEW"),
            draft_event(contracts.CERTIFICATE_DRAFT_CREATED, draft, parent.id, now),
            draft_event(contracts.CERTIFICATE_DRAFT_CREATED, draft, parent.id, now))
    assert world.record(parent.id).complement_draft_id == draft
    consume(messaging_services, messaging_engine,
            draft_event(contracts.CERTIFICATE_DRAFT_DELETED, str(uuid.uuid4()), parent.id, now))
    assert world.record(parent.id).complement_draft_id == draft       # another draft's deletion
    deleted = draft_event(contracts.CERTIFICATE_DRAFT_DELETED, draft, parent.id, now)
    consume(messaging_services, messaging_engine, deleted, deleted)
    assert world.record(parent.id).complement_draft_id is None


def test_a_draft_event_after_its_signing_does_not_reopen_it(messaging_services, messaging_engine, world):
    """A retried draft_created after the complement was signed: the draft is no longer open."""
    parent, _questions = _parent_with_questions(world)
    new_id, now = str(uuid.uuid4()), messaging_services.clock.now()
    consume(messaging_services, messaging_engine, signed_v2(new_id, now, "COMPLEMENT", parent.id),
            draft_event(contracts.CERTIFICATE_DRAFT_CREATED, new_id, parent.id, now))
    assert world.record(parent.id).complement_draft_id is None


def test_the_worker_takes_signed_v1_and_v2_and_the_draft_events(messaging_config, messaging_engine,
                                                                messaging_services, world, bus_namespace):
    """Through the worker's InboxConsumer on the in-memory bus: the types it declares include the
    draft events, and both versions of certificate.signed reach their handler."""
    bus = MessageBus("memory://", namespace=bus_namespace)
    workers = build_workers(messaging_config, clock=messaging_services.clock, bus=bus)
    consumer = next(w for w in workers if isinstance(w, InboxConsumer))
    try:
        parent, (complement, *_rest) = _parent_with_questions(world)
        now, v1, complementing = messaging_services.clock.now(), str(uuid.uuid4()), str(uuid.uuid4())
        events = [signed(v1, now), draft_event(contracts.CERTIFICATE_DRAFT_CREATED, complementing, parent.id, now),
                  signed_v2(complementing, now, "COMPLEMENT", parent.id)]
        for event in events:
            bus.publish(event)
        handled = 0
        for _ in range(50):   # drain waits up to its timeout for messages; stop once all were taken
            handled += consumer.drain(timeout=0.2)
            if handled >= len(events):
                break
        assert handled == len(events)
        assert world.record(v1).signed_at == now
        assert world.record(parent.id).complemented_by == complementing
        assert world.question(complement.id).handling.how == "complemented"
    finally:
        consumer.close()
        bus.close()
        consumer.engine.dispose()
