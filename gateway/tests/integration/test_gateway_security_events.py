"""The security log: user.* events from the bus become append-only security_event rows,
once each, on SQLite + memory:// and on PostgreSQL + RabbitMQ."""
from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from fake_log_service import FakeLogService
from fake_pu_lookup_service import FakePuLookupService
from gateway_http import gateway_config
from webcert_common.bus import MessageBus, contracts, make_event
from webcert_common.db import make_engine
from webcert_gateway import security_events
from webcert_gateway.bootstrap import prepare
from webcert_gateway.worker import build_workers


@pytest.fixture
def wiring(worker_backends, bus_namespace):
    database_url, amqp_url = worker_backends
    config = gateway_config(database_url, amqp_url=amqp_url, bus_namespace=bus_namespace)
    engine = prepare(config)
    bus = MessageBus(amqp_url, namespace=bus_namespace)
    [events_worker, pdl_shipper] = build_workers(config, bus=bus, pu_lookup_client=FakePuLookupService(),
                                                 log_service_client=FakeLogService())
    consumer = events_worker.consumer
    yield config, engine, bus, consumer
    consumer.close()
    pdl_shipper.close()
    bus.close()
    engine.dispose()


def events():
    return [
        make_event(contracts.USER_LOGGED_IN, {"user_id": "TSTNMT2321000156-1001", "role": "LAKARE",
                                              "login_method": "siths", "care_provider_id": None, "unit_id": None},
                   "auth"),
        make_event(contracts.USER_UNIT_CHANGED, {"user_id": "TSTNMT2321000156-1001",
                                                 "unit_id": "TSTNMT2321000156-VE11-M1"}, "auth"),
        make_event(contracts.USER_LOGIN_REFUSED, {"reason": "NO_CARE_ASSIGNMENT", "login_method": "siths",
                                                  "user_id": "TSTNMT2321000156-1011"}, "auth"),
        make_event(contracts.USER_SESSION_EXPIRED, {"user_id": "TSTNMT2321000156-1001", "reason": "idle"}, "auth"),
        make_event(contracts.USER_LOGGED_OUT, {"user_id": "ELEG-ACCOUNT-1"}, "auth"),
    ]


def test_every_user_event_becomes_one_row(wiring):
    _config, engine, bus, consumer = wiring
    published = events()
    for event in published:
        bus.publish(event)
    consumer.drain(timeout=1.0)
    rows = {row["event_id"]: row for row in security_events.recent(engine)}
    assert set(rows) == {event.id for event in published}
    refused = rows[published[2].id]
    assert refused["type"] == "user.login_refused" and refused["reason"] == "NO_CARE_ASSIGNMENT"
    assert refused["user_id"] == "TSTNMT2321000156-1011" and refused["login_method"] == "siths"
    assert refused["correlation_id"] == published[2].correlation_id
    assert rows[published[1].id]["unit_id"] == "TSTNMT2321000156-VE11-M1"
    assert rows[published[3].id]["reason"] == "idle"


def test_a_redelivered_event_is_recorded_once(wiring):
    _config, engine, bus, consumer = wiring
    event = events()[0]
    bus.publish(event)
    bus.publish(event)
    consumer.drain(timeout=1.0)
    assert [row["event_id"] for row in security_events.recent(engine)] == [event.id]


def test_the_log_is_append_only(wiring):
    _config, engine, bus, consumer = wiring
    bus.publish(events()[0])
    consumer.drain(timeout=1.0)
    for statement in ("UPDATE security_event SET reason = 'x'", "DELETE FROM security_event"):
        with pytest.raises(sa.exc.DatabaseError):
            with engine.begin() as conn:
                conn.execute(sa.text(statement))
    assert len(security_events.recent(engine)) == 1


def test_the_worker_runs_until_stopped(wiring):
    _config, engine, bus, consumer = wiring
    stop = threading.Event()
    thread = threading.Thread(target=consumer.run, args=(stop,), daemon=True)
    thread.start()
    try:
        event = events()[4]
        bus.publish(event)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not security_events.recent(engine, user_id="ELEG-ACCOUNT-1"):
            stop.wait(0.05)
        assert [row["event_id"] for row in security_events.recent(engine, user_id="ELEG-ACCOUNT-1")] == [event.id]
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_prepare_is_idempotent(sqlite_database_url):
    config = gateway_config(sqlite_database_url)
    prepare(config)
    prepare(config)
    engine = make_engine(sqlite_database_url)
    assert {"security_event", "inbox", "outbox"} <= set(sa.inspect(engine).get_table_names())
    engine.dispose()
