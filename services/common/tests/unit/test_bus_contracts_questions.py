"""Contract tests for the events of ärendekommunikation (docs/ARCHITECTURE.md "Ärendekommunikation
(issue 7)"): FK's message as it came, the unit's question and answer for FK, and the facts the
e-mail is sent on (QA-7), which carry no text at all."""
from __future__ import annotations

import pytest

from webcert_common.bus import MalformedMessage, contracts, make_event

CERTIFICATE = "b3c1e0d2-7f7a-4c55-9e0e-2d9d3c1a0b11"

# One valid example per event type; test_bus_contracts.py checks that every routing key has one.
QUESTION_EXAMPLES = {
    contracts.FK_MESSAGE_RECEIVED: {
        "message_id": "5d0c1f8e-2b7a-4a44-8d53-7e1f0c2b9a60", "received_at": "2026-11-26T09:00:00+00:00",
        "body": '{"kind": "question", "id": "fk-1", "subject": "KONTAKT"}'},
    contracts.QUESTION_ASKED: {
        "message_id": "0e6a1d2b-9c3f-4b7e-8a15-3f2d1c0b9e77", "question_id": "q-1", "certificate_id": CERTIFICATE,
        "subject": "AVSTAMNINGSMOTE", "text": "Kan vi ses den 3 december?", "sent_at": "2026-11-26T09:05:00+01:00"},
    contracts.QUESTION_ANSWERED: {
        "message_id": "a1b2c3d4-0000-4000-8000-000000000001", "question_id": "fk-1", "certificate_id": CERTIFICATE,
        "text": "Ring mottagningen på förmiddagen.", "sent_at": "2026-11-26T09:10:00+01:00"},
    contracts.QUESTION_RECEIVED: {
        "question_id": "fk-1", "certificate_id": CERTIFICATE, "unit_id": "TSTNMT2321000156-VE11-M1",
        "care_unit_id": "TSTNMT2321000156-VE11", "subject": "KOMPLETTERING", "received_at": "2026-11-26T09:00:00+00:00"},
    contracts.QUESTION_ANSWER_RECEIVED: {
        "question_id": "q-1", "certificate_id": CERTIFICATE, "unit_id": "TSTNMT2321000156-VE11",
        "care_unit_id": "TSTNMT2321000156-VE11", "subject": "OVRIGT", "received_at": "2026-11-26T10:00:00+00:00"},
}


@pytest.mark.parametrize("type_", sorted(QUESTION_EXAMPLES))
def test_each_example_passes(type_):
    event = make_event(type_, QUESTION_EXAMPLES[type_], "messaging")
    assert event.payload == QUESTION_EXAMPLES[type_]


@pytest.mark.parametrize("type_", [contracts.QUESTION_RECEIVED, contracts.QUESTION_ANSWER_RECEIVED])
def test_the_facts_behind_an_e_mail_carry_no_text(type_):
    with pytest.raises(MalformedMessage, match="text"):
        contracts.validate_payload(type_, 1, {**QUESTION_EXAMPLES[type_], "text": "Patienten mår bättre."})


@pytest.mark.parametrize("type_", [contracts.QUESTION_ASKED, contracts.QUESTION_RECEIVED])
def test_a_subject_outside_the_five_is_refused(type_):
    with pytest.raises(MalformedMessage, match="subject"):
        contracts.validate_payload(type_, 1, {**QUESTION_EXAMPLES[type_], "subject": "FIKA"})


def test_an_answer_for_fk_needs_its_text():
    with pytest.raises(MalformedMessage, match="text"):
        contracts.validate_payload(contracts.QUESTION_ANSWERED, 1, {**QUESTION_EXAMPLES[contracts.QUESTION_ANSWERED],
                                                                    "text": "  "})
