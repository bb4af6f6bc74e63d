"""What the FK adapter's tests share: FK's messages as FK sends them, the unit's question put in the
database, the rows of the outbox and the question table (named apart from every other test
directory's modules: the tiers run all of them in one process)."""
from __future__ import annotations

import json
import uuid

import sqlalchemy as sa

from webcert_common.bus import Event, MessageBus, make_event, outbox_table
from webcert_messaging.adapters import orm
from webcert_messaging.domain import lifecycle
from webcert_messaging.domain.question import Question

INGRID = {"id": "TSTNMT2321000156-1001", "name": "Ingrid Holm"}


def fk_question(certificate_id: str, subject: str = "KONTAKT", *, id: str | None = None, text: str = "Ring oss.",
                references: list | None = None, reminder_of: str | None = None, sent_at: str | None = None) -> dict:
    body = {"kind": "question", "id": id or str(uuid.uuid4()), "certificate_id": certificate_id,
            "subject": subject, "text": text, "sent_at": sent_at or "2026-11-26T09:00:00+01:00"}
    if references is not None:
        body["complement_references"] = references
    if reminder_of is not None:
        body["reminder_of"] = reminder_of
    return body


def fk_answer(question_id: str, text: str = "Vi har tagit emot det.") -> dict:
    return {"kind": "answer", "question_id": question_id, "text": text, "sent_at": "2026-11-26T10:00:00+01:00"}


def received(body, clock) -> Event:
    """``fk.message_received`` as the adapter endpoint writes it."""
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return make_event("fk.message_received", {"message_id": str(uuid.uuid4()),
                                              "received_at": clock.now().isoformat(), "body": text}, "messaging")


def unit_question(services, record, text: str = "När är avstämningsmötet?") -> Question:
    """The unit's question ("Administrativa frågor"), as the messaging API stores it."""
    with services.uow() as uow:
        question = lifecycle.ask(record, id=str(uuid.uuid4()), subject="AVSTAMNINGSMOTE", text=text, by=INGRID,
                                 at=services.clock.now())
        uow.questions.add(question)
        uow.commit()
    return question


def outbox_events(engine, event_type: str) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(outbox_table().c.body).where(outbox_table().c.type == event_type)
                            .order_by(outbox_table().c.position)).scalars().all()
    return [json.loads(row) for row in rows]


def question_rows(engine) -> list:
    with engine.connect() as conn:
        return conn.execute(sa.select(orm.question).order_by(orm.question.c.id)).all()


def take_all(bus: MessageBus, queue_name: str) -> list:
    """Every message now in ``queue_name`` (acknowledged: the queue is left empty)."""
    import kombu

    taken = []
    with bus.connect() as conn:
        queue = kombu.Queue(queue_name, durable=True)(conn.channel())
        while (message := queue.get(no_ack=False)) is not None:
            message.ack()
            taken.append(message)
    return taken
