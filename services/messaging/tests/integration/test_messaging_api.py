"""The messaging HTTP API with the REAL auth service in-process: a certificate's questions with
what the user may do (§7), "Svara", "Hanterad" (QA-10), "Ej hanterade ärenden" (§4.2, QA-2), and
the refusals as {"error": {"reason", "message"}} with the domain's reasons. The questions are put
in the database directly (FK's queue adapter comes later)."""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

from messaging_world import VE11, VE11_M1, VE12

REFERENCES = (("1", "Beskriv hur sjukdomen begränsar patientens arbetsförmåga."),)


def _refusal(response, status: int, reason: str) -> dict:
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert error["reason"] == reason and error["message"], error
    return error


def _by_id(body: dict) -> dict:
    return {q["id"]: q for q in body["questions"]}


def test_a_certificates_questions_latest_first_with_their_actions(messaging):
    sid = messaging.login("ingrid")
    record = messaging.world.certificate()
    complement = messaging.world.fk_question(record, "KOMPLETTERING", "Komplettera intyget.", references=REFERENCES,
                                             minutes_ago=30)
    contact = messaging.world.fk_question(record, "KONTAKT", "Ring oss.", minutes_ago=10)

    response = messaging.call(sid, "GET", f"/certificates/{record.id}/questions")

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [q["id"] for q in body["questions"]] == [contact.id, complement.id]
    assert body["actions"]["ASK"]["allowed"] and body["sent_to_fk"]
    first, second = body["questions"]
    assert (first["subject_label"], first["sender_label"], first["action_needed"]["code"]) == \
        ("Kontakt", "Försäkringskassan", "ANSWER")
    assert first["actions"]["ANSWER"]["allowed"]
    assert second["complement_references"] == [{"question_id": "1", "text": REFERENCES[0][1]}]
    assert second["action_needed"]["code"] == "COMPLEMENT" and second["needs_confirmation"]
    assert second["actions"]["COMPLEMENT"]["allowed"] and second["actions"]["NO_FURTHER_INFORMATION"]["allowed"]
    assert second["actions"]["ANSWER"]["reason"] == "COMPLEMENT_NEEDS_CERTIFICATE"


def test_a_vardadministrator_is_offered_neither_scenario_b(messaging):
    """§7 scenario B: "Observera att endast läkare kan använda detta alternativ"."""
    sid = messaging.login("karin")
    record = messaging.world.certificate()
    messaging.world.fk_question(record, "KOMPLETTERING", "Komplettera.", references=REFERENCES)
    question = messaging.call(sid, "GET", f"/certificates/{record.id}/questions").get_json()["questions"][0]
    assert question["actions"]["NO_FURTHER_INFORMATION"]["reason"] == "NOT_AVAILABLE_FOR_ROLE"
    assert question["actions"]["COMPLEMENT"]["allowed"] and question["actions"]["FORWARD"]["allowed"]


def test_another_units_certificate_is_refused(messaging):
    record = messaging.world.certificate()
    question = messaging.world.fk_question(record)
    sid = messaging.login("maria")
    _refusal(messaging.call(sid, "GET", f"/certificates/{record.id}/questions"), 403, "OTHER_UNIT")
    _refusal(messaging.call(sid, "POST", f"/questions/{question.id}/answer", {"text": "Svar"}), 403, "OTHER_UNIT")
    assert messaging.world.question(question.id).answer is None


def test_a_certificate_the_service_never_heard_of_has_no_questions_and_none_may_be_asked(messaging):
    sid = messaging.login("ingrid")
    body = messaging.call(sid, "GET", f"/certificates/{uuid.uuid4()}/questions").get_json()
    assert body["questions"] == [] and not body["sent_to_fk"]
    assert body["actions"]["ASK"]["reason"] == "NOT_SENT_TO_FK"


def test_without_a_session_nothing_is_answered(messaging):
    record = messaging.world.certificate()
    _refusal(messaging.call(None, "GET", f"/certificates/{record.id}/questions"), 401, "SESSION_UNKNOWN")
    response = messaging.call("no-such-session", "GET", f"/certificates/{record.id}/questions")
    assert response.status_code == 401 and response.get_json()["error"]["reason"]
    _refusal(messaging.call(None, "GET", "/questions/unhandled"), 401, "SESSION_UNKNOWN")


