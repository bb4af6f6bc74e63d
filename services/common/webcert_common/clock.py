"""Time, injected. Rules that depend on time (30-minute inactivity, 14-day lock) take a
Clock so that tests move time instead of sleeping."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._now += delta

    def set(self, when: datetime) -> None:
        with self._lock:
            self._now = when


def swedish_minute(value) -> str | None:
    """A time (datetime or ISO text; a naive one taken as UTC, as the services keep it) as Swedes
    read it: "2026-11-26 09:00" in Swedish time. None when ``value`` is no time."""
    moment = value
    if not isinstance(moment, datetime):
        try:
            moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        moment = moment.astimezone(ZoneInfo("Europe/Stockholm"))
    except ZoneInfoNotFoundError:
        pass
    return moment.strftime("%Y-%m-%d %H:%M")
