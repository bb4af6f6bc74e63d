"""Issue 5 through the API: "Skicka" (CERT-9, §5.5), "Förnya" (CERT-11, §5.8), "Ersätt" (CERT-12,
§5.8) and "Makulera" (CERT-13, §5.10) -- what each does, the relations both ways, the history, the
events and PDL entries, and what is refused (with nothing changed)."""
from __future__ import annotations

import threading
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from cert_world import TOLVAN, VE12
from webcert_certificate.domain import commands
from webcert_certificate.examples import example_content
from webcert_certificate.service_layer.handlers import handle
from webcert_common.bus import contracts
from webcert_pu_lookup.domain.identity_number import PersonalIdentityNumber
from webcert_pu_lookup.domain.person import Address, Person

LEFT_OUT_OF_RENEWAL = ("1", "32", "26", "26.2")   # fk7804.yaml renew_leaves_out, as present in the example
AFTER_SIGNING_EVENTS = (contracts.CERTIFICATE_SENT, contracts.CERTIFICATE_REVOKED)


def services_of(certificates):
    return certificates.client.application.extensions["webcert_certificate"]


def today(certificates):
    return certificates.clock.now().astimezone(ZoneInfo("Europe/Stockholm")).date()


def signed(certificates, sid, certificate_type="FK7804", **extra) -> dict:
    draft = certificates.draft(sid, certificate_type)
    return sign(certificates, sid, draft["id"], dict(example_content(certificate_type, today(certificates)), **extra))


def sign(certificates, sid, certificate_id, content=None) -> dict:
    editing = certificates.edit(sid, certificate_id)
    version = editing["version"]
    if content is not None:
        saved = certificates.save(sid, certificate_id, content, version, editing["edit_token"])
        assert saved.status_code == 200, saved.get_json()
        version = saved.get_json()["version"]
    answer = certificates.call(sid, "POST", f"/certificates/{certificate_id}/sign", {"version": version})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def act(certificates, sid, certificate_id, action, body=None):
    return certificates.call(sid, "POST", f"/certificates/{certificate_id}/{action}", body)


def view(certificates, sid, certificate_id) -> dict:
    answer = certificates.call(sid, "GET", f"/certificates/{certificate_id}")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def refused(answer, status: int, reason: str) -> dict:
    assert (answer.status_code, answer.get_json()["error"]["reason"]) == (status, reason), answer.get_json()
    return answer.get_json()["error"]


def refused_unchanged(certificates, sid, certificate_id, call, status, reason) -> dict:
    """A refusal changes nothing: not the certificate, not its history, no event, no PDL entry."""
    before = view(certificates, sid, certificate_id)
    events, entries = len(after_signing_events(certificates)), len(certificates.pdl())
    error = refused(call(), status, reason)
    assert len(certificates.pdl()) == entries
    after = view(certificates, sid, certificate_id)
    assert (after["version"], after["status"], after["history"]) == (before["version"], before["status"],
                                                                     before["history"])
    assert len(after_signing_events(certificates)) == events
    return error


def after_signing_events(certificates) -> list[dict]:
    return [e for e in certificates.events() if e["type"] in AFTER_SIGNING_EVENTS]


def only_event(certificates, event_type) -> dict:
    [event] = certificates.events(event_type)
    contracts.validate_payload(event["type"], event["version"], event["payload"])
    return event["payload"]


def receipt(certificates, certificate_id, delivery_id, recipient="fk") -> None:
    """What the worker does with certificate.delivered (the recipient adapter's report)."""
    handle(commands.RecordReceipt(certificate_id, recipient, delivery_id, certificates.clock.now()),
           services_of(certificates))


def send(certificates, sid, certificate_id):
    return act(certificates, sid, certificate_id, "send", {"patient_consent": True})


# --- Skicka (CERT-9, §5.5) ----------------------------------------------------------------------

