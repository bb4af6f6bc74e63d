"""The inbox consumer: takes a service's events off its queue and hands each to its handler.

For each message (STYLE.md habit 4, DESIGN.md: a consumer is idempotent):
  1. parse the envelope and check the payload against its contract (bad → dead letter);
  2. in ONE database transaction: add the inbox row (event_id, service) and run the
     handler on the same connection; an inbox row already there means "handled before";
  3. commit, THEN acknowledge. A consumer that dies between the two leaves the message
     unacknowledged; the broker gives it to another consumer, which finds the inbox row
     and acknowledges without a second effect.
Messages that arrive together are handled in one transaction (fewer commits) and are all
acknowledged after it commits; if anything in it fails, they are handled one by one.
"""
from __future__ import annotations

import socket
import threading
from typing import Callable

import kombu
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .. import correlation
from ..clock import Clock, SystemClock
from ..logging import get_logger
from . import redelivery
from .contracts import validate_payload
from .envelope import Event
from .errors import DependencyUnavailable, MalformedMessage, PermanentError
from .kombu_bus import MessageBus
from .tables import delivery_attempt_table, inbox_table

log = get_logger(__name__)
Handler = Callable[[Event, Connection], None]
# Run when an event is dead-lettered, in a transaction of its own: lets a consumer record that it
# gave up (a recipient adapter tells the certificate service that a delivery failed for good).
DeadLetterHook = Callable[[Event, str, Connection], None]
MAX_PAUSE = 30.0   # seconds between tries while a handler's dependency is down


