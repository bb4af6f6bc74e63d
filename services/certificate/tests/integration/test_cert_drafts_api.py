"""Drafts through the API: create (CERT-2, Tabell 2, AUTH-4, PU-2/PU-4), autosave with versions
and priority (CERT-3, CERT-4), bad input (issue 4 "Bad input"), forwarding and Radera."""
from __future__ import annotations

import sqlalchemy as sa

from cert_world import GUNHILD_DECEASED, SKYDDAD_PROTECTED, TOLVAN, VE11_M1


def test_a_doctor_creates_a_draft_with_the_patient_from_pu_and_the_unit_from_the_session(certificates):
    sid = certificates.login("ingrid")
    view = certificates.draft(sid)
    assert view["status"] == "DRAFT" and view["status_label"] == "Utkast" and view["version"] == 1
    assert view["patient"]["name"] == "Tolvan Tolvansson" and view["patient"]["personnummer"] == TOLVAN
    assert view["unit"]["id"] == "TSTNMT2321000156-VE11" and view["issuer"]["name"] == "Ingrid Holm"
    assert view["actions"]["SIGN"]["allowed"] and view["actions"]["EDIT"]["allowed"]
    assert not view["actions"]["SHOW_MISSING"]["allowed"]
    pdl = certificates.pdl()[-1]
    assert (pdl["action"], pdl["patient_id"], pdl["certificate_id"]) == ("skapa", TOLVAN, view["id"])


def test_the_type_list_follows_tabell_2_and_pins_favourites(certificates):
    ingrid, sara = certificates.login("ingrid"), certificates.login("sara")
    codes = [t["code"] for t in certificates.call(ingrid, "GET", "/certificate-types").get_json()["types"]]
    assert "FK7263" not in codes and {"FK7804", "DB", "TSTRK1007"} <= set(codes)
    sara_codes = {t["code"] for t in certificates.call(sara, "GET", "/certificate-types").get_json()["types"]}
    # Tabell 2: a dentist writes FK7804, AG7804 and AG1-14 only.
    assert sara_codes == {"FK7804", "AG7804", "AG1-14"} and sara_codes < set(codes)
    assert certificates.call(ingrid, "PUT", "/favourites/TSTRK1031").status_code == 204
    listed = certificates.call(ingrid, "GET", "/certificate-types").get_json()["types"]
    assert listed[0]["code"] == "TSTRK1031" and listed[0]["favourite"]
    assert certificates.call(ingrid, "DELETE", "/favourites/TSTRK1031").status_code == 204
    assert not certificates.call(ingrid, "GET", "/certificate-types").get_json()["types"][0]["favourite"]


def test_creation_is_refused_with_a_reason(certificates):
    sara, greta, ingrid = certificates.login("sara"), certificates.login("greta"), certificates.login("ingrid")
    assert certificates.create(sara, "FK7800").get_json()["error"]["reason"] == "CERTIFICATE_TYPE_NOT_FOR_ROLE"
    refused = certificates.create(greta, "FK7804")
    assert refused.status_code == 403 and refused.get_json()["error"]["reason"] == "CARE_PROVIDER_BLOCKED"
    assert certificates.create(ingrid, "FK7263").get_json()["error"]["reason"] == "CERTIFICATE_TYPE_NOT_CREATABLE"
    assert certificates.create(ingrid, "NOPE").status_code == 404
    # PU-2: no DB or DOI for a protected patient.
    excluded = certificates.create(ingrid, "DB", SKYDDAD_PROTECTED)
    assert excluded.status_code == 403, excluded.get_json()
    # A personnummer that is not normalised never reaches PU.
    assert certificates.create(ingrid, "FK7804", "191212121212").status_code == 422
    assert certificates.call(ingrid, "GET", "/certificates/drafts").get_json()["certificates"] == []


def test_pu_outage_refuses_creation(certificates):
    sid = certificates.login("ingrid")
    certificates.register.make_unavailable()
    refused = certificates.create(sid)
    assert refused.status_code == 503 and refused.get_json()["error"]["reason"] == "PU_UNAVAILABLE"


