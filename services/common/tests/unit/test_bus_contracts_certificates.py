"""certificate.* contracts: an example that follows the schema, and what it refuses."""
from __future__ import annotations

import pytest

from webcert_common.bus import contracts
from webcert_common.bus import MalformedMessage

CERTIFICATE_EXAMPLES = {
    contracts.CERTIFICATE_SIGNED: {
        "certificate_id": "0b7e5c2a-7263-4a11-9e01-000000000001", "certificate_type": "FK7804",
        "type_version": "1.3", "unit_id": "TSTNMT2321000156-VE11-M1", "care_unit_id": "TSTNMT2321000156-VE11",
        "care_provider_id": "TSTNMT2321000156-VG01", "signed_by": "TSTNMT2321000156-1001",
        "signed_at": "2026-11-26T09:00:00+00:00", "recipient": "fk"},
    contracts.CERTIFICATE_LOCKED: {
        "certificate_id": "0b7e5c2a-7804-4a11-9e01-000000000003", "certificate_type": "FK7804",
        "type_version": "1.3", "unit_id": "TSTNMT2321000156-VE11", "care_unit_id": "TSTNMT2321000156-VE11",
        "care_provider_id": "TSTNMT2321000156-VG01", "locked_at": "2026-11-26T09:00:00+00:00"},
}


def test_the_example_is_valid():
    for type_, payload in CERTIFICATE_EXAMPLES.items():
        contracts.validate_payload(type_, 1, payload)


@pytest.mark.parametrize("change", [{"recipient": "posten"}, {"signed_at": "igår"}, {"certificate_id": ""},
                                    {"personnummer": "19121212-1212"}])
def test_certificate_signed_refuses(change):
    with pytest.raises(MalformedMessage):
        contracts.validate_payload(contracts.CERTIFICATE_SIGNED, 1,
                                   dict(CERTIFICATE_EXAMPLES[contracts.CERTIFICATE_SIGNED], **change))


def test_a_certificate_without_recipient_is_valid():
    contracts.validate_payload(contracts.CERTIFICATE_SIGNED, 1,
                               dict(CERTIFICATE_EXAMPLES[contracts.CERTIFICATE_SIGNED], recipient=None))
