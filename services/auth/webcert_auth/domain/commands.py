"""Commands: what a user asks the auth service to do (imperative names, STYLE.md habit 2)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Login:
    assertion: str
    nonce: str | None = None


@dataclass(frozen=True)
class CheckSession:
    session_id: str | None


@dataclass(frozen=True)
class ChooseUnit:
    session_id: str | None
    unit_id: str


@dataclass(frozen=True)
class Acknowledge:
    session_id: str | None
    kind: str


@dataclass(frozen=True)
class Logout:
    session_id: str | None


@dataclass(frozen=True)
class Decide:
    session_id: str | None
    privilege: str
    certificate_type: str | None = None


@dataclass(frozen=True)
class ViewAccount:
    session_id: str | None


@dataclass(frozen=True)
class EditAccount:
    session_id: str | None
    changes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ViewUnit:
    """Directory data asked for by another service (messaging's QA-7 e-mail): no session."""
    unit_id: str
