"""Logging in as every demo user (§2, §3, §4; AUTH-1 … AUTH-9), in a real browser.

Each test runs against ``make run``'s embedded system and ``make up``'s distributed one."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from webcert_pages import (ROLE_LABELS, TABS_ADMINISTRATOR, TABS_DOCTOR, UNIT_NAMES, WORLD, choose_unit, header,
                           login_with_eleg, login_with_siths, pick_unit, tab_labels)

ALLOWED = [u for u in WORLD["siths_users"] if u["expected_role"]]


def finish_pending_steps(page, user: dict) -> None:
    """What the manual puts between the PIN and the first tab, for this user."""
    first_unit = UNIT_NAMES[user["assignments"][0]["unit"]]
    if page.get_by_role("heading", name="Välj vårdenhet").is_visible():
        choose_unit(page, first_unit)
    if user.get("protected_identity"):
        page.get_by_role("button", name="Godkänn").click()
    if page.get_by_role("button", name="Jag förstår, fortsätt till Webcert").is_visible():
        page.get_by_role("button", name="Jag förstår, fortsätt till Webcert").click()


@pytest.mark.parametrize("user", ALLOWED, ids=lambda u: u["name"])
def test_every_demo_user_gets_the_expected_role_unit_and_tabs(page, user):
    login_with_siths(page, user["name"])
    finish_pending_steps(page, user)
    role_label = ROLE_LABELS[user["expected_role"]]
    expect(header(page)).to_contain_text(user["name"])
    expect(header(page)).to_contain_text(role_label)
    expect(header(page)).to_contain_text(UNIT_NAMES[user["assignments"][0]["unit"]])
    expected_tabs = TABS_ADMINISTRATOR if user["expected_role"] == "VARDADMINISTRATOR" else TABS_DOCTOR
    assert tab_labels(page) == expected_tabs
    # Each tab says plainly that its content is not there yet.
    expect(page.get_by_role("heading", level=1)).to_have_text(expected_tabs[0])
    expect(page.get_by_role("link", name="Om Webcert")).to_be_visible()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()


def test_lena_ingen_is_refused_and_told_why(page):
    login_with_siths(page, "Lena Ingen")
    expect(page.get_by_role("alert")).to_contain_text("Vård och behandling")
    expect(page.get_by_role("link", name="SITHS-kort")).to_be_visible()
    page.goto("/sok-skriv-intyg")
    expect(page.get_by_role("link", name="SITHS-kort")).to_be_visible()   # no session was made


def test_bertil_bengtsson_sees_the_warning_of_his_care_provider(page):
    login_with_siths(page, "Bertil Bengtsson")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("journalsystem")
    page.get_by_role("button", name="Jag förstår, fortsätt till Webcert").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sök/skriv intyg")
    expect(header(page)).to_contain_text("Beta Läkarhus")


def test_greta_gustafsson_is_blocked_without_a_warning_box(page):
    # §3: a blocked user is not warned with an information box.
    login_with_siths(page, "Greta Gustafsson")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sök/skriv intyg")
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_sigrid_dold_accepts_the_risk_dialog_and_can_read_it_again(page):
    login_with_siths(page, "Sigrid Dold")
    choose_unit(page, "Alfa Vårdcentral")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("skyddade personuppgifter")
    # Nothing else is reachable before the risk is accepted.
    page.goto("/sok-skriv-intyg")
    expect(page.get_by_role("dialog")).to_contain_text("skyddade personuppgifter")
    page.get_by_role("button", name="Godkänn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sök/skriv intyg")
    link = header(page).get_by_role("link", name="Skyddade personuppgifter")
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("main")).to_contain_text("ditt namn")


def test_sigrid_dold_who_declines_is_logged_out(page):
    login_with_siths(page, "Sigrid Dold")
    choose_unit(page, "Alfa Vårdcentral")
    page.get_by_role("button", name="Avbryt och logga ut").click()
    expect(page.get_by_role("link", name="SITHS-kort")).to_be_visible()


def test_ingrid_holm_switches_to_a_workplace_and_back(page):
    login_with_siths(page, "Ingrid Holm")
    choose_unit(page, "Alfa Akutmottagning")
    expect(header(page)).to_contain_text("Alfa Akutmottagning")
    page.get_by_role("link", name="Byt vårdenhet").click()
    pick_unit(page, "Alfa Vårdcentral, Mottagning Norr")
    expect(header(page)).to_contain_text("Alfa Vårdcentral, Mottagning Norr")


def test_karin_admin_switches_unit(page):
    login_with_siths(page, "Karin Admin")
    choose_unit(page, "Alfa Vårdcentral")
    assert tab_labels(page)[0] == "Ej hanterade ärenden"
    page.get_by_role("link", name="Byt vårdenhet").click()
    pick_unit(page, "Alfa Akutmottagning")
    expect(header(page)).to_contain_text("Alfa Akutmottagning")


def test_a_user_with_one_unit_has_no_byt_vardenhet(page):
    login_with_siths(page, "Maria Costa")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sök/skriv intyg")
    expect(page.get_by_role("link", name="Byt vårdenhet")).to_have_count(0)


@pytest.mark.parametrize("method", ["BankID", "Mobilt BankID", "Telia"])
def test_eva_lund_logs_in_with_e_legitimation_and_has_andra_uppgifter(page, method):
    login_with_eleg(page, method, "Eva Lund")
    expect(header(page)).to_contain_text("Eva Lund")
    expect(header(page)).to_contain_text("Läkare")
    expect(header(page)).to_contain_text("Lunds Läkarpraktik")
    expect(page.get_by_role("link", name="Byt vårdenhet")).to_have_count(0)  # Tabell 3
    page.get_by_role("link", name="Ändra uppgifter").click()
    expect(page.get_by_role("heading", name="Min sida")).to_be_visible()


def test_siths_users_have_no_andra_uppgifter(page):
    login_with_siths(page, "Olle Berg")
    choose_unit(page, "Alfa Vårdcentral")
    expect(page.get_by_role("link", name="Ändra uppgifter")).to_have_count(0)


def test_an_e_legitimation_person_without_account_is_refused(page):
    login_with_eleg(page, "BankID", "Petra Nyström")
    expect(page.get_by_role("alert")).to_contain_text(re.compile("konto", re.IGNORECASE))


def test_logga_ut_returns_to_the_start_page_and_says_so(page):
    login_with_siths(page, "Maria Costa")
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("status")).to_contain_text("Du är utloggad")
    page.goto("/sok-skriv-intyg")
    expect(page.get_by_role("link", name="SITHS-kort")).to_be_visible()


def test_a_wrong_pin_format_is_refused_with_a_message(page):
    page.goto("/")
    page.get_by_role("link", name="SITHS-kort").click()
    page.get_by_role("button", name="Maria Costa").click()
    page.get_by_label("Pinkod").fill("12ab")
    page.get_by_role("button", name="Logga in").click()
    expect(page.locator("body")).to_contain_text("siffror")
    expect(page.get_by_role("heading", name="Ange pinkod")).to_be_visible()
