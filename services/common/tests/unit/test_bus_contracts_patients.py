"""Contract tests for the patient events (docs/ARCHITECTURE.md "Events added"): pu.unavailable,
pu.available and pdl.access_logged. The PDL entry carries the patient's personnummer in its one
normalised form and nothing else personal (no names: unknown fields are refused)."""
from __future__ import annotations

import pytest

from webcert_common.bus import MalformedMessage, contracts, make_event

PDL_ENTRY = {
    "entry_id": "3f1c2d9e-6a51-4f0e-9d2b-0a7c5e8b1f42",
    "time": "2026-11-26T08:00:00+00:00",
    "user_id": "TSTNMT2321000156-1001",
    "role": "LAKARE",
    "unit_id": "TSTNMT2321000156-VE11-M1",
    "care_unit_id": "TSTNMT2321000156-VE11",
    "care_provider_id": "TSTNMT2321000156-VG01",
    "action": "läsa",
    "outcome": "granted",
    "reason": None,
    "patient_id": "19121212-1212",
    "certificate_id": None,
    "purpose": "Vård och behandling",
}

# One valid example per patient event type; test_bus_contracts.py checks that every routing key has one.
PATIENT_EXAMPLES = {
    contracts.PU_UNAVAILABLE: {"changed_at": "2026-11-26T08:00:00+00:00"},
    contracts.PU_AVAILABLE: {"changed_at": "2026-11-26T08:05:02.123456+00:00"},
    contracts.PDL_ACCESS_LOGGED: PDL_ENTRY,
}

INVALID = [
    (contracts.PU_UNAVAILABLE, {}, "changed_at"),
    (contracts.PU_UNAVAILABLE, {"changed_at": "i går"}, "changed_at"),
    (contracts.PU_AVAILABLE, {"changed_at": "2026-11-26T08:00:00"}, "tidszon"),
    (contracts.PU_AVAILABLE, {"changed_at": "2026-11-26T08:00:00+00:00", "available": True}, "available"),
    (contracts.PDL_ACCESS_LOGGED, {**PDL_ENTRY, "outcome": "maybe"}, "outcome"),
    (contracts.PDL_ACCESS_LOGGED, {**PDL_ENTRY, "purpose": "Forskning"}, "purpose"),
    (contracts.PDL_ACCESS_LOGGED, {**PDL_ENTRY, "action": "titta"}, "action"),
    (contracts.PDL_ACCESS_LOGGED, {**PDL_ENTRY, "role": "ADMIN"}, "role"),
    (contracts.PDL_ACCESS_LOGGED, {**PDL_ENTRY, "patient_id": "191212121212"}, "patient_id"),
    (contracts.PDL_ACCESS_LOGGED, {**PDL_ENTRY, "patient_id": "121212-1212"}, "patient_id"),
    (contracts.PDL_ACCESS_LOGGED, {**PDL_ENTRY, "time": "nu"}, "time"),
    (contracts.PDL_ACCESS_LOGGED, {**PDL_ENTRY, "patient_name": "Tolvan Tolvansson"}, "patient_name"),
    (contracts.PDL_ACCESS_LOGGED, {k: v for k, v in PDL_ENTRY.items() if k != "user_id"}, "user_id"),
    (contracts.PDL_ACCESS_LOGGED, {k: v for k, v in PDL_ENTRY.items() if k != "care_provider_id"},
     "care_provider_id"),
]


def test_the_routing_keys_are_the_documented_ones():
    assert (contracts.PU_UNAVAILABLE, contracts.PU_AVAILABLE, contracts.PDL_ACCESS_LOGGED) == (
        "pu.unavailable", "pu.available", "pdl.access_logged")
    assert set(PATIENT_EXAMPLES) <= set(contracts.ROUTING_KEYS)


@pytest.mark.parametrize("type_", sorted(PATIENT_EXAMPLES))
def test_a_valid_patient_event_passes_and_survives_the_wire(type_):
    event = make_event(type_, PATIENT_EXAMPLES[type_], "pu-lookup")
    assert event.payload == PATIENT_EXAMPLES[type_]
    assert type(event).from_json(event.to_json()).payload == PATIENT_EXAMPLES[type_]


@pytest.mark.parametrize("outcome, reason", [("granted", None), ("refused", "PROTECTED_IDENTITY_NOT_AUTHORISED"),
                                             ("not_found", "PERSON_NOT_FOUND")])
def test_every_pdl_outcome_is_accepted(outcome, reason):
    contracts.validate_payload(contracts.PDL_ACCESS_LOGGED, 1, {**PDL_ENTRY, "outcome": outcome, "reason": reason})


def test_a_samordningsnummer_and_a_certificate_are_accepted_in_a_pdl_entry():
    contracts.validate_payload(contracts.PDL_ACCESS_LOGGED, 1,
                               {**PDL_ENTRY, "patient_id": "19850363-3219", "certificate_id": "intyg-1"})


@pytest.mark.parametrize("type_, payload, field", INVALID)
def test_an_invalid_patient_event_is_refused_naming_the_field(type_, payload, field):
    with pytest.raises(MalformedMessage, match=field):
        contracts.validate_payload(type_, 1, payload)
    with pytest.raises(ValueError):
        make_event(type_, payload, "pu-lookup")
