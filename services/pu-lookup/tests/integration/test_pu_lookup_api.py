"""Validate and look up through HTTP: each demo patient kind, the vårdadministratör refused
for a protected patient (§5.8), not found, bad input -- and exactly one PDL entry per lookup."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from pu_demo_patients import (GUNHILD_DECEASED, JAN_SAMORDNINGSNUMMER, REQUESTERS, SKYDDAD_PROTECTED, TOLVAN, UNKNOWN)
from webcert_pu_lookup.adapters.orm import PU_LOOKUP_TABLES


def pdl_entries(pu) -> list[dict]:
    return [e["payload"] for e in pu.events() if e["type"] == "pdl.access_logged"]


@pytest.mark.parametrize("typed, normalised, kind", [
    ("19121212-1212", TOLVAN, "personnummer"), ("121212+1212", TOLVAN, "personnummer"),
    ("8503633219", JAN_SAMORDNINGSNUMMER, "samordningsnummer")])
def test_validate_normalises_without_a_register_call_or_pdl_entry(pu, typed, normalised, kind):
    response = pu.validate(typed)
    assert response.status_code == 200
    assert response.get_json() == {"personnummer": normalised, "kind": kind}
    assert pu.register.find_calls == 0 and pu.events() == []


@pytest.mark.parametrize("typed, words", [("19121212-1213", "felaktig kontrollsiffra"), ("1212", "fel längd"),
                                          ("19121312-1212", "ogiltigt datum"),
                                          ("19121212-12x2", "tecken som inte är siffror")])
def test_validate_names_the_problem(pu, typed, words):
    response = pu.validate(typed)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["reason"] == "INVALID_PERSONNUMMER" and words in error["message"]


def test_tolvan_is_found_with_every_action_allowed(pu):
    response = pu.lookup(TOLVAN)
    assert response.status_code == 200
    body = response.get_json()
    assert body["person"] == {"personnummer": TOLVAN, "kind": "personnummer", "name": "Tolvan Tolvansson",
                              "address": {"street": "Svensksundsvägen 11", "postal_code": "11111",
                                          "city": "Stockholm"},
                              "protected_identity": False, "deceased": False, "date_of_death": None}
    assert all(d == {"allowed": True, "reason": None, "message": None} for d in body["actions"].values())
    assert len(body["actions"]) == 8 and body["excluded_certificate_types"] == []
    assert pdl_entries(pu) == [{
        "entry_id": pdl_entries(pu)[0]["entry_id"], "time": pu.clock.now().isoformat(),
        **REQUESTERS["LAKARE"], "action": "läsa", "outcome": "granted", "reason": None,
        "patient_id": TOLVAN, "certificate_id": None, "purpose": "Vård och behandling"}]


def test_jan_samuelssons_samordningsnummer_works_in_its_ten_digit_form(pu):
    response = pu.lookup("850363-3219")
    assert response.status_code == 200
    assert response.get_json()["person"]["kind"] == "samordningsnummer"
    assert response.get_json()["person"]["name"] == "Jan Samuelsson"
    assert [e["patient_id"] for e in pdl_entries(pu)] == [JAN_SAMORDNINGSNUMMER]


def test_gunhild_ek_is_deceased_only_doi_may_be_created(pu):
    body = pu.lookup(GUNHILD_DECEASED).get_json()
    assert body["person"]["deceased"] is True and body["person"]["date_of_death"] == "2026-11-20"
    refused = {name for name, d in body["actions"].items() if not d["allowed"]}
    assert refused == {"CREATE_CERTIFICATE", "RENEW_CERTIFICATE", "REPLACE_CERTIFICATE"}
    assert body["actions"]["CREATE_CERTIFICATE"]["reason"] == "PATIENT_DECEASED"


def test_skyddad_skold_is_marked_protected_for_the_doctor(pu):
    body = pu.lookup(SKYDDAD_PROTECTED).get_json()
    assert body["person"]["protected_identity"] is True and body["person"]["address"] is None
    assert body["excluded_certificate_types"] == ["DB", "DOI"]
    assert body["actions"]["CREATE_DOI"]["allowed"] is False
    assert body["actions"]["CREATE_CERTIFICATE"]["allowed"] is True


def test_skyddad_skold_is_refused_to_the_administrator_with_no_personal_data_but_logged(pu):
    response = pu.lookup(SKYDDAD_PROTECTED, role="VARDADMINISTRATOR")
    assert response.status_code == 403
    assert response.get_json() == {"error": {
        "reason": "PROTECTED_IDENTITY_NOT_AUTHORISED",
        "message": "Du har inte behörighet att hantera intyg för denna patient."}}
    text = response.get_data(as_text=True)
    assert "Sköld" not in text and "19680815" not in text
    [entry] = pdl_entries(pu)
    assert (entry["outcome"], entry["reason"], entry["role"], entry["patient_id"]) == (
        "refused", "PROTECTED_IDENTITY_NOT_AUTHORISED", "VARDADMINISTRATOR", SKYDDAD_PROTECTED)


def test_the_unknown_number_is_not_found_and_logged(pu):
    response = pu.lookup(UNKNOWN)
    assert response.status_code == 404
    assert response.get_json()["error"]["reason"] == "PERSON_NOT_FOUND"
    [entry] = pdl_entries(pu)
    assert (entry["outcome"], entry["reason"], entry["patient_id"]) == ("not_found", "PERSON_NOT_FOUND", UNKNOWN)


def test_exactly_one_pdl_entry_per_lookup_and_none_for_bad_input(pu):
    statuses = [pu.lookup(n, role).status_code for n, role in [
        (TOLVAN, "LAKARE"), (JAN_SAMORDNINGSNUMMER, "LAKARE"), (GUNHILD_DECEASED, "LAKARE"),
        (SKYDDAD_PROTECTED, "LAKARE"), (SKYDDAD_PROTECTED, "VARDADMINISTRATOR"), (UNKNOWN, "LAKARE"),
        (TOLVAN, "VARDADMINISTRATOR")]]
    assert statuses == [200, 200, 200, 200, 403, 404, 200]
    assert pu.event_types() == ["pdl.access_logged"] * 7
    assert len({e["entry_id"] for e in pdl_entries(pu)}) == 7
    assert all("name" not in e and "Tolvan" not in str(e) for e in pdl_entries(pu))


@pytest.mark.parametrize("body, status", [
    ({"personnummer": "19121212-1213", "requester": REQUESTERS["LAKARE"]}, 400),
    ({"personnummer": "abc", "requester": REQUESTERS["LAKARE"]}, 400),
    ({"personnummer": TOLVAN}, 422),
    ({"personnummer": TOLVAN, "requester": {**REQUESTERS["LAKARE"], "role": "CHEF"}}, 422),
    ({"requester": REQUESTERS["LAKARE"]}, 422),
])
def test_bad_input_is_refused_before_any_register_call(pu, body, status):
    response = pu.client.post("/persons/lookup", json=body)
    assert response.status_code == status
    assert "error" in response.get_json() and "Traceback" not in response.get_data(as_text=True)
    assert pu.register.find_calls == 0 and pu.events() == []


def test_status_health_ready_and_openapi(pu):
    status = pu.client.get("/status").get_json()
    assert status["available"] is True and status["changed_at"]
    assert pu.client.get("/health").status_code == 200
    assert pu.client.get("/ready").get_json()["checks"] == {"database": "ok"}
    paths = pu.client.get("/openapi.json").get_json()["paths"]
    assert {"/persons/validate", "/persons/lookup", "/status"} <= set(paths)


def test_the_migrated_database_has_every_table(pu):
    names = set(sa.inspect(pu.engine).get_table_names())
    assert set(PU_LOOKUP_TABLES) | {"outbox", "inbox"} <= names
