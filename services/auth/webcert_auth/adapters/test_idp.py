"""The test identity provider's assertion format (docs/ARCHITECTURE.md, "Login"): an
itsdangerous timed signature over {"method", "subject", "nonce"}, valid for 120 seconds.

``sign_assertion`` is used by the IdP simulator and by tests; ``TestIdentityProvider``
verifies, with the age measured on the injected clock so tests move time, never sleep.
Only ever switched on by ``TEST_IDP_ENABLED=true``; production configuration refuses it."""
from __future__ import annotations

from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..domain.errors import InvalidRequest, refusal
from ..domain.privileges import LOGIN_METHODS
from .identity import VerifiedIdentity

SALT = "webcert-idp-assertion"
MAX_AGE = timedelta(seconds=120)
# A signer's clock a little ahead of ours is tolerated; far ahead is not.
CLOCK_SKEW = timedelta(seconds=30)


def _serializer(key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(key, salt=SALT)


def sign_assertion(key: str, method: str, subject: str, nonce: str | None) -> str:
    return _serializer(key).dumps({"method": method, "subject": subject, "nonce": nonce})


class TestIdentityProvider:
    __test__ = False   # not a pytest test class, despite the name

    def __init__(self, key: str) -> None:
        if not key:
            raise ValueError("the test IdP needs IDP_SIGNING_KEY")
        self._serializer = _serializer(key)

    def verify(self, assertion: str, now: datetime) -> VerifiedIdentity:
        try:
            payload, signed_at = self._serializer.loads(assertion, return_timestamp=True)
        except (BadSignature, ValueError, TypeError):
            raise refusal(InvalidRequest, "INVALID_ASSERTION") from None
        age = now - signed_at
        if age > MAX_AGE or age < -CLOCK_SKEW:
            raise refusal(InvalidRequest, "INVALID_ASSERTION")
        if not isinstance(payload, dict):
            raise refusal(InvalidRequest, "INVALID_ASSERTION")
        method, subject, nonce = payload.get("method"), payload.get("subject"), payload.get("nonce")
        if method not in LOGIN_METHODS or not isinstance(subject, str) or not subject.strip():
            raise refusal(InvalidRequest, "INVALID_ASSERTION")
        if nonce is not None and not isinstance(nonce, str):
            raise refusal(InvalidRequest, "INVALID_ASSERTION")
        return VerifiedIdentity(method, subject.strip(), nonce)
