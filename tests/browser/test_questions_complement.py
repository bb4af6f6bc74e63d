"""§7 "Svara på kompletteringsbegäran" (Figur 30–33, QA-7, QA-9) in a real browser, as a newcomer
follows the manual: Försäkringskassan asks for a complement on its simulator's page, the unit sees
it under "Ej hanterade ärenden" and in the panel "Ärendekommunikation", and answers it with
"Komplettera intyg" (scenario A) or "Kan ej komplettera" (B: a new certificate with a comment; C: a
message, no new certificate); a vårdadministratör only creates and forwards the draft. The e-mail
to the unit is on the mail sink's "E-post" page. Against the embedded and the distributed system.

Each test signs and sends its own certificate; the session's state is shared, so every list is
searched by the certificate's id and the tab's count is compared with itself before the request."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from question_pages import (
    ALFA_VARDCENTRAL, ALFA_VARDCENTRAL_EMAIL, TOLVAN, decline, fk_asks_for_complement, fk_received_certificate,
    fk_simulator, mail_page, open_from_unhandled, open_unhandled_tab, question_card, reload_until, sign_and_send,
    signed_and_sent_fk7804, unhandled_count, unhandled_row,
)
from webcert_pages import log_out, logged_in, wait_until_saved

MESSAGE = "Vi behöver mer information för att kunna bedöma rätten till sjukpenning."
# FK7804's form questions by their labels in the form (35, 17).
REFERENCES = {"Funktionsnedsättning": "Beskriv undersökningsfynden mer utförligt.",
              "Aktivitetsbegränsning": "Ange vilka arbetsuppgifter patienten inte klarar."}
ONE_REFERENCE = {"Funktionsnedsättning": "Beskriv undersökningsfynden mer utförligt."}
NO_FURTHER_INFORMATION = "Ingen ytterligare medicinsk information kan anges"
NO_ONE_RESPONSIBLE = "Ingen på vårdenheten kan ansvara för det medicinska innehållet i intyget"


def personnummer_forms(personnummer: str) -> set[str]:
    digits = re.sub(r"\D", "", personnummer)
    return {personnummer, digits, digits[2:], f"{digits[2:8]}-{digits[8:]}"}


def requested(page, system, references=ONE_REFERENCE):
    """A certificate signed and sent to FK, and FK's complement request on it from the simulator's
    page, once Webcert's tab counts it. (certificate id, FK's page, the tab's count before)."""
    certificate_id = signed_and_sent_fk7804(page)
    open_unhandled_tab(page)
    before = unhandled_count(page)
    fk_page = fk_simulator(page, system)
    fk_asks_for_complement(fk_page, certificate_id, MESSAGE, references)
    # The list and the tab's count are asked for one after the other: wait for both on one page.
    reload_until(page, lambda: (unhandled_count(page) == before + 1
                                and unhandled_row(page, certificate_id).count() == 1),
                 what="the request listed and counted in the tab")
    return certificate_id, fk_page, before


def handled_on_the_original(page, question_id: str, handling: str) -> None:
    card = question_card(page, question_id)
    reload_until(page, lambda: card.get_by_test_id("handled-checkbox").is_checked(), what="the request handled")
    expect(card.get_by_test_id("question-handling")).to_contain_text(handling)
    expect(card.get_by_role("button", name="Komplettera intyg")).to_have_count(0)
    expect(card.get_by_role("link", name="Kan ej komplettera")).to_have_count(0)


# --- A "Komplettera intyg" ---------------------------------------------------------------------------