def test_svara_handles_the_question_and_the_reminder_of_it(messaging):
    """§7: "När svaret har skickats markeras frågan automatiskt som Hanterad"; QA-11: the reminder
    of it with it."""
    sid = messaging.login("ingrid")
    record = messaging.world.certificate()
    contact = messaging.world.fk_question(record, "KONTAKT", minutes_ago=20)
    reminder = messaging.world.fk_question(record, "PAMINNELSE", "Påminnelse.", reminder_of=contact.id)
    messaging.clock.advance(timedelta(minutes=5))

    response = messaging.call(sid, "POST", f"/questions/{contact.id}/answer", {"text": "  Vi ringer i morgon.  "})

    assert response.status_code == 200, response.get_json()
    questions = _by_id(response.get_json())
    answered = questions[contact.id]
    assert answered["answer"]["text"] == "Vi ringer i morgon." and answered["answer"]["sender"] == "unit"
    assert answered["answer"]["by"] == {"id": "TSTNMT2321000156-1001", "name": "Ingrid Holm"}
    assert answered["handling"]["how"] == "answered" and answered["handling"]["label"] == "Besvarad"
    assert questions[reminder.id]["handling"]["how"] == "reminded_question_answered"
    assert response.get_json()["questions"][0]["id"] == contact.id   # the latest activity first
    assert messaging.world.question(contact.id).handling.at == messaging.clock.now()


def test_answers_the_domain_refuses(messaging):
    sid = messaging.login("ingrid")
    record = messaging.world.certificate()
    contact = messaging.world.fk_question(record, "KONTAKT")
    reminder = messaging.world.fk_question(record, "PAMINNELSE", "Påminnelse.", reminder_of=contact.id)
    complement = messaging.world.fk_question(record, "KOMPLETTERING", "Komplettera.", references=REFERENCES)

    _refusal(messaging.call(sid, "POST", f"/questions/{contact.id}/answer", {"text": "   "}), 422, "TEXT_REQUIRED")
    _refusal(messaging.call(sid, "POST", f"/questions/{contact.id}/answer", {"text": "x" * 5000}), 422,
             "TEXT_TOO_LONG")
    _refusal(messaging.call(sid, "POST", f"/questions/{contact.id}/answer", {}), 422, "HTTP_422")
    _refusal(messaging.call(sid, "POST", f"/questions/{reminder.id}/answer", {"text": "Svar"}), 400,
             "REMINDER_NOT_ANSWERABLE")
    _refusal(messaging.call(sid, "POST", f"/questions/{complement.id}/answer", {"text": "Svar"}), 400,
             "COMPLEMENT_NEEDS_CERTIFICATE")
    _refusal(messaging.call(sid, "POST", f"/questions/{uuid.uuid4()}/answer", {"text": "Svar"}), 404,
             "QUESTION_NOT_FOUND")
    assert messaging.world.question(contact.id).answer is None

    assert messaging.call(sid, "POST", f"/questions/{contact.id}/answer", {"text": "Svar"}).status_code == 200
    _refusal(messaging.call(sid, "POST", f"/questions/{contact.id}/answer", {"text": "Igen"}), 409,
             "ALREADY_ANSWERED")
    assert messaging.world.question(contact.id).answer.text == "Svar"


def test_hanterad_on_an_administrative_question_is_reversible(messaging):
    """§7 "Hantera en fråga utanför Webcert": the tick stays and may be taken away again."""
    sid = messaging.login("ingrid")
    question = messaging.world.fk_question(messaging.world.certificate(), "AVSTAMNINGSMOTE")
    path = f"/questions/{question.id}/handled"

    ticked = _by_id(messaging.call(sid, "PUT", path, {"handled": True}).get_json())[question.id]
    assert ticked["handling"]["how"] == "marked" and ticked["actions"]["MARK_UNHANDLED"]["allowed"]
    _refusal(messaging.call(sid, "PUT", path, {"handled": True}), 409, "ALREADY_HANDLED")
    # "Markerad som hanterad" is not an answer: it cannot be answered until unticked
    error = _refusal(messaging.call(sid, "POST", f"/questions/{question.id}/answer", {"text": "Svar"}), 409,
                     "QUESTION_HANDLED")
    assert "Avmarkera Hanterad" in error["message"]

    unticked = _by_id(messaging.call(sid, "PUT", path, {"handled": False}).get_json())[question.id]
    assert unticked["handling"] is None and unticked["action_needed"]["code"] == "ANSWER"
    _refusal(messaging.call(sid, "PUT", path, {"handled": False}), 409, "NOT_HANDLED")


