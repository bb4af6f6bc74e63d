"""§7 Ärendekommunikation beside the certificate (Figur 28, 29; QA-1, QA-5 … QA-8, QA-10, QA-11)
through the gateway over the real services (certificate_stack.py, messaging_stack.py): FK's
questions come in through FK's adapter endpoint, the page shows what the messaging service
decides, and every button changes what the service holds. The complement request's three
scenarios are in test_gateway_certificate_questions_complement.py."""
from __future__ import annotations

from certificate_stack import ALFA_VARDCENTRAL, page_text
from messaging_stack import fk_answers, fk_asks
from question_page import location, open_page, panel, parse, post, question, question_ids, token, words
from webcert_common.service_client import ServiceResponse, ServiceUnavailable
from webcert_gateway.clients.messaging import MessagingClient


def _sent(stack, user: str = "ingrid"):
    client = stack.login(user, unit_id=ALFA_VARDCENTRAL) if user != "eva" else stack.login(user)
    return client, stack.signed_and_sent_to_fk(client)


def _autosave(client, certificate_id: str, path: str, body: dict):
    html = open_page(client, certificate_id)
    return client.put(f"/intyg/{certificate_id}/{path}", json=body, headers={"X-CSRFToken": token(html)})


# --- the panel ------------------------------------------------------------------------------

def test_a_certificate_sent_to_fk_shows_the_panel_beside_it_with_fks_question(stack):
    client, certificate = _sent(stack)
    question_id = fk_asks(stack, certificate["id"], "KONTAKT", "Kan ni ringa handläggaren?")
    page = parse(open_page(client, certificate["id"]))
    assert page.has("certificate-readonly")           # the certificate still shows, the panel beside it
    card = page.one("questions-panel").one(f"question-{question_id}")
    assert card.one("question-subject").text == "Kontakt"
    assert card.one("question-sender").text == "Försäkringskassan"
    assert card.one("question-text").text == "Kan ni ringa handläggaren?"
    assert card.one("question-date").text                         # Swedish date and time
    assert card.has("answer-button") and not card.has("complement-button")
    assert "checked" not in card.one("handled-checkbox").attrs


def test_the_panel_prints_the_certificate_too(stack):
    """Figur 28: from the panel one may "Skriva ut intyget" -- the same download as the header's."""
    client, certificate = _sent(stack)
    printing = panel(client, certificate["id"]).one("questions-print")
    assert printing.attrs["href"] == f"/intyg/{certificate['id']}/utskrift"
    answer = client.get(printing.attrs["href"])
    assert answer.status_code == 200 and answer.data.startswith(b"%PDF")


def test_a_signed_certificate_not_sent_to_fk_says_why_there_is_nothing_to_ask(stack):
    client = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    draft = stack.create_draft(client, "FK7804")
    stack.sign_draft(client, draft)
    stack.settle()
    box = panel(client, draft["id"])
    assert not box.has("ask-question")
    assert "skickats till Försäkringskassan" in box.one("questions-empty").text


def test_a_certificate_for_another_recipient_has_no_panel(stack):
    client = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    draft = stack.create_draft(client, "AG7804")
    stack.sign_draft(client, draft)
    assert not parse(open_page(client, draft["id"])).has("questions-panel")


def test_arende_in_the_address_highlights_that_question(stack):
    client, certificate = _sent(stack)
    first = fk_asks(stack, certificate["id"], "KONTAKT", "Första frågan.")
    second = fk_asks(stack, certificate["id"], "OVRIGT", "Andra frågan.")
    box = panel(client, certificate["id"], arende=first)
    assert box.one(f"question-{first}").attrs.get("aria-current") == "true"
    assert "wc-qcard--highlighted" in box.one(f"question-{first}").attrs["class"]
    assert "aria-current" not in box.one(f"question-{second}").attrs
    assert [c.attrs["data-testid"] for c in box.one("questions-list").all(tag="li")] == \
        [f"question-{q}" for q in question_ids(stack, client, certificate["id"])]   # the service's order


# --- "Svara" → "Skicka" (Figur 29) ------------------------------------------------------------------

