"""The configuration from the environment and the AuthClient's reading of answers."""
from __future__ import annotations

import pytest

from webcert_common.config import ConfigError
from webcert_common.service_client import ServiceResponse, ServiceUnavailable
from webcert_gateway.clients.auth import AuthClient, AuthRefused, SessionEnded
from webcert_gateway.config import GatewayConfig


def test_config_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("AUTH_URL", "http://auth:8001")
    monkeypatch.delenv("IDP_URL", raising=False)
    monkeypatch.delenv("SIMULATORS_URL", raising=False)
    config = GatewayConfig.from_env()
    assert config.auth_url == "http://auth:8001" and config.idp_url == "/testidp"
    assert config.cookie_secure is False and config.session_cookie_name == "webcert_session"
    assert config.database_url.endswith("gateway.sqlite3")
    assert config.simulators_url == ""


def test_config_of_the_patients_issue(monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PU_LOOKUP_URL", "http://pu-lookup:8002")
    monkeypatch.setenv("LOG_SERVICE_URL", "http://log-simulator:8111")
    monkeypatch.setenv("SIMULATORS_URL", "/simulatorer")
    config = GatewayConfig.from_env()
    assert (config.pu_lookup_url, config.log_service_url, config.simulators_url) == \
        ("http://pu-lookup:8002", "http://log-simulator:8111", "/simulatorer")


def test_production_has_secure_cookies_and_refuses_to_turn_them_off(monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WEBCERT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("AMQP_URL", "amqp://webcert:pw@rabbit:5672//")
    assert GatewayConfig.from_env().cookie_secure is True
    monkeypatch.setenv("COOKIE_SECURE", "false")
    with pytest.raises(ConfigError):
        GatewayConfig.from_env()


class Scripted:
    """A ServiceClient that answers from a list, remembering what it was asked."""

    def __init__(self, *responses):
        self.responses = list(responses)
        self.requests = []

    def request(self, method, path, json=None, headers=None, params=None):
        self.requests.append((method, path, json, headers))
        return self.responses.pop(0)


def test_session_id_travels_in_the_header_only():
    service = Scripted(ServiceResponse(200, {"user": {}}))
    AuthClient(service).current_session("abc")
    method, path, _json, headers = service.requests[0]
    assert (method, path) == ("GET", "/sessions/current") and headers == {"X-Session-Id": "abc"}


def test_refusals_carry_reason_and_message():
    service = Scripted(ServiceResponse(403, {"error": {"reason": "NO_CARE_ASSIGNMENT", "message": "Nej."}}))
    with pytest.raises(AuthRefused) as refused:
        AuthClient(service).create_session("x")
    assert (refused.value.status, refused.value.reason, refused.value.message) == (403, "NO_CARE_ASSIGNMENT", "Nej.")


def test_401_is_session_ended_and_a_body_less_refusal_still_has_swedish():
    with pytest.raises(SessionEnded) as ended:
        AuthClient(Scripted(ServiceResponse(401, None))).current_session("abc")
    assert ended.value.reason == "HTTP_401" and "Försök igen" in ended.value.message


def test_logout_of_a_session_already_gone_is_fine():
    AuthClient(Scripted(ServiceResponse(401, {"error": {"reason": "SESSION_UNKNOWN", "message": "x"}}))) \
        .end_session("abc")


def test_unexpected_status_is_unavailable():
    with pytest.raises(ServiceUnavailable):
        AuthClient(Scripted(ServiceResponse(302, None))).current_session("abc")
