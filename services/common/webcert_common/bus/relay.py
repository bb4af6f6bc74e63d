"""The outbox relay: publishes what services have committed to their outbox.

At least once: a row is marked published only after the broker has confirmed it, in the
same transaction that selected it. A relay that dies between the two publishes those rows
again on the next run; consumers' inboxes make that harmless (effectively once).
On PostgreSQL the rows are taken ``FOR UPDATE SKIP LOCKED`` so two relays never publish
the same batch at the same time.
"""
from __future__ import annotations

import threading

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ..clock import Clock, SystemClock
from ..logging import get_logger
from .kombu_bus import MessageBus
from .tables import outbox_table

log = get_logger(__name__)


class OutboxRelay:
    def __init__(self, engine: Engine, bus: MessageBus, *, batch_size: int = 100, clock: Clock | None = None) -> None:
        self.engine = engine
        self.bus = bus
        self.batch_size = batch_size
        self.clock = clock or SystemClock()
        self._outbox = outbox_table()

    def run_once(self) -> int:
        """Publish one batch of unpublished events, in order; returns how many."""
        outbox = self._outbox
        pending = (
            sa.select(outbox.c.position, outbox.c.id, outbox.c.type, outbox.c.body)
            .where(outbox.c.published_at.is_(None))
            .order_by(outbox.c.position)
            .limit(self.batch_size)
            .with_for_update(skip_locked=True)   # rendered on PostgreSQL, ignored on SQLite
        )
        with self.engine.begin() as conn:
            rows = conn.execute(pending).all()
            for row in rows:
                self.bus.publish_json(row.body, row.type, message_id=row.id)
            if rows:
                conn.execute(
                    outbox.update()
                    .where(outbox.c.position.in_([row.position for row in rows]))
                    .values(published_at=self.clock.now())
                )
        if rows:
            log.debug("outbox_published", count=len(rows))
        return len(rows)

    def run(self, stop: threading.Event, idle_wait: float = 0.2) -> None:
        """Publish until ``stop`` is set; wait ``idle_wait`` seconds when the outbox is empty
        and after a failure (the broker or database being away is not fatal)."""
        while not stop.is_set():
            try:
                published = self.run_once()
            except Exception as exc:  # keep relaying once the broker or database is back
                log.warning("outbox_relay_failed", error_type=type(exc).__name__, error=str(exc)[:200])
                self.bus.close()
                stop.wait(max(idle_wait, 1.0))
                continue
            if published < self.batch_size:
                stop.wait(idle_wait)
