"""Real digital signatures with ``cryptography`` (issue 4: "signing with a real digital signature").

A demo certificate authority stands in for SITHS and BankID: it gives every doctor and dentist a
key pair and an X.509 certificate. ``sign`` makes a detached signature over the canonical bytes of
a certificate (domain/canonical.py); ``verify`` lets anyone check it against the CA certificate.

Algorithm: ECDSA on P-256 with SHA-256. Chosen over Ed25519 because it is the elliptic-curve
algorithm of the Swedish healthcare and eID PKIs (SITHS e-id, BankID, eIDAS signature profiles) and
of the XML/PDF signature formats a real signing service would return, so replacing the demo CA with
the real one changes the keys, not the format. Its signatures are randomised: two signatures of the
same bytes differ, and both verify.

The chain is one level (the demo CA issues signer certificates directly). ``signed_at`` is the
signing service's own clock; a real deployment would add a trusted time stamp.
"""
from __future__ import annotations

import base64
import binascii
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from webcert_common.clock import Clock, SystemClock
from webcert_certificate.domain.canonical import SignableCertificate, canonical_bytes
from webcert_certificate.domain.signature import (
    ECDSA_P256_SHA256,
    DetachedSignature,
    SignerIdentity,
    VerificationResult,
    signing_refused,
)

CA_FILE_NAME = "demo-ca.pem"
CA_NAME = "Webcert demo-CA"
CA_VALIDITY = timedelta(days=3650)
# A CA is older than the signatures it vouches for: the demo world holds certificates signed
# months before the system's first start (deploy/demo/demo-data.yaml "certificates").
CA_BACKDATE = timedelta(days=400)
SIGNER_VALIDITY = timedelta(days=365)
_ORGANISATION = "Webcert demo"


@dataclass(frozen=True)
class Signer:
    """A doctor's or dentist's signing credentials, as PEM so that a store can hold them
    (the private key is unencrypted PKCS#8: the store is responsible for protecting it)."""

    identity: SignerIdentity
    private_key_pem: str
    certificate_pem: str

    @classmethod
    def from_pem(cls, private_key_pem: str, certificate_pem: str) -> "Signer":
        certificate = x509.load_pem_x509_certificate(certificate_pem.encode("ascii"))
        return cls(subject_identity(certificate), private_key_pem, certificate_pem)


