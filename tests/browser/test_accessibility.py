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
