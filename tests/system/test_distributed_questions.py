"""Ärendekommunikation (issue 7) in the distributed form: the messaging service, its FK adapter on
RabbitMQ and PostgreSQL, the FK simulator and the mail sink, each a process of its own, over HTTP.

- FK's question posted to the adapter endpoint (``POST /fk/messages``) is stored, and the issuing unit
  gets an e-mail (QA-7) that carries neither the personnummer nor the question's text.
- The unit's answer, given through the gateway ("Svara" → "Skicka"), reaches FK once.
- With FK down the answer waits in its queue, and arrives exactly once when FK is back.
- A message from FK that breaks a rule (a complement request naming a question the form lacks) is
  taken in (202) but changes nothing: it ends in the adapter's own dead-letter queue.
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import kombu
import requests

from http_flows import choose_unit, create_certificate, csrf_token, login, search_patient, session_id
from tests.support.running_system import AMQP, wait_until
from webcert_certificate.examples import example_content

TOLVAN = "19121212-1212"
PERSONNUMMER_FORMS = ("19121212-1212", "191212121212", "121212-1212", "1212121212")
INGRID = "TSTNMT2321000156-1001"
VE11 = "TSTNMT2321000156-VE11"
ARRIVAL_TIMEOUT_S = 90.0
DEAD_LETTER_QUEUE = "messaging-fk-inbound.events.dead-letter"


# --- the certificate, signed and sent to FK -------------------------------------------------------

def _ingrid(system) -> requests.Session:
    http, _ = login(system, INGRID)
    assert choose_unit(http, system.base_url, VE11).status_code == 200
    return http


def _call(base_url: str, http, method: str, path: str, body=None) -> requests.Response:
    return requests.request(method, base_url + path, json=body, headers={"X-Session-Id": session_id(http)},
                            timeout=30)


def _sent_fk7804(system, http) -> str:
    """Ingrid's FK7804 for Tolvan, signed and sent to FK -- the start of every ärende (§7)."""
    patient = search_patient(http, system.base_url, TOLVAN)
    certificate_id = create_certificate(http, patient.url, "FK7804")
    service = system.certificate_service_url
    editing = _call(service, http, "POST", f"/certificates/{certificate_id}/editing").json()
    content = example_content("FK7804", datetime.now(ZoneInfo("Europe/Stockholm")).date())
    saved = _call(service, http, "PUT", f"/certificates/{certificate_id}",
                  {"version": editing["version"], "edit_token": editing["edit_token"], "content": content})
    assert saved.status_code == 200, saved.text
    signed = _call(service, http, "POST", f"/certificates/{certificate_id}/sign", {"version": saved.json()["version"]})
    assert signed.status_code == 200, signed.text
    sent = _call(service, http, "POST", f"/certificates/{certificate_id}/send", {"patient_consent": True})
    assert sent.status_code == 202, sent.text
    wait_until(lambda: _call(service, http, "GET", f"/certificates/{certificate_id}").json()["status"] == "SENT",
               timeout=ARRIVAL_TIMEOUT_S, what="the certificate Skickat")
    return certificate_id


# --- FK's side --------------------------------------------------------------------------------------

def _fk_posts(system, body: dict) -> requests.Response:
    """What the FK simulator does: FK's message to the messaging service's adapter endpoint."""
    return requests.post(system.messaging_service_url + "/fk/messages", json=body, timeout=10)


def _fk_question(certificate_id: str, text: str, subject: str = "KONTAKT", references=()) -> dict:
    return {"kind": "question", "id": str(uuid.uuid4()), "certificate_id": certificate_id, "subject": subject,
            "text": text, "sent_at": datetime.now(timezone.utc).isoformat(),
            "complement_references": list(references), "reminder_of": None}


def _fk_asks(system, certificate_id: str, text: str) -> str:
    body = _fk_question(certificate_id, text)
    response = _fk_posts(system, body)
    assert response.status_code == 202, response.text
    return body["id"]


def _questions(system, http, certificate_id: str) -> dict[str, dict]:
    answer = _call(system.messaging_service_url, http, "GET", f"/certificates/{certificate_id}/questions")
    answer.raise_for_status()
    return {q["id"]: q for q in answer.json()["questions"]}


def _stored(system, http, certificate_id: str, question_id: str) -> dict:
    return wait_until(lambda: _questions(system, http, certificate_id).get(question_id),
                      timeout=ARRIVAL_TIMEOUT_S, what="FK's question stored in the messaging service")


def _answers_at_fk(system, question_id: str) -> list[dict]:
    """The unit's answers to FK's question as the FK simulator stored them (one row per message id)."""
    response = requests.get(system.recipient_simulator_url("fk") + "/api/messages", timeout=10)
    response.raise_for_status()
    return [m for m in response.json()["received"] if m["kind"] == "answer" and m["question_id"] == question_id]


# --- the unit's side: the gateway's form ------------------------------------------------------------

def _answer_in_webcert(system, http, certificate_id: str, question_id: str, text: str) -> None:
    """§7 "Klicka på Svara ... Fyll i ditt svar i textfältet och klicka på knappen Skicka" (the form's POST)."""
    page = f"{system.base_url}/intyg/{certificate_id}"
    response = http.post(f"{page}/arenden/{question_id}/svar", data={"csrf_token": csrf_token(http, page),
                                                                      "text": text}, timeout=20)
    assert response.status_code == 200, response.text[:500]
    assert "Svaret är skickat." in response.text


# --- 1. FK's question stored, the unit mailed ---------------------------------------------------------