def test_skicka_hands_the_certificate_over_and_skickat_comes_with_the_receipt(certificates):
    sid = certificates.login("ingrid")
    fk7804 = signed(certificates, sid)
    assert fk7804["actions"]["SEND"]["allowed"] and fk7804["recipient"] == {"code": "fk",
                                                                             "name": "Försäkringskassan"}
    assert fk7804["delivery"] is None
    sent = send(certificates, sid, fk7804["id"])
    assert sent.status_code == 202, sent.get_json()
    pending = sent.get_json()
    assert (pending["status"], pending["delivery"]["state"], pending["delivery"]["recipient"]) == ("SIGNED", "pending",
                                                                                                   "fk")
    assert pending["delivery"]["by"]["name"] == "Ingrid Holm" and pending["version"] == fk7804["version"] + 1
    assert pending["actions"]["SEND"]["reason"] == "SENDING"
    payload = only_event(certificates, contracts.CERTIFICATE_SENT)
    assert (payload["certificate_id"], payload["recipient"], payload["sent_by"]) == (fk7804["id"], "fk",
                                                                                     "TSTNMT2321000156-1001")
    assert payload["delivery_id"] and TOLVAN not in str(payload)
    assert [(p["action"], p["certificate_id"]) for p in certificates.pdl() if p["action"] == "skicka"] \
        == [("skicka", fk7804["id"])]
    assert pending["history"][-1]["kind"] == "sent"
    assert pending["history"][-1]["label"] == "Intyget skickades till Försäkringskassan"
    # a second click finds it on its way
    refused_unchanged(certificates, sid, fk7804["id"], lambda: send(certificates, sid, fk7804["id"]), 409, "SENDING")

    receipt(certificates, fk7804["id"], payload["delivery_id"])
    receipt(certificates, fk7804["id"], payload["delivery_id"])     # a receipt delivered twice counts once
    delivered = view(certificates, sid, fk7804["id"])
    assert (delivered["status"], delivered["status_label"], delivered["delivery"]["state"]) == ("SENT", "Skickat",
                                                                                                "delivered")
    assert delivered["delivery"]["delivered_at"] and delivered["sent"]["recipient"] == "fk"
    assert [h["kind"] for h in delivered["history"]] == ["created", "signed", "sent", "received"]
    refused_unchanged(certificates, sid, fk7804["id"], lambda: send(certificates, sid, fk7804["id"]), 409,
                      "ALREADY_SENT")


def test_a_refused_delivery_is_shown_and_skicka_is_offered_again(certificates):
    sid = certificates.login("ingrid")
    fk7804 = signed(certificates, sid)
    send(certificates, sid, fk7804["id"])
    delivery_id = only_event(certificates, contracts.CERTIFICATE_SENT)["delivery_id"]
    handle(commands.RecordDeliveryFailure(fk7804["id"], "fk", delivery_id, "REJECTED: okänd patient",
                                          certificates.clock.now()), services_of(certificates))
    failed = view(certificates, sid, fk7804["id"])
    assert (failed["status"], failed["delivery"]["state"]) == ("SIGNED", "failed")
    assert failed["delivery"]["reason"] == "REJECTED: okänd patient" and failed["actions"]["SEND"]["allowed"]
    assert failed["history"][-1]["kind"] == "send_failed"
    assert send(certificates, sid, fk7804["id"]).status_code == 202
    assert len(certificates.events(contracts.CERTIFICATE_SENT)) == 2


def test_skicka_needs_the_patients_consent(certificates):
    sid = certificates.login("ingrid")
    fk7804 = signed(certificates, sid)
    for body in ({}, {"patient_consent": False}, None):
        error = refused_unchanged(certificates, sid, fk7804["id"], lambda: act(certificates, sid, fk7804["id"],
                                                                               "send", body), 422, "CONSENT_REQUIRED")
        assert "samtycke" in error["message"]


def test_what_cannot_be_sent(certificates):
    sid = certificates.login("ingrid")
    ag7804 = signed(certificates, sid, "AG7804")
    assert not ag7804["actions"]["SEND"]["allowed"] and ag7804["recipient"] is None
    refused_unchanged(certificates, sid, ag7804["id"], lambda: send(certificates, sid, ag7804["id"]), 400,
                      "NOT_SENDABLE")
    # CERT-6: a DB goes to Skatteverket with the signing itself
    db = signed(certificates, sid, "DB")
    assert db["delivery"]["state"] == "pending" and db["delivery"]["recipient"] == "skv"
    refused_unchanged(certificates, sid, db["id"], lambda: send(certificates, sid, db["id"]), 400, "NOT_SENDABLE")
    draft = certificates.draft(sid)
    refused_unchanged(certificates, sid, draft["id"], lambda: send(certificates, sid, draft["id"]), 409, "NOT_SIGNED")
    greta = certificates.login("greta")
    refused(send(certificates, greta, ag7804["id"]), 403, "OTHER_UNIT")
    refused(send(certificates, sid, "no-such-certificate"), 404, "CERTIFICATE_NOT_FOUND")


