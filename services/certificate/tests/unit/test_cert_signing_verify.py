"""Signing with a real digital signature (issue 4): a signed certificate verifies; any change to
it, a signer from another CA, a signer certificate outside its validity or a signer who is not
the issuer does not."""
from __future__ import annotations

import base64
import copy
import unicodedata
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, settings
from hypothesis import strategies as st

from webcert_common.clock import FakeClock
from webcert_certificate.adapters.signing import DemoCertificateAuthority, Signer, sign, verify
from webcert_certificate.domain.canonical import SignableCertificate, canonical_bytes
from webcert_certificate.domain.signature import (
    ECDSA_P256_SHA256,
    VERIFICATION_MESSAGES,
    DetachedSignature,
    SignerIdentity,
    SigningRefused,
)

START = datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)
INGRID = SignerIdentity("TSTNMT2321000156-1001", "Ingrid Holm")
OLLE = SignerIdentity("TSTNMT2321000156-1002", "Olle Berg")

FIELDS = {
    "certificate_id": "7d3b1c2a-9e4f-4a6b-8c1d-2e3f4a5b6c7d",
    "certificate_type": "FK7804",
    "type_version": "1.3",
    "patient": {"id": "19121212-1212", "name": "Tolvan Tolvansson",
                "address": {"street": "Svensons väg 10", "postal_code": "11111", "city": "Småmåla"}},
    "issuer": {"id": INGRID.subject_id, "name": "Ingrid Holm", "role": "LAKARE"},
    "unit": {"id": "TSTNMT2321000156-VE11-M1", "name": "Alfa Vårdcentral, Mottagning Norr",
             "care_provider_id": "TSTNMT2321000156-VG01", "care_provider_name": "Alfa Regionen"},
    "content": {
        "grund_for_medicinskt_underlag": [{"typ": "UNDERSOKNING", "datum": "2026-11-20"}],
        "diagnoser": [{"kodsystem": "ICD_10_SE", "kod": "F320", "beskrivning": "Lindrig depressiv episod"},
                      {"kodsystem": "ICD_10_SE", "kod": "M545", "beskrivning": "Lumbago"}],
        "sjukskrivningar": [{"grad": 50, "period": {"fom": "2026-11-26", "tom": "2026-12-24"}}],
        "avstangning_smittskydd": False,
        "arbetstidsforlaggning": None,
        "ovrigt": "Patienten är ömtålig; återbesök om två veckor.",
    },
}


def certificate(fields=None) -> SignableCertificate:
    return SignableCertificate(**copy.deepcopy(FIELDS if fields is None else fields))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def ca(clock) -> DemoCertificateAuthority:
    return DemoCertificateAuthority.create(clock=clock)


@pytest.fixture
def ingrid(ca) -> Signer:
    return ca.issue(INGRID)


@pytest.fixture
def signed(ingrid, clock) -> DetachedSignature:
    clock.advance(timedelta(minutes=5, microseconds=123456))
    return sign(certificate(), ingrid, clock=clock)


def forge(cert: SignableCertificate, key_pem: str, certificate_pem: str, signed_at: datetime) -> DetachedSignature:
    """A signature made with the key directly, past the checks in ``sign``: what a careless or
    hostile signer could produce, so that ``verify`` is tested on its own."""
    key = serialization.load_pem_private_key(key_pem.encode(), password=None)
    raw = key.sign(canonical_bytes(cert, signed_at), ec.ECDSA(hashes.SHA256()))
    return DetachedSignature(ECDSA_P256_SHA256, base64.b64encode(raw).decode(), certificate_pem, signed_at)


def test_a_signed_certificate_verifies(ca, ingrid, signed):
    assert signed.algorithm == ECDSA_P256_SHA256
    assert signed.signed_at == START + timedelta(minutes=5)        # whole seconds, UTC
    assert signed.signer_certificate_pem == ingrid.certificate_pem
    result = verify(certificate(), signed, ca.certificate_pem)
    assert result.valid and result.reason is None
    assert result.message == "Signaturen är giltig."
    assert verify(certificate(), signed, ca).valid                  # the CA object is accepted too


