"""The correlation id that follows one request across HTTP calls and broker messages.

HTTP: read from ``X-Correlation-ID`` (or made) at the edge, sent on every outgoing call,
echoed in the response. Broker: carried in the event envelope and restored by consumers.
"""
from __future__ import annotations

import contextvars
import re
import uuid

HEADER = "X-Correlation-ID"
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("correlation_id", default=None)


def new_id() -> str:
    return uuid.uuid4().hex


def get() -> str | None:
    return _current.get()


def get_or_new() -> str:
    value = _current.get()
    if value is None:
        value = new_id()
        _current.set(value)
    return value


def set(value: str | None) -> contextvars.Token:  # noqa: A001 - mirrors ContextVar.set
    return _current.set(value)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)


def accept(value: str | None) -> str:
    """An incoming id if it is well-formed, else a fresh one (never trust arbitrary text in logs)."""
    return value if value and _VALID.match(value) else new_id()


def init_app(app) -> None:
    """Flask: bind the correlation id for the request and echo it in the response."""
    from flask import g, request

    @app.before_request
    def _bind_correlation_id():
        g._correlation_token = set(accept(request.headers.get(HEADER)))

    @app.after_request
    def _echo_correlation_id(response):
        response.headers[HEADER] = get_or_new()
        return response

    @app.teardown_request
    def _unbind_correlation_id(_exc):
        token = g.pop("_correlation_token", None)
        if token is not None:
            reset(token)
