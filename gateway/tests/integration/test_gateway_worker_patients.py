"""The gateway worker's part of the patients issue, on SQLite + memory:// and on
PostgreSQL + RabbitMQ: pu.* events → pu_state (newest fact wins), the PU state learned
on start (PU-3), and pdl.access_logged shipped to the national log service, retried when
it fails, dead-lettered when retries run out."""
from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import kombu
import pytest

from fake_log_service import FakeLogService
from fake_pu_lookup_service import TOLVAN, FakePuLookupService
from gateway_http import gateway_config
from webcert_common.bus import DependencyUnavailable, MessageBus, contracts, make_event
from webcert_gateway import pu_state
from webcert_gateway.bootstrap import prepare
from webcert_gateway.worker import PDL_SERVICE, SERVICE, build_workers

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)


class Wiring:
    def __init__(self, config, engine, bus, fake_pu, fake_log):
        self.config, self.engine, self.bus, self.fake_pu, self.fake_log = config, engine, bus, fake_pu, fake_log
        [self.events_worker, self.shipper] = build_workers(config, bus=bus, pu_lookup_client=fake_pu,
                                                           log_service_client=fake_log)
        self.events_worker.learner.retry_seconds = 0.01

    def state(self) -> pu_state.PuState:
        return pu_state.read(self.engine)

    def take_all(self, queue_name: str) -> list:
        taken = []
        with self.bus.connect() as conn:
            queue = kombu.Queue(queue_name, durable=True)(conn.channel())
            while (message := queue.get(no_ack=False)) is not None:
                message.ack()
                taken.append(message)
        return taken

    def close(self) -> None:
        self.events_worker.close()
        self.shipper.close()
        if not self.bus.is_memory:
            with self.bus.connect() as conn:
                channel = conn.channel()
                for service in (SERVICE, PDL_SERVICE):
                    channel.queue_delete(self.bus.queue_name(service))
                    channel.queue_delete(self.bus.dead_letter_queue_name(service))
                channel.exchange_delete(self.bus.exchange.name)
        self.bus.close()
        self.engine.dispose()


@pytest.fixture
def wiring(worker_backends, bus_namespace):
    database_url, amqp_url = worker_backends
    config = gateway_config(database_url, amqp_url=amqp_url, bus_namespace=bus_namespace)
    engine = prepare(config)
    wiring = Wiring(config, engine, MessageBus(amqp_url, namespace=bus_namespace), FakePuLookupService(),
                    FakeLogService())
    yield wiring
    wiring.close()


def pu_event(available: bool, changed_at: datetime):
    kind = contracts.PU_AVAILABLE if available else contracts.PU_UNAVAILABLE
    return make_event(kind, {"changed_at": changed_at.isoformat()}, "pu-lookup")


def pdl_entry(**overrides) -> dict:
    entry = {"entry_id": str(uuid.uuid4()), "time": T0.isoformat(), "user_id": "TSTNMT2321000156-1001",
             "role": "LAKARE", "unit_id": "TSTNMT2321000156-VE11-M1", "care_unit_id": "TSTNMT2321000156-VE11",
             "care_provider_id": "TSTNMT2321000156-VG01", "action": "läsa", "outcome": "granted", "reason": None,
             "patient_id": TOLVAN, "certificate_id": None, "purpose": "Vård och behandling"}
    entry.update(overrides)
    return entry


def wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)   # polling a condition, not waiting for time to pass
    return condition()


def test_a_fresh_gateway_knows_of_no_outage(wiring):
    state = wiring.state()
    assert state.available and state.changed_at is None and state.source == "initial"


def test_pu_unavailable_locks_and_pu_available_lifts(wiring):
    wiring.bus.publish(pu_event(False, T0))
    wiring.events_worker.consumer.drain(timeout=1.0)
    assert wiring.state().locked and wiring.state().changed_at == T0
    wiring.bus.publish(pu_event(True, T0 + timedelta(minutes=2)))
    wiring.events_worker.consumer.drain(timeout=1.0)
    assert not wiring.state().locked and wiring.state().source == "pu.available"


def test_only_the_newest_fact_is_kept(wiring):
    wiring.bus.publish(pu_event(False, T0 + timedelta(minutes=5)))
    wiring.bus.publish(pu_event(True, T0))                         # late, older: ignored
    wiring.events_worker.consumer.drain(timeout=1.0)
    assert wiring.state().locked and wiring.state().changed_at == T0 + timedelta(minutes=5)


