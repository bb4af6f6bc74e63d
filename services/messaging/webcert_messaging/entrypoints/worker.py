"""The messaging worker:
- the outbox relay, which publishes what the messaging service committed (its events arrive
  with FK's queue adapter);
- the consumer on ``messaging.events``: certificate.signed, certificate.delivered and
  certificate.revoked tell the service which certificates exist, which FK has received (QA-1)
  and which are revoked (CERT-13: their open questions handled). Each handler joins the
  consumer's transaction, so its change and the inbox row commit together."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import partial

from webcert_common.bus import Event, InboxConsumer, MessageBus, OutboxRelay, contracts
from webcert_common.clock import Clock, SystemClock
from webcert_common.db import make_engine
from webcert_common.logging import configure_logging
from webcert_common.worker import serve

from ..bootstrap import build_services
from ..config import MessagingConfig
from ..domain import commands
from ..service_layer.handlers import MessagingServices, handle
from ..service_layer.unit_of_work import SqlUnitOfWork

SERVICE = "messaging"
CONSUMED_TYPES = (contracts.CERTIFICATE_SIGNED, contracts.CERTIFICATE_DELIVERED, contracts.CERTIFICATE_REVOKED)


def joined(services: MessagingServices, connection) -> MessagingServices:
    """The services with a unit of work that joins the consumer's transaction."""
    return replace(services, uow=partial(SqlUnitOfWork, None, services.clock, joining=connection))


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def certificate_commands() -> dict:
    """An event's payload (webcert_common.bus.contracts) as the command it carries."""
    def signed(p: dict) -> commands.RecordSigned:
        return commands.RecordSigned(p["certificate_id"], p["certificate_type"], p["unit_id"], p["care_unit_id"],
                                     p["care_provider_id"], _time(p["signed_at"]))

    def delivered(p: dict) -> commands.RecordDelivered:
        return commands.RecordDelivered(p["certificate_id"], p["recipient"], p["delivery"], _time(p["received_at"]))

    def revoked(p: dict) -> commands.RecordRevoked:
        return commands.RecordRevoked(p["certificate_id"], p["certificate_type"], p["unit_id"], p["care_unit_id"],
                                      p["care_provider_id"], p["revoked_by"], _time(p["revoked_at"]))

    return {contracts.CERTIFICATE_SIGNED: signed, contracts.CERTIFICATE_DELIVERED: delivered,
            contracts.CERTIFICATE_REVOKED: revoked}


def certificate_handlers(services: MessagingServices) -> dict:
    def handler_for(to_command):
        def handler(event: Event, connection) -> None:
            handle(to_command(event.payload), joined(services, connection))
        return handler

    return {event_type: handler_for(to_command) for event_type, to_command in certificate_commands().items()}


def build_workers(config: MessagingConfig, *, clock: Clock | None = None, bus: MessageBus | None = None) -> list:
    clock = clock or SystemClock()
    engine = make_engine(config.database_url)
    bus = bus or MessageBus(config.amqp_url, namespace=config.bus_namespace)
    services = build_services(config, engine, clock=clock)
    # before anything is published, so that no certificate event is routed nowhere
    bus.declare_consumer_queue(SERVICE, CONSUMED_TYPES)
    return [OutboxRelay(engine, bus, clock=clock),
            InboxConsumer(engine, bus, service=SERVICE, handlers=certificate_handlers(services), clock=clock)]


def main() -> None:
    config = MessagingConfig.from_env()
    configure_logging(config.service_name, config.log_level)
    serve(config.service_name, build_workers(config))


if __name__ == "__main__":
    main()
