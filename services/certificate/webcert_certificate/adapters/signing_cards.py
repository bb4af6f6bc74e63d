"""The signing "card": where a doctor's or dentist's key and certificate come from.

In the real world the SITHS card or BankID holds them; here the demo identity provider's CA
(adapters/signing.DemoCertificateAuthority, one per deployment, under CERTIFICATE_CA_DIR)
issues each signer a P-256 key pair and an X.509 certificate the first time the signer signs
in this process. Verification needs only the CA's certificate, so signers issued by different
processes verify alike."""
from __future__ import annotations

import threading
from typing import Protocol

from ..domain.signature import SignerIdentity
from .signing import DemoCertificateAuthority, Signer


class SigningCards(Protocol):
    def signer_for(self, user_id: str, name: str) -> Signer: ...

    @property
    def trusted_ca_pem(self) -> str: ...


class DemoSigningCards:
    def __init__(self, authority: DemoCertificateAuthority) -> None:
        self._authority = authority
        self._signers: dict[tuple[str, str], Signer] = {}
        self._lock = threading.Lock()

    def signer_for(self, user_id: str, name: str) -> Signer:
        key = (user_id, name)
        with self._lock:
            signer = self._signers.get(key)
            if signer is None:
                signer = self._authority.issue(SignerIdentity(user_id, name))
                self._signers[key] = signer
            return signer

    @property
    def trusted_ca_pem(self) -> str:
        return self._authority.certificate_pem
