"""PU outages on a real database (PU-3, INT-2): a lookup that finds the register down answers
503 and the state turns unavailable with exactly one pu.unavailable in the outbox -- even when
two lookups find it down at the same moment; the probe brings it back with one pu.available."""
from __future__ import annotations

import threading
import time
from datetime import timedelta

from pu_demo_patients import DEMO_PATIENTS, TOLVAN
from webcert_pu_lookup.adapters.population_register import FakePopulationRegister, RegisterUnavailable
from webcert_pu_lookup.entrypoints.worker import RegisterProbe

WAIT = 10.0


class MeetingRegister(FakePopulationRegister):
    """Down, and holds each caller until ``parties`` callers are inside: they fail together."""

    def __init__(self, parties: int) -> None:
        super().__init__(DEMO_PATIENTS)
        self.make_unavailable()
        self.barrier = threading.Barrier(parties, timeout=WAIT)

    def find(self, number):
        self.barrier.wait()
        raise RegisterUnavailable("down")

    def ping(self):
        self.barrier.wait()
        return super().ping()


def _in_parallel(count: int, work) -> list:
    results: list = [None] * count

    def run(i):
        results[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT)
    assert not any(t.is_alive() for t in threads)
    return results


def test_register_down_gives_503_and_exactly_one_event_even_with_two_concurrent_lookups(pu):
    services = pu.app.extensions["webcert_pu_lookup"]
    services.register = MeetingRegister(parties=2)
    statuses = _in_parallel(2, lambda _: pu.lookup(TOLVAN, client=pu.app.test_client()))
    assert [r.status_code for r in statuses] == [503, 503]
    assert statuses[0].get_json()["error"]["reason"] == "PU_UNAVAILABLE"
    assert "PU-tjänsten är inte tillgänglig" in statuses[0].get_json()["error"]["message"]
    assert pu.event_types() == ["pu.unavailable"]                    # no PDL entry for a 503
    assert pu.events()[0]["payload"] == {"changed_at": pu.clock.now().isoformat()}
    status = pu.client.get("/status").get_json()
    assert status == {"available": False, "changed_at": pu.clock.now().isoformat()}


def test_while_unavailable_lookups_are_refused_at_once_and_the_probe_brings_it_back_once(pu):
    pu.register.make_unavailable()
    assert pu.lookup(TOLVAN).status_code == 503
    calls = pu.register.find_calls
    pu.register.make_available()            # back, but only the probe decides that
    assert pu.lookup(TOLVAN).status_code == 503
    assert pu.register.find_calls == calls
    services = pu.app.extensions["webcert_pu_lookup"]
    probe = RegisterProbe(services)
    pu.clock.advance(timedelta(seconds=2))
    assert probe.run_once().to_available is True
    assert probe.run_once() is None
    assert pu.event_types() == ["pu.unavailable", "pu.available"]
    assert pu.events()[1]["payload"] == {"changed_at": pu.clock.now().isoformat()}
    assert pu.client.get("/status").get_json()["available"] is True
    assert pu.lookup(TOLVAN).status_code == 200
    assert pu.event_types() == ["pu.unavailable", "pu.available", "pdl.access_logged"]


def test_two_probes_at_once_make_one_transition_each_way(pu):
    services = pu.app.extensions["webcert_pu_lookup"]
    register = MeetingRegister(parties=2)
    services.register = register
    probes = [RegisterProbe(services), RegisterProbe(services)]
    went_down = _in_parallel(2, lambda i: probes[i].run_once())
    assert sum(t is not None for t in went_down) == 1
    register.make_available()
    came_back = _in_parallel(2, lambda i: probes[i].run_once())
    assert sum(t is not None for t in came_back) == 1
    assert pu.event_types() == ["pu.unavailable", "pu.available"]


def test_the_probe_runs_until_stopped_and_notices_an_outage_without_lookups(pu):
    services = pu.app.extensions["webcert_pu_lookup"]
    probe = RegisterProbe(services, interval_seconds=0.05)
    stop = threading.Event()
    thread = threading.Thread(target=probe.run, args=(stop,), daemon=True)
    thread.start()
    try:
        pu.register.make_unavailable()
        assert _wait_until(lambda: pu.event_types() == ["pu.unavailable"])
        pu.register.make_available()
        assert _wait_until(lambda: pu.event_types() == ["pu.unavailable", "pu.available"])
    finally:
        stop.set()
        thread.join(timeout=WAIT)
    assert not thread.is_alive()


def _wait_until(condition, timeout: float = WAIT) -> bool:
    """Wait on a condition with a timeout (never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while time.monotonic() < deadline:
        if condition():
            return True
        pause.wait(0.02)
    return condition()
