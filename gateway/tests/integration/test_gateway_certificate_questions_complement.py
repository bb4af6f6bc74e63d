"""§7 "Svara på kompletteringsbegäran" (Figur 30–33, QA-9) through the gateway over the real
services: A "Komplettera intyg", B "Kan ej komplettera – Ingen ytterligare medicinsk information
kan anges" (doctors only), C "Kan ej komplettera – Ingen på vårdenheten kan ansvara för det
medicinska innehållet i intyget"; "Öppna utkastet"; the complement draft's framed questions and
"Signera och skicka"; the original afterwards."""
from __future__ import annotations

import re

from certificate_stack import ALFA_VARDCENTRAL, page_text
from messaging_stack import fk_asks
from question_page import location, open_page, panel, parse, post, question, token

# FK7804's form questions (certificate_types/fk7804.yaml): "1" Intyget är baserat på, "35"
# Funktionsnedsättning; "25" Övriga upplysningar takes scenario B's comment.
REFERENCES = {"1": "Ange vilken undersökning intyget bygger på.", "35": "Beskriv undersökningsfynden."}
OTHER_INFORMATION = "25"


def _requested(stack, user: str = "ingrid"):
    """A certificate of ingrid's on Alfa Vårdcentral, sent to FK, with FK's complement request;
    ``user`` on the same unit looks at it."""
    issuer = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    certificate = stack.signed_and_sent_to_fk(issuer)
    request_id = fk_asks(stack, certificate["id"], "KOMPLETTERING", "Intyget behöver kompletteras.",
                         references=REFERENCES)
    client = issuer if user == "ingrid" else stack.login(user, unit_id=ALFA_VARDCENTRAL)
    return client, certificate, request_id


def _draft_id(answer, original_id: str) -> str:
    path = location(answer)
    assert re.fullmatch(r"/intyg/[0-9a-f-]+", path) and path != f"/intyg/{original_id}", path
    return path.rsplit("/", 1)[-1]


def _sign_on_the_page(client, draft_id: str):
    """The draft's sign button ("Signera och skicka") with the version the page holds."""
    html = open_page(client, draft_id)
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    return client.post(f"/intyg/{draft_id}/signera", data={"csrf_token": token(html), "version": version})


# --- the request in the panel (Figur 30) ------------------------------------------------------

def test_a_complement_request_lists_its_form_questions_framed_with_fks_text(stack):
    client, certificate, request_id = _requested(stack)
    page = parse(open_page(client, certificate["id"]))
    card = page.one("questions-panel").one(f"question-{request_id}")
    assert card.one("question-subject").text == "Komplettering"
    first, second = card.one("question-reference-1"), card.one("question-reference-35")
    assert first.text == "Intyget är baserat på Ange vilken undersökning intyget bygger på."
    assert second.text == "Funktionsnedsättning Beskriv undersökningsfynden."
    # "Genom att klicka på inramningen scrollas intyget till frågans rubrik."
    assert first.attrs["href"] == "#fraga-1" and page.by_id("fraga-1").attrs["data-testid"] == "answer-1"
    assert "wc-complement-frame" in page.by_id("fraga-35").attrs["class"]
    assert card.one("complement-button").text == "Komplettera intyg"
    assert card.one("decline-button").text == "Kan ej komplettera"
    assert not card.has("answer-button")                 # answered with a certificate or scenario C


# --- A "Komplettera intyg" ---------------------------------------------------------------------

def test_scenario_a_end_to_end(stack):
    client, certificate, request_id = _requested(stack)
    draft_id = _draft_id(post(client, certificate["id"], f"arenden/{request_id}/komplettera"), certificate["id"])
    draft = parse(open_page(client, draft_id))
    # "Frågan som kompletteringen gäller är markerad med en orange ram och kompletteringsbegäran från
    # Försäkringskassan syns under frågan."
    frame = draft.one("complement-frame-35")
    assert "wc-complement-frame" in frame.attrs["class"] and frame.attrs["id"] == "fraga-35"
    assert frame.has("question-35")
    assert frame.one("complement-request-35").text.endswith("Beskriv undersökningsfynden.")
    assert draft.has("complement-frame-1") and not draft.has("complement-frame-17")
    assert draft.one("sign-button").text == "Signera och skicka"
    assert "Utkastet kompletterar ett tidigare intyg." in draft.one("certificate-relations").text
    beside = draft.one("questions-panel")                # the request beside the draft, to read
    assert beside.one(f"question-{request_id}").one("question-reference-35").attrs["href"] == "#fraga-35"
    assert not beside.has("complement-button") and not beside.has("ask-question")

    signed = _sign_on_the_page(client, draft_id)
    assert location(signed) == f"/intyg/{draft_id}"
    stack.settle()
    assert stack.certificates.get(stack.session_id(client), draft_id)["status"] == "SENT"   # also sent to FK
    original = parse(open_page(client, certificate["id"]))
    relation = original.one("relation-complemented-by")
    assert relation.text.startswith("Kompletteringsbegäran besvarades med ett nytt intyg")
    assert original.one("relation-link-complemented-by").attrs["href"] == f"/intyg/{draft_id}"
    card = original.one("questions-panel").one(f"question-{request_id}")
    assert "checked" in card.one("handled-checkbox").attrs
    assert not card.has("complement-button") and not card.has("decline-button")
    assert question(stack, client, certificate["id"], request_id)["handled"] is True