# --- Förnya (CERT-11, §5.8) ---------------------------------------------------------------------

def test_fornya_carries_everything_but_what_fk7804_leaves_out_and_tells_the_previous_period(certificates):
    sid = certificates.login("ingrid")
    original = signed(certificates, sid, **{"26": True, "26.2": "Ring mig gärna."})
    assert set(LEFT_OUT_OF_RENEWAL) <= set(original["content"])
    renewed = act(certificates, sid, original["id"], "renew")
    assert renewed.status_code == 201, renewed.get_json()
    draft = renewed.get_json()
    assert (draft["status"], draft["certificate_type"], draft["unit"]["id"]) == ("DRAFT", "FK7804",
                                                                                 original["unit"]["id"])
    assert draft["content"] == {k: v for k, v in original["content"].items() if k not in LEFT_OUT_OF_RENEWAL}
    assert draft["content"]["29"] == original["content"]["29"] and draft["content"]["6"] == original["content"]["6"]
    [(grade, period)] = original["content"]["32"].items()
    assert grade == "HALFTEN"
    message = f"I det tidigare intyget var arbetsförmågan nedsatt med 50 procent till och med {period['to']}."
    assert draft["renewal_info"] == {"question_id": "32", "message": message}
    parent = draft["relations"]["parent"]
    assert (parent["kind"], parent["id"], parent["status"], parent["status_label"]) == ("RENEW", original["id"],
                                                                                        "SIGNED", "Signerat")
    assert [(h["kind"], h["related_id"]) for h in draft["history"]] == [("renews", original["id"])]
    assert draft["actions"]["EDIT"]["allowed"] and draft["actions"]["SIGN"]["allowed"]
    assert draft["actions"]["RENEW"]["reason"] == "NOT_SIGNED"

    after = view(certificates, sid, original["id"])
    assert [(c["kind"], c["id"], c["status"]) for c in after["relations"]["children"]] == [("RENEW", draft["id"],
                                                                                           "DRAFT")]
    assert after["history"][-1]["kind"] == "renewed_by" and after["history"][-1]["related_id"] == draft["id"]
    assert after["history"][-1]["by"]["name"] == "Ingrid Holm"
    assert after["replaced_by"] is None and after["replacement_draft"] is None and after["renewal_info"] is None
    assert after["actions"]["RENEW"]["allowed"] and after["actions"]["REPLACE"]["allowed"]   # replaces nothing
    assert after["version"] == original["version"]   # the original itself is not changed
    assert [p["action"] for p in certificates.pdl()[-3:-1]] == ["läsa", "skapa"]


def test_a_renewal_takes_the_patient_as_pu_has_them_now(certificates):
    """§5.8: "I de fall patienten har ändrat personuppgifter så uppdateras den informationen automatiskt"."""
    sid = certificates.login("ingrid")
    original = signed(certificates, sid)
    certificates.register.add(Person(PersonalIdentityNumber(TOLVAN), "Tolvan Nyname",
                                     Address("Nya vägen 1", "22222", "Lund")))
    draft = act(certificates, sid, original["id"], "renew").get_json()
    assert draft["patient"]["name"] == "Tolvan Nyname"
    assert view(certificates, sid, original["id"])["patient"]["name"] == "Tolvan Tolvansson"


