"""The broker, through kombu: the same code on RabbitMQ (``amqp://``, distributed mode)
and on kombu's in-process ``memory://`` transport (embedded mode, threads in one process).

One durable topic exchange ``<namespace>webcert.events``; each consuming service has a
durable queue ``<namespace><service>.events`` and a durable dead-letter queue
``<namespace><service>.events.dead-letter``. Messages are persistent; on RabbitMQ every
publish waits for the broker's confirm, so "published" means "the broker has it".
Dead-lettering is done by the consumer, not by RabbitMQ's DLX, so it behaves the same on
memory:// (which has none).
"""
from __future__ import annotations

import threading
from typing import Iterable

import kombu
from kombu.transport import memory

from .contracts import EXCHANGE
from .envelope import Event

PERSISTENT = 2


class _RestoringMemoryChannel(memory.Channel):
    # kombu's memory channel drops unacknowledged messages when it closes; a broker gives
    # them back. Embedded mode must keep the same guarantee: no ack, no loss.
    do_restore = True


class _RestoringMemoryTransport(memory.Transport):
    Channel = _RestoringMemoryChannel


def queue_name(namespace: str, service: str) -> str:
    return f"{namespace}{service}.events"


def dead_letter_queue_name(namespace: str, service: str) -> str:
    return f"{queue_name(namespace, service)}.dead-letter"


class MessageBus:
    """Publishing and queue declaration. ``publish`` is thread-safe; consumers open their
    own connection with ``connect()`` (a kombu connection belongs to one thread)."""

    def __init__(self, amqp_url: str, namespace: str = "", confirm_publish: bool = True) -> None:
        self.amqp_url = amqp_url
        self.namespace = namespace
        self.confirm_publish = confirm_publish
        self.is_memory = amqp_url.startswith("memory://")
        self.exchange = kombu.Exchange(f"{namespace}{EXCHANGE}", type="topic", durable=True)
        self._lock = threading.Lock()
        self._connection: kombu.Connection | None = None
        self._producer: kombu.Producer | None = None

    # -- connections -------------------------------------------------------------

    def connect(self) -> kombu.Connection:
        """A new connection to the same broker, for one thread (a consumer, a relay)."""
        if self.is_memory:
            return kombu.Connection(self.amqp_url, transport=_RestoringMemoryTransport,
                                    transport_options={"polling_interval": 0.01})
        return kombu.Connection(self.amqp_url, heartbeat=0,
                                transport_options={"confirm_publish": self.confirm_publish})

    def _publisher(self) -> kombu.Producer:
        if self._producer is None:
            self._connection = self.connect()
            self._connection.ensure_connection(max_retries=3)
            self._producer = kombu.Producer(self._connection.channel())
            self.exchange(self._producer.channel).declare()
        return self._producer

    # -- names and declarations --------------------------------------------------

    def queue_name(self, service: str) -> str:
        return queue_name(self.namespace, service)

    def dead_letter_queue_name(self, service: str) -> str:
        return dead_letter_queue_name(self.namespace, service)

    def consumer_queue(self, service: str, routing_keys: Iterable[str]) -> kombu.Queue:
        bindings = [kombu.binding(self.exchange, routing_key=key) for key in sorted(set(routing_keys))]
        return kombu.Queue(self.queue_name(service), bindings=bindings, durable=True, auto_delete=False)

    def dead_letter_queue(self, service: str) -> kombu.Queue:
        # bound to the default exchange only: reached by its name, never by a routing key
        return kombu.Queue(self.dead_letter_queue_name(service), durable=True, auto_delete=False)

    def declare_consumer_queue(self, service: str, routing_keys: Iterable[str]) -> kombu.Queue:
        """Declare the exchange, the service's work queue bound to ``routing_keys`` and its
        dead-letter queue. Idempotent; call it before events are published, or they are
        routed nowhere."""
        queue = self.consumer_queue(service, routing_keys)
        with self._lock:
            channel = self._publisher().channel
            self.exchange(channel).declare()
            queue(channel).declare()
            self.dead_letter_queue(service)(channel).declare()
        return queue

    # -- publishing --------------------------------------------------------------

    def publish(self, event: Event) -> None:
        """Persistent, and confirmed by the broker on amqp (raises if it is refused)."""
        self.publish_json(event.to_json(), event.type, message_id=event.id,
                          correlation_id=event.correlation_id)

    def publish_json(self, body: str | bytes, routing_key: str, *, message_id: str | None = None,
                     correlation_id: str | None = None, headers: dict | None = None,
                     to_queue: bool = False) -> None:
        """Publish an already serialised event. ``to_queue=True`` sends it straight to the
        queue named ``routing_key`` (the default exchange): used for retries and dead letters."""
        with self._lock:
            try:
                self.publish_with(self._publisher(), body, routing_key, message_id=message_id,
                                  correlation_id=correlation_id, headers=headers, to_queue=to_queue)
            except Exception:
                self._drop_connection()   # the next publish reconnects; the caller decides to retry
                raise

    def publish_with(self, producer: kombu.Producer, body: str | bytes, routing_key: str, *,
                     message_id: str | None = None, correlation_id: str | None = None,
                     headers: dict | None = None, to_queue: bool = False) -> None:
        """Publish on a caller's own producer (a consumer thread republishing on its connection)."""
        producer.publish(
            body,
            exchange="" if to_queue else self.exchange,
            routing_key=routing_key,
            content_type="application/json",
            content_encoding="utf-8",
            delivery_mode=PERSISTENT,
            message_id=message_id,
            correlation_id=correlation_id,
            headers=headers or {},
        )

    def close(self) -> None:
        with self._lock:
            self._drop_connection()

    def _drop_connection(self) -> None:
        connection, self._connection, self._producer = self._connection, None, None
        if connection is not None:
            try:
                connection.release()
            except Exception:  # a broken connection may fail to close; it is gone either way
                pass

    def __enter__(self) -> "MessageBus":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
