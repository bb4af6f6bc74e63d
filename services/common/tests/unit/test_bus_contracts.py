"""Contract tests: every event type has a schema; valid payloads pass, invalid ones are
refused with MalformedMessage (a PermanentError, so a consumer dead-letters them)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webcert_common.bus import MalformedMessage, PermanentError, contracts, make_event

from test_bus_contracts_certificates import CERTIFICATE_EXAMPLES  # certificate.*, beside their tests
from test_bus_contracts_patients import PATIENT_EXAMPLES  # the pu.* and pdl.* examples live beside their tests
from test_bus_contracts_questions import QUESTION_EXAMPLES  # fk.* and question.*, beside their tests

VALID = {
    contracts.USER_LOGGED_IN: {"user_id": "TSTNMT2321000156-1001", "role": "LAKARE", "login_method": "siths",
                               "care_provider_id": "TSTNMT2321000156-VG01", "unit_id": "TSTNMT2321000156-VE11-M1"},
    contracts.USER_LOGIN_REFUSED: {"reason": "NO_ACCOUNT", "login_method": "bankid", "user_id": None},
    contracts.USER_UNIT_CHANGED: {"user_id": "TSTNMT2321000156-1001", "unit_id": "TSTNMT2321000156-VE11"},
    contracts.USER_LOGGED_OUT: {"user_id": "konto-42"},
    contracts.USER_SESSION_EXPIRED: {"user_id": "konto-42", "reason": "idle"},
}

INVALID = [
    (contracts.USER_LOGGED_IN, {**VALID[contracts.USER_LOGGED_IN], "role": "ADMIN"}, "role"),
    (contracts.USER_LOGGED_IN, {**VALID[contracts.USER_LOGGED_IN], "login_method": "password"}, "login_method"),
    (contracts.USER_LOGGED_IN, {k: v for k, v in VALID[contracts.USER_LOGGED_IN].items() if k != "user_id"},
     "user_id"),
    (contracts.USER_LOGIN_REFUSED, {"login_method": "siths", "user_id": "x"}, "reason"),
    (contracts.USER_UNIT_CHANGED, {"user_id": "u", "unit_id": ""}, "unit_id"),
    (contracts.USER_LOGGED_OUT, {"user_id": 191212121212}, "user_id"),
    (contracts.USER_LOGGED_OUT, {"user_id": "u", "personnummer": "19121212-1212"}, "personnummer"),
    (contracts.USER_SESSION_EXPIRED, {"user_id": "u", "reason": "tired"}, "reason"),
    (contracts.USER_SESSION_EXPIRED, ["user_id"], "payload"),
]


def test_every_routing_key_constant_has_a_schema_and_a_valid_example():
    constants = {value for name, value in vars(contracts).items()
                 if name.isupper() and isinstance(value, str) and "." in value and name != "EXCHANGE"}
    assert constants == set(contracts.ROUTING_KEYS) == (set(VALID) | set(PATIENT_EXAMPLES) | set(CERTIFICATE_EXAMPLES)
                                                         | set(QUESTION_EXAMPLES))
    for type_ in constants:
        assert (type_, 1) in contracts.SCHEMAS


def test_the_exchange_is_the_documented_one():
    assert contracts.EXCHANGE == "webcert.events"


@pytest.mark.parametrize("type_", sorted(VALID))
def test_a_valid_payload_passes_and_survives_the_wire(type_):
    contracts.validate_payload(type_, 1, VALID[type_])
    event = make_event(type_, VALID[type_], "auth")
    assert event.payload == VALID[type_]


@pytest.mark.parametrize("type_, payload, field", INVALID)
def test_an_invalid_payload_is_refused_naming_the_field(type_, payload, field):
    with pytest.raises(MalformedMessage, match=field):
        contracts.validate_payload(type_, 1, payload)
    with pytest.raises(ValueError):          # producers may treat it as ordinary bad input
        make_event(type_, payload, "auth")


def test_an_unknown_type_or_version_is_refused():
    with pytest.raises(MalformedMessage, match="okänd händelsetyp"):
        contracts.validate_payload("user.teleported", 1, {"user_id": "u"})
    with pytest.raises(MalformedMessage, match="okänd händelsetyp"):
        contracts.validate_payload(contracts.USER_LOGGED_OUT, 2, {"user_id": "u"})


def test_a_malformed_message_is_a_permanent_error():
    assert issubclass(MalformedMessage, PermanentError)


@given(st.dictionaries(st.text(max_size=12), st.one_of(st.none(), st.integers(), st.text(max_size=12)), max_size=6))
def test_any_payload_is_either_accepted_or_refused_as_malformed(payload):
    try:
        contracts.validate_payload(contracts.USER_SESSION_EXPIRED, 1, payload)
    except MalformedMessage:
        return
    assert set(payload) == {"user_id", "reason"} and payload["reason"] in ("idle", "absolute")
