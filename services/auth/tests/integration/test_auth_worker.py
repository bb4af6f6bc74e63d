"""The worker on the real broker: the relay publishes what logins and logouts committed,
the sweeper ends idle sessions (with events) without anyone asking."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import replace
from datetime import timedelta

import kombu
import pytest

from webcert_common.bus import MessageBus, contracts
from webcert_auth.entrypoints.worker import SessionSweeper, build_workers

pytestmark = pytest.mark.rabbitmq


def _receive(amqp_url: str, queue: kombu.Queue, count: int, timeout: float = 10.0) -> list[dict]:
    received: list[dict] = []
    deadline = time.monotonic() + timeout
    with kombu.Connection(amqp_url) as conn:
        bound = queue(conn.default_channel)
        while len(received) < count and time.monotonic() < deadline:
            message = bound.get(no_ack=True)
            if message is None:
                time.sleep(0.05)
                continue
            received.append(json.loads(message.body))
    return received


def test_worker_publishes_user_events_and_expires_idle_sessions(auth, amqp_url, bus_namespace):
    config = replace(auth.config, amqp_url=amqp_url, bus_namespace=bus_namespace, sweep_interval_seconds=1)
    with MessageBus(amqp_url, namespace=bus_namespace) as bus:
        queue = bus.declare_consumer_queue("authtest", [contracts.USER_LOGGED_IN, contracts.USER_LOGGED_OUT,
                                                        contracts.USER_SESSION_EXPIRED])
    workers = build_workers(config, clock=auth.clock)
    assert [type(w).__name__ for w in workers] == ["OutboxRelay", "SessionSweeper"]
    stop = threading.Event()
    threads = [threading.Thread(target=w.run, args=(stop,), daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    try:
        sid = auth.session_id("siths", "TSTNMT2321000156-1003")
        auth.session_id("siths", "TSTNMT2321000156-1002")
        auth.send("DELETE", "/sessions/current", sid)
        auth.clock.advance(timedelta(minutes=31))     # the sweeper (every second) ends the other one
        events = _receive(amqp_url, queue, 4)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=5)
    assert [e["type"] for e in events] == ["user.logged_in", "user.logged_in", "user.logged_out",
                                           "user.session_expired"]
    assert events[-1]["payload"] == {"user_id": "TSTNMT2321000156-1002", "reason": "idle"}
    assert all(e["producer"] == "auth" for e in events)
    assert isinstance(workers[1], SessionSweeper)
