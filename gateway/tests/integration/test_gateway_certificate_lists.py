"""The patient page's certificate lists on the real stack (CERT-2; §5.2 "Skapa och signera intyg",
"Favoritmarkering av intyg"): the types with stars and "Skapa intyg", the patient's certificates
on the unit, and every refusal the services decide (Tabell 2, §3 blocked, PU-2, PU-4)."""
from __future__ import annotations

import re

from certificate_stack import (ALFA_AKUT, ALFA_VARDCENTRAL, GUNHILD, SKYDDAD, TOLVAN, csrf_token, page_text,
                               post_form)
from webcert_auth.domain.privileges import certificate_types_for
from webcert_auth.domain.roles import Role

TYPE_ROW = re.compile(r'data-testid="certificate-type-([A-Z0-9-]+)"')
BLOCKED = "Din vårdgivare har blockerat utfärdande av intyg i fristående Webcert."


def type_codes(body: str) -> list[str]:
    return TYPE_ROW.findall(body)


def create(client, patient_url: str, code: str):
    return post_form(client, f"{patient_url}/skapa-intyg", {"certificate_type": code}, token_from=patient_url)


def star(client, patient_url: str, code: str, on: bool = True):
    return post_form(client, f"{patient_url}/favoritmarkera",
                     {"certificate_type": code, "favourite": "true" if on else "false"}, token_from=patient_url)


def assert_no_number(url: str, personnummer: str = TOLVAN) -> None:
    """No form of the personnummer in a URL: 12 or 10 digits, the date, with or without the dash."""
    plain = personnummer.replace("-", "")
    for run in (plain, plain[2:], plain[:8], plain[2:8], personnummer, personnummer[2:]):
        assert run not in url, (run, url)


def urls_of(body: str) -> list[str]:
    return re.findall(r'(?:href|action)="([^"]*)"', body)


def test_the_patient_page_lists_types_and_the_patients_certificates(stack):
    client = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    patient_url = stack.open_patient(client, TOLVAN)
    page = client.get(patient_url)
    body = page_text(page)
    assert page.status_code == 200
    assert "inte tillgänglig ännu" not in body
    # the service's order: no favourites yet, so by name; FK7263 is shown and printed only (Tabell 2)
    service_order = [t["code"] for t in stack.certificates.types(stack.session_id(client))]
    assert type_codes(body) == service_order and "FK7263" not in service_order
    assert 'data-testid="create-FK7804"' in body and 'aria-pressed="false"' in body
    assert "Läkarintyg för sjukpenning" in body and "Underlag till Försäkringskassan" in body
    # the demo world's two FK7263, signed and sent by Ingrid Holm on Alfa Vårdcentral
    table = body[body.index('data-testid="patient-certificates"'):]
    assert table.count('data-status="SENT"') == 2 and "Skickat" in table and "Ingrid Holm" in table
    assert 'href="/intyg/0b7e5c2a-7263-4a11-9e01-000000000001"' in table
    assert re.search(r'data-testid="date-0b7e5c2a-7263-4a11-9e01-000000000001">\d{4}-\d\d-\d\d \d\d:\d\d<', table)
    assert 'data-testid="forwarded-' not in table          # a signed certificate has no forwarded box


def test_on_another_unit_the_patient_has_no_certificates(stack):
    client = stack.login("ingrid", unit_id=ALFA_AKUT)
    body = page_text(client.get(stack.open_patient(client, TOLVAN)))
    assert 'data-testid="no-patient-certificates"' in body
    assert "Patienten har inga intyg på den vårdenhet eller" in body


