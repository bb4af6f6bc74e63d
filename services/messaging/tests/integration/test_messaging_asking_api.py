"""The rest of the messaging HTTP API with the REAL auth and pu-lookup services in-process: the
unit's question ("Administrativa frågor", QA-1 autosave), the autosaved answer, scenario C
"Kan ej komplettera", "Vidarebefordra" (QA-8), and the outbox events for FK's queue adapter
(``question.asked`` / ``question.answered``) written in the same transaction. Every refusal is
checked to leave everything as it was."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from messaging_world import TOLVAN, VE11
from webcert_common.bus import contracts
from webcert_common.bus.contracts import validate_payload

REFERENCES = (("1", "Beskriv hur sjukdomen begränsar patientens arbetsförmåga."),)


def _refusal(response, status: int, reason: str) -> dict:
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert error["reason"] == reason and error["message"], error
    return error


def _unchanged(messaging, record, response, status: int, reason: str) -> dict:
    """The refusal, and nothing changed: record, questions, draft, outbox (events, PDL)."""
    before = messaging.world.state(record.id)
    error = _refusal(response(), status, reason)
    assert messaging.world.state(record.id) == before
    return error


def _by_id(body: dict) -> dict:
    return {q["id"]: q for q in body["questions"]}


# --- "Administrativa frågor" → "Skicka" ---------------------------------------------------------

def test_the_units_question_is_sent_listed_first_and_told_to_fk(messaging):
    """§7 "Ställ en fråga till Försäkringskassan": "När frågan har skickats visas den överst"; the
    question.asked event for FK's queue adapter, in the same transaction, with the PDL entry."""
    sid = messaging.login("ingrid")
    record = messaging.world.certificate(patient_id=TOLVAN)
    older = messaging.world.fk_question(record, "KONTAKT", minutes_ago=30)

    response = messaging.call(sid, "POST", f"/certificates/{record.id}/questions",
                              {"subject": "AVSTAMNINGSMOTE", "text": "  När passar ett möte?  "})

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    asked = body["questions"][0]
    assert [q["id"] for q in body["questions"]] == [asked["id"], older.id]
    assert (asked["subject"], asked["subject_label"], asked["sender"], asked["text"]) == \
        ("AVSTAMNINGSMOTE", "Avstämningsmöte", "unit", "När passar ett möte?")
    assert asked["author"] == {"id": "TSTNMT2321000156-1001", "name": "Ingrid Holm"}
    assert asked["action_needed"] == {"code": "AWAIT_ANSWER", "label": "Invänta svar från Försäkringskassan"}
    assert asked["actions"]["ANSWER"]["reason"] == "ANSWERED_BY_FK"
    assert body["question_draft"] is None

    [event] = messaging.events(contracts.QUESTION_ASKED)
    payload = event["payload"]
    validate_payload(contracts.QUESTION_ASKED, 1, payload)
    assert (event["version"], event["producer"]) == (1, "messaging")
    assert payload["question_id"] == asked["id"] and payload["certificate_id"] == record.id
    assert (payload["subject"], payload["text"], payload["sent_at"]) == \
        ("AVSTAMNINGSMOTE", "När passar ett möte?", messaging.clock.now().isoformat())
    uuid.UUID(payload["message_id"])
    [entry] = messaging.pdl()
    assert (entry["action"], entry["patient_id"], entry["certificate_id"], entry["user_id"]) == \
        ("skriva", TOLVAN, record.id, "TSTNMT2321000156-1001")


@pytest.mark.parametrize("subject,status,reason", [
    ("KOMPLETTERING", 422, "SUBJECT_NOT_FOR_UNIT"), ("PAMINNELSE", 422, "SUBJECT_NOT_FOR_UNIT"),
    ("FRAGA", 422, "UNKNOWN_SUBJECT")])
def test_the_unit_asks_only_administrative_subjects(messaging, subject, status, reason):
    """QA-3: Komplettering and Påminnelse are FK's."""
    sid = messaging.login("ingrid")
    record = messaging.world.certificate(patient_id=TOLVAN)
    _unchanged(messaging, record, lambda: messaging.call(sid, "POST", f"/certificates/{record.id}/questions",
                                                         {"subject": subject, "text": "Fråga"}), status, reason)


