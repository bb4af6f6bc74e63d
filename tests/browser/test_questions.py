"""Ärendekommunikation (issue 7, manual §7) in a real browser, by the manual's steps and words, against
the embedded and the distributed system: Försäkringskassan is the FK simulator's page, the e-mail the
mail sink's page "E-post".

1. "Ställ en fråga till Försäkringskassan" ("Administrativa frågor"), FK's answer, the e-mail, "Hanterad".
2. "Svara på fråga från Försäkringskassan" from the tab "Ej hanterade ärenden" ("Öppna", "Svara").
3. "Påminnelse från Försäkringskassan": never answered, handled with the question it reminds of.
4. The counts beside the tab and in the header (Figur 26), and a workplace chosen in the list (Figur 27).
5. "Makulera" a certificate with open questions: they are handled (§5.10).
6. axe on the tab and on the panel with a question open.

Each test signs and sends its own certificate; the counts are compared with what they were before,
as the session's system is shared."""
from __future__ import annotations

import re
import uuid

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from question_helpers import (
    ask_administrative_question, answer_question, back_to_certificate, card_by_id, change_unit, fk_answers, fk_asks,
    fk_question_id, fk_unit_answer_row, mail_row, open_fk_simulator, open_mail_sink, open_unhandled_tab,
    other_units_count, question_card, questions_panel, reload_until_count, reload_until_gone,
    reload_until_visible, signed_and_sent, tab_count, unhandled_row, TOLVAN,
)
from webcert_pages import logged_in, open_certificate, revoke_certificate

AXE = Axe()


def unique(text: str) -> str:
    """A text no other test wrote, to find its own question on shared pages."""
    return f"{text} ({uuid.uuid4().hex[:8]})"


# --- 1. "Administrativa frågor" → FK answers → e-mail → "Hanterad" --------------------------------

def test_an_administrative_question_is_answered_by_fk_mailed_and_marked_handled(page, system):
    certificate_id = signed_and_sent(page)
    open_certificate(page, TOLVAN, certificate_id)
    question = unique("Kan vi boka ett avstämningsmöte nästa vecka?")

    ask_administrative_question(page, "Avstämningsmöte", question)
    # "När frågan har skickats visas den överst i listan med frågor och svar."
    expect(questions_panel(page).get_by_test_id("questions-notice")).to_contain_text(
        "Frågan är skickad till Försäkringskassan.")
    first = questions_panel(page).get_by_test_id("questions-list").locator("li.wc-qcard").first
    expect(first.get_by_test_id("question-text")).to_have_text(question)
    expect(first.get_by_test_id("question-subject")).to_have_text("Avstämningsmöte")
    expect(first.get_by_test_id("question-sender")).to_have_text("Vårdenheten")

    answer = unique("Ja, tisdag klockan tio passar.")
    fk_answers(page, question, answer)

    # "När Försäkringskassan svarar på en fråga som har ställts i Webcert skickas ett e-postmeddelande
    # till den vårdenhet ... som utfärdade det tillhörande intyget" -- with the link, nothing personal.
    open_mail_sink(page)
    mail = reload_until_visible(page, mail_row(page, "Svar från Försäkringskassan", certificate_id),
                                "the e-mail about FK's answer")
    expect(mail).to_have_count(1)
    expect(mail).to_contain_text("alfa.vardcentral@example.invalid")
    expect(mail).not_to_contain_text(TOLVAN)
    expect(mail).not_to_contain_text(answer)
    expect(mail.get_by_role("link")).to_have_attribute("href", re.compile(rf"/intyg/{certificate_id}$"))

    # "Titta på svaret och markera kryssrutan Hanterad när du är klar."
    back_to_certificate(page, certificate_id)
    card = question_card(page, question)
    reload_until_visible(page, card.get_by_test_id("question-answer").filter(has_text=answer), "FK's answer in Webcert")
    expect(card.get_by_test_id("question-answer")).to_contain_text("Svar från Försäkringskassan")
    handled = card.get_by_label("Hanterad", exact=True)
    expect(handled).not_to_be_checked()
    handled.check()
    expect(question_card(page, question).get_by_label("Hanterad", exact=True)).to_be_checked()
    expect(question_card(page, question)).to_have_class(re.compile(r"wc-qcard--handled"))

    # "för administrativa frågor ... en möjlighet finns då att aktivt kryssa ur checkboxen igen".
    question_card(page, question).get_by_label("Hanterad", exact=True).uncheck()
    expect(question_card(page, question).get_by_label("Hanterad", exact=True)).not_to_be_checked()
    expect(question_card(page, question)).not_to_have_class(re.compile(r"wc-qcard--handled"))

