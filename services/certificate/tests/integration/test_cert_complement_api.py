"""Issue 7 through the API: "Komplettera intyg" (§7, scenarios A and B) -- the draft, its relation
both ways, the history, what is refused (with nothing changed), "Signera och skicka", what a signed
complement takes away from the certificate it answers -- and the events the messaging service
learns certificates by (certificate.signed v2, certificate.draft_created, certificate.draft_deleted)."""
from __future__ import annotations

from datetime import timedelta

from cert_world import TOLVAN
from test_cert_after_signing_api import (
    act, at_once, lock, receipt, refused, send, sign, signed, today, view,
)
from webcert_certificate.domain import commands
from webcert_common.bus import contracts
from webcert_pu_lookup.domain.identity_number import PersonalIdentityNumber
from webcert_pu_lookup.domain.person import Address, Person

COMPLEMENTED = "Kompletteringsbegäran besvarades med ett nytt intyg"


def events(certificates, event_type) -> list[dict]:
    """The payloads of one type, each checked against the contract of its version."""
    found = certificates.events(event_type)
    for event in found:
        contracts.validate_payload(event["type"], event["version"], event["payload"])
    return found


def sent_to_fk(certificates, sid, certificate_type="FK7804", **extra) -> dict:
    """A certificate FK has received: what a complement request is about."""
    certificate = signed(certificates, sid, certificate_type, **extra)
    assert send(certificates, sid, certificate["id"]).status_code == 202
    [handed] = [e for e in events(certificates, contracts.CERTIFICATE_SENT)
                if e["payload"]["certificate_id"] == certificate["id"]]
    receipt(certificates, certificate["id"], handed["payload"]["delivery_id"])
    received = view(certificates, sid, certificate["id"])
    assert received["status"] == "SENT", received
    return received


def complement(certificates, sid, certificate_id, comment=None, *, body=True):
    return act(certificates, sid, certificate_id, "complement", {"comment": comment} if body else None)


def made(answer) -> dict:
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def refused_unchanged(certificates, sid, certificate_id, call, status, reason) -> dict:
    """A refusal changes nothing: not the certificate, its relations or history, no event, no PDL entry."""
    before, outbox = view(certificates, sid, certificate_id), len(certificates.events())
    error = refused(call(), status, reason)
    after = view(certificates, sid, certificate_id)
    for key in ("version", "status", "history", "relations"):
        assert after[key] == before[key], key
    assert len(certificates.events()) == outbox + 1     # the view's own PDL read, nothing else
    return error


# --- scenario A: "Komplettera intyg" ------------------------------------------------------------

def test_komplettera_copies_the_certificate_into_a_draft_linked_both_ways(certificates):
    sid = certificates.login("ingrid")
    original = sent_to_fk(certificates, sid)
    assert original["actions"]["COMPLEMENT"]["allowed"] and original["complement_draft"] is None
    draft = made(complement(certificates, sid, original["id"], body=False))    # no body: scenario A
    assert (draft["status"], draft["certificate_type"], draft["content"]) == ("DRAFT", "FK7804", original["content"])
    assert (draft["relations"]["parent"]["kind"], draft["relations"]["parent"]["id"]) == ("COMPLEMENT", original["id"])
    assert [(h["kind"], h["label"], h["related_id"]) for h in draft["history"]] == [
        ("complements", "Utkastet skapades för att komplettera ett tidigare intyg", original["id"])]
    assert draft["issuer"]["name"] == "Ingrid Holm" and draft["actions"]["SIGN"]["allowed"]

    # §7 "Fortsätt på intygsutkast för kompletteringsbegäran": the original offers "Öppna utkastet"
    waiting = view(certificates, sid, original["id"])
    assert (waiting["complement_draft"]["id"], waiting["complement_draft"]["status"]) == (draft["id"], "DRAFT")
    assert waiting["complemented_by"] is None and waiting["replacement_draft"] is None
    assert waiting["history"][-1]["kind"] == "complemented_by"
    assert waiting["history"][-1]["label"] == "Ett utkast skapades för att komplettera intyget"
    assert [p["action"] for p in certificates.pdl() if p["certificate_id"] == draft["id"]][:1] == ["skapa"]

    # the draft was announced, with what it came from, and nothing of its content or patient
    [created] = [e["payload"] for e in events(certificates, contracts.CERTIFICATE_DRAFT_CREATED)
                 if e["payload"]["certificate_id"] == draft["id"]]
    assert (created["relation_kind"], created["parent_id"], created["type_version"]) == (
        "COMPLEMENT", original["id"], original["type_version"])
    assert TOLVAN not in str(created)


