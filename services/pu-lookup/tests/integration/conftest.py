"""The pu-lookup service through HTTP on a real database: every test runs on SQLite and on
PostgreSQL (a fresh database per test, from the root conftest). The population register is
the in-memory fake, loaded with one demo patient of each kind."""
from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from webcert_common.bus import outbox_table
from webcert_common.clock import FakeClock
from webcert_pu_lookup.adapters.population_register import FakePopulationRegister
from webcert_pu_lookup.bootstrap import prepare
from webcert_pu_lookup.config import PuLookupConfig
from webcert_pu_lookup.entrypoints.app import create_app

from pu_demo_patients import DEMO_PATIENTS, REQUESTERS


@dataclass
class PuHarness:
    app: object
    client: object
    clock: FakeClock
    engine: sa.Engine
    config: PuLookupConfig
    register: FakePopulationRegister

    def validate(self, personnummer):
        return self.client.post("/persons/validate", json={"personnummer": personnummer})

    def lookup(self, personnummer, role: str = "LAKARE", client=None):
        return (client or self.client).post("/persons/lookup",
                                            json={"personnummer": personnummer, "requester": REQUESTERS[role]})

    def events(self) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(outbox_table().c.body).order_by(outbox_table().c.position)).all()
        return [json.loads(r.body) for r in rows]

    def event_types(self) -> list[str]:
        return [e["type"] for e in self.events()]


@pytest.fixture
def pu(database_url):
    config = PuLookupConfig(database_url=database_url)
    prepare(config)
    clock = FakeClock()
    register = FakePopulationRegister(DEMO_PATIENTS)
    app = create_app(config, register=register, clock=clock)
    engine = app.extensions["webcert_pu_lookup_engine"]
    try:
        yield PuHarness(app, app.test_client(), clock, engine, config, register)
    finally:
        engine.dispose()
