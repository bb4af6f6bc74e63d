"""CERT-8 and §5.9 in the browser: the demo world's FK7804 draft for Anna Eriksson, started twenty
days before the system's start, is locked by the locking job at once ("Låst utkast"); it can be
neither edited nor deleted, and "Kopiera" makes a new draft with its information."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from webcert_pages import PATIENTS, logged_in, search_patient

ANNA = PATIENTS["Anna Eriksson"]["personnummer"]
ANNAS_LOCKED_DRAFT = "0b7e5c2a-7804-4a11-9e01-000000000003"


def test_a_newcomer_finds_a_locked_draft_and_copies_it(page):
    logged_in(page, "Ingrid Holm", "Alfa Vårdcentral")
    search_patient(page, ANNA)
    row = page.get_by_test_id(f"certificate-row-{ANNAS_LOCKED_DRAFT}")
    expect(row).to_contain_text("Låst utkast", timeout=20_000)   # the job runs when the worker starts
    page.get_by_test_id(f"open-{ANNAS_LOCKED_DRAFT}").click()
    expect(page.get_by_test_id("locked-notice")).to_be_visible()
    expect(page.get_by_test_id("certificate-form")).to_have_count(0)
    expect(page.get_by_test_id("delete-button")).to_have_count(0)
    expect(page.get_by_test_id("answer-29")).to_contain_text("Undersköterska i hemtjänsten")
    page.get_by_test_id("copy-button").click()
    expect(page.get_by_test_id("copy-dialog")).to_be_visible()
    page.get_by_test_id("copy-confirm").click()
    expect(page).not_to_have_url(re.compile(ANNAS_LOCKED_DRAFT))
    expect(page.get_by_test_id("certificate-form")).to_be_visible()
    expect(page.locator("#f-29")).to_have_value("Undersköterska i hemtjänsten, tunga lyft.")
    # The locked draft is still there, still locked (§5.9 "Det låsta utkastet kommer att finnas kvar").
    page.goto(f"/intyg/{ANNAS_LOCKED_DRAFT}")
    expect(page.get_by_test_id("locked-notice")).to_be_visible()
