"""The events between the services of the gateway's real stack (certificate_stack.py), for the
pages of ärendekommunikation (§7): a certificate signed and sent reaches the FK simulator and
the messaging service; FK's questions come in through the FK adapter's endpoint and queue.

Everything runs on an in-process kombu bus of the stack's own (``memory://`` with a namespace of
its own), stepped by ``settle()`` -- no threads, no sleeps: each relay publishes what is
committed and each consumer takes what is queued, until nothing moves.

    stack.sign_draft(client, draft); stack.send_to_fk(client, draft["id"])   # signed, sent, FK's receipt
    question_id = fk_asks(stack, draft["id"], "KOMPLETTERING", "Förtydliga.", references={"1": "Vilket?"})
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from webcert_certificate.config import CertificateConfig
from webcert_certificate.entrypoints.worker import build_workers as certificate_workers
from webcert_common.bus import InboxConsumer, MessageBus, OutboxRelay
from webcert_common.service_client import WsgiServiceClient
from webcert_messaging.adapters.mailer import FakeMailer
from webcert_messaging.adapters.units import AuthUnitDirectory
from webcert_messaging.config import MessagingConfig
from webcert_messaging.entrypoints.mail_worker import MailConfig, build_mail_workers
from webcert_messaging.entrypoints.worker import build_workers as messaging_workers
from webcert_common.db import make_engine

import recipient_simulator
from recipient_simulator.config import RecipientSimulatorConfig

RECIPIENTS = ("fk", "ts", "skv", "sos")
MAX_ROUNDS = 50


@dataclass
class EventWorkers:
    bus: MessageBus
    relays: list
    consumers: list
    fk_app: object
    recipient_apps: dict
    mailer: FakeMailer          # QA-7: what the messaging worker sent (mail.sent)

    @classmethod
    def build(cls, stack) -> "EventWorkers":
        root = stack.root
        bus = MessageBus("memory://", namespace=f"gw-{uuid.uuid4().hex[:10]}.")
        webcert = {"webcert_client": WsgiServiceClient(stack.messaging_app)}
        recipient_apps = {code: recipient_simulator.create_app(
            RecipientSimulatorConfig(recipient=code, database_path=str(root / f"recipient-{code}.sqlite3")),
            **(webcert if code == "fk" else {}))
            for code in RECIPIENTS}
        # Messaging first: its queues must exist before the certificate service's relay publishes.
        messaging_config = MessagingConfig(database_url=f"sqlite:///{root / 'messaging.sqlite3'}")
        mailer = FakeMailer()
        mail = build_mail_workers(MailConfig(public_url="http://webcert.test"), make_engine(messaging_config.database_url),
                                  bus, mailer, AuthUnitDirectory(WsgiServiceClient(stack.auth_app)))
        messaging = messaging_workers(messaging_config, bus=bus, auth_client=WsgiServiceClient(stack.auth_app),
                                      fk_client=WsgiServiceClient(recipient_apps["fk"]), mail=mail)
        certificate_config = CertificateConfig(database_url=f"sqlite:///{root / 'certificate.sqlite3'}",
                                               data_dir=str(root / "certificate"))
        certificate = certificate_workers(
            certificate_config, bus=bus,
            recipient_clients={code: WsgiServiceClient(app) for code, app in recipient_apps.items()})
        workers = [*messaging, *certificate]
        return cls(bus=bus, relays=[w for w in workers if isinstance(w, OutboxRelay)],
                   consumers=[w for w in workers if isinstance(w, InboxConsumer)],
                   fk_app=recipient_apps["fk"], recipient_apps=recipient_apps, mailer=mailer)

    def settle(self) -> None:
        for _ in range(MAX_ROUNDS):
            moved = sum(relay.run_once() for relay in self.relays)
            moved += sum(consumer.drain(timeout=0.01) for consumer in self.consumers)
            if moved == 0:
                return
        raise AssertionError(f"events still moving after {MAX_ROUNDS} rounds")

    def close(self) -> None:
        for consumer in self.consumers:
            consumer.close()


def now_text() -> str:
    return datetime.now(timezone.utc).isoformat()


def fk_asks(stack, certificate_id: str, subject: str, text: str, *, references: dict[str, str] | None = None,
            reminder_of: str | None = None, question_id: str | None = None) -> str:
    """FK sends a question through its adapter's endpoint; settled. Returns FK's question id."""
    question_id = question_id or f"fk-{uuid.uuid4().hex[:12]}"
    body = {"kind": "question", "id": question_id, "certificate_id": certificate_id, "subject": subject,
            "text": text, "sent_at": now_text(),
            "complement_references": [{"question_id": q, "text": t} for q, t in (references or {}).items()],
            "reminder_of": reminder_of}
    answer = stack.messaging_app.test_client().post("/fk/messages", json=body)
    assert answer.status_code == 202, answer.get_json()
    stack.settle()
    return question_id


def fk_answers(stack, question_id: str, text: str) -> None:
    """FK answers the unit's question through its adapter's endpoint; settled."""
    answer = stack.messaging_app.test_client().post(
        "/fk/messages", json={"kind": "answer", "question_id": question_id, "text": text, "sent_at": now_text()})
    assert answer.status_code == 202, answer.get_json()
    stack.settle()
