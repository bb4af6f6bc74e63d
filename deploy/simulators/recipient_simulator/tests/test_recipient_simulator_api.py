"""A recipient simulator's JSON API: each delivery stored once per delivery_id (a repeat gets
the first receipt and is counted), malformed bodies refused in Swedish with nothing stored,
and the modes down, slow, reject and garbage (docs/ARCHITECTURE.md, "Recipient simulators")."""
from __future__ import annotations

import json
import threading
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from recipient_simulator import RECIPIENTS, RecipientSimulatorConfig, create_app
from recipient_simulator.mode import ModeSwitch
from webcert_common.clock import FakeClock
from webcert_common.config import ConfigError

START = datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)


def make_certificate(**extra) -> dict:
    return {"delivery_id": str(uuid.uuid4()), "certificate": {
        "id": str(uuid.uuid4()), "certificate_type": "FK7804", "type_version": "1.0",
        "signed_at": START.isoformat(), "patient": {"personnummer": "19121212-1212", "name": "Tolvan Tolvansson"},
        "issuer": {"id": "TSTNMT2321000156-1001", "name": "Arnold Johansson"},
        "unit": {"id": "TSTNMT2321000156-VE11", "name": "Vårdenhet 1"},
        "content": {"diagnosis": "J20"}, "signature": "c2lnbmF0dXI="}, **extra}


def make_revocation(**extra) -> dict:
    return {"delivery_id": str(uuid.uuid4()), "certificate_id": str(uuid.uuid4()), "reason": "FEL_PATIENT",
            "message": "Fel patient vald.", "revoked_at": START.isoformat(), **extra}


class WaitRecorder:
    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def clock():
    return FakeClock(START)


@pytest.fixture
def waits():
    return WaitRecorder()


@pytest.fixture
def app(tmp_path, clock, waits):
    config = RecipientSimulatorConfig(recipient="fk", database_path=str(tmp_path / "fk.sqlite3"))
    return create_app(config, clock=clock, wait=waits)


@pytest.fixture
def client(app):
    return app.test_client()


def received(client) -> dict:
    response = client.get("/api/received")
    assert response.status_code == 200
    return response.get_json()


def set_mode(client, mode, **extra):
    response = client.put("/api/mode", json={"mode": mode, **extra})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_certificate_is_stored_with_a_receipt(client):
    delivery = make_certificate()
    response = client.post("/api/certificates", json=delivery)
    assert response.status_code == 201
    receipt = response.get_json()
    assert set(receipt) == {"receipt_id", "received_at"} and receipt["received_at"].startswith("2026-11-26T08:00")
    [stored] = received(client)["certificates"]
    assert stored["delivery_id"] == delivery["delivery_id"] and stored["certificate"] == delivery["certificate"]
    assert stored["receipt_id"] == receipt["receipt_id"] and stored["attempts"] == 1
    assert received(client)["revocations"] == []


def test_a_repeated_delivery_gets_the_first_receipt_and_is_counted_not_stored(client, clock):
    delivery = make_certificate()
    first = client.post("/api/certificates", json=delivery).get_json()
    clock.advance(timedelta(minutes=5))
    again = client.post("/api/certificates", json=delivery)
    assert again.status_code == 200 and again.get_json() == first
    # even with other content: the first delivery is what the recipient has
    changed = {**delivery, "certificate": {**delivery["certificate"], "certificate_type": "TSTRK1007"}}
    assert client.post("/api/certificates", json=changed).get_json() == first
    [stored] = received(client)["certificates"]
    assert stored["attempts"] == 3 and stored["certificate"]["certificate_type"] == "FK7804"
    assert stored["received_at"] == first["received_at"] and stored["last_attempt_at"].startswith("2026-11-26T08:05")


def test_a_revocation_is_stored_once_like_a_certificate(client):
    revocation = make_revocation(reason="ANNAT_ALLVARLIGT_FEL", message="Fel diagnos angiven.")
    first = client.post("/api/revocations", json=revocation)
    again = client.post("/api/revocations", json=revocation)
    assert first.status_code == 201 and again.status_code == 200 and again.get_json() == first.get_json()
    [stored] = received(client)["revocations"]
    assert stored["certificate_id"] == revocation["certificate_id"] and stored["reason"] == "ANNAT_ALLVARLIGT_FEL"
    assert stored["message"] == "Fel diagnos angiven." and stored["attempts"] == 2
    assert received(client)["certificates"] == []


def test_deliveries_are_listed_in_the_order_they_arrived(client, clock):
    ids = []
    for minute in range(3):
        clock.advance(timedelta(minutes=1))
        delivery = make_certificate()
        ids.append(delivery["delivery_id"])
        client.post("/api/certificates", json=delivery)
    assert [c["delivery_id"] for c in received(client)["certificates"]] == ids


