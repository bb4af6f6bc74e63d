"""CERT-15, §6.13 through the API: "Skapa AG7804" from a signed FK7804 (diagnoses only when the
patient wants them conveyed), a DOI from a signed DB on the same unit, and what is refused."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from cert_world import VE12
from webcert_certificate.examples import example_content


def _signed(certificates, sid, certificate_type, personnummer=None):
    kwargs = {"personnummer": personnummer} if personnummer else {}
    draft = certificates.draft(sid, certificate_type, **kwargs)
    token = certificates.edit(sid, draft["id"])["edit_token"]
    today = certificates.clock.now().astimezone(ZoneInfo("Europe/Stockholm")).date()
    version = certificates.save(sid, draft["id"], example_content(certificate_type, today), 1, token).get_json()
    signed = certificates.call(sid, "POST", f"/certificates/{draft['id']}/sign", {"version": version["version"]})
    assert signed.status_code == 200, signed.get_json()
    return signed.get_json()


def derive(certificates, sid, source_id, certificate_type, convey=None):
    return certificates.call(sid, "POST", f"/certificates/{source_id}/derive",
                             {"certificate_type": certificate_type, "convey_diagnoses": convey})


def test_skapa_ag7804_takes_what_the_forms_share_and_the_diagnoses_only_if_conveyed(certificates):
    sid = certificates.login("ingrid")
    fk7804 = _signed(certificates, sid, "FK7804")
    assert fk7804["actions"]["CREATE_AG7804"]["allowed"] and not fk7804["actions"]["CREATE_DOI"]["allowed"]
    asked = derive(certificates, sid, fk7804["id"], "AG7804")
    assert asked.status_code == 422 and asked.get_json()["error"]["reason"] == "CONVEY_DIAGNOSES_REQUIRED"
    conveyed = derive(certificates, sid, fk7804["id"], "AG7804", True).get_json()
    assert conveyed["certificate_type"] == "AG7804" and conveyed["status"] == "DRAFT"
    assert conveyed["content"]["6"] == fk7804["content"]["6"] and conveyed["content"]["100"] is True
    assert conveyed["content"]["32"] == fk7804["content"]["32"] and conveyed["content"]["29"] == fk7804["content"]["29"]
    assert "26" not in conveyed["content"] and conveyed["history"][0]["kind"] == "prefilled_from"
    kept = derive(certificates, sid, fk7804["id"], "AG7804", False).get_json()
    assert "6" not in kept["content"] and kept["content"]["100"] is False


def test_a_doi_takes_the_death_from_a_db_of_the_same_unit(certificates):
    sid = certificates.login("ingrid")
    db = _signed(certificates, sid, "DB")
    assert db["actions"]["CREATE_DOI"]["allowed"]
    doi = derive(certificates, sid, db["id"], "DOI").get_json()
    for question in ("1.1", "2.1", "2.2", "3.1", "3.2", "4.1", "postort"):
        assert doi["content"][question] == db["content"][question], question
    assert "6.1" not in doi["content"]   # DB only: yttre undersökning
    # CERT-15: choosing DOI in the type list does the same when the unit has a signed DB.
    from_list = certificates.draft(sid, "DOI")
    assert from_list["content"]["3.1"] == db["content"]["3.1"]


def test_a_doi_from_another_unit_starts_empty(certificates):
    ingrid, on_akut = certificates.login("ingrid"), certificates.login("ingrid", VE12)
    db = _signed(certificates, ingrid, "DB")
    assert certificates.call(on_akut, "GET", f"/certificates/{db['id']}").status_code == 403
    empty = certificates.draft(on_akut, "DOI")
    assert empty["content"] == {}


def test_what_cannot_be_derived_is_refused(certificates):
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    refused = derive(certificates, sid, draft["id"], "AG7804", True)
    assert refused.status_code == 409 and refused.get_json()["error"]["reason"] == "NOT_SIGNED"
    fk7804 = _signed(certificates, sid, "FK7804")
    assert derive(certificates, sid, fk7804["id"], "DOI").status_code == 400
    assert derive(certificates, sid, fk7804["id"], "FK7800").status_code == 422
