"""A short-lived cache in front of the population register (design: "short-lived cache").

It saves register calls for the same patient within ``ttl``; it never hides an outage: a
register that fails is reported as unavailable, never answered from the cache, and the
service refuses every lookup while the register state is unavailable (a cached answer
included). The cache is emptied when the register fails, so nothing from before an outage
is served after it."""
from __future__ import annotations

import threading
from datetime import timedelta

from webcert_common.clock import Clock

from ..domain.identity_number import PersonalIdentityNumber
from ..domain.person import PersonRecord
from .population_register import PopulationRegister, RegisterUnavailable

_MAX_ENTRIES = 10_000   # a bound, so a flood of distinct numbers cannot grow memory without end


class CachedPopulationRegister:
    def __init__(self, inner: PopulationRegister, ttl: timedelta, clock: Clock) -> None:
        self.inner = inner
        self.ttl = ttl
        self.clock = clock
        self._entries: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def find(self, number: PersonalIdentityNumber) -> PersonRecord | None:
        now = self.clock.now()
        with self._lock:
            hit = self._entries.get(number.normalised)
            if hit is not None and hit[0] > now:
                return hit[1]
        try:
            person = self.inner.find(number)
        except RegisterUnavailable:
            self.clear()
            raise
        if self.ttl > timedelta(0):
            with self._lock:
                if len(self._entries) >= _MAX_ENTRIES:
                    self._entries.clear()
                self._entries[number.normalised] = (now + self.ttl, person)
        return person

    def ping(self) -> None:
        try:
            self.inner.ping()   # the probe must reach the register itself, never the cache
        except RegisterUnavailable:
            self.clear()
            raise

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