def test_scenario_a_fk_asks_the_unit_complements_signs_and_sends_and_the_unit_gets_an_email(page, system):
    certificate_id, fk_page, before = requested(page, system, REFERENCES)

    # "Ej hanterade ärenden": what is needed, from whom, about what.
    row = unhandled_row(page, certificate_id)
    expect(row.get_by_test_id(re.compile(r"^action-"))).to_have_text("Komplettera")
    expect(row.get_by_test_id(re.compile(r"^sender-"))).to_have_text("Försäkringskassan")
    expect(row.get_by_test_id(re.compile(r"^subject-"))).to_have_text("Komplettering")
    question_id = open_from_unhandled(page, certificate_id)

    # Figur 30: the request beside the certificate, its form questions framed with FK's text.
    card = question_card(page, question_id)
    expect(card.get_by_test_id("question-subject")).to_have_text("Komplettering")
    expect(card.get_by_test_id("question-text")).to_have_text(MESSAGE)
    for qid, (label, text) in zip(("35", "17"), REFERENCES.items()):
        reference = card.get_by_test_id(f"question-reference-{qid}")
        expect(reference).to_contain_text(label)
        expect(reference).to_contain_text(text)
        expect(reference).to_have_attribute("href", f"#fraga-{qid}")
    expect(card.get_by_role("link", name="Kan ej komplettera")).to_be_visible()

    # "Komplettera intyg": "En kopia av intyget skapas som ett nytt intygsutkast" with the question framed.
    card.get_by_role("button", name="Komplettera intyg").click()
    page.wait_for_url(lambda url: "/intyg/" in url and certificate_id not in url)
    draft_id = page.url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    expect(page.get_by_test_id("certificate-status")).to_have_text("Utkast")
    expect(page.get_by_test_id("relation-parent-complement")).to_contain_text("kompletterar ett tidigare intyg")
    for qid, text in zip(("35", "17"), REFERENCES.values()):
        frame = page.get_by_test_id(f"complement-frame-{qid}")
        expect(frame.get_by_test_id(f"question-{qid}")).to_be_visible()
        request = frame.get_by_test_id(f"complement-request-{qid}")
        expect(request).to_contain_text("Kompletteringsbegäran från Försäkringskassan")
        expect(request).to_contain_text(text)
    expect(page.get_by_test_id("complement-frame-29")).to_have_count(0)      # not asked about
    findings = page.locator("#f-35")
    expect(findings).to_have_value("Feber och hosta.")                    # the content came along
    findings.fill("Feber och hosta. Auskultation: rassel basalt höger. Saturation 94 %.")
    wait_until_saved(page)
    sign_and_send(page)

    # Försäkringskassan has the new certificate.
    reload_until(fk_page, fk_received_certificate(fk_page, draft_id), what="the new certificate at FK")

    # Figur 33: the original says so and links to the new one; the request is handled.
    page.get_by_test_id("relation-parent-complement").get_by_role("link").click()
    page.wait_for_url(f"**/intyg/{certificate_id}")
    relation = page.get_by_test_id("relation-complemented-by")
    reload_until(page, relation, what="the original's relation to the new certificate")
    expect(relation).to_contain_text("Kompletteringsbegäran besvarades med ett nytt intyg")
    expect(page.get_by_test_id("relation-link-complemented-by")).to_have_attribute("href", f"/intyg/{draft_id}")
    handled_on_the_original(page, question_id, "besvarades med ett nytt intyg")
    open_unhandled_tab(page)
    reload_until(page, lambda: unhandled_count(page) == before and unhandled_row(page, certificate_id).count() == 0,
                 what="the request off the list and the tab's count back")

    # QA-7: an e-mail to the unit with a link to the certificate, nothing about the patient or the question.
    mail = mail_page(page)
    message = mail.get_by_test_id("mail-message").filter(has_text=f"/intyg/{certificate_id}")
    reload_until(mail, message.first, what="the e-mail to the unit")
    expect(message).to_have_count(1)
    expect(message).to_contain_text(ALFA_VARDCENTRAL_EMAIL)
    link = message.locator(f"a[href$='/intyg/{certificate_id}']")
    expect(link).to_have_text(re.compile(f"^http.*/intyg/{certificate_id}$"))
    body = message.inner_text()
    for secret in (*personnummer_forms(TOLVAN), MESSAGE, *REFERENCES.values()):
        assert secret not in body, f"the e-mail tells {secret!r}"


# --- B "Ingen ytterligare medicinsk information kan anges" -------------------------------------------

