"""Ärendekommunikation (§7) as a newcomer does it in the browser: the certificate signed and sent to
Försäkringskassan, FK's side on the FK simulator's page ("Ny fråga från Försäkringskassan", "Svara"),
the mail sink's page "E-post", the tab "Ej hanterade ärenden" and the panel "Ärendekommunikation".

What FK sends reaches Webcert through the bus, so the pages that show it are reloaded until they do
(a condition with a deadline, never a sleep). The only thing read outside the pages is FK's id of a
question, from the FK simulator's own list: the tab's rows name neither the text nor the patient."""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import requests
from playwright.sync_api import Locator, Page, expect

from certificate_filler import fill_certificate
from tests.support.running_system import wait_until
from webcert_certificate.examples import example_content
from webcert_pages import (
    PATIENTS, create_certificate, logged_in, open_certificate, pick_unit, search_patient, send_to_recipient, sign,
    wait_for_status,
)

TOLVAN = PATIENTS["Tolvan Tolvansson"]["personnummer"]
# FK's messages and the unit's go through queues, a worker and (for e-mail) SMTP.
ARRIVAL_TIMEOUT_S = 60.0
COUNT = re.compile(r"\((\d+)\)")


def today():
    return datetime.now(ZoneInfo("Europe/Stockholm")).date()


# --- Webcert: the certificate -----------------------------------------------------------------

def signed_and_sent(page: Page, unit: str = "Alfa Vårdcentral", *, log_in: bool = True,
                    user: str = "Ingrid Holm") -> str:
    """§7 "När ett intyg har signerats och skickats till Försäkringskassan kan ärendekommunikation
    initieras": ``user`` writes, signs and sends (the consent dialog) an FK7804 for Tolvan on
    ``unit``; its id once it is "Skickat"."""
    if log_in:
        logged_in(page, user, unit)
    search_patient(page, TOLVAN)
    certificate_id = create_certificate(page, "FK7804")
    fill_certificate(page, "FK7804", example_content("FK7804", today()))
    sign(page)
    send_to_recipient(page)
    wait_for_status(page, "Skickat")
    return certificate_id


def change_unit(page: Page, unit: str) -> None:
    """§4.1 "Byt vårdenhet" in the header."""
    page.get_by_role("link", name="Byt vårdenhet").click()
    pick_unit(page, unit)
    expect(page.get_by_test_id("header-unit")).to_contain_text(unit)


def questions_panel(page: Page) -> Locator:
    return page.get_by_test_id("questions-panel")


def question_card(page: Page, text: str) -> Locator:
    """A question of the panel, by the text it was asked with."""
    return questions_panel(page).locator("li.wc-qcard").filter(
        has=page.get_by_test_id("question-text").filter(has_text=text))


def card_by_id(page: Page, question_id: str) -> Locator:
    return page.get_by_test_id(f"question-{question_id}")


def reload_until_visible(page: Page, locator: Locator, what: str, timeout: float = ARRIVAL_TIMEOUT_S) -> Locator:
    """Reload the page until ``locator`` shows (what FK sent has come through the bus)."""
    def shown():
        if locator.count() and locator.first.is_visible():
            return True
        page.reload()
        page.wait_for_load_state()
        return locator.count() > 0 and locator.first.is_visible()
    wait_until(shown, timeout=timeout, interval=0.5, what=what)
    return locator


def reload_until_gone(page: Page, locator: Locator, what: str, timeout: float = ARRIVAL_TIMEOUT_S) -> None:
    def gone():
        page.reload()
        page.wait_for_load_state()
        return locator.count() == 0
    wait_until(gone, timeout=timeout, interval=0.5, what=what)


def ask_administrative_question(page: Page, subject_label: str, text: str) -> None:
    """§7 "Ställ en fråga till Försäkringskassan": "Klicka på knappen Administrativa frågor", "Skriv
    din fråga i textfältet, välj ämne och klicka på Skicka"."""
    panel = questions_panel(page)
    panel.get_by_text("Administrativa frågor", exact=True).click()
    ask = panel.get_by_test_id("ask-question")
    ask.get_by_label("Din fråga").fill(text)
    ask.get_by_label("Välj ämne").select_option(label=subject_label)
    ask.get_by_role("button", name="Skicka", exact=True).click()
    page.wait_for_load_state()


def answer_question(card: Locator, text: str) -> None:
    """§7 "Klicka på Svara vid den fråga du vill besvara. Fyll i ditt svar i textfältet och klicka
    på knappen Skicka"."""
    card.get_by_text("Svara", exact=True).click()
    card.get_by_label("Ditt svar").fill(text)
    card.get_by_role("button", name="Skicka", exact=True).click()


# --- Webcert: the tab and the header ------------------------------------------------------------

def tab_count(page: Page) -> int:
    """The number beside the tab "Ej hanterade ärenden" (Figur 26)."""
    text = page.get_by_test_id("unhandled-count").inner_text()
    match = COUNT.search(text)
    assert match, f"no count beside the tab: {text!r}"
    return int(match.group(1))