def test_the_signature_survives_storage_as_plain_data(ca, signed):
    stored = DetachedSignature.from_dict(dict(signed.to_dict()))
    assert stored == signed
    assert verify(certificate(), stored, ca.certificate_pem).valid


def test_a_signer_survives_storage_as_pem(ca, ingrid, clock):
    reloaded = Signer.from_pem(ingrid.private_key_pem, ingrid.certificate_pem)
    assert reloaded.identity == INGRID
    assert verify(certificate(), sign(certificate(), reloaded, clock=clock), ca.certificate_pem).valid


def test_two_signatures_of_the_same_certificate_differ_and_both_verify(ca, ingrid, clock):
    first, second = sign(certificate(), ingrid, clock=clock), sign(certificate(), ingrid, clock=clock)
    assert first.signature != second.signature                       # ECDSA is randomised
    assert verify(certificate(), first, ca.certificate_pem).valid
    assert verify(certificate(), second, ca.certificate_pem).valid


def test_key_order_and_normalisation_do_not_matter_when_verifying(ca, signed):
    reordered = {key: FIELDS[key] for key in reversed(list(FIELDS))}
    reordered["content"] = {key: FIELDS["content"][key] for key in reversed(list(FIELDS["content"]))}
    reordered["patient"] = {k: unicodedata.normalize("NFD", v) if isinstance(v, str) else v
                            for k, v in FIELDS["patient"].items()}
    reordered["content"]["ovrigt"] = unicodedata.normalize("NFD", FIELDS["content"]["ovrigt"])
    assert verify(certificate(reordered), signed, ca.certificate_pem).valid


# --- any change fails ------------------------------------------------------------------------