class DemoCertificateAuthority:
    """The stand-in for the SITHS and BankID issuers. Its key never leaves it; verifiers need only
    ``certificate_pem``."""

    def __init__(self, private_key: ec.EllipticCurvePrivateKey, certificate: x509.Certificate,
                 *, clock: Clock | None = None) -> None:
        self._key = private_key
        self._certificate = certificate
        self._clock = clock or SystemClock()

    @classmethod
    def create(cls, *, clock: Clock | None = None, name: str = CA_NAME,
               validity: timedelta = CA_VALIDITY) -> "DemoCertificateAuthority":
        clock = clock or SystemClock()
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                             x509.NameAttribute(NameOID.ORGANIZATION_NAME, _ORGANISATION)])
        start = _whole_seconds(clock.now()) - CA_BACKDATE
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + CA_BACKDATE + validity)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(cert_sign=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        return cls(key, certificate, clock=clock)

    @classmethod
    def from_pem(cls, bundle_pem: str, *, clock: Clock | None = None) -> "DemoCertificateAuthority":
        """The bundle holds the CA's private key and its certificate, in either order."""
        data = bundle_pem.encode("ascii")
        key = serialization.load_pem_private_key(data, password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("the demo CA key must be an EC key")
        return cls(key, x509.load_pem_x509_certificate(data), clock=clock)

    @classmethod
    def load_or_create(cls, directory: str | os.PathLike, *,
                       clock: Clock | None = None) -> "DemoCertificateAuthority":
        """The CA of this data directory, created on first use. Several processes may start at
        once (distributed mode): the file appears atomically and whoever comes second loads it."""
        path = Path(directory) / CA_FILE_NAME
        if path.exists():
            return cls.from_pem(path.read_text(encoding="ascii"), clock=clock)
        path.parent.mkdir(parents=True, exist_ok=True)
        candidate = cls.create(clock=clock)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".demo-ca-")
        try:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:  # mkstemp: mode 0600
                handle.write(candidate.to_pem())
            os.link(temporary, path)  # fails if another process got there first
        except FileExistsError:
            return cls.from_pem(path.read_text(encoding="ascii"), clock=clock)
        finally:
            os.unlink(temporary)
        return candidate

    def to_pem(self) -> str:
        key = self._key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())
        return key.decode("ascii") + self.certificate_pem

    @property
    def certificate_pem(self) -> str:
        return self._certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")

    def issue(self, identity: SignerIdentity, *, not_before: datetime | None = None,
              validity: timedelta = SIGNER_VALIDITY) -> Signer:
        """A new key pair and certificate for a doctor or dentist. Subject: CN = name,
        serialNumber = HSA id or e-legitimation account id (as on a SITHS card)."""
        key = ec.generate_private_key(ec.SECP256R1())
        start = _whole_seconds(not_before or self._clock.now())
        subject = x509.Name([
            x509.NameAttribute(NameOID.COMMON_NAME, identity.name),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, identity.subject_id),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _ORGANISATION),
        ])
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject).issuer_name(self._certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + validity)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(cert_sign=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()),
                           critical=False)
            .sign(self._key, hashes.SHA256())
        )
        key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode("ascii")
        return Signer(identity, key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"))


def sign(certificate: SignableCertificate, signer: Signer, *, clock: Clock | None = None) -> DetachedSignature:
    """Sign ``certificate`` now. Refused (SigningRefused, nothing signed) when the signer is not the
    certificate's issuer or the signer certificate is not valid at this moment."""
    signed_at = _whole_seconds((clock or SystemClock()).now())
    signer_certificate = x509.load_pem_x509_certificate(signer.certificate_pem.encode("ascii"))
    # §5.11: the signed certificate names its issuer; only that person may sign it.
    if _subject_id(signer_certificate) != certificate.issuer_id:
        raise signing_refused("SIGNER_NOT_ISSUER")
    problem = _validity_problem(signer_certificate, signed_at)
    if problem:
        raise signing_refused(problem)
    key = serialization.load_pem_private_key(signer.private_key_pem.encode("ascii"), password=None)
    if not _is_p256(key) or key.public_key() != signer_certificate.public_key():
        raise signing_refused("SIGNER_KEY_UNUSABLE")
    raw = key.sign(canonical_bytes(certificate, signed_at), ec.ECDSA(hashes.SHA256()))
    return DetachedSignature(ECDSA_P256_SHA256, base64.b64encode(raw).decode("ascii"),
                             signer.certificate_pem, signed_at)


def verify(certificate: SignableCertificate, signature: DetachedSignature,
           trusted_ca: str | DemoCertificateAuthority) -> VerificationResult:
    """Does ``signature`` cover exactly ``certificate``, made by its issuer with a certificate from
    ``trusted_ca`` (its certificate PEM, or the CA itself) that was valid when it was signed?"""
    if signature.algorithm != ECDSA_P256_SHA256:
        return VerificationResult.failed("UNSUPPORTED_ALGORITHM")
    parsed = _parse(signature)
    if parsed is None:
        return VerificationResult.failed("MALFORMED_SIGNATURE")
    signer_certificate, raw = parsed
    ca_pem = trusted_ca.certificate_pem if isinstance(trusted_ca, DemoCertificateAuthority) else trusted_ca
    ca_certificate = x509.load_pem_x509_certificate(ca_pem.encode("ascii"))
    problem = (_chain_problem(signer_certificate, ca_certificate)
               or ("UNTRUSTED_SIGNER" if _validity_problem(ca_certificate, signature.signed_at) else None)
               or _validity_problem(signer_certificate, signature.signed_at))
    if problem:
        return VerificationResult.failed(problem)
    public_key = signer_certificate.public_key()
    if not _is_p256(public_key):
        return VerificationResult.failed("UNSUPPORTED_ALGORITHM")
    try:
        public_key.verify(raw, canonical_bytes(certificate, signature.signed_at), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return VerificationResult.failed("SIGNATURE_MISMATCH")
    # Checked after the bytes: a changed issuer field is first of all a changed certificate.
    if _subject_id(signer_certificate) != certificate.issuer_id:
        return VerificationResult.failed("SIGNER_NOT_ISSUER")
    return VerificationResult.ok()


def subject_identity(certificate: x509.Certificate) -> SignerIdentity:
    """The signer named by a certificate (ValueError when it names nobody usable)."""
    return SignerIdentity(subject_id=_subject_id(certificate),
                          name=_attribute(certificate, NameOID.COMMON_NAME))


def _subject_id(certificate: x509.Certificate) -> str:
    return _attribute(certificate, NameOID.SERIAL_NUMBER)


def _attribute(certificate: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    values = certificate.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def _parse(signature: DetachedSignature) -> tuple[x509.Certificate, bytes] | None:
    signed_at = signature.signed_at
    # Whole UTC seconds are what was signed; anything finer would be an unsigned part of the time.
    if not isinstance(signed_at, datetime) or signed_at.utcoffset() is None or signed_at.microsecond:
        return None
    try:
        raw = base64.b64decode(signature.signature, validate=True)
        certificate = x509.load_pem_x509_certificate(signature.signer_certificate_pem.encode("ascii"))
    except (binascii.Error, ValueError, TypeError, AttributeError, UnicodeEncodeError):
        return None
    return certificate, raw


def _chain_problem(signer_certificate: x509.Certificate, ca_certificate: x509.Certificate) -> str | None:
    if not _is_ca(ca_certificate):
        return "UNTRUSTED_SIGNER"
    try:
        signer_certificate.verify_directly_issued_by(ca_certificate)
    except (ValueError, TypeError, InvalidSignature):
        return "UNTRUSTED_SIGNER"
    if _is_ca(signer_certificate) or not _may_sign(signer_certificate):
        return "NOT_A_SIGNING_CERTIFICATE"
    return None


def _validity_problem(certificate: x509.Certificate, moment: datetime) -> str | None:
    if moment < certificate.not_valid_before_utc:
        return "SIGNER_CERTIFICATE_NOT_YET_VALID"
    if moment > certificate.not_valid_after_utc:
        return "SIGNER_CERTIFICATE_EXPIRED"
    return None


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def _may_sign(certificate: x509.Certificate) -> bool:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return usage.digital_signature or usage.content_commitment


def _is_p256(key: object) -> bool:
    return (isinstance(key, (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey))
            and isinstance(key.curve, ec.SECP256R1))


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    # A signer certificate is for signatures with non-repudiation (content_commitment), as a SITHS
    # signing certificate; the CA's only for issuing certificates.
    return x509.KeyUsage(
        digital_signature=not cert_sign, content_commitment=not cert_sign, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=cert_sign, crl_sign=cert_sign,
        encipher_only=False, decipher_only=False,
    )


def _whole_seconds(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a timezone-aware time is required")
    return moment.astimezone(timezone.utc).replace(microsecond=0)