def test_oppna_utkastet_while_the_complement_draft_is_open(stack):
    """Figur 32 "Det finns ett påbörjat utkast"; a second "Komplettera intyg" goes to it."""
    client, certificate, request_id = _requested(stack)
    draft_id = _draft_id(post(client, certificate["id"], f"arenden/{request_id}/komplettera"), certificate["id"])
    stack.settle()
    card = panel(client, certificate["id"]).one(f"question-{request_id}")
    assert card.one("open-complement-draft").text == "Öppna utkastet"
    assert card.one("open-complement-draft").attrs["href"] == f"/intyg/{draft_id}"
    assert not card.has("complement-button")
    again = post(client, certificate["id"], f"arenden/{request_id}/komplettera")
    assert location(again) == f"/intyg/{draft_id}"


def test_a_care_administrator_creates_the_complement_draft_and_forwards_it(stack):
    """"Observera att vårdadministratörer endast kan skapa ett intygsutkast och vidarebefordra utkastet"."""
    client, certificate, request_id = _requested(stack, "karin")
    card = panel(client, certificate["id"]).one(f"question-{request_id}")
    assert card.has("complement-button")
    dialog = card.one("decline-dialog")                   # only C for her (B: "endast läkare")
    assert dialog.has("decline-no-one-responsible") and not dialog.has("decline-no-further-information")
    draft_id = _draft_id(post(client, certificate["id"], f"arenden/{request_id}/komplettera"), certificate["id"])
    draft = parse(open_page(client, draft_id))
    assert not draft.has("sign-button")
    assert draft.one("forward-link").text == "Vidarebefordra utkast"
    assert draft.has("complement-frame-35")


# --- "Kan ej komplettera" (Figur 31) -----------------------------------------------------------

def test_kan_ej_komplettera_is_a_page_of_its_own_without_script(stack):
    client, certificate, request_id = _requested(stack)
    answer = client.get(f"/intyg/{certificate['id']}/arenden/{request_id}/kan-ej-komplettera")
    assert answer.status_code == 200
    dialog = parse(page_text(answer)).one("decline-dialog")
    assert "open" in dialog.attrs
    labels = [label.text for label in dialog.all(tag="label")]
    assert "Ingen ytterligare medicinsk information kan anges" in labels
    assert "Ingen på vårdenheten kan ansvara för det medicinska innehållet i intyget" in labels
    assert dialog.one("decline-send").text == "Skicka svar"
    refused = client.post(f"/intyg/{certificate['id']}/arenden/{request_id}/kan-ej-komplettera",
                          data={"csrf_token": token(page_text(answer)), "text": "Något"})
    assert refused.status_code == 422
    assert parse(page_text(refused)).one("decline-error").text == "Välj ett av alternativen."


def test_scenario_b_makes_a_draft_with_the_comment_under_ovriga_upplysningar(stack):
    client, certificate, request_id = _requested(stack)
    path = f"/intyg/{certificate['id']}/arenden/{request_id}/kan-ej-komplettera"
    html = page_text(client.get(path))
    empty = client.post(path, data={"csrf_token": token(html), "choice": "NO_FURTHER_INFORMATION", "text": " "})
    assert empty.status_code == 422
    assert parse(page_text(empty)).one("decline-error").text == \
        "Kommentera varför du inte kan ange ytterligare medicinsk information."
    comment = "Patienten har inte kunnat undersökas igen; inget mer kan anges."
    answer = client.post(path, data={"csrf_token": token(html), "choice": "NO_FURTHER_INFORMATION", "text": comment})
    draft_id = _draft_id(answer, certificate["id"])
    draft = stack.certificates.get(stack.session_id(client), draft_id)
    assert comment in draft["content"][OTHER_INFORMATION]
    page = parse(open_page(client, draft_id))
    assert comment in page.one(f"question-{OTHER_INFORMATION}").text
    assert page.one("sign-button").text == "Signera och skicka"


def test_scenario_b_is_refused_to_a_care_administrator(stack):
    client, certificate, request_id = _requested(stack, "karin")
    answer = post(client, certificate["id"], f"arenden/{request_id}/kan-ej-komplettera",
                  choice="NO_FURTHER_INFORMATION", text="Inget mer.")
    assert location(answer) == f"/intyg/{certificate['id']}?arende={request_id}"
    assert "läkare" in panel(client, certificate["id"]).one("question-notice").text
    assert stack.certificates.get(stack.session_id(client), certificate["id"]).get("complement_draft") is None


def test_scenario_c_answers_with_a_message_and_makes_no_certificate(stack):
    client, certificate, request_id = _requested(stack)
    message = "Intygsutfärdaren har slutat och ingen annan kan ta ansvar för intyget."
    answer = post(client, certificate["id"], f"arenden/{request_id}/kan-ej-komplettera",
                  choice="NO_ONE_RESPONSIBLE", text=message)
    assert location(answer) == f"/intyg/{certificate['id']}?arende={request_id}"
    card = panel(client, certificate["id"]).one(f"question-{request_id}")
    assert message in card.one("question-answer").text
    assert "checked" in card.one("handled-checkbox").attrs
    assert not card.has("complement-button") and not card.has("decline-button")
    assert question(stack, client, certificate["id"], request_id)["handled"] is True
    view = stack.certificates.get(stack.session_id(client), certificate["id"])
    assert view["relations"]["children"] == [] and view.get("complement_draft") is None


def test_scenario_c_without_a_message_is_refused_in_the_dialog(stack):
    client, certificate, request_id = _requested(stack)
    answer = post(client, certificate["id"], f"arenden/{request_id}/kan-ej-komplettera",
                  choice="NO_ONE_RESPONSIBLE", text="")
    assert answer.status_code == 422
    dialog = parse(page_text(answer)).one("decline-dialog")
    assert dialog.one("decline-error").text == "Skriv ett meddelande innan du skickar."
    assert "checked" in dialog.one("decline-no-one-responsible").attrs
    assert question(stack, client, certificate["id"], request_id)["handled"] is False
