"""Ärendekommunikation (§7, issue 7) as browser steps: Försäkringskassan's side on the FK
simulator's operator page (plain HTML, in a tab of its own in the same browser), the unit's side
in Webcert ("Ej hanterade ärenden", the panel "Ärendekommunikation"), and the mail sink's "E-post".

What arrives through the bus shows only on the next page load, so a step that waits for it reloads
until the page shows it (a condition, never a fixed sleep)."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Locator, Page, expect

from tests.support.running_system import wait_until
from question_helpers import TOLVAN, signed_and_sent  # noqa: F401 (TOLVAN: for the tests)
from webcert_pages import DELIVERY_TIMEOUT_MS, sign, wait_for_status

ALFA_VARDCENTRAL = "Alfa Vårdcentral"
ALFA_VARDCENTRAL_EMAIL = "alfa.vardcentral@example.invalid"
UNHANDLED_TAB = re.compile(r"^Ej hanterade ärenden")
BUS_TIMEOUT_S = 60           # FK → messaging → queue → the page (and the e-mail through SMTP)


# --- Webcert: the certificate FK will ask about -----------------------------------------------------

def signed_and_sent_fk7804(page: Page, name: str = "Ingrid Holm") -> str:
    """§5.2 and "Skicka till Försäkringskassan": a doctor on Alfa Vårdcentral; its id once "Skickat"."""
    return signed_and_sent(page, ALFA_VARDCENTRAL, user=name)


def reload_until(page: Page, shown, timeout_s: float = BUS_TIMEOUT_S, what: str = "the page") -> None:
    """Reload ``page`` until ``shown()`` (a Locator: visible; a callable: true)."""
    def check():
        page.reload()
        page.wait_for_load_state()
        return shown.is_visible() if isinstance(shown, Locator) else shown()
    if not check():
        wait_until(check, timeout=timeout_s, interval=0.5, what=what)


# --- Försäkringskassan's side: the FK simulator's page --------------------------------------------

def fk_simulator(page: Page, system) -> Page:
    """Försäkringskassan's operator page, in a new tab of the same browser."""
    fk_page = page.context.new_page()
    fk_page.set_default_timeout(15_000)
    fk_page.goto(system.recipient_simulator_url("fk") + "/")
    expect(fk_page.get_by_role("heading", name="Försäkringskassan (simulerad)")).to_be_visible()
    return fk_page


def fk_received_certificate(fk_page: Page, certificate_id: str) -> Locator:
    """The certificate's row under "Mottagna intyg"."""
    return fk_page.get_by_test_id("recipient-certificate").filter(has_text=certificate_id)


def fk_asks_for_complement(fk_page: Page, certificate_id: str, message: str, references: dict[str, str]) -> None:
    """"Ny fråga från Försäkringskassan" on the certificate: Ämne Komplettering, the message, and
    for each form question (its label, as the form names it) a tick and FK's text; "Skicka"."""
    fk_page.get_by_role("link", name=f"Ny fråga från Försäkringskassan om intyget {certificate_id}").click()
    expect(fk_page.get_by_role("heading", name="Ny fråga från Försäkringskassan")).to_be_visible()
    form = fk_page.get_by_test_id("fk-question-form")
    form.get_by_role("group", name="Ämne").get_by_label("Komplettering", exact=True).check()
    form.get_by_label("Meddelande", exact=True).fill(message)
    complement = form.get_by_test_id("fk-complement")
    for label, text in references.items():
        complement.get_by_role("checkbox", name=re.compile(rf"^{re.escape(label)} \(fråga ")).check()
        complement.get_by_label(f"Vad ska kompletteras i {label}?", exact=True).fill(text)
    form.get_by_role("button", name="Skicka", exact=True).click()
    expect(fk_page.get_by_test_id("recipient-notice")).to_have_text("Frågan skickades till Webcert.")


# --- Webcert: "Ej hanterade ärenden" and the panel ------------------------------------------------

def open_unhandled_tab(page: Page) -> None:
    """§4.2: the tab "Ej hanterade ärenden" (its label carries the count)."""
    page.get_by_role("navigation", name="Flikar").get_by_role("link", name=UNHANDLED_TAB).click()
    expect(page.get_by_role("heading", name="Ej hanterade ärenden")).to_be_visible()


def unhandled_count(page: Page) -> int:
    """The number beside the tab "Ej hanterade ärenden" (QA-2), as the page shows it now."""
    text = page.get_by_test_id("unhandled-count").inner_text()
    match = re.fullmatch(r"\s*\((\d+)\)\s*", text)
    assert match, f"the tab's count reads {text!r}"
    return int(match.group(1))


def unhandled_row(page: Page, certificate_id: str) -> Locator:
    """The rows of the list whose "Öppna" leads to the certificate."""
    return page.locator("[data-testid^='unhandled-row-']").filter(
        has=page.locator(f"a[href*='/intyg/{certificate_id}']"))


def open_from_unhandled(page: Page, certificate_id: str) -> str:
    """§7 "Om du klickar på knappen Öppna vid ett ärende i översiktsbilden visas ärendet till höger om
    intyget": the question's id (the page names it in ``arende``)."""
    unhandled_row(page, certificate_id).get_by_role("link", name=re.compile(r"^Öppna")).click()
    page.wait_for_url(f"**/intyg/{certificate_id}?arende=*")
    expect(page.get_by_test_id("questions-panel")).to_be_visible()
    return parse_qs(urlsplit(page.url).query)["arende"][0]


def question_card(page: Page, question_id: str) -> Locator:
    return page.get_by_test_id("questions-panel").get_by_test_id(f"question-{question_id}")


def decline(page: Page, card: Locator, choice: str, text: str) -> None:
    """Figur 31: "Kan ej komplettera", the reason, the comment, "Skicka svar"."""
    card.get_by_role("link", name="Kan ej komplettera").click()
    dialog = page.get_by_test_id("decline-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label(choice, exact=True).check()
    dialog.get_by_label("Kommentar", exact=True).fill(text)
    dialog.get_by_role("button", name="Skicka svar").click()


def sign_and_send(page: Page) -> None:
    """§7 A/B: "Klicka på Signera och skicka för att skicka intyget till Försäkringskassan"."""
    expect(page.get_by_test_id("sign-button")).to_have_text("Signera och skicka")
    sign(page)
    wait_for_status(page, "Skickat", timeout=DELIVERY_TIMEOUT_MS)


# --- the mail sink's "E-post" ---------------------------------------------------------------------

def mail_page(page: Page) -> Page:
    """"Simulatorer" → "E-post", in a new tab."""
    mail = page.context.new_page()
    mail.set_default_timeout(15_000)
    mail.goto("/simulatorer/")
    mail.get_by_test_id("simulator-links").get_by_role("link", name="E-post", exact=True).click()
    expect(mail.get_by_role("heading", name="E-post (simulerad)")).to_be_visible()
    return mail
