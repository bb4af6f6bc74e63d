"""CERT-10 "Skriv ut" through the gateway over the real services: the button where the service
allows printing, the PDF as a download with the service's file name, and for a patient with
skyddade personuppgifter the box that asks the user to handle the printout with care (§5.8)."""
from __future__ import annotations

import io

import pytest

from certificate_stack import SKYDDAD, page_text
from webcert_certificate.adapters.pdf_renderer import FakePdfRenderer


@pytest.fixture
def printer(stack):
    fake = stack.certificate_app.extensions["webcert_certificate"].pdf = FakePdfRenderer()
    return fake


def test_skriv_ut_downloads_the_pdf_of_a_draft(stack, printer):
    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804")
    page = page_text(client.get(f"/intyg/{draft['id']}"))
    assert f'href="/intyg/{draft["id"]}/utskrift" data-testid="print-button">Skriv ut<' in page
    assert 'data-testid="print-dialog"' not in page
    answer = client.get(f"/intyg/{draft['id']}/utskrift")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf" and answer.data.startswith(b"%PDF")
    assert answer.headers["Content-Disposition"].startswith('attachment; filename="FK7804-utkast-')
    assert answer.headers["Cache-Control"] == "no-store"
    assert [r["certificate"]["id"] for r in printer.requests] == [draft["id"]]


def test_a_signed_certificate_has_skriv_ut_too(stack, printer):
    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804")
    stack.sign_draft(client, draft)
    page = page_text(client.get(f"/intyg/{draft['id']}"))
    assert 'data-testid="print-button">Skriv ut<' in page
    answer = client.get(f"/intyg/{draft['id']}/utskrift")
    assert answer.headers["Content-Disposition"].startswith('attachment; filename="FK7804-signerat-')


def test_a_protected_patients_print_asks_for_care_first(stack, printer):
    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804", personnummer=SKYDDAD)
    page = page_text(client.get(f"/intyg/{draft['id']}"))
    assert 'data-wc-dialog-open="print-dialog"' in page and 'data-testid="print-dialog"' in page
    assert "Hantera utskriften varsamt" in page
    box = client.get(f"/intyg/{draft['id']}/skriv-ut")          # without script: the box on its own page
    assert box.status_code == 200 and "open data-wc-modal" in page_text(box)
    assert f'href="/intyg/{draft["id"]}/utskrift"' in page_text(box)
    assert printer.requests == []                               # nothing printed before the user confirms


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_real_printout_says_what_it_is_whose_and_what(stack):
    """Through the real PDF service: the state, the patient and the answers, read back."""
    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804")
    stack.complete_draft(client, draft)
    draft_text = _text(client.get(f"/intyg/{draft['id']}/utskrift").data)
    assert "UTKAST" in draft_text and "Tolvan Tolvansson" in draft_text and "19121212-1212" in draft_text
    stack.sign_draft(client, draft)
    signed_text = _text(client.get(f"/intyg/{draft['id']}/utskrift").data)
    assert "UTKAST" not in signed_text and "Läkarintyg för sjukpenning" in signed_text
