"""The answer of every rule in the system (auth's privileges, pu-lookup's PU-2/PU-4 table, the
certificate service's actions): allowed or not, and for a refusal a stable reason and the Swedish
message the user is shown. One shape, so that the view and the service read the same rule."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str | None = None
    message: str | None = None

    def as_dict(self) -> dict:
        return {"allowed": self.allowed, "reason": self.reason, "message": self.message}


ALLOWED = Decision(True)