def test_a_second_click_offers_the_open_draft(certificates):
    sid = certificates.login("ingrid")
    original = sent_to_fk(certificates, sid)
    draft = made(complement(certificates, sid, original["id"]))
    error = refused_unchanged(certificates, sid, original["id"], lambda: complement(certificates, sid, original["id"]),
                              409, "COMPLEMENT_DRAFT_EXISTS")
    assert error["draft_id"] == draft["id"] and "fortsätta" in error["message"]
    # scenario B finds the same draft
    error = refused(complement(certificates, sid, original["id"], "Inget nytt att tillägga."), 409,
                    "COMPLEMENT_DRAFT_EXISTS")
    assert error["draft_id"] == draft["id"]


def test_deleting_the_complement_draft_makes_komplettera_possible_again(certificates):
    """§7: "Om ett utkast som skapats för att komplettera ett intyg raderas, före signering, går det
    senare att ånyo skapa ett nytt kompletterande intyg"."""
    sid = certificates.login("ingrid")
    original = sent_to_fk(certificates, sid)
    draft = made(complement(certificates, sid, original["id"]))
    deleted = certificates.call(sid, "DELETE", f"/certificates/{draft['id']}", {"version": draft["version"]})
    assert deleted.status_code == 204
    after = view(certificates, sid, original["id"])
    assert after["complement_draft"] is None and after["relations"]["children"] == []
    assert "complemented_by" not in [h["kind"] for h in after["history"]]
    [gone] = [e["payload"] for e in events(certificates, contracts.CERTIFICATE_DRAFT_DELETED)]
    assert (gone["certificate_id"], gone["relation_kind"], gone["parent_id"]) == (draft["id"], "COMPLEMENT",
                                                                                  original["id"])
    again = made(complement(certificates, sid, original["id"]))
    assert again["id"] != draft["id"]


def test_komplettera_clicked_twice_at_once_makes_one_draft(certificates):
    # PostgreSQL: FOR UPDATE; SQLite: the repository takes the database's write lock instead
    sid = certificates.login("ingrid")
    original = sent_to_fk(certificates, sid)
    answers = at_once(certificates, lambda: commands.ComplementCertificate(sid, original["id"]))
    drafts = [a for a in answers if a != "COMPLEMENT_DRAFT_EXISTS"]
    assert len(drafts) == 1, answers
    assert [c["id"] for c in view(certificates, sid, original["id"])["relations"]["children"]] == drafts
    assert len(certificates.events(contracts.CERTIFICATE_DRAFT_CREATED)) == 2   # the original's and the one


def test_a_vardadministrator_makes_the_draft_but_cannot_sign_it(certificates):
    """§7 A: "Observera att vårdadministratörer endast kan skapa ett intygsutkast och vidarebefordra utkastet"."""
    ingrid, karin = certificates.login("ingrid"), certificates.login("karin")
    original = sent_to_fk(certificates, ingrid)
    seen = view(certificates, karin, original["id"])
    assert seen["actions"]["COMPLEMENT"]["allowed"]
    assert seen["actions"]["COMPLEMENT_WITH_COMMENT"]["reason"] == "NOT_AVAILABLE_FOR_ROLE"
    draft = made(complement(certificates, karin, original["id"]))
    assert not draft["actions"]["SIGN"]["allowed"] and draft["actions"]["FORWARD_IN_DRAFT"]["allowed"]


