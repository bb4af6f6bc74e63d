"""How the recipient answers: normally, not at all (down), slowly, by refusing everything, or
with a body that is not JSON. Kept per process (the distributed runner gives each simulator
one worker), behind one lock; a call waiting in "slow" is let go when the mode changes."""
from __future__ import annotations

import threading

NORMAL, DOWN, SLOW, REJECT, GARBAGE = "normal", "down", "slow", "reject", "garbage"
MODES = (NORMAL, DOWN, SLOW, REJECT, GARBAGE)


class ModeError(ValueError):
    """A mode or delay the simulator refuses, with a Swedish message."""


def parse_delay(value: object, maximum: float) -> float:
    """Seconds for "slow": a number above 0 and at most ``maximum``."""
    if isinstance(value, bool):
        raise ModeError("Ange fördröjningen i sekunder, till exempel 15.")
    try:
        seconds = float(str(value).replace(",", ".").strip())
    except ValueError as exc:
        raise ModeError("Ange fördröjningen i sekunder, till exempel 15.") from exc
    if not 0 < seconds <= maximum:
        raise ModeError(f"Fördröjningen ska vara mer än 0 och högst {maximum:g} sekunder.")
    return seconds


class ModeSwitch:
    def __init__(self, delay_seconds: float) -> None:
        self._lock = threading.Lock()
        self._mode = NORMAL
        self._delay = delay_seconds
        self._changed = threading.Event()

    @property
    def mode(self) -> str:
        with self._lock:
            return self._mode

    @property
    def delay_seconds(self) -> float:
        with self._lock:
            return self._delay

    def to_json(self) -> dict:
        with self._lock:
            return {"mode": self._mode, "delay_seconds": self._delay}

    def set(self, mode: str, delay_seconds: float | None = None) -> None:
        if mode not in MODES:
            raise ModeError(f"Ange mode: {', '.join(MODES)}.")
        with self._lock:
            self._mode = mode
            if delay_seconds is not None:
                self._delay = delay_seconds
            previous, self._changed = self._changed, threading.Event()
        previous.set()

    def delay_before_answer(self) -> float:
        with self._lock:
            return self._delay if self._mode == SLOW else 0.0

    def pause(self, seconds: float) -> None:
        """Wait up to ``seconds``, or until the mode changes (not a busy loop)."""
        with self._lock:
            event = self._changed
        event.wait(seconds)
