"""The plain-Python parts of the patients issue: the patient reference, the PU state rule,
the patient page's wording, the pu-lookup client and the national log adapter."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from webcert_common.bus import PermanentError
from webcert_common.clock import FakeClock
from webcert_common.service_client import ServiceResponse, ServiceUnavailable
from webcert_gateway.clients.pu_lookup import PuLookupClient, PuRefused, PuUnavailable, requester_from
from webcert_gateway.national_log import HttpNationalLogService, InMemoryNationalLogService, LogServiceUnavailable
from webcert_gateway.patient_reference import InvalidPatientReference, PatientReferences
from webcert_gateway.patient_view import action_notes, excluded_types, patient_header
from webcert_gateway.pu_state import INITIAL, PuState, is_newer, parse_changed_at

SECRET = "unit-test-secret-" + "z" * 32
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)


# -- patient reference ----------------------------------------------------------------

def test_a_reference_round_trips_and_hides_the_number():
    refs = PatientReferences(SECRET, clock=FakeClock())
    reference = refs.make("19121212-1212")
    assert refs.read(reference) == "19121212-1212"
    assert "1212" not in reference and "191212" not in reference
    assert "/" not in reference and "=" not in reference and "?" not in reference


def test_a_reference_expires_after_its_ttl():
    clock = FakeClock()
    refs = PatientReferences(SECRET, ttl_seconds=1800, clock=clock)
    reference = refs.make("19121212-1212")
    clock.advance(timedelta(seconds=1799))
    assert refs.read(reference) == "19121212-1212"
    clock.advance(timedelta(seconds=2))
    with pytest.raises(InvalidPatientReference) as expired:
        refs.read(reference)
    assert expired.value.reason == "expired"


@pytest.mark.parametrize("bad", ["", "x", "a" * 600, "gAAAAA", "../../etc/passwd", "ÅÄÖ"])
def test_junk_is_invalid(bad):
    with pytest.raises(InvalidPatientReference) as invalid:
        PatientReferences(SECRET).read(bad)
    assert invalid.value.reason == "invalid"


def test_tampering_and_other_keys_are_invalid():
    reference = PatientReferences(SECRET).make("19121212-1212")
    tampered = reference[:-3] + ("A" if reference[-3] != "A" else "B") + reference[-2:]
    for attempt in (tampered, PatientReferences("other-" + SECRET).make("19121212-1212")):
        with pytest.raises(InvalidPatientReference) as invalid:
            PatientReferences(SECRET).read(attempt)
        assert invalid.value.reason == "invalid"


def test_only_normalised_numbers_get_a_reference():
    with pytest.raises(ValueError):
        PatientReferences(SECRET).make("191212121212")


# -- PU state --------------------------------------------------------------------------

def test_the_newest_fact_wins():
    down = PuState(False, T0, "pu.unavailable")
    up_later = PuState(True, T0 + timedelta(seconds=1), "pu.available")
    assert is_newer(down, INITIAL) and is_newer(down, None)
    assert is_newer(up_later, down)
    assert not is_newer(down, up_later)
    assert not is_newer(PuState(False, T0, "status"), down)          # the same moment told again
    assert not is_newer(INITIAL, down)


def test_changed_at_needs_a_time_zone():
    assert parse_changed_at("2026-11-26T10:00:00+01:00") == T0
    for bad in (None, "igår", "2026-11-26T10:00:00"):
        with pytest.raises(ValueError):
            parse_changed_at(bad)


# -- the patient page's words ----------------------------------------------------------

def test_patient_header():
    header = patient_header({"personnummer": "19850363-3219", "kind": "samordningsnummer", "name": "Jan Samuelsson",
                             "address": {"street": "Tullgatan 2", "postal_code": "25225", "city": "Helsingborg"},
                             "protected_identity": False, "deceased": True, "date_of_death": "2026-11-20"})
    assert header["kind_label"] == "Samordningsnummer"
    assert header["address_lines"] == ["Tullgatan 2", "25225 Helsingborg"]
    assert header["deceased"] and header["date_of_death"] == "2026-11-20" and not header["protected_identity"]
    assert patient_header({"name": "X", "address": None})["address_lines"] == []


def test_action_notes_group_refusals_by_reason_and_name_doi_for_the_deceased():
    dead = {"allowed": False, "reason": "PATIENT_DECEASED", "message": "Avliden."}
    actions = {"CREATE_CERTIFICATE": dead, "RENEW_CERTIFICATE": dead, "REPLACE_CERTIFICATE": dead,
               "CREATE_DOI": {"allowed": True, "reason": None, "message": None},
               "SEND_CERTIFICATE": {"allowed": False, "reason": "X", "message": None}}
    assert action_notes(actions) == ["Skapa intyg, Förnya intyg, Ersätta intyg: Avliden.",
                                     "Skicka intyg: Inte möjligt för den här patienten.",
                                     "Dödsorsaksintyg kan skapas för patienten."]
    assert action_notes({"CREATE_CERTIFICATE": {"allowed": True}}) == []
    assert action_notes(None) == []


def test_excluded_types_are_named():
    assert excluded_types({"excluded_certificate_types": ["DB", "DOI"]}) == ["Dödsbevis (DB)",
                                                                             "Dödsorsaksintyg (DOI)"]
    assert excluded_types({}) == []


# -- pu-lookup client ----------------------------------------------------------------------

class Scripted:
    def __init__(self, *responses):
        self.responses = list(responses)
        self.requests = []

    def request(self, method, path, json=None, headers=None, params=None):
        self.requests.append((method, path, json, params))
        answer = self.responses.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_the_personnummer_travels_in_the_body_only():
    service = Scripted(ServiceResponse(200, {"personnummer": "19121212-1212", "kind": "personnummer"}),
                       ServiceResponse(200, {"person": {}, "actions": {}}))
    client = PuLookupClient(service)
    client.validate("191212121212")
    client.lookup("19121212-1212", {"user_id": "u"})
    for method, path, json, params in service.requests:
        assert method == "POST" and params is None and "1212" not in path
    assert service.requests[1][2] == {"personnummer": "19121212-1212", "requester": {"user_id": "u"}}


def test_refusals_and_unavailability():
    refused = Scripted(ServiceResponse(404, {"error": {"reason": "PERSON_NOT_FOUND", "message": "Finns inte."}}))
    with pytest.raises(PuRefused) as error:
        PuLookupClient(refused).lookup("19721225-4549", {})
    assert (error.value.status, error.value.reason, error.value.message) == (404, "PERSON_NOT_FOUND", "Finns inte.")
    down = Scripted(ServiceUnavailable("POST http://pu/persons/lookup: HTTP 503"))
    with pytest.raises(PuUnavailable) as unavailable:
        PuLookupClient(down).lookup("19121212-1212", {})
    assert "19121212" not in str(unavailable.value)
    with pytest.raises(PuUnavailable):
        PuLookupClient(Scripted(ServiceResponse(302, None))).status()
    with pytest.raises(PuRefused) as bodyless:
        PuLookupClient(Scripted(ServiceResponse(400, None))).validate("1")
    assert bodyless.value.reason == "HTTP_400" and "Försök igen" in bodyless.value.message


def test_requester_from_the_session_view():
    view = {"user": {"id": "U", "role": "LAKARE"}, "unit": {"id": "W", "care_unit_id": "VE"},
            "care_provider": {"id": "VG"}}
    assert requester_from(view) == {"user_id": "U", "role": "LAKARE", "unit_id": "W", "care_unit_id": "VE",
                                    "care_provider_id": "VG"}


# -- national log service ------------------------------------------------------------------

ENTRY = {"entry_id": "e1", "patient_id": "19121212-1212"}


def test_http_log_service_posts_the_entry():
    service = Scripted(ServiceResponse(201, ENTRY))
    HttpNationalLogService(service).ship(ENTRY)
    assert service.requests == [("POST", "/api/entries", ENTRY, None)]


def test_http_log_service_failures_are_temporary_and_refusals_permanent():
    with pytest.raises(LogServiceUnavailable) as down:
        HttpNationalLogService(Scripted(ServiceUnavailable("HTTP 503"))).ship(ENTRY)
    assert "19121212" not in str(down.value)
    with pytest.raises(LogServiceUnavailable):
        HttpNationalLogService(Scripted(ServiceResponse(404, None))).ship(ENTRY)
    for status in (400, 409, 422):
        with pytest.raises(PermanentError):
            HttpNationalLogService(Scripted(ServiceResponse(status, None))).ship(ENTRY)


def test_the_in_memory_log_service_is_idempotent_and_can_fail():
    fake = InMemoryNationalLogService()
    fake.fail_next(1)
    with pytest.raises(LogServiceUnavailable):
        fake.ship(ENTRY)
    fake.ship(ENTRY)
    fake.ship(ENTRY)
    assert fake.entries == {"e1": ENTRY} and fake.attempts == 3