@pytest.mark.parametrize("path, body, message", [
    ("/api/certificates", {"certificate": make_certificate()["certificate"]}, "Fältet delivery_id saknas."),
    ("/api/certificates", make_certificate(delivery_id="  "), "Fältet delivery_id får inte vara tomt."),
    ("/api/certificates", {"delivery_id": "d-1"}, "Fältet certificate saknas eller är inte ett JSON-objekt."),
    ("/api/certificates", make_certificate(certificate={"certificate_type": "FK7804"}),
     "Fältet certificate.id saknas."),
    ("/api/certificates", make_certificate(certificate={"id": "c-1", "certificate_type": "FK7804"}),
     "Fältet certificate.patient saknas eller är inte ett JSON-objekt."),
    ("/api/certificates", make_certificate(certificate={"id": "c-1", "certificate_type": "FK7804",
                                                        "patient": {"personnummer": "1212121212"}}),
     "Fältet certificate.patient.personnummer ska ha 12 siffror (ÅÅÅÅMMDD-NNNN)."),
    ("/api/certificates", [make_certificate()], "Begäran ska vara ett JSON-objekt."),
    ("/api/revocations", make_revocation(certificate_id=None), "Fältet certificate_id saknas."),
    ("/api/revocations", make_revocation(reason=7), "Fältet reason ska vara en text."),
    ("/api/revocations", make_revocation(certificate_id=" "), "Fältet certificate_id får inte vara tomt."),
    ("/api/revocations", make_revocation(message=42), "Fältet message ska vara en text."),
])
def test_a_malformed_delivery_is_refused_in_swedish_and_nothing_stored(client, path, body, message):
    response = client.post(path, json=body)
    assert response.status_code == 400
    assert response.get_json()["error"] == {"reason": "INVALID_DELIVERY", "message": message}
    assert received(client) == {"certificates": [], "revocations": []}


@pytest.mark.parametrize("kwargs", [dict(data="inte json", content_type="text/plain"),
                                    dict(data="{trasig", content_type="application/json")])
def test_a_body_that_is_not_json_is_refused(client, kwargs):
    response = client.post("/api/certificates", **kwargs)
    assert response.status_code in (400, 415) and response.get_json()["error"]["message"]


def test_a_revocation_message_may_be_left_out(client):
    response = client.post("/api/revocations", json=make_revocation(message=None, revoked_at=None))
    assert response.status_code == 201


def test_the_mode_starts_normal_and_is_read_and_set_as_json(client):
    assert client.get("/api/mode").get_json() == {"mode": "normal", "delay_seconds": 15.0}
    assert set_mode(client, "slow", delay_seconds=2.5) == {"mode": "slow", "delay_seconds": 2.5}
    assert set_mode(client, "normal") == {"mode": "normal", "delay_seconds": 2.5}


@pytest.mark.parametrize("body", [{"mode": "sleepy"}, {}, {"mode": "slow", "delay_seconds": 0},
                                  {"mode": "slow", "delay_seconds": 61}, {"mode": "slow", "delay_seconds": "x"},
                                  {"mode": "slow", "delay_seconds": True}])
def test_a_bad_mode_is_refused_and_the_mode_unchanged(client, body):
    response = client.put("/api/mode", json=body)
    assert response.status_code == 400 and response.get_json()["error"]["reason"] == "INVALID_MODE"
    assert client.get("/api/mode").get_json()["mode"] == "normal"


def test_down_answers_503_stores_nothing_and_recovers(client):
    set_mode(client, "down")
    delivery = make_certificate()
    for path, body in (("/api/certificates", delivery), ("/api/revocations", make_revocation())):
        response = client.post(path, json=body)
        assert response.status_code == 503
        assert response.get_json()["error"]["reason"] == "RECIPIENT_UNAVAILABLE"
        assert "Försäkringskassan är otillgänglig" in response.get_json()["error"]["message"]
    assert client.get("/api/health").status_code == 503
    assert received(client) == {"certificates": [], "revocations": []}     # still answers: for the operator
    set_mode(client, "normal")
    assert client.post("/api/certificates", json=delivery).status_code == 201
    assert client.get("/api/health").get_json() == {"status": "ok", "recipient": "fk"}


def test_slow_waits_the_delay_then_stores_and_answers(client, waits):
    set_mode(client, "slow", delay_seconds=7)
    response = client.post("/api/certificates", json=make_certificate())
    assert waits.waits == [7.0] and response.status_code == 201
    assert len(received(client)["certificates"]) == 1
    set_mode(client, "normal")
    client.post("/api/certificates", json=make_certificate())
    assert waits.waits == [7.0]                          # no wait unless slow