def test_asking_is_refused_where_the_certificate_does_not_allow_it(messaging):
    """QA-1: only a certificate signed and sent to FK; §5.10: not a revoked one; §4.2: the unit's own."""
    sid = messaging.login("ingrid")
    body = {"subject": "KONTAKT", "text": "Fråga"}
    not_sent = messaging.world.certificate(sent_to_fk=False, patient_id=TOLVAN)
    revoked = messaging.world.certificate(revoked=True, patient_id=TOLVAN)
    elsewhere = messaging.world.certificate("TSTNMT2321000156-VE21", "TSTNMT2321000156-VE21", patient_id=TOLVAN)
    for record, status, reason in ((not_sent, 409, "NOT_SENT_TO_FK"), (revoked, 409, "REVOKED"),
                                   (elsewhere, 403, "OTHER_UNIT")):
        _unchanged(messaging, record, lambda: messaging.call(sid, "POST", f"/certificates/{record.id}/questions",
                                                             body), status, reason)
    for text, reason in (("  ", "TEXT_REQUIRED"), ("x" * 4001, "TEXT_TOO_LONG")):
        record = messaging.world.certificate(patient_id=TOLVAN)
        _unchanged(messaging, record, lambda: messaging.call(sid, "POST", f"/certificates/{record.id}/questions",
                                                             {"subject": "KONTAKT", "text": text}), 422, reason)
    record = messaging.world.certificate(patient_id=TOLVAN)
    _unchanged(messaging, record, lambda: messaging.call(sid, "POST", f"/certificates/{record.id}/questions",
                                                         {"text": "Fråga"}), 422, "HTTP_422")


# --- QA-1: the autosaved question ------------------------------------------------------------------

def test_the_question_being_written_is_saved_shown_and_gone_once_sent(messaging):
    """QA-1: "Du kan avbryta och återvända till Webcert senare för att skriva klart meddelandet"."""
    sid = messaging.login("ingrid")
    record = messaging.world.certificate(patient_id=TOLVAN)
    path = f"/certificates/{record.id}/question-draft"

    saved = messaging.call(sid, "PUT", path, {"subject": "KONTAKT", "text": "Vi beh"})
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["question_draft"]["text"] == "Vi beh"
    messaging.clock.advance(timedelta(seconds=2))
    # the subject left out keeps the one chosen before
    assert messaging.call(sid, "PUT", path, {"text": "Vi behöver"}).status_code == 200

    karin = messaging.login("karin")   # one draft per certificate: the unit's, as the panel shows it
    draft = messaging.call(karin, "GET", f"/certificates/{record.id}/questions").get_json()["question_draft"]
    assert draft == {"subject": "KONTAKT", "subject_label": "Kontakt", "text": "Vi behöver",
                     "saved_by": {"id": "TSTNMT2321000156-1001", "name": "Ingrid Holm"},
                     "saved_at": messaging.clock.now().isoformat()}
    cleared = messaging.call(sid, "PUT", path, {"subject": None, "text": "Vi behöver"}).get_json()
    assert cleared["question_draft"]["subject"] is None
    assert [e["action"] for e in messaging.pdl()] == ["skriva", "skriva", "läsa", "skriva"]

    messaging.call(sid, "POST", f"/certificates/{record.id}/questions", {"subject": "KONTAKT", "text": "Vi behöver"})
    assert messaging.call(sid, "GET", f"/certificates/{record.id}/questions").get_json()["question_draft"] is None


def test_a_question_draft_is_refused_where_no_question_may_be_asked(messaging):
    sid = messaging.login("ingrid")
    record = messaging.world.certificate(sent_to_fk=False)
    _unchanged(messaging, record, lambda: messaging.call(sid, "PUT", f"/certificates/{record.id}/question-draft",
                                                         {"text": "x"}), 409, "NOT_SENT_TO_FK")
    record = messaging.world.certificate()
    path = f"/certificates/{record.id}/question-draft"
    _unchanged(messaging, record, lambda: messaging.call(sid, "PUT", path, {"subject": "KOMPLETTERING", "text": "x"}),
               422, "SUBJECT_NOT_FOR_UNIT")
    _unchanged(messaging, record, lambda: messaging.call(sid, "PUT", path, {"text": "x" * 4001}), 422, "TEXT_TOO_LONG")


# --- QA-1: the autosaved answer ------------------------------------------------------------------

def test_the_answer_being_written_is_saved_and_gone_once_sent(messaging):
    sid = messaging.login("ingrid")
    record = messaging.world.certificate(patient_id=TOLVAN)
    question = messaging.world.fk_question(record, "KONTAKT")

    saved = messaging.call(sid, "PUT", f"/questions/{question.id}/answer-draft", {"text": "Vi ring"})

    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["id"] == question.id
    assert saved.get_json()["answer_draft"] == {"text": "Vi ring", "saved_at": messaging.clock.now().isoformat(),
                                                "saved_by": {"id": "TSTNMT2321000156-1001", "name": "Ingrid Holm"}}
    assert not saved.get_json()["handled"]
    assert messaging.world.question(question.id).answer_draft.text == "Vi ring"
    assert [e["action"] for e in messaging.pdl()] == ["skriva"]

    answered = messaging.call(sid, "POST", f"/questions/{question.id}/answer", {"text": "Vi ringer."})
    assert _by_id(answered.get_json())[question.id]["answer_draft"] is None