def _upsert(table: sa.Table, dialect: str):
    """An INSERT that can say what to do on conflict (PostgreSQL and SQLite both can)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the project runs on PostgreSQL and SQLite only
        raise RuntimeError(f"no inbox support for {dialect}")
    return insert(table)


def _insert_ignoring_duplicates(table: sa.Table, dialect: str):
    return _upsert(table, dialect).on_conflict_do_nothing(index_elements=["event_id", "service"])


def _was_redelivered(message) -> bool:
    return bool((getattr(message, "delivery_info", None) or {}).get("redelivered"))


class ConsumerStoppedWhileHandling(PermanentError):
    """A redelivered event whose handling has stopped a consumer too many times (a process
    that dies on it, say): dead-lettered so that it cannot stop every consumer in turn."""


class DatabaseUnavailable(RuntimeError):
    """The database could not be used: leave the messages unacknowledged and try later."""


class _AlreadyHandled(Exception):
    pass


class InboxConsumer:
    def __init__(self, engine: Engine, bus: MessageBus, *, service: str, handlers: dict[str, Handler],
                 max_redeliveries: int = 5, prefetch_count: int = 200, batch_size: int = 100,
                 clock: Clock | None = None, on_dead_letter: DeadLetterHook | None = None) -> None:
        if not handlers:
            raise ValueError("an InboxConsumer needs at least one handler")
        self.engine = engine
        self.bus = bus
        self.service = service
        self.handlers = dict(handlers)
        self.max_redeliveries = max_redeliveries
        self.on_dead_letter = on_dead_letter
        self.prefetch_count = prefetch_count
        self.batch_size = batch_size
        self.clock = clock or SystemClock()
        self.queue = bus.consumer_queue(service, self.handlers)
        self.queue_name = bus.queue_name(service)
        self.dead_letter_queue_name = bus.dead_letter_queue_name(service)
        self._inbox = inbox_table()
        self._attempts = delivery_attempt_table()
        self._insert_inbox = self._inbox.insert()
        self._connection: kombu.Connection | None = None
        self._producer: kombu.Producer | None = None
        self._pending: list = []

    # -- connection --------------------------------------------------------------

    def _open(self) -> kombu.Connection:
        if self._connection is None:
            connection = self.bus.connect()
            connection.ensure_connection(max_retries=3)
            self._producer = kombu.Producer(connection.channel())
            self.bus.dead_letter_queue(self.service)(self._producer.channel).declare()
            consumer = kombu.Consumer(connection.channel(), queues=[self.queue], on_message=self._pending.append,
                                      prefetch_count=self.prefetch_count)
            consumer.consume()
            self._connection = connection
        return self._connection

    def close(self) -> None:
        """Close the connection; unacknowledged messages go back to the queue."""
        connection, self._connection, self._producer = self._connection, None, None
        self._pending.clear()
        if connection is not None:
            try:
                connection.release()
            except Exception:  # closing a broken connection may fail again; it is gone either way
                pass

    def __enter__(self) -> "InboxConsumer":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # -- loops -------------------------------------------------------------------

    def run(self, stop: threading.Event, poll: float = 0.2) -> None:
        """Consume until ``stop`` is set, reconnecting when the broker or database goes away
        and pausing (1 s, 2 s, 4 s … up to MAX_PAUSE) while a handler's dependency is down."""
        pause = 1.0
        while not stop.is_set():
            try:
                self._drain_batch(self._open(), poll)
                pause = 1.0
            except DependencyUnavailable as exc:  # the messages wait in the queue, uncounted
                log.warning("inbox_dependency_unavailable", service=self.service, error=str(exc)[:200],
                            pause_seconds=pause)
                self.close()
                stop.wait(pause)
                pause = min(pause * 2, MAX_PAUSE)
            except Exception as exc:  # broker or database away: messages stay unacked, try again
                log.warning("inbox_consumer_failed", service=self.service, error_type=type(exc).__name__,
                            error=str(exc)[:200])
                self.close()
                stop.wait(1.0)
        self.close()

    def drain(self, timeout: float = 1.0) -> int:
        """Handle messages until none has arrived for ``timeout`` seconds; returns how many
        were taken off the queue (handled, skipped as duplicates, retried or dead-lettered)."""
        connection = self._open()
        total = 0
        while True:
            count = self._drain_batch(connection, timeout)
            if count == 0:
                return total
            total += count

    def _drain_batch(self, connection: kombu.Connection, timeout: float) -> int:
        try:
            connection.drain_events(timeout=timeout)
            while len(self._pending) < self.batch_size:
                connection.drain_events(timeout=0)
        except socket.timeout:
            pass
        taken, self._pending[:] = list(self._pending), []
        for start in range(0, len(taken), self.batch_size):   # one delivery may bring several
            self._process(taken[start:start + self.batch_size])
        return len(taken)

    # -- handling ----------------------------------------------------------------

    def _process(self, messages: list) -> None:
        parsed, redelivered = [], []
        for message in messages:
            try:
                event = self._parse(message)
            except PermanentError as exc:
                self._dead_letter(message, exc, event=None)
                continue
            (redelivered if _was_redelivered(message) else parsed).append((message, event))
        # A redelivered message may be the one that killed the last consumer: one by one,
        # with a marker that outlives a crash (bounded redeliveries, issue 2).
        for message, event in redelivered:
            self._handle_guarded(message, event)
        if len(parsed) > 1 and self._handle_together(parsed):
            return
        for message, event in parsed:
            self._handle_one(message, event)

    def _handle_guarded(self, message, event: Event) -> None:
        attempts = self._mark_attempt(event)
        if attempts > self.max_redeliveries:
            self._dead_letter(message, ConsumerStoppedWhileHandling(
                f"en konsument stannade {attempts - 1} gånger under hanteringen"), event)
        else:
            try:
                self._handle_one(message, event)
            except DependencyUnavailable:
                self._clear_attempt(event)   # an outside system is down: not the message's fault
                raise
        self._clear_attempt(event)   # reached only when no crash: the handling ended cleanly

    def _mark_attempt(self, event: Event) -> int:
        """Count this attempt in its own committed transaction, before the handler runs."""
        table = self._attempts
        now = self.clock.now()
        statement = (_upsert(table, self.engine.dialect.name)
                     .values(event_id=event.id, service=self.service, attempts=1, last_attempt_at=now))
        statement = statement.on_conflict_do_update(
            index_elements=["event_id", "service"],
            set_={"attempts": table.c.attempts + 1, "last_attempt_at": now}).returning(table.c.attempts)
        with self.engine.begin() as conn:
            return conn.execute(statement).scalar_one()

    def _clear_attempt(self, event: Event) -> None:
        table = self._attempts
        with self.engine.begin() as conn:
            conn.execute(table.delete().where(table.c.event_id == event.id, table.c.service == self.service))

    def _parse(self, message) -> Event:
        event = Event.from_json(message.body)
        validate_payload(event.type, event.version, event.payload)
        if event.type not in self.handlers:
            raise MalformedMessage(f"ingen hanterare för {event.type!r} i {self.service}")
        return event

    def _handle_together(self, parsed: list) -> bool:
        try:
            with self.engine.begin() as conn:
                fresh = self._claim(conn, [event for _, event in parsed])
                for event in fresh:
                    self._handle(conn, event)
        except Exception as exc:  # one of them failed: let each be judged on its own
            log.info("inbox_batch_failed", service=self.service, size=len(parsed), error_type=type(exc).__name__)
            return False
        self._ack_all([message for message, _ in parsed])
        for _message, event in parsed:
            self._log_handled(event)
        return True

    def _claim(self, conn: Connection, events: list[Event]) -> list[Event]:
        """Write the inbox rows of a batch in one statement and return the events that were
        not handled before (nor twice in the batch). ``ON CONFLICT DO NOTHING ... RETURNING``
        lets the primary key decide, without a separate look-up whose cost grows with the table."""
        unique = list({event.id: event for event in events}.values())
        now = self.clock.now()
        rows = [{"event_id": e.id, "service": self.service, "handled_at": now} for e in unique]
        statement = _insert_ignoring_duplicates(self._inbox, conn.dialect.name).returning(self._inbox.c.event_id)
        claimed = set(conn.execute(statement, rows).scalars())
        return [event for event in unique if event.id in claimed]

    def _ack_all(self, messages: list) -> None:
        """Acknowledge after the commit. On RabbitMQ one ``multiple`` ack up to the newest
        delivery covers the batch: every older delivery on this channel was acknowledged
        already (handled, retried or dead-lettered). memory:// acks one by one."""
        if self.bus.is_memory:
            for message in messages:
                message.ack()
            return
        max(messages, key=lambda m: m.delivery_tag).ack(multiple=True)

    def _handle_one(self, message, event: Event) -> None:
        try:
            with self.engine.begin() as conn:
                self._record_and_handle(conn, event)
        except _AlreadyHandled:
            message.ack()
            log.info("event_already_handled", service=self.service, event_type=event.type, event_id=event.id,
                     correlation_id=correlation.accept(event.correlation_id))
            return
        except PermanentError as exc:
            self._dead_letter(message, exc, event)
            return
        except DependencyUnavailable:
            raise                       # unacknowledged: run() pauses, the broker keeps the message
        except sa.exc.OperationalError as exc:
            raise DatabaseUnavailable(str(exc)[:200]) from exc
        except Exception as exc:  # temporary by default: retried a bounded number of times
            self._retry_or_dead_letter(message, exc, event)
            return
        message.ack()
        self._log_handled(event)

    def _record_and_handle(self, conn: Connection, event: Event) -> None:
        try:
            conn.execute(self._insert_inbox, {"event_id": event.id, "service": self.service,
                                              "handled_at": self.clock.now()})
        except sa.exc.IntegrityError:   # another consumer committed this event first
            raise _AlreadyHandled() from None
        self._handle(conn, event)

    def _handle(self, conn: Connection, event: Event) -> None:
        # the event's correlation id is bound while its handler runs, so the handler's logs carry it
        token = correlation.set(correlation.accept(event.correlation_id))
        try:
            self.handlers[event.type](event, conn)
        finally:
            correlation.reset(token)

    def _log_handled(self, event: Event) -> None:
        log.info("event_handled", service=self.service, event_type=event.type, event_id=event.id,
                 correlation_id=correlation.accept(event.correlation_id))

    # -- retry and dead letter ---------------------------------------------------

    def _retry_or_dead_letter(self, message, exc: Exception, event: Event) -> None:
        attempts = redelivery.retry_count(message)
        if attempts >= self.max_redeliveries:
            self._dead_letter(message, exc, event)
            return
        log.warning("event_retry", service=self.service, event_type=event.type, event_id=event.id,
                    retry_count=attempts + 1, error_type=type(exc).__name__,
                    correlation_id=correlation.accept(event.correlation_id))
        self._republish(message, self.queue_name, redelivery.retry_headers(message))

    def _dead_letter(self, message, exc: Exception, event: Event | None) -> None:
        reason = redelivery.describe(exc)
        log.error("event_dead_lettered", service=self.service, queue=self.dead_letter_queue_name,
                  event_type=event.type if event else None, event_id=event.id if event else None,
                  retry_count=redelivery.retry_count(message), error_type=type(exc).__name__,
                  correlation_id=correlation.accept(event.correlation_id if event else None))
        if event is not None and self.on_dead_letter is not None:
            self._run_dead_letter_hook(event, reason)
        self._republish(message, self.dead_letter_queue_name,
                        redelivery.dead_letter_headers(message, reason, self.queue_name))

    def _run_dead_letter_hook(self, event: Event, reason: str) -> None:
        """Before the message moves: if this process dies in between, the message is handled
        again and dead-lettered again, so the hook must be idempotent (it may run twice)."""
        try:
            with self.engine.begin() as conn:
                self.on_dead_letter(event, reason, conn)
        except Exception as exc:  # the message is dead-lettered all the same; an operator finds it there
            log.error("dead_letter_hook_failed", service=self.service, event_type=event.type, event_id=event.id,
                      error_type=type(exc).__name__, error=str(exc)[:200])

    def _republish(self, message, queue: str, headers: dict) -> None:
        # the copy is confirmed (amqp) before the original is acknowledged: never a silent loss
        properties = message.properties or {}
        self.bus.publish_with(self._producer, message.body, queue, message_id=properties.get("message_id"),
                              correlation_id=properties.get("correlation_id"), headers=headers, to_queue=True)
        message.ack()
