"""The mail worker (QA-7) through its real InboxConsumer on the in-memory bus, on the messaging
database (SQLite and PostgreSQL), with the REAL auth service in-process answering GET /units and a
FakeMailer as the mail server: one e-mail per event however often it is delivered, and an e-mail
that waits while the mail server is down instead of being lost."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from webcert_auth.bootstrap import prepare as prepare_auth
from webcert_auth.config import AuthConfig
from webcert_auth.entrypoints.app import create_app as create_auth_app
from webcert_common.bus import DependencyUnavailable, InboxConsumer, MessageBus, contracts, inbox_table, make_event
from webcert_common.clock import FakeClock
from webcert_common.service_client import WsgiServiceClient
from webcert_messaging.adapters.mailer import FakeMailer
from webcert_messaging.adapters.units import AuthUnitDirectory
from webcert_messaging.entrypoints.mail_worker import MAIL_SERVICE, MailConfig, build_mail_workers

VE11, VE11_M1, VE12 = "TSTNMT2321000156-VE11", "TSTNMT2321000156-VE11-M1", "TSTNMT2321000156-VE12"
PUBLIC_URL = "http://localhost:8000"


@pytest.fixture
def units(tmp_path):
    config = AuthConfig(database_url=f"sqlite:///{tmp_path / 'auth.sqlite3'}")
    prepare_auth(config)
    app = create_auth_app(config, clock=FakeClock(datetime.now(timezone.utc)))
    try:
        yield AuthUnitDirectory(WsgiServiceClient(app))
    finally:
        app.extensions["webcert_auth_engine"].dispose()


class MailWiring:
    def __init__(self, consumer: InboxConsumer, bus: MessageBus, mailer: FakeMailer, engine) -> None:
        self.consumer, self.bus, self.mailer, self.engine = consumer, bus, mailer, engine

    def drain_until(self, taken: int, tries: int = 50) -> int:
        """Drain until ``taken`` messages came off the queue (drain waits up to its timeout for each)."""
        total = 0
        for _ in range(tries):
            total += self.consumer.drain(timeout=0.2)
            if total >= taken:
                return total
        return total

    def inbox_ids(self) -> list[str]:
        table = inbox_table()
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(table.c.event_id).where(table.c.service == MAIL_SERVICE))
            return [r.event_id for r in rows]

    def dead_letters(self) -> int:
        taken = 0
        with self.bus.connect() as conn:
            queue = self.bus.dead_letter_queue(MAIL_SERVICE)(conn.channel())
            while (message := queue.get(no_ack=False)) is not None:
                message.ack()
                taken += 1
        return taken


@pytest.fixture
def wiring(messaging_engine, units, bus_namespace):
    bus = MessageBus("memory://", namespace=bus_namespace)
    mailer = FakeMailer()
    [consumer] = build_mail_workers(MailConfig(public_url=PUBLIC_URL), messaging_engine, bus, mailer, units)
    try:
        yield MailWiring(consumer, bus, mailer, messaging_engine)
    finally:
        consumer.close()
        bus.close()


def question_event(event_type: str = contracts.QUESTION_RECEIVED, unit_id: str = VE11_M1, subject: str = "KONTAKT"):
    return make_event(event_type, {"question_id": str(uuid.uuid4()), "certificate_id": str(uuid.uuid4()),
                                   "unit_id": unit_id, "care_unit_id": VE11, "subject": subject,
                                   "received_at": "2026-11-26T09:00:00+00:00"}, "messaging")


def test_each_event_is_mailed_once_to_the_issuing_unit_however_often_it_arrives(wiring):
    question = question_event()                                     # a workplace: its care unit's mailbox
    answer = question_event(contracts.QUESTION_ANSWER_RECEIVED, VE12, "OVRIGT")
    for event in (question, answer, question):
        wiring.bus.publish(event)
    assert wiring.drain_until(3) == 3
    assert [(m.to, m.subject) for m in wiring.mailer.sent] == [
        ("alfa.vardcentral@example.invalid", "Ny fråga från Försäkringskassan: Kontakt"),
        ("alfa.akut@example.invalid", "Svar från Försäkringskassan: Övrigt")]
    assert f"{PUBLIC_URL}/intyg/{question.payload['certificate_id']}" in wiring.mailer.sent[0].body
    assert "Alfa Vårdcentral, Mottagning Norr" in wiring.mailer.sent[0].body
    assert sorted(wiring.inbox_ids()) == sorted([question.id, answer.id])


def test_while_the_mail_server_is_down_the_event_waits_and_is_mailed_once_it_is_back(wiring):
    event = question_event(subject="KOMPLETTERING")
    wiring.mailer.down = True
    wiring.bus.publish(event)
    for _ in range(wiring.consumer.max_redeliveries + 2):           # longer than any retry budget
        with pytest.raises(DependencyUnavailable):
            wiring.consumer.drain(timeout=1.0)
        wiring.consumer.close()                                     # what run() does before its pause
    assert wiring.mailer.sent == [] and wiring.inbox_ids() == [] and wiring.dead_letters() == 0
    wiring.mailer.down = False
    assert wiring.drain_until(1) == 1
    assert [m.message_id for m in wiring.mailer.sent] == [event.id]
    assert wiring.inbox_ids() == [event.id]


def test_an_event_for_a_unit_the_directory_does_not_know_is_dead_lettered(wiring):
    wiring.bus.publish(question_event(unit_id="TSTNMT2321000156-FINNS-INTE"))
    assert wiring.drain_until(1) == 1
    assert wiring.mailer.attempts == 0 and wiring.inbox_ids() == []
    assert wiring.dead_letters() == 1
