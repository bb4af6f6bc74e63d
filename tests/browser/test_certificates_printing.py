"""CERT-10 "Skriv ut" in a real browser (§5.6 "Skriva ut intyg/spara intyg som PDF", §5.8
"Utskrift av intyg för patient med skyddade personuppgifter"): a draft, a signed certificate, a
locked draft and a revoked certificate are downloaded as PDFs whose text, read back with pypdf,
tells the state (§5.6 "Information om typ av utskrift"), the patient and the answers; a protected
patient's printout is asked for through the box "Hantera utskriften varsamt" first. Against the
embedded and the distributed system.

Each test writes its own certificates and finds them by id: the session's state is shared."""
from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from certificate_filler import fill_certificate
from tests.support.running_system import wait_until
from webcert_certificate.examples import example_content
from webcert_pages import (
    PATIENTS, create_certificate, logged_in, revoke_certificate, search_patient, sign,
)

TOLVAN = PATIENTS["Tolvan Tolvansson"]["personnummer"]
ANNA = PATIENTS["Anna Eriksson"]["personnummer"]
SKYDDAD = PATIENTS["Skyddad Sköld"]["personnummer"]
ANNAS_LOCKED_DRAFT = "0b7e5c2a-7804-4a11-9e01-000000000003"
WRONG_PATIENT = "Intyget har utfärdats på fel patient"
# §5.6 "Information om typ av utskrift": the words that mark a printout that is not a valid certificate.
MARKINGS = ("UTKAST", "LÅST UTKAST", "MAKULERAT", "ERSATT")
DAY = r"\d{4}-\d{2}-\d{2}"
DRAFT_ANSWERS = {"28": ["NUVARANDE_ARBETE"], "29": "Snickare, bär tungt.", "35": "Feber och hosta."}


def today():
    return datetime.now(ZoneInfo("Europe/Stockholm")).date()


def pdf_text(data: bytes) -> str:
    """Every page's text, whitespace made single spaces (a long line may wrap anywhere)."""
    assert data.startswith(b"%PDF"), data[:40]
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages)


def download_pdf(page: Page, link: Locator) -> tuple[str, str]:
    """"Intyget/utkastet laddas då ned till din dator som en PDF": the file's name and its text."""
    expect(link).to_have_text("Skriv ut")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    return download.suggested_filename, pdf_text(Path(download.path()).read_bytes())


def print_button(page: Page) -> Locator:
    return page.get_by_test_id("print-button")


def ingrid_on_alfa(page: Page, personnummer: str) -> None:
    logged_in(page, "Ingrid Holm", "Alfa Vårdcentral")
    search_patient(page, personnummer)


def draft_with_answers(page: Page) -> str:
    """A new FK7804 for the patient shown, a few answers typed and saved (29 is shown once 28 says
    "Nuvarande arbete"); its id."""
    certificate_id = create_certificate(page, "FK7804")
    fill_certificate(page, "FK7804", DRAFT_ANSWERS)
    return certificate_id


def signed_fk7804(page: Page) -> tuple[str, dict]:
    certificate_id = create_certificate(page, "FK7804")
    content = example_content("FK7804", today())
    fill_certificate(page, "FK7804", content)
    sign(page)
    return certificate_id, content


def printed_entries(system, personnummer: str, certificate_id: str) -> list[dict]:
    return [e for e in system.pdl_entries(personnummer)
            if e["certificate_id"] == certificate_id and e["action"] == "utskrift"]


# --- 1. a draft -------------------------------------------------------------------------------------

def test_a_draft_prints_marked_utkast_with_the_patient_and_the_answers_and_is_logged(page, system):
    ingrid_on_alfa(page, TOLVAN)
    certificate_id = draft_with_answers(page)

    file_name, text = download_pdf(page, print_button(page))

    # The file name holds the type, the state and the day, never the personnummer.
    assert re.fullmatch(rf"FK7804-utkast-{DAY}\.pdf", file_name), file_name
    assert "UTKAST – intyget är inte signerat" in text
    assert "Tolvan Tolvansson" in text and TOLVAN in text
    assert "Snickare, bär tungt." in text and "Feber och hosta." in text
    assert "Ej signerat" in text
    # The print is in the patient's PDL trail, by Ingrid on Alfa Vårdcentral.
    [entry] = wait_until(lambda: printed_entries(system, TOLVAN, certificate_id), timeout=30,
                         what="the PDL entry 'utskrift' at the log service")
    assert (entry["user_id"], entry["outcome"]) == ("TSTNMT2321000156-1001", "granted")