def test_an_answer_draft_is_refused_where_no_answer_may_be_given(messaging):
    sid = messaging.login("ingrid")
    record = messaging.world.certificate()
    contact = messaging.world.fk_question(record, "KONTAKT")
    reminder = messaging.world.fk_question(record, "PAMINNELSE", "Påminnelse", reminder_of=contact.id)
    messaging.call(sid, "POST", f"/questions/{contact.id}/answer", {"text": "Svar"})
    for question, status, reason in ((contact, 409, "ALREADY_ANSWERED"), (reminder, 400, "REMINDER_NOT_ANSWERABLE")):
        _unchanged(messaging, record, lambda: messaging.call(sid, "PUT", f"/questions/{question.id}/answer-draft",
                                                             {"text": "x"}), status, reason)
    _refusal(messaging.call(sid, "PUT", f"/questions/{uuid.uuid4()}/answer-draft", {"text": "x"}), 404,
             "QUESTION_NOT_FOUND")


def test_the_comment_of_kan_ej_komplettera_is_autosaved_on_a_complement_request(messaging):
    sid = messaging.login("karin")
    record = messaging.world.certificate()
    question = messaging.world.fk_question(record, "KOMPLETTERING", "Komplettera.", references=REFERENCES)
    saved = messaging.call(sid, "PUT", f"/questions/{question.id}/answer-draft", {"text": "Läkaren har slutat"})
    assert saved.status_code == 200 and saved.get_json()["answer_draft"]["text"] == "Läkaren har slutat"


# --- scenario C -------------------------------------------------------------------------------------

def test_scenario_c_answers_every_open_complement_request_with_a_message(messaging):
    """§7 C: "Meddelandet skickas som ett svar på kompletteringsbegäran"; "Svara på flera
    kompletteringsbegäran": all are handled; QA-11: a reminder of one follows. Open to every role."""
    sid = messaging.login("karin")
    record = messaging.world.certificate(patient_id=TOLVAN)
    first = messaging.world.fk_question(record, "KOMPLETTERING", "Komplettera.", references=REFERENCES, minutes_ago=60)
    second = messaging.world.fk_question(record, "KOMPLETTERING", "Mer.", references=(("35", "Ange period."),),
                                         minutes_ago=30)
    reminder = messaging.world.fk_question(record, "PAMINNELSE", "Påminnelse", reminder_of=first.id, minutes_ago=10)
    contact = messaging.world.fk_question(record, "KONTAKT", minutes_ago=5)

    response = messaging.call(sid, "POST", f"/questions/{first.id}/cannot-complement",
                              {"text": "Ingen på vårdenheten kan ansvara för intyget."})

    assert response.status_code == 200, response.get_json()
    listed = _by_id(response.get_json())
    answer = listed[first.id]["answer"]
    assert answer["no_one_responsible"] and answer["sender"] == "unit"
    assert listed[first.id]["handled_label"] == "Besvarad"
    assert (listed[second.id]["handling"]["how"], listed[second.id]["handling"]["related_id"]) == ("answered", first.id)
    assert listed[reminder.id]["handling"]["how"] == "reminded_question_answered"
    assert not listed[contact.id]["handled"]
    assert response.get_json()["open_complement_references"] == {}
    [event] = messaging.events(contracts.QUESTION_ANSWERED)
    validate_payload(contracts.QUESTION_ANSWERED, 1, event["payload"])
    assert (event["payload"]["question_id"], event["payload"]["text"]) == \
        (first.id, "Ingen på vårdenheten kan ansvara för intyget.")
    assert [e["action"] for e in messaging.pdl()] == ["skriva"]


def test_scenario_c_only_on_an_open_complement_request(messaging):
    sid = messaging.login("ingrid")
    record = messaging.world.certificate()
    contact = messaging.world.fk_question(record, "KONTAKT")
    complement = messaging.world.fk_question(record, "KOMPLETTERING", "Komplettera.", references=REFERENCES)
    path = f"/questions/{complement.id}/cannot-complement"
    _unchanged(messaging, record, lambda: messaging.call(sid, "POST", f"/questions/{contact.id}/cannot-complement",
                                                         {"text": "x"}), 400, "NOT_A_COMPLEMENT_REQUEST")
    _unchanged(messaging, record, lambda: messaging.call(sid, "POST", path, {"text": " "}), 422, "TEXT_REQUIRED")
    messaging.call(sid, "PUT", f"/questions/{complement.id}/handled", {"handled": True, "confirmed": True})
    _unchanged(messaging, record, lambda: messaging.call(sid, "POST", path, {"text": "x"}), 409, "QUESTION_HANDLED")


