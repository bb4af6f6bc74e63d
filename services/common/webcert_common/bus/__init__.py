"""The message bus: event envelope and contracts, the kombu bus (RabbitMQ or memory://),
the transactional outbox and its relay, and the inbox consumer (docs/ARCHITECTURE.md,
'Events'; STYLE.md habit 4).

Producers write events with ``write_to_outbox`` in the transaction that changes their
state; an ``OutboxRelay`` publishes what was committed; an ``InboxConsumer`` hands each
event to its handler in the transaction that records it as handled, then acknowledges.
"""
from . import contracts
from .envelope import Event, make_event
from .errors import DependencyUnavailable, MalformedMessage, PermanentError
from .inbox import DatabaseUnavailable, InboxConsumer
from .kombu_bus import MessageBus
from .redelivery import HEADER_QUEUE, HEADER_REASON, HEADER_RETRY_COUNT, HEADER_ROUTING_KEY
from .relay import OutboxRelay
from .tables import (add_messaging_tables, create_delivery_attempt_table, create_messaging_tables,
                     delivery_attempt_table, drop_delivery_attempt_table, drop_messaging_tables, inbox_table,
                     outbox_table, write_to_outbox)

__all__ = [
    "contracts", "Event", "make_event", "MalformedMessage", "PermanentError", "DatabaseUnavailable",
    "DependencyUnavailable",
    "InboxConsumer", "MessageBus", "OutboxRelay", "add_messaging_tables", "create_messaging_tables",
    "drop_messaging_tables", "write_to_outbox", "inbox_table", "outbox_table", "delivery_attempt_table",
    "create_delivery_attempt_table", "drop_delivery_attempt_table",
    "HEADER_QUEUE", "HEADER_REASON", "HEADER_RETRY_COUNT", "HEADER_ROUTING_KEY",
]
