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
