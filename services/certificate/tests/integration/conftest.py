"""The certificate service through HTTP on a real database (SQLite and PostgreSQL, a fresh
database per test from the root conftest), beside the REAL auth service (the demo world, the
test IdP) and the REAL pu-lookup service over an in-memory population register: who the user
is and what PU says come from the services that own them, as in production."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from cert_world import KEY, PATIENTS, CertificateHarness
from webcert_auth.bootstrap import prepare as prepare_auth
from webcert_auth.config import AuthConfig
from webcert_auth.entrypoints.app import create_app as create_auth_app
from webcert_certificate.bootstrap import prepare
from webcert_certificate.config import CertificateConfig
from webcert_certificate.entrypoints.app import create_app
from webcert_common.clock import FakeClock
from webcert_common.service_client import WsgiServiceClient
from webcert_pu_lookup.adapters.population_register import FakePopulationRegister
from webcert_pu_lookup.bootstrap import prepare as prepare_pu
from webcert_pu_lookup.config import PuLookupConfig
from webcert_pu_lookup.entrypoints.app import create_app as create_pu_app


@pytest.fixture
def certificates(database_url, tmp_path):
    clock = FakeClock(datetime.now(timezone.utc).replace(microsecond=0))
    auth_config = AuthConfig(database_url=f"sqlite:///{tmp_path / 'auth.sqlite3'}", test_idp_enabled=True,
                             idp_signing_key=KEY)
    prepare_auth(auth_config)
    auth_app = create_auth_app(auth_config, clock=clock)
    pu_config = PuLookupConfig(database_url=f"sqlite:///{tmp_path / 'pu.sqlite3'}")
    prepare_pu(pu_config)
    register = FakePopulationRegister(PATIENTS)
    pu_app = create_pu_app(pu_config, register=register, clock=clock)
    config = CertificateConfig(database_url=database_url, data_dir=str(tmp_path), load_demo_world=False)
    prepare(config)
    app = create_app(config, auth_client=WsgiServiceClient(auth_app), pu_lookup_client=WsgiServiceClient(pu_app),
                     clock=clock)
    engine = app.extensions["webcert_certificate_engine"]
    try:
        yield CertificateHarness(app.test_client(), auth_app.test_client(), clock, engine, register)
    finally:
        engine.dispose()
        auth_app.extensions["webcert_auth_engine"].dispose()
        pu_app.extensions["webcert_pu_lookup_engine"].dispose()
