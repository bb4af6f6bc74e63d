"""Helpers for the gateway's HTTP tests: configuration, and walking the login like a
browser (state cookie, CSRF tokens). A module of its own name, so that no other conftest
shadows it."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from webcert_gateway.config import GatewayConfig

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def gateway_config(database_url: str, **overrides) -> GatewayConfig:
    values = dict(service_name="gateway", database_url=database_url, secret_key="test-secret-" + "x" * 32,
                  auth_url="http://auth.invalid", idp_url="/testidp")
    values.update(overrides)
    return GatewayConfig(**values)


def csrf_token(client, path: str) -> str:
    page = client.get(path)
    match = _CSRF.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


def start_login(client, method: str = "siths") -> str:
    """GET /login/<method>; returns the state the gateway sent to the identity provider."""
    response = client.get(f"/login/{method}")
    assert response.status_code == 302
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    return query["state"][0]


def login(client, user: str, method: str = "siths"):
    """The whole round trip, the IdP's part replaced by a posted assertion."""
    state = start_login(client, method)
    return client.post("/login/callback", data={"assertion": user, "state": state})


def session_id_of(client, app) -> str:
    cookie = client.get_cookie(app.config["WEBCERT_SESSION_COOKIE"])
    assert cookie is not None, "no session cookie"
    return cookie.value


def text(response) -> str:
    return response.get_data(as_text=True)
