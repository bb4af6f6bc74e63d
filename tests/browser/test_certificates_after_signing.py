"""After signing (issue 5) in a real browser, by the manual's steps and words: § "Skicka intyg till
intygsmottagaren" (CERT-9), "Förnya intyg" (CERT-11), "Ersätta intyg" (CERT-12), "Makulera intyg
eller låst utkast" (CERT-13), against the embedded and the distributed system with the recipient
simulators.

Each test signs its own certificates and finds them by id: the session's state is shared."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from certificate_filler import fill_certificate
from tests.support.running_system import wait_until
from webcert_certificate.examples import example_content
from webcert_pages import (
    DELIVERY_TIMEOUT_MS, PATIENTS, create_certificate, header_dialog, logged_in, open_certificate,
    revoke_certificate, search_patient, send_to_recipient, sign, wait_for_status,
)

TOLVAN = PATIENTS["Tolvan Tolvansson"]["personnummer"]
WRONG_PATIENT = "Intyget har utfärdats på fel patient"


def today():
    return datetime.now(ZoneInfo("Europe/Stockholm")).date()


def signed(page, code: str = "FK7804", content: dict | None = None) -> str:
    """Ingrid Holm on Alfa Vårdcentral writes and signs a certificate for Tolvan; its id."""
    logged_in(page, "Ingrid Holm", "Alfa Vårdcentral")
    search_patient(page, TOLVAN)
    certificate_id = create_certificate(page, code)
    fill_certificate(page, code, content or example_content(code, today()))
    sign(page)
    return certificate_id


def received(system, recipient: str, certificate_id: str) -> list[dict]:
    """What the recipient's simulator has stored of this certificate (one row per delivery)."""
    return [r for r in system.recipient_received(recipient)["certificates"] if r["certificate"]["id"] == certificate_id]


def revocations_received(system, recipient: str, certificate_id: str) -> list[dict]:
    return [r for r in system.recipient_received(recipient)["revocations"] if r["certificate_id"] == certificate_id]


# --- 1. "Skicka till Försäkringskassan" -----------------------------------------------------------

def test_a_signed_fk7804_is_sent_to_forsakringskassan_after_the_patients_consent(page, system):
    certificate_id = signed(page)
    expect(page.get_by_test_id("certificate-status")).to_have_text("Signerat")
    open_certificate(page, TOLVAN, certificate_id)          # as the manual's steps 2-3

    send_to_recipient(page)
    # "När ett intyg har skickats till mottagaren ändras statusen till Skickat".
    wait_for_status(page, "Skickat")
    expect(page.get_by_test_id("sent-at")).not_to_be_empty()
    expect(page.get_by_test_id("send-button")).to_have_count(0)
    assert len(received(system, "fk", certificate_id)) == 1

    # Still "Skickat" from the patient's list, and still stored once.
    search_patient(page, TOLVAN)
    expect(page.get_by_test_id(f"status-{certificate_id}")).to_have_text("Skickat")
    assert len(received(system, "fk", certificate_id)) == 1


# --- 2. the recipient is down: pending, then sent when it is back ---------------------------------

def test_sending_waits_while_forsakringskassan_is_down_and_arrives_once_when_it_is_back(page, system):
    certificate_id = signed(page)
    system.set_recipient_mode("fk", "down")
    try:
        send_to_recipient(page)
        delivery = page.get_by_test_id("delivery-status")
        expect(delivery).to_have_attribute("data-state", "pending")
        expect(delivery).to_contain_text("Intyget skickas till Försäkringskassan.")
        expect(page.get_by_test_id("certificate-status")).to_have_text("Signerat")
        expect(page.get_by_test_id("send-button")).to_have_count(0)      # sending once is enough
        assert received(system, "fk", certificate_id) == []
        system.set_recipient_mode("fk", "normal")

        wait_for_status(page, "Skickat")
        expect(page.get_by_test_id("delivery-status")).to_have_count(0)
        assert len(received(system, "fk", certificate_id)) == 1
    finally:
        system.set_recipient_mode("fk", "normal")


# --- 3. "Förnya" ------------------------------------------------------------------------------------