def test_a_renewed_draft_once_signed_is_a_certificate_of_its_own(certificates):
    sid = certificates.login("ingrid")
    original = signed(certificates, sid)
    draft = act(certificates, sid, original["id"], "renew").get_json()
    content = dict(draft["content"], **{k: original["content"][k] for k in ("1", "32")})
    renewal = sign(certificates, sid, draft["id"], content)
    assert renewal["status"] == "SIGNED" and renewal["renewal_info"] is None
    assert renewal["relations"]["parent"]["id"] == original["id"]
    after = view(certificates, sid, original["id"])
    assert after["relations"]["children"][0]["status"] == "SIGNED" and after["replaced_by"] is None
    assert after["actions"]["SEND"]["allowed"]


def test_a_vardadministrator_may_renew_but_not_sign(certificates):
    ingrid, karin = certificates.login("ingrid"), certificates.login("karin")
    original = signed(certificates, ingrid)
    seen = view(certificates, karin, original["id"])
    assert seen["actions"]["RENEW"]["allowed"] and seen["actions"]["SEND"]["allowed"]
    assert seen["actions"]["REPLACE"]["reason"] == seen["actions"]["REVOKE"]["reason"] == "NOT_AVAILABLE_FOR_ROLE"
    assert seen["revoke_reasons"] == []
    renewed = act(certificates, karin, original["id"], "renew")
    assert renewed.status_code == 201, renewed.get_json()
    draft = renewed.get_json()
    assert draft["issuer"]["name"] == "Karin Admin" and not draft["actions"]["SIGN"]["allowed"]
    assert draft["actions"]["FORWARD_IN_DRAFT"]["allowed"]


def test_what_cannot_be_renewed(certificates):
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    refused_unchanged(certificates, sid, draft["id"], lambda: act(certificates, sid, draft["id"], "renew"), 409,
                      "NOT_SIGNED")
    db = signed(certificates, sid, "DB")
    refused_unchanged(certificates, sid, db["id"], lambda: act(certificates, sid, db["id"], "renew"), 400,
                      "NOT_RENEWABLE")
    fk7804 = signed(certificates, sid)
    refused(act(certificates, certificates.login("greta"), fk7804["id"], "renew"), 403, "OTHER_UNIT")
    assert view(certificates, sid, fk7804["id"])["relations"]["children"] == []


# --- Ersätt (CERT-12, §5.8) ---------------------------------------------------------------------

def test_ersatt_carries_everything_and_a_second_click_offers_the_draft(certificates):
    sid = certificates.login("ingrid")
    original = signed(certificates, sid)
    made = act(certificates, sid, original["id"], "replace")
    assert made.status_code == 201, made.get_json()
    draft = made.get_json()
    assert draft["status"] == "DRAFT" and draft["content"] == original["content"] and draft["renewal_info"] is None
    assert (draft["relations"]["parent"]["kind"], draft["relations"]["parent"]["id"]) == ("REPLACE", original["id"])
    assert [(h["kind"], h["related_id"]) for h in draft["history"]] == [("replaces", original["id"])]

    # §5.8: "Knappen Ersätt finns kvar på det ursprungliga intyget tills det nya utkastet är signerat"
    waiting = view(certificates, sid, original["id"])
    assert waiting["replacement_draft"]["id"] == draft["id"] and waiting["replaced_by"] is None
    assert waiting["actions"]["REPLACE"]["allowed"] and waiting["history"][-1]["kind"] == "replaced_by"
    error = refused_unchanged(certificates, sid, original["id"],
                              lambda: act(certificates, sid, original["id"], "replace"), 409,
                              "REPLACEMENT_DRAFT_EXISTS")
    assert error["draft_id"] == draft["id"] and "fortsätta" in error["message"]


def test_a_signed_replacement_leaves_the_original_to_read_and_print(certificates):
    sid = certificates.login("ingrid")
    original = signed(certificates, sid)
    draft = act(certificates, sid, original["id"], "replace").get_json()
    replacement = sign(certificates, sid, draft["id"], dict(draft["content"], **{"29": "Snickare, rättad."}))
    assert replacement["relations"]["parent"]["id"] == original["id"]
    replaced = view(certificates, sid, original["id"])
    assert replaced["replaced_by"]["id"] == replacement["id"] and replaced["replaced_by"]["status"] == "SIGNED"
    assert replaced["replacement_draft"] is None and replaced["status"] == "SIGNED"
    for action in ("REPLACE", "RENEW", "SEND", "CREATE_AG7804"):
        assert replaced["actions"][action]["reason"] == "REPLACED", action
    assert replaced["actions"]["PRINT"]["allowed"] and replaced["actions"]["REVOKE"]["allowed"]
    for action, body in (("replace", None), ("renew", None), ("send", {"patient_consent": True}),
                         ("derive", {"certificate_type": "AG7804", "convey_diagnoses": True})):
        refused_unchanged(certificates, sid, original["id"], lambda: act(certificates, sid, original["id"], action,
                                                                         body), 409, "REPLACED")


