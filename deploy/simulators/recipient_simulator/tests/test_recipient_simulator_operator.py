"""A recipient simulator's operator page: the recipient's name, how it answers and the buttons
that change it (CSRF-protected forms), and the tables of received certificates and revocations,
also when mounted under /simulatorer/<code> beside the other three."""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone

import pytest
from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client

from recipient_simulator import RECIPIENTS, RecipientSimulatorConfig, create_app
from webcert_common.clock import FakeClock

START = datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)      # 09:00 in Stockholm


def make_app(tmp_path, code="fk"):
    config = RecipientSimulatorConfig(recipient=code, database_path=str(tmp_path / f"{code}.sqlite3"))
    return create_app(config, clock=FakeClock(START), wait=lambda _s: None)


@pytest.fixture
def client(tmp_path):
    return make_app(tmp_path).test_client()


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def page_of(client, path="/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def choose_mode(client, mode, prefix="", **extra):
    token = csrf_token(page_of(client, prefix + "/"))
    return client.post(prefix + "/lage", data={"csrf_token": token, "mode": mode, **extra})


def certificate(delivery_id="d-1"):
    return {"delivery_id": delivery_id, "certificate": {
        "id": "cert-4711", "certificate_type": "FK7804", "type_version": "1.0", "signed_at": START.isoformat(),
        "patient": {"personnummer": "191212121212", "name": "Tolvan Tolvansson"}}}


def test_an_empty_page_names_the_recipient_and_its_mode(client):
    page = page_of(client)
    assert '<html lang="sv"' in page and "Simulerat externt system." in page
    assert "Försäkringskassan (simulerad)" in page and 'data-mode="normal"' in page
    assert "tar emot skickade FK-intyg" in page
    assert "Försäkringskassan är tillgänglig." in page
    for label in ("Gör mottagaren otillgänglig", "Svara långsamt", "Avvisa allt", "Svara med skräp"):
        assert f">{label}</button>" in page
    assert ">Gör mottagaren tillgänglig</button>" not in page
    assert "Inga intyg har tagits emot." in page and "Inga makuleringar har tagits emot." in page


def test_the_tables_show_what_arrived_and_how_many_attempts(client):
    client.post("/api/certificates", json=certificate())
    client.post("/api/certificates", json=certificate())
    client.post("/api/revocations", json={"delivery_id": "r-1", "certificate_id": "cert-4711",
                                          "reason": "ANNAT_ALLVARLIGT_FEL", "message": "Fel diagnos <b>angiven</b>."})
    page = page_of(client)
    for heading in ("Mottaget", "Intygs-id", "Typ", "Patientens personnummer", "Antal försök", "Orsak", "Meddelande"):
        assert f'<th scope="col">{heading}</th>' in page
    [row] = re.findall(r'<tr data-testid="recipient-certificate">(.*?)</tr>', page, re.S)
    assert "2026-11-26 09:00:00" in row and "cert-4711" in row and "FK7804" in row and "19121212-1212" in row
    assert '<td data-testid="attempts">2</td>' in row
    [revocation] = re.findall(r'<tr data-testid="recipient-revocation">(.*?)</tr>', page, re.S)
    assert "Annat allvarligt fel" in revocation and "Fel diagnos &lt;b&gt;angiven&lt;/b&gt;." in revocation
    assert '<td data-testid="attempts">1</td>' in revocation
    assert "1 makulering totalt" in page


@pytest.mark.parametrize("mode, state_text, gone", [
    ("down", "Försäkringskassan är otillgänglig.", "Gör mottagaren otillgänglig"),
    ("reject", "Försäkringskassan avvisar allt.", "Avvisa allt"),
    ("garbage", "Försäkringskassan svarar med skräp.", "Svara med skräp"),
])
def test_a_button_switches_the_mode(client, mode, state_text, gone):
    response = choose_mode(client, mode)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert client.get("/api/mode").get_json()["mode"] == mode
    page = page_of(client)
    assert f'data-mode="{mode}"' in page and state_text in page
    assert 'data-testid="recipient-notice"' in page
    assert f">{gone}</button>" not in page and ">Gör mottagaren tillgänglig</button>" in page
    choose_mode(client, "normal")
    assert client.get("/api/mode").get_json()["mode"] == "normal"
    assert "Försäkringskassan är nu tillgänglig" in page_of(client)


def test_slow_takes_the_delay_from_the_form(client):
    assert choose_mode(client, "slow", delay_seconds="2,5").status_code == 303
    assert client.get("/api/mode").get_json() == {"mode": "slow", "delay_seconds": 2.5}
    assert "väntar 2.5 sekunder" in page_of(client)
    refused = choose_mode(client, "slow", delay_seconds="-1")
    assert refused.status_code == 400 and "Fördröjningen ska vara mer än 0" in refused.get_data(as_text=True)
    assert client.get("/api/mode").get_json()["delay_seconds"] == 2.5


def test_an_unknown_mode_is_refused_on_the_page(client):
    response = choose_mode(client, "asleep")
    assert response.status_code == 400 and "Välj hur mottagaren ska svara." in response.get_data(as_text=True)


def test_a_form_without_the_csrf_token_is_refused(client):
    response = client.post("/lage", data={"mode": "down"})
    assert response.status_code == 400 and "säkerhetskod" in response.get_data(as_text=True)
    assert client.get("/api/mode").get_json()["mode"] == "normal"


def test_the_four_mounted_side_by_side_keep_their_own_state(tmp_path):
    apps = {code: make_app(tmp_path, code) for code in RECIPIENTS}
    browser = Client(DispatcherMiddleware(Flask("gateway"), {f"/simulatorer/{c}": a for c, a in apps.items()}))
    for code, recipient in RECIPIENTS.items():
        page = browser.get(f"/simulatorer/{code}/").get_data(as_text=True)
        assert f"{recipient.name} (simulerad)" in page
        assert f'action="/simulatorer/{code}/lage"' in page
    token = csrf_token(browser.get("/simulatorer/ts/").get_data(as_text=True))
    response = browser.post("/simulatorer/ts/lage", data={"csrf_token": token, "mode": "down"})
    assert response.status_code == 303 and response.headers["Location"] == "/simulatorer/ts/"
    assert browser.get("/simulatorer/ts/api/mode").get_json()["mode"] == "down"
    assert browser.get("/simulatorer/fk/api/mode").get_json()["mode"] == "normal"
    assert browser.post("/simulatorer/skv/api/certificates", json=certificate(str(uuid.uuid4()))).status_code == 201
    assert browser.get("/simulatorer/sos/api/received").get_json()["certificates"] == []