def test_a_deceased_patient_gets_only_a_doi(certificates):
    """§7.8 / PU-4: "inte skapa ett nytt intyg. Detta gäller för alla intygstyper utom för Dödsorsaksintyg"."""
    sid = certificates.login("ingrid")
    refused = certificates.create(sid, "FK7804", GUNHILD_DECEASED)
    assert refused.status_code == 403 and refused.get_json()["error"]["reason"] == "PATIENT_DECEASED"
    assert certificates.create(sid, "DOI", GUNHILD_DECEASED).status_code == 201


def test_autosave_keeps_an_incomplete_draft_and_moves_the_version(certificates):
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    token = certificates.edit(sid, draft["id"])["edit_token"]
    saved = certificates.save(sid, draft["id"], {"29": "Snickare"}, 1, token)
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["version"] == 2 and "hidden_questions" in saved.get_json()
    again = certificates.call(sid, "GET", f"/certificates/{draft['id']}").get_json()
    assert again["content"] == {"29": "Snickare"} and again["version"] == 2
    assert certificates.pdl()[-1]["action"] == "läsa"


def test_the_visibility_follows_the_answers(certificates):
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    assert "grundformu" not in draft["hidden_sections"]
    token = certificates.edit(sid, draft["id"])["edit_token"]
    saved = certificates.save(sid, draft["id"], {"27": True}, 1, token).get_json()
    assert "grundformu" in saved["hidden_sections"]


def test_bad_input_is_refused_per_field_and_nothing_changes(certificates):
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    token = certificates.edit(sid, draft["id"])["edit_token"]
    certificates.save(sid, draft["id"], {"29": "Snickare"}, 1, token)
    for content, rule in [({"nonsense": "x"}, "UNKNOWN_FIELD"), ({"29": 12}, None),
                          ({"1": {"UNDERSOKNING": "igår"}}, None), ({"29": "x" * 5000}, "MAX_LENGTH"),
                          ({"6": [{"code_system": "ICD_10_SE", "code": "J999", "description": "Påhittad"}]},
                           "DIAGNOSIS_CODE_UNKNOWN")]:
        refused = certificates.save(sid, draft["id"], content, 2, token)
        assert refused.status_code == 422, (content, refused.get_json())
        error = refused.get_json()["error"]
        assert error["reason"] == "INVALID_CONTENT" and error["details"][0]["message"]
        if rule:
            assert error["details"][0]["rule"] == rule
    assert certificates.save(sid, draft["id"], "inte ett objekt", 2, token).status_code == 422
    stored = certificates.call(sid, "GET", f"/certificates/{draft['id']}").get_json()
    assert stored["content"] == {"29": "Snickare"} and stored["version"] == 2


def test_a_stale_version_is_refused(certificates):
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    token = certificates.edit(sid, draft["id"])["edit_token"]
    assert certificates.save(sid, draft["id"], {"29": "a"}, 1, token).status_code == 200
    stale = certificates.save(sid, draft["id"], {"29": "b"}, 1, token)
    assert stale.status_code == 409 and stale.get_json()["error"]["reason"] == "STALE_VERSION"


def test_the_one_who_opened_last_has_priority_and_the_other_is_told_who(certificates):
    """§5.2 "Samtidig redigering"."""
    ingrid, olle = certificates.login("ingrid"), certificates.login("olle")
    draft = certificates.draft(ingrid)
    first = certificates.edit(ingrid, draft["id"])["edit_token"]
    second = certificates.edit(olle, draft["id"])["edit_token"]
    status = certificates.call(ingrid, "GET", f"/certificates/{draft['id']}/editing?edit_token={first}").get_json()
    assert status["has_priority"] is False and status["editing"]["holder_name"] == "Olle Berg"
    before = len(certificates.pdl())
    assert certificates.call(olle, "GET", f"/certificates/{draft['id']}/editing?edit_token={second}") \
        .get_json()["has_priority"] is True
    assert len(certificates.pdl()) == before   # the poll reads no patient data
    refused = certificates.save(ingrid, draft["id"], {"29": "Ingrids text"}, 1, first)
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["reason"] == "EDITED_BY_OTHER" and error["holder"] == "Olle Berg" and "Olle Berg" in error["message"]
    assert certificates.save(olle, draft["id"], {"29": "Olles text"}, 1, second).status_code == 200
    view = certificates.call(ingrid, "GET", f"/certificates/{draft['id']}").get_json()
    assert view["content"] == {"29": "Olles text"} and view["editing"]["holder_name"] == "Olle Berg"


