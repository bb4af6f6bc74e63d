"""The event envelope on the wire: round trip, and every way a message can be malformed."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webcert_common import correlation
from webcert_common.bus import Event, MalformedMessage, contracts, make_event
from webcert_common.clock import FakeClock


def _event() -> Event:
    return make_event(contracts.USER_LOGGED_OUT, {"user_id": "TSTNMT2321000156-1001"}, "auth", clock=FakeClock())


def test_make_event_fills_the_envelope_from_clock_and_correlation_id():
    token = correlation.set("corr-12345678")
    try:
        event = make_event(contracts.USER_LOGGED_OUT, {"user_id": "u-1"}, "auth", clock=FakeClock())
    finally:
        correlation.reset(token)
    assert (event.type, event.version, event.producer) == (contracts.USER_LOGGED_OUT, 1, "auth")
    assert event.time == datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)
    assert event.correlation_id == "corr-12345678"
    assert event.id != _event().id


def test_the_envelope_survives_the_wire_and_time_comes_back_in_utc():
    local = timezone(timedelta(hours=1))
    event = make_event(contracts.USER_LOGGED_OUT, {"user_id": "u-1"}, "auth",
                       clock=FakeClock(datetime(2026, 11, 26, 9, 0, tzinfo=local)))
    back = Event.from_json(event.to_json().encode("utf-8"))
    assert back == event
    assert back.time.utcoffset() == timedelta(0)
    assert set(json.loads(event.to_json())) == {"id", "type", "version", "time", "correlation_id", "producer",
                                                "payload"}


def test_make_event_needs_a_producer():
    with pytest.raises(ValueError):
        make_event(contracts.USER_LOGGED_OUT, {"user_id": "u-1"}, "")


def _with(**changes) -> str:
    data = json.loads(_event().to_json())
    for key, value in changes.items():
        if value is _DROP:
            data.pop(key)
        else:
            data[key] = value
    return json.dumps(data)


_DROP = object()


@pytest.mark.parametrize("raw", [
    b"", b"\xff\xfe", "not json", "[1, 2]", "null",
    _with(id=_DROP), _with(type=""), _with(correlation_id=7), _with(producer=None),
    _with(version="1"), _with(version=0), _with(version=True),
    _with(time=_DROP), _with(time="igår"), _with(time="2026-11-26T08:00:00"),
    _with(payload="user_id=u"), _with(payload=_DROP),
])
def test_a_malformed_envelope_is_refused(raw):
    with pytest.raises(MalformedMessage):
        Event.from_json(raw)


@given(st.binary(max_size=200))
def test_arbitrary_bytes_are_an_event_or_malformed_never_a_crash(raw):
    try:
        Event.from_json(raw)
    except MalformedMessage:
        pass
