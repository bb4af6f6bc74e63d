"""The auth service through HTTP on a real database: every test runs on SQLite and on
PostgreSQL (a fresh database per test, from the root conftest)."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from webcert_common.bus import outbox_table
from webcert_common.clock import FakeClock
from webcert_auth.adapters.test_idp import sign_assertion
from webcert_auth.bootstrap import prepare
from webcert_auth.config import AuthConfig
from webcert_auth.entrypoints.app import create_app

KEY = "integration-test-idp-key"


@dataclass
class AuthHarness:
    client: object
    clock: FakeClock
    engine: sa.Engine
    config: AuthConfig

    def assertion(self, method: str, subject: str, nonce: str | None = None, key: str = KEY) -> str:
        # A fresh nonce each time: an assertion is single-use, like the gateway's login state.
        return sign_assertion(key, method, subject, nonce or uuid.uuid4().hex)

    def login(self, method: str, subject: str):
        return self.client.post("/sessions", json={"assertion": self.assertion(method, subject)})

    def session_id(self, method: str, subject: str) -> str:
        response = self.login(method, subject)
        assert response.status_code == 201, response.get_json()
        return response.get_json()["session_id"]

    def get(self, path: str, sid: str | None, **kwargs):
        return self.client.get(path, headers={"X-Session-Id": sid} if sid else {}, **kwargs)

    def send(self, method: str, path: str, sid: str | None, body=None):
        return self.client.open(path, method=method, json=body, headers={"X-Session-Id": sid} if sid else {})

    def events(self) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(outbox_table().c.body).order_by(outbox_table().c.position)).all()
        return [json.loads(r.body) for r in rows]

    def event_types(self) -> list[str]:
        return [e["type"] for e in self.events()]


@pytest.fixture
def auth(database_url):
    config = AuthConfig(database_url=database_url, test_idp_enabled=True, idp_signing_key=KEY)
    prepare(config)
    clock = FakeClock(datetime.now(timezone.utc))   # the IdP signs with real time
    app = create_app(config, clock=clock)
    engine = app.extensions["webcert_auth_engine"]
    try:
        yield AuthHarness(app.test_client(), clock, engine, config)
    finally:
        engine.dispose()