def test_scenario_b_the_comment_goes_under_ovriga_upplysningar_of_a_new_certificate(page, system):
    certificate_id, fk_page, before = requested(page, system)
    question_id = open_from_unhandled(page, certificate_id)
    comment = "Patienten har inte kommit på återbesök; inga nya fynd finns att redovisa."

    decline(page, question_card(page, question_id), NO_FURTHER_INFORMATION, comment)
    # "När du skickar svaret skapas en kopia av intyget med din kommentar i fältet Övriga upplysningar."
    page.wait_for_url(lambda url: "/intyg/" in url and certificate_id not in url)
    draft_id = page.url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    expect(page.get_by_test_id("relation-parent-complement")).to_be_visible()
    other_information = page.get_by_test_id("question-25")
    expect(other_information).to_contain_text("Övriga upplysningar")
    expect(page.locator("#f-25")).to_have_value(re.compile(re.escape(comment)))
    sign_and_send(page)

    reload_until(fk_page, fk_received_certificate(fk_page, draft_id), what="the new certificate at FK")
    page.get_by_test_id("relation-parent-complement").get_by_role("link").click()
    page.wait_for_url(f"**/intyg/{certificate_id}")
    link = page.get_by_test_id("relation-link-complemented-by")
    reload_until(page, link, what="the original's relation to the new certificate")
    expect(link).to_have_attribute("href", f"/intyg/{draft_id}")
    handled_on_the_original(page, question_id, "besvarades med ett nytt intyg")
    open_unhandled_tab(page)
    reload_until(page, lambda: unhandled_count(page) == before, what="the tab's count back")


# --- C "Ingen på vårdenheten kan ansvara för det medicinska innehållet i intyget" --------------------

def test_scenario_c_a_message_answers_the_request_and_no_new_certificate_is_made(page, system):
    certificate_id, fk_page, before = requested(page, system)
    question_id = open_from_unhandled(page, certificate_id)
    text = "Intygsskrivande läkare har slutat; ingen på vårdenheten kan ansvara för innehållet."

    certificates_at_fk = len(system.recipient_received("fk")["certificates"])
    decline(page, question_card(page, question_id), NO_ONE_RESPONSIBLE, text)
    # "Meddelandet skickas som ett svar på kompletteringsbegäran"; no new certificate.
    page.wait_for_url(f"**/intyg/{certificate_id}?arende={question_id}*")
    card = question_card(page, question_id)
    expect(card.get_by_test_id("question-notice")).to_have_text("Svaret är skickat.")
    expect(card.get_by_test_id("question-answer")).to_contain_text(text)
    handled_on_the_original(page, question_id, "Besvarad")
    expect(page.get_by_test_id("relation-complemented-by")).to_have_count(0)
    expect(card.get_by_test_id("open-complement-draft")).to_have_count(0)
    open_unhandled_tab(page)
    reload_until(page, lambda: unhandled_count(page) == before, what="the tab's count back")

    # Försäkringskassan has the unit's answer, and only the one certificate.
    answer = fk_page.get_by_test_id("unit-answer").filter(has_text=certificate_id)
    reload_until(fk_page, answer.first, what="the unit's answer at FK")
    expect(answer).to_have_count(1)
    expect(answer).to_contain_text(text)
    expect(answer).to_contain_text(MESSAGE)                    # FK's question it answers
    assert len(system.recipient_received("fk")["certificates"]) == certificates_at_fk


# --- a vårdadministratör -------------------------------------------------------------------------

def test_a_care_administrator_creates_the_complement_draft_and_can_only_forward_it(page, system):
    """"Observera att vårdadministratörer endast kan skapa ett intygsutkast och vidarebefordra utkastet";
    scenario B is for doctors only."""
    certificate_id, _fk_page, _before = requested(page, system)
    log_out(page)
    logged_in(page, "Karin Admin", ALFA_VARDCENTRAL)
    open_unhandled_tab(page)
    question_id = open_from_unhandled(page, certificate_id)
    card = question_card(page, question_id)
    expect(card.get_by_role("button", name="Komplettera intyg")).to_be_visible()

    card.get_by_role("link", name="Kan ej komplettera").click()
    dialog = page.get_by_test_id("decline-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label(NO_ONE_RESPONSIBLE, exact=True)).to_be_visible()
    expect(dialog.get_by_label(NO_FURTHER_INFORMATION, exact=True)).to_have_count(0)
    dialog.get_by_role("button", name="Avbryt").click()
    expect(dialog).to_be_hidden()

    card.get_by_role("button", name="Komplettera intyg").click()
    page.wait_for_url(lambda url: "/intyg/" in url and certificate_id not in url)
    expect(page.get_by_test_id("complement-frame-35")).to_be_visible()
    expect(page.get_by_role("link", name="Vidarebefordra utkast")).to_be_visible()
    expect(page.get_by_test_id("sign-button")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Signera"))).to_have_count(0)