HANDLED = re.compile(r"\bwc-qcard--handled\b")


def back_to_tab(page) -> None:
    """Back in Webcert from a simulator's page: the tab "Ej hanterade ärenden"."""
    page.goto("/")
    open_unhandled_tab(page)


# --- 2. FK's Kontakt question, answered from the tab ----------------------------------------------

def test_a_kontakt_question_from_fk_is_opened_from_the_tab_and_answered(page, system):
    certificate_id = signed_and_sent(page)
    open_unhandled_tab(page)
    before = tab_count(page)
    question = unique("Patienten vill ha kontakt med er. Kan ni ringa handläggaren?")
    fk_asks(page, certificate_id, "Kontakt", question)
    question_id = fk_question_id(system, certificate_id, question)

    # "Intill fliken Ej hanterade ärenden visas antalet ej hanterade ärenden" (Figur 26).
    back_to_tab(page)
    reload_until_count(page, tab_count, before + 1, "the count beside the tab")
    row = unhandled_row(page, question_id)
    expect(row.get_by_test_id(f"sender-{question_id}")).to_have_text("Försäkringskassan")
    expect(row.get_by_test_id(f"subject-{question_id}")).to_have_text("Kontakt")
    expect(row.get_by_test_id(f"action-{question_id}")).not_to_be_empty()

    # "Under fliken Ej hanterade ärenden, klicka på knappen Öppna vid den fråga du vill besvara."
    row.get_by_test_id(f"open-{question_id}").click()
    page.wait_for_url(re.compile(rf"/intyg/{certificate_id}\b"))
    card = card_by_id(page, question_id)
    expect(card).to_be_visible()
    expect(card).to_have_attribute("aria-current", "true")
    expect(card.get_by_test_id("question-text")).to_have_text(question)
    expect(card.get_by_test_id("question-sender")).to_have_text("Försäkringskassan")

    answer = unique("Vi ringer handläggaren i morgon förmiddag.")
    answer_question(card, answer)
    card = card_by_id(page, question_id)
    expect(card.get_by_test_id("question-notice")).to_contain_text("Svaret är skickat.")
    # "När svaret har skickats markeras frågan automatiskt som Hanterad."
    expect(card).to_have_class(HANDLED)
    expect(card.get_by_test_id("question-answer")).to_contain_text(answer)
    expect(card.get_by_test_id("answer-button")).to_have_count(0)
    assert tab_count(page) == before

    open_unhandled_tab(page)
    expect(unhandled_row(page, question_id)).to_have_count(0)

    # Försäkringskassan has the answer, with the question it answers.
    open_fk_simulator(page)
    received = reload_until_visible(page, fk_unit_answer_row(page, answer), "the unit's answer at FK")
    expect(received).to_have_count(1)
    expect(received).to_contain_text(f"Kontakt: {question}")
    expect(received).to_contain_text(certificate_id)


# --- 3. "Påminnelse från Försäkringskassan" -------------------------------------------------------

