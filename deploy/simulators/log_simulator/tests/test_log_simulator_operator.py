"""The log service simulator's operator page: entries per patient, newest first, the patient
filter as a POST form, the availability buttons, CSRF, and no personnummer in any URL."""
from __future__ import annotations

import re

import pytest
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client

from log_simulator import LogSimulatorConfig, create_app

from test_log_simulator_api import GUNHILD, TOLVAN, make_entry

PREFIX = "/simulatorer/loggtjanst"
PERSONNUMMER_IN_URL = re.compile(r"\d{6}[-+]?\d{4}")


@pytest.fixture
def app(tmp_path):
    return create_app(LogSimulatorConfig(database_path=str(tmp_path / "entries.sqlite3")))


@pytest.fixture
def client(app):
    return app.test_client()


def page_of(client, path="/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def post_form(client, path, data):
    return client.post(path, data={"csrf_token": csrf_token(page_of(client)), **data})


def patients_in(page: str) -> list[str]:
    return re.findall(r'class="ds-heading" data-size="xs">Patient (\S+)', page)


def test_an_empty_log_says_so(client):
    page = page_of(client)
    assert "Loggtjänsten (simulerad)" in page and "0 loggposter totalt." in page and "Inga loggposter" in page
    assert "Gör loggtjänsten otillgänglig" in page


def test_entries_are_grouped_per_patient_newest_first_with_who_what_and_why(client):
    client.post("/api/entries", json=[
        make_entry(TOLVAN, minutes=1),
        make_entry(GUNHILD, minutes=2, action="läsa"),
        make_entry(TOLVAN, minutes=3, outcome="refused", reason="PROTECTED_IDENTITY_NOT_AUTHORISED",
                   user_id="TSTNMT2321000156-1009", role="VARDADMINISTRATOR"),
    ])
    page = page_of(client)
    assert patients_in(page) == [TOLVAN, GUNHILD]          # Tolvan has the newest entry
    assert "3 loggposter totalt." in page and "(2 poster)" in page and "(1 post)" in page
    tolvan = page.split(f"Patient {TOLVAN}")[1].split(f"Patient {GUNHILD}")[0]
    rows = re.findall(r'<tr data-testid="log-entry">(.*?)</tr>', tolvan, re.S)
    assert "09:03:00" in rows[0] and "09:01:00" in rows[1]   # Swedish time, newest first
    assert "Nekad" in rows[0] and "PROTECTED_IDENTITY_NOT_AUTHORISED" in rows[0] and "Vårdadministratör" in rows[0]
    assert "TSTNMT2321000156-1009" in rows[0] and "TSTNMT2321000156-VE11-M1" in rows[0]
    assert "TSTNMT2321000156-VG01" in rows[0] and "Vård och behandling" in rows[0]
    assert "Medgiven" in rows[1] and "Läkare" in rows[1]


def test_the_patient_filter_is_a_post_and_shows_one_patient(client):
    client.post("/api/entries", json=[make_entry(TOLVAN, minutes=1), make_entry(GUNHILD, minutes=2)])
    response = post_form(client, "/sok", {"patient_id": "194004040442"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert patients_in(page) == [GUNHILD] and f"1 loggpost för {GUNHILD}." in page
    assert "Visa alla patienter" in page
    bad = post_form(client, "/sok", {"patient_id": "4040442"})
    assert bad.status_code == 400 and "12 siffror" in bad.get_data(as_text=True)
    assert patients_in(post_form(client, "/sok", {"patient_id": ""}).get_data(as_text=True)) == [GUNHILD, TOLVAN]


def test_the_buttons_make_the_service_unavailable_and_available(client):
    response = post_form(client, "/tillganglighet", {"state": "unavailable"})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    page = page_of(client)
    assert "Loggtjänsten är nu otillgänglig." in page and 'data-state="unavailable"' in page
    assert "Gör loggtjänsten tillgänglig" in page
    assert client.post("/api/entries", json=make_entry()).status_code == 503
    post_form(client, "/tillganglighet", {"state": "available"})
    assert client.post("/api/entries", json=make_entry()).status_code == 201
    assert post_form(client, "/tillganglighet", {"state": "kanske"}).status_code == 400


@pytest.mark.parametrize("path, data", [("/tillganglighet", {"state": "unavailable"}), ("/sok", {"patient_id": TOLVAN})])
def test_forms_refuse_a_post_without_csrf_token(client, path, data):
    page_of(client)
    response = client.post(path, data=data)
    assert response.status_code == 400 and "säkerhetskod" in response.get_data(as_text=True)
    assert client.get("/control/state").get_json() == {"available": True}


def test_mounted_under_a_prefix_urls_stay_under_it_and_carry_no_personnummer(app):
    client = Client(DispatcherMiddleware(lambda env, start: start("404 Not Found", []) or [b""], {PREFIX: app}))
    client.post(f"{PREFIX}/api/entries", json=make_entry())
    page = client.get(f"{PREFIX}/").get_data(as_text=True)
    token = csrf_token(page)
    filtered = client.post(f"{PREFIX}/sok", data={"csrf_token": token, "patient_id": TOLVAN}).get_data(as_text=True)
    moved = client.post(f"{PREFIX}/tillganglighet", data={"csrf_token": token, "state": "unavailable"})
    assert moved.headers["Location"] == f"{PREFIX}/"
    urls = re.findall(r'(?:href|action|src)="([^"]*)"', page + filtered) + [moved.headers["Location"]]
    own = [u for u in urls if not u.startswith(("/static/", "#"))]
    assert own and all(u.startswith(PREFIX + "/") for u in own), own
    assert not [u for u in urls if PERSONNUMMER_IN_URL.search(u)]
    assert TOLVAN in filtered                               # in the page body, where it belongs
