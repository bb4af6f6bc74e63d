"""No personnummer in the service's log lines (captured), and the worker on the real broker:
the relay publishes the PDL entries and the probe's pu.* events."""
from __future__ import annotations

import io
import json
import re
import threading
import time
from dataclasses import replace

import kombu
import pytest
from webcert_common.bus import MessageBus, contracts
from webcert_common.logging import configure_logging

from pu_demo_patients import ALL_NUMBERS, SKYDDAD_PROTECTED, TOLVAN, UNKNOWN
from webcert_pu_lookup.entrypoints.worker import RegisterProbe, build_workers


def _forms(normalised: str) -> list[str]:
    digits = normalised.replace("-", "")
    return [normalised, digits, digits[2:], f"{digits[2:8]}-{digits[8:]}"]


def test_no_personnummer_in_any_log_line(pu):
    buffer = io.StringIO()
    configure_logging("pu-lookup", "DEBUG", stream=buffer)
    for number in ALL_NUMBERS:
        pu.validate(number)
        pu.lookup(number)
        pu.lookup(number, role="VARDADMINISTRATOR")
    pu.validate("19121212-1213")
    pu.lookup("19121212-1213")
    pu.register.make_unavailable()
    pu.lookup(TOLVAN)
    pu.lookup(UNKNOWN)
    lines = buffer.getvalue().splitlines()
    # two lookups per number (doctor, administrator), each logged whether 200, 403 or 404
    assert sum('"pu_lookup"' in line for line in lines) == 2 * len(ALL_NUMBERS)
    assert any('"pu_register_unavailable"' in line for line in lines)
    text = buffer.getvalue()
    for number in ALL_NUMBERS + ["19121212-1213"]:
        for form in _forms(number):
            assert form not in text
    # Nothing for the masking to catch either: the numbers were never handed to the logger.
    assert "<personnummer>" not in text
    assert not re.search(r"Sköld|Tolvan|Gunhild", text)


@pytest.mark.rabbitmq
def test_worker_publishes_pdl_entries_and_register_transitions(pu, amqp_url, bus_namespace):
    config = replace(pu.config, amqp_url=amqp_url, bus_namespace=bus_namespace, probe_interval_seconds=0.1)
    with MessageBus(amqp_url, namespace=bus_namespace) as bus:
        queue = bus.declare_consumer_queue("putest", [contracts.PU_UNAVAILABLE, contracts.PU_AVAILABLE,
                                                      contracts.PDL_ACCESS_LOGGED])
    workers = build_workers(config, register=pu.register, clock=pu.clock)
    assert [type(w).__name__ for w in workers] == ["OutboxRelay", "RegisterProbe"]
    assert isinstance(workers[1], RegisterProbe)
    stop = threading.Event()
    threads = [threading.Thread(target=w.run, args=(stop,), daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    try:
        assert pu.lookup(SKYDDAD_PROTECTED, role="VARDADMINISTRATOR").status_code == 403
        pu.register.make_unavailable()
        first = _receive(amqp_url, queue, 2)
        pu.register.make_available()
        second = _receive(amqp_url, queue, 1)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=5)
    events = first + second
    assert [e["type"] for e in events] == ["pdl.access_logged", "pu.unavailable", "pu.available"]
    assert events[0]["payload"]["outcome"] == "refused"
    assert all(e["producer"] == "pu-lookup" for e in events)


def _receive(amqp_url: str, queue: kombu.Queue, count: int, timeout: float = 10.0) -> list[dict]:
    received: list[dict] = []
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    with kombu.Connection(amqp_url) as conn:
        bound = queue(conn.default_channel)
        while len(received) < count and time.monotonic() < deadline:
            message = bound.get(no_ack=True)
            if message is None:
                pause.wait(0.05)
                continue
            received.append(json.loads(message.body))
    return received
