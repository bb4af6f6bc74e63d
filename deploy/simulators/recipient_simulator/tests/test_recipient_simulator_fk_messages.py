"""The FK simulator's ärendekommunikation (issue 7, docs/ARCHITECTURE.md "FK's side"): what the unit
sends FK is stored once per message_id in the recipient's modes; "Ny fråga från Försäkringskassan"
(the five subjects, Komplettering naming the form's questions, Påminnelse of an earlier question)
and "Svara" post FK's message to Webcert and keep what was sent. Only the fk instance has them."""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone

import pytest
from flask import Flask, request

from recipient_simulator import RecipientSimulatorConfig, create_app
from webcert_common.clock import FakeClock
from webcert_common.service_client import WsgiServiceClient

START = datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)      # 09:00 in Stockholm
CERTIFICATE_ID = "cert-4711"


class FakeWebcert:
    """Webcert's POST /fk/messages: keeps what FK posted and answers 202, or as told."""

    def __init__(self) -> None:
        self.posted: list[dict] = []
        self.status = 202
        app = Flask("fake_webcert")

        @app.post("/fk/messages")
        def take():
            if self.status != 202:
                return {"error": {"reason": "INVALID_FK_MESSAGE", "message": "Nej tack."}}, self.status
            self.posted.append(request.get_json())
            return {"message_id": str(uuid.uuid4())}, 202

        self.app = app


@pytest.fixture
def webcert():
    return FakeWebcert()


def make_app(tmp_path, webcert, code="fk"):
    config = RecipientSimulatorConfig(recipient=code, database_path=str(tmp_path / f"{code}.sqlite3"))
    return create_app(config, clock=FakeClock(START), wait=lambda _s: None,
                      webcert_client=WsgiServiceClient(webcert.app))


@pytest.fixture
def client(tmp_path, webcert):
    client = make_app(tmp_path, webcert).test_client()
    answer = client.post("/api/certificates", json={"delivery_id": "d-1", "certificate": {
        "id": CERTIFICATE_ID, "certificate_type": "FK7804", "type_version": "1.3",
        "patient": {"personnummer": "191212121212"}, "content": {"28": ["NUVARANDE_ARBETE"]}}})
    assert answer.status_code == 201
    return client


