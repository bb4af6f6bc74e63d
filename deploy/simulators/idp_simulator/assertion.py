"""The signed statement the IdP hands back through the browser (docs/ARCHITECTURE.md,
"Login"). Only the auth service verifies it for real; ``verify`` is here for tests."""
from __future__ import annotations

from itsdangerous import URLSafeTimedSerializer

SALT = "webcert-idp-assertion"
MAX_AGE_SECONDS = 120
METHODS = ("siths", "bankid", "mobilt_bankid", "telia")


def sign(key: str, method: str, subject: str, nonce: str) -> str:
    if method not in METHODS:
        raise ValueError(f"unknown login method {method!r}")
    return URLSafeTimedSerializer(key, salt=SALT).dumps({"method": method, "subject": subject, "nonce": nonce})


def verify(key: str, assertion: str, max_age: int = MAX_AGE_SECONDS) -> dict:
    return URLSafeTimedSerializer(key, salt=SALT).loads(assertion, max_age=max_age)
