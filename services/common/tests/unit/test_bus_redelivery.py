"""The retry count and dead-letter headers, on a fake message."""
from __future__ import annotations

from dataclasses import dataclass, field

from webcert_common.bus import redelivery


@dataclass
class FakeMessage:
    headers: dict = field(default_factory=dict)
    delivery_info: dict = field(default_factory=lambda: {"routing_key": "user.logged_out"})


def test_a_first_delivery_has_retry_count_zero_and_each_retry_adds_one():
    first = FakeMessage()
    assert redelivery.retry_count(first) == 0
    second = FakeMessage(redelivery.retry_headers(first), {"routing_key": "gateway.events"})
    third = FakeMessage(redelivery.retry_headers(second), {"routing_key": "gateway.events"})
    assert (redelivery.retry_count(second), redelivery.retry_count(third)) == (1, 2)
    # the event's own routing key is kept although retries go straight to the queue
    assert third.headers[redelivery.HEADER_ROUTING_KEY] == "user.logged_out"


def test_a_nonsense_retry_header_counts_as_zero():
    assert redelivery.retry_count(FakeMessage({redelivery.HEADER_RETRY_COUNT: "many"})) == 0
    assert redelivery.retry_count(FakeMessage({redelivery.HEADER_RETRY_COUNT: -3})) == 0


def test_dead_letter_headers_carry_reason_retry_count_and_origin():
    message = FakeMessage({redelivery.HEADER_RETRY_COUNT: 5, "x-custom": "kept"})
    headers = redelivery.dead_letter_headers(message, "TimeoutError: x", "gateway.events")
    assert headers == {redelivery.HEADER_RETRY_COUNT: 5, redelivery.HEADER_REASON: "TimeoutError: x",
                       redelivery.HEADER_QUEUE: "gateway.events", redelivery.HEADER_ROUTING_KEY: "user.logged_out",
                       "x-custom": "kept"}


def test_a_long_reason_is_cut_short():
    assert len(redelivery.describe(RuntimeError("x" * 5000))) == 500
