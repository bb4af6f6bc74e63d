"""Certificates (issue 4: §5.2 "Skriv intyg", "Samtidig redigering", "Radera intygsutkast",
"Vidarebefordra intygsutkast", §6.12, "Favoritmarkering av intyg"; CERT-2 … CERT-7, CERT-14) in a
real browser, against the embedded and the distributed system.

State is shared by every test of a session: each test finds the certificates it made by id."""
from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from certificate_filler import fill_certificate
from webcert_certificate.examples import example_content
from webcert_pages import (
    PATIENTS, create_certificate, log_out, logged_in, search_patient, sign, tab, type_codes,
    wait_until_saved,
)

TOLVAN = PATIENTS["Tolvan Tolvansson"]["personnummer"]
PRIORITY_POLL_MS = 20_000          # certificate-form.js polls every 15 s


def today():
    return datetime.now(ZoneInfo("Europe/Stockholm")).date()


@pytest.fixture
def second_page(browser, system):
    """A second user's browser (its own cookies)."""
    context = browser.new_context(base_url=system.base_url, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def new_draft(page, name: str, code: str = "FK7804", unit: str | None = "Alfa Vårdcentral") -> str:
    logged_in(page, name, unit)
    search_patient(page, TOLVAN)
    return create_certificate(page, code)


# --- 1. write, autosave, what is missing, sign, the signed list ----------------------------------

def test_ingrid_holm_writes_saves_completes_and_signs_an_fk7804(page):
    draft_id = new_draft(page, "Ingrid Holm")
    expect(page.get_by_test_id("certificate-status")).to_have_text("Utkast")
    # the doctor signs; "Visa vad som saknas" and "Vidarebefordra utkast" are the vårdadministratör's
    expect(page.get_by_test_id("sign-button")).to_have_text("Signera intyget")
    expect(page.get_by_test_id("show-missing-button")).to_have_count(0)
    expect(page.get_by_test_id("forward-link")).to_have_count(0)

    # CERT-3: no save button; what is typed is saved and still there after a reload.
    page.locator("#f-35").fill("Feber och hosta sedan en vecka.")
    page.locator("#f-17").fill("Kan inte bära tungt.")
    wait_until_saved(page)
    page.reload()
    expect(page.locator("#f-35")).to_have_value("Feber och hosta sedan en vecka.")
    expect(page.locator("#f-17")).to_have_value("Kan inte bära tungt.")

    # §6.12: "Signera intyget" too early: the sections that lack information, each a link to its
    # section, and each field that lacks information marked with a text.
    page.get_by_test_id("sign-button").click()
    missing = page.get_by_test_id("missing-list")
    expect(missing).to_be_focused()
    for section in ("grundformu", "diagnos", "bedomning"):
        expect(missing.get_by_test_id(f"missing-link-{section}")).to_have_attribute("href", f"#section-{section}")
    expect(missing.get_by_test_id("missing-link-funktionsnedsattning")).to_have_count(0)   # 35 and 17 are there
    expect(page.get_by_test_id("certificate-status")).to_have_text("Utkast")
    expect(page.get_by_test_id("question-1")).to_have_class(re.compile(r"\bwc-question--invalid\b"))
    expect(page.get_by_test_id("question-error-1")).to_be_visible()
    expect(page.get_by_test_id("question-error-1")).not_to_be_empty()
    missing.get_by_test_id("missing-link-diagnos").click()
    page.wait_for_url("**#section-diagnos")

    # Complete it through the form, then sign.
    content = example_content("FK7804", today())
    del content["35"], content["17"]
    fill_certificate(page, "FK7804", content)          # BROWSER-B's filler: by labels, waits for the save
    sign(page)
    assert page.url.endswith(f"/intyg/{draft_id}")
    expect(page.get_by_test_id("certificate-status")).to_have_text("Signerat")
    expect(page.get_by_test_id("signed-by")).to_have_text("Ingrid Holm")
    expect(page.get_by_test_id("answer-35")).to_contain_text("Feber och hosta sedan en vecka.")
    expect(page.get_by_test_id("sign-button")).to_have_count(0)

    # CERT-14 "Signerade intyg": type, status, signing date, personnummer.
    tab(page, "Signerade intyg")
    row = page.get_by_test_id(f"certificate-row-{draft_id}")
    expect(row).to_contain_text("Läkarintyg för sjukpenning")
    expect(row).to_contain_text("FK7804")
    expect(page.get_by_test_id(f"status-{draft_id}")).to_have_text("Signerat")
    expect(page.get_by_test_id(f"date-{draft_id}")).to_contain_text(today().isoformat())
    expect(page.get_by_test_id(f"personnummer-{draft_id}")).to_have_text(TOLVAN)
    # ... and no longer among the unsigned drafts.
    tab(page, "Ej signerade utkast")
    expect(page.get_by_test_id(f"certificate-row-{draft_id}")).to_have_count(0)


# --- 2. the vårdadministratör: what is missing, forward -----------------------------------------

def test_karin_admin_fills_a_draft_and_forwards_it_with_a_link_only(page, system):
    draft_id = new_draft(page, "Karin Admin")
    expect(page.get_by_test_id("sign-button")).to_have_count(0)
    content = example_content("FK7804", today())
    fill_certificate(page, "FK7804", {k: content[k] for k in ("1", "28", "29", "6", "35")})

    # §6.12 "Visa vad som saknas" instead of "Signera intyget".
    page.get_by_test_id("show-missing-button").click()
    expect(page.get_by_test_id("missing-list")).to_be_visible()
    expect(page.get_by_test_id("missing-link-bedomning")).to_be_visible()
    expect(page.get_by_test_id("missing-link-diagnos")).to_have_count(0)

    # §5.4: the e-mail holds the link to the draft, nothing about the patient.
    link = page.get_by_test_id("forward-link")
    expect(link).to_have_text("Vidarebefordra utkast")
    href = link.get_attribute("href")
    assert href.startswith("mailto:")
    query = parse_qs(urlsplit(href).query)
    assert query["body"] == [f"{system.base_url}/intyg/{draft_id}"]
    for secret in (TOLVAN, TOLVAN.replace("-", ""), TOLVAN[2:], TOLVAN[2:].replace("-", ""), "Tolvan", "Tolvansson"):
        assert secret not in href and secret not in str(query)

    link.click()
    dialog = page.get_by_test_id("forward-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_test_id("forward-yes").click()
    expect(page.get_by_test_id("certificate-notice")).to_have_text("Utkastet är markerat som vidarebefordrat.")

    tab(page, "Ej signerade utkast")
    expect(page.get_by_test_id(f"certificate-row-{draft_id}")).to_be_visible()
    expect(page.get_by_test_id(f"forwarded-{draft_id}")).to_be_checked()


# --- 3, 4. who may create what -----------------------------------------------------------------

def test_sara_tand_sees_only_the_dentists_types(page):
    logged_in(page, "Sara Tand")
    search_patient(page, TOLVAN)
    expect(page.get_by_test_id("certificate-types")).to_be_visible()
    assert sorted(type_codes(page)) == ["AG1-14", "AG7804", "FK7804"]


def test_greta_gustafsson_cannot_create_on_a_blocking_care_provider(page):
    logged_in(page, "Greta Gustafsson")
    search_patient(page, TOLVAN)
    refused = page.get_by_test_id("create-refused")
    expect(refused).to_contain_text("blockerat utfärdande av intyg")
    assert "FK7804" in type_codes(page)                     # the types are shown ...
    expect(page.get_by_role("button", name="Skapa intyg")).to_have_count(0)     # ... none can be created

    # The form sent anyway (as an old page would): refused with the same message, no draft.
    token = page.get_by_test_id("certificate-types").locator("input[name=csrf_token]").first.input_value()
    response = page.request.post(page.url + "/skapa-intyg", max_redirects=0,
                                 form={"csrf_token": token, "certificate_type": "FK7804"})
    assert response.status == 403
    assert "blockerat utfärdande av intyg" in response.text()


# --- 5. §5.2 "Samtidig redigering" --------------------------------------------------------------

@pytest.mark.parametrize("how", ["poll", "typing"])
def test_the_first_opener_is_told_who_now_has_priority(page, second_page, how):
    draft_id = new_draft(page, "Ingrid Holm")
    logged_in(second_page, "Olle Berg")
    second_page.goto(f"/intyg/{draft_id}")
    expect(second_page.get_by_test_id("certificate-form")).to_be_visible()

    notice = page.get_by_test_id("priority-notice")
    if how == "typing":
        page.locator("#f-35").fill("Ingrid skriver.")           # the autosave is refused
        expect(notice).to_be_visible(timeout=15_000)
    else:
        expect(notice).to_be_visible(timeout=PRIORITY_POLL_MS)
    expect(notice).to_contain_text("Olle Berg")
    expect(notice).to_contain_text("förtur")
    expect(page.locator("#f-35")).to_be_disabled()

    # Olle's saves go through.
    second_page.locator("#f-35").fill("Olle skriver.")
    wait_until_saved(second_page)
    expect(second_page.get_by_test_id("priority-notice")).to_be_hidden()


# --- 6. favourites -----------------------------------------------------------------------------

def test_a_starred_type_is_pinned_on_top_and_stays_after_a_new_login(page):
    logged_in(page, "Maria Costa")
    search_patient(page, TOLVAN)
    codes = type_codes(page)
    code = codes[-1]
    star = page.get_by_test_id(f"favourite-{code}")
    expect(star).to_have_attribute("aria-pressed", "false")
    try:
        star.click()
        expect(page.get_by_test_id(f"favourite-{code}")).to_have_attribute("aria-pressed", "true")
        assert type_codes(page)[0] == code

        log_out(page)
        logged_in(page, "Maria Costa")
        search_patient(page, TOLVAN)
        expect(page.get_by_test_id(f"favourite-{code}")).to_have_attribute("aria-pressed", "true")
        assert type_codes(page)[0] == code
    finally:
        # Leave Maria Costa's list as it was for the other tests of the session.
        star = page.get_by_test_id(f"favourite-{code}")
        if star.count() and star.get_attribute("aria-pressed") == "true":
            star.click()
            expect(page.get_by_test_id(f"favourite-{code}")).to_have_attribute("aria-pressed", "false")
    assert type_codes(page) == codes


# --- 7. "Radera" --------------------------------------------------------------------------------

def test_a_deleted_draft_is_gone_from_the_unsigned_drafts(page):
    draft_id = new_draft(page, "Olle Berg", unit=None)
    page.locator("#f-35").fill("Ska raderas.")
    wait_until_saved(page)
    tab(page, "Ej signerade utkast")
    page.get_by_test_id(f"open-{draft_id}").click()

    page.get_by_test_id("delete-button").click()
    dialog = page.get_by_test_id("delete-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_test_id("delete-cancel").click()            # "Avbryt" keeps it
    expect(dialog).to_be_hidden()
    page.get_by_test_id("delete-button").click()
    dialog.get_by_test_id("delete-confirm").click()
    expect(page.get_by_test_id("patient-header")).to_contain_text("Tolvan Tolvansson")

    tab(page, "Ej signerade utkast")
    expect(page.get_by_role("heading", name="Ej signerade utkast")).to_be_visible()
    expect(page.get_by_test_id(f"certificate-row-{draft_id}")).to_have_count(0)
    assert page.goto(f"/intyg/{draft_id}").status == 404