def _leaf_paths(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaf_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaf_paths(item, path + (index,))
    else:
        yield path


def _changed(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if value is None:
        return ""
    if "ä" in value or "ö" in value or "å" in value:
        return value.replace("ä", "a").replace("ö", "o").replace("å", "a")   # only the dots and ring go
    return value[:-1] + chr(ord(value[-1]) ^ 1)


def _with(path, new_value):
    fields = copy.deepcopy(FIELDS)
    target = fields
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new_value if not callable(new_value) else new_value(target[path[-1]])
    return fields


LEAVES = list(_leaf_paths(FIELDS))


@pytest.mark.parametrize("path", LEAVES, ids=lambda p: ".".join(map(str, p)))
def test_any_change_of_any_field_fails(ca, signed, path):
    result = verify(certificate(_with(path, _changed)), signed, ca.certificate_pem)
    assert not result.valid
    assert result.reason == "SIGNATURE_MISMATCH"
    assert result.message == VERIFICATION_MESSAGES["SIGNATURE_MISMATCH"]


def test_every_kind_of_field_is_covered_by_the_change_test():
    tails = {path[0] for path in LEAVES} | {path[1] for path in LEAVES if path[0] == "content"}
    assert {"certificate_id", "certificate_type", "type_version", "patient", "issuer", "unit",
            "diagnoser", "avstangning_smittskydd", "arbetstidsforlaggning", "ovrigt"} <= tails


@pytest.mark.parametrize("change", [
    lambda f: f["content"].pop("ovrigt"),                                  # a field removed
    lambda f: f["content"].update(extra="tillagd"),                        # a field added
    lambda f: f["content"].update(arbetstidsforlaggning=False),            # null → false
    lambda f: f["content"]["diagnoser"].reverse(),                         # rows reordered
    lambda f: f["content"]["sjukskrivningar"][0].update(grad=50.5),       # 50 → 50.5
    lambda f: f["content"]["sjukskrivningar"][0].update(grad="50"),        # number → text
    lambda f: f["unit"].update(name="Alfa Vårdcentral, Mottagning Söder"),
    lambda f: f["patient"].pop("address"),
], ids=["removed", "added", "null-to-false", "reordered", "number", "type", "unit-name", "address-removed"])
def test_structural_changes_fail(ca, signed, change):
    fields = copy.deepcopy(FIELDS)
    change(fields)
    assert verify(certificate(fields), signed, ca.certificate_pem).reason == "SIGNATURE_MISMATCH"


def test_a_changed_signing_time_fails(ca, signed):
    later = DetachedSignature(signed.algorithm, signed.signature, signed.signer_certificate_pem,
                              signed.signed_at + timedelta(seconds=1))
    assert verify(certificate(), later, ca.certificate_pem).reason == "SIGNATURE_MISMATCH"


def test_a_changed_signature_fails(ca, signed):
    raw = bytearray(base64.b64decode(signed.signature))
    raw[-1] ^= 0x01
    tampered = DetachedSignature(signed.algorithm, base64.b64encode(bytes(raw)).decode(),
                                 signed.signer_certificate_pem, signed.signed_at)
    assert verify(certificate(), tampered, ca.certificate_pem).reason == "SIGNATURE_MISMATCH"


def test_another_certificate_of_the_same_signer_does_not_verify_the_signature(ca, signed):
    reissued = ca.issue(INGRID)                   # same person, new card: another key
    swapped = DetachedSignature(signed.algorithm, signed.signature, reissued.certificate_pem, signed.signed_at)
    assert verify(certificate(), swapped, ca.certificate_pem).reason == "SIGNATURE_MISMATCH"


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=30), st.text(min_size=1, max_size=30))
def test_free_text_verifies_only_as_signed(text, other):
    ca = DemoCertificateAuthority.create(clock=FakeClock(START))
    signer = ca.issue(INGRID)
    fields = copy.deepcopy(FIELDS)
    fields["content"]["ovrigt"] = text
    signature = sign(certificate(fields), signer, clock=FakeClock(START))
    assert verify(certificate(fields), signature, ca.certificate_pem).valid
    fields["content"]["ovrigt"] = other
    same = unicodedata.normalize("NFC", text) == unicodedata.normalize("NFC", other)
    assert verify(certificate(fields), signature, ca.certificate_pem).valid is same


# --- who signed, and with what ---------------------------------------------------------------

def test_a_signer_from_another_ca_fails(ca, clock):
    impostor_ca = DemoCertificateAuthority.create(clock=clock)      # same name, other key
    signature = sign(certificate(), impostor_ca.issue(INGRID), clock=clock)
    result = verify(certificate(), signature, ca.certificate_pem)
    assert (result.valid, result.reason) == (False, "UNTRUSTED_SIGNER")
    assert verify(certificate(), signature, impostor_ca.certificate_pem).valid


def test_a_signer_certificate_is_not_a_trust_anchor(ingrid, signed):
    assert verify(certificate(), signed, ingrid.certificate_pem).reason == "UNTRUSTED_SIGNER"


def test_the_ca_certificate_itself_cannot_sign_a_certificate(ca, clock):
    bundle = ca.to_pem()
    key_pem = bundle[:bundle.index("-----BEGIN CERTIFICATE-----")]
    signature = forge(certificate(), key_pem, ca.certificate_pem, START)
    assert verify(certificate(), signature, ca.certificate_pem).reason == "NOT_A_SIGNING_CERTIFICATE"


def test_only_the_issuer_may_sign(ca, clock):
    olle = ca.issue(OLLE)
    with pytest.raises(SigningRefused) as refused:
        sign(certificate(), olle, clock=clock)
    assert refused.value.reason == "SIGNER_NOT_ISSUER"
    assert refused.value.message == "Du kan bara signera intyg där du står som utfärdare."
    forged = forge(certificate(), olle.private_key_pem, olle.certificate_pem, START)
    assert verify(certificate(), forged, ca.certificate_pem).reason == "SIGNER_NOT_ISSUER"


