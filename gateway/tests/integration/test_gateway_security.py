"""Security headers, cookie flags, Swedish error pages without traces, assets, health."""
from __future__ import annotations

import pytest

from gateway_http import gateway_config, login, text
from webcert_gateway.app import create_app

HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@pytest.mark.parametrize("path", ["/", "/login/siths", "/finns-inte", "/api/session", "/health"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    for name, value in HEADERS.items():
        assert response.headers[name] == value, (path, name)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # not over plain http in development


def test_pages_have_no_inline_script_or_style(client):
    login(client, "sigrid")
    for path in ("/", "/skyddade-personuppgifter/godkann"):
        body = text(client.get(path))
        assert "<script>" not in body and "style=" not in body and "onclick" not in body


def test_secure_configuration_sets_secure_cookies_and_hsts(sqlite_database_url, fake_auth):
    app = create_app(gateway_config(sqlite_database_url, cookie_secure=True), auth_client=fake_auth)
    client = app.test_client()
    response = client.get("/login/siths", base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_secure_configuration_accepts_a_form_without_referer(sqlite_database_url, fake_auth):
    # Referrer-Policy: no-referrer means browsers send no Referer; the CSRF token must suffice.
    import re
    from urllib.parse import parse_qs, urlsplit
    app = create_app(gateway_config(sqlite_database_url, cookie_secure=True), auth_client=fake_auth)
    client, https = app.test_client(), "https://localhost"
    location = client.get("/login/siths", base_url=https).headers["Location"]
    state = parse_qs(urlsplit(location).query)["state"][0]
    assert client.post("/login/callback", data={"assertion": "maria", "state": state}, base_url=https).status_code == 302
    page = text(client.get("/sok-skriv-intyg", base_url=https))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/logga-ut", data={"csrf_token": token}, base_url=https)
    assert response.status_code == 302 and fake_auth.sessions == {}


def test_404_page_is_swedish(client):
    response = client.get("/finns-inte")
    assert response.status_code == 404
    assert "Sidan finns inte" in text(response) and '<html lang="sv"' in text(response)


def test_405_page_is_swedish(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert "Metoden är inte tillåten här." in text(response)


def test_unexpected_error_is_a_swedish_500_without_trace(config, fake_auth):
    app = create_app(config, auth_client=fake_auth)

    def boom():
        raise RuntimeError("secret internal detail")

    app.add_url_rule("/boom", view_func=boom)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = text(response)
    assert "Ett tekniskt fel har uppstått" in body
    assert "secret internal detail" not in body and "Traceback" not in body


def test_auth_unreachable_is_a_swedish_503(client, fake_auth):
    login(client, "maria")
    fake_auth.down = True
    response = client.get("/sok-skriv-intyg")
    assert response.status_code == 503
    assert "Inloggningstjänsten svarar inte just nu." in text(response)
    assert "Traceback" not in text(response)


def test_auth_unreachable_during_login_is_503(client, fake_auth):
    from gateway_http import start_login
    state = start_login(client)
    fake_auth.down = True
    response = client.post("/login/callback", data={"assertion": "maria", "state": state})
    assert response.status_code == 503


def test_api_errors_are_json(client):
    response = client.get("/api/finns-inte")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "Sidan eller resursen finns inte."


def test_design_system_css_is_served_from_node_modules(client):
    for name in ("designsystemet.css", "theme.css"):
        response = client.get(f"/static/ds/{name}")
        assert response.status_code == 200, name
        assert response.mimetype == "text/css"
        assert b"ds-" in response.data
    assert client.get("/static/ds/..%2Fpackage.json").status_code == 404
    assert client.get("/static/ds/index.css").status_code == 404


def test_own_static_files(client):
    assert client.get("/static/css/webcert.css").status_code == 200
    assert client.get("/static/js/webcert.js").status_code == 200


def test_health_ready_and_openapi(client, fake_auth):
    assert client.get("/health").get_json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200 and ready.get_json()["checks"] == {"auth": "ok", "pu_lookup": "ok",
                                                                    "certificate": "ok", "database": "ok"}
    fake_auth.down = True
    assert client.get("/ready").status_code == 503
    spec = client.get("/openapi.json").get_json()
    assert "/api/session" in spec["paths"]


def test_correlation_id_is_echoed(client):
    response = client.get("/", headers={"X-Correlation-ID": "abcdef123456"})
    assert response.headers["X-Correlation-ID"] == "abcdef123456"