def test_skapa_intyg_creates_a_draft_and_opens_it(stack):
    client = stack.login("ingrid", unit_id=ALFA_AKUT)
    patient_url = stack.open_patient(client, TOLVAN)
    answer = create(client, patient_url, "FK7804")
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert re.fullmatch(r"/intyg/[0-9a-f-]{36}", location), location
    certificate_id = location.rsplit("/", 1)[1]
    draft = stack.certificates.get(stack.session_id(client), certificate_id)
    assert draft["status"] == "DRAFT" and draft["certificate_type"] == "FK7804"
    assert draft["patient"]["personnummer"] == TOLVAN and draft["unit"]["id"] == ALFA_AKUT
    # back on the patient page the draft is listed: Utkast, saved by Ingrid, a forwarded box, Öppna
    body = page_text(client.get(patient_url))
    row = body[body.index(f'data-testid="certificate-row-{certificate_id}"'):]
    row = row[:row.index("</tr>")]
    assert "Utkast" in row and "Ingrid Holm" in row and f'href="/intyg/{certificate_id}"' in row
    assert f'data-testid="forwarded-{certificate_id}"' in row and "checked" not in row


def test_a_favourite_is_pinned_on_top_and_survives_a_new_login(stack):
    client = stack.login("ingrid", unit_id=ALFA_AKUT)
    patient_url = stack.open_patient(client, TOLVAN)
    before = type_codes(page_text(client.get(patient_url)))
    last = before[-1]
    answer = star(client, patient_url, last)
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"{patient_url}#intygstyper"
    body = page_text(client.get(patient_url))
    assert type_codes(body)[0] == last
    assert re.search(rf'aria-pressed="true"\s+data-testid="favourite-{last}"', body)
    # per user, kept by the service: a new login (another browser) sees the same order
    again = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    assert type_codes(page_text(again.get(stack.open_patient(again, TOLVAN))))[0] == last
    # another user does not
    other = stack.login("karin", unit_id=ALFA_AKUT)
    assert type_codes(page_text(other.get(stack.open_patient(other, TOLVAN))))[0] == before[0]
    # unstarred, the type goes back to its place
    star(client, patient_url, last, on=False)
    assert type_codes(page_text(client.get(patient_url))) == before


def test_a_dentist_sees_only_the_dentists_types(stack):
    client = stack.login("sara")
    patient_url = stack.open_patient(client, TOLVAN)
    shown = type_codes(page_text(client.get(patient_url)))
    # Tabell 2's Tandläkare column, without FK7263 ("Endast visning och utskrift")
    expected = set(certificate_types_for(Role.TANDLAKARE)) - {"FK7263"}
    assert set(shown) == expected == {"FK7804", "AG1-14", "AG7804"}
    refused = create(client, patient_url, "DB")
    assert refused.status_code == 403
    body = page_text(refused)
    assert 'data-testid="certificate-message"' in body and "Du kan inte skapa Dödsbevis i din roll." in body


def test_a_blocked_user_is_told_why_and_cannot_create(stack):
    client = stack.login("greta")
    patient_url = stack.open_patient(client, TOLVAN)
    body = page_text(client.get(patient_url))
    assert 'data-testid="create-refused"' in body and BLOCKED in body
    assert 'data-testid="create-' not in body.replace('data-testid="create-refused"', "")
    # the star still works (§3 takes away creating, not choosing favourites)
    assert 'data-testid="favourite-FK7804"' in body
    refused = create(client, patient_url, "FK7804")
    assert refused.status_code == 403 and BLOCKED in page_text(refused)
    assert "Tolvan Tolvansson" in page_text(refused)     # the patient page, with the message
    assert stack.certificates.drafts(stack.session_id(client)) == []


def test_a_protected_patient_has_no_death_certificates(stack):
    client = stack.login("ingrid", unit_id=ALFA_AKUT)
    patient_url = stack.open_patient(client, SKYDDAD)
    body = page_text(client.get(patient_url))
    for code in ("DB", "DOI"):
        assert f'data-testid="not-creatable-{code}"' in body and f'data-testid="create-{code}"' not in body
    assert 'data-testid="create-FK7804"' in body
    refused = create(client, patient_url, "DB")
    assert refused.status_code == 403
    assert "kan inte" in page_text(refused) and 'data-testid="certificate-message"' in page_text(refused)


