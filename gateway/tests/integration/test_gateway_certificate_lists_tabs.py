"""The tabs "Ej signerade utkast" and "Signerade intyg" (§4.2 "Flikarna", CERT-14) and the
"Vidarebefordrad" box (§5.4) on the real stack; the PU lock and an unavailable certificate
service with the gateway's fakes."""
from __future__ import annotations

import re

from certificate_stack import ALFA_AKUT, ALFA_VARDCENTRAL, JAN, TOLVAN, page_text, post_form
from gateway_http import login, text
from test_gateway_pu_lock import BANNER, LOCKED, tell

NO_SIGNED = "Det finns inga signerade intyg."


def row_of(body: str, certificate_id: str) -> str:
    start = body.index(f'data-testid="certificate-row-{certificate_id}"')
    return body[start:body.index("</tr>", start)]


def toggle_forwarded(client, certificate_id: str, on: bool, *, reference: str | None = None):
    data = {"forwarded": "true"} if on else {}
    if reference:
        data["reference"] = reference
    return post_form(client, f"/utkast/{certificate_id}/vidarebefordrad", data,
                     token_from=f"/patient/{reference}" if reference else "/ej-signerade-utkast")


def test_drafts_tab_lists_the_units_drafts(stack):
    doctor = stack.login("ingrid", unit_id=ALFA_AKUT)
    administrator = stack.login("karin", unit_id=ALFA_AKUT)
    empty = doctor.get("/ej-signerade-utkast")
    assert empty.status_code == 200 and 'data-testid="no-drafts"' in page_text(empty)
    mine = stack.create_draft(doctor, "FK7804", TOLVAN)
    theirs = stack.create_draft(administrator, "AG7804", JAN)
    page = doctor.get("/ej-signerade-utkast")
    body = page_text(page)
    assert re.search(r'href="/ej-signerade-utkast"\s+aria-current="page"', body)
    assert '<h1 id="tab-heading" class="ds-heading" data-size="md">Ej signerade utkast</h1>' in body
    row = row_of(body, mine["id"])
    assert "Läkarintyg för sjukpenning" in row and TOLVAN in row and "Tolvan Tolvansson" in row
    assert "Ingrid Holm" in row and f'href="/intyg/{mine["id"]}"' in row
    assert re.search(r'data-testid="date-[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d<', row)
    other = row_of(body, theirs["id"])
    assert JAN in other and "Jan Samuelsson" in other and "Karin Admin" in other
    # another unit's drafts are not listed
    elsewhere = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    assert mine["id"] not in page_text(elsewhere.get("/ej-signerade-utkast"))


def test_the_forwarded_box_is_toggled_from_the_drafts_tab(stack):
    administrator = stack.login("karin", unit_id=ALFA_AKUT)
    draft = stack.create_draft(administrator, "FK7804")
    row = row_of(page_text(administrator.get("/ej-signerade-utkast")), draft["id"])
    assert f'data-testid="forwarded-{draft["id"]}"' in row and "checked" not in row
    answer = toggle_forwarded(administrator, draft["id"], True)
    assert answer.status_code == 302 and answer.headers["Location"] == "/ej-signerade-utkast"
    row = row_of(page_text(administrator.get("/ej-signerade-utkast")), draft["id"])
    assert re.search(rf'data-testid="forwarded-{draft["id"]}" checked', row)
    # a doctor on the same unit sees the mark (the service keeps it) and clears it
    doctor = stack.login("ingrid", unit_id=ALFA_AKUT)
    assert "checked" in row_of(page_text(doctor.get("/ej-signerade-utkast")), draft["id"])
    toggle_forwarded(doctor, draft["id"], False)
    assert "checked" not in row_of(page_text(doctor.get("/ej-signerade-utkast")), draft["id"])


def test_the_forwarded_box_on_the_patient_page_returns_there(stack):
    doctor = stack.login("ingrid", unit_id=ALFA_AKUT)
    patient_url = stack.open_patient(doctor, TOLVAN)
    draft = stack.create_draft(doctor, "FK7804")
    reference = patient_url.rsplit("/", 1)[1]
    answer = toggle_forwarded(doctor, draft["id"], True, reference=reference)
    assert answer.status_code == 302 and answer.headers["Location"] == patient_url
    assert "checked" in row_of(page_text(doctor.get(patient_url)), draft["id"])