def test_answering_a_kontakt_question_sends_it_and_handles_it(stack):
    client, certificate = _sent(stack)
    question_id = fk_asks(stack, certificate["id"], "KONTAKT", "Kan ni ringa handläggaren?")
    answer = post(client, certificate["id"], f"arenden/{question_id}/svar", text="Vi ringer i morgon förmiddag.")
    assert location(answer) == f"/intyg/{certificate['id']}?arende={question_id}"
    assert answer.headers["Location"].endswith(f"#arende-{question_id}")
    card = panel(client, certificate["id"], arende=question_id).one(f"question-{question_id}")
    assert "Vi ringer i morgon förmiddag." in card.one("question-answer").text
    assert "Svar från Vårdenheten" in card.one("question-answer").text
    assert card.one("question-handling").text == "Besvarad"
    assert not card.has("answer-button")
    # §7: "När svaret har skickats markeras frågan automatiskt som Hanterad."
    assert question(stack, client, certificate["id"], question_id)["handled"] is True


def test_an_empty_answer_is_refused_with_the_services_message_and_nothing_is_sent(stack):
    client, certificate = _sent(stack)
    question_id = fk_asks(stack, certificate["id"], "KONTAKT", "Kan ni ringa?")
    answer = post(client, certificate["id"], f"arenden/{question_id}/svar", text="   ")
    assert answer.status_code == 422
    card = parse(page_text(answer)).one("questions-panel").one(f"question-{question_id}")
    assert card.one("question-notice").text == "Skriv ett meddelande innan du skickar."
    assert card.has("answer-button")
    assert question(stack, client, certificate["id"], question_id)["answer"] is None


def test_an_answer_being_written_is_saved_and_there_again_on_the_next_visit(stack):
    """QA-1: "Du kan avbryta och återvända till Webcert senare för att skriva klart meddelandet.\""""
    client, certificate = _sent(stack)
    question_id = fk_asks(stack, certificate["id"], "AVSTAMNINGSMOTE", "Kan ni delta den 3 maj?")
    saved = _autosave(client, certificate["id"], f"arenden/{question_id}/svar/utkast", {"text": "Ja, klockan"})
    assert saved.status_code == 200 and saved.get_json()["message"] == "Meddelandet är sparat."
    again = stack.login("olle", unit_id=ALFA_VARDCENTRAL)         # another user of the unit, later
    reply = panel(again, certificate["id"]).one(f"answer-{question_id}")
    assert "open" in reply.attrs and reply.one("answer-text").text == "Ja, klockan"


def test_the_autosave_refuses_a_body_that_is_not_text(stack):
    client, certificate = _sent(stack)
    question_id = fk_asks(stack, certificate["id"], "KONTAKT", "Ring oss.")
    answer = _autosave(client, certificate["id"], f"arenden/{question_id}/svar/utkast", {"text": 12})
    assert answer.status_code == 400 and answer.get_json()["error"]["reason"] == "BAD_REQUEST"


# --- "Administrativa frågor" (QA-6) ---------------------------------------------------------------

def test_asking_an_administrative_question_puts_it_on_top_and_fks_answer_is_shown(stack):
    client, certificate = _sent(stack)
    fk_asks(stack, certificate["id"], "KONTAKT", "En äldre fråga.")
    box = panel(client, certificate["id"])
    assert box.one("ask-question-button").text == "Administrativa frågor"
    assert [o.text for o in box.one("ask-subject").all(tag="option")] == \
        ["Välj ämne", "Avstämningsmöte", "Kontakt", "Övrigt"]
    answer = post(client, certificate["id"], "arenden", subject="AVSTAMNINGSMOTE", text="När kan vi ses?")
    assert location(answer) == f"/intyg/{certificate['id']}"
    box = panel(client, certificate["id"])
    assert box.one("questions-notice").text == "Frågan är skickad till Försäkringskassan."
    top = box.one("questions-list").all(tag="li")[0]
    assert top.one("question-subject").text == "Avstämningsmöte"
    assert top.one("question-sender").text.startswith("Vårdenheten")
    assert top.one("question-text").text == "När kan vi ses?"
    assert not top.has("answer-button")                  # FK answers it
    unit_question = top.attrs["data-testid"].removeprefix("question-")
    fk_answers(stack, unit_question, "Den 3 maj klockan 10.")
    card = panel(client, certificate["id"]).one(f"question-{unit_question}")
    assert "Svar från Försäkringskassan" in card.one("question-answer").text
    assert "Den 3 maj klockan 10." in card.one("question-answer").text


