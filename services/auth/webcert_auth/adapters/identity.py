"""The identity-provider side of login: an assertion in, a verified identity out.

The test IdP (adapters/test_idp.py) sits behind this interface; a real SAML or OIDC
provider for SITHS-kort and e-legitimation would sit behind the same one (AUTH-2)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ..domain.errors import InvalidRequest, refusal


@dataclass(frozen=True)
class VerifiedIdentity:
    method: str        # siths | bankid | mobilt_bankid | telia
    subject: str       # HSA id (siths) or personnummer (e-legitimation)
    nonce: str | None = None


class IdentityProvider(Protocol):
    def verify(self, assertion: str, now: datetime) -> VerifiedIdentity:
        """Return the identity or raise InvalidRequest("INVALID_ASSERTION")."""


class NoIdentityProvider:
    """What runs when no provider is configured: every assertion is refused."""

    def verify(self, assertion: str, now: datetime) -> VerifiedIdentity:
        raise refusal(InvalidRequest, "INVALID_ASSERTION")
