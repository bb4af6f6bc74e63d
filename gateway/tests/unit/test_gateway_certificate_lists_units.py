"""certificate_rows: the lists' rows from the services' answers (no I/O)."""
from __future__ import annotations

from webcert_gateway.certificate_rows import (NOT_FOR_PATIENT, certificate_row, certificate_rows, is_certificate_id,
                                              is_type_code, privilege_allowed, privilege_refusal, type_rows)
from webcert_gateway.navigation import TABS_BY_KEY

TYPES = [{"code": "TSTRK1007", "name": "Transportstyrelsens läkarintyg", "description": "Körkort", "favourite": True},
         {"code": "DB", "name": "Dödsbevis", "description": "Till Skatteverket", "favourite": False},
         {"code": "DOI", "name": "Dödsorsaksintyg", "description": None, "favourite": False},
         {"code": "FK7804", "name": "Läkarintyg för sjukpenning", "description": "Till FK", "favourite": False}]
ALLOWED = {"allowed": True, "reason": None, "message": None}
DECEASED = {"allowed": False, "reason": "PATIENT_DECEASED", "message": "Patienten är registrerad som avliden."}


def test_types_keep_the_services_order_and_stars():
    rows = type_rows(TYPES, {"actions": {"CREATE_CERTIFICATE": ALLOWED, "CREATE_DOI": ALLOWED}})
    assert [r.code for r in rows] == ["TSTRK1007", "DB", "DOI", "FK7804"]
    assert [r.favourite for r in rows] == [True, False, False, False]
    assert all(r.creatable for r in rows)
    assert rows[2].description == "" and rows[0].name == "Transportstyrelsens läkarintyg"


def test_excluded_types_of_a_protected_patient_are_not_creatable():
    answer = {"actions": {"CREATE_CERTIFICATE": ALLOWED, "CREATE_DOI": ALLOWED},
              "excluded_certificate_types": ["DB", "DOI"]}
    notes = {r.code: r.note for r in type_rows(TYPES, answer)}
    assert notes == {"TSTRK1007": None, "DB": NOT_FOR_PATIENT, "DOI": NOT_FOR_PATIENT, "FK7804": None}


def test_a_deceased_patient_gets_only_doi():
    # PU-4 as pu-lookup answers it: CREATE_CERTIFICATE refused, CREATE_DOI allowed.
    answer = {"actions": {"CREATE_CERTIFICATE": DECEASED, "CREATE_DOI": ALLOWED}}
    assert [r.code for r in type_rows(TYPES, answer) if r.creatable] == ["DOI"]


def test_without_actions_nothing_is_ruled_out_here():
    # The service decides on create; the page only hides what pu-lookup has refused.
    assert all(r.creatable for r in type_rows(TYPES, {}))


def test_privileges_from_the_session_view():
    view = {"privileges": {"CREATE_CERTIFICATE": {"allowed": False, "reason": "CARE_PROVIDER_BLOCKED",
                                                  "message": "Din vårdgivare har blockerat ..."},
                           "FORWARD_DRAFT": ALLOWED}}
    assert privilege_refusal(view, "CREATE_CERTIFICATE") == "Din vårdgivare har blockerat ..."
    assert privilege_refusal(view, "FORWARD_DRAFT") is None
    assert privilege_allowed(view, "FORWARD_DRAFT") and not privilege_allowed(view, "CREATE_CERTIFICATE")
    assert not privilege_allowed({}, "FORWARD_DRAFT") and privilege_refusal({}, "FORWARD_DRAFT") is None


SUMMARY = {"id": "0b7e5c2a-7263-4a11-9e01-000000000001", "certificate_type": "FK7804",
           "type_name": "Läkarintyg för sjukpenning", "status": "DRAFT", "status_label": "Utkast",
           "patient": {"personnummer": "19121212-1212", "name": "Tolvan Tolvansson"},
           "created_at": "2026-11-26T08:00:00+00:00", "updated_at": "2026-11-26T09:05:00+00:00",
           "signed_at": None, "saved_by": {"id": "u1", "name": "Karin Admin"}, "signed_by": None,
           "forwarded": True, "unit_id": "VE12"}


def test_a_draft_row_shows_the_last_save_in_swedish_time():
    row = certificate_row(SUMMARY)
    assert row.is_draft and row.forwarded
    assert row.saved_or_signed == row.saved_at == "2026-11-26 10:05"      # UTC+1 in November
    assert row.signed_at == "" and row.by == row.saved_by == "Karin Admin"
    assert (row.personnummer, row.patient_name) == ("19121212-1212", "Tolvan Tolvansson")


def test_a_signed_row_shows_the_signing_and_the_signer():
    signed = {**SUMMARY, "status": "SIGNED", "status_label": "Signerat", "signed_at": "2026-06-01T12:00:00Z",
              "signed_by": {"id": "u2", "name": "Ingrid Holm"}, "forwarded": False}
    row = certificate_row(signed)
    assert not row.is_draft and row.status_label == "Signerat"
    assert row.saved_or_signed == row.signed_at == "2026-06-01 14:00"     # UTC+2 in summer
    assert row.by == "Ingrid Holm" and row.saved_by == "Karin Admin"


def test_rows_skip_what_is_not_a_certificate():
    rows = certificate_rows([SUMMARY, {"id": "../../etc"}, "nonsense", {"status": "DRAFT"}])
    assert [r.id for r in rows] == [SUMMARY["id"]]
    sparse = certificate_row({"id": "x1"})
    assert sparse.type_name == "" and sparse.by == "" and sparse.saved_or_signed == "" and not sparse.forwarded


def test_what_a_form_or_a_url_may_carry():
    for code in ("FK7804", "AG1-14", "TSTRK1007", "DB"):
        assert is_type_code(code)
    for bad in ("", None, "fk7804", "<script>", "A" * 21, "FK 7804", "-X"):
        assert not is_type_code(bad)
    assert is_certificate_id("0b7e5c2a-7263-4a11-9e01-000000000001")
    for bad in ("", None, "../x", "a" * 65, "a b", "-a"):
        assert not is_certificate_id(bad)


def test_the_tabs_point_at_the_lists():
    assert TABS_BY_KEY["drafts"].endpoint == "certificate_lists.drafts"
    assert TABS_BY_KEY["signed"].endpoint == "certificate_lists.signed"