# --- scenario B: "Kan ej komplettera – Ingen ytterligare medicinsk information kan anges" ---------

def test_with_a_comment_the_copy_has_it_under_ovriga_upplysningar(certificates):
    """§7 B: "Ett nytt intygsutkast skapas med ditt svar förifyllt under "Övriga upplysningar""."""
    sid = certificates.login("ingrid")
    original = sent_to_fk(certificates, sid, **{"25": "Patienten går på sjukgymnastik."})
    assert original["actions"]["COMPLEMENT_WITH_COMMENT"]["allowed"]
    draft = made(complement(certificates, sid, original["id"], "Ingen ytterligare information kan anges."))
    expected = original["content"]["25"] + "\n\nIngen ytterligare information kan anges."
    assert draft["content"]["25"] == expected
    assert {k: v for k, v in draft["content"].items() if k != "25"} == {
        k: v for k, v in original["content"].items() if k != "25"}
    assert draft["relations"]["parent"]["kind"] == "COMPLEMENT"


def test_only_a_doctor_answers_with_a_comment(certificates):
    """§7 B: "Observera att endast läkare kan använda detta alternativ"."""
    ingrid, karin = certificates.login("ingrid"), certificates.login("karin")
    original = sent_to_fk(certificates, ingrid)
    error = refused_unchanged(certificates, ingrid, original["id"],
                              lambda: complement(certificates, karin, original["id"], "Inget nytt."), 403,
                              "NOT_AVAILABLE_FOR_ROLE")
    assert "läkare" in error["message"]


def test_a_comment_that_is_blank_or_too_long_makes_no_draft(certificates):
    sid = certificates.login("ingrid")
    original = sent_to_fk(certificates, sid)
    refused_unchanged(certificates, sid, original["id"], lambda: complement(certificates, sid, original["id"], "  "),
                      422, "COMMENT_REQUIRED")
    error = refused_unchanged(certificates, sid, original["id"],
                              lambda: complement(certificates, sid, original["id"], "x" * 3999), 422,
                              "COMMENT_TOO_LONG")
    assert error["max_length"] < 3999


# --- "Signera och skicka", and after ------------------------------------------------------------

def test_signing_a_complement_sends_it_to_fk_and_closes_the_original(certificates):
    sid = certificates.login("ingrid")
    original = sent_to_fk(certificates, sid)
    draft = made(complement(certificates, sid, original["id"]))
    answered = sign(certificates, sid, draft["id"], dict(draft["content"], **{"25": "Kompletterat med ny bedömning."}))

    # "Signera och skicka": handed over to FK by the signing itself, no consent dialog
    assert (answered["status"], answered["delivery"]["state"], answered["delivery"]["recipient"]) == (
        "SIGNED", "pending", "fk")
    assert [h["kind"] for h in answered["history"]] == ["complements", "signed", "sent"]
    [handed] = [e["payload"] for e in events(certificates, contracts.CERTIFICATE_SENT)
                if e["payload"]["certificate_id"] == draft["id"]]
    assert handed["recipient"] == "fk" and handed["sent_by"] == "TSTNMT2321000156-1001"

    # certificate.signed v2: the patient (for PU and PDL in messaging) and what it answers
    [signed_event] = [e for e in events(certificates, contracts.CERTIFICATE_SIGNED)
                      if e["payload"]["certificate_id"] == draft["id"]]
    assert signed_event["version"] == 2
    payload = signed_event["payload"]
    assert (payload["patient_id"], payload["relation_kind"], payload["parent_id"], payload["recipient"]) == (
        TOLVAN, "COMPLEMENT", original["id"], "fk")

    # §7 "Avklarad kompletteringsbegäran": the text, the link, and no Förnya, Ersätt or Komplettera
    closed = view(certificates, sid, original["id"])
    assert closed["complemented_by"]["id"] == draft["id"] and closed["complemented_by"]["message"] == COMPLEMENTED
    assert closed["complement_draft"] is None
    for action in ("RENEW", "REPLACE", "COMPLEMENT", "COMPLEMENT_WITH_COMMENT"):
        assert closed["actions"][action]["reason"] == "ALREADY_COMPLEMENTED", action
    assert closed["actions"]["PRINT"]["allowed"] and closed["actions"]["REVOKE"]["allowed"]
    for action, body in (("complement", {"comment": None}), ("renew", None), ("replace", None)):
        refused_unchanged(certificates, sid, original["id"], lambda: act(certificates, sid, original["id"], action,
                                                                         body), 409, "ALREADY_COMPLEMENTED")