def test_the_worker_learns_the_state_on_start_then_follows_events(wiring):
    wiring.fake_pu.set_status(False, T0)                            # PU went down before the gateway started
    stop = threading.Event()
    thread = threading.Thread(target=wiring.events_worker.run, args=(stop,), daemon=True)
    thread.start()
    try:
        assert wait_for(lambda: wiring.state().locked)
        assert wiring.state().source == "status"
        wiring.bus.publish(pu_event(True, T0 + timedelta(minutes=1)))
        assert wait_for(lambda: not wiring.state().locked)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert wiring.fake_pu.calls_to("GET", "/status") == 1


def test_the_worker_keeps_asking_when_pu_lookup_is_not_up_at_start(wiring):
    wiring.fake_pu.down = True
    wiring.fake_pu.set_status(False, T0)
    stop = threading.Event()
    thread = threading.Thread(target=wiring.events_worker.run, args=(stop,), daemon=True)
    thread.start()
    try:
        # consuming already: events are followed while the status question waits
        wiring.bus.publish(make_event(contracts.USER_LOGGED_OUT, {"user_id": "ELEG-ACCOUNT-1"}, "auth"))
        from webcert_gateway import security_events
        assert wait_for(lambda: security_events.recent(wiring.engine, user_id="ELEG-ACCOUNT-1"))
        assert not wiring.state().locked
        wiring.fake_pu.down = False
        assert wait_for(lambda: wiring.state().locked)
    finally:
        stop.set()
        thread.join(timeout=10)


def test_a_status_older_than_a_stored_event_does_not_win(wiring):
    wiring.bus.publish(pu_event(False, T0 + timedelta(minutes=3)))
    wiring.events_worker.consumer.drain(timeout=1.0)
    wiring.fake_pu.set_status(True, T0)
    assert wiring.events_worker.learner.learn()
    assert wiring.state().locked


def test_a_pu_event_without_a_time_is_dead_lettered(wiring):
    event = pu_event(False, T0)
    body = event.to_json().replace(T0.isoformat(), "igår")
    wiring.bus.publish_json(body, contracts.PU_UNAVAILABLE, message_id=event.id)
    wiring.events_worker.consumer.drain(timeout=1.0)
    assert len(wiring.take_all(wiring.bus.dead_letter_queue_name(SERVICE))) == 1
    assert not wiring.state().locked


def test_pdl_entries_are_shipped_once_each(wiring):
    entries = [pdl_entry(), pdl_entry(outcome="refused", reason="PROTECTED_IDENTITY_NOT_AUTHORISED",
                                      role="VARDADMINISTRATOR")]
    events = [make_event(contracts.PDL_ACCESS_LOGGED, entry, "pu-lookup") for entry in entries]
    for event in events + [events[0]]:                      # one redelivered
        wiring.bus.publish(event)
    wiring.shipper.drain(timeout=1.0)
    assert wiring.fake_log.entries == {entry["entry_id"]: entry for entry in entries}


def drain_through_outage(shipper, tries: int) -> None:
    """What the worker's run() does: drain, and on DependencyUnavailable close and try again."""
    for _ in range(tries):
        try:
            shipper.drain(timeout=1.0)
            return
        except DependencyUnavailable:
            shipper.close()
    raise AssertionError(f"still failing after {tries} tries")


def test_pdl_shipping_is_retried_when_the_log_service_fails(wiring):
    entry = pdl_entry()
    wiring.fake_log.fail_next(2)
    wiring.bus.publish(make_event(contracts.PDL_ACCESS_LOGGED, entry, "pu-lookup"))
    drain_through_outage(wiring.shipper, tries=3)
    assert wiring.fake_log.entries == {entry["entry_id"]: entry}
    assert wiring.fake_log.posts == 3
    assert wiring.take_all(wiring.bus.dead_letter_queue_name(PDL_SERVICE)) == []


def test_pdl_entries_wait_while_the_log_service_is_down_and_the_pu_lock_is_not_held_up(wiring):
    entry = pdl_entry()
    wiring.fake_log.fail_next(1000)
    wiring.bus.publish(make_event(contracts.PDL_ACCESS_LOGGED, entry, "pu-lookup"))
    wiring.bus.publish(pu_event(False, T0))
    # the PU lock travels on the gateway's own queue, whatever the log service does
    wiring.events_worker.consumer.drain(timeout=1.0)
    assert wiring.state().locked
    for _ in range(wiring.shipper.max_redeliveries + 3):   # longer than any retry budget
        with pytest.raises(DependencyUnavailable):
            wiring.shipper.drain(timeout=1.0)
        wiring.shipper.close()
    assert wiring.fake_log.entries == {}
    # never given up: nothing dead-lettered, and the entry arrives once the log service is back
    assert wiring.take_all(wiring.bus.dead_letter_queue_name(PDL_SERVICE)) == []
    wiring.fake_log.fail_next(0)
    wiring.shipper.drain(timeout=1.0)
    assert wiring.fake_log.entries == {entry["entry_id"]: entry}
