"""The patient reference: the personnummer of the patient being viewed, encrypted into an
opaque, expiring token that may travel in a URL (``/patient/<reference>``).

Why: a personnummer must never appear in a URL path, a query string or a log line (issue
"Bad input"; STYLE.md), yet the patient page needs an address that survives a reload.
Fernet (AES-CBC + HMAC, with a timestamp) gives confidentiality, integrity and an age
check in one well-kept primitive. The key is derived from SECRET_KEY with HKDF, so every
gateway process of one installation reads every other's references, and nothing new has
to be configured. Plain Python: no Flask.
"""
from __future__ import annotations

import base64
import re

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from webcert_common.clock import Clock, SystemClock

DEFAULT_TTL_SECONDS = 30 * 60      # long enough to work with one patient; §3's idle limit is also 30 min
_HKDF_INFO = b"webcert-gateway patient reference v1"
# What pu-lookup's /persons/validate gives back (docs/ARCHITECTURE.md): YYYYMMDD-NNNN.
_NORMALISED = re.compile(r"^\d{8}-\d{4}$")


class InvalidPatientReference(Exception):
    """The reference was tampered with, made with another key, expired, or is not one."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason          # "expired" or "invalid": which Swedish message to show


def derive_key(secret_key: str) -> bytes:
    """A Fernet key (32 bytes, url-safe base64) for this purpose only, from SECRET_KEY."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(secret_key.encode("utf-8"))
    return base64.urlsafe_b64encode(raw)


class PatientReferences:
    def __init__(self, secret_key: str, *, ttl_seconds: int = DEFAULT_TTL_SECONDS,
                 clock: Clock | None = None) -> None:
        self._fernet = Fernet(derive_key(secret_key))
        self.ttl_seconds = ttl_seconds
        self._clock = clock or SystemClock()

    def _now(self) -> int:
        return int(self._clock.now().timestamp())

    def make(self, personnummer: str) -> str:
        """The reference for a normalised personnummer (YYYYMMDD-NNNN)."""
        if not _NORMALISED.match(personnummer):
            raise ValueError("only a normalised personnummer (YYYYMMDD-NNNN) gets a reference")
        token = self._fernet.encrypt_at_time(personnummer.encode("ascii"), self._now())
        # Fernet tokens are url-safe base64; the '=' padding is dropped to keep the URL tidy.
        return token.decode("ascii").rstrip("=")

    def read(self, reference: str) -> str:
        """The personnummer inside ``reference``; raises InvalidPatientReference."""
        if not reference or len(reference) > 512:
            raise InvalidPatientReference("invalid")
        token = (reference + "=" * (-len(reference) % 4)).encode("ascii", errors="replace")
        try:
            plain = self._fernet.decrypt_at_time(token, self.ttl_seconds, self._now())
        except InvalidToken:
            raise InvalidPatientReference(self._why(token)) from None
        personnummer = plain.decode("ascii", errors="replace")
        if not _NORMALISED.match(personnummer):
            raise InvalidPatientReference("invalid")
        return personnummer

    def _why(self, token: bytes) -> str:
        # Fernet says only "invalid"; an authentic but old token deserves the kinder message.
        try:
            self._fernet.decrypt(token)          # no TTL: authentic?
        except InvalidToken:
            return "invalid"
        return "expired"