# --- 2. a signed certificate ------------------------------------------------------------------------

def test_a_signed_fk7804_prints_without_a_marking_with_the_signer_and_the_answers(page):
    ingrid_on_alfa(page, TOLVAN)
    _, content = signed_fk7804(page)
    expect(page.get_by_test_id("certificate-status")).to_have_text("Signerat")

    file_name, text = download_pdf(page, print_button(page))

    assert re.fullmatch(rf"FK7804-signerat-{DAY}\.pdf", file_name), file_name
    assert [m for m in MARKINGS if m in text] == []
    assert "av Ingrid Holm" in text and "Ej signerat" not in text
    assert "Tolvan Tolvansson" in text and TOLVAN in text
    for answer in (content["29"], content["35"], content["17"], "J20"):
        assert answer in text, answer


# --- 3. Anna Eriksson's locked draft (CERT-8, §5.9) --------------------------------------------------

def test_a_locked_draft_prints_marked_last_utkast(page):
    ingrid_on_alfa(page, ANNA)
    row = page.get_by_test_id(f"certificate-row-{ANNAS_LOCKED_DRAFT}")
    expect(row).to_contain_text("Låst utkast", timeout=20_000)   # the job runs when the worker starts
    page.get_by_test_id(f"open-{ANNAS_LOCKED_DRAFT}").click()
    expect(page.get_by_test_id("locked-notice")).to_be_visible()

    file_name, text = download_pdf(page, print_button(page))

    assert re.fullmatch(rf"FK7804-last-utkast-{DAY}\.pdf", file_name), file_name
    assert "LÅST UTKAST – utkastet är låst och kan inte signeras" in text
    assert "Anna Eriksson" in text and ANNA in text
    assert "Undersköterska i hemtjänsten" in text


# --- 4. a revoked certificate (CERT-13) ---------------------------------------------------------------

def test_a_revoked_certificate_prints_marked_makulerat_with_the_reason(page):
    ingrid_on_alfa(page, TOLVAN)
    signed_fk7804(page)
    revoke_certificate(page, WRONG_PATIENT)
    expect(page.get_by_test_id("certificate-status")).to_have_text("Makulerat")

    file_name, text = download_pdf(page, print_button(page))

    assert re.fullmatch(rf"FK7804-makulerat-{DAY}\.pdf", file_name), file_name
    assert "MAKULERAT – intyget är makulerat och får inte användas" in text
    assert f"Anledning: {WRONG_PATIENT}." in text
    assert "Tolvan Tolvansson" in text


# --- 5. a patient with skyddade personuppgifter (§5.8) -----------------------------------------------

def test_a_protected_patients_draft_asks_to_handle_the_printout_with_care_first(page):
    ingrid_on_alfa(page, SKYDDAD)
    draft_with_answers(page)
    downloads = []
    page.on("download", lambda download: downloads.append(download))

    # "visas en extra informationsruta för användaren, som uppmanar till att hantera utskriften varsamt".
    print_button(page).click()
    box = page.get_by_test_id("print-dialog")
    expect(box).to_be_visible()
    expect(box.get_by_role("heading", name="Hantera utskriften varsamt")).to_be_visible()
    assert downloads == []
    box.get_by_test_id("print-cancel").click()
    expect(box).to_be_hidden()
    assert downloads == []

    print_button(page).click()
    expect(box).to_be_visible()
    file_name, text = download_pdf(page, box.get_by_test_id("print-confirm"))

    assert re.fullmatch(rf"FK7804-utkast-{DAY}\.pdf", file_name), file_name
    assert "Skyddade personuppgifter – hantera utskriften varsamt" in text
    assert "Skyddad Sköld" in text and "UTKAST" in text
    assert "Feber och hosta." in text


def test_a_protected_patients_revoked_certificate_asks_in_the_dialog_too(page):
    ingrid_on_alfa(page, SKYDDAD)
    certificate_id, _ = signed_fk7804(page)
    revoke_certificate(page, WRONG_PATIENT)
    expect(page.get_by_test_id("certificate-status")).to_have_text("Makulerat")

    print_button(page).click()
    box = page.get_by_test_id("print-dialog")
    expect(box).to_be_visible()
    assert "/skriv-ut" not in page.url, page.url              # the box opened here, not as a page of its own
    file_name, text = download_pdf(page, box.get_by_test_id("print-confirm"))

    assert re.fullmatch(rf"FK7804-makulerat-{DAY}\.pdf", file_name), file_name
    assert "MAKULERAT" in text and "Skyddade personuppgifter – hantera utskriften varsamt" in text
