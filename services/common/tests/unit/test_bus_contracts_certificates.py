"""certificate.* contracts: an example that follows the schema, and what it refuses."""
from __future__ import annotations

import pytest

from webcert_common.bus import contracts
from webcert_common.bus import MalformedMessage

# certificate.signed v1, which consumers still accept (docs/ARCHITECTURE.md, issue 7)
CERTIFICATE_SIGNED_V1 = {
    "certificate_id": "0b7e5c2a-7263-4a11-9e01-000000000001", "certificate_type": "FK7804",
    "type_version": "1.3", "unit_id": "TSTNMT2321000156-VE11-M1", "care_unit_id": "TSTNMT2321000156-VE11",
    "care_provider_id": "TSTNMT2321000156-VG01", "signed_by": "TSTNMT2321000156-1001",
    "signed_at": "2026-11-26T09:00:00+00:00", "recipient": "fk"}
# The version each example follows: the one the certificate service publishes now.
EXAMPLE_VERSIONS = {contracts.CERTIFICATE_SIGNED: 2}

CERTIFICATE_EXAMPLES = {
    # v2: a complement (§7) of the certificate it answers FK's request for
    contracts.CERTIFICATE_SIGNED: {
        **CERTIFICATE_SIGNED_V1, "certificate_id": "0b7e5c2a-7804-4a11-9e01-000000000005",
        "patient_id": "19121212-1212", "relation_kind": "COMPLEMENT",
        "parent_id": "0b7e5c2a-7804-4a11-9e01-000000000004"},
    contracts.CERTIFICATE_DRAFT_CREATED: {
        "certificate_id": "0b7e5c2a-7804-4a11-9e01-000000000005", "certificate_type": "FK7804",
        "type_version": "1.3", "unit_id": "TSTNMT2321000156-VE11", "care_unit_id": "TSTNMT2321000156-VE11",
        "care_provider_id": "TSTNMT2321000156-VG01", "relation_kind": "COMPLEMENT",
        "parent_id": "0b7e5c2a-7804-4a11-9e01-000000000004", "created_at": "2026-11-27T08:00:00+00:00"},
    contracts.CERTIFICATE_DRAFT_DELETED: {
        "certificate_id": "0b7e5c2a-7804-4a11-9e01-000000000005", "certificate_type": "FK7804",
        "unit_id": "TSTNMT2321000156-VE11", "care_unit_id": "TSTNMT2321000156-VE11",
        "care_provider_id": "TSTNMT2321000156-VG01", "relation_kind": "COMPLEMENT",
        "parent_id": "0b7e5c2a-7804-4a11-9e01-000000000004", "deleted_at": "2026-11-27T08:30:00+00:00"},
    contracts.CERTIFICATE_LOCKED: {
        "certificate_id": "0b7e5c2a-7804-4a11-9e01-000000000003", "certificate_type": "FK7804",
        "type_version": "1.3", "unit_id": "TSTNMT2321000156-VE11", "care_unit_id": "TSTNMT2321000156-VE11",
        "care_provider_id": "TSTNMT2321000156-VG01", "locked_at": "2026-11-26T09:00:00+00:00"},
    contracts.CERTIFICATE_SENT: {
        "certificate_id": "0b7e5c2a-7804-4a11-9e01-000000000004", "certificate_type": "FK7804",
        "type_version": "1.3", "unit_id": "TSTNMT2321000156-VE11", "care_unit_id": "TSTNMT2321000156-VE11",
        "care_provider_id": "TSTNMT2321000156-VG01", "recipient": "fk",
        "delivery_id": "5d0c8f3e-1111-4a11-9e01-000000000001", "sent_by": "TSTNMT2321000156-1001",
        "sent_at": "2026-11-26T09:05:00+00:00"},
    contracts.CERTIFICATE_REVOKED: {
        "certificate_id": "0b7e5c2a-7804-4a11-9e01-000000000004", "certificate_type": "FK7804",
        "type_version": "1.3", "unit_id": "TSTNMT2321000156-VE11", "care_unit_id": "TSTNMT2321000156-VE11",
        "care_provider_id": "TSTNMT2321000156-VG01", "revoked_by": "TSTNMT2321000156-1001",
        "revoked_at": "2026-11-26T10:00:00+00:00", "reason": "FEL_PATIENT", "recipient": "fk",
        "delivery_id": "5d0c8f3e-1111-4a11-9e01-000000000002"},
    contracts.CERTIFICATE_DELIVERED: {
        "certificate_id": "0b7e5c2a-7804-4a11-9e01-000000000004", "recipient": "fk", "delivery": "certificate",
        "delivery_id": "5d0c8f3e-1111-4a11-9e01-000000000001", "received_at": "2026-11-26T09:05:01+00:00"},
    contracts.CERTIFICATE_DELIVERY_FAILED: {
        "certificate_id": "0b7e5c2a-7804-4a11-9e01-000000000004", "recipient": "ts", "delivery": "certificate",
        "delivery_id": "5d0c8f3e-1111-4a11-9e01-000000000003",
        "reason": "Transportstyrelsen tog inte emot det: intyget avvisades.", "failed_at": "2026-11-26T09:06:00+00:00"},
}


