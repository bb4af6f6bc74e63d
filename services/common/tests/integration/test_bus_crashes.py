"""Crashes at the two dangerous moments, and why they do no harm:

- a consumer dies after its database commit and before its ack: the broker redelivers,
  the inbox row says "handled before", the effect happens exactly once;
- the relay dies after the broker confirmed a publish and before the rows are marked
  published: the rows are published again (at least once) and the inbox makes the
  duplicates harmless (effectively once).

On RabbitMQ + PostgreSQL the crash is real: a separate process ``os._exit``s. memory://
exists only inside one process, so there the crash is an exception that escapes the
consumer or relay at the same moment, followed by closing its connection.
"""
from __future__ import annotations

import kombu.message
import pytest

from webcert_common.bus import OutboxRelay, write_to_outbox

import bus_testkit


class SimulatedCrash(BaseException):
    """Escapes every ``except Exception`` like a dying process would."""


def test_a_consumer_killed_after_commit_before_ack_causes_no_second_effect(world, monkeypatch):
    world.declare()
    event = world.logged_out()
    world.bus.publish(event)

    if world.is_memory:
        _consume_and_crash_before_ack_in_process(world, monkeypatch)
    else:
        assert world.run_role("consumer-crash-before-ack") == bus_testkit.CRASHED

    # the first consumer committed its effect and its inbox row, but never acknowledged
    assert [e.event_id for e in world.effects()] == [event.id]
    assert world.queue_size(world.bus.queue_name(bus_testkit.SERVICE)) == 1

    # the broker gives the message to a second consumer, which skips it and acknowledges
    assert world.consumer().drain(timeout=1.0) == 1
    assert [e.event_id for e in world.effects()] == [event.id]
    assert world.queue_size(world.bus.queue_name(bus_testkit.SERVICE)) == 0
    assert world.take_all(world.bus.dead_letter_queue_name(bus_testkit.SERVICE)) == []


def _consume_and_crash_before_ack_in_process(world, monkeypatch) -> None:
    def crash_instead_of_ack(_message, multiple=False):
        raise SimulatedCrash()

    consumer = world.consumer()
    with monkeypatch.context() as patch:
        patch.setattr(kombu.message.Message, "ack", crash_instead_of_ack)
        with pytest.raises(SimulatedCrash):
            consumer.drain(timeout=1.0)
    consumer.close()     # the dead consumer's connection goes away; unacked messages return


@pytest.mark.parametrize("crash_after", [1, 3])
def test_a_relay_killed_between_publish_and_marking_loses_and_duplicates_nothing(world, crash_after):
    world.declare()
    events = [world.logged_out(f"user-{i}") for i in range(5)]
    with world.engine.begin() as conn:
        for event in events:
            write_to_outbox(conn, event)

    if world.is_memory:
        _relay_and_crash_before_marking_in_process(world, crash_after)
    else:
        assert world.run_role("relay-crash-before-mark", str(crash_after)) == bus_testkit.CRASHED

    # the broker has the first events, but the outbox does not know they were published
    assert [row.published_at for row in world.outbox_rows()] == [None] * 5
    assert world.queue_size(world.bus.queue_name(bus_testkit.SERVICE)) == crash_after

    # the next relay publishes all five again; nothing is left behind
    assert OutboxRelay(world.engine, world.bus).run_once() == 5
    assert all(row.published_at is not None for row in world.outbox_rows())
    assert OutboxRelay(world.engine, world.bus).run_once() == 0

    # every event reaches the consumer (some twice) and has exactly one effect
    assert world.consumer().drain(timeout=1.0) == 5 + crash_after
    assert sorted(e.event_id for e in world.effects()) == sorted(e.id for e in events)


def _relay_and_crash_before_marking_in_process(world, crash_after: int) -> None:
    real_publish = world.bus.publish_json
    published = []

    def publish_then_maybe_crash(*args, **kwargs):
        real_publish(*args, **kwargs)
        published.append(1)
        if len(published) >= crash_after:
            raise SimulatedCrash()

    world.bus.publish_json = publish_then_maybe_crash
    try:
        with pytest.raises(SimulatedCrash):
            OutboxRelay(world.engine, world.bus).run_once()
    finally:
        del world.bus.publish_json


@pytest.mark.parametrize("world", ["rabbitmq-postgres"], indirect=True)
def test_a_message_that_keeps_killing_its_consumer_is_dead_lettered_after_a_bounded_number(world):
    """Bounded redeliveries also when the handler takes its process down with it: RabbitMQ
    redelivers a message whose consumer died, and a marker that outlives the crash counts
    them (on memory:// a dying consumer takes the whole embedded process with it)."""
    world.declare()
    poison, good = world.logged_out("TSTNMT2321000156-1001"), world.logged_out("TSTNMT2321000156-1002")
    world.bus.publish(poison)
    max_redeliveries = 2
    # the first delivery, then max_redeliveries redeliveries, each kills a consumer
    for _ in range(1 + max_redeliveries):
        assert world.run_role("consumer-crash-in-handler", str(max_redeliveries)) == bus_testkit.CRASHED
    # the next consumer dead-letters it instead of dying
    assert world.run_role("consumer-crash-in-handler", str(max_redeliveries)) == 0
    [dead] = world.take_all(world.bus.dead_letter_queue_name(bus_testkit.SERVICE))
    assert poison.id.encode() in (dead.body if isinstance(dead.body, bytes) else dead.body.encode())
    assert "stannade" in dead.headers["x-webcert-reason"]
    # and the queue keeps flowing for the next event
    world.bus.publish(good)
    assert world.consumer().drain(timeout=1.0) == 1
    assert [e.event_id for e in world.effects()] == [good.id]
