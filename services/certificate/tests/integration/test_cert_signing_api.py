"""Signing through the API (CERT-5, §6.12): what is missing, the real signature and its
verification, immutability, certificate.signed through the outbox, "Signerade intyg"."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from webcert_certificate.examples import example_content
from webcert_common.bus import contracts

from cert_world import TOLVAN

CREATABLE = ["FK7804", "AG7804", "FK7800", "FK7801", "FK7802", "AG1-14", "TSTRK1007", "TSTRK1031", "DB", "DOI"]


def _today(certificates):
    return certificates.clock.now().astimezone(ZoneInfo("Europe/Stockholm")).date()


def _filled(certificates, sid, certificate_type="FK7804"):
    draft = certificates.draft(sid, certificate_type)
    token = certificates.edit(sid, draft["id"])["edit_token"]
    saved = certificates.save(sid, draft["id"], example_content(certificate_type, _today(certificates)), 1, token)
    assert saved.status_code == 200, saved.get_json()
    return draft["id"], saved.get_json()["version"]


@pytest.mark.parametrize("certificate_type", CREATABLE)
def test_every_creatable_type_can_be_filled_and_signed(certificates, certificate_type):
    sid = certificates.login("ingrid")
    certificate_id, version = _filled(certificates, sid, certificate_type)
    signed = certificates.call(sid, "POST", f"/certificates/{certificate_id}/sign", {"version": version})
    assert signed.status_code == 200, signed.get_json()
    view = signed.get_json()
    assert view["status"] == "SIGNED" and view["signature"]["signer"]["name"] == "Ingrid Holm"
    # CERT-6: DB and DOI are handed to Skatteverket and Socialstyrelsen by the signing itself
    sent_on_sign = certificate_type in ("DB", "DOI")
    assert [h["kind"] for h in view["history"]] == ["created", "signed"] + (["sent"] if sent_on_sign else [])
    assert (view["delivery"] or {}).get("state") == ("pending" if sent_on_sign else None)
    verified = certificates.call(None, "GET", f"/certificates/{certificate_id}/verification").get_json()
    assert verified["valid"] is True and verified["message"] == "Signaturen är giltig.", verified
    [event] = certificates.events(contracts.CERTIFICATE_SIGNED)
    contracts.validate_payload(event["type"], event["version"], event["payload"])
    assert event["payload"]["certificate_id"] == certificate_id and event["version"] == 2
    # v2 names the patient in its one field (for PU and PDL in messaging), and nowhere else
    assert event["payload"]["patient_id"] == TOLVAN
    assert TOLVAN not in json.dumps(dict(event, payload=dict(event["payload"], patient_id=None)))


def test_signing_too_early_lists_the_sections_that_lack_information(certificates):
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    refused = certificates.call(sid, "POST", f"/certificates/{draft['id']}/sign", {"version": 1})
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert error["reason"] == "INCOMPLETE"
    labels = [s["label"] for s in error["sections"]]
    assert "Grund för medicinskt underlag" in labels and "Diagnos" in " ".join(labels)
    problem = error["sections"][0]["problems"][0]
    assert problem["question_id"] and problem["message"] and problem["kind"] == "missing"
    assert certificates.call(sid, "GET", f"/certificates/{draft['id']}").get_json()["status"] == "DRAFT"
    assert certificates.events(contracts.CERTIFICATE_SIGNED) == []


def test_an_administrator_sees_what_is_missing_but_cannot_sign(certificates):
    karin = certificates.login("karin")
    draft = certificates.draft(karin)
    missing = certificates.call(karin, "GET", f"/certificates/{draft['id']}/missing").get_json()
    assert missing["complete"] is False and missing["sections"]
    refused = certificates.call(karin, "POST", f"/certificates/{draft['id']}/sign", {"version": 1})
    assert refused.status_code == 403 and refused.get_json()["error"]["message"]


def test_an_administrators_draft_is_signed_by_the_doctor_who_becomes_its_issuer(certificates):
    karin, ingrid = certificates.login("karin"), certificates.login("ingrid")
    certificate_id, version = _filled(certificates, karin)
    view = certificates.call(ingrid, "POST", f"/certificates/{certificate_id}/sign", {"version": version}).get_json()
    assert view["issuer"]["name"] == "Ingrid Holm" and view["saved_by"]["name"] == "Karin Admin"


def test_a_signed_certificate_is_final(certificates):
    sid = certificates.login("ingrid")
    certificate_id, version = _filled(certificates, sid)
    signed = certificates.call(sid, "POST", f"/certificates/{certificate_id}/sign", {"version": version}).get_json()
    again = certificates.call(sid, "POST", f"/certificates/{certificate_id}/sign", {"version": signed["version"]})
    assert again.status_code == 409 and again.get_json()["error"]["reason"] == "NOT_A_DRAFT"
    saved = certificates.save(sid, certificate_id, {"29": "ändrad"}, signed["version"], None)
    assert saved.status_code == 409 and saved.get_json()["error"]["reason"] == "NOT_A_DRAFT"
    deleted = certificates.call(sid, "DELETE", f"/certificates/{certificate_id}", {"version": signed["version"]})
    assert deleted.status_code == 409
    assert certificates.call(sid, "POST", f"/certificates/{certificate_id}/editing").status_code == 409
    view = certificates.call(sid, "GET", f"/certificates/{certificate_id}").get_json()
    assert not any(view["actions"][a]["allowed"] for a in ("EDIT", "DELETE", "SIGN", "FORWARD"))
    assert view["actions"]["PRINT"]["allowed"]


def test_signing_a_stale_version_is_refused(certificates):
    sid = certificates.login("ingrid")
    certificate_id, version = _filled(certificates, sid)
    stale = certificates.call(sid, "POST", f"/certificates/{certificate_id}/sign", {"version": version - 1})
    assert stale.status_code == 409 and stale.get_json()["error"]["reason"] == "STALE_VERSION"


def test_a_tampered_certificate_fails_verification(certificates):
    sid = certificates.login("ingrid")
    certificate_id, version = _filled(certificates, sid)
    certificates.call(sid, "POST", f"/certificates/{certificate_id}/sign", {"version": version})
    with certificates.engine.begin() as conn:
        content = json.loads(conn.execute(sa.text("SELECT content FROM certificate WHERE id = :id"),
                                          {"id": certificate_id}).scalar())
        content["32"] = {"HELT_NEDSATT": {"from": "2026-01-01", "to": "2026-12-31"}}
        conn.execute(sa.text("UPDATE certificate SET content = :c WHERE id = :id"),
                     {"c": json.dumps(content), "id": certificate_id})
    verified = certificates.call(None, "GET", f"/certificates/{certificate_id}/verification").get_json()
    assert verified["valid"] is False and verified["reason"] == "SIGNATURE_MISMATCH"


def test_verifying_a_draft_or_nothing(certificates):
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    assert certificates.call(None, "GET", f"/certificates/{draft['id']}/verification").status_code == 409
    assert certificates.call(None, "GET", "/certificates/nope/verification").status_code == 404


def test_signerade_intyg_lists_the_last_three_months(certificates):
    sid = certificates.login("ingrid")
    assert certificates.call(sid, "GET", "/certificates/signed").get_json()["certificates"] == []
    certificate_id, version = _filled(certificates, sid)
    certificates.call(sid, "POST", f"/certificates/{certificate_id}/sign", {"version": version})
    [listed] = certificates.call(sid, "GET", "/certificates/signed").get_json()["certificates"]
    assert (listed["id"], listed["status_label"], listed["patient"]["personnummer"]) == (certificate_id, "Signerat",
                                                                                         TOLVAN)
    assert listed["signed_at"] and listed["type_name"] == "Läkarintyg för sjukpenning"
    old = datetime.now(timezone.utc) - timedelta(days=91)
    with certificates.engine.begin() as conn:
        conn.execute(sa.text("UPDATE certificate SET signed_at = :t WHERE id = :id"), {"t": old, "id": certificate_id})
    assert certificates.call(sid, "GET", "/certificates/signed").get_json()["certificates"] == []


def test_signing_writes_a_pdl_entry(certificates):
    sid = certificates.login("ingrid")
    certificate_id, version = _filled(certificates, sid)
    certificates.call(sid, "POST", f"/certificates/{certificate_id}/sign", {"version": version})
    assert [e["action"] for e in certificates.pdl() if e["certificate_id"] == certificate_id][-1] == "signera"


def test_diagnosis_suggestions(certificates):
    sid = certificates.login("ingrid")
    by_code = certificates.call(sid, "GET", "/diagnoses?code_system=ICD_10_SE&code=J45").get_json()["suggestions"]
    assert by_code and all(s["code"].startswith("J45") for s in by_code)
    assert certificates.call(sid, "GET", "/diagnoses?code_system=ICD_10_SE&code=J4").get_json()["suggestions"] == []
    by_text = certificates.call(sid, "GET", "/diagnoses?code_system=ICD_10_SE&description=a").get_json()
    assert by_text["suggestions"]
    ksh = certificates.call(sid, "GET", "/diagnoses?code_system=KSH_97_P&description=astma").get_json()
    assert ksh["suggestions"] and ksh["suggestions"][0]["code_system"] == "KSH_97_P"
    assert certificates.call(sid, "GET", "/diagnoses?code_system=NOPE&code=J45").status_code == 422


def test_the_definition_drives_the_form(certificates):
    sid = certificates.login("ingrid")
    definition = certificates.call(sid, "GET", "/certificate-types/FK7804").get_json()
    assert definition["name"] == "Läkarintyg för sjukpenning" and definition["sections"]
    question = definition["sections"][1]["questions"][0]
    assert question["id"] == "1" and question["mandatory"] is True and question["options"]
    assert certificates.call(sid, "GET", "/certificate-types/FK7263").get_json()["creatable"] is False
    assert certificates.call(sid, "GET", "/certificate-types/NOPE").status_code == 404
    schema = certificates.call(sid, "GET", "/certificate-types/FK7804/schema").get_json()
    assert schema["additionalProperties"] is False and schema["properties"]["6"]["maxItems"] == 3