def test_a_reminder_cannot_be_answered_and_is_handled_when_its_question_is(page, system):
    certificate_id = signed_and_sent(page)
    question = unique("Hur ser planen för återgång i arbete ut?")
    fk_asks(page, certificate_id, "Kontakt", question)
    reminder = unique("Vi påminner om vår fråga.")
    fk_asks(page, certificate_id, "Påminnelse", reminder, reminder_of=question[:30])
    question_id = fk_question_id(system, certificate_id, question)
    reminder_id = fk_question_id(system, certificate_id, reminder)

    back_to_tab(page)
    reload_until_visible(page, unhandled_row(page, reminder_id), "the reminder in the tab")
    expect(unhandled_row(page, question_id)).to_have_count(1)
    expect(page.get_by_test_id(f"subject-{reminder_id}")).to_have_text("Påminnelse")

    page.get_by_test_id(f"open-{reminder_id}").click()
    page.wait_for_url(re.compile(rf"/intyg/{certificate_id}\b"))
    reminded = card_by_id(page, reminder_id)
    expect(reminded.get_by_test_id("question-subject")).to_have_text("Påminnelse")
    # "Frågor med ämne Påminnelse kan inte besvaras".
    expect(reminded.get_by_test_id("answer-button")).to_have_count(0)
    expect(reminded).not_to_have_class(HANDLED)

    # "när du besvarat frågan påminnelsen avser kommer påminnelsen automatiskt markeras som Hanterad".
    answer_question(card_by_id(page, question_id), unique("Planen är heltid från nästa månad."))
    expect(card_by_id(page, question_id)).to_have_class(HANDLED)
    expect(card_by_id(page, reminder_id)).to_have_class(HANDLED)

    open_unhandled_tab(page)
    expect(unhandled_row(page, question_id)).to_have_count(0)
    expect(unhandled_row(page, reminder_id)).to_have_count(0)


# --- 4. the counts (Figur 26) and a workplace chosen in the list (Figur 27) -----------------------

def listed(count: int) -> str:
    """The list's own sentence about how many it holds."""
    return "1 ej hanterat ärende" if count == 1 else f"{count} ej hanterade ärenden"


def choose_workplace(page, label: str) -> None:
    """"välja om du vill se ärenden för hela vårdenheten eller för en specifik arbetsplats genom att
    välja i listan", then "Sök"."""
    page.get_by_label("Vårdenhet/arbetsplats").select_option(label=label)
    page.get_by_test_id("unhandled-filter").get_by_role("button", name="Sök", exact=True).click()
    page.wait_for_load_state()


def test_counts_beside_the_tab_and_for_the_other_units_and_a_workplace_chosen(page, system):
    logged_in(page, "Ingrid Holm", "Alfa Akutmottagning")
    akut_id = signed_and_sent(page, log_in=False)
    change_unit(page, "Alfa Vårdcentral, Mottagning Norr")
    norr_id = signed_and_sent(page, log_in=False)
    change_unit(page, "Alfa Vårdcentral")
    open_unhandled_tab(page)
    own_before, others_before = tab_count(page), other_units_count(page)

    akut_question = unique("Fråga om intyget från akutmottagningen.")
    fk_asks(page, akut_id, "Övrigt", akut_question)
    norr_question = unique("Fråga om intyget från Mottagning Norr.")
    fk_asks(page, norr_id, "Kontakt", norr_question)
    akut_qid = fk_question_id(system, akut_id, akut_question)
    norr_qid = fk_question_id(system, norr_id, norr_question)

    # "Om du har medarbetaruppdrag på flera vårdenheter visas antalet ej hanterade ärenden för de
    # andra vårdenheterna i sidhuvudet" -- and beside the tab, this unit's (with its workplaces).
    back_to_tab(page)
    reload_until_count(page, other_units_count, others_before + 1, "the header's count for the other units")
    reload_until_count(page, tab_count, own_before + 1, "the count beside the tab")
    expect(page.get_by_test_id("other-units-unhandled")).to_contain_text(
        f"Alfa Akutmottagning: {others_before + 1}")
    expect(unhandled_row(page, norr_qid)).to_have_count(1)
    expect(unhandled_row(page, akut_qid)).to_have_count(0)         # another unit's question
    expect(page.get_by_test_id("unhandled-list-count")).to_contain_text(listed(own_before + 1))

    choose_workplace(page, "Alfa Vårdcentral, Mottagning Norr")
    expect(page.get_by_label("Vårdenhet/arbetsplats")).to_have_value("TSTNMT2321000156-VE11-M1")
    expect(unhandled_row(page, norr_qid)).to_have_count(1)
    choose_workplace(page, "Alfa Vårdcentral, Mottagning Söder")
    expect(unhandled_row(page, norr_qid)).to_have_count(0)
    assert tab_count(page) == own_before + 1                         # the tab's count is the unit's

    # On the other unit the numbers change places.
    change_unit(page, "Alfa Akutmottagning")
    open_unhandled_tab(page)
    assert tab_count(page) == others_before + 1
    assert other_units_count(page) == own_before + 1
    expect(unhandled_row(page, akut_qid)).to_have_count(1)
    expect(unhandled_row(page, norr_qid)).to_have_count(0)


