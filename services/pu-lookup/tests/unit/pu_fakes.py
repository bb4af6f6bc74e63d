"""Fakes for the service layer's unit tests: an in-memory unit of work over one shared store."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone

from webcert_common.bus import make_event

from webcert_pu_lookup.domain.register_state import RegisterState, Transition


@dataclass
class FakeStore:
    state: RegisterState = field(default_factory=lambda: RegisterState(True, datetime(2026, 1, 1, tzinfo=timezone.utc)))
    events: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _FakeStateRepository:
    def __init__(self, uow: "FakeUnitOfWork") -> None:
        self.uow = uow

    def get(self) -> RegisterState:
        return self.uow.store.state

    def apply(self, transition: Transition) -> bool:
        if self.uow.store.state.available != transition.from_available:
            return False
        self.uow.pending_state = RegisterState(transition.to_available, transition.at)
        return True


class FakeUnitOfWork:
    """Holds the store's lock for the whole unit, like a serialised transaction."""

    def __init__(self, store: FakeStore, clock) -> None:
        self.store = store
        self.clock = clock
        self.pending_state = None
        self.pending_events: list = []

    def __enter__(self) -> "FakeUnitOfWork":
        self.store.lock.acquire()
        self.register_state = _FakeStateRepository(self)
        return self

    def __exit__(self, *exc_info) -> None:
        self.store.lock.release()

    def add_event(self, event_type: str, payload: dict) -> None:
        self.pending_events.append(make_event(event_type, payload, "pu-lookup", clock=self.clock))

    def commit(self) -> None:
        if self.pending_state is not None:
            self.store.state = self.pending_state
        self.store.events.extend(self.pending_events)
        self.pending_state, self.pending_events = None, []
