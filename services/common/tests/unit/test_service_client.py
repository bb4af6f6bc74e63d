"""Service-to-service calls: the correlation id travels, refusals come back as answers, and a
slow in-process service is given up after the timeout like an HTTP one."""
import threading

import pytest
from flask import Flask, jsonify, request

from webcert_common import correlation
from webcert_common.service_client import ServiceUnavailable, WsgiServiceClient


def make_app(release: threading.Event):
    app = Flask(__name__)

    @app.get("/echo")
    def echo():
        return jsonify(correlation_id=request.headers.get(correlation.HEADER))

    @app.get("/refuse")
    def refuse():
        return jsonify(error={"reason": "NO"}), 403

    @app.get("/slow")
    def slow():
        release.wait(timeout=10)
        return jsonify(ok=True)

    @app.get("/broken")
    def broken():
        return jsonify(error="x"), 503

    return app


@pytest.fixture
def release():
    event = threading.Event()
    yield event
    event.set()


@pytest.mark.parametrize("timeout", [None, 2.0])
def test_the_correlation_id_travels_and_refusals_are_answers(release, timeout):
    client = WsgiServiceClient(make_app(release), timeout=timeout)
    token = correlation.set("abcdef0123456789")
    try:
        assert client.request("GET", "/echo").json == {"correlation_id": "abcdef0123456789"}
    finally:
        correlation.reset(token)
    refused = client.request("GET", "/refuse")
    assert refused.status == 403 and refused.json["error"]["reason"] == "NO"
    with pytest.raises(ServiceUnavailable):
        client.request("GET", "/broken")


def test_a_slow_in_process_service_is_given_up_after_the_timeout(release):
    client = WsgiServiceClient(make_app(release), timeout=0.2)
    with pytest.raises(ServiceUnavailable, match="no answer within 0.2 s"):
        client.request("GET", "/slow")
    release.set()
