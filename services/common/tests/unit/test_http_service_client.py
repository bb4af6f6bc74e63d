"""HttpServiceClient against a real socket: a connection that breaks before any answer is
retried once when the request may be sent twice (GET, PUT, DELETE; POSTs of a service whose
POSTs only read), never after a timeout, and a 5xx carries the refusal's reason."""
from __future__ import annotations

import json
import socketserver
import threading
import time

import pytest

from webcert_common.service_client import HttpServiceClient, ServiceUnavailable


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        server = self.server
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.request.recv(65536)
            if not chunk:
                return
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            body += self.request.recv(65536)
        with server.lock:
            server.requests.append(head.split(b" ")[0].decode())
            drop = server.drop_next
            server.drop_next = False
        if drop:
            return                      # closed without a word: what a reused, server-closed connection gives
        if server.delay:
            time.sleep(server.delay)
        status, payload = server.answer
        raw = json.dumps(payload).encode()
        self.request.sendall(f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                             f"Content-Length: {len(raw)}\r\nConnection: close\r\n\r\n".encode() + raw)


@pytest.fixture
def server():
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.lock, srv.requests, srv.drop_next, srv.delay, srv.answer = threading.Lock(), [], False, 0.0, (200, {"ok": 1})
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def client(server, **kwargs) -> HttpServiceClient:
    return HttpServiceClient(f"http://127.0.0.1:{server.server_address[1]}", timeout=1.0, **kwargs)


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_a_broken_connection_is_retried_once_for_what_may_be_sent_twice(server, method):
    server.drop_next = True
    answer = client(server).request(method, "/x", json={"a": 1} if method != "GET" else None)
    assert answer.status == 200 and server.requests == [method, method]


def test_a_post_is_not_sent_twice_unless_the_service_only_reads(server):
    server.drop_next = True
    with pytest.raises(ServiceUnavailable):
        client(server).request("POST", "/sessions", json={})
    assert server.requests == ["POST"]
    server.drop_next = True
    assert client(server, reads_by_post=True).request("POST", "/persons/lookup", json={}).status == 200
    assert server.requests == ["POST", "POST", "POST"]


def test_a_timeout_is_the_answer_and_is_not_retried(server):
    server.delay = 1.5
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable):
        client(server).request("GET", "/slow")
    assert time.monotonic() - started < 1.4 and server.requests == ["GET"]


def test_a_5xx_carries_the_reason(server):
    server.answer = (503, {"error": {"reason": "PU_UNAVAILABLE", "message": "PU är nere"}})
    with pytest.raises(ServiceUnavailable) as unavailable:
        client(server).request("POST", "/persons/lookup", json={})
    assert unavailable.value.reason == "PU_UNAVAILABLE"


def test_pooled_connections_are_dropped_after_a_long_pause(server):
    service = client(server)
    first = service._fresh_session()
    service._last_used -= service.max_idle_seconds + 1
    assert service._fresh_session() is not first
    assert service._fresh_session() is service._fresh_session()
