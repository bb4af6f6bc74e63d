"""INT-1, CERT-6, CERT-9, CERT-13 through the certificate worker: the recipients' queue adapters
deliver what the service hands over, report the receipt back, and the certificate becomes
"Skickat" only then. A recipient that is down makes the delivery wait (never lost, delivered
once); one that refuses, or answers garbage until the retries are spent, makes it fail visibly.
On SQLite with kombu memory:// (embedded) and on PostgreSQL with RabbitMQ (distributed); the
recipients are the in-memory fakes (the HTTP adapter against the simulator: test_cert_recipients.py)."""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from webcert_certificate.adapters.recipients import InMemoryRecipient
from webcert_certificate.config import CertificateConfig
from webcert_certificate.entrypoints.worker import build_workers
from webcert_certificate.examples import example_content
from webcert_certificate.service_layer.delivery import queue_service
from webcert_common.bus import DependencyUnavailable, MessageBus, contracts

MAX_ROUNDS = 50


@dataclass
class Delivery:
    relay: object
    consumers: list
    recipients: dict[str, InMemoryRecipient]

    def pump(self) -> int:
        """Publish and consume until nothing moves; returns how many messages were taken. A
        consumer whose recipient is down stops for this pump and, at its end, lets its messages
        go back to the queue (as its run loop does before it pauses); the others go on."""
        total, stalled = 0, []
        for _ in range(MAX_ROUNDS):
            moved = self.relay.run_once()
            for consumer in self.consumers:
                if consumer in stalled:
                    continue
                try:
                    moved += consumer.drain(timeout=0.3)
                except DependencyUnavailable:
                    stalled.append(consumer)
            total += moved
            if moved == 0:
                for consumer in stalled:
                    consumer.close()
                return total
        raise AssertionError("the bus never came to rest")


@pytest.fixture
def delivery(certificates, database_url, request, bus_namespace, tmp_path):
    bus_url = "memory://" if database_url.startswith("sqlite") else request.getfixturevalue("amqp_url")
    config = CertificateConfig(database_url=database_url, data_dir=str(tmp_path), amqp_url=bus_url,
                               bus_namespace=bus_namespace, load_demo_world=False)
    fakes = {code: InMemoryRecipient(code) for code in contracts.RECIPIENT_CODES}
    bus = MessageBus(bus_url, bus_namespace)
    relay, _locking, *consumers = build_workers(config, clock=certificates.clock, recipients=list(fakes.values()),
                                                bus=bus)
    try:
        yield Delivery(relay, consumers, fakes)
    finally:
        for consumer in consumers:
            consumer.close()
        if not bus.is_memory:
            _delete_queues(bus, ["certificate", *[queue_service(code) for code in fakes]])
        bus.close()


def _delete_queues(bus: MessageBus, services: list[str]) -> None:
    with bus.connect() as conn:
        channel = conn.channel()
        for service in services:
            channel.queue_delete(bus.queue_name(service))
            channel.queue_delete(bus.dead_letter_queue_name(service))
        channel.exchange_delete(bus.exchange.name)


def signed(certificates, sid, certificate_type="FK7804"):
    draft = certificates.draft(sid, certificate_type)
    token = certificates.edit(sid, draft["id"])["edit_token"]
    today = certificates.clock.now().astimezone(ZoneInfo("Europe/Stockholm")).date()
    version = certificates.save(sid, draft["id"], example_content(certificate_type, today), 1, token).get_json()
    answer = certificates.call(sid, "POST", f"/certificates/{draft['id']}/sign", {"version": version["version"]})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def send(certificates, sid, certificate_id):
    return certificates.call(sid, "POST", f"/certificates/{certificate_id}/send", {"patient_consent": True})


def view(certificates, sid, certificate_id):
    return certificates.call(sid, "GET", f"/certificates/{certificate_id}").get_json()


def test_skickat_only_once_forsakringskassan_has_it(certificates, delivery):
    sid = certificates.login("ingrid")
    certificate = signed(certificates, sid)
    answer = send(certificates, sid, certificate["id"])
    assert answer.status_code == 202, answer.get_json()
    assert (answer.get_json()["status"], answer.get_json()["delivery"]["state"]) == ("SIGNED", "pending")
    assert delivery.recipients["fk"].certificates == {}       # nothing delivered before the relay ran
    delivery.pump()
    [(delivery_id, document)] = delivery.recipients["fk"].certificates.items()
    assert document["id"] == certificate["id"] and document["patient"]["personnummer"] == "19121212-1212"
    assert document["signature"] and document["content"] == certificate["content"]
    shown = view(certificates, sid, certificate["id"])
    assert (shown["status"], shown["status_label"], shown["delivery"]["state"]) == ("SENT", "Skickat", "delivered")
    assert [h["label"] for h in shown["history"]][-2:] == ["Intyget skickades till Försäkringskassan",
                                                          "Försäkringskassan tog emot intyget"]
    again = send(certificates, sid, certificate["id"])
    assert again.status_code == 409 and again.get_json()["error"]["reason"] == "ALREADY_SENT"
    assert not any(delivery.recipients[code].certificates for code in ("ts", "skv", "sos"))