def page_of(client, path="/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def ask(client, **form):
    path = f"/intyg/{CERTIFICATE_ID}/ny-fraga"
    return client.post(path, data={"csrf_token": csrf_token(page_of(client, path)), **form})


def unit_message(kind="question", **extra) -> dict:
    body = {"message_id": str(uuid.uuid4()), "kind": kind, "certificate_id": CERTIFICATE_ID,
            "question_id": str(uuid.uuid4()), "subject": "KONTAKT" if kind == "question" else None,
            "text": "Kan ni ringa oss?", "sent_at": START.isoformat()}
    return {**body, **extra}


# -- the unit's messages in ------------------------------------------------------------------------

def test_a_message_from_webcert_is_stored_once(client):
    message = unit_message()
    first = client.post("/api/messages", json=message)
    again = client.post("/api/messages", json=message)
    assert first.status_code == 201 and again.status_code == 200
    assert again.get_json() == first.get_json() == {"receipt_id": message["message_id"],
                                                    "received_at": START.isoformat()}
    [stored] = client.get("/api/messages").get_json()["received"]
    assert stored["question_id"] == message["question_id"] and stored["attempts"] == 2


@pytest.mark.parametrize("change,problem", [
    ({"kind": "note"}, "kind"), ({"subject": "OKANT"}, "subject"), ({"subject": None}, "subject"),
    ({"message_id": ""}, "message_id"), ({"text": 5}, "text"), ({"certificate_id": None}, "certificate_id"),
])
def test_a_malformed_message_is_refused_and_not_stored(client, change, problem):
    answer = client.post("/api/messages", json=unit_message(**change))
    assert answer.status_code == 400 and problem in answer.get_json()["error"]["message"]
    assert client.get("/api/messages").get_json()["received"] == []


@pytest.mark.parametrize("mode,status,stored", [("down", 503, 0), ("reject", 422, 0), ("garbage", 200, 1)])
def test_messages_follow_the_recipients_mode(client, mode, status, stored):
    client.put("/api/mode", json={"mode": mode})
    answer = client.post("/api/messages", json=unit_message(kind="answer"))
    assert answer.status_code == status
    assert len(client.get("/api/messages").get_json()["received"]) == stored


def test_only_forsakringskassan_takes_messages(tmp_path, webcert):
    ts = make_app(tmp_path, webcert, "ts").test_client()
    assert ts.post("/api/messages", json=unit_message()).status_code == 404
    assert "Ny fråga från Försäkringskassan" not in page_of(ts) and "Frågor från vårdenheten" not in page_of(ts)


# -- "Ny fråga från Försäkringskassan" ---------------------------------------------------------------

def test_each_received_certificate_offers_a_new_question(client):
    page = page_of(client)
    assert f'href="/intyg/{CERTIFICATE_ID}/ny-fraga"' in page and ">Ny fråga från Försäkringskassan</a>" in page
    form = page_of(client, f"/intyg/{CERTIFICATE_ID}/ny-fraga")
    assert "<legend class=\"ds-label\">Ämne</legend>" in form and ">Meddelande</label>" in form
    for label in ("Avstämningsmöte", "Komplettering", "Kontakt", "Övrigt", "Påminnelse"):
        assert f">{label}</label>" in form
    assert 'name="fraga" value="28"' in form and "Sysselsättning <span" in form
    assert 'name="text_28"' in form and ">Vad ska kompletteras i Sysselsättning?</label>" in form
    assert 'value="1.2"' not in form           # a helper field is no question of FK's form
    assert client.get("/intyg/no-such-certificate/ny-fraga").status_code == 404


def test_a_question_is_posted_to_webcert_and_kept(client, webcert):
    answer = ask(client, subject="KONTAKT", text="Ring Försäkringskassan.")
    assert answer.status_code == 303
    [posted] = webcert.posted
    assert {k: posted[k] for k in ("kind", "certificate_id", "subject", "text", "sent_at", "complement_references",
                                   "reminder_of")} == {
        "kind": "question", "certificate_id": CERTIFICATE_ID, "subject": "KONTAKT", "text": "Ring Försäkringskassan.",
        "sent_at": START.isoformat(), "complement_references": [], "reminder_of": None}
    page = page_of(client)
    assert "Frågan skickades till Webcert." in page
    [row] = re.findall(r'<tr data-testid="fk-question">(.*?)</tr>', page, re.S)
    assert "Kontakt" in row and "Ring Försäkringskassan." in row
    [sent] = client.get("/api/messages").get_json()["sent"]
    assert sent["id"] == posted["id"]


def test_a_complement_request_names_the_ticked_questions_with_their_texts(client, webcert):
    answer = ask(client, subject="KOMPLETTERING", text="Komplettera intyget.", fraga=["28", "32"],
                 text_28="Vilket arbete?", text_32="Ange grad.", text_6="ignored: not ticked")
    assert answer.status_code == 303
    assert webcert.posted[0]["complement_references"] == [{"question_id": "28", "text": "Vilket arbete?"},
                                                          {"question_id": "32", "text": "Ange grad."}]


@pytest.mark.parametrize("form,message", [
    ({"text": "Utan ämne."}, "Välj ett ämne."),
    ({"subject": "KONTAKT", "text": "  "}, "Skriv ett meddelande."),
    ({"subject": "KOMPLETTERING", "text": "K"}, "Välj minst en fråga i intyget som ska kompletteras."),
    ({"subject": "KOMPLETTERING", "text": "K", "fraga": ["28"]},
     "Skriv vad som ska kompletteras i frågan Sysselsättning."),
    ({"subject": "PAMINNELSE", "text": "P"}, "Välj vilken fråga påminnelsen gäller."),
])
def test_an_incomplete_question_is_not_sent(client, webcert, form, message):
    answer = ask(client, **form)
    assert answer.status_code == 400 and message in answer.get_data(as_text=True)
    assert webcert.posted == [] and client.get("/api/messages").get_json()["sent"] == []


def test_a_reminder_names_an_earlier_question_from_fk(client, webcert):
    ask(client, subject="OVRIGT", text="Hur går det?")
    first = webcert.posted[0]["id"]
    form = page_of(client, f"/intyg/{CERTIFICATE_ID}/ny-fraga")
    assert f'<option value="{first}"' in form and "Övrigt: Hur går det?" in form
    assert ask(client, subject="PAMINNELSE", text="Påminnelse.", reminder_of=first).status_code == 303
    assert webcert.posted[1]["reminder_of"] == first
    assert f'<option value="{webcert.posted[1]["id"]}"' not in page_of(client, f"/intyg/{CERTIFICATE_ID}/ny-fraga")
    assert "Påminnelse om: Övrigt: Hur går det?" in page_of(client)


@pytest.mark.parametrize("status", [400, 503])
def test_webcert_not_taking_it_is_said_and_nothing_kept(client, webcert, status):
    webcert.status = status
    answer = ask(client, subject="KONTAKT", text="Ring oss.")
    assert answer.status_code == 502
    text = answer.get_data(as_text=True)
    assert ("Webcert tog inte emot meddelandet: Nej tack." if status == 400 else "Webcert svarar inte.") in text
    assert "Ring oss." in text                  # what was typed stays in the form
    assert client.get("/api/messages").get_json()["sent"] == []


# -- the unit's questions and answers on the page ----------------------------------------------------

def test_the_units_question_is_answered_with_svara(client, webcert):
    question = unit_message(text="När är mötet?")
    client.post("/api/messages", json=question)
    page = page_of(client)
    [row] = re.findall(r'<tr data-testid="unit-question">(.*?)</tr>', page, re.S)
    assert "När är mötet?" in row and "Kontakt" in row and "<summary>Svara</summary>" in row
    assert ">Svar på frågan</label>" in row
    answer = client.post(f"/meddelanden/{question['message_id']}/svar",
                         data={"csrf_token": csrf_token(page), "text": "På tisdag."})
    assert answer.status_code == 303
    [posted] = webcert.posted
    assert {k: posted[k] for k in ("kind", "question_id", "text")} == \
        {"kind": "answer", "question_id": question["question_id"], "text": "På tisdag."}
    [row] = re.findall(r'<tr data-testid="unit-question">(.*?)</tr>', page_of(client), re.S)
    assert '<span data-testid="fk-answer">På tisdag.</span>' in row and "<summary>Svara</summary>" not in row


def test_an_empty_answer_is_not_sent(client, webcert):
    question = unit_message()
    client.post("/api/messages", json=question)
    answer = client.post(f"/meddelanden/{question['message_id']}/svar",
                         data={"csrf_token": csrf_token(page_of(client)), "text": " "})
    assert answer.status_code == 400 and "Skriv ett svar." in answer.get_data(as_text=True)
    assert webcert.posted == []
    assert client.post("/meddelanden/unknown/svar", data={"csrf_token": csrf_token(page_of(client)),
                                                           "text": "x"}).status_code == 404


def test_the_units_answer_is_shown_with_fks_question(client, webcert):
    ask(client, subject="AVSTAMNINGSMOTE", text="Kan ni delta i ett möte?")
    fk_question = webcert.posted[0]["id"]
    client.post("/api/messages", json=unit_message(kind="answer", question_id=fk_question, text="Ja, gärna."))
    [row] = re.findall(r'<tr data-testid="unit-answer">(.*?)</tr>', page_of(client), re.S)
    assert "Avstämningsmöte: Kan ni delta i ett möte?" in row and "Ja, gärna." in row


def test_forms_need_the_csrf_token(client, webcert):
    answer = client.post(f"/intyg/{CERTIFICATE_ID}/ny-fraga", data={"subject": "KONTAKT", "text": "x"})
    assert answer.status_code == 400 and webcert.posted == []
