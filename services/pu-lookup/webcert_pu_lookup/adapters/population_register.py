"""The population register (PU-tjänsten) behind one interface (STYLE.md habit 6), with an
in-memory fake for tests. The HTTP adapter speaks the PU simulator's API (http_register.py);
a short-lived cache can sit in front (cache.py)."""
from __future__ import annotations

import threading
from typing import Protocol

from ..domain.identity_number import PersonalIdentityNumber
from ..domain.person import PersonRecord


class RegisterUnavailable(RuntimeError):
    """The register did not answer, or not usefully (timeout, refused connection, 5xx)."""


class PopulationRegister(Protocol):
    def find(self, number: PersonalIdentityNumber) -> PersonRecord | None:
        """The person, or None when the register does not know the number.
        Raises ``RegisterUnavailable``."""

    def ping(self) -> None:
        """Return when the register answers; raise ``RegisterUnavailable`` otherwise."""


class FakePopulationRegister:
    """In memory; a test makes it unavailable and counts the calls it got."""

    def __init__(self, persons: list[PersonRecord] = ()) -> None:
        self._persons = {p.number.normalised: p for p in persons}
        self._available = True
        self._lock = threading.Lock()
        self.find_calls = 0
        self.ping_calls = 0

    def add(self, person: PersonRecord) -> None:
        with self._lock:
            self._persons[person.number.normalised] = person

    def make_unavailable(self) -> None:
        self._available = False

    def make_available(self) -> None:
        self._available = True

    def find(self, number: PersonalIdentityNumber) -> PersonRecord | None:
        with self._lock:
            self.find_calls += 1
        if not self._available:
            raise RegisterUnavailable("fake register made unavailable")
        return self._persons.get(number.normalised)

    def ping(self) -> None:
        with self._lock:
            self.ping_calls += 1
        if not self._available:
            raise RegisterUnavailable("fake register made unavailable")
