"""The messaging worker:
- the outbox relay, which publishes what the messaging service committed (its events arrive
  with FK's queue adapter);
- the consumer on ``messaging.events``: certificate.signed (v1, and v2 with the patient and what
  the certificate came from: a signed complement, renewal or replacement changes the parent),
  certificate.delivered and certificate.revoked tell the service which certificates exist, which
  FK has received (QA-1) and which are revoked (CERT-13: their open questions handled);
  certificate.draft_created / draft_deleted which complement draft is open ("Öppna utkastet").
  Each handler joins the consumer's transaction, so its change and the inbox row commit together;
- FK's queue adapter (fk_worker.py): FK's messages in from ``fk.message_received``, the unit's
  questions and answers out to FK;
- the e-mail to the issuing unit when FK asks or answers (mail_worker.py, QA-7)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import partial

from webcert_common.bus import Event, InboxConsumer, MessageBus, OutboxRelay, contracts
from webcert_common.clock import Clock, SystemClock
from webcert_common.db import make_engine
from webcert_common.logging import configure_logging
from webcert_common.service_client import ServiceClient
from webcert_common.worker import serve

from ..bootstrap import build_services
from ..config import MessagingConfig
from ..domain import commands
from ..service_layer.handlers import MessagingServices, handle
from ..service_layer.unit_of_work import SqlUnitOfWork
from ..adapters.fk_outbound import FkMessages
from .fk_worker import build_fk_workers
from .mail_worker import mail_workers_from_env

SERVICE = "messaging"
CONSUMED_TYPES = (contracts.CERTIFICATE_SIGNED, contracts.CERTIFICATE_DELIVERED, contracts.CERTIFICATE_REVOKED,
                  contracts.CERTIFICATE_DRAFT_CREATED, contracts.CERTIFICATE_DRAFT_DELETED)


def joined(services: MessagingServices, connection) -> MessagingServices:
    """The services with a unit of work that joins the consumer's transaction."""
    return replace(services, uow=partial(SqlUnitOfWork, None, services.clock, joining=connection))


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def certificate_commands() -> dict:
    """An event's payload (webcert_common.bus.contracts, already checked against its version's
    schema by the InboxConsumer) as the command it carries. v1 of certificate.signed has no
    patient nor relation: ``.get`` leaves them None."""
    def signed(p: dict) -> commands.RecordSigned:
        return commands.RecordSigned(p["certificate_id"], p["certificate_type"], p["unit_id"], p["care_unit_id"],
                                     p["care_provider_id"], _time(p["signed_at"]), signed_by=p.get("signed_by"),
                                     patient_id=p.get("patient_id"), relation_kind=p.get("relation_kind"),
                                     parent_id=p.get("parent_id"))

    def draft_created(p: dict) -> commands.RecordDraftCreated:
        return commands.RecordDraftCreated(p["certificate_id"], p.get("relation_kind"), p.get("parent_id"),
                                           _time(p["created_at"]))

    def draft_deleted(p: dict) -> commands.RecordDraftDeleted:
        return commands.RecordDraftDeleted(p["certificate_id"], p.get("relation_kind"), p.get("parent_id"),
                                           _time(p["deleted_at"]))

    def delivered(p: dict) -> commands.RecordDelivered:
        return commands.RecordDelivered(p["certificate_id"], p["recipient"], p["delivery"], _time(p["received_at"]))

    def revoked(p: dict) -> commands.RecordRevoked:
        return commands.RecordRevoked(p["certificate_id"], p["certificate_type"], p["unit_id"], p["care_unit_id"],
                                      p["care_provider_id"], p["revoked_by"], _time(p["revoked_at"]))

    return {contracts.CERTIFICATE_SIGNED: signed, contracts.CERTIFICATE_DELIVERED: delivered,
            contracts.CERTIFICATE_REVOKED: revoked, contracts.CERTIFICATE_DRAFT_CREATED: draft_created,
            contracts.CERTIFICATE_DRAFT_DELETED: draft_deleted}


def certificate_handlers(services: MessagingServices) -> dict:
    def handler_for(to_command):
        def handler(event: Event, connection) -> None:
            handle(to_command(event.payload), joined(services, connection))
        return handler

    return {event_type: handler_for(to_command) for event_type, to_command in certificate_commands().items()}


def build_workers(config: MessagingConfig, *, clock: Clock | None = None, bus: MessageBus | None = None,
                  auth_client: ServiceClient | None = None, fk_client: ServiceClient | None = None,
                  fk_messages: FkMessages | None = None, mail: list | None = None) -> list:
    """``auth_client`` / ``fk_client``: in-process clients when embedded (None: HTTP to AUTH_URL and
    RECIPIENT_FK_URL); ``fk_messages``: a ready FK adapter (tests: the fake); ``mail``: ready mail
    workers (tests), else SMTP from the environment."""
    clock = clock or SystemClock()
    engine = make_engine(config.database_url)
    bus = bus or MessageBus(config.amqp_url, namespace=config.bus_namespace)
    services = build_services(config, engine, auth_client=auth_client, clock=clock)
    # before anything is published, so that no certificate event is routed nowhere
    bus.declare_consumer_queue(SERVICE, CONSUMED_TYPES)
    fk_workers = build_fk_workers(config, services, engine, bus, fk_client, fk_messages=fk_messages)
    mail_workers = mail if mail is not None else mail_workers_from_env(config, engine, bus, auth_client=auth_client,
                                                                       clock=clock)
    return [OutboxRelay(engine, bus, clock=clock),
            InboxConsumer(engine, bus, service=SERVICE, handlers=certificate_handlers(services), clock=clock),
            *fk_workers, *mail_workers]


def main() -> None:
    config = MessagingConfig.from_env()
    configure_logging(config.service_name, config.log_level)
    serve(config.service_name, build_workers(config))


if __name__ == "__main__":
    main()