def test_a_question_without_subject_is_refused_and_what_was_typed_stays(stack):
    client, certificate = _sent(stack)
    answer = post(client, certificate["id"], "arenden", subject="", text="Min fråga utan ämne.")
    assert answer.status_code == 422
    box = parse(page_text(answer)).one("questions-panel")
    assert box.one("questions-notice").attrs["data-color"] == "warning"
    assert box.one("ask-text").text == "Min fråga utan ämne."
    assert question_ids(stack, client, certificate["id"]) == []
    # QA-1: kept for a later visit too.
    assert panel(client, certificate["id"]).one("ask-text").text == "Min fråga utan ämne."


def test_the_question_being_written_is_saved_with_its_subject(stack):
    client, certificate = _sent(stack)
    saved = _autosave(client, certificate["id"], "arenden/utkast", {"subject": "OVRIGT", "text": "Halvfärdig"})
    assert saved.status_code == 200
    box = panel(client, certificate["id"])
    assert "open" in box.one("ask-question").attrs
    assert box.one("ask-text").text == "Halvfärdig"
    chosen = [o for o in box.one("ask-subject").all(tag="option") if "selected" in o.attrs]
    assert [o.text for o in chosen] == ["Övrigt"]


# --- "Hanterad" (QA-10) ------------------------------------------------------------------------------

def test_hanterad_on_an_administrative_question_can_be_ticked_and_unticked(stack):
    client, certificate = _sent(stack)
    question_id = fk_asks(stack, certificate["id"], "OVRIGT", "Klart via telefon.")
    answer = post(client, certificate["id"], f"arenden/{question_id}/hanterad", handled="true")
    assert location(answer) == f"/intyg/{certificate['id']}?arende={question_id}"
    card = panel(client, certificate["id"]).one(f"question-{question_id}")
    box = card.one("handled-checkbox")
    assert "checked" in box.attrs and "disabled" not in box.attrs          # "kryssa ur checkboxen igen"
    assert question(stack, client, certificate["id"], question_id)["handled"] is True
    post(client, certificate["id"], f"arenden/{question_id}/hanterad")       # the box unticked: not sent
    assert question(stack, client, certificate["id"], question_id)["handled"] is False
    card = panel(client, certificate["id"]).one(f"question-{question_id}")
    assert "checked" not in card.one("handled-checkbox").attrs


def test_hanterad_on_a_complement_request_asks_first_and_cannot_be_undone(stack):
    client, certificate = _sent(stack)
    question_id = fk_asks(stack, certificate["id"], "KOMPLETTERING", "Komplettera.",
                          references={"35": "Beskriv undersökningsfynden."})
    asked = post(client, certificate["id"], f"arenden/{question_id}/hanterad", handled="true")
    assert asked.status_code == 200
    box = parse(page_text(asked)).one("handled-dialog")
    # The messaging service's text: "detta val inte går att ångra vid ett senare tillfälle".
    assert "går det inte att ångra" in box.one("handled-confirmation").text
    assert question(stack, client, certificate["id"], question_id)["handled"] is False
    confirmed = client.post(f"/intyg/{certificate['id']}/arenden/{question_id}/hanterad",
                            data={"csrf_token": token(page_text(asked)), "handled": "true", "confirmed": "true"})
    assert location(confirmed) == f"/intyg/{certificate['id']}?arende={question_id}"
    card = panel(client, certificate["id"]).one(f"question-{question_id}")
    assert {"checked", "disabled"} <= set(card.one("handled-checkbox").attrs)
    assert not card.has("complement-button")
    undo = post(client, certificate["id"], f"arenden/{question_id}/hanterad")
    assert location(undo) == f"/intyg/{certificate['id']}?arende={question_id}"
    assert question(stack, client, certificate["id"], question_id)["handled"] is True
    assert "kan inte avmarkeras" in panel(client, certificate["id"]).one("question-notice").text


# --- "Vidarebefordra" (QA-8) -----------------------------------------------------------------------

def test_forwarding_is_a_mail_with_the_certificates_link_and_then_marked(stack):
    client, certificate = _sent(stack)
    question_id = fk_asks(stack, certificate["id"], "KONTAKT", "Ring oss.")
    card = panel(client, certificate["id"]).one(f"question-{question_id}")
    mailto = card.one("forward-question").attrs["href"]
    assert mailto.startswith("mailto:?subject=")
    assert f"%2Fintyg%2F{certificate['id']}" in mailto
    assert "19121212" not in mailto and "Tolvan" not in mailto          # no personal data
    assert card.one("forward-question-dialog").one("forward-question-yes").text == "Ja"
    post(client, certificate["id"], f"arenden/{question_id}/vidarebefordrad")
    assert question(stack, client, certificate["id"], question_id)["forwarded"] is True
    card = panel(client, certificate["id"]).one(f"question-{question_id}")
    assert card.one("question-forwarded").text == "Vidarebefordrad"


