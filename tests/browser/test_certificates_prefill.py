"""CERT-15, §6.13 "Förifyllnad av intygsutkast" in the browser: "Skapa AG7804" on a signed FK7804
asks whether the diagnoses are to be conveyed before they are copied; "Skapa dödsorsaksintyg" on
a signed DB opens a DOI with the death's details."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from certificate_filler import fill_certificate
from webcert_certificate.examples import example_content
from webcert_pages import PATIENTS, create_certificate, logged_in, search_patient, sign

TOLVAN = PATIENTS["Tolvan Tolvansson"]["personnummer"]


def today():
    return datetime.now(ZoneInfo("Europe/Stockholm")).date()


def signed(page, code: str) -> str:
    logged_in(page, "Ingrid Holm", "Alfa Vårdcentral")
    search_patient(page, TOLVAN)
    certificate_id = create_certificate(page, code)
    fill_certificate(page, code, example_content(code, today()))
    sign(page)
    return certificate_id


def test_skapa_ag7804_asks_about_the_diagnoses_first(page):
    source = signed(page, "FK7804")
    page.get_by_test_id("create-ag7804-button").click()
    dialog = page.get_by_test_id("ag7804-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("förmedla")
    page.get_by_test_id("ag7804-convey-yes").click()
    expect(page.get_by_test_id("certificate-form")).to_be_visible()
    assert source not in page.url
    expect(page.locator("#f-6-1-code")).to_have_value("J20")
    expect(page.get_by_test_id("certificate-history")).to_contain_text("förifyllt")


def test_skapa_dodsorsaksintyg_takes_the_death_from_the_db(page):
    content = example_content("DB", today())
    signed(page, "DB")
    page.get_by_test_id("create-doi-button").click()
    expect(page.get_by_test_id("certificate-form")).to_be_visible()
    expect(page.locator("#f-3_1")).to_have_value(content["3.1"])
    expect(page.locator("#f-1_1")).to_have_value(content["1.1"])
