"""Start page, login round trip and logout through HTTP (§3 "Logga in", "Logga ut")."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from gateway_http import csrf_token, login, session_id_of, start_login, text


def test_start_page_offers_both_login_buttons(client):
    page = client.get("/")
    assert page.status_code == 200
    body = text(page)
    assert '<html lang="sv"' in body
    assert ">SITHS-kort</a>" in body and ">E-legitimation</a>" in body
    assert 'href="/login/siths"' in body and 'href="/login/eleg"' in body


def test_login_redirects_to_the_identity_provider_with_state_and_return_address(client):
    response = client.get("/login/eleg")
    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    assert target.path == "/testidp/eleg"
    query = parse_qs(target.query)
    assert len(query["state"][0]) >= 24
    assert query["return_to"] == ["http://localhost/login/callback"]
    cookie = response.headers.get_all("Set-Cookie")[0]
    assert cookie.startswith("webcert_login=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_each_login_gets_a_fresh_state(client):
    assert start_login(client) != start_login(client)


def test_callback_with_wrong_state_is_refused_and_creates_no_session(client, fake_auth):
    start_login(client)
    response = client.post("/login/callback", data={"assertion": "ingrid", "state": "not-the-state-we-sent-x"})
    assert response.status_code == 400
    assert "Inloggningen kunde inte slutföras" in text(response)
    assert fake_auth.calls_to("POST", "/sessions") == 0
    assert client.get_cookie("webcert_session") is None


def test_callback_without_login_cookie_is_refused(client, fake_auth):
    response = client.post("/login/callback", data={"assertion": "ingrid", "state": "a" * 32})
    assert response.status_code == 400
    assert fake_auth.calls_to("POST", "/sessions") == 0


def test_callback_without_state_is_refused(client, fake_auth):
    start_login(client)
    response = client.post("/login/callback", data={"assertion": "ingrid"})
    assert response.status_code == 400
    assert fake_auth.calls_to("POST", "/sessions") == 0


def test_state_cannot_be_used_twice(client):
    state = start_login(client)
    first = client.post("/login/callback", data={"assertion": "maria", "state": state})
    assert first.status_code == 302
    second = client.post("/login/callback", data={"assertion": "maria", "state": state})
    assert second.status_code == 400


def test_successful_login_sets_an_opaque_session_cookie_with_safe_flags(client, app):
    response = login(client, "maria")
    assert response.status_code == 302
    cookies = response.headers.get_all("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("webcert_session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    assert "Secure" not in session_cookie  # development configuration
    assert session_id_of(client, app).startswith("fake-session-")


def test_refused_login_shows_the_auth_services_swedish_message(client):
    # Lena Ingen: no uppdrag "Vård och behandling" (AUTH-1)
    response = login(client, "lena")
    assert response.status_code == 403
    assert "Vård och behandling" in text(response)
    assert client.get_cookie("webcert_session") is None


def test_invalid_assertion_is_a_clear_400(client):
    response = login(client, "nobody")
    assert response.status_code == 400
    assert "Inloggningen kunde inte verifieras." in text(response)


def test_logout_ends_the_session_and_says_so(client, fake_auth):
    login(client, "maria")
    token = csrf_token(client, "/sok-skriv-intyg")
    response = client.post("/logga-ut", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert fake_auth.calls_to("DELETE", "/sessions/current") == 1
    assert fake_auth.sessions == {}
    page = client.get("/")
    assert "Du är utloggad." in text(page)
    assert client.get("/sok-skriv-intyg").headers["Location"] == "/"


def test_logout_without_csrf_token_is_400_in_swedish_and_changes_nothing(client, fake_auth):
    login(client, "maria")
    response = client.post("/logga-ut")
    assert response.status_code == 400
    assert "säkerhetskod" in text(response)
    assert "Traceback" not in text(response)
    assert fake_auth.calls_to("DELETE", "/sessions/current") == 0
    assert len(fake_auth.sessions) == 1


def test_idle_timeout_sends_the_user_to_the_start_page_with_the_reason(client, app, fake_auth):
    login(client, "maria")
    fake_auth.expire(session_id_of(client, app), "SESSION_EXPIRED_IDLE")
    response = client.get("/sok-skriv-intyg")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert any(c.startswith("webcert_session=;") for c in response.headers.get_all("Set-Cookie"))
    start = client.get("/")
    assert "inaktiv i 30 minuter" in text(start)
    assert client.get_cookie("webcert_session") is None


def test_expired_and_unknown_sessions_have_their_own_messages(client, app, fake_auth):
    login(client, "maria")
    fake_auth.expire(session_id_of(client, app), "SESSION_EXPIRED_ABSOLUTE")
    client.get("/signerade-intyg")
    assert "Din inloggning har gått ut." in text(client.get("/"))
    client.set_cookie("webcert_session", "made-up-id")
    client.get("/signerade-intyg")
    assert "inte längre giltig" in text(client.get("/"))


def test_logged_in_user_on_the_start_page_goes_to_the_first_tab(client):
    login(client, "maria")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/sok-skriv-intyg"


def test_pages_need_a_login(client):
    for path in ("/sok-skriv-intyg", "/om-webcert", "/valj-vardenhet", "/min-sida"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/", path


def test_the_login_state_is_sent_as_the_assertion_nonce(client, fake_auth):
    # The auth service refuses an assertion made for another login (docs/ARCHITECTURE.md "Login").
    state = start_login(client)
    client.post("/login/callback", data={"assertion": "maria", "state": state})
    assert fake_auth.last_login_body == {"assertion": "maria", "nonce": state}