def test_with_e_legitimation_there_is_no_vidarebefordra(stack):
    client, certificate = _sent(stack, "eva")
    question_id = fk_asks(stack, certificate["id"], "KONTAKT", "Ring oss.")
    card = panel(client, certificate["id"]).one(f"question-{question_id}")
    assert card.has("answer-button") and not card.has("forward-question")


# --- Påminnelse (QA-11) and a revoked certificate (§5.10) -----------------------------------------

def test_a_reminder_cannot_be_answered_and_is_handled_when_its_question_is(stack):
    client, certificate = _sent(stack)
    question_id = fk_asks(stack, certificate["id"], "KONTAKT", "Ring oss.")
    reminder_id = fk_asks(stack, certificate["id"], "PAMINNELSE", "Påminnelse: ring oss.", reminder_of=question_id)
    reminder = panel(client, certificate["id"]).one(f"question-{reminder_id}")
    assert reminder.one("question-subject").text == "Påminnelse"
    assert not reminder.has("answer-button")
    post(client, certificate["id"], f"arenden/{question_id}/svar", text="Vi har ringt.")
    assert question(stack, client, certificate["id"], reminder_id)["handled"] is True
    reminder = panel(client, certificate["id"]).one(f"question-{reminder_id}")
    assert "wc-qcard--handled" in reminder.attrs["class"]
    assert "checked" in reminder.one("handled-checkbox").attrs


def test_revoking_the_certificate_handles_its_open_questions(stack):
    client, certificate = _sent(stack)
    question_id = fk_asks(stack, certificate["id"], "KONTAKT", "Ring oss.")
    stack.certificates.revoke(stack.session_id(client), certificate["id"], reason="FEL_PATIENT", message=None)
    stack.settle()
    box = panel(client, certificate["id"])
    card = box.one(f"question-{question_id}")
    assert card.one("question-handling").text == "Hanterad när intyget makulerades"
    assert not card.has("answer-button") and not box.has("ask-question")


# --- the messaging service away or refusing ------------------------------------------------------

class _Down:
    """The messaging service not answering at all."""

    def request(self, method, path, **_):
        raise ServiceUnavailable(f"{method} {path}: connection refused")


class _Refusing:
    """The messaging service refusing everything with one reason."""

    def request(self, method, path, **_):
        return ServiceResponse(403, {"error": {"reason": "CARE_PROVIDER_BLOCKED",
                                               "message": "Vårdgivaren är spärrad för ärendekommunikation."}}, {})


def test_the_certificate_shows_when_the_messaging_service_does_not_answer(stack):
    client, certificate = _sent(stack)
    stack.gateway.extensions["webcert_messaging"] = MessagingClient(_Down())
    page = parse(open_page(client, certificate["id"]))
    assert page.has("certificate-readonly")
    assert "ärendetjänsten inte svarar" in page.one("questions-error").text
    answer = client.post(f"/intyg/{certificate['id']}/arenden/x-1/svar",
                         data={"csrf_token": token(open_page(client, certificate["id"])), "text": "Hej"})
    assert location(answer) == f"/intyg/{certificate['id']}?arende=x-1"


def test_a_refusal_of_the_messaging_service_is_shown_in_its_words(stack):
    client, certificate = _sent(stack)
    stack.gateway.extensions["webcert_messaging"] = MessagingClient(_Refusing())
    page = parse(open_page(client, certificate["id"]))
    assert page.has("certificate-readonly")
    assert page.one("questions-error").text == "Vårdgivaren är spärrad för ärendekommunikation."


def test_pu_going_away_locks_answering_and_nothing_is_sent(stack):
    client, certificate = _sent(stack)
    question_id = fk_asks(stack, certificate["id"], "KONTAKT", "Ring oss.")
    html = open_page(client, certificate["id"])
    stack.register.make_unavailable()          # the gateway has not heard yet; the messaging service asks PU
    answer = client.post(f"/intyg/{certificate['id']}/arenden/{question_id}/svar",
                         data={"csrf_token": token(html), "text": "Vi ringer."})
    assert answer.status_code == 503
    assert "All hantering av intyg och ärendekommunikation i Webcert är låst" in words(page_text(answer))
    stack.register.make_available()
    assert question(stack, client, certificate["id"], question_id)["answer"] is None
