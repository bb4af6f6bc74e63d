"""The messaging service on a real database (SQLite and PostgreSQL, a fresh database per test
from the root conftest): migrated by its own Alembic migrations; through HTTP beside the REAL auth
service (the demo world, the test IdP) and the REAL pu-lookup service over an in-memory population
register (as the certificate service's tests run it), as in production."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from messaging_world import KEY, PATIENTS, MessagingHarness, MessagingWorld
from webcert_auth.bootstrap import prepare as prepare_auth
from webcert_auth.config import AuthConfig
from webcert_auth.entrypoints.app import create_app as create_auth_app
from webcert_common.clock import FakeClock
from webcert_common.db import make_engine
from webcert_common.service_client import WsgiServiceClient
from webcert_messaging.bootstrap import build_services, prepare
from webcert_messaging.config import MessagingConfig
from webcert_messaging.entrypoints.app import create_app
from webcert_pu_lookup.adapters.population_register import FakePopulationRegister
from webcert_pu_lookup.bootstrap import prepare as prepare_pu
from webcert_pu_lookup.config import PuLookupConfig
from webcert_pu_lookup.entrypoints.app import create_app as create_pu_app


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime.now(timezone.utc).replace(microsecond=0))


@pytest.fixture
def messaging_config(database_url, tmp_path) -> MessagingConfig:
    config = MessagingConfig(database_url=database_url, data_dir=str(tmp_path))
    prepare(config)
    return config


@pytest.fixture
def messaging_engine(messaging_config):
    engine = make_engine(messaging_config.database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def messaging_services(messaging_config, messaging_engine, clock):
    """The service layer without HTTP (no one asks auth): for the event handlers."""
    return build_services(messaging_config, messaging_engine, clock=clock)   # auth is never asked here


@pytest.fixture
def messaging(messaging_config, tmp_path, clock):
    auth_config = AuthConfig(database_url=f"sqlite:///{tmp_path / 'auth.sqlite3'}", test_idp_enabled=True,
                             idp_signing_key=KEY)
    prepare_auth(auth_config)
    auth_app = create_auth_app(auth_config, clock=clock)
    pu_config = PuLookupConfig(database_url=f"sqlite:///{tmp_path / 'pu.sqlite3'}")
    prepare_pu(pu_config)
    register = FakePopulationRegister(PATIENTS)
    pu_app = create_pu_app(pu_config, register=register, clock=clock)
    app = create_app(messaging_config, auth_client=WsgiServiceClient(auth_app),
                     pu_lookup_client=WsgiServiceClient(pu_app), clock=clock)
    engine = app.extensions["webcert_messaging_engine"]
    world = MessagingWorld(app.extensions["webcert_messaging"], clock)
    try:
        yield MessagingHarness(app.test_client(), auth_app.test_client(), clock, engine, world, register=register)
    finally:
        engine.dispose()
        auth_app.extensions["webcert_auth_engine"].dispose()
        pu_app.extensions["webcert_pu_lookup_engine"].dispose()
