"""The distributed form end to end: gateway, auth and their workers as separate processes,
events through RabbitMQ, each service's state in its own PostgreSQL database."""
from __future__ import annotations

import uuid

import requests
import sqlalchemy as sa

from http_flows import csrf_token, login
from tests.support.running_system import wait_until
from webcert_common.db import make_engine


def security_events(system, **where) -> list:
    engine = make_engine(system.env["GATEWAY_DATABASE_URL"])
    try:
        table = sa.Table("security_event", sa.MetaData(), autoload_with=engine)
        query = sa.select(table)
        for column, value in where.items():
            query = query.where(table.c[column] == value)
        with engine.connect() as conn:
            return conn.execute(query).all()
    finally:
        engine.dispose()


def test_each_part_is_its_own_process_with_health_and_openapi(system):
    auth_url = f"http://127.0.0.1:{system.env['AUTH_PORT']}"
    for base in (system.base_url, auth_url):
        assert requests.get(base + "/health", timeout=5).json()["status"] == "ok"
        assert requests.get(base + "/ready", timeout=5).status_code == 200
        assert requests.get(base + "/openapi.json", timeout=5).json()["openapi"].startswith("3.")
    paths = requests.get(auth_url + "/openapi.json", timeout=5).json()["paths"]
    assert {"/sessions", "/sessions/current", "/sessions/current/unit"} <= set(paths)


def test_a_login_reaches_the_gateway_security_log_through_rabbitmq_with_its_correlation_id(system):
    correlation_id = uuid.uuid4().hex
    http, response = login(system, "TSTNMT2321000156-1003", correlation_id=correlation_id)
    assert response.status_code == 200 and "Maria Costa" in response.text
    rows = wait_until(lambda: security_events(system, correlation_id=correlation_id), timeout=30,
                      what="user.logged_in in the gateway's security log")
    assert [(r.type, r.user_id, r.unit_id) for r in rows] == [
        ("user.logged_in", "TSTNMT2321000156-1003", "TSTNMT2321000156-VE12")]


def test_refused_login_unit_change_and_logout_are_all_logged(system):
    _, refused = login(system, "TSTNMT2321000156-1011")          # Lena Ingen
    assert refused.status_code == 403 and "Vård och behandling" in refused.text
    wait_until(lambda: security_events(system, type="user.login_refused", user_id="TSTNMT2321000156-1011"),
               timeout=30, what="user.login_refused logged")

    http, response = login(system, "TSTNMT2321000156-1009")      # Karin Admin, two units
    assert "Välj vårdenhet" in response.text
    token = csrf_token(http, system.base_url + "/valj-vardenhet")
    chosen = http.post(system.base_url + "/valj-vardenhet",
                       data={"csrf_token": token, "unit_id": "TSTNMT2321000156-VE12"}, timeout=10)
    assert "Alfa Akutmottagning" in chosen.text
    token = csrf_token(http, system.base_url + "/ej-hanterade-arenden")
    out = http.post(system.base_url + "/logga-ut", data={"csrf_token": token}, timeout=10)
    assert "Du är utloggad" in out.text
    logged = wait_until(lambda: {r.type for r in security_events(system, user_id="TSTNMT2321000156-1009")}
                        >= {"user.logged_in", "user.unit_changed", "user.logged_out"},
                        timeout=30, what="Karin Admin's events logged")
    assert logged


def test_a_forged_assertion_and_a_missing_csrf_token_change_nothing(system):
    http = requests.Session()
    state = http.get(system.base_url + "/login/siths", allow_redirects=False).headers["Location"]
    state = state.split("state=")[1].split("&")[0]
    forged = http.post(system.base_url + "/login/callback", data={"assertion": "x.y.z", "state": state}, timeout=10)
    assert forged.status_code == 400
    assert "Traceback" not in forged.text

    http, _ = login(system, "TSTNMT2321000156-1004")             # Ali Rahimi
    without_token = http.post(system.base_url + "/logga-ut", data={}, timeout=10)
    assert without_token.status_code == 400
    assert http.get(system.base_url + "/sok-skriv-intyg", timeout=10).status_code == 200   # still logged in


def test_a_forged_session_cookie_leads_to_the_start_page(system):
    http = requests.Session()
    http.cookies.set("webcert_session", "forged-" + uuid.uuid4().hex)
    response = http.get(system.base_url + "/sok-skriv-intyg", timeout=10)
    assert response.url.rstrip("/") == system.base_url
    assert "SITHS-kort" in response.text and "Logga ut" not in response.text
