"""The bus integration tests run twice: on kombu memory:// with SQLite (embedded mode) and
on the real RabbitMQ with a real PostgreSQL database (distributed mode)."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import kombu
import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))

import bus_testkit  # noqa: E402
from webcert_common.bus import InboxConsumer, MessageBus, add_messaging_tables, contracts, make_event  # noqa: E402
from webcert_common.bus import inbox_table, outbox_table  # noqa: E402
from webcert_common.db import make_engine  # noqa: E402

BACKENDS = [
    pytest.param("memory-sqlite", id="memory-sqlite"),
    pytest.param("rabbitmq-postgres", id="rabbitmq-postgres", marks=[pytest.mark.rabbitmq, pytest.mark.postgres]),
]


@dataclass
class World:
    """One broker (namespaced) and one service database, with helpers the tests share."""

    backend: str
    bus_url: str
    database_url: str
    namespace: str
    engine: sa.Engine
    bus: MessageBus
    consumers: list = field(default_factory=list)

    @property
    def is_memory(self) -> bool:
        return self.backend == "memory-sqlite"

    def consumer(self, handlers: dict | None = None, **kwargs) -> InboxConsumer:
        consumer = InboxConsumer(self.engine, self.bus, service=bus_testkit.SERVICE,
                                 handlers=handlers or bus_testkit.handlers(), **kwargs)
        self.consumers.append(consumer)
        return consumer

    def declare(self, routing_keys=(contracts.USER_LOGGED_OUT,)) -> None:
        self.bus.declare_consumer_queue(bus_testkit.SERVICE, routing_keys)

    @staticmethod
    def logged_out(user_id: str = "TSTNMT2321000156-1001"):
        return make_event(contracts.USER_LOGGED_OUT, {"user_id": user_id}, "auth")

    def effects(self) -> list:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(bus_testkit.effects)).all()

    def outbox_rows(self) -> list:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(outbox_table()).order_by(outbox_table().c.position)).all()

    def inbox_rows(self) -> list:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(inbox_table())).all()

    def take_all(self, queue_name: str) -> list:
        """Every message now in ``queue_name`` (acknowledged, so the queue is left empty)."""
        taken = []
        with self.bus.connect() as conn:
            queue = kombu.Queue(queue_name, durable=True)(conn.channel())
            while (message := queue.get(no_ack=False)) is not None:
                message.ack()
                taken.append(message)
        return taken

    def queue_size(self, queue_name: str) -> int:
        with self.bus.connect() as conn:
            return kombu.Queue(queue_name, durable=True)(conn.channel()).queue_declare(passive=True).message_count

    def run_role(self, *role: str) -> int:
        """Run a bus_testkit role in its own process; returns its exit code."""
        env = dict(os.environ, BUS_URL=self.bus_url, DATABASE_URL=self.database_url, BUS_NAMESPACE=self.namespace)
        done = subprocess.run([sys.executable, bus_testkit.__file__, *role], env=env, timeout=60,
                              capture_output=True, text=True)
        return done.returncode

    def close(self) -> None:
        for consumer in self.consumers:
            consumer.close()
        if not self.is_memory:
            _delete_namespace(self.bus, bus_testkit.SERVICE)
        self.bus.close()
        self.engine.dispose()


def _delete_namespace(bus: MessageBus, service: str) -> None:
    with bus.connect() as conn:
        channel = conn.channel()
        for name in (bus.queue_name(service), bus.dead_letter_queue_name(service)):
            channel.queue_delete(name)
        channel.exchange_delete(bus.exchange.name)


@pytest.fixture(params=BACKENDS)
def world(request, bus_namespace, sqlite_database_url):
    if request.param == "memory-sqlite":
        bus_url, database_url = "memory://", sqlite_database_url
    else:
        bus_url, database_url = request.getfixturevalue("amqp_url"), request.getfixturevalue("postgres_database_url")
    engine = make_engine(database_url)
    metadata = sa.MetaData()
    add_messaging_tables(metadata)
    metadata.create_all(engine)
    bus_testkit.metadata.create_all(engine)
    world = World(request.param, bus_url, database_url, bus_namespace, engine, MessageBus(bus_url, bus_namespace))
    try:
        yield world
    finally:
        world.close()