def test_a_death_certificate_reaches_skatteverket_on_signing(certificates, delivery):
    sid = certificates.login("ingrid")
    certificate = signed(certificates, sid, "DB")
    delivery.pump()
    assert [d["id"] for d in delivery.recipients["skv"].certificates.values()] == [certificate["id"]]
    assert view(certificates, sid, certificate["id"])["status"] == "SENT"


def test_with_forsakringskassan_down_the_delivery_waits_and_arrives_once(certificates, delivery):
    sid = certificates.login("ingrid")
    certificate = signed(certificates, sid)
    fk = delivery.recipients["fk"]
    fk.mode = "down"
    send(certificates, sid, certificate["id"])
    delivery.pump()
    delivery.pump()
    assert fk.attempts >= 2 and fk.certificates == {}
    assert view(certificates, sid, certificate["id"])["delivery"]["state"] == "pending"
    fk.mode = "normal"
    delivery.pump()
    assert len(fk.certificates) == 1
    assert view(certificates, sid, certificate["id"])["status"] == "SENT"


@pytest.mark.parametrize("mode", ["reject", "garbage"])
def test_a_refused_delivery_is_shown_as_failed_and_may_be_sent_again(certificates, delivery, mode):
    sid = certificates.login("ingrid")
    certificate = signed(certificates, sid)
    fk = delivery.recipients["fk"]
    fk.mode = mode
    send(certificates, sid, certificate["id"])
    delivery.pump()
    # garbage is tried again a bounded number of times (max_redeliveries), a refusal never
    assert fk.attempts == (1 if mode == "reject" else 6)
    shown = view(certificates, sid, certificate["id"])
    assert (shown["status"], shown["delivery"]["state"]) == ("SIGNED", "failed")
    assert "Försäkringskassan" in shown["delivery"]["reason"] and "Error" not in shown["delivery"]["reason"]
    assert shown["history"][-1]["label"] == "Försäkringskassan tog inte emot intyget"
    assert shown["actions"]["SEND"]["allowed"]
    fk.mode = "normal"
    assert send(certificates, sid, certificate["id"]).status_code == 202
    delivery.pump()
    assert view(certificates, sid, certificate["id"])["status"] == "SENT" and len(fk.certificates) == 1


def test_revoking_a_sent_certificate_tells_forsakringskassan_why(certificates, delivery):
    sid = certificates.login("ingrid")
    certificate = signed(certificates, sid)
    send(certificates, sid, certificate["id"])
    delivery.pump()
    revoked = certificates.call(sid, "POST", f"/certificates/{certificate['id']}/revoke",
                                {"reason": "ANNAT_ALLVARLIGT_FEL", "message": "Fel period angiven."})
    assert revoked.status_code == 200, revoked.get_json()
    assert revoked.get_json()["revocation"]["recipient_informed"] == "fk"
    delivery.pump()
    [notice] = delivery.recipients["fk"].revocations.values()
    assert (notice["certificate_id"], notice["reason"], notice["message"]) == (
        certificate["id"], "ANNAT_ALLVARLIGT_FEL", "Fel period angiven.")
    shown = view(certificates, sid, certificate["id"])
    assert shown["status"] == "REVOKED" and shown["revocation"]["notice"]["state"] == "delivered"
    assert shown["history"][-1]["label"] == "Försäkringskassan informerades om makuleringen"


def test_revoking_a_death_certificate_tells_skatteverket_nothing(certificates, delivery):
    sid = certificates.login("ingrid")
    certificate = signed(certificates, sid, "DB")
    delivery.pump()
    revoked = certificates.call(sid, "POST", f"/certificates/{certificate['id']}/revoke", {})
    assert revoked.status_code == 200, revoked.get_json()
    assert "0771-567 567" in revoked.get_json()["revocation"]["phone_instruction"]
    delivery.pump()
    assert delivery.recipients["skv"].revocations == {}
    [event] = certificates.events(contracts.CERTIFICATE_REVOKED)
    assert event["payload"]["recipient"] is None and event["payload"]["delivery_id"] is None
