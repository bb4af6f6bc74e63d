"""§4.2/§7 "Ej hanterade ärenden" through HTTP with the REAL auth service: the workplace chosen in
the list, the search filter (QA-4) and its echo, the workplaces to choose among, the PDL entries of
the patients shown; the counts beside the tab (QA-2) and in the header per care unit (AUTH-6)."""
from __future__ import annotations

from messaging_world import GUNHILD_DECEASED, TOLVAN, VE11, VE11_M1, VE12

VE11_M2 = "TSTNMT2321000156-VE11-M2"
VE21 = "TSTNMT2321000156-VE21"
INGRID = "TSTNMT2321000156-1001"


def _ids(body: dict) -> list[str]:
    return [q["id"] for q in body["questions"]]


def _list(messaging, sid, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = messaging.call(sid, "GET", f"/questions/unhandled?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_on_a_care_unit_the_workplaces_are_offered_and_one_may_be_chosen(messaging):
    """§7: "välja om du vill se ärenden för hela vårdenheten eller för en specifik arbetsplats"."""
    world = messaging.world
    on_unit = world.fk_question(world.certificate(), "KONTAKT", minutes_ago=3)
    on_m1 = world.fk_question(world.certificate(VE11_M1, VE11), "KONTAKT", minutes_ago=2)
    on_m2 = world.fk_question(world.certificate(VE11_M2, VE11), "KONTAKT", minutes_ago=1)
    sid = messaging.login("ingrid")

    whole = _list(messaging, sid)
    assert whole["unit_id"] == VE11 and _ids(whole) == [on_m2.id, on_m1.id, on_unit.id]
    assert {q["certificate_type"] for q in whole["questions"]} == {"FK7804"}   # the list's "Intyg" column
    assert [w["id"] for w in whole["workplaces"]] == [VE11_M1, VE11_M2]
    assert whole["workplaces"][0]["name"] == "Alfa Vårdcentral, Mottagning Norr"
    assert whole["filters"] == {"workplace": None, "subject": None, "sender": None, "forwarded": None,
                                "signed_by": None}

    chosen = _list(messaging, sid, workplace=VE11_M1)
    assert chosen["unit_id"] == VE11_M1 and _ids(chosen) == [on_m1.id] and chosen["count"] == 1
    assert chosen["filters"]["workplace"] == VE11_M1
    assert _ids(_list(messaging, sid, workplace=VE11)) == _ids(whole)


def test_a_workplace_not_of_the_unit_is_refused(messaging):
    ingrid_on_m1 = messaging.login("ingrid", VE11_M1)
    assert _list(messaging, ingrid_on_m1)["workplaces"] == []    # nothing to choose on a workplace
    for sid, workplace in ((ingrid_on_m1, VE11_M2), (ingrid_on_m1, VE11), (messaging.login("ingrid"), VE12),
                           (messaging.login("maria"), VE11_M1)):
        response = messaging.call(sid, "GET", f"/questions/unhandled?workplace={workplace}")
        assert response.status_code == 400 and response.get_json()["error"]["reason"] == "UNKNOWN_WORKPLACE"


def test_the_filter_by_sender_subject_forwarded_and_signer(messaging):
    """QA-4: the list's search filter; each criterion left out is not filtered on."""
    world = messaging.world
    sid = messaging.login("ingrid")
    signed_by_ingrid = world.certificate(signed_by=INGRID)
    other = world.certificate(signed_by="TSTNMT2321000156-1002")
    contact = world.fk_question(signed_by_ingrid, "KONTAKT", minutes_ago=40)
    complement = world.fk_question(other, "KOMPLETTERING", "Komplettera.", references=(("1", "Mer."),),
                                   minutes_ago=30)
    asked = messaging.call(sid, "POST", f"/certificates/{other.id}/questions",
                           {"subject": "OVRIGT", "text": "Fråga"}).get_json()["questions"][0]
    messaging.call(sid, "PUT", f"/questions/{contact.id}/forwarded", {"forwarded": True})

    assert _ids(_list(messaging, sid, sender="unit")) == [asked["id"]]
    assert set(_ids(_list(messaging, sid, sender="fk"))) == {contact.id, complement.id}
    assert _ids(_list(messaging, sid, subject="KOMPLETTERING")) == [complement.id]
    assert _ids(_list(messaging, sid, forwarded="true")) == [contact.id]
    assert set(_ids(_list(messaging, sid, forwarded="false"))) == {complement.id, asked["id"]}
    assert _ids(_list(messaging, sid, signed_by=INGRID)) == [contact.id]
    both = _list(messaging, sid, sender="fk", subject="KONTAKT", forwarded="true")
    assert _ids(both) == [contact.id] and both["count"] == 1
    assert both["filters"] == {"workplace": None, "subject": "KONTAKT", "sender": "fk", "forwarded": True,
                               "signed_by": None}
    for bad in ("sender=fax", "subject=FRAGA", "forwarded=kanske"):
        response = messaging.call(sid, "GET", f"/questions/unhandled?{bad}")
        assert response.status_code == 422 and response.get_json()["error"]["reason"] == "HTTP_422", bad


def test_the_list_leaves_one_pdl_entry_per_patient_shown(messaging):
    """The texts shown are the patients' data: as the certificate service's lists, one "läsa" per
    patient (none for a certificate known from a v1 event: its patient is unknown)."""
    world = messaging.world
    for patient in (TOLVAN, TOLVAN, GUNHILD_DECEASED, None):
        world.fk_question(world.certificate(patient_id=patient), "KONTAKT")
    world.fk_question(world.certificate(VE12, VE12, patient_id="19500101-0114"), "KONTAKT")   # not listed on VE11
    sid = messaging.login("ingrid")

    assert _list(messaging, sid)["count"] == 4

    entries = messaging.pdl()
    assert sorted(e["patient_id"] for e in entries) == sorted([GUNHILD_DECEASED, TOLVAN])
    assert {(e["action"], e["certificate_id"], e["unit_id"]) for e in entries} == {("läsa", None, VE11)}


def test_the_counts_beside_the_tab_and_per_care_unit_in_the_header(messaging):
    """QA-2 ``current``: the unit or workplace logged in on; AUTH-6 ``units``: every care unit the
    user has a medarbetaruppdrag on, each with its workplaces'."""
    world = messaging.world
    world.fk_question(world.certificate(), "KONTAKT")
    world.fk_question(world.certificate(), "OVRIGT")
    world.fk_question(world.certificate(VE11_M1, VE11), "KONTAKT")
    world.fk_question(world.certificate(VE12, VE12), "KONTAKT")
    world.fk_question(world.certificate(VE21, VE21), "KONTAKT")        # not Ingrid's
    handled = world.fk_question(world.certificate(VE12, VE12), "AVSTAMNINGSMOTE")
    ticked = messaging.call(messaging.login("ingrid", VE12), "PUT", f"/questions/{handled.id}/handled",
                            {"handled": True})
    assert ticked.status_code == 200, ticked.get_json()
    sid = messaging.login("ingrid")

    counts = messaging.call(sid, "GET", "/questions/unhandled/counts")

    assert counts.status_code == 200, counts.get_json()
    assert counts.get_json() == {"current": 3, "units": [{"unit_id": VE11, "count": 3}, {"unit_id": VE12, "count": 1}]}
    on_m1 = messaging.call(messaging.login("ingrid", VE11_M1), "GET", "/questions/unhandled/counts").get_json()
    assert on_m1["current"] == 1 and on_m1["units"][0] == {"unit_id": VE11, "count": 3}
    maria = messaging.call(messaging.login("maria"), "GET", "/questions/unhandled/counts").get_json()
    assert maria == {"current": 1, "units": [{"unit_id": VE12, "count": 1}]}
    assert messaging.pdl() == []      # counts show no patient data
    assert messaging.call(None, "GET", "/questions/unhandled/counts").status_code == 401
