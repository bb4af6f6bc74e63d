"""The two cookies of the login: the short-lived signed login cookie that remembers the
``state`` sent to the identity provider, and the opaque session cookie (the auth service's
session id, nothing else)."""
from __future__ import annotations

import hmac
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .security import cookie_options

LOGIN_COOKIE = "webcert_login"
LOGIN_COOKIE_MAX_AGE = 600          # seconds to finish choosing certificate, PIN or method
_LOGIN_SALT = "webcert-gateway-login-state"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_LOGIN_SALT)


def start_login(response, method: str) -> str:
    """Remember a fresh random state in the login cookie; return the state."""
    state = secrets.token_urlsafe(24)
    value = _serializer().dumps({"state": state, "method": method})
    response.set_cookie(LOGIN_COOKIE, value, max_age=LOGIN_COOKIE_MAX_AGE, **cookie_options())
    return state


def login_state_matches(state: str | None) -> bool:
    raw = request.cookies.get(LOGIN_COOKIE)
    if not raw or not state:
        return False
    try:
        remembered = _serializer().loads(raw, max_age=LOGIN_COOKIE_MAX_AGE)
    except BadSignature:
        return False
    expected = remembered.get("state") if isinstance(remembered, dict) else None
    return isinstance(expected, str) and hmac.compare_digest(expected.encode(), state.encode())


def clear_login(response) -> None:
    response.delete_cookie(LOGIN_COOKIE, **_delete_options())


def session_cookie_name() -> str:
    return current_app.config["WEBCERT_SESSION_COOKIE"]


def current_session_id() -> str | None:
    value = request.cookies.get(session_cookie_name())
    return value or None


def set_session(response, session_id: str) -> None:
    # No max-age: a browser session cookie; the auth service decides when the session ends.
    response.set_cookie(session_cookie_name(), session_id, **cookie_options())


def clear_session(response) -> None:
    response.delete_cookie(session_cookie_name(), **_delete_options())


def _delete_options() -> dict:
    options = cookie_options()
    return dict(path=options["path"], secure=options["secure"], httponly=True, samesite="Lax")
