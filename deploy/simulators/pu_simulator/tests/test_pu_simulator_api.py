"""The PU simulator's JSON API: what pu-lookup's PopulationRegister adapter sees, including
503 when the register is made unavailable and the wait when it is made slow."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from pu_simulator import PuSimulatorConfig, create_app
from pu_simulator.register import AVAILABLE, SLOW, PopulationRegister, load_people
from webcert_common.config import ConfigError

DEMO = str(Path(__file__).resolve().parents[3] / "demo" / "demo-data.yaml")


class RecordedWaits(list):
    """Stands in for time: remembers how long a call was told to wait."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def waits():
    return RecordedWaits()


@pytest.fixture
def client(waits):
    return create_app(PuSimulatorConfig(demo_data_path=DEMO, slow_delay_seconds=4), wait=waits).test_client()


def lookup(client, number):
    return client.post("/api/persons/lookup", json={"personnummer": number})


def set_state(client, **body):
    return client.post("/control/state", json=body)


@pytest.mark.parametrize("number", ["19121212-1212", "191212121212", " 19121212-1212 "])
def test_lookup_answers_the_person_with_or_without_dash(client, number):
    response = lookup(client, number)
    assert response.status_code == 200
    assert response.get_json() == {
        "personnummer": "191212121212", "name": "Tolvan Tolvansson",
        "address": {"street": "Svensksundsvägen 11", "postal_code": "11111", "city": "Stockholm"},
        "protected_identity": False, "deceased": None,
    }


def test_lookup_tells_protection_death_and_samordningsnummer(client):
    protected = lookup(client, "19680815-1556").get_json()
    assert protected["protected_identity"] is True and protected["address"] is None
    assert lookup(client, "19400404-0442").get_json()["deceased"] == "2026-11-20"
    assert lookup(client, "19850363-3219").get_json()["name"] == "Jan Samuelsson"


def test_an_unknown_number_is_not_found(client):
    response = lookup(client, "19721225-4549")
    assert response.status_code == 404
    assert response.get_json()["error"]["reason"] == "PERSON_NOT_FOUND"
    assert "finns inte" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("body", [{"personnummer": "121212-1212"}, {"personnummer": "19121212+1212"},
                                  {"personnummer": 191212121212}, {}, {"personnummer": "19121212-12123"}])
def test_a_malformed_number_is_refused_in_swedish(client, body):
    response = client.post("/api/persons/lookup", json=body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["reason"] == "INVALID_PERSONNUMMER" and "12 siffror" in error["message"]


def test_a_body_that_is_not_json_is_refused(client):
    response = client.post("/api/persons/lookup", data="personnummer=191212121212",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415 and response.get_json()["error"]["reason"] == "UNSUPPORTED_MEDIA_TYPE"


def test_unknown_paths_answer_json_not_a_stack_trace(client):
    response = client.get("/api/finns-inte")
    assert response.status_code == 404 and response.get_json()["error"]["message"] == "Sidan finns inte."


def test_unavailable_answers_every_api_call_with_503_until_available_again(client):
    assert client.get("/api/health").status_code == 200
    assert set_state(client, state="unavailable").get_json()["state"] == "unavailable"
    for response in (lookup(client, "19121212-1212"), lookup(client, "19721225-4549"), client.get("/api/health")):
        assert response.status_code == 503
        assert response.get_json()["error"] == {"reason": "PU_UNAVAILABLE", "message": "PU-tjänsten är otillgänglig."}
    assert client.get("/control/state").get_json()["state"] == "unavailable"   # control still answers
    set_state(client, state="available")
    assert lookup(client, "19121212-1212").status_code == 200
    assert client.get("/api/health").status_code == 200


def test_slow_waits_the_configured_delay_then_answers(client, waits):
    lookup(client, "19121212-1212")
    assert waits == []                       # available: no wait
    set_state(client, state="slow")
    assert lookup(client, "19121212-1212").status_code == 200
    assert waits == [4]
    set_state(client, state="slow", delay_seconds=12.5)
    assert client.get("/api/health").status_code == 200
    assert waits == [4, 12.5]


@pytest.mark.parametrize("body", [{"state": "trasig"}, {"state": "slow", "delay_seconds": 0},
                                  {"state": "slow", "delay_seconds": 61}, {"state": "slow", "delay_seconds": "x"}])
def test_control_refuses_unknown_states_and_unbounded_delays(client, body):
    response = set_state(client, **body)
    assert response.status_code == 400 and response.get_json()["error"]["reason"] == "INVALID_STATE"
    assert client.get("/control/state").get_json()["state"] == "available"


def test_control_reset_reloads_the_demo_patients(client):
    app_register = client.application.extensions["pu_register"]
    from pu_simulator.register import PersonChange
    app_register.change(0, PersonChange("Någon Annan", True, None))
    assert lookup(client, "191212121212").get_json()["name"] == "Någon Annan"
    client.post("/control/reset", json={})
    assert lookup(client, "191212121212").get_json()["name"] == "Tolvan Tolvansson"


def test_a_slow_call_is_let_go_when_the_state_changes():
    # The real wait: bounded by the delay, ended early by the operator's next action.
    register = PopulationRegister(load_people(DEMO), slow_delay_seconds=30)
    register.set_state(SLOW)
    done = threading.Event()

    def call():
        register.pause(register.delay_before_answer())
        done.set()

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    assert not done.wait(0.05)
    register.set_state(AVAILABLE)
    assert done.wait(5), "the waiting call was not released"


def test_refuses_production_and_bad_configuration(monkeypatch):
    with pytest.raises(ConfigError):
        create_app(PuSimulatorConfig(demo_data_path=DEMO, environment="production"))
    with pytest.raises(ConfigError):
        create_app(PuSimulatorConfig(demo_data_path="/finns/inte.yaml"))
    monkeypatch.setenv("PU_SIMULATOR_SLOW_SECONDS", "inte-ett-tal")
    with pytest.raises(ConfigError):
        PuSimulatorConfig.from_env()
    monkeypatch.setenv("PU_SIMULATOR_SLOW_SECONDS", "600")
    with pytest.raises(ConfigError):
        PuSimulatorConfig.from_env()
    monkeypatch.setenv("PU_SIMULATOR_SLOW_SECONDS", "2.5")
    monkeypatch.setenv("ASSETS_BASE_URL", "javascript:alert(1)")
    with pytest.raises(ConfigError):
        PuSimulatorConfig.from_env()


def test_config_from_env(monkeypatch):
    monkeypatch.setenv("PU_SIMULATOR_SLOW_SECONDS", "2.5")
    monkeypatch.setenv("DEMO_DATA_PATH", DEMO)
    monkeypatch.setenv("ASSETS_BASE_URL", "http://localhost:8000/")
    monkeypatch.setenv("SIMULATOR_INDEX_URL", "http://localhost:8000/simulatorer/")
    config = PuSimulatorConfig.from_env()
    assert config.slow_delay_seconds == 2.5 and config.assets_base_url == "http://localhost:8000"
    assert config.index_url == "http://localhost:8000/simulatorer"