def other_units_count(page: Page) -> int:
    """The header's "Ej hanterade ärenden på andra vårdenheter" (AUTH-6)."""
    return int(page.get_by_test_id("other-units-unhandled-total").inner_text())


# The tab's name carries its count: "Ej hanterade ärenden (2)" (Figur 26).
UNHANDLED_TAB = re.compile(r"^Ej hanterade ärenden(?: \(\d+\))?$")


def open_unhandled_tab(page: Page) -> None:
    page.get_by_role("navigation", name="Flikar").get_by_role("link", name=UNHANDLED_TAB).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ej hanterade ärenden")


def reload_until_count(page: Page, read, expected: int, what: str, timeout: float = ARRIVAL_TIMEOUT_S) -> None:
    """Reload until ``read(page)`` gives ``expected`` (the counts are the page's, asked per request)."""
    def right():
        page.reload()
        page.wait_for_load_state()
        return read(page) == expected
    wait_until(right, timeout=timeout, interval=0.5, what=f"{what} == {expected}")


def unhandled_row(page: Page, question_id: str) -> Locator:
    return page.get_by_test_id(f"unhandled-row-{question_id}")


# --- Försäkringskassan's simulator ----------------------------------------------------------------

def open_simulator(page: Page, link: str) -> None:
    """"Simulatorer" (linked from the start page), then the simulator by its name."""
    page.goto("/simulatorer/")
    page.get_by_test_id("simulator-links").get_by_role("link", name=link, exact=True).click()
    page.wait_for_load_state()


def open_fk_simulator(page: Page) -> None:
    open_simulator(page, "Försäkringskassan")
    expect(page.get_by_role("heading", name="Försäkringskassan (simulerad)")).to_be_visible()


def fk_asks(page: Page, certificate_id: str, subject_label: str, text: str, *, reminder_of: str | None = None) -> None:
    """On FK's page: "Ny fråga från Försäkringskassan" at the received certificate, Ämne, Meddelande
    (a Påminnelse also chooses the earlier question, by the start of its text), Skicka."""
    open_fk_simulator(page)
    page.get_by_role("link", name=f"Ny fråga från Försäkringskassan om intyget {certificate_id}").click()
    expect(page.get_by_role("heading", name="Ny fråga från Försäkringskassan")).to_be_visible()
    form = page.get_by_test_id("fk-question-form")
    form.get_by_label(subject_label, exact=True).check()
    form.get_by_label("Meddelande", exact=True).fill(text)
    if reminder_of is not None:
        select = form.get_by_label("Påminnelse: gäller frågan")
        label = next(o for o in select.locator("option").all_inner_texts() if reminder_of in o)
        select.select_option(label=label)
    form.get_by_role("button", name="Skicka", exact=True).click()
    expect(page.get_by_text("Frågan skickades till Webcert.")).to_be_visible()


def fk_unit_question_row(page: Page, text: str) -> Locator:
    """FK's page, "Frågor från vårdenheten": the unit's question as FK received it."""
    return page.get_by_test_id("unit-question").filter(has_text=text)


def fk_unit_answer_row(page: Page, text: str) -> Locator:
    return page.get_by_test_id("unit-answer").filter(has_text=text)


def fk_answers(page: Page, question_text: str, answer: str) -> None:
    """FK's "Svara" on the unit's question, once it has arrived at FK."""
    open_fk_simulator(page)
    row = reload_until_visible(page, fk_unit_question_row(page, question_text), "the unit's question at FK")
    row.get_by_text("Svara", exact=True).click()
    row.get_by_label("Svar på frågan").fill(answer)
    row.get_by_role("button", name="Skicka", exact=True).click()
    expect(page.get_by_text("Svaret skickades till Webcert.")).to_be_visible()


def fk_question_id(system, certificate_id: str, text: str) -> str:
    """FK's id of a question it sent (Webcert keeps FK's id as the question's id)."""
    response = requests.get(system.recipient_simulator_url("fk") + "/api/messages", timeout=10)
    response.raise_for_status()
    sent = [m for m in response.json()["sent"]
            if m.get("kind") == "question" and m.get("certificate_id") == certificate_id and m.get("text") == text]
    assert len(sent) == 1, sent
    return sent[0]["id"]


# --- the mail sink ----------------------------------------------------------------------------

def mail_row(page: Page, subject: str, certificate_id: str) -> Locator:
    """The "E-post" page's message with this subject that links to the certificate."""
    return page.get_by_test_id("mail-message").filter(has_text=subject).filter(has_text=f"/intyg/{certificate_id}")


def open_mail_sink(page: Page) -> None:
    open_simulator(page, "E-post")
    expect(page.get_by_role("heading", name="E-post (simulerad)")).to_be_visible()


def back_to_certificate(page: Page, certificate_id: str) -> None:
    """Back in Webcert (the session is kept): Sök/skriv intyg, the patient, "Öppna" at the certificate."""
    page.goto("/")
    open_certificate(page, TOLVAN, certificate_id)
