"""The signing "card": where a doctor's or dentist's key and certificate come from.

In the real world the SITHS card or BankID holds them; here the demo identity provider's CA
(adapters/signing.DemoCertificateAuthority, one per deployment, under CERTIFICATE_CA_DIR)
issues each signer a P-256 key pair and an X.509 certificate the first time the signer signs
in this process. Verification needs only the CA's certificate, so signers issued by different
processes verify alike."""
from __future__ import annotations

import threading
from typing import Callable, Protocol

from ..domain.signature import SignerIdentity
from .signing import DemoCertificateAuthority, Signer


class SigningCards(Protocol):
    def signer_for(self, user_id: str, name: str) -> Signer: ...

    @property
    def trusted_ca_pem(self) -> str: ...


class DemoSigningCards:
    """``authority``: the CA, or a function that loads it when first needed (a process that never
    signs or verifies -- the worker -- never reads the CA's key)."""

    def __init__(self, authority: DemoCertificateAuthority | Callable[[], DemoCertificateAuthority]) -> None:
        self._loader = (lambda: authority) if isinstance(authority, DemoCertificateAuthority) else authority
        self._loaded: DemoCertificateAuthority | None = None
        self._signers: dict[tuple[str, str], Signer] = {}
        self._lock = threading.Lock()

    @property
    def _authority(self) -> DemoCertificateAuthority:
        with self._lock:
            if self._loaded is None:
                self._loaded = self._loader()
            return self._loaded

    def signer_for(self, user_id: str, name: str) -> Signer:
        key = (user_id, name)
        authority = self._authority
        with self._lock:
            signer = self._signers.get(key)
            if signer is None:
                signer = authority.issue(SignerIdentity(user_id, name))
                self._signers[key] = signer
            return signer

    @property
    def trusted_ca_pem(self) -> str:
        return self._authority.certificate_pem
