"""Fixtures every test tier shares: the real broker and database, reached or reported.

RabbitMQ and PostgreSQL are used for real (never mocked). When one cannot be reached the
tests that need it are skipped with a plain reason -- except under CI (``CI=true``) or
``WEBCERT_REQUIRE_SERVICES=1``, where an unreachable service is a failure, not a skip.
"""
from __future__ import annotations

import os
import socket
import uuid
from urllib.parse import urlparse

import pytest

AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def _require(name: str, url: str, port: int) -> None:
    if _reachable(url, port):
        return
    message = f"{name} is not reachable at {urlparse(url).hostname}:{urlparse(url).port or port}"
    if os.environ.get("CI") == "true" or os.environ.get("WEBCERT_REQUIRE_SERVICES") == "1":
        pytest.fail(message + " (required here)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def amqp_url() -> str:
    _require("RabbitMQ", AMQP_URL, 5672)
    return AMQP_URL


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The PostgreSQL server (its maintenance database), for tests that make their own databases."""
    _require("PostgreSQL", POSTGRES_URL, 5432)
    return POSTGRES_URL


@pytest.fixture
def bus_namespace() -> str:
    """A unique prefix for exchanges and queues, so tests on one broker never meet."""
    return f"test-{uuid.uuid4().hex[:10]}."


@pytest.fixture
def postgres_database_url():
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    _require("PostgreSQL", POSTGRES_URL, 5432)
    from webcert_common.db import drop_database, ensure_database

    base = urlparse(POSTGRES_URL)
    name = f"webcert_test_{uuid.uuid4().hex[:12]}"
    url = base._replace(path="/" + name).geturl()
    ensure_database(url)
    try:
        yield url
    finally:
        drop_database(url)


@pytest.fixture
def sqlite_database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request) -> str:
    """Service tests run on SQLite (the embedded form) and on PostgreSQL (the distributed one)."""
    return request.getfixturevalue(f"{request.param}_database_url")