def test_a_complement_draft_may_hold_the_longer_ovriga_upplysningar(certificates):
    """The form's limit "vid komplettering" (fk7804.yaml max_length_complement)."""
    sid = certificates.login("ingrid")
    original = sent_to_fk(certificates, sid)
    draft = made(complement(certificates, sid, original["id"]))
    editing = certificates.edit(sid, draft["id"])
    longer = dict(draft["content"], **{"25": "x" * 3000})       # above 2700, within 3296
    saved = certificates.save(sid, draft["id"], longer, editing["version"], editing["edit_token"])
    assert saved.status_code == 200, saved.get_json()
    plain = certificates.draft(sid)
    editing = certificates.edit(sid, plain["id"])
    refused(certificates.save(sid, plain["id"], {"25": "x" * 3000}, editing["version"], editing["edit_token"]),
            422, "INVALID_CONTENT")


# --- what cannot be complemented --------------------------------------------------------------

def test_only_a_certificate_fk_received_can_be_complemented(certificates):
    sid = certificates.login("ingrid")
    not_sent = signed(certificates, sid)
    assert not_sent["actions"]["COMPLEMENT"]["reason"] == "NOT_SENT"
    error = refused_unchanged(certificates, sid, not_sent["id"], lambda: complement(certificates, sid, not_sent["id"]),
                              409, "NOT_SENT")
    assert "Försäkringskassan" in error["message"]
    draft = certificates.draft(sid)
    refused(complement(certificates, sid, draft["id"]), 409, "NOT_SIGNED")
    ag7804 = signed(certificates, sid, "AG7804")
    refused(complement(certificates, sid, ag7804["id"]), 400, "NOT_APPLICABLE")
    refused(complement(certificates, certificates.login("greta"), not_sent["id"]), 403, "OTHER_UNIT")


def test_a_revoked_or_replaced_certificate_is_not_complemented(certificates):
    sid = certificates.login("ingrid")
    revoked = sent_to_fk(certificates, sid)
    assert act(certificates, sid, revoked["id"], "revoke", {"reason": "FEL_PATIENT"}).status_code == 200
    refused_unchanged(certificates, sid, revoked["id"], lambda: complement(certificates, sid, revoked["id"]), 409,
                      "REVOKED")
    replaced = sent_to_fk(certificates, sid)
    replacing = made(act(certificates, sid, replaced["id"], "replace"))
    sign(certificates, sid, replacing["id"])
    assert view(certificates, sid, replaced["id"])["actions"]["COMPLEMENT"]["reason"] == "REPLACED"
    refused_unchanged(certificates, sid, replaced["id"], lambda: complement(certificates, sid, replaced["id"]), 409,
                      "REPLACED")


