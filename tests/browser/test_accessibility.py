"""Accessibility checked with axe on the pages a newcomer meets first (DESIGN.md, browser tier)."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from webcert_pages import choose_unit, login_with_siths

AXE = Axe()


def violations(page) -> list[str]:
    results = AXE.run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


def test_start_page_has_no_axe_violations(page):
    page.goto("/")
    assert violations(page) == []


@pytest.mark.parametrize("step", ["certificate", "pin"])
def test_identity_provider_pages_have_no_axe_violations(page, step):
    page.goto("/")
    page.get_by_role("link", name="SITHS-kort").click()
    if step == "pin":
        page.get_by_role("button", name="Olle Berg").click()
    assert violations(page) == []


def test_choose_unit_and_first_tab_have_no_axe_violations(page):
    login_with_siths(page, "Ingrid Holm")
    assert violations(page) == []
    choose_unit(page, "Alfa Vårdcentral")
    assert violations(page) == []


def test_patient_search_and_patient_page_have_no_axe_violations(page):
    from webcert_pages import PATIENTS, logged_in, search_patient

    logged_in(page, "Olle Berg")
    page.get_by_role("navigation", name="Flikar").get_by_role("link", name="Sök/skriv intyg").click()
    assert violations(page) == []
    search_patient(page, "19121212-1213")          # the form with its error message
    assert violations(page) == []
    search_patient(page, PATIENTS["Skyddad Sköld"]["personnummer"])
    assert violations(page) == []


@pytest.mark.parametrize("link", ["PU-tjänsten", "Loggtjänsten"])
def test_simulator_pages_have_no_axe_violations(page, link):
    page.goto("/simulatorer/")
    assert violations(page) == []
    page.get_by_role("link", name=link).click()
    assert violations(page) == []


def test_certificate_pages_and_lists_have_no_axe_violations(page):
    """Issue 4: the patient page with its types, a draft (and what it lacks, and the "Radera"
    dialog), a signed certificate, and the tabs "Ej signerade utkast" and "Signerade intyg"."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from playwright.sync_api import expect
    from certificate_filler import fill_certificate
    from webcert_certificate.examples import example_content
    from webcert_pages import PATIENTS, create_certificate, logged_in, search_patient, sign, tab, \
        wait_until_saved

    found: dict[str, list[str]] = {}
    logged_in(page, "Ingrid Holm", "Alfa Vårdcentral")
    search_patient(page, PATIENTS["Tolvan Tolvansson"]["personnummer"])
    found["patient page with types"] = violations(page)

    create_certificate(page, "FK7804")                     # stays a draft: "Ej signerade utkast" has a row
    page.locator("#f-35").fill("Feber och hosta.")
    wait_until_saved(page)
    found["draft"] = violations(page)
    page.get_by_test_id("sign-button").click()
    expect(page.get_by_test_id("missing-list")).to_be_visible()
    found["draft with what is missing"] = violations(page)
    page.get_by_test_id("delete-button").click()
    # Designsystemet fades the dialog in (300 ms): axe measures contrast once it is opaque.
    expect(page.get_by_test_id("delete-dialog")).to_have_css("opacity", "1")
    found["the Radera dialog"] = violations(page)
    page.get_by_test_id("delete-cancel").click()

    search_patient(page, PATIENTS["Tolvan Tolvansson"]["personnummer"])
    found["patient page with certificates"] = violations(page)
    create_certificate(page, "FK7804")
    fill_certificate(page, "FK7804", example_content("FK7804", datetime.now(ZoneInfo("Europe/Stockholm")).date()))
    sign(page)
    found["signed certificate"] = violations(page)

    for label in ("Ej signerade utkast", "Signerade intyg"):
        tab(page, label)
        expect(page.get_by_role("heading", name=label)).to_be_visible()
        found[label] = violations(page)
    assert {where: v for where, v in found.items() if v} == {}


def test_after_signing_dialogs_have_no_axe_violations(page):
    """Issue 5: the consent box of "Skicka till Försäkringskassan" (Figur 7) and the "Makulera"
    dialog (Figur 10) on a signed FK7804."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from playwright.sync_api import expect
    from certificate_filler import fill_certificate
    from webcert_certificate.examples import example_content
    from webcert_pages import PATIENTS, create_certificate, logged_in, search_patient, sign

    logged_in(page, "Ingrid Holm", "Alfa Vårdcentral")
    search_patient(page, PATIENTS["Tolvan Tolvansson"]["personnummer"])
    create_certificate(page, "FK7804")
    fill_certificate(page, "FK7804", example_content("FK7804", datetime.now(ZoneInfo("Europe/Stockholm")).date()))
    sign(page)

    found: dict[str, list[str]] = {}
    for button, dialog, cancel in (("send-button", "send-dialog", "send-cancel"),
                                   ("revoke-button", "revoke-dialog", "revoke-cancel")):
        page.get_by_test_id(button).click()
        # Designsystemet fades the dialog in (300 ms): axe measures contrast once it is opaque.
        expect(page.get_by_test_id(dialog)).to_have_css("opacity", "1")
        found[dialog] = violations(page)
        page.get_by_test_id(cancel).click()
        expect(page.get_by_test_id(dialog)).to_be_hidden()
    assert {where: v for where, v in found.items() if v} == {}


def test_print_dialog_for_a_protected_patient_has_no_axe_violations(page):
    """Issue 6: "Hantera utskriften varsamt" (§5.8) on a draft for Skyddad Sköld, as a dialog and
    as the page a browser without script opens."""
    from playwright.sync_api import expect
    from webcert_pages import PATIENTS, create_certificate, logged_in, search_patient

    logged_in(page, "Ingrid Holm", "Alfa Vårdcentral")
    search_patient(page, PATIENTS["Skyddad Sköld"]["personnummer"])
    certificate_id = create_certificate(page, "FK7804")

    found: dict[str, list[str]] = {}
    page.get_by_test_id("print-button").click()
    # Designsystemet fades the dialog in (300 ms): axe measures contrast once it is opaque.
    expect(page.get_by_test_id("print-dialog")).to_have_css("opacity", "1")
    found["print-dialog"] = violations(page)
    page.get_by_test_id("print-cancel").click()
    expect(page.get_by_test_id("print-dialog")).to_be_hidden()

    page.goto(f"/intyg/{certificate_id}/skriv-ut")
    expect(page.get_by_test_id("print-dialog")).to_have_css("opacity", "1")
    found["print page"] = violations(page)
    assert {where: v for where, v in found.items() if v} == {}
