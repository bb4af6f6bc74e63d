"""CERT-10 "Skriv ut" through the API: the certificate as the user sees it goes to the PDF service
with its type's definition; the answer is the PDF with a file name free of personal data; every
print is one PDL entry ("utskrift"), and a print that fails leaves none."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from cert_world import TOLVAN, VE12
from webcert_certificate.adapters.pdf_renderer import FakePdfRenderer, HttpPdfRenderer
from webcert_common.service_client import HttpServiceClient


def services_of(certificates):
    return certificates.client.application.extensions["webcert_certificate"]


def printed(certificates, sid, certificate_id):
    return certificates.call(sid, "GET", f"/certificates/{certificate_id}/pdf")


def prints(certificates) -> list[dict]:
    return [e for e in certificates.pdl() if e["action"] == "utskrift"]


def test_a_draft_is_printed_by_the_pdf_service_and_logged(certificates):
    fake = services_of(certificates).pdf = FakePdfRenderer()
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    answer = printed(certificates, sid, draft["id"])
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert answer.data.startswith(b"%PDF")
    day = certificates.clock.now().astimezone(ZoneInfo("Europe/Stockholm")).date().isoformat()
    disposition = answer.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="FK7804-utkast-{day}.pdf"' and TOLVAN not in disposition
    assert answer.headers["Cache-Control"] == "no-store"
    [request] = fake.requests
    assert request["definition"]["code"] == "FK7804" and request["certificate"]["status"] == "DRAFT"
    assert request["certificate"]["patient"]["personnummer"] == TOLVAN and request["printed_at"]
    [entry] = prints(certificates)
    assert (entry["patient_id"], entry["certificate_id"], entry["outcome"]) == (TOLVAN, draft["id"], "granted")


def test_a_certificate_of_another_unit_is_not_printed(certificates):
    fake = services_of(certificates).pdf = FakePdfRenderer()
    draft = certificates.draft(certificates.login("ingrid"))
    elsewhere = certificates.login("maria", VE12)
    refused = printed(certificates, elsewhere, draft["id"])
    assert refused.status_code == 403 and refused.get_json()["error"]["reason"] == "OTHER_UNIT"
    missing = printed(certificates, elsewhere, "00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404
    assert fake.requests == [] and prints(certificates) == []


def test_with_the_pdf_service_away_nothing_is_printed_nor_logged(certificates):
    services_of(certificates).pdf = HttpPdfRenderer(HttpServiceClient("http://127.0.0.1:9", timeout=1))
    sid = certificates.login("ingrid")
    draft = certificates.draft(sid)
    refused = printed(certificates, sid, draft["id"])
    assert refused.status_code == 503 and refused.get_json()["error"]["reason"] == "DEPENDENCY_UNAVAILABLE"
    assert "Utskriftstjänsten" in refused.get_json()["error"]["message"]
    assert prints(certificates) == []

