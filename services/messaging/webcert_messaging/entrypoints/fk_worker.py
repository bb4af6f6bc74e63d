"""FK's queue adapter's two consumers (issue 7, docs/ARCHITECTURE.md "Ärendekommunikation"), each on
its own durable queue with its own dead-letter queue, run by the messaging worker:

- ``messaging-fk-inbound``: ``fk.message_received`` -> FK's question or answer stored, with
  ``question.received`` / ``question.answer_received`` (service_layer/fk_inbound.py), in the
  consumer's transaction. A message that breaks a rule is dead-lettered at once, nothing changed.
- ``recipient-fk-messages``: ``question.asked`` / ``question.answered`` -> FK (adapters/fk_outbound.py).
  FK down: the message waits; FK refuses: dead-lettered. The inbox row is written only after FK's
  receipt, and FK stores each ``message_id`` once, so a repeat after a crash reaches FK once."""
from __future__ import annotations

from webcert_common.bus import Event, InboxConsumer, MessageBus, contracts
from webcert_common.logging import get_logger
from webcert_common.service_client import HttpServiceClient, ServiceClient

from ..adapters.fk_outbound import FkMessages, HttpFkMessages, fk_settings_from_env, message_for
from ..config import MessagingConfig
from ..service_layer import fk_inbound
from ..service_layer.handlers import MessagingServices
from ..service_layer.unit_of_work import SqlUnitOfWork

log = get_logger(__name__)

INBOUND_SERVICE = "messaging-fk-inbound"      # queue messaging-fk-inbound.events
OUTBOUND_SERVICE = "recipient-fk-messages"    # queue recipient-fk-messages.events
INBOUND_TYPES = (contracts.FK_MESSAGE_RECEIVED,)
OUTBOUND_TYPES = (contracts.QUESTION_ASKED, contracts.QUESTION_ANSWERED)


def declare_fk_queues(bus: MessageBus) -> None:
    """Before anything is published (the relay runs in the same worker), so no event is routed nowhere."""
    bus.declare_consumer_queue(INBOUND_SERVICE, INBOUND_TYPES)
    bus.declare_consumer_queue(OUTBOUND_SERVICE, OUTBOUND_TYPES)


def inbound_consumer(engine, bus: MessageBus, services: MessagingServices) -> InboxConsumer:
    def handler(event: Event, connection) -> None:
        with SqlUnitOfWork(None, services.clock, joining=connection) as uow:
            fk_inbound.receive(event.payload, uow)
            uow.commit()

    return InboxConsumer(engine, bus, service=INBOUND_SERVICE, handlers={t: handler for t in INBOUND_TYPES},
                         clock=services.clock)


def outbound_consumer(engine, bus: MessageBus, fk: FkMessages, services: MessagingServices) -> InboxConsumer:
    def handler(event: Event, _connection) -> None:
        message = message_for(event.type, event.payload)
        fk.send(message)
        log.info("fk_message_delivered", message_id=message["message_id"], kind=message["kind"],
                 question_id=message["question_id"], certificate_id=message["certificate_id"])

    return InboxConsumer(engine, bus, service=OUTBOUND_SERVICE, handlers={t: handler for t in OUTBOUND_TYPES},
                         clock=services.clock)


def fk_messages_from(config: MessagingConfig, fk_client: ServiceClient | None) -> FkMessages:
    """``fk_client`` None: HTTP to ``RECIPIENT_FK_URL`` (the FK simulator in this project)."""
    if fk_client is None:
        url, timeout = fk_settings_from_env()
        fk_client = HttpServiceClient(url, timeout=timeout)
    return HttpFkMessages(fk_client)


def build_fk_workers(config: MessagingConfig, services: MessagingServices, engine, bus: MessageBus,
                     fk_client: ServiceClient | None = None, *, fk_messages: FkMessages | None = None) -> list:
    """The two consumers, their queues declared. ``fk_client``: a ServiceClient to FK (embedded: the
    mounted FK simulator; None: HTTP); ``fk_messages``: a ready ``FkMessages`` (tests: the fake)."""
    declare_fk_queues(bus)
    fk = fk_messages if fk_messages is not None else fk_messages_from(config, fk_client)
    return [inbound_consumer(engine, bus, services), outbound_consumer(engine, bus, fk, services)]