def test_a_deceased_patient_gets_only_dodsorsaksintyg(stack):
    client = stack.login("ingrid", unit_id=ALFA_AKUT)
    patient_url = stack.open_patient(client, GUNHILD)
    body = page_text(client.get(patient_url))
    creatable = re.findall(r'data-testid="create-([A-Z0-9-]+)"', body)
    assert creatable == ["DOI"]
    refused = create(client, patient_url, "FK7804")
    assert refused.status_code == 403 and "Patienten är registrerad som avliden." in page_text(refused)
    assert create(client, patient_url, "DOI").status_code == 302


def test_bad_input_is_refused_in_swedish(stack):
    client = stack.login("ingrid", unit_id=ALFA_AKUT)
    patient_url = stack.open_patient(client, TOLVAN)
    for code in ("", "<script>", "X" * 40):
        answer = create(client, patient_url, code)
        assert answer.status_code == 400 and "Välj en intygstyp i listan." in page_text(answer)
    unknown = create(client, patient_url, "FK9999")
    assert unknown.status_code == 404 and "Intygstypen FK9999 finns inte." in page_text(unknown)
    assert star(client, patient_url, "FK9999").status_code == 404
    # without the form's CSRF token nothing happens
    assert client.post(f"{patient_url}/skapa-intyg", data={"certificate_type": "FK7804"}).status_code == 400
    # a made-up reference: back to the search with the manual's message, nothing created
    answer = post_form(client, "/patient/not-a-reference/skapa-intyg", {"certificate_type": "FK7804"},
                       token_from=patient_url)
    assert answer.status_code == 302 and answer.headers["Location"] == "/sok-skriv-intyg"
    assert stack.certificates.drafts(stack.session_id(client)) == []


def test_no_personnummer_in_any_url_or_redirect(stack):
    client = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    patient_url = stack.open_patient(client, TOLVAN)
    locations = [patient_url, create(client, patient_url, "FK7804").headers["Location"],
                 star(client, patient_url, "FK7804").headers["Location"]]
    draft_id = locations[1].rsplit("/", 1)[1]
    locations.append(post_form(client, f"/utkast/{draft_id}/vidarebefordrad",
                               {"forwarded": "true", "reference": patient_url.rsplit("/", 1)[1]},
                               token_from=patient_url).headers["Location"])
    locations.append(post_form(client, f"/utkast/{draft_id}/vidarebefordrad", {},
                               token_from="/ej-signerade-utkast").headers["Location"])
    for location in locations:
        assert_no_number(location)
    for path in (patient_url, "/ej-signerade-utkast", "/signerade-intyg"):
        body = page_text(client.get(path))
        assert TOLVAN in body                               # shown on the page ...
        for url in urls_of(body):
            assert_no_number(url)                           # ... never in a link or a form's action


def test_the_type_list_forms_carry_the_csrf_token(stack):
    client = stack.login("ingrid", unit_id=ALFA_AKUT)
    patient_url = stack.open_patient(client, TOLVAN)
    body = page_text(client.get(patient_url))
    token = csrf_token(client, patient_url)
    forms = re.findall(r"<form [^>]*>.*?</form>", body, re.S)
    posting = [f for f in forms if 'method="post"' in f]
    assert len(posting) > 10 and all(f'name="csrf_token" value="{token}"' in f for f in posting)


def test_pu_going_away_behind_the_certificate_service_locks_skapa_intyg(stack):
    client = stack.login("ingrid", unit_id=ALFA_AKUT)
    patient_url = stack.open_patient(client, TOLVAN)
    token_page = page_text(client.get(patient_url))
    token = re.search(r'name="csrf_token" value="([^"]+)"', token_page).group(1)
    stack.register.make_unavailable()        # the gateway has not heard yet; the certificate service asks PU
    answer = client.post(f"{patient_url}/skapa-intyg", data={"csrf_token": token, "certificate_type": "FK7804"})
    assert answer.status_code == 503
    assert "All hantering av intyg och ärendekommunikation i Webcert är låst" in page_text(answer)
    stack.register.make_available()
    assert stack.certificates.drafts(stack.session_id(client)) == []
