"""CERT-10 "Skriv ut" (§5.6) in the distributed form: the gateway asks the certificate service over
HTTP, which has the PDF service (a process of its own) render the certificate and writes the PDL
entry "utskrift" in the same transaction; the entry goes through the outbox and RabbitMQ to the
gateway's shipper and on to the national log-service simulator."""
from __future__ import annotations

import io

import requests
from pypdf import PdfReader

from http_flows import choose_unit, create_certificate, login, search_patient, session_id
from tests.support.running_system import wait_until

TOLVAN = "19121212-1212"
INGRID = "TSTNMT2321000156-1001"          # Ingrid Holm, läkare on VE11 and VE12
VE11 = "TSTNMT2321000156-VE11"            # Alfa Vårdcentral
OCCUPATION = "Snickare, bär tungt."


def _ingrid_on_ve11(system) -> requests.Session:
    http, _ = login(system, INGRID)
    assert choose_unit(http, system.base_url, VE11).status_code == 200
    return http


def _draft_with_an_answer(system, http: requests.Session) -> str:
    """A new FK7804 for Tolvan, its occupation (shown given "Nuvarande arbete") written through the
    certificate service's API as the form's autosave writes it (the form's field names are the
    gateway tier's business)."""
    patient_page = search_patient(http, system.base_url, TOLVAN)
    certificate_id = create_certificate(http, patient_page.url, "FK7804")
    headers = {"X-Session-Id": session_id(http)}
    path = f"{system.certificate_service_url}/certificates/{certificate_id}"
    editing = requests.post(f"{path}/editing", headers=headers, timeout=20)
    assert editing.status_code == 200, editing.text
    saved = requests.put(path, headers=headers, timeout=20,
                         json={"version": editing.json()["version"], "edit_token": editing.json()["edit_token"],
                               "content": {"28": ["NUVARANDE_ARBETE"], "29": OCCUPATION}})
    assert saved.status_code == 200, saved.text
    return certificate_id


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages)


def _printed(system, certificate_id: str) -> list[dict]:
    return [e for e in system.pdl_entries(TOLVAN)
            if e["certificate_id"] == certificate_id and e["action"] == "utskrift"]


def test_a_draft_printed_through_the_gateway_is_a_marked_pdf_and_a_pdl_entry(system):
    http = _ingrid_on_ve11(system)
    certificate_id = _draft_with_an_answer(system, http)

    # "Skriv ut": "Intyget/utkastet laddas då ned till din dator som en PDF".
    response = http.get(f"{system.base_url}/intyg/{certificate_id}/utskrift", timeout=30)

    assert response.status_code == 200, response.text[-2000:]
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="FK7804-utkast-') and TOLVAN not in disposition
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert "UTKAST – intyget är inte signerat" in text
    assert "Tolvan Tolvansson" in text and TOLVAN in text and OCCUPATION in text

    [entry] = wait_until(lambda: _printed(system, certificate_id), timeout=30,
                         what="the PDL entry 'utskrift' at the log service")
    assert (entry["user_id"], entry["unit_id"], entry["outcome"]) == (INGRID, VE11, "granted")