def test_forwarding_refused_by_the_service_is_said_on_the_list(stack):
    doctor = stack.login("ingrid", unit_id=ALFA_AKUT)
    draft = stack.create_draft(doctor, "FK7804")
    signed = stack.sign_draft(doctor, draft)
    answer = toggle_forwarded(doctor, signed["id"], True)
    assert answer.status_code == 409                       # NOT_A_DRAFT: only drafts are forwarded
    assert 'data-testid="certificate-message"' in page_text(answer)
    unknown = toggle_forwarded(doctor, "00000000-0000-4000-8000-000000000000", True)
    assert unknown.status_code == 404 and "Intyget finns inte." in page_text(unknown)
    malformed = post_form(doctor, "/utkast/<x>/vidarebefordrad", {"forwarded": "true"},
                          token_from="/ej-signerade-utkast")
    assert malformed.status_code == 404


def test_signed_tab_says_when_it_is_empty_and_lists_a_signed_certificate(stack):
    doctor = stack.login("ingrid", unit_id=ALFA_AKUT)
    empty = doctor.get("/signerade-intyg")
    assert empty.status_code == 200
    assert f'<p class="ds-paragraph">{NO_SIGNED}</p>' in page_text(empty)
    assert 'data-testid="no-signed-certificates"' in page_text(empty)
    draft = stack.create_draft(doctor, "FK7804")
    assert draft["id"] not in page_text(doctor.get("/signerade-intyg"))      # a draft is not signed
    signed = stack.sign_draft(doctor, draft)
    body = page_text(doctor.get("/signerade-intyg"))
    assert re.search(r'href="/signerade-intyg"\s+aria-current="page"', body)
    row = row_of(body, signed["id"])
    # CERT-14: type, status, signing date, personnummer
    assert "Läkarintyg för sjukpenning" in row and "Signerat" in row and TOLVAN in row
    assert re.search(r'data-testid="date-[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d<', row)
    assert f'href="/intyg/{signed["id"]}"' in row and "forwarded" not in row
    assert NO_SIGNED not in body
    # ... and it has left "Ej signerade utkast"
    assert signed["id"] not in page_text(doctor.get("/ej-signerade-utkast"))


def test_signed_tab_shows_the_demo_worlds_sent_certificates(stack):
    doctor = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    body = page_text(doctor.get("/signerade-intyg"))
    # the two FK7263 (signed 30 and 75 days ago, sent to FK) are within three months
    assert body.count('data-status="SENT"') == 2 and "Skickat" in body


# --- with the gateway's fakes ---------------------------------------------------------------------

def test_the_tabs_are_locked_while_pu_is_unavailable(app, client):
    login(client, "maria")
    tell(app, False, 0)
    for path in ("/ej-signerade-utkast", "/signerade-intyg"):
        answer = client.get(path)
        assert answer.status_code == 503 and BANNER in text(answer) and LOCKED in text(answer)
    tell(app, True, 1)
    assert client.get("/signerade-intyg").status_code == 200


def test_an_unavailable_certificate_service_is_named(client, fake_certificate):
    login(client, "maria")
    fake_certificate.down = True
    for path in ("/ej-signerade-utkast", "/signerade-intyg"):
        answer = client.get(path)
        assert answer.status_code == 503 and "Intygstjänsten svarar inte just nu." in text(answer)
        assert "Inloggningstjänsten" not in text(answer)


def test_the_patient_page_names_an_unavailable_certificate_service(client, fake_certificate):
    login(client, "maria")
    found = post_form(client, "/sok-skriv-intyg", {"personnummer": TOLVAN})
    fake_certificate.down = True
    answer = client.get(found.headers["Location"])
    assert answer.status_code == 503 and "Intygstjänsten svarar inte just nu." in text(answer)


def test_a_doctor_with_e_legitimation_sees_the_mark_but_may_not_forward(stack):
    # Tabell 3: "Vidarebefordra intygsutkast" -- Läkare med e-legitimation: Nej.
    doctor = stack.login("eva")
    draft = stack.create_draft(doctor, "FK7804")
    row = row_of(page_text(doctor.get("/ej-signerade-utkast")), draft["id"])
    assert re.search(rf'data-testid="forwarded-{draft["id"]}"\s+disabled', row)
    assert "forwarded-save-" not in row
    refused = toggle_forwarded(doctor, draft["id"], True)
    assert refused.status_code == 403 and 'data-testid="certificate-message"' in page_text(refused)