def test_the_answer_is_told_to_fk_in_the_same_transaction(messaging):
    sid = messaging.login("ingrid")
    record = messaging.world.certificate(patient_id=TOLVAN)
    question = messaging.world.fk_question(record, "OVRIGT")
    messaging.clock.advance(timedelta(minutes=3))

    messaging.call(sid, "POST", f"/questions/{question.id}/answer", {"text": "Svar till FK."})

    [event] = messaging.events(contracts.QUESTION_ANSWERED)
    assert event["payload"]["question_id"] == question.id and event["payload"]["certificate_id"] == record.id
    assert event["payload"]["sent_at"] == messaging.clock.now().isoformat()
    assert event["payload"]["text"] == messaging.world.question(question.id).answer.text == "Svar till FK."
    before = messaging.world.state(record.id)
    _refusal(messaging.call(sid, "POST", f"/questions/{question.id}/answer", {"text": "Igen"}), 409,
             "ALREADY_ANSWERED")
    assert messaging.world.state(record.id) == before
    assert len(messaging.events(contracts.QUESTION_ANSWERED)) == 1


# --- "Vidarebefordra" -------------------------------------------------------------------------------

def test_forwarded_is_set_and_taken_away_with_siths(messaging):
    """§7: "Om du väljer Ja blir ärendet markerat som vidarebefordrat i tabellen"."""
    sid = messaging.login("karin")
    record = messaging.world.certificate(patient_id=TOLVAN)
    question = messaging.world.fk_question(record, "KONTAKT")
    path = f"/questions/{question.id}/forwarded"

    marked = messaging.call(sid, "PUT", path, {"forwarded": True})
    assert marked.status_code == 200, marked.get_json()
    assert _by_id(marked.get_json())[question.id]["forwarded"] and messaging.world.question(question.id).forwarded
    unmarked = messaging.call(sid, "PUT", path, {"forwarded": False})
    assert not _by_id(unmarked.get_json())[question.id]["forwarded"]
    assert [e["action"] for e in messaging.pdl()] == ["skriva", "skriva"]
    _unchanged(messaging, record, lambda: messaging.call(sid, "PUT", path, {"forwarded": "ja"}), 422, "HTTP_422")


def test_forwarding_is_refused_with_e_legitimation(messaging):
    """QA-8, Tabell 3 "Vidarebefordra fråga/svar": not with e-legitimation."""
    sid, view = messaging.login_eleg()
    unit = view["unit"]
    record = messaging.world.certificate(unit["id"], unit["care_unit_id"])
    question = messaging.world.fk_question(record, "KONTAKT")
    listed = _by_id(messaging.call(sid, "GET", f"/certificates/{record.id}/questions").get_json())
    assert not listed[question.id]["actions"]["FORWARD"]["allowed"]
    error = _unchanged(messaging, record, lambda: messaging.call(sid, "PUT", f"/questions/{question.id}/forwarded",
                                                                 {"forwarded": True}), 403,
                       listed[question.id]["actions"]["FORWARD"]["reason"])
    assert error["message"] == listed[question.id]["actions"]["FORWARD"]["message"]


def test_every_view_of_a_question_has_the_contracts_fields(messaging):
    sid = messaging.login("ingrid")
    record = messaging.world.certificate()
    messaging.world.fk_question(record, "KOMPLETTERING", "Komplettera.", references=REFERENCES)
    body = messaging.call(sid, "GET", f"/certificates/{record.id}/questions").get_json()
    [question] = body["questions"]
    assert {"id", "subject", "subject_label", "sender", "text", "sent_at", "answer", "answer_draft", "handled",
            "handled_label", "forwarded", "complement_references", "reminder_of", "action_needed",
            "actions"} <= set(question)
    assert set(question["actions"]) == {"ANSWER", "COMPLEMENT", "NO_FURTHER_INFORMATION", "NO_ONE_RESPONSIBLE",
                                        "MARK_HANDLED", "MARK_UNHANDLED", "FORWARD"}
    assert all(set(a) == {"allowed", "reason", "message"} for a in question["actions"].values())
    assert body["open_complement_references"] == {"1": [REFERENCES[0][1]]}
    assert body["certificate_id"] == record.id and body["complement_draft_id"] is None
    assert body["question_draft"] is None and set(body["actions"]) == {"READ", "ASK", "OPEN_COMPLEMENT_DRAFT"}
    assert VE11 == question["unit_id"]
