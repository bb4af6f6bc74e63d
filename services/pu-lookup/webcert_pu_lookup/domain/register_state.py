"""The population register's state as this service has seen it (PU-3, INT-2).

Two states, available and unavailable. A transition is decided here and made in the database
with a conditional update, so that among several processes exactly one makes it and publishes
its event (pu.unavailable / pu.available) once. While unavailable, lookups are refused at once
(fail closed); only the probe, which pings the register, brings it back.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RegisterState:
    available: bool
    changed_at: datetime


@dataclass(frozen=True)
class Transition:
    to_available: bool
    at: datetime

    @property
    def from_available(self) -> bool:
        return not self.to_available


def transition_for(current: RegisterState, register_answered: bool, now: datetime) -> Transition | None:
    """The transition that an observation calls for, or None when the state already says so."""
    if current.available == register_answered:
        return None
    return Transition(to_available=register_answered, at=now)