def test_fornya_leaves_out_what_is_to_be_given_anew_and_tells_the_previous_period(page):
    content = example_content("FK7804", today())
    content.update({"26": True, "26.2": "Ring mig gärna efter klockan tio."})
    original_id = signed(page, content=content)

    box = header_dialog(page, "renew-button", "Förnya", "renew-dialog")
    box.get_by_role("button", name="Förnya", exact=True).click()
    expect(page.get_by_test_id("certificate-form")).to_be_visible()
    assert original_id not in page.url
    expect(page.get_by_test_id("certificate-status")).to_have_text("Utkast")

    # "Vid förnyelse följer all information med ... undantaget": 1 "Intyget baseras på", 32 the
    # assessment of reduced work capacity, 26 "Kontakt med Försäkringskassan".
    expect(page.get_by_test_id("question-1").get_by_role("checkbox")).not_to_have_count(0)
    for choice in page.get_by_test_id("question-1").get_by_role("checkbox").all():
        expect(choice).not_to_be_checked()
    expect(page.locator("#f-1-UNDERSOKNING-date")).to_have_value("")
    periods = page.get_by_test_id("question-32")
    expect(periods.get_by_label("Från och med", exact=True)).to_have_count(4)       # 25, 50, 75, 100 procent
    for day in periods.get_by_label("Från och med", exact=True).all() + periods.get_by_label(
            "Till och med", exact=True).all():
        expect(day).to_have_value("")
    expect(page.get_by_test_id("question-26").get_by_role("checkbox")).not_to_be_checked()
    # ... the rest follows.
    expect(page.locator("#f-29")).to_have_value(content["29"])
    expect(page.locator("#f-6-1-code")).to_have_value("J20")
    expect(page.locator("#f-35")).to_have_value(content["35"])

    # "Informationsmeddelande visas ovanför fält för sjukskrivningsperiod och grad."
    info = page.get_by_test_id("renewal-info")
    expect(info).to_contain_text(f"nedsatt med 50 procent till och med {content['32']['HALFTEN']['to']}")
    expect(info.locator("xpath=following-sibling::*[1]")).to_have_attribute("data-testid", "question-32")

    # The draft links back to the certificate it renews, and that one to its renewal.
    renewal_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    relation = page.get_by_test_id("relation-parent-renew")
    expect(relation).to_contain_text("förnyar ett tidigare intyg")
    relation.get_by_role("link", name="Visa det förnyade intyget").click()
    page.wait_for_url(f"**/intyg/{original_id}")
    expect(page.get_by_test_id("certificate-status")).to_have_text("Signerat")
    expect(page.get_by_test_id("relation-link-renewed-by")).to_have_attribute("href", f"/intyg/{renewal_id}")


# --- 4. "Ersätt", then "Makulera" the replacement --------------------------------------------------