def test_a_key_that_does_not_belong_to_the_certificate_is_refused(ca, ingrid, clock):
    other = ca.issue(INGRID)
    with pytest.raises(SigningRefused) as refused:
        sign(certificate(), Signer(INGRID, other.private_key_pem, ingrid.certificate_pem), clock=clock)
    assert refused.value.reason == "SIGNER_KEY_UNUSABLE"


# --- validity at signing time ----------------------------------------------------------------

def test_an_expired_signer_certificate_cannot_sign_and_does_not_verify(ca, clock):
    signer = ca.issue(INGRID, validity=timedelta(days=30))
    clock.advance(timedelta(days=30, seconds=1))
    with pytest.raises(SigningRefused) as refused:
        sign(certificate(), signer, clock=clock)
    assert refused.value.reason == "SIGNER_CERTIFICATE_EXPIRED"
    forged = forge(certificate(), signer.private_key_pem, signer.certificate_pem, clock.now())
    result = verify(certificate(), forged, ca.certificate_pem)
    assert (result.valid, result.reason) == (False, "SIGNER_CERTIFICATE_EXPIRED")
    assert result.message == "Underskriftens certifikat hade gått ut när intyget signerades."


def test_a_not_yet_valid_signer_certificate_cannot_sign_and_does_not_verify(ca, clock):
    signer = ca.issue(INGRID, not_before=START + timedelta(days=1))
    with pytest.raises(SigningRefused) as refused:
        sign(certificate(), signer, clock=clock)
    assert refused.value.reason == "SIGNER_CERTIFICATE_NOT_YET_VALID"
    forged = forge(certificate(), signer.private_key_pem, signer.certificate_pem, START)
    assert verify(certificate(), forged, ca.certificate_pem).reason == "SIGNER_CERTIFICATE_NOT_YET_VALID"


def test_the_last_valid_second_still_signs(ca, clock):
    signer = ca.issue(INGRID, validity=timedelta(days=30))
    clock.advance(timedelta(days=30))
    assert verify(certificate(), sign(certificate(), signer, clock=clock), ca.certificate_pem).valid


def test_a_signature_stays_valid_after_the_signer_certificate_expires(ca, clock):
    # Validity is judged at signing time: a certificate signed last year is still a valid certificate.
    signer = ca.issue(INGRID, validity=timedelta(days=30))
    signature = sign(certificate(), signer, clock=clock)
    clock.advance(timedelta(days=400))
    assert verify(certificate(), signature, ca.certificate_pem).valid


# --- malformed input -------------------------------------------------------------------------

@pytest.mark.parametrize("change, reason", [
    (dict(algorithm="Ed25519"), "UNSUPPORTED_ALGORITHM"),
    (dict(signature="inte base64!"), "MALFORMED_SIGNATURE"),
    (dict(signer_certificate_pem="-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
     "MALFORMED_SIGNATURE"),
    (dict(signer_certificate_pem="Ingrid Holm"), "MALFORMED_SIGNATURE"),
    (dict(signed_at=START.replace(microsecond=1)), "MALFORMED_SIGNATURE"),
    (dict(signed_at=START.replace(tzinfo=None)), "MALFORMED_SIGNATURE"),
], ids=["algorithm", "base64", "pem", "not-pem", "sub-second", "naive-time"])
def test_malformed_signatures_are_reported_not_raised(ca, signed, change, reason):
    fields = {"algorithm": signed.algorithm, "signature": signed.signature,
              "signer_certificate_pem": signed.signer_certificate_pem, "signed_at": signed.signed_at}
    fields.update(change)
    result = verify(certificate(), DetachedSignature(**fields), ca.certificate_pem)
    assert (result.valid, result.reason) == (False, reason)
    assert result.message == VERIFICATION_MESSAGES[reason]
