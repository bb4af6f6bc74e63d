"""Outbox → relay → broker → inbox consumer, and what happens to messages that cannot be
handled (malformed, permanently or temporarily failing). Runs on memory:// + SQLite and on
RabbitMQ + PostgreSQL (see conftest.py)."""
from __future__ import annotations

import threading

import pytest

from webcert_common import correlation
from webcert_common.bus import (HEADER_QUEUE, HEADER_REASON, HEADER_RETRY_COUNT, HEADER_ROUTING_KEY,
                                OutboxRelay, PermanentError, contracts, write_to_outbox)


def test_an_event_committed_to_the_outbox_is_delivered_to_the_consumer(world):
    world.declare()
    token = correlation.set("corr-outbox-0001")
    try:
        event = world.logged_out("TSTNMT2321000156-1001")
    finally:
        correlation.reset(token)
    with world.engine.begin() as conn:
        write_to_outbox(conn, event)

    assert OutboxRelay(world.engine, world.bus).run_once() == 1
    assert world.consumer().drain(timeout=1.0) == 1

    # the handler ran once, with the event's correlation id bound
    assert [(e.event_id, e.user_id, e.correlation_id) for e in world.effects()] == [
        (event.id, "TSTNMT2321000156-1001", "corr-outbox-0001")]
    assert [row.published_at is not None for row in world.outbox_rows()] == [True]
    assert [(row.event_id, row.service) for row in world.inbox_rows()] == [(event.id, "testconsumer")]
    assert world.queue_size(world.bus.queue_name("testconsumer")) == 0


def test_an_outbox_row_rolled_back_with_its_transaction_is_never_published(world):
    world.declare()
    with pytest.raises(RuntimeError):
        with world.engine.begin() as conn:
            write_to_outbox(conn, world.logged_out())
            raise RuntimeError("the state change failed")
    assert world.outbox_rows() == []
    assert OutboxRelay(world.engine, world.bus).run_once() == 0


def test_the_relay_publishes_in_the_order_written_and_only_once(world):
    world.declare()
    events = [world.logged_out(f"user-{i}") for i in range(7)]
    with world.engine.begin() as conn:
        for event in events:
            write_to_outbox(conn, event)
    relay = OutboxRelay(world.engine, world.bus, batch_size=3)
    assert [relay.run_once() for _ in range(4)] == [3, 3, 1, 0]
    assert world.consumer(batch_size=1).drain(timeout=1.0) == 7
    assert [e.event_id for e in world.effects()] == [e.id for e in events]


def test_a_running_relay_and_consumer_deliver_events_written_while_they_run(world):
    world.declare()
    stop = threading.Event()
    consumer = world.consumer()
    threads = [threading.Thread(target=OutboxRelay(world.engine, world.bus).run, args=(stop, 0.02)),
               threading.Thread(target=consumer.run, args=(stop, 0.05))]
    for thread in threads:
        thread.start()
    try:
        events = [world.logged_out(f"user-{i}") for i in range(20)]
        for event in events:
            with world.engine.begin() as conn:
                write_to_outbox(conn, event)
        assert _wait_for(lambda: len(world.effects()) >= 20, timeout=15.0)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
    assert sorted(e.event_id for e in world.effects()) == sorted(e.id for e in events)


def test_an_event_delivered_twice_has_one_effect(world):
    world.declare()
    event = world.logged_out()
    world.bus.publish(event)
    world.bus.publish(event)
    assert world.consumer().drain(timeout=1.0) == 2
    assert len(world.effects()) == 1


def test_a_malformed_message_is_dead_lettered_and_the_queue_keeps_flowing(world):
    world.declare()
    before, after = world.logged_out("user-before"), world.logged_out("user-after")
    world.bus.publish(before)
    world.bus.publish_json(b"{this is not json", contracts.USER_LOGGED_OUT, message_id="broken-1")
    bad_payload = world.logged_out("user-bad").to_json().replace('"user_id"', '"personnummer"')
    world.bus.publish_json(bad_payload, contracts.USER_LOGGED_OUT, message_id="broken-2")
    world.bus.publish(after)

    assert world.consumer().drain(timeout=1.0) == 4

    assert sorted(e.user_id for e in world.effects()) == ["user-after", "user-before"]
    dead = world.take_all(world.bus.dead_letter_queue_name("testconsumer"))
    assert sorted(m.properties["message_id"] for m in dead) == ["broken-1", "broken-2"]
    by_id = {m.properties["message_id"]: m for m in dead}
    assert _as_text(by_id["broken-1"].body) == "{this is not json"   # the original body, untouched
    assert "MalformedMessage" in by_id["broken-1"].headers[HEADER_REASON]
    assert "personnummer" in by_id["broken-2"].headers[HEADER_REASON]
    assert by_id["broken-2"].headers[HEADER_RETRY_COUNT] == 0
    assert by_id["broken-2"].headers[HEADER_ROUTING_KEY] == contracts.USER_LOGGED_OUT
    assert by_id["broken-2"].headers[HEADER_QUEUE] == world.bus.queue_name("testconsumer")
    assert world.queue_size(world.bus.queue_name("testconsumer")) == 0