def test_ersatt_continues_on_the_draft_replaces_and_a_revoked_replacement_points_back(page):
    content = example_content("FK7804", today())
    original_id = signed(page, content=content)

    box = header_dialog(page, "replace-button", "Ersätt", "replace-dialog")
    box.get_by_role("button", name="Ersätt", exact=True).click()
    expect(page.get_by_test_id("certificate-form")).to_be_visible()
    replacement_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert replacement_id != original_id
    # "All information i det ersatta intyget följer med till ett nytt intygsutkast".
    expect(page.locator("#f-1-UNDERSOKNING-date")).to_have_value(content["1"]["UNDERSOKNING"])
    expect(page.locator("#f-32-HALFTEN-from")).to_have_value(content["32"]["HALFTEN"]["from"])
    expect(page.locator("#f-29")).to_have_value(content["29"])
    expect(page.locator("#f-6-1-code")).to_have_value("J20")
    relation = page.get_by_test_id("relation-parent-replace")
    expect(relation).to_contain_text("ersätter ett tidigare intyg")

    # "Knappen Ersätt finns kvar på det ursprungliga intyget tills det nya utkastet är signerat",
    # and now asks whether to continue on the draft.
    relation.get_by_role("link", name="Visa det ersatta intyget").click()
    page.wait_for_url(f"**/intyg/{original_id}")
    box = header_dialog(page, "replace-button", "Ersätt", "replace-existing-dialog")
    expect(box).to_contain_text("redan ett intygsutkast")
    box.get_by_role("link", name="Fortsätt på utkastet").click()
    page.wait_for_url(f"**/intyg/{replacement_id}")
    sign(page)
    expect(page.get_by_test_id("certificate-status")).to_have_text("Signerat")

    # "I ett ersatt intyg finns informationen "Intyget har ersatts av detta intyg" med länk", and
    # "knappen Förnya och Ersätt inte visas för ett intyg som är ersatt".
    open_certificate(page, TOLVAN, original_id)
    replaced_by = page.get_by_test_id("relation-replaced-by")
    expect(replaced_by).to_contain_text("Intyget har ersatts av detta intyg")
    expect(page.get_by_test_id("replace-button")).to_have_count(0)
    expect(page.get_by_test_id("renew-button")).to_have_count(0)
    replaced_by.get_by_role("link", name="detta intyg").click()
    page.wait_for_url(f"**/intyg/{replacement_id}")

    # "Om du väljer att makulera ett ersättande intyg visas en informationsruta om att man bör se
    # över det ersatta intyget" (Figur 11: with a link to it).
    revoke_certificate(page, WRONG_PATIENT)
    expect(page.get_by_test_id("certificate-status")).to_have_text("Makulerat")
    expect(page.get_by_test_id("revocation-reason")).to_contain_text(WRONG_PATIENT)
    review = page.get_by_test_id("review-replaced")
    expect(review).to_contain_text("Se över det ersatta intyget")
    expect(page.get_by_test_id("revoke-button")).to_have_count(0)
    review.get_by_role("link", name="Visa det ersatta intyget").click()
    page.wait_for_url(f"**/intyg/{original_id}")
    expect(page.get_by_test_id("certificate-status")).to_have_text("Signerat")


# --- 5. a dödsbevis goes to Skatteverket; revoking it needs a telephone call ------------------------

def test_a_signed_db_reaches_skatteverket_and_revoking_it_tells_to_call(page, system):
    certificate_id = signed(page, "DB")
    # "Dödsbevis ... skickas till intygsmottagare direkt efter signering (Skatteverket)".
    wait_until(lambda: received(system, "skv", certificate_id), timeout=DELIVERY_TIMEOUT_MS / 1000,
               what="the DB at Skatteverket's simulator")
    expect(page.get_by_test_id("send-button")).to_have_count(0)

    box = header_dialog(page, "revoke-button", "Makulera", "revoke-dialog")
    expect(box.get_by_test_id("revoke-phone-instruction")).to_contain_text("0771-567 567")
    expect(box.get_by_test_id("revoke-reasons")).to_have_count(0)       # DB needs no reason
    box.get_by_role("button", name="Makulera", exact=True).click()

    expect(page.get_by_test_id("certificate-status")).to_have_text("Makulerat")
    instruction = page.get_by_test_id("revocation-phone-instruction")
    expect(instruction).to_contain_text("0771-567 567")
    expect(instruction).to_contain_text("folkbokföring - dödsfall")
    # "kommer intygsmottagaren INTE informeras om makuleringen".
    assert revocations_received(system, "skv", certificate_id) == []
    assert len(received(system, "skv", certificate_id)) == 1


# --- 6. the operator page of Försäkringskassan's simulator ------------------------------------------

def test_the_forsakringskassa_simulator_is_listed_and_shows_what_it_received(page, system):
    certificate_id = signed(page)
    send_to_recipient(page)
    wait_for_status(page, "Skickat")

    page.goto("/simulatorer/")
    expect(page.get_by_role("heading", name="Simulatorer")).to_be_visible()
    page.get_by_test_id("simulator-links").get_by_role("link", name="Försäkringskassan", exact=True).click()
    expect(page.get_by_role("heading", name="Försäkringskassan (simulerad)")).to_be_visible()
    row = page.get_by_test_id("recipient-certificate").filter(has_text=certificate_id)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("FK7804")
    expect(row).to_contain_text(TOLVAN)