def test_deleting_the_replacing_draft_makes_ersatt_possible_again(certificates):
    """§5.8: "Om ett utkast, som skapats för att ersätta ett intyg, raderas -- före signering -- går det
    senare att ånyo skapa ett nytt ersättande intyg"."""
    sid = certificates.login("ingrid")
    original = signed(certificates, sid)
    draft = act(certificates, sid, original["id"], "replace").get_json()
    assert certificates.call(sid, "DELETE", f"/certificates/{draft['id']}", {"version": draft["version"]}) \
        .status_code == 204
    after = view(certificates, sid, original["id"])
    assert after["replacement_draft"] is None and after["relations"]["children"] == []
    assert [h["kind"] for h in after["history"]] == ["created", "signed"]
    again = act(certificates, sid, original["id"], "replace")
    assert again.status_code == 201 and again.get_json()["id"] != draft["id"]


def test_a_vardadministrator_cannot_replace(certificates):
    ingrid, karin = certificates.login("ingrid"), certificates.login("karin")
    original = signed(certificates, ingrid)
    refused_unchanged(certificates, ingrid, original["id"], lambda: act(certificates, karin, original["id"],
                                                                        "replace"), 403, "NOT_AVAILABLE_FOR_ROLE")
    draft = certificates.draft(ingrid)
    refused(act(certificates, ingrid, draft["id"], "replace"), 409, "NOT_SIGNED")


# --- Makulera (CERT-13, §5.10) ------------------------------------------------------------------

def revoke(certificates, sid, certificate_id, reason=None, message=None):
    return act(certificates, sid, certificate_id, "revoke", {"reason": reason, "message": message})


def test_makulera_needs_a_reason_and_keeps_the_certificate_unusable(certificates):
    sid = certificates.login("ingrid")
    fk7804 = signed(certificates, sid)
    assert [r["code"] for r in fk7804["revoke_reasons"]] == ["FEL_PATIENT", "ANNAT_ALLVARLIGT_FEL"]
    assert fk7804["revocation"] is None and fk7804["revoke_instruction"] is None
    refused_unchanged(certificates, sid, fk7804["id"], lambda: revoke(certificates, sid, fk7804["id"]), 422,
                      "REASON_REQUIRED")
    refused_unchanged(certificates, sid, fk7804["id"],
                      lambda: revoke(certificates, sid, fk7804["id"], "ANNAT_ALLVARLIGT_FEL", "  "), 422,
                      "MESSAGE_REQUIRED")
    refused_unchanged(certificates, sid, fk7804["id"], lambda: revoke(certificates, sid, fk7804["id"], "PAHITTAD"),
                      422, "REASON_REQUIRED")
    answer = revoke(certificates, sid, fk7804["id"], "ANNAT_ALLVARLIGT_FEL", "Fel diagnos angiven.")
    assert answer.status_code == 200, answer.get_json()
    revoked = answer.get_json()
    assert (revoked["status"], revoked["status_label"]) == ("REVOKED", "Makulerat")
    assert revoked["content"] == fk7804["content"] and revoked["signature"] == fk7804["signature"]
    revocation = revoked["revocation"]
    assert (revocation["reason"], revocation["reason_label"], revocation["message"]) == (
        "ANNAT_ALLVARLIGT_FEL", "Annat allvarligt fel", "Fel diagnos angiven.")
    assert revocation["by"]["name"] == "Ingrid Holm" and revocation["previous_status"] == "SIGNED"
    assert revocation["recipient_informed"] is None and revocation["phone_instruction"] is None
    assert revocation["review_replaced"] is None and revoked["revoke_reasons"] == []
    payload = only_event(certificates, contracts.CERTIFICATE_REVOKED)
    assert (payload["certificate_id"], payload["reason"], payload["recipient"], payload["delivery_id"]) == (
        fk7804["id"], "ANNAT_ALLVARLIGT_FEL", None, None)
    assert "Fel diagnos" not in str(payload)   # the message stays in the certificate service
    assert certificates.pdl()[-1]["action"] == "makulera"
    assert revoked["history"][-1]["kind"] == "revoked" and revoked["history"][-1]["label"] == "Intyget makulerades"
    # §5.10: only read and printed from now on
    assert {a for a, d in revoked["actions"].items() if d["allowed"]} == {"PRINT"}
    refused_unchanged(certificates, sid, fk7804["id"], lambda: revoke(certificates, sid, fk7804["id"], "FEL_PATIENT"),
                      409, "ALREADY_REVOKED")
    for action, body in (("send", {"patient_consent": True}), ("renew", None), ("replace", None),
                         ("derive", {"certificate_type": "AG7804", "convey_diagnoses": True})):
        refused_unchanged(certificates, sid, fk7804["id"], lambda: act(certificates, sid, fk7804["id"], action, body),
                          409, "REVOKED")
    assert certificates.call(None, "GET", f"/certificates/{fk7804['id']}/verification").get_json()["valid"] is True


