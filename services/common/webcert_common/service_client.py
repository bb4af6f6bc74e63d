"""Service-to-service HTTP with one interface and two wirings.

``HttpServiceClient`` calls another process over HTTP (distributed mode);
``WsgiServiceClient`` calls a WSGI app in the same process (embedded mode) without a
socket. Both send the correlation id and time out; neither raises on 4xx: the caller
decides what a refusal means.
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any, Protocol

import requests

from . import correlation


class ServiceUnavailable(RuntimeError):
    """The other service did not answer (timeout, connection refused, 5xx). ``reason`` is the
    5xx body's ``error.reason`` when there was one (``PU_UNAVAILABLE``: the service answered,
    but what it depends on did not), so that a caller can tell a lock from a fault."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason


def _reason(body) -> str | None:
    error = body.get("error") if isinstance(body, dict) else None
    reason = error.get("reason") if isinstance(error, dict) else None
    return reason if isinstance(reason, str) else None


class ServiceTimeout(ServiceUnavailable):
    """The other service took the request and gave no answer in time. Unlike a refused
    connection, it may have done the work: a caller that must not act twice tells the two apart
    (a recipient's adapter retries a silent recipient a bounded number of times)."""


@dataclass
class ServiceResponse:
    status: int
    json: Any = None
    headers: dict = field(default_factory=dict)
    content: bytes = b""        # the raw body (a PDF); ``json`` is set when the body is JSON

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class ServiceClient(Protocol):
    def request(self, method: str, path: str, json: Any = None, headers: dict | None = None,
                params: dict | None = None) -> ServiceResponse: ...


def _headers(extra: dict | None) -> dict:
    headers = {correlation.HEADER: correlation.get_or_new(), "Accept": "application/json"}
    headers.update(extra or {})
    return headers


IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class HttpServiceClient:
    """``reads_by_post``: the other service's POSTs only read (pu-lookup's lookups, which carry
    the personnummer in a body rather than a URL), so they may be sent twice like a GET."""

    max_idle_seconds = 50.0   # below the servers' keep-alive (deploy: 75 s)

    def __init__(self, base_url: str, timeout: float = 5.0, *, reads_by_post: bool = False) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.reads_by_post = reads_by_post
        self._session = requests.Session()
        self._last_used = time.monotonic()
        self._lock = threading.Lock()

    def request(self, method, path, json=None, headers=None, params=None) -> ServiceResponse:
        try:
            response = self._send(method, path, json, headers, params)
        except requests.ReadTimeout as exc:   # connected, asked, no answer (a connect timeout is "down")
            raise ServiceTimeout(f"{method} {self.base_url}{path}: {type(exc).__name__}") from exc
        except requests.RequestException as exc:
            raise ServiceUnavailable(f"{method} {self.base_url}{path}: {type(exc).__name__}") from exc
        body = None
        if response.content and "json" in response.headers.get("Content-Type", ""):
            try:
                body = response.json()
            except ValueError:
                body = None
        if response.status_code >= 500:
            raise ServiceUnavailable(f"{method} {self.base_url}{path}: HTTP {response.status_code}", _reason(body))
        return ServiceResponse(response.status_code, body, dict(response.headers), response.content)

    def _send(self, method, path, json, headers, params) -> requests.Response:
        """One retry, at once, when the connection broke without a timeout and the request may be
        sent twice: a pooled keep-alive connection that the server closed while it was idle
        (gunicorn closes them after a few seconds) fails on reuse, and that is no outage -- the
        PU probe every two seconds met exactly this. A timeout is never retried: it is the
        answer, and a page must not wait twice as long."""
        session = self._fresh_session()
        send = lambda: session.request(method, self.base_url + path, json=json, params=params,  # noqa: E731
                                       headers=_headers(headers), timeout=self.timeout)
        try:
            return send()
        except requests.ConnectionError as exc:
            may_repeat = method.upper() in IDEMPOTENT or (self.reads_by_post and method.upper() == "POST")
            if isinstance(exc, requests.Timeout) or not may_repeat:
                raise
            return send()

    def _fresh_session(self) -> requests.Session:
        """After a long pause the pooled connections are dropped rather than reused: the server
        may have closed them meanwhile, and a POST on such a connection cannot be retried."""
        with self._lock:
            now = time.monotonic()
            if now - self._last_used > self.max_idle_seconds:
                self._session.close()
                self._session = requests.Session()
            self._last_used = now
            return self._session


class WsgiServiceClient:
    """In-process calls. With a ``timeout`` the call runs on a worker thread and is given up
    after that many seconds, like an HTTP call: a slow outside system (the PU simulator made
    slow, say) must not hang a page in the embedded form either."""

    _executor = ThreadPoolExecutor(max_workers=16, thread_name_prefix="wsgi-client")

    def __init__(self, app, timeout: float | None = None) -> None:
        self.app = app
        self.timeout = timeout

    def request(self, method, path, json=None, headers=None, params=None) -> ServiceResponse:
        headers = _headers(headers)      # the caller's correlation id, read on the caller's thread
        if self.timeout is None:
            return self._call(method, path, json, headers, params)
        future = self._executor.submit(self._call, method, path, json, headers, params)
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            raise ServiceTimeout(f"{method} {path}: no answer within {self.timeout} s") from None

    def _call(self, method, path, json, headers, params) -> ServiceResponse:
        response = self.app.test_client().open(path, method=method, json=json, headers=headers, query_string=params)
        body = response.get_json(silent=True)
        if response.status_code >= 500:
            raise ServiceUnavailable(f"{method} {path}: HTTP {response.status_code}", _reason(body))
        return ServiceResponse(response.status_code, body, dict(response.headers), response.get_data())