def test_a_slow_wait_ends_when_the_mode_changes():
    switch = ModeSwitch(delay_seconds=60)
    switch.set("slow")
    done = threading.Event()
    started = threading.Event()

    def wait():
        started.set()
        switch.pause(switch.delay_before_answer())
        done.set()

    thread = threading.Thread(target=wait, daemon=True)
    thread.start()
    assert started.wait(5)
    switch.set("normal")
    assert done.wait(5), "the slow call was not let go when the mode changed"


def test_reject_answers_422_rejected_in_swedish_and_stores_nothing(client):
    set_mode(client, "reject")
    response = client.post("/api/certificates", json=make_certificate())
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["reason"] == "REJECTED" and error["message"] == "Intyget avvisades av mottagaren."
    revocation = client.post("/api/revocations", json=make_revocation())
    assert revocation.status_code == 422 and revocation.get_json()["error"]["message"] == "Makuleringen avvisades av mottagaren."
    assert client.post("/api/certificates", json={"delivery_id": "x"}).status_code == 400   # malformed still 400
    assert received(client) == {"certificates": [], "revocations": []}


def test_garbage_answers_200_with_a_body_that_is_not_json_and_counts_each_attempt(client):
    set_mode(client, "garbage")
    delivery = make_certificate()
    for _ in range(2):
        response = client.post("/api/certificates", json=delivery)
        assert response.status_code == 200 and response.get_json(silent=True) is None
        with pytest.raises(ValueError):
            json.loads(response.get_data(as_text=True))
    [stored] = received(client)["certificates"]
    assert stored["attempts"] == 2
    set_mode(client, "normal")
    # the receipt that was lost on the way back
    assert client.post("/api/certificates", json=delivery).get_json()["receipt_id"] == stored["receipt_id"]


def test_one_delivery_posted_at_once_from_many_threads_is_stored_once(app):
    delivery, threads_count = make_certificate(), 12
    barrier = threading.Barrier(threads_count)
    answers: list = []
    lock = threading.Lock()

    def post():
        client = app.test_client()
        barrier.wait(timeout=10)
        response = client.post("/api/certificates", json=delivery)
        with lock:
            answers.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=post) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(status for status, _ in answers) == [200] * (threads_count - 1) + [201]
    assert len({body["receipt_id"] for _, body in answers}) == 1
    [stored] = received(app.test_client())["certificates"]
    assert stored["attempts"] == threads_count


def test_what_was_received_survives_a_restart(tmp_path, clock):
    config = RecipientSimulatorConfig(recipient="ts", database_path=str(tmp_path / "ts.sqlite3"))
    delivery = make_certificate()
    first = create_app(config, clock=clock).test_client().post("/api/certificates", json=delivery).get_json()
    again = create_app(config, clock=clock).test_client().post("/api/certificates", json=delivery)
    assert again.status_code == 200 and again.get_json() == first


def test_the_recipient_comes_from_the_argument_or_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("RECIPIENT_SIMULATOR_DATA_DIR", raising=False)
    monkeypatch.delenv("RECIPIENT_SIMULATOR_SLOW_SECONDS", raising=False)
    monkeypatch.setenv("RECIPIENT_SIMULATOR", "sos")
    assert create_app().extensions["recipient"].name == "Socialstyrelsen"
    app = create_app(recipient="skv")
    assert app.extensions["recipient"].name == "Skatteverket"
    assert app.test_client().get("/api/health").get_json()["recipient"] == "skv"
    # one file per recipient: the four processes share one environment
    assert {p.name for p in tmp_path.glob("*.sqlite3")} == {"recipient-sos-simulator.sqlite3",
                                                             "recipient-skv-simulator.sqlite3"}


@pytest.mark.parametrize("env, message", [({"RECIPIENT_SIMULATOR": "xx"}, "RECIPIENT_SIMULATOR"),
                                          ({"RECIPIENT_SIMULATOR": ""}, "RECIPIENT_SIMULATOR"),
                                          ({"RECIPIENT_SIMULATOR": "fk", "WEBCERT_ENV": "production"}, "production"),
                                          ({"RECIPIENT_SIMULATOR": "fk", "RECIPIENT_SIMULATOR_SLOW_SECONDS": "0"},
                                           "SLOW_SECONDS")])
def test_a_bad_configuration_is_refused(monkeypatch, tmp_path, env, message):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WEBCERT_ENV", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match=message):
        create_app()


def test_there_are_four_recipients():
    assert {code: r.name for code, r in RECIPIENTS.items()} == {
        "fk": "Försäkringskassan", "ts": "Transportstyrelsen", "skv": "Skatteverket", "sos": "Socialstyrelsen"}
