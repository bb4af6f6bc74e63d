"""The demo CA, stand-in for SITHS and BankID (issue 4): one CA per data directory, created once;
signer certificates that name the doctor by HSA id or e-legitimation account id, never by
personnummer."""
from __future__ import annotations

import stat
import threading
from datetime import datetime, timedelta, timezone

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from webcert_common.clock import FakeClock
from webcert_certificate.adapters.signing import (
    CA_BACKDATE,
    CA_FILE_NAME,
    DemoCertificateAuthority,
    sign,
    subject_identity,
    verify,
)
from webcert_certificate.domain.canonical import SignableCertificate
from webcert_certificate.domain.signature import SignerIdentity

START = datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)


def _certificate(issuer_id: str) -> SignableCertificate:
    return SignableCertificate("id-1", "FK7804", "1.3", {"id": "19121212-1212"}, {"id": issuer_id},
                               {"id": "TSTNMT2321000156-VE11"}, {"ovrigt": "Åter i arbete"})


def test_the_ca_is_created_once_per_data_directory_and_then_reloaded(tmp_path):
    first = DemoCertificateAuthority.load_or_create(tmp_path / "data", clock=FakeClock(START))
    path = tmp_path / "data" / CA_FILE_NAME
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600            # the CA key is a secret
    assert [p.name for p in path.parent.iterdir()] == [CA_FILE_NAME]   # no temporary files left
    second = DemoCertificateAuthority.load_or_create(tmp_path / "data", clock=FakeClock(START))
    assert second.certificate_pem == first.certificate_pem
    # Signers issued before and after the reload chain to the same CA.
    identity = SignerIdentity("TSTNMT2321000156-1001", "Ingrid Holm")
    signer = second.issue(identity)
    signature = sign(_certificate(identity.subject_id), signer, clock=FakeClock(START))
    assert verify(_certificate(identity.subject_id), signature, first.certificate_pem).valid


def test_processes_starting_together_agree_on_one_ca(tmp_path):
    results: list[str] = []
    barrier = threading.Barrier(8)

    def start() -> None:
        barrier.wait(timeout=10)
        results.append(DemoCertificateAuthority.load_or_create(tmp_path).certificate_pem)

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 8
    assert len(set(results)) == 1
    assert (tmp_path / CA_FILE_NAME).read_text().endswith(results[0])


def test_another_data_directory_has_another_ca(tmp_path):
    a = DemoCertificateAuthority.load_or_create(tmp_path / "a")
    b = DemoCertificateAuthority.load_or_create(tmp_path / "b")
    assert a.certificate_pem != b.certificate_pem


def test_a_damaged_ca_file_is_an_error_not_a_new_ca(tmp_path):
    (tmp_path / CA_FILE_NAME).write_text("inte en nyckel")
    with pytest.raises(ValueError):
        DemoCertificateAuthority.load_or_create(tmp_path)
    assert (tmp_path / CA_FILE_NAME).read_text() == "inte en nyckel"


def test_the_ca_bundle_round_trips(tmp_path):
    ca = DemoCertificateAuthority.create(clock=FakeClock(START))
    assert DemoCertificateAuthority.from_pem(ca.to_pem()).certificate_pem == ca.certificate_pem


def test_the_ca_certificate_is_a_ca():
    ca = DemoCertificateAuthority.create(clock=FakeClock(START))
    certificate = x509.load_pem_x509_certificate(ca.certificate_pem.encode())
    assert certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert certificate.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    assert certificate.not_valid_before_utc == START - CA_BACKDATE   # older than the demo world's signatures


@pytest.mark.parametrize("identity", [
    SignerIdentity("TSTNMT2321000156-1001", "Ingrid Holm"),          # SITHS-kort: HSA id
    SignerIdentity("eleg-7f3a9c2e5b", "Eva Lund"),                    # e-legitimation: account id
], ids=["siths", "eleg"])
def test_a_signer_certificate_names_the_doctor_and_nothing_else(identity):
    clock = FakeClock(START)
    ca = DemoCertificateAuthority.create(clock=clock)
    signer = ca.issue(identity)
    certificate = x509.load_pem_x509_certificate(signer.certificate_pem.encode())
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == identity.name
    assert certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == identity.subject_id
    assert subject_identity(certificate) == identity
    assert certificate.issuer == x509.load_pem_x509_certificate(ca.certificate_pem.encode()).subject
    assert (certificate.not_valid_before_utc, certificate.not_valid_after_utc) == (START, START + timedelta(days=365))
    assert not certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert isinstance(certificate.public_key(), ec.EllipticCurvePublicKey)
    assert certificate.public_key().curve.name == "secp256r1"
    assert "19700102" not in signer.certificate_pem
    assert signer.private_key_pem.startswith("-----BEGIN PRIVATE KEY-----")


def test_every_doctor_gets_a_key_of_their_own():
    ca = DemoCertificateAuthority.create(clock=FakeClock(START))
    a = ca.issue(SignerIdentity("TSTNMT2321000156-1001", "Ingrid Holm"))
    b = ca.issue(SignerIdentity("TSTNMT2321000156-1002", "Olle Berg"))
    assert a.private_key_pem != b.private_key_pem


@pytest.mark.parametrize("subject_id", ["19700102-0226", "197001020226", "7001020226", "700102-0226",
                                        "19121212+1212", " 19700102-0226 "])
def test_a_personnummer_is_never_a_certificate_subject(subject_id):
    with pytest.raises(ValueError, match="personnummer"):
        SignerIdentity(subject_id, "Eva Lund")


@pytest.mark.parametrize("subject_id, name", [("", "Eva Lund"), ("  ", "Eva Lund"), ("eleg-1", ""), ("eleg-1", " ")])
def test_a_signer_needs_an_id_and_a_name(subject_id, name):
    with pytest.raises(ValueError):
        SignerIdentity(subject_id, name)