def version_of(type_: str) -> int:
    return EXAMPLE_VERSIONS.get(type_, 1)


def test_the_example_is_valid():
    for type_, payload in CERTIFICATE_EXAMPLES.items():
        contracts.validate_payload(type_, version_of(type_), payload)
    contracts.validate_payload(contracts.CERTIFICATE_SIGNED, 1, CERTIFICATE_SIGNED_V1)


@pytest.mark.parametrize("change", [{"recipient": "posten"}, {"signed_at": "igår"}, {"certificate_id": ""},
                                    {"personnummer": "19121212-1212"}])
def test_certificate_signed_refuses(change):
    with pytest.raises(MalformedMessage):
        contracts.validate_payload(contracts.CERTIFICATE_SIGNED, 1, dict(CERTIFICATE_SIGNED_V1, **change))
    with pytest.raises(MalformedMessage):
        contracts.validate_payload(contracts.CERTIFICATE_SIGNED, 2,
                                   dict(CERTIFICATE_EXAMPLES[contracts.CERTIFICATE_SIGNED], **change))


@pytest.mark.parametrize("change, field", [
    ({"patient_id": "191212121212"}, "patient_id"),      # one normalised form, as in the audit trail
    ({"patient_id": None}, "patient_id"),
    ({"relation_kind": "KOMPLETTERING"}, "relation_kind"),
    ({"parent_id": ""}, "parent_id"),
])
def test_certificate_signed_v2_refuses(change, field):
    with pytest.raises(MalformedMessage, match=field):
        contracts.validate_payload(contracts.CERTIFICATE_SIGNED, 2,
                                   dict(CERTIFICATE_EXAMPLES[contracts.CERTIFICATE_SIGNED], **change))


def test_v1_and_v2_of_certificate_signed_are_told_apart():
    # v1 has no patient; v2 must name one
    with pytest.raises(MalformedMessage, match="patient_id"):
        contracts.validate_payload(contracts.CERTIFICATE_SIGNED, 2, CERTIFICATE_SIGNED_V1)
    with pytest.raises(MalformedMessage, match="patient_id"):
        contracts.validate_payload(contracts.CERTIFICATE_SIGNED, 1, CERTIFICATE_EXAMPLES[contracts.CERTIFICATE_SIGNED])


@pytest.mark.parametrize("type_", [contracts.CERTIFICATE_SIGNED, contracts.CERTIFICATE_DRAFT_CREATED,
                                   contracts.CERTIFICATE_DRAFT_DELETED])
def test_a_certificate_of_its_own_has_no_relation(type_):
    contracts.validate_payload(type_, version_of(type_),
                               dict(CERTIFICATE_EXAMPLES[type_], relation_kind=None, parent_id=None))


@pytest.mark.parametrize("type_, change", [
    (contracts.CERTIFICATE_DRAFT_CREATED, {"content": {"25": "text"}}),   # never a draft's content
    (contracts.CERTIFICATE_DRAFT_CREATED, {"relation_kind": "SIGNED"}),
    (contracts.CERTIFICATE_DRAFT_CREATED, {"created_at": "2026-11-27T08:00:00"}),
    (contracts.CERTIFICATE_DRAFT_DELETED, {"patient_id": "19121212-1212"}),
    (contracts.CERTIFICATE_DRAFT_DELETED, {"deleted_at": None}),
])
def test_draft_events_refuse(type_, change):
    with pytest.raises(MalformedMessage):
        contracts.validate_payload(type_, 1, dict(CERTIFICATE_EXAMPLES[type_], **change))


def test_a_certificate_without_recipient_is_valid():
    contracts.validate_payload(contracts.CERTIFICATE_SIGNED, 1, dict(CERTIFICATE_SIGNED_V1, recipient=None))
    contracts.validate_payload(contracts.CERTIFICATE_SIGNED, 2,
                               dict(CERTIFICATE_EXAMPLES[contracts.CERTIFICATE_SIGNED], recipient=None))


def test_a_revocation_no_recipient_is_told_of_is_valid():
    # §5.10: Skatteverket and Socialstyrelsen are not told; nor is anyone of a certificate never sent
    contracts.validate_payload(contracts.CERTIFICATE_REVOKED, 1, dict(
        CERTIFICATE_EXAMPLES[contracts.CERTIFICATE_REVOKED], recipient=None, delivery_id=None, reason="INGEN_ORSAK"))


@pytest.mark.parametrize("type_, change", [
    (contracts.CERTIFICATE_REVOKED, {"message": "fel patient"}),        # the free text stays in the service
    (contracts.CERTIFICATE_REVOKED, {"reason": "TRÖTT"}),
    (contracts.CERTIFICATE_SENT, {"recipient": None}),
    (contracts.CERTIFICATE_DELIVERED, {"delivery": "brev"}),
    (contracts.CERTIFICATE_DELIVERY_FAILED, {"reason": ""}),
])
def test_after_signing_events_refuse(type_, change):
    with pytest.raises(MalformedMessage):
        contracts.validate_payload(type_, 1, dict(CERTIFICATE_EXAMPLES[type_], **change))