def test_a_temporary_failure_is_retried_a_bounded_number_of_times_then_dead_lettered(world):
    world.declare()
    attempts = []

    def always_fails(event, conn):
        attempts.append(event.id)
        conn.execute(_effect_insert(event))      # written, then rolled back with the failure
        raise TimeoutError("intygstjänsten svarar inte")

    event = world.logged_out()
    world.bus.publish(event)
    world.bus.publish(healthy := world.logged_out("user-healthy"))
    handlers = {contracts.USER_LOGGED_OUT: lambda e, c: always_fails(e, c) if e.id == event.id else _effect(e, c)}
    # batch_size=1: one handler call per delivery (a failed batch is tried again one by one)
    world.consumer(handlers, max_redeliveries=3, batch_size=1).drain(timeout=1.0)

    assert attempts == [event.id] * 4                      # the first try and three retries
    assert [e.event_id for e in world.effects()] == [healthy.id]
    [dead] = world.take_all(world.bus.dead_letter_queue_name("testconsumer"))
    assert dead.properties["message_id"] == event.id
    assert dead.headers[HEADER_RETRY_COUNT] == 3
    assert dead.headers[HEADER_REASON] == "TimeoutError: intygstjänsten svarar inte"
    assert dead.headers[HEADER_ROUTING_KEY] == contracts.USER_LOGGED_OUT
    assert [row.event_id for row in world.inbox_rows()] == [healthy.id]   # the failed one was never "handled"


def test_a_temporary_failure_that_clears_is_handled_on_a_retry(world):
    world.declare()
    failures = [ConnectionError("tillfälligt fel")] * 2

    def flaky(event, conn):
        if failures:
            raise failures.pop()
        _effect(event, conn)

    world.bus.publish(world.logged_out())
    assert world.consumer({contracts.USER_LOGGED_OUT: flaky}, max_redeliveries=5).drain(timeout=1.0) == 3
    assert len(world.effects()) == 1
    assert world.take_all(world.bus.dead_letter_queue_name("testconsumer")) == []


def test_a_permanent_error_is_dead_lettered_at_once(world):
    world.declare()
    calls = []

    def refuses(event, conn):
        calls.append(event.id)
        raise PermanentError("okänd användare")

    world.bus.publish(event := world.logged_out())
    world.consumer({contracts.USER_LOGGED_OUT: refuses}, max_redeliveries=5).drain(timeout=1.0)
    assert calls == [event.id]
    [dead] = world.take_all(world.bus.dead_letter_queue_name("testconsumer"))
    assert dead.headers[HEADER_REASON] == "PermanentError: okänd användare"
    assert dead.headers[HEADER_RETRY_COUNT] == 0


def test_one_failing_event_in_a_batch_does_not_undo_the_others(world):
    world.declare()
    events = [world.logged_out(f"user-{i}") for i in range(10)]
    for event in events:
        world.bus.publish(event)
    poison = events[4].id

    def fails_on_poison(event, conn):
        if event.id == poison:
            raise PermanentError("kan aldrig hanteras")
        _effect(event, conn)

    world.consumer({contracts.USER_LOGGED_OUT: fails_on_poison}, batch_size=10).drain(timeout=1.0)
    assert sorted(e.event_id for e in world.effects()) == sorted(e.id for e in events if e.id != poison)
    assert [m.properties["message_id"] for m in world.take_all(world.bus.dead_letter_queue_name("testconsumer"))] \
        == [poison]


def _effect_insert(event):
    import bus_testkit

    return bus_testkit.effects.insert().values(event_id=event.id, user_id=event.payload["user_id"])


def _effect(event, conn):
    conn.execute(_effect_insert(event))


def _as_text(body) -> str:
    return body.decode("utf-8") if isinstance(body, bytes) else body


def _wait_for(condition, timeout: float) -> bool:
    waiter = threading.Event()
    for _ in range(int(timeout / 0.05)):
        if condition():
            return True
        waiter.wait(0.05)
    return condition()