def test_a_draft_of_another_unit_is_out_of_reach(certificates):
    ingrid, maria = certificates.login("ingrid"), certificates.login("maria")
    draft = certificates.draft(ingrid)
    for method, path, body in [("GET", f"/certificates/{draft['id']}", None),
                               ("PUT", f"/certificates/{draft['id']}", {"version": 1, "content": {}}),
                               ("DELETE", f"/certificates/{draft['id']}", {"version": 1}),
                               ("POST", f"/certificates/{draft['id']}/sign", {"version": 1})]:
        refused = certificates.call(maria, method, path, body)
        assert refused.status_code == 403 and refused.get_json()["error"]["reason"] == "OTHER_UNIT", path
    assert certificates.call(maria, "GET", "/certificates/drafts").get_json()["certificates"] == []
    assert certificates.call(maria, "GET", "/certificates/nope").status_code == 404


def test_a_workplace_sees_its_own_drafts_and_the_care_unit_sees_all(certificates):
    on_workplace = certificates.login("ingrid", VE11_M1)
    on_unit = certificates.login("olle")
    draft = certificates.draft(on_workplace)
    assert draft["unit"]["id"] == VE11_M1
    assert [d["id"] for d in certificates.call(on_unit, "GET", "/certificates/drafts").get_json()["certificates"]] \
        == [draft["id"]]
    other = certificates.draft(on_unit)
    listed = certificates.call(on_workplace, "GET", "/certificates/drafts").get_json()["certificates"]
    assert [d["id"] for d in listed] == [draft["id"]] and other["id"] != draft["id"]


def test_forwarding_marks_the_draft_in_the_lists(certificates):
    karin = certificates.login("karin")
    draft = certificates.draft(karin)
    assert draft["actions"]["FORWARD"]["allowed"] and draft["actions"]["SHOW_MISSING"]["allowed"]
    assert not draft["actions"]["SIGN"]["allowed"]
    marked = certificates.call(karin, "PUT", f"/certificates/{draft['id']}/forwarded", {"forwarded": True})
    assert marked.status_code == 200 and marked.get_json()["forwarded"]
    listed = certificates.call(karin, "GET", "/certificates/drafts").get_json()["certificates"]
    assert listed[0]["forwarded"] is True


def test_radera_removes_every_trace_of_the_content(certificates):
    """§5.2 "Då tas all information om intygsutkastet bort från Webcerts databas": checked in SQL."""
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    token = certificates.edit(sid, draft["id"])["edit_token"]
    secret = "Hemlig anamnes om Tolvans knä"
    assert certificates.save(sid, draft["id"], {"29": secret}, 1, token).status_code == 200
    assert certificates.call(sid, "DELETE", f"/certificates/{draft['id']}", {"version": 1}).status_code == 409
    assert certificates.call(sid, "DELETE", f"/certificates/{draft['id']}", {"version": 2}).status_code == 204
    assert certificates.call(sid, "GET", f"/certificates/{draft['id']}").status_code == 404
    with certificates.engine.connect() as conn:
        tables = sa.inspect(conn).get_table_names()
        for table in tables:
            for row in conn.execute(sa.text(f'SELECT * FROM "{table}"')):
                text = " ".join(str(v) for v in row)
                assert secret not in text, table
                assert "Snickare" not in text
        assert conn.execute(sa.text("SELECT COUNT(*) FROM certificate")).scalar() == 0
    assert certificates.pdl()[-1]["action"] == "radera"


def test_lists_leave_a_pdl_entry_per_patient(certificates):
    sid = certificates.login("ingrid")
    certificates.draft(sid)
    certificates.draft(sid, "AG7804")
    before = len(certificates.pdl())
    certificates.call(sid, "GET", "/certificates/drafts")
    entries = certificates.pdl()[before:]
    assert [(e["action"], e["patient_id"]) for e in entries] == [("läsa", TOLVAN)]
    listed = certificates.call(sid, "POST", "/certificates/search", {"personnummer": TOLVAN}).get_json()
    assert len(listed["certificates"]) == 2


def test_no_session_no_answer(certificates):
    assert certificates.call(None, "GET", "/certificates/drafts").status_code == 401
    assert certificates.call("made-up", "GET", "/certificates/drafts").status_code == 401

