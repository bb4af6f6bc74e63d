"""The log service simulator's JSON API: append-only, idempotent on entry_id, all or
nothing for a list, search per patient, count, and 503 while made unavailable."""
from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from log_simulator import LogSimulatorConfig, create_app
from webcert_common.clock import FakeClock
from webcert_common.config import ConfigError

TOLVAN, GUNHILD = "19121212-1212", "19400404-0442"
START = datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)


def make_entry(patient=TOLVAN, minutes=0, **extra):
    return {
        "entry_id": str(uuid.uuid4()), "time": (START + timedelta(minutes=minutes)).isoformat(),
        "user_id": "TSTNMT2321000156-1001", "role": "LAKARE", "unit_id": "TSTNMT2321000156-VE11-M1",
        "care_unit_id": "TSTNMT2321000156-VE11", "care_provider_id": "TSTNMT2321000156-VG01",
        "action": "läsa", "outcome": "granted", "reason": None, "patient_id": patient, "certificate_id": None,
        "purpose": "Vård och behandling", **extra,
    }


@pytest.fixture
def database(tmp_path):
    return str(tmp_path / "log" / "entries.sqlite3")


@pytest.fixture
def app(database):
    return create_app(LogSimulatorConfig(database_path=database), clock=FakeClock(START))


@pytest.fixture
def client(app):
    return app.test_client()


def count(client) -> int:
    return client.get("/api/entries/count").get_json()["count"]


def search(client, patient):
    return client.post("/api/entries/search", json={"patient_id": patient})


def test_one_entry_is_stored_and_found(client):
    entry = make_entry()
    response = client.post("/api/entries", json=entry)
    assert response.status_code == 201
    assert response.get_json() == {"received": 1, "stored": 1, "already_stored": 0}
    found = search(client, TOLVAN).get_json()
    assert found["patient_id"] == TOLVAN
    assert [e["entry_id"] for e in found["entries"]] == [entry["entry_id"]]
    assert found["entries"][0]["time"] == "2026-11-26T08:00:00.000000Z"
    assert count(client) == 1


def test_the_same_entry_twice_is_stored_once(client):
    entry = make_entry()
    client.post("/api/entries", json=entry)
    again = client.post("/api/entries", json=entry)
    assert again.status_code == 201 and again.get_json() == {"received": 1, "stored": 0, "already_stored": 1}
    batch = client.post("/api/entries", json=[entry, make_entry()])
    assert batch.get_json() == {"received": 2, "stored": 1, "already_stored": 1}
    assert count(client) == 2


def test_an_entry_id_with_other_content_is_refused_and_the_trail_unchanged(client):
    entry = make_entry()
    client.post("/api/entries", json=entry)
    response = client.post("/api/entries", json={**entry, "outcome": "refused", "reason": "X"})
    assert response.status_code == 409 and response.get_json()["error"]["reason"] == "ENTRY_CONFLICT"
    assert search(client, TOLVAN).get_json()["entries"][0]["outcome"] == "granted"


def test_a_list_with_one_bad_entry_stores_nothing(client):
    response = client.post("/api/entries", json=[make_entry(), make_entry(), make_entry(patient="12-34")])
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["reason"] == "INVALID_ENTRY" and error["message"].startswith("Loggpost 3: fältet patient_id")
    assert count(client) == 0


def test_a_conflict_inside_a_list_stores_nothing(client):
    stored = make_entry()
    client.post("/api/entries", json=stored)
    response = client.post("/api/entries", json=[make_entry(), {**stored, "action": "skriva"}])
    assert response.status_code == 409 and count(client) == 1


@pytest.mark.parametrize("kwargs", [dict(data="inte json", content_type="text/plain"),
                                    dict(data="{trasig", content_type="application/json")])
def test_a_body_that_is_not_json_is_refused(client, kwargs):
    response = client.post("/api/entries", **kwargs)
    assert response.status_code in (400, 415) and "error" in response.get_json()


def test_search_is_per_patient_newest_first_and_accepts_either_form(client):
    client.post("/api/entries", json=[make_entry(minutes=1), make_entry(GUNHILD, minutes=2),
                                      make_entry(minutes=3, outcome="refused", reason="PROTECTED")])
    entries = search(client, "191212121212").get_json()["entries"]
    assert [e["time"][11:16] for e in entries] == ["08:03", "08:01"]
    assert {e["patient_id"] for e in entries} == {TOLVAN}
    assert search(client, "19721225-4549").get_json()["entries"] == []
    refused = search(client, "1912121212")
    assert refused.status_code == 400 and refused.get_json()["error"]["reason"] == "INVALID_PATIENT_ID"


def test_entries_are_append_only_even_behind_the_api(app, client):
    client.post("/api/entries", json=make_entry())
    connection = app.extensions["log_store"].connect_raw()
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("UPDATE entries SET outcome = 'refused'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("DELETE FROM entries")
    finally:
        connection.close()
    assert count(client) == 1 and search(client, TOLVAN).get_json()["entries"][0]["outcome"] == "granted"


def test_entries_survive_a_restart(database, client):
    entry = make_entry()
    client.post("/api/entries", json=entry)
    restarted = create_app(LogSimulatorConfig(database_path=database)).test_client()
    assert count(restarted) == 1
    assert restarted.post("/api/entries", json=entry).get_json()["already_stored"] == 1


def test_unavailable_answers_every_api_call_with_503_and_stores_nothing(client):
    assert client.post("/control/state", json={"available": False}).get_json() == {"available": False}
    for response in (client.post("/api/entries", json=make_entry()), search(client, TOLVAN),
                     client.get("/api/entries/count"), client.get("/api/health")):
        assert response.status_code == 503
        assert response.get_json()["error"]["reason"] == "LOG_SERVICE_UNAVAILABLE"
    assert client.get("/").status_code == 200                 # the operator page still works
    client.post("/control/state", json={"available": True})
    assert count(client) == 0
    assert client.post("/api/entries", json=make_entry()).status_code == 201


def test_control_refuses_a_bad_state(client):
    assert client.post("/control/state", json={"available": "nej"}).status_code == 400
    assert client.post("/control/state", data="available=false").status_code == 400
    assert client.get("/control/state").get_json() == {"available": True}


def test_config_from_env(monkeypatch, tmp_path):
    monkeypatch.delenv("LOG_SIMULATOR_DATABASE", raising=False)
    monkeypatch.delenv("LOG_SIMULATOR_DATA_DIR", raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    assert LogSimulatorConfig.from_env().database_path == str(tmp_path / "data" / "log-simulator.sqlite3")
    monkeypatch.setenv("LOG_SIMULATOR_DATA_DIR", str(tmp_path / "own"))
    assert LogSimulatorConfig.from_env().database_path == str(tmp_path / "own" / "log-simulator.sqlite3")
    monkeypatch.setenv("LOG_SIMULATOR_DATABASE", str(tmp_path / "x.sqlite3"))
    assert LogSimulatorConfig.from_env().database_path == str(tmp_path / "x.sqlite3")
    monkeypatch.setenv("WEBCERT_ENV", "production")
    with pytest.raises(ConfigError):
        LogSimulatorConfig.from_env()
