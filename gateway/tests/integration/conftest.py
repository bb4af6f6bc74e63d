"""Fixtures for the gateway's HTTP tests: the app on a real database (SQLite and
PostgreSQL) and the in-memory auth service."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from certificate_stack import stack  # noqa: E402,F401  (the real-stack fixture for the certificate pages)
from fake_auth_service import FakeAuthService  # noqa: E402
from fake_certificate_service import FakeCertificateService  # noqa: E402
from fake_pu_lookup_service import FakePuLookupService  # noqa: E402
from gateway_http import gateway_config  # noqa: E402
from webcert_common.clock import FakeClock  # noqa: E402
from webcert_common.service_client import ServiceUnavailable  # noqa: E402
from webcert_gateway.app import create_app  # noqa: E402
from webcert_gateway.bootstrap import prepare  # noqa: E402
from webcert_gateway.config import GatewayConfig  # noqa: E402


@pytest.fixture
def fake_auth() -> FakeAuthService:
    return FakeAuthService()


@pytest.fixture
def fake_pu() -> FakePuLookupService:
    return FakePuLookupService()


@pytest.fixture
def fake_certificate() -> FakeCertificateService:
    return FakeCertificateService()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def config(database_url) -> GatewayConfig:
    config = gateway_config(database_url)
    prepare(config)
    return config


@pytest.fixture
def app(config, fake_auth, fake_pu, fake_certificate, clock):
    return create_app(config, auth_client=fake_auth, pu_lookup_client=fake_pu, certificate_client=fake_certificate,
                      messaging_client=AbsentMessaging(), clock=clock)


class AbsentMessaging:
    """No messaging service behind the fakes: every page must still render, without its counts
    (the real service is in certificate_stack.py)."""

    def request(self, method, path, **_kwargs):
        raise ServiceUnavailable(f"messaging {method} {path}: not in this test")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(params=[
    "sqlite-memory",
    pytest.param("postgres-rabbitmq", marks=[pytest.mark.postgres, pytest.mark.rabbitmq]),
])
def worker_backends(request) -> tuple[str, str]:
    """(database URL, broker URL) for worker tests: the embedded pair and the distributed pair."""
    if request.param == "sqlite-memory":
        return request.getfixturevalue("sqlite_database_url"), "memory://"
    return request.getfixturevalue("postgres_database_url"), request.getfixturevalue("amqp_url")