# --- 5. "Makulera" handles the certificate's open questions ----------------------------------------

def test_revoking_a_certificate_handles_its_open_questions(page, system):
    certificate_id = signed_and_sent(page)
    first = unique("Kan ni kontakta oss om sjukskrivningen?")
    second = unique("Vi föreslår ett avstämningsmöte.")
    fk_asks(page, certificate_id, "Kontakt", first)
    fk_asks(page, certificate_id, "Avstämningsmöte", second)
    first_id = fk_question_id(system, certificate_id, first)
    second_id = fk_question_id(system, certificate_id, second)

    back_to_tab(page)
    reload_until_visible(page, unhandled_row(page, first_id), "FK's first question in the tab")
    reload_until_visible(page, unhandled_row(page, second_id), "FK's second question in the tab")
    before = tab_count(page)

    page.get_by_test_id(f"open-{first_id}").click()
    page.wait_for_url(re.compile(rf"/intyg/{certificate_id}\b"))
    revoke_certificate(page, "Intyget har utfärdats på fel patient")
    expect(page.get_by_test_id("certificate-status")).to_have_text("Makulerat")

    open_unhandled_tab(page)
    reload_until_gone(page, unhandled_row(page, first_id), "the revoked certificate's questions out of the tab")
    expect(unhandled_row(page, second_id)).to_have_count(0)
    assert tab_count(page) == before - 2

    open_certificate(page, TOLVAN, certificate_id)
    for question_id in (first_id, second_id):
        card = card_by_id(page, question_id)
        expect(card).to_have_class(HANDLED)
        expect(card.get_by_test_id("answer-button")).to_have_count(0)
    expect(questions_panel(page).get_by_test_id("ask-question")).to_have_count(0)


# --- 6. axe ------------------------------------------------------------------------------------------

def violations(page) -> list[str]:
    results = AXE.run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


def test_the_tab_and_the_panel_with_a_question_open_have_no_axe_violations(page, system):
    certificate_id = signed_and_sent(page)
    question = unique("En fråga för tillgänglighetskontrollen.")
    fk_asks(page, certificate_id, "Övrigt", question)
    question_id = fk_question_id(system, certificate_id, question)

    back_to_tab(page)
    reload_until_visible(page, unhandled_row(page, question_id), "FK's question in the tab")
    assert violations(page) == []

    page.get_by_test_id(f"open-{question_id}").click()
    page.wait_for_url(re.compile(rf"/intyg/{certificate_id}\b"))
    card = card_by_id(page, question_id)
    card.get_by_text("Svara", exact=True).click()
    expect(card.get_by_label("Ditt svar")).to_be_visible()
    questions_panel(page).get_by_text("Administrativa frågor", exact=True).click()
    assert violations(page) == []
