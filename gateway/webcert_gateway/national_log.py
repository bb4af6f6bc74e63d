"""Shipping the PDL audit trail (patientdatalagen 4 kap., HSLF-FS 2016:40 4:9) to the
national log service: the gateway worker consumes ``pdl.access_logged`` and hands each
entry to a ``NationalLogService``.

The HTTP adapter posts the entry to ``LOG_SERVICE_URL`` ``/api/entries``; the log service
is idempotent on ``entry_id``, so a redelivered entry is harmless. While the log service
does not answer, the handler raises ``DependencyUnavailable``: the entries wait in their
queue (never dead-lettered, never given up: the law requires the trail) and the consumer
tries again with growing pauses. An entry the log service refuses for good is dead-lettered
with the reason and kept there for an operator.

Entries carry the patient's personnummer (the trail must name whose data was read): it is
never put in an exception message or a log line here.
"""
from __future__ import annotations

import threading
from typing import Protocol

from sqlalchemy.engine import Connection

from webcert_common.bus import DependencyUnavailable, Event, PermanentError, contracts
from webcert_common.service_client import ServiceClient, ServiceUnavailable

ENTRIES_PATH = "/api/entries"
PERMANENT_REFUSALS = (400, 409, 415, 422)


class LogServiceUnavailable(DependencyUnavailable):
    """The log service did not take the entry: it waits in the queue and is tried again."""


class NationalLogService(Protocol):
    def ship(self, entry: dict) -> None:
        """Store one entry at the national log service; raise when it was not stored."""


class HttpNationalLogService:
    def __init__(self, service: ServiceClient) -> None:
        self._service = service

    def ship(self, entry: dict) -> None:
        try:
            response = self._service.request("POST", ENTRIES_PATH, json=entry)
        except ServiceUnavailable as exc:
            raise LogServiceUnavailable(f"loggtjänsten svarar inte: {type(exc).__name__}") from None
        if 200 <= response.status < 300:      # a repeated entry_id with the same content is a success
            return
        if response.status in PERMANENT_REFUSALS:
            # the entry itself is refused (409: another entry already has this entry_id): retrying
            # cannot help; dead-lettered at once, kept there for an operator
            raise PermanentError(f"loggtjänsten avvisade posten: HTTP {response.status}")
        raise LogServiceUnavailable(f"loggtjänsten svarade HTTP {response.status}")


class InMemoryNationalLogService:
    """The fake for tests: keeps entries by entry_id (idempotent, like the real one) and
    can be told to fail the next ``n`` calls."""

    def __init__(self) -> None:
        self.entries: dict[str, dict] = {}
        self.attempts = 0
        self._failures_left = 0
        self._lock = threading.Lock()

    def fail_next(self, count: int) -> None:
        with self._lock:
            self._failures_left = count

    def ship(self, entry: dict) -> None:
        with self._lock:
            self.attempts += 1
            if self._failures_left > 0:
                self._failures_left -= 1
                raise LogServiceUnavailable("loggtjänsten svarar inte (fake)")
            self.entries.setdefault(entry["entry_id"], dict(entry))


HANDLED_TYPES = (contracts.PDL_ACCESS_LOGGED,)


def handlers(log_service: NationalLogService) -> dict:
    def ship(event: Event, _connection: Connection) -> None:
        log_service.ship(dict(event.payload))
    return {contracts.PDL_ACCESS_LOGGED: ship}
