"""The certificate worker:
- the outbox relay, which publishes committed certificate.* and pdl.* events (the gateway ships
  the PDL entries to the national log service);
- the locking job (CERT-8), which every LOCK_INTERVAL_SECONDS locks the drafts that are fourteen
  days old; it runs at once when the worker starts, and may run in several workers at once;
- the recipients' queue adapters (INT-1): one consumer per recipient on its own durable queue
  ``recipient-<code>.events``, delivering certificate.sent / certificate.revoked
  (service_layer/delivery.py);
- the receipts consumer on ``certificate.events``: certificate.delivered / delivery_failed make
  the certificate "Skickat", or tell the user that sending failed (service_layer/sending.py)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import partial

from webcert_common.bus import Event, InboxConsumer, MessageBus, OutboxRelay, contracts
from webcert_common.clock import Clock, SystemClock
from webcert_common.db import make_engine
from webcert_common.logging import configure_logging
from webcert_common.service_client import HttpServiceClient, ServiceClient
from webcert_common.worker import PeriodicWorker, serve

from ..adapters.recipients import HttpRecipient, Recipient
from ..bootstrap import build_services
from ..config import CertificateConfig
from ..domain import commands
from ..service_layer import delivery
from ..service_layer.handlers import CertificateServices, handle
from ..service_layer.unit_of_work import SqlUnitOfWork

SERVICE = "certificate"
RECEIPT_TYPES = (contracts.CERTIFICATE_DELIVERED, contracts.CERTIFICATE_DELIVERY_FAILED)


class LockingJob(PeriodicWorker):
    def __init__(self, services: CertificateServices, interval_seconds: float) -> None:
        super().__init__("draft_locking", self._lock, interval_seconds)
        self.services = services

    def _lock(self) -> int:
        return handle(commands.LockDueDrafts(), self.services)


def joined(services: CertificateServices, connection) -> CertificateServices:
    """The services with a unit of work that joins the consumer's transaction."""
    return replace(services, uow=partial(SqlUnitOfWork, None, services.clock, joining=connection))


def receipt_handlers(services: CertificateServices) -> dict:
    def delivered(event: Event, connection) -> None:
        p = event.payload
        handle(commands.RecordReceipt(p["certificate_id"], p["recipient"], p["delivery_id"],
                                      _time(p["received_at"])), joined(services, connection))

    def failed(event: Event, connection) -> None:
        p = event.payload
        handle(commands.RecordDeliveryFailure(p["certificate_id"], p["recipient"], p["delivery_id"], p["reason"],
                                              _time(p["failed_at"])), joined(services, connection))

    return {contracts.CERTIFICATE_DELIVERED: delivered, contracts.CERTIFICATE_DELIVERY_FAILED: failed}


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def adapter_consumer(engine, bus: MessageBus, recipient: Recipient, clock: Clock) -> InboxConsumer:
    def handler(event: Event, connection) -> None:
        with SqlUnitOfWork(None, clock, joining=connection) as uow:
            delivery.deliver(event, uow, recipient, clock)

    def dead_lettered(event: Event, reason: str, connection) -> None:
        with SqlUnitOfWork(None, clock, joining=connection) as uow:
            delivery.delivery_failed(event, reason, uow, recipient, clock)

    return InboxConsumer(engine, bus, service=delivery.queue_service(recipient.code),
                         handlers={t: handler for t in delivery.HANDLED_TYPES}, on_dead_letter=dead_lettered,
                         clock=clock)


def recipients_from(config: CertificateConfig, clients: dict[str, ServiceClient] | None) -> list[Recipient]:
    clients = clients or {}
    return [HttpRecipient(code, clients.get(code) or HttpServiceClient(url, timeout=config.recipient_timeout_seconds))
            for code, url in config.recipient_urls.items()]


def declare_queues(bus: MessageBus, recipients: list[Recipient]) -> None:
    """Before anything is published (the relay runs in this worker), so no event is routed nowhere."""
    bus.declare_consumer_queue(SERVICE, RECEIPT_TYPES)
    for recipient in recipients:
        bus.declare_consumer_queue(delivery.queue_service(recipient.code), delivery.HANDLED_TYPES)


def build_workers(config: CertificateConfig, *, clock: Clock | None = None,
                  recipient_clients: dict[str, ServiceClient] | None = None,
                  recipients: list[Recipient] | None = None, bus: MessageBus | None = None) -> list:
    """``recipient_clients``: a ServiceClient per recipient code (embedded: the mounted simulators);
    ``recipients``: ready Recipient objects (tests: fakes). None: HTTP to RECIPIENT_<CODE>_URL."""
    clock = clock or SystemClock()
    engine = make_engine(config.database_url)
    bus = bus or MessageBus(config.amqp_url, namespace=config.bus_namespace)
    services = build_services(config, engine, clock=clock)
    recipients = recipients if recipients is not None else recipients_from(config, recipient_clients)
    declare_queues(bus, recipients)
    return [OutboxRelay(engine, bus, clock=clock), LockingJob(services, config.lock_interval_seconds),
            InboxConsumer(engine, bus, service=SERVICE, handlers=receipt_handlers(services), clock=clock),
            *[adapter_consumer(engine, bus, recipient, clock) for recipient in recipients]]


def main() -> None:
    config = CertificateConfig.from_env()
    configure_logging(config.service_name, config.log_level)
    serve(config.service_name, build_workers(config))


if __name__ == "__main__":
    main()