def test_a_sent_certificates_recipient_is_told_of_its_revocation(certificates):
    sid = certificates.login("ingrid")
    fk7804 = signed(certificates, sid)
    send(certificates, sid, fk7804["id"])
    receipt(certificates, fk7804["id"], only_event(certificates, contracts.CERTIFICATE_SENT)["delivery_id"])
    revoked = revoke(certificates, sid, fk7804["id"], "FEL_PATIENT").get_json()
    assert revoked["revocation"]["recipient_informed"] == "fk" and revoked["revocation"]["previous_status"] == "SENT"
    payload = only_event(certificates, contracts.CERTIFICATE_REVOKED)
    assert payload["recipient"] == "fk" and payload["delivery_id"]
    receipt(certificates, fk7804["id"], payload["delivery_id"])
    told = view(certificates, sid, fk7804["id"])
    assert told["revocation"]["notice"]["state"] == "delivered" and told["status"] == "REVOKED"
    assert told["history"][-1]["kind"] == "revocation_received"
    assert told["history"][-1]["label"] == "Försäkringskassan informerades om makuleringen"


def test_a_certificate_on_its_way_is_revoked_there_too(certificates):
    sid = certificates.login("ingrid")
    fk7804 = signed(certificates, sid)
    send(certificates, sid, fk7804["id"])
    revoke(certificates, sid, fk7804["id"], "FEL_PATIENT")
    assert only_event(certificates, contracts.CERTIFICATE_REVOKED)["recipient"] == "fk"


def test_a_db_is_revoked_without_a_reason_and_the_user_is_told_to_phone_skatteverket(certificates):
    sid = certificates.login("ingrid")
    db = signed(certificates, sid, "DB")
    assert db["actions"]["REVOKE"]["allowed"] and db["revoke_reasons"] == []
    assert "0771-567 567" in db["revoke_instruction"]   # told in the dialog, before revoking
    answer = revoke(certificates, sid, db["id"])
    assert answer.status_code == 200, answer.get_json()
    revocation = answer.get_json()["revocation"]
    assert "0771-567 567" in revocation["phone_instruction"] and revocation["recipient_informed"] is None
    assert revocation["reason"] == "INGEN_ORSAK"
    payload = only_event(certificates, contracts.CERTIFICATE_REVOKED)
    assert (payload["recipient"], payload["delivery_id"], payload["reason"]) == (None, None, "INGEN_ORSAK")


def test_a_doi_is_revoked_and_the_user_is_told_to_phone_socialstyrelsen(certificates):
    sid = certificates.login("ingrid")
    doi = signed(certificates, sid, "DOI")
    revocation = revoke(certificates, sid, doi["id"]).get_json()["revocation"]
    assert "075 247 30 00" in revocation["phone_instruction"] and "Socialstyrelsen" in revocation["phone_instruction"]