def test_with_pu_away_no_complement_is_made(certificates):
    """PU-3: "Om PU-tjänsten är otillgänglig låses all funktionalitet kopplat till hantering av intyg"."""
    sid = certificates.login("ingrid")
    original = sent_to_fk(certificates, sid)
    certificates.clock.advance(timedelta(minutes=2))      # past pu-lookup's short cache
    certificates.register.make_unavailable()
    try:
        refused(complement(certificates, sid, original["id"]), 503, "PU_UNAVAILABLE")
    finally:
        certificates.register.make_available()
    assert view(certificates, sid, original["id"])["relations"]["children"] == []


def test_no_complement_for_a_deceased_patient(certificates):
    """PU-4, §7: "Är patienten registrerad som avliden ... kan du hantera pågående ärenden men inte skapa
    ett nytt intyg" -- a complement is a new certificate."""
    sid = certificates.login("ingrid")
    original = sent_to_fk(certificates, sid)
    certificates.register.add(Person(PersonalIdentityNumber(TOLVAN), "Tolvan Tolvansson",
                                     Address("Svensksundsvägen 11", "11111", "Stockholm"),
                                     date_of_death=today(certificates)))
    certificates.clock.advance(timedelta(minutes=2))
    for comment in (None, "Inget nytt."):
        refused_unchanged(certificates, sid, original["id"], lambda: complement(certificates, sid, original["id"],
                                                                                comment), 403, "PATIENT_DECEASED")


# --- the draft events of every way a draft is made ---------------------------------------------

def test_every_new_draft_is_announced_and_every_deleted_one_too(certificates):
    sid = certificates.login("ingrid")
    plain = certificates.draft(sid)
    original = signed(certificates, sid)
    renewed = made(act(certificates, sid, original["id"], "renew"))
    replacing = made(act(certificates, sid, original["id"], "replace"))
    ag7804 = made(act(certificates, sid, original["id"], "derive",
                      {"certificate_type": "AG7804", "convey_diagnoses": False}))
    locked = certificates.draft(sid)
    lock(certificates, locked["id"])
    copied = made(act(certificates, sid, locked["id"], "copy"))
    announced = {e["payload"]["certificate_id"]: (e["payload"]["relation_kind"], e["payload"]["parent_id"])
                 for e in events(certificates, contracts.CERTIFICATE_DRAFT_CREATED)}
    assert announced == {plain["id"]: (None, None), original["id"]: (None, None), locked["id"]: (None, None),
                         renewed["id"]: ("RENEW", original["id"]), replacing["id"]: ("REPLACE", original["id"]),
                         ag7804["id"]: ("DERIVE", original["id"]), copied["id"]: ("COPY", locked["id"])}
    created = next(e["payload"] for e in events(certificates, contracts.CERTIFICATE_DRAFT_CREATED)
                   if e["payload"]["certificate_id"] == plain["id"])
    assert (created["unit_id"], created["certificate_type"]) == (plain["unit_id"], "FK7804")

    assert certificates.call(sid, "DELETE", f"/certificates/{plain['id']}", {"version": plain["version"]}) \
        .status_code == 204
    [gone] = [e["payload"] for e in events(certificates, contracts.CERTIFICATE_DRAFT_DELETED)]
    assert (gone["certificate_id"], gone["relation_kind"], gone["parent_id"]) == (plain["id"], None, None)
    assert TOLVAN not in str(gone)
    # a refused deletion announces nothing
    refused(certificates.call(sid, "DELETE", f"/certificates/{original['id']}", {"version": original["version"]}),
            409, "NOT_A_DRAFT")
    assert len(certificates.events(contracts.CERTIFICATE_DRAFT_DELETED)) == 1


def test_a_certificate_of_its_own_is_signed_as_v2_without_a_relation(certificates):
    sid = certificates.login("ingrid")
    certificate = signed(certificates, sid)
    [event] = events(certificates, contracts.CERTIFICATE_SIGNED)
    assert event["version"] == 2
    assert (event["payload"]["certificate_id"], event["payload"]["patient_id"], event["payload"]["relation_kind"],
            event["payload"]["parent_id"]) == (certificate["id"], TOLVAN, None, None)
