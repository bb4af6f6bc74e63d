"""A handler whose outside system is down (DependencyUnavailable): the message waits in its
queue -- never counted as a retry, never dead-lettered -- and is handled once the system is
back. For deliveries that must not be given up, such as the PDL audit trail."""
from __future__ import annotations

import threading

import pytest

import bus_testkit
from webcert_common.bus import DependencyUnavailable, contracts


class FlakyOutsideSystem:
    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.received: list[str] = []
        self.delivered = threading.Event()

    def handler(self, event, conn):
        if self.failures > 0:
            self.failures -= 1
            raise DependencyUnavailable("the outside system does not answer")
        bus_testkit.handlers()[contracts.USER_LOGGED_OUT](event, conn)
        self.received.append(event.id)
        self.delivered.set()


def test_the_message_waits_uncounted_while_the_dependency_is_down(world):
    outside = FlakyOutsideSystem(failures=20)        # more failures than max_redeliveries
    consumer = world.consumer({contracts.USER_LOGGED_OUT: outside.handler}, max_redeliveries=2)
    world.declare()
    event = world.logged_out()
    world.bus.publish(event)
    for _ in range(20):
        with pytest.raises(DependencyUnavailable):
            consumer.drain(timeout=1.0)
        consumer.close()                             # what run() does before its pause
    assert world.take_all(world.bus.dead_letter_queue_name(bus_testkit.SERVICE)) == []
    assert world.effects() == [] and world.inbox_rows() == []
    consumer.drain(timeout=1.0)                      # the system is back
    assert outside.received == [event.id]
    assert len(world.effects()) == 1


def test_run_pauses_and_then_delivers(world):
    outside = FlakyOutsideSystem(failures=1)
    consumer = world.consumer({contracts.USER_LOGGED_OUT: outside.handler})
    world.declare()
    world.bus.publish(world.logged_out())
    stop = threading.Event()
    thread = threading.Thread(target=consumer.run, args=(stop,), daemon=True)
    thread.start()
    try:
        assert outside.delivered.wait(timeout=10)     # one pause of 1 s, then the delivery
        assert len(outside.received) == 1
    finally:
        stop.set()
        thread.join(timeout=10)
    assert world.take_all(world.bus.dead_letter_queue_name(bus_testkit.SERVICE)) == []