def test_fks_question_is_stored_and_the_unit_gets_an_email_without_personal_data(system):
    http = _ingrid(system)
    certificate_id = _sent_fk7804(system, http)
    text = f"Vi behöver tala med läkaren om Tolvans arbetsförmåga ({uuid.uuid4().hex[:8]})."
    question_id = _fk_asks(system, certificate_id, text)

    stored = _stored(system, http, certificate_id, question_id)
    assert (stored["sender"], stored["subject"], stored["text"], stored["handled"]) == ("fk", "KONTAKT", text, False)

    def mailed():
        return [m for m in system.mail_messages() if f"/intyg/{certificate_id}" in m["body"]]
    mails = wait_until(mailed, timeout=ARRIVAL_TIMEOUT_S, what="the e-mail about FK's question")
    assert len(mails) == 1
    mail = mails[0]
    assert mail["subject"] == "Ny fråga från Försäkringskassan: Kontakt"
    assert "alfa.vardcentral@example.invalid" in mail["to"]
    for secret in (*PERSONNUMMER_FORMS, text, "Tolvan"):
        assert secret not in mail["subject"] and secret not in mail["body"], secret


# --- 2. the unit's answer reaches FK once ---------------------------------------------------------------

def test_the_units_answer_through_the_gateway_reaches_fk_once(system):
    http = _ingrid(system)
    certificate_id = _sent_fk7804(system, http)
    question_id = _fk_asks(system, certificate_id, "Kan ni ringa oss?")
    _stored(system, http, certificate_id, question_id)

    answer = f"Vi ringer i morgon ({uuid.uuid4().hex[:8]})."
    _answer_in_webcert(system, http, certificate_id, question_id, answer)
    # "När svaret har skickats markeras frågan automatiskt som Hanterad."
    assert _questions(system, http, certificate_id)[question_id]["handled"] is True

    received = wait_until(lambda: _answers_at_fk(system, question_id), timeout=ARRIVAL_TIMEOUT_S,
                          what="the answer at FK")
    assert len(received) == 1
    assert (received[0]["text"], received[0]["certificate_id"], received[0]["attempts"]) == (answer, certificate_id, 1)


# --- 3. FK down: the answer waits, then arrives exactly once ---------------------------------------------

def _log_lines_after(system, offset: int) -> list[str]:
    return system.log()[offset:].splitlines()


def _fk_refused_since(system, offset: int) -> bool:
    """The FK adapter's consumer met FK down and left the message in its queue (DependencyUnavailable)."""
    return any("inbox_dependency_unavailable" in line and "recipient-fk-messages" in line
               for line in _log_lines_after(system, offset))


def test_with_fk_down_the_answer_waits_and_arrives_exactly_once_when_fk_is_back(system):
    http = _ingrid(system)
    certificate_id = _sent_fk7804(system, http)
    question_id = _fk_asks(system, certificate_id, "Vi behöver ett svar om arbetstiden.")
    _stored(system, http, certificate_id, question_id)

    answer = f"Halvtid under förmiddagar ({uuid.uuid4().hex[:8]})."
    offset = len(system.log())
    system.set_recipient_mode("fk", "down")
    try:
        _answer_in_webcert(system, http, certificate_id, question_id, answer)
        wait_until(lambda: _fk_refused_since(system, offset), timeout=ARRIVAL_TIMEOUT_S,
                   what="the FK adapter finding FK down")
        assert _answers_at_fk(system, question_id) == []
        # In Webcert the answer is given all the same (the queue holds it for FK).
        assert _questions(system, http, certificate_id)[question_id]["answer"]["text"] == answer
    finally:
        system.set_recipient_mode("fk", "normal")

    received = wait_until(lambda: _answers_at_fk(system, question_id), timeout=ARRIVAL_TIMEOUT_S,
                          what="the answer at FK once it is back")
    assert len(received) == 1
    assert (received[0]["text"], received[0]["attempts"]) == (answer, 1)


# --- 4. a message from FK that breaks a rule: 202, nothing stored, dead-lettered ------------------------

def _dead_lettered(system) -> list[dict]:
    """The FK adapter's dead-letter queue, read without taking anything off it: the messages are
    fetched unacknowledged and go back to the queue when the connection closes."""
    name = system.env["BUS_NAMESPACE"] + DEAD_LETTER_QUEUE
    found = []
    with kombu.Connection(AMQP) as connection:
        channel = connection.channel()
        queue = kombu.Queue(name, durable=True, auto_delete=False)(channel)
        while (message := queue.get(no_ack=False)) is not None:
            found.append(json.loads(message.body))
    return found


def test_a_message_from_fk_that_breaks_a_rule_is_taken_in_but_changes_nothing(system):
    http = _ingrid(system)
    certificate_id = _sent_fk7804(system, http)
    # §7 "Frågan som kompletteringsbegäran avser ... motsvarar frågans rubrik i intyget": FK7804 has no 999.
    body = _fk_question(certificate_id, "Komplettera fråga 999.", "KOMPLETTERING",
                        [{"question_id": "999", "text": "Saknas."}])
    response = _fk_posts(system, body)
    assert response.status_code == 202, response.text
    message_id = response.json()["message_id"]

    def dead_lettered():
        return [e for e in _dead_lettered(system) if e.get("payload", {}).get("message_id") == message_id]
    events = wait_until(dead_lettered, timeout=ARRIVAL_TIMEOUT_S, interval=0.5,
                        what="FK's message in the adapter's dead-letter queue")
    assert events[0]["type"] == "fk.message_received"
    assert body["id"] not in _questions(system, http, certificate_id)
    assert not [m for m in system.mail_messages() if f"/intyg/{certificate_id}" in m["body"]]

    # A body that is not an object with a known kind is refused at the door.
    assert _fk_posts(system, {"kind": "nonsense"}).status_code == 400
