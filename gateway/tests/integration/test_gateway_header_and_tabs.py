"""The header (§4.1) and the tabs (§4.2) for each role and login method."""
from __future__ import annotations

import re

import pytest

from gateway_http import csrf_token, login, text

TAB_LABELS = ("Sök/skriv intyg", "Ej hanterade ärenden", "Ej signerade utkast", "Signerade intyg")


def choose(client, unit_id):
    token = csrf_token(client, "/valj-vardenhet")
    client.post("/valj-vardenhet", data={"csrf_token": token, "unit_id": unit_id})


def tab_order(body: str) -> list[str]:
    nav = body.split('aria-label="Flikar"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'class="wc-tabs__tab"[^>]*>([^<]+)</a>', nav)


@pytest.mark.parametrize("user, first", [("maria", "/sok-skriv-intyg"), ("sara", "/sok-skriv-intyg")])
def test_issuers_see_search_first(client, user, first):
    assert login(client, user).headers["Location"] == first
    assert tab_order(text(client.get(first))) == list(TAB_LABELS)


def test_care_administrator_sees_unhandled_questions_first(client):
    login(client, "karin")
    choose(client, "TSTNMT2321000156-VE12")
    body = text(client.get("/ej-hanterade-arenden"))
    assert tab_order(body) == ["Ej hanterade ärenden", "Sök/skriv intyg", "Ej signerade utkast", "Signerade intyg"]
    assert client.get("/").headers["Location"] == "/ej-hanterade-arenden"


# Sök/skriv intyg has its form (test_gateway_patients.py), Ej signerade utkast and Signerade intyg
# their lists (test_gateway_certificate_lists_tabs.py), Ej hanterade ärenden its list
# (test_gateway_unhandled_questions*.py). Here no messaging service answers: the tab still opens in
# the logged-in frame, says so in Swedish, and no count is made up.
def test_unhandled_questions_tab_without_the_messaging_service_says_so(client):
    login(client, "maria")
    response = client.get("/ej-hanterade-arenden")
    body = text(response)
    assert response.status_code == 503
    assert "Ärendetjänsten svarar inte just nu." in body
    assert 'href="/ej-hanterade-arenden"\n           aria-current="page"' in body
    assert 'data-testid="unhandled-count"' not in body
    assert tab_order(body) == list(TAB_LABELS)


def test_siths_doctor_with_several_units_has_change_unit_but_no_account_link(client):
    login(client, "ingrid")
    choose(client, "TSTNMT2321000156-VE12")
    body = text(client.get("/sok-skriv-intyg"))
    assert "Alfa Akutmottagning" in body and "Alfa Regionen" in body
    assert "Ingrid Holm" in body and ">Läkare</span>" in body
    assert ">Om Webcert</a>" in body and ">Byt vårdenhet</a>" in body and ">Logga ut</button>" in body
    assert "Ändra uppgifter" not in body and "Skyddade personuppgifter" not in body
    assert 'data-testid="other-units-unhandled"' not in body  # no messaging service here: no number


def test_single_unit_user_has_no_change_unit(client):
    login(client, "sara")
    body = text(client.get("/sok-skriv-intyg"))
    assert "Sara Tand" in body and ">Tandläkare</span>" in body
    assert "Byt vårdenhet" not in body
    assert client.get("/byt-vardenhet").status_code == 403


def test_care_administrator_header_shows_the_role(client):
    login(client, "karin")
    choose(client, "TSTNMT2321000156-VE11")
    body = text(client.get("/ej-hanterade-arenden"))
    assert "Karin Admin" in body and ">Vårdadministratör</span>" in body and ">Byt vårdenhet</a>" in body


def test_eleg_doctor_has_change_details_leading_to_min_sida(client):
    login(client, "eva", method="eleg")
    body = text(client.get("/sok-skriv-intyg"))
    assert 'href="/min-sida">Ändra uppgifter</a>' in body
    assert "Byt vårdenhet" not in body
    page = text(client.get("/min-sida"))
    assert "Min sida" in page and 'value="eva.lund@example.invalid"' in page
    assert "Lunds Läkarpraktik" in page


def test_min_sida_saves_changes_through_the_auth_service(client, fake_auth):
    login(client, "eva", method="eleg")
    token = csrf_token(client, "/min-sida")
    response = client.post("/min-sida", data={"csrf_token": token, "email": "eva.ny@example.invalid",
                                              "unit_name": "Lunds Läkarpraktik Syd",
                                              "care_provider_name": "Lunds Läkarpraktik"})
    assert response.status_code == 200
    assert "Dina uppgifter är sparade." in text(response)
    account = next(iter(fake_auth.sessions.values())).account
    assert account["email"] == "eva.ny@example.invalid"
    assert account["practice"]["unit_name"] == "Lunds Läkarpraktik Syd"


def test_min_sida_refuses_a_bad_email_and_keeps_the_account(client, fake_auth):
    login(client, "eva", method="eleg")
    token = csrf_token(client, "/min-sida")
    response = client.post("/min-sida", data={"csrf_token": token, "email": "inte-en-adress"})
    assert response.status_code == 400
    assert "Ange en giltig e-postadress." in text(response)
    assert fake_auth.calls_to("PATCH", "/accounts/current") == 0


def test_min_sida_is_only_for_eleg_doctors(client):
    login(client, "maria")
    assert client.get("/min-sida").status_code == 403


def test_change_unit_switches_the_unit_in_the_header(client):
    login(client, "ingrid")
    choose(client, "TSTNMT2321000156-VE12")
    page = text(client.get("/byt-vardenhet"))
    assert "Byt vårdenhet" in page and "Mottagning Söder" in page
    token = csrf_token(client, "/byt-vardenhet")
    response = client.post("/byt-vardenhet", data={"csrf_token": token, "unit_id": "TSTNMT2321000156-VE11-M2"})
    assert response.headers["Location"] == "/sok-skriv-intyg"
    assert "Alfa Vårdcentral, Mottagning Söder" in text(client.get("/sok-skriv-intyg"))


def test_about_page(client):
    login(client, "maria")
    body = text(client.get("/om-webcert"))
    assert "Om Webcert" in body and "Support" in body and "Vanliga frågor" in body
    assert "Läkarintyg för sjukpenning (FK7804)" in body


def test_header_api_for_scripts(client):
    assert client.get("/api/session").status_code == 401
    login(client, "karin")
    choose(client, "TSTNMT2321000156-VE11")
    data = client.get("/api/session").get_json()
    assert data["user"]["name"] == "Karin Admin"
    assert data["unit"]["id"] == "TSTNMT2321000156-VE11"
    assert [t["label"] for t in data["tabs"]][0] == "Ej hanterade ärenden"
    assert data["may_change_unit"] is True and data["may_edit_account"] is False
    assert data["other_units_unhandled"] is None
