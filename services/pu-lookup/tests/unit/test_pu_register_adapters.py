"""The population register's adapters: the HTTP adapter against a tiny PU-like Flask app (the
simulator's API), and the short-lived cache with a fake clock."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask, jsonify, request
from webcert_common.clock import FakeClock
from webcert_common.service_client import HttpServiceClient, WsgiServiceClient

from webcert_pu_lookup.adapters.cache import CachedPopulationRegister
from webcert_pu_lookup.adapters.http_register import HttpPopulationRegister
from webcert_pu_lookup.adapters.population_register import FakePopulationRegister, RegisterUnavailable
from webcert_pu_lookup.domain.identity_number import PersonalIdentityNumber
from webcert_pu_lookup.domain.person import Address, Person

TOLVAN = PersonalIdentityNumber("19121212-1212")
SKYDDAD = PersonalIdentityNumber("19680815-1556")
GUNHILD = PersonalIdentityNumber("19400404-0442")
UNKNOWN = PersonalIdentityNumber("19721225-4549")


def tiny_pu(state: dict) -> Flask:
    """Speaks the PU simulator's API (docs/ARCHITECTURE.md "Simulators")."""
    app = Flask("tiny_pu")
    persons = {
        "191212121212": {"personnummer": "191212121212", "name": "Tolvan Tolvansson",
                         "address": {"street": "Svensksundsvägen 11", "postal_code": "11111", "city": "Stockholm"},
                         "protected_identity": False, "deceased": None},
        "196808151556": {"personnummer": "19680815-1556", "name": "Skyddad Sköld",
                         "address": {"street": "Hemlig 1", "postal_code": "00000", "city": "X"},
                         "protected_identity": True, "deceased": None},
        "194004040442": {"personnummer": "194004040442", "name": "Gunhild Ek", "address": None,
                         "protected_identity": False, "deceased": "2026-11-20"},
    }

    @app.post("/api/persons/lookup")
    def lookup():
        state["bodies"].append(request.get_json())
        if not state["up"]:
            return jsonify(error="unavailable"), 503
        if state.get("garbage"):
            return jsonify(name="no number"), 200
        person = persons.get(request.get_json()["personnummer"])
        return (jsonify(person), 200) if person else (jsonify(error="not found"), 404)

    @app.get("/api/health")
    def health():
        return (jsonify(status="ok"), 200) if state["up"] else (jsonify(status="unavailable"), 503)

    return app


@pytest.fixture
def pu():
    state = {"up": True, "bodies": []}
    return state, HttpPopulationRegister(WsgiServiceClient(tiny_pu(state)))


def test_found_person_sent_as_twelve_digits(pu):
    state, register = pu
    person = register.find(TOLVAN)
    assert state["bodies"] == [{"personnummer": "191212121212"}]
    assert person == Person(TOLVAN, "Tolvan Tolvansson", Address("Svensksundsvägen 11", "11111", "Stockholm"))


def test_protected_person_never_keeps_an_address(pu):
    _, register = pu
    person = register.find(SKYDDAD)
    assert person.protected_identity and person.address is None


def test_deceased_person_has_a_date_of_death(pu):
    _, register = pu
    assert register.find(GUNHILD).date_of_death == date(2026, 11, 20)


def test_unknown_person_is_none(pu):
    _, register = pu
    assert register.find(UNKNOWN) is None


def test_503_and_a_malformed_answer_are_unavailable(pu):
    state, register = pu
    register.ping()
    state["up"] = False
    with pytest.raises(RegisterUnavailable):
        register.find(TOLVAN)
    with pytest.raises(RegisterUnavailable):
        register.ping()
    state.update(up=True, garbage=True)
    with pytest.raises(RegisterUnavailable):
        register.find(TOLVAN)


def test_no_answer_at_all_is_unavailable_within_the_timeout():
    # Port 9 (discard) on localhost: nothing listens, the connection is refused at once.
    register = HttpPopulationRegister(HttpServiceClient("http://127.0.0.1:9", timeout=0.5))
    with pytest.raises(RegisterUnavailable):
        register.find(TOLVAN)
    with pytest.raises(RegisterUnavailable):
        register.ping()


def test_the_cache_answers_within_its_ttl_then_asks_again():
    clock = FakeClock()
    inner = FakePopulationRegister([Person(TOLVAN, "Tolvan Tolvansson")])
    cache = CachedPopulationRegister(inner, timedelta(seconds=60), clock)
    assert cache.find(TOLVAN).name == "Tolvan Tolvansson"
    assert cache.find(UNKNOWN) is None
    assert cache.find(TOLVAN).name == "Tolvan Tolvansson"
    assert cache.find(UNKNOWN) is None
    assert inner.find_calls == 2
    clock.advance(timedelta(seconds=61))
    inner.add(Person(TOLVAN, "Tolvan Nilsson"))      # a changed name shows after the TTL
    assert cache.find(TOLVAN).name == "Tolvan Nilsson"
    assert inner.find_calls == 3


def test_the_cache_never_hides_an_outage():
    clock = FakeClock()
    inner = FakePopulationRegister([Person(TOLVAN, "Tolvan Tolvansson")])
    cache = CachedPopulationRegister(inner, timedelta(seconds=60), clock)
    cache.find(TOLVAN)
    inner.make_unavailable()
    with pytest.raises(RegisterUnavailable):
        cache.ping()                                  # the probe always reaches the register
    inner.make_available()
    cache.find(TOLVAN)                                # emptied by the failure: asked again
    assert inner.find_calls == 2
    clock.advance(timedelta(seconds=61))
    inner.make_unavailable()
    with pytest.raises(RegisterUnavailable):
        cache.find(TOLVAN)                            # expired: no stale answer during an outage


def test_a_zero_ttl_caches_nothing():
    inner = FakePopulationRegister([Person(TOLVAN, "Tolvan Tolvansson")])
    cache = CachedPopulationRegister(inner, timedelta(0), FakeClock())
    cache.find(TOLVAN)
    cache.find(TOLVAN)
    assert inner.find_calls == 2