def test_hanterad_on_a_complement_request_needs_the_confirmation_and_is_for_good(messaging):
    """QA-10: "informationsruta med upplysning om att detta val inte går att ångra"."""
    sid = messaging.login("ingrid")
    question = messaging.world.fk_question(messaging.world.certificate(), "KOMPLETTERING", "Komplettera.",
                                           references=REFERENCES)
    path = f"/questions/{question.id}/handled"

    error = _refusal(messaging.call(sid, "PUT", path, {"handled": True}), 422, "CONFIRMATION_REQUIRED")
    assert "går det inte att ångra" in error["message"]
    assert messaging.world.question(question.id).handling is None
    _refusal(messaging.call(sid, "PUT", path, {"handled": "kanske"}), 422, "HTTP_422")

    response = messaging.call(sid, "PUT", path, {"handled": True, "confirmed": True})
    assert response.status_code == 200 and _by_id(response.get_json())[question.id]["handled"]
    _refusal(messaging.call(sid, "PUT", path, {"handled": False}), 409, "HANDLING_IRREVERSIBLE")


def test_ej_hanterade_arenden_lists_the_units_open_questions_newest_first(messaging):
    """§7: "listas alla ej hanterade ärenden för den vårdenhet eller arbetsplats du är inloggad på";
    a care unit's list holds its workplaces' (QA-2: the count beside the tab)."""
    world = messaging.world
    on_unit = world.certificate()
    on_workplace = world.certificate(VE11_M1, VE11)
    elsewhere = world.certificate(VE12, VE12)
    old = world.fk_question(on_unit, "KONTAKT", minutes_ago=60)
    newer = world.fk_question(on_workplace, "OVRIGT", minutes_ago=5)
    reminder = world.fk_question(on_unit, "PAMINNELSE", "Påminnelse.", reminder_of=old.id, minutes_ago=30)
    world.fk_question(elsewhere, "KONTAKT")
    handled = world.fk_question(on_unit, "AVSTAMNINGSMOTE", minutes_ago=1)
    sid = messaging.login("ingrid")
    messaging.call(sid, "PUT", f"/questions/{handled.id}/handled", {"handled": True})

    body = messaging.call(sid, "GET", "/questions/unhandled").get_json()

    assert body["unit_id"] == VE11 and body["count"] == 3
    assert [q["id"] for q in body["questions"]] == [newer.id, reminder.id, old.id]
    listed = _by_id(body)
    assert listed[reminder.id]["action_needed"]["code"] == "ANSWER_REMINDED"
    assert listed[old.id]["actions"]["ANSWER"]["allowed"]

    messaging.call(sid, "POST", f"/questions/{old.id}/answer", {"text": "Svar"})
    after = messaging.call(sid, "GET", "/questions/unhandled").get_json()
    assert after["count"] == 1 and [q["id"] for q in after["questions"]] == [newer.id]

    maria = messaging.login("maria")
    assert messaging.call(maria, "GET", "/questions/unhandled").get_json()["count"] == 1


def test_a_workplace_lists_only_its_own(messaging):
    world = messaging.world
    world.fk_question(world.certificate(), "KONTAKT")
    own = world.fk_question(world.certificate(VE11_M1, VE11), "KONTAKT")
    sid = messaging.login("ingrid", VE11_M1)
    body = messaging.call(sid, "GET", "/questions/unhandled").get_json()
    assert body["unit_id"] == VE11_M1 and [q["id"] for q in body["questions"]] == [own.id]


def test_a_revoked_certificates_questions_cannot_be_answered_or_reopened(messaging):
    sid = messaging.login("ingrid")
    record = messaging.world.certificate()
    question = messaging.world.fk_question(record, "KONTAKT")
    with messaging.world.services.uow() as uow:
        uow.records.update(replace(record, revoked=True))
        uow.commit()
    body = messaging.call(sid, "GET", f"/certificates/{record.id}/questions").get_json()
    assert body["actions"]["ASK"]["reason"] == "REVOKED"
    _refusal(messaging.call(sid, "POST", f"/questions/{question.id}/answer", {"text": "Svar"}), 409, "REVOKED")
