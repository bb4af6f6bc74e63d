"""Patients (§4.2 "Sök/skriv intyg", §5.2, §5.8, §7.8; CERT-2, PU-1 … PU-4) in a real browser,
against the embedded and the distributed system with the PU and log-service simulators."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.running_system import wait_until
from webcert_pages import PATIENTS, logged_in, search_patient

TOLVAN = PATIENTS["Tolvan Tolvansson"]["personnummer"]
SKYDDAD = PATIENTS["Skyddad Sköld"]["personnummer"]
GUNHILD = PATIENTS["Gunhild Ek"]["personnummer"]
JAN = PATIENTS["Jan Samuelsson"]["personnummer"]
UNKNOWN = "19721225-4549"


def one_more_pdl_entry(system, personnummer: str, before: int, more: int = 1) -> list[dict]:
    return wait_until(lambda: (e := system.pdl_entries(personnummer)) and len(e) == before + more and e,
                      timeout=20, what=f"{more} new PDL entries (had {before})")


def test_ingrid_holm_finds_tolvan_and_the_lookup_is_logged_once(page, system):
    """The page reads PU (pu-lookup's entry) and Tolvan's certificates on the unit (the
    certificate service's entry): each read of patient data once."""
    before = len(system.pdl_entries(TOLVAN))
    logged_in(page, "Ingrid Holm")
    search_patient(page, TOLVAN)
    header = page.get_by_test_id("patient-header")
    expect(header).to_contain_text("Tolvan Tolvansson")
    expect(header).to_contain_text(TOLVAN)
    assert TOLVAN.replace("-", "") not in page.url and TOLVAN not in page.url   # never in a URL
    newest = sorted(one_more_pdl_entry(system, TOLVAN, before, more=2), key=lambda e: e["time"])[-2:]
    assert {(e["user_id"], e["outcome"], e["action"], e["purpose"]) for e in newest} == {
        ("TSTNMT2321000156-1001", "granted", "läsa", "Vård och behandling")}


@pytest.mark.parametrize("number,words", [
    ("19121212-1213", "kontrollsiffra"),
    ("121212+1212", None),         # 10 digits, "+": a hundred years or older -- Tolvan, born 1912
    ("19121312-1212", "datum"),
    ("191212-12", "siffror"),
])
def test_malformed_numbers_are_refused_with_a_message_naming_the_problem(page, number, words):
    logged_in(page, "Maria Costa")
    search_patient(page, number)
    if words is None:
        expect(page.get_by_test_id("patient-header")).to_contain_text("Tolvan Tolvansson")
    else:
        expect(page.get_by_test_id("search-message")).to_contain_text(words)


def test_an_unknown_number_is_told_plainly_and_logged(page, system):
    before = len(system.pdl_entries(UNKNOWN))
    logged_in(page, "Maria Costa")
    search_patient(page, UNKNOWN)
    expect(page.get_by_test_id("search-message")).to_contain_text("Det finns ingen person")
    assert {e["outcome"] for e in one_more_pdl_entry(system, UNKNOWN, before)} == {"not_found"}


def test_skyddad_skold_is_marked_for_a_doctor(page):
    logged_in(page, "Ingrid Holm")
    search_patient(page, SKYDDAD)
    expect(page.get_by_test_id("patient-header")).to_contain_text("Skyddad Sköld")
    expect(page.get_by_test_id("protected-identity-tag")).to_have_text("Skyddade personuppgifter")


def test_skyddad_skold_is_refused_to_karin_admin_without_personal_data_and_logged(page, system):
    before = len(system.pdl_entries(SKYDDAD))
    logged_in(page, "Karin Admin")
    search_patient(page, SKYDDAD)
    expect(page.get_by_test_id("patient-refused")).to_contain_text(
        "Du har inte behörighet att hantera intyg för denna patient")
    content = page.locator("main").inner_text()
    assert "Sköld" not in content and SKYDDAD not in content and SKYDDAD.replace("-", "") not in content
    entries = one_more_pdl_entry(system, SKYDDAD, before)
    assert any(e["outcome"] == "refused" and e["user_id"] == "TSTNMT2321000156-1009" for e in entries)


def test_gunhild_ek_is_marked_as_deceased_with_the_date(page):
    logged_in(page, "Olle Berg")
    search_patient(page, GUNHILD)
    expect(page.get_by_test_id("deceased-tag")).to_contain_text("Avliden")
    expect(page.get_by_test_id("deceased-tag")).to_contain_text("2026-11-20")


def test_jan_samuelssons_samordningsnummer_works(page):
    logged_in(page, "Olle Berg")
    search_patient(page, JAN)
    header = page.get_by_test_id("patient-header")
    expect(header).to_contain_text("Jan Samuelsson")
    expect(header).to_contain_text("Samordningsnummer")


def test_the_simulators_page_is_linked_from_the_start_page(page):
    page.goto("/")
    page.get_by_role("link", name="Simulatorer").click()
    expect(page.get_by_role("heading", name="Simulatorer")).to_be_visible()
    page.get_by_role("link", name="PU-tjänsten").click()
    expect(page.get_by_role("heading", name="PU-tjänsten (simulerad)")).to_be_visible()


def test_pu_outage_locks_every_logged_in_user_and_lifts_again(browser, system):
    """§5.8 "Otillgänglig PU-tjänst" (PU-3): made unavailable on the operator page, the lock
    reaches every logged-in user within seconds; made available, it is lifted."""
    contexts = [browser.new_context(base_url=system.base_url, locale="sv-SE") for _ in range(3)]
    doctor, admin, operator = (c.new_page() for c in contexts)
    try:
        logged_in(doctor, "Ingrid Holm")
        search_patient(doctor, TOLVAN)
        patient_page = doctor.url
        logged_in(admin, "Karin Admin")
        operator.goto("/simulatorer/")
        operator.get_by_role("link", name="PU-tjänsten").click()
        operator.get_by_role("button", name="Gör PU-tjänsten otillgänglig").click()

        for user in (doctor, admin):
            wait_until(lambda u=user: _banner_after_reload(u), timeout=20, what="lock banner")
        # Certificate handling is refused while locked: the patient page answers 503 ...
        response = doctor.goto(patient_page)
        assert response.status == 503
        expect(doctor.get_by_test_id("pu-lock-banner")).to_contain_text("PU-tjänsten")
        # ... and the search form cannot be used.
        doctor.get_by_role("navigation", name="Flikar").get_by_role("link", name="Sök/skriv intyg").click()
        expect(doctor.get_by_label("Patientens personnummer")).to_be_disabled()

        operator.get_by_role("button", name="Gör PU-tjänsten tillgänglig").click()
        for user in (doctor, admin):
            wait_until(lambda u=user: not _banner_after_reload(u), timeout=20, what="lock lifted")
        search_patient(doctor, TOLVAN)
        expect(doctor.get_by_test_id("patient-header")).to_contain_text("Tolvan Tolvansson")
    finally:
        system.set_pu_available(True)
        for context in contexts:
            context.close()


def _banner_after_reload(page) -> bool:
    page.reload()
    return page.get_by_test_id("pu-lock-banner").count() > 0
