"""The steps after login, in the order the auth service gives them: Välj vårdenhet (§3),
the risk dialog (§5.8), the information box of a warned care provider (§3)."""
from __future__ import annotations

from gateway_http import csrf_token, login, text


def test_user_with_several_units_chooses_a_unit_first(client):
    response = login(client, "ingrid")
    assert response.headers["Location"] == "/valj-vardenhet"
    page = client.get("/valj-vardenhet")
    body = text(page)
    assert "Välj vårdenhet" in body
    assert "Alfa Vårdcentral" in body and "Alfa Akutmottagning" in body
    # §3 Figur 2: the workplaces sit under the unit behind a plus sign
    assert "Alfa Vårdcentral, Mottagning Norr" in body
    assert 'aria-label="Visa arbetsplatser för Alfa Vårdcentral"' in body and ">+</button>" in body
    # nothing else before the unit is chosen
    assert client.get("/sok-skriv-intyg").headers["Location"] == "/valj-vardenhet"


def test_choosing_a_workplace_leads_to_the_first_tab(client, fake_auth):
    login(client, "ingrid")
    token = csrf_token(client, "/valj-vardenhet")
    response = client.post("/valj-vardenhet", data={"csrf_token": token, "unit_id": "TSTNMT2321000156-VE11-M1"})
    assert response.status_code == 302 and response.headers["Location"] == "/sok-skriv-intyg"
    page = client.get("/sok-skriv-intyg")
    assert "Alfa Vårdcentral, Mottagning Norr" in text(page)


def test_choosing_an_unknown_unit_is_400_and_changes_nothing(client, fake_auth):
    login(client, "ingrid")
    token = csrf_token(client, "/valj-vardenhet")
    response = client.post("/valj-vardenhet", data={"csrf_token": token, "unit_id": "TSTNMT2321000156-VE99"})
    assert response.status_code == 400
    assert "Välj en vårdenhet eller arbetsplats i listan." in text(response)
    assert fake_auth.calls_to("PUT", "/sessions/current/unit") == 0


def test_choosing_a_unit_without_csrf_token_changes_nothing(client, fake_auth):
    login(client, "ingrid")
    response = client.post("/valj-vardenhet", data={"unit_id": "TSTNMT2321000156-VE12"})
    assert response.status_code == 400
    assert fake_auth.calls_to("PUT", "/sessions/current/unit") == 0


def test_unit_page_when_nothing_is_pending_goes_on(client):
    login(client, "maria")
    assert client.get("/valj-vardenhet").headers["Location"] == "/sok-skriv-intyg"


def test_protected_identity_issuer_must_accept_the_risk_dialog(client, fake_auth):
    response = login(client, "sigrid")
    assert response.headers["Location"] == "/skyddade-personuppgifter/godkann"
    assert client.get("/sok-skriv-intyg").headers["Location"] == "/skyddade-personuppgifter/godkann"
    body = text(client.get("/skyddade-personuppgifter/godkann"))
    assert "Om du som intygsutfärdare har skyddade personuppgifter" in body
    assert "När du signerar ett intyg kommer ditt namn" in body
    assert '<dialog class="ds-dialog' in body and ">Godkänn</button>" in body
    token = csrf_token(client, "/skyddade-personuppgifter/godkann")
    accepted = client.post("/skyddade-personuppgifter/godkann", data={"csrf_token": token})
    assert accepted.headers["Location"] == "/sok-skriv-intyg"
    assert client.get("/sok-skriv-intyg").status_code == 200


def test_declining_the_risk_dialog_logs_out(client, fake_auth):
    login(client, "sigrid")
    token = csrf_token(client, "/skyddade-personuppgifter/godkann")
    response = client.post("/skyddade-personuppgifter/avbryt", data={"csrf_token": token})
    assert response.headers["Location"] == "/"
    assert fake_auth.sessions == {}
    assert "Du är utloggad." in text(client.get("/"))


def test_protected_identity_link_shows_the_risk_text_again(client):
    login(client, "sigrid")
    token = csrf_token(client, "/skyddade-personuppgifter/godkann")
    client.post("/skyddade-personuppgifter/godkann", data={"csrf_token": token})
    tab = text(client.get("/sok-skriv-intyg"))
    assert 'href="/skyddade-personuppgifter">Skyddade personuppgifter</a>' in tab
    again = client.get("/skyddade-personuppgifter")
    assert again.status_code == 200
    assert "Ovanstående punkter innebär att information om dig" in text(again)


def test_warned_care_provider_shows_the_information_box_once(client, fake_auth):
    response = login(client, "bertil")
    assert response.headers["Location"] == "/information"
    body = text(client.get("/information"))
    assert "Beta Vård AB" in body and "journalsystemet" in body
    token = csrf_token(client, "/information")
    done = client.post("/information", data={"csrf_token": token})
    assert done.headers["Location"] == "/sok-skriv-intyg"
    assert client.get("/information").headers["Location"] == "/sok-skriv-intyg"


def test_steps_come_in_the_order_the_auth_service_gives(client, fake_auth):
    # A protected-identity issuer with several units: unit first, then the risk dialog.
    from fake_auth_service import USERS, VE11, VE12
    USERS["sigrid"].units = [VE11, VE12]
    try:
        assert login(client, "sigrid").headers["Location"] == "/valj-vardenhet"
        token = csrf_token(client, "/valj-vardenhet")
        chosen = client.post("/valj-vardenhet", data={"csrf_token": token, "unit_id": VE12["id"]})
        assert chosen.headers["Location"] == "/skyddade-personuppgifter/godkann"
    finally:
        USERS["sigrid"].units = [VE12]