def lock(certificates, certificate_id) -> None:
    when = certificates.clock.now() - timedelta(days=15)
    with certificates.engine.begin() as conn:
        conn.execute(sa.text("UPDATE certificate SET created_at = :t WHERE id = :id"),
                     {"t": when, "id": certificate_id})
    handle(commands.LockDueDrafts(), services_of(certificates))


def test_a_locked_draft_can_be_revoked_but_a_draft_is_deleted_instead(certificates):
    """§5.10: "Ett intyg eller låst utkast går alltid att makulera"."""
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    assert draft["actions"]["REVOKE"]["reason"] == "NOT_REVOCABLE"
    refused_unchanged(certificates, sid, draft["id"], lambda: revoke(certificates, sid, draft["id"], "FEL_PATIENT"),
                      409, "NOT_REVOCABLE")
    lock(certificates, draft["id"])
    locked = view(certificates, sid, draft["id"])
    assert locked["status"] == "LOCKED" and locked["actions"]["REVOKE"]["allowed"]
    revoked = revoke(certificates, sid, draft["id"], "FEL_PATIENT").get_json()
    assert revoked["status"] == "REVOKED" and revoked["revocation"]["previous_status"] == "LOCKED"
    assert {a for a, d in revoked["actions"].items() if d["allowed"]} == {"PRINT"}
    assert only_event(certificates, contracts.CERTIFICATE_REVOKED)["recipient"] is None
    listed = certificates.call(sid, "GET", "/certificates/drafts").get_json()["certificates"]
    assert draft["id"] not in [c["id"] for c in listed]


def test_a_locked_db_is_revoked_without_the_phone_call(certificates):
    """§5.10's telephone instruction is for a DB that "har skickats digitalt"; a locked draft never was."""
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid, "DB")
    lock(certificates, draft["id"])
    assert view(certificates, sid, draft["id"])["revoke_instruction"] is None
    revocation = revoke(certificates, sid, draft["id"]).get_json()["revocation"]
    assert (revocation["reason"], revocation["phone_instruction"]) == ("INGEN_ORSAK", None)


def test_revoking_a_replacement_asks_to_review_the_replaced_one(certificates):
    """§5.10: "Om du väljer att makulera ett ersättande intyg visas en informationsruta om att man bör se
    över det ersatta intyget"; the original may be replaced again."""
    sid = certificates.login("ingrid")
    original = signed(certificates, sid)
    draft = act(certificates, sid, original["id"], "replace").get_json()
    replacement = sign(certificates, sid, draft["id"], draft["content"])
    revoked = revoke(certificates, sid, replacement["id"], "FEL_PATIENT").get_json()
    assert revoked["revocation"]["review_replaced"] == {"id": original["id"]}
    again = view(certificates, sid, original["id"])
    assert again["replaced_by"] is None and again["actions"]["REPLACE"]["allowed"]
    assert again["relations"]["children"][0]["status"] == "REVOKED"


def test_who_may_not_revoke(certificates):
    ingrid, karin = certificates.login("ingrid"), certificates.login("karin")
    fk7804 = signed(certificates, ingrid)
    refused_unchanged(certificates, ingrid, fk7804["id"], lambda: revoke(certificates, karin, fk7804["id"],
                                                                          "FEL_PATIENT"), 403, "NOT_AVAILABLE_FOR_ROLE")
    on_akut = certificates.login("ingrid", VE12)
    refused_unchanged(certificates, ingrid, fk7804["id"], lambda: revoke(certificates, on_akut, fk7804["id"],
                                                                          "FEL_PATIENT"), 403, "OTHER_UNIT")


def test_bad_revocation_input_changes_nothing(certificates):
    sid = certificates.login("ingrid")
    fk7804 = signed(certificates, sid)
    for body in ({"reason": 7}, {"reason": "FEL_PATIENT", "message": ["x"]}, {"reason": "X" * 41},
                 {"reason": "FEL_PATIENT", "message": "x" * 4001}):
        before = view(certificates, sid, fk7804["id"])["version"]
        answer = act(certificates, sid, fk7804["id"], "revoke", body)
        assert answer.status_code == 422 and "error" in answer.get_json(), (body, answer.get_json())
        assert view(certificates, sid, fk7804["id"])["version"] == before
    refused_unchanged(certificates, sid, fk7804["id"],
                      lambda: revoke(certificates, sid, fk7804["id"], "ANNAT_ALLVARLIGT_FEL", "x" * 1001), 422,
                      "MESSAGE_TOO_LONG")
    assert certificates.events(contracts.CERTIFICATE_REVOKED) == []


