"""The world of the certificate service's integration tests: the demo users and patients, and
the harness that calls the service as a logged-in user (named apart from every other test
directory's modules: the tiers run all of them in one process)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from tests.support.service_login import siths_session
from webcert_common.bus import outbox_table
from webcert_common.clock import FakeClock
from webcert_pu_lookup.adapters.population_register import FakePopulationRegister
from webcert_pu_lookup.domain.identity_number import PersonalIdentityNumber
from webcert_pu_lookup.domain.person import Address, Person

KEY = "certificate-test-idp-key"
TOLVAN = "19121212-1212"
GUNHILD_DECEASED = "19400404-0442"
SKYDDAD_PROTECTED = "19680815-1556"

VE11 = "TSTNMT2321000156-VE11"
VE11_M1 = "TSTNMT2321000156-VE11-M1"
VE12 = "TSTNMT2321000156-VE12"
USERS = {
    "ingrid": ("TSTNMT2321000156-1001", VE11),
    "olle": ("TSTNMT2321000156-1002", VE11),
    "sara": ("TSTNMT2321000156-1008", VE11),
    "karin": ("TSTNMT2321000156-1009", VE11),
    "greta": ("TSTNMT2321000156-1013", "TSTNMT2321000156-VE31"),
    "maria": ("TSTNMT2321000156-1003", VE12),
}

PATIENTS = [
    Person(PersonalIdentityNumber(TOLVAN), "Tolvan Tolvansson", Address("Svensksundsvägen 11", "11111", "Stockholm")),
    Person(PersonalIdentityNumber(GUNHILD_DECEASED), "Gunhild Ek", Address("Björkvägen 2", "60221", "Norrköping"),
           date_of_death=datetime(2026, 11, 20).date()),
    Person(PersonalIdentityNumber(SKYDDAD_PROTECTED), "Skyddad Sköld", None, protected_identity=True),
]


@dataclass
class CertificateHarness:
    client: object
    auth_client: object
    clock: FakeClock
    engine: sa.Engine
    register: FakePopulationRegister
    sessions: dict = field(default_factory=dict)

    def login(self, who: str, unit_id: str | None = None) -> str:
        hsa_id, default_unit = USERS[who]
        return siths_session(self.auth_client, KEY, hsa_id, unit_id or default_unit)

    def call(self, sid: str | None, method: str, path: str, body=None, **kwargs):
        headers = {"X-Session-Id": sid} if sid else {}
        return self.client.open(path, method=method, json=body, headers=headers, **kwargs)

    def create(self, sid: str, certificate_type: str = "FK7804", personnummer: str = TOLVAN):
        return self.call(sid, "POST", "/certificates", {"certificate_type": certificate_type,
                                                        "personnummer": personnummer})

    def draft(self, sid: str, certificate_type: str = "FK7804", personnummer: str = TOLVAN) -> dict:
        response = self.create(sid, certificate_type, personnummer)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def edit(self, sid: str, certificate_id: str) -> dict:
        response = self.call(sid, "POST", f"/certificates/{certificate_id}/editing")
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def save(self, sid: str, certificate_id: str, content: dict, version: int, token: str | None):
        return self.call(sid, "PUT", f"/certificates/{certificate_id}",
                         {"version": version, "edit_token": token, "content": content})

    def events(self, event_type: str | None = None) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(outbox_table().c.body).order_by(outbox_table().c.position)).all()
        found = [json.loads(r.body) for r in rows]
        return [e for e in found if event_type is None or e["type"] == event_type]

    def pdl(self) -> list[dict]:
        return [e["payload"] for e in self.events("pdl.access_logged")]


