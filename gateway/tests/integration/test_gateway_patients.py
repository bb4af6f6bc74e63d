"""Sök/skriv intyg (§5.2 steps 1–2, CERT-2) and the patient page: normal, protected (§5.8,
PU-2), deceased (§7.8, PU-4) and samordningsnummer patients; bad numbers, not found; the
patient reference that keeps the personnummer out of every URL."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from fake_pu_lookup_service import GUNHILD, JAN, SKYDDAD, TOLVAN, UNKNOWN
from gateway_http import csrf_token, login, text


def search(client, typed: str):
    token = csrf_token(client, "/sok-skriv-intyg")
    return client.post("/sok-skriv-intyg", data={"csrf_token": token, "personnummer": typed})


def open_patient(client, typed: str):
    found = search(client, typed)
    assert found.status_code == 302, text(found)
    return found, client.get(found.headers["Location"])


def digits_of(personnummer: str) -> list[str]:
    """Every run of the number a URL might carry: 12 digits, 10 digits, the date."""
    plain = personnummer.replace("-", "")
    return [plain, plain[2:], plain[:8], personnummer, personnummer[2:]]


def assert_hidden(url: str, personnummer: str) -> None:
    for run in digits_of(personnummer):
        assert run not in url, (run, url)
    assert not re.search(r"\d{6,}", url), url


def choose(client, unit_id="TSTNMT2321000156-VE12"):
    token = csrf_token(client, "/valj-vardenhet")
    client.post("/valj-vardenhet", data={"csrf_token": token, "unit_id": unit_id})


def test_the_search_tab_has_the_form_of_the_manual(client):
    login(client, "maria")
    body = text(client.get("/sok-skriv-intyg"))
    assert '<label class="ds-label" for="personnummer">Patientens personnummer</label>' in body
    assert '<button type="submit" class="ds-button" data-variant="primary">Fortsätt</button>' in body
    assert 'method="post" action="/sok-skriv-intyg"' in body
    assert 'aria-current="page">Sök/skriv intyg' in body.replace("\n           ", " ")


def test_a_doctor_finds_tolvan_and_sees_his_header(client, fake_pu):
    login(client, "maria")
    found, page = open_patient(client, "191212121212")
    assert found.headers["Location"].startswith("/patient/")
    assert_hidden(found.headers["Location"], TOLVAN)
    body = text(page)
    assert page.status_code == 200
    assert "Tolvan Tolvansson" in body
    assert '<span data-testid="patient-personnummer">19121212-1212</span>' in body
    assert "Svensksundsvägen 11, 11111 Stockholm" in body
    assert "protected-identity-tag" not in body and "deceased-tag" not in body
    # the types and the patient's certificates come from the certificate service (this fake has none;
    # the real lists are test_gateway_certificate_lists.py)
    assert 'data-testid="certificate-types"' in body and 'data-testid="no-patient-certificates"' in body
    # the patient page is under the Sök/skriv intyg tab
    assert re.search(r'href="/sok-skriv-intyg"\s+aria-current="page"', body)
    # one lookup, with the requester from the session view, and the normalised number
    [asked] = fake_pu.lookups()
    assert asked["personnummer"] == TOLVAN
    assert asked["requester"] == {"user_id": "TSTNMT2321000156-1003", "role": "LAKARE",
                                  "unit_id": "TSTNMT2321000156-VE12", "care_unit_id": "TSTNMT2321000156-VE12",
                                  "care_provider_id": "TSTNMT2321000156-VG01"}


def test_each_view_of_the_patient_page_is_one_lookup(client, fake_pu):
    login(client, "maria")
    found, _page = open_patient(client, TOLVAN)
    client.get(found.headers["Location"])
    assert len(fake_pu.lookups()) == 2          # §7.8: read from PU every time; one PDL entry each
    assert fake_pu.calls_to("POST", "/persons/validate") == 1


@pytest.mark.parametrize("typed", ["19121212-1212", "121212-1212", "1212121212", "19121212+1212"])
def test_every_written_form_leads_to_the_same_patient(client, typed):
    login(client, "maria")
    _found, page = open_patient(client, typed)
    assert "Tolvan Tolvansson" in text(page)


def test_a_protected_patient_is_marked_for_a_doctor(client):
    login(client, "maria")
    _found, page = open_patient(client, SKYDDAD)
    body = text(page)
    assert page.status_code == 200
    assert "Skyddad Sköld" in body
    assert '<span class="ds-tag" data-color="warning" data-testid="protected-identity-tag">' \
           'Skyddade personuppgifter</span>' in body
    assert "Dödsbevis (DB), Dödsorsaksintyg (DOI)" in body
    assert "Skapa dödsorsaksintyg: Dödsbevis och Dödsorsaksintyg kan inte hanteras" in body


def test_a_care_administrator_is_refused_a_protected_patient_and_sees_no_personal_data(client, fake_pu):
    login(client, "karin")
    choose(client)
    found = search(client, SKYDDAD)
    page = client.get(found.headers["Location"])
    body = text(page)
    assert page.status_code == 403
    assert "Du har inte behörighet att hantera intyg för denna patient." in body
    assert 'data-testid="patient-refused"' in body
    for personal in ("Skyddad", "Sköld", "19680815", "680815", SKYDDAD[-4:], "patient-header"):
        assert personal not in body, personal
    assert fake_pu.lookups()[0]["requester"]["role"] == "VARDADMINISTRATOR"


def test_a_care_administrator_sees_an_ordinary_patient(client):
    login(client, "karin")
    choose(client)
    _found, page = open_patient(client, TOLVAN)
    assert page.status_code == 200 and "Tolvan Tolvansson" in text(page)


def test_a_deceased_patient_is_marked_with_the_date_of_death(client):
    login(client, "maria")
    _found, page = open_patient(client, GUNHILD)
    body = text(page)
    assert "Gunhild Ek" in body
    assert 'data-testid="deceased-tag">Avliden 2026-11-20</span>' in body
    # §7.8 told honestly from pu-lookup's actions: no new certificate, but Dödsorsaksintyg
    assert "Skapa intyg, Förnya intyg, Ersätta intyg: Patienten är registrerad som avliden." in body
    assert "Dödsorsaksintyg kan skapas för patienten." in body


def test_a_samordningsnummer_works(client):
    login(client, "maria")
    found, page = open_patient(client, "198503633219")
    assert_hidden(found.headers["Location"], JAN)
    body = text(page)
    assert "Jan Samuelsson" in body
    assert "Samordningsnummer:" in body and "19850363-3219" in body


@pytest.mark.parametrize("typed, message", [
    ("19121212-1213", "Kontrollsiffran i personnumret stämmer inte."),
    ("1912121212", "Kontrollsiffran i personnumret stämmer inte."),
    ("12345", "Personnumret ska ha 10 eller 12 siffror."),
])
def test_a_bad_number_is_refused_with_the_services_message_and_nothing_else_happens(client, fake_pu, typed,
                                                                                     message):
    login(client, "maria")
    response = search(client, typed)
    body = text(response)
    assert response.status_code == 400
    assert message in body and 'data-testid="search-message"' in body
    assert f'value="{typed}"' in body           # kept in the form (the page body), for correcting
    assert 'aria-invalid="true"' in body
    assert fake_pu.lookups() == []


def test_an_empty_or_overlong_number_is_refused_before_asking(client, fake_pu):
    login(client, "maria")
    assert "Ange patientens personnummer." in text(search(client, "  "))
    long_one = search(client, "1" * 40)
    assert long_one.status_code == 400 and "för långt" in text(long_one)
    assert fake_pu.calls_to("POST", "/persons/validate") == 0


def test_an_unknown_person_is_told_plainly(client):
    login(client, "maria")
    found = search(client, UNKNOWN)
    page = client.get(found.headers["Location"])
    assert page.status_code == 404
    assert "Personnumret finns inte i folkbokföringen." in text(page)
    assert "Patientens personnummer" in text(page)     # the form again, to try another number


def test_no_personnummer_in_any_url_of_the_whole_flow(client):
    login(client, "maria")
    for number in (TOLVAN, SKYDDAD, GUNHILD, JAN, UNKNOWN):
        found = search(client, number)
        assert_hidden(found.headers["Location"], number)
        page = client.get(found.headers["Location"])
        for href in re.findall(r'(?:href|action)="([^"]+)"', text(page)):
            assert_hidden(href, number)


def test_the_same_patient_gets_a_fresh_reference_each_search(client):
    login(client, "maria")
    first = search(client, TOLVAN).headers["Location"]
    second = search(client, TOLVAN).headers["Location"]
    assert first != second                        # nothing to compare across searches or users


def test_a_tampered_reference_goes_back_to_the_search_form(client, fake_pu):
    login(client, "maria")
    location = search(client, TOLVAN).headers["Location"]
    reference = location.rsplit("/", 1)[1]
    flipped = reference[:20] + ("A" if reference[20] != "A" else "B") + reference[21:]
    response = client.get(f"/patient/{flipped}")
    assert response.status_code == 302 and response.headers["Location"] == "/sok-skriv-intyg"
    assert "Länken till patienten är inte giltig. Sök fram patienten igen." in text(client.get("/sok-skriv-intyg"))
    assert client.get("/patient/inte-en-referens").headers["Location"] == "/sok-skriv-intyg"
    assert fake_pu.lookups() == []


def test_an_expired_reference_goes_back_with_its_own_message(client, clock, fake_pu):
    login(client, "maria")
    location = search(client, TOLVAN).headers["Location"]
    clock.advance(timedelta(minutes=31))
    response = client.get(location)
    assert response.headers["Location"] == "/sok-skriv-intyg"
    assert "Sidan för patienten har gått ut." in text(client.get("/sok-skriv-intyg"))
    assert fake_pu.lookups() == []


def test_a_reference_from_another_installation_is_refused(client, config, fake_auth, fake_pu):
    from gateway_http import gateway_config
    from webcert_gateway.app import create_app
    other = create_app(gateway_config(config.database_url, secret_key="another-secret-" + "y" * 32),
                       auth_client=fake_auth, pu_lookup_client=fake_pu).test_client()
    login(other, "maria")
    location = search(other, TOLVAN).headers["Location"]
    login(client, "maria")
    assert client.get(location).headers["Location"] == "/sok-skriv-intyg"


def test_the_search_needs_a_login_and_a_csrf_token(client, fake_pu):
    assert client.post("/sok-skriv-intyg", data={"personnummer": TOLVAN}).status_code == 400
    assert client.get("/patient/anything").headers["Location"] == "/"
    login(client, "maria")
    assert client.post("/sok-skriv-intyg", data={"personnummer": TOLVAN}).status_code == 400
    assert fake_pu.calls == []


def test_pu_lookup_not_answering_shows_the_lock_message(client, fake_pu):
    login(client, "maria")
    fake_pu.down = True
    response = search(client, TOLVAN)
    assert response.status_code == 503
    assert "PU-tjänsten" in text(response) and "Traceback" not in text(response)


def test_the_register_unavailable_during_a_lookup_shows_the_lock_message(client, fake_pu):
    login(client, "maria")
    location = search(client, TOLVAN).headers["Location"]
    fake_pu.register_unavailable = True
    page = client.get(location)
    assert page.status_code == 503
    assert "All hantering av intyg och ärendekommunikation i Webcert är låst" in text(page)
    assert "Tolvan" not in text(page)


def test_ready_checks_pu_lookup(client, fake_pu):
    assert client.get("/ready").status_code == 200
    fake_pu.down = True
    answer = client.get("/ready")
    assert answer.status_code == 503 and answer.get_json()["checks"]["pu_lookup"].startswith("fel")