# --- two clicks at once -------------------------------------------------------------------------

def at_once(certificates, make_command, times=3) -> list:
    """Run the same command in several threads at the same moment: each answer or refusal reason."""
    from webcert_certificate.domain.errors import CertificateRefusal

    answers, barrier = [], threading.Barrier(times)

    def click():
        barrier.wait()
        try:
            answers.append(handle(make_command(), services_of(certificates))["id"])
        except CertificateRefusal as refusal:
            answers.append(refusal.reason)

    threads = [threading.Thread(target=click) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_ersatt_clicked_twice_at_once_makes_one_draft(certificates):
    # PostgreSQL: FOR UPDATE; SQLite: the repository takes the database's write lock instead
    sid = certificates.login("ingrid")
    original = signed(certificates, sid)
    answers = at_once(certificates, lambda: commands.ReplaceCertificate(sid, original["id"]))
    drafts = [a for a in answers if a != "REPLACEMENT_DRAFT_EXISTS"]
    assert len(drafts) == 1, answers
    assert [c["id"] for c in view(certificates, sid, original["id"])["relations"]["children"]] == drafts


def test_skicka_clicked_twice_at_once_sends_once(certificates):
    sid = certificates.login("ingrid")
    fk7804 = signed(certificates, sid)
    answers = at_once(certificates, lambda: commands.SendCertificate(sid, fk7804["id"], True))
    assert answers.count(fk7804["id"]) == 1, answers
    assert len(certificates.events(contracts.CERTIFICATE_SENT)) == 1
    # the later clicks are told it is on its way
    assert set(answers) - {fk7804["id"]} == {"SENDING"}, answers


# --- the patient's rules apply to every operation here (PU-3, PU-4) ------------------------------

OPERATIONS = [("send", {"patient_consent": True}), ("renew", None), ("replace", None),
              ("revoke", {"reason": "FEL_PATIENT"})]


@pytest.mark.parametrize("action, body", OPERATIONS, ids=[a for a, _ in OPERATIONS])
def test_with_pu_away_nothing_after_signing_is_done(certificates, action, body):
    """PU-3: "Om PU-tjänsten är otillgänglig låses all funktionalitet kopplat till hantering av intyg"."""
    sid = certificates.login("ingrid")
    fk7804 = signed(certificates, sid)
    certificates.clock.advance(timedelta(minutes=2))      # past pu-lookup's short cache
    certificates.register.make_unavailable()
    try:
        refused_unchanged(certificates, sid, fk7804["id"], lambda: act(certificates, sid, fk7804["id"], action, body),
                          503, "PU_UNAVAILABLE")
    finally:
        certificates.register.make_available()


def test_a_deceased_patients_certificate_is_sent_and_revoked_but_not_renewed_nor_replaced(certificates):
    """PU-4: no new certificate for a deceased patient (Förnya and Ersätt make one); what concerns the
    certificate that exists (sending it, revoking it) still works."""
    sid = certificates.login("ingrid")
    fk7804 = signed(certificates, sid)
    certificates.register.add(Person(PersonalIdentityNumber(TOLVAN), "Tolvan Tolvansson",
                                     Address("Svensksundsvägen 11", "11111", "Stockholm"),
                                     date_of_death=today(certificates)))
    certificates.clock.advance(timedelta(minutes=2))      # past pu-lookup's short cache
    for action in ("renew", "replace"):
        error = refused_unchanged(certificates, sid, fk7804["id"],
                                  lambda: act(certificates, sid, fk7804["id"], action), 403, "PATIENT_DECEASED")
        assert error["message"]
    assert send(certificates, sid, fk7804["id"]).status_code == 202
    assert act(certificates, sid, fk7804["id"], "revoke", {"reason": "FEL_PATIENT"}).status_code == 200
