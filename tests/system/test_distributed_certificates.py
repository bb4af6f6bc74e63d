"""Certificates in the distributed form: the certificate service as processes of its own
(gunicorn and its worker) beside auth and pu-lookup, asking them over HTTP; its PDL entries go
through its outbox and RabbitMQ to the gateway's shipper and on to the national log-service
simulator. The draft is created and signed on the gateway's pages; its content is written
through the certificate service's API with the user's session (the form's field names are the
gateway tier's business), with the complete example content of the type."""
from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import requests
import sqlalchemy as sa

from http_flows import choose_unit, create_certificate, login, search_patient, session_id, sign_certificate
from tests.support.running_system import wait_until
from webcert_certificate.examples import example_content
from webcert_common.bus import contracts, outbox_table
from webcert_common.db import make_engine

TOLVAN = "19121212-1212"
INGRID = "TSTNMT2321000156-1001"          # Ingrid Holm, läkare on VE11 and VE12
VE11 = "TSTNMT2321000156-VE11"            # Alfa Vårdcentral
DEMO_FK7263 = {"0b7e5c2a-7263-4a11-9e01-000000000001", "0b7e5c2a-7263-4a11-9e01-000000000002"}


def _ingrid_on_ve11(system) -> requests.Session:
    http, _ = login(system, INGRID)
    assert choose_unit(http, system.base_url, VE11).status_code == 200
    return http


def _service(system, http: requests.Session, method: str, path: str, body=None) -> requests.Response:
    """The certificate service's own port, as the gateway calls it: the user's session in X-Session-Id."""
    return requests.request(method, system.certificate_service_url + path, json=body,
                            headers={"X-Session-Id": session_id(http)}, timeout=20)


def _verification(system, certificate_id: str) -> dict:
    response = requests.get(f"{system.certificate_service_url}/certificates/{certificate_id}/verification",
                            timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def _outbox(database_url: str, event_type: str) -> list[dict]:
    engine = make_engine(database_url)
    try:
        table = outbox_table()
        with engine.connect() as conn:
            rows = conn.execute(sa.select(table.c.body, table.c.published_at).where(table.c.type == event_type)).all()
        return [dict(json.loads(row.body), published_at=row.published_at) for row in rows]
    finally:
        engine.dispose()


def test_ingrid_writes_and_signs_an_fk7804_for_tolvan(system):
    http = _ingrid_on_ve11(system)
    patient_page = search_patient(http, system.base_url, TOLVAN)
    assert patient_page.status_code == 200 and "Tolvan Tolvansson" in patient_page.text
    certificate_id = create_certificate(http, patient_page.url, "FK7804")

    # CERT-3: the whole content, as the form's autosave sends it, with the priority of this opener.
    editing = _service(system, http, "POST", f"/certificates/{certificate_id}/editing")
    assert editing.status_code == 200, editing.text
    today = datetime.now(ZoneInfo("Europe/Stockholm")).date()
    saved = _service(system, http, "PUT", f"/certificates/{certificate_id}",
                     {"version": editing.json()["version"], "edit_token": editing.json()["edit_token"],
                      "content": example_content("FK7804", today)})
    assert saved.status_code == 200, saved.text

    signed_page = sign_certificate(http, system.base_url, certificate_id, saved.json()["version"])
    assert signed_page.status_code == 200, signed_page.text[-2000:]
    assert signed_page.url.endswith(f"/intyg/{certificate_id}")
    view = _service(system, http, "GET", f"/certificates/{certificate_id}").json()
    assert view["status"] == "SIGNED" and view["signature"]["signer"]["name"] == "Ingrid Holm"

    verified = _verification(system, certificate_id)
    assert verified["valid"] is True and verified["signer"]["name"] == "Ingrid Holm", verified
    assert verified["message"] in signed_page.text          # the gateway's page says so too

    # One PDL entry per write of the patient's data, shipped to the national log service.
    def logged():
        actions = {e["action"] for e in system.pdl_entries(TOLVAN) if e["certificate_id"] == certificate_id}
        return {"skapa", "skriva", "signera"} <= actions and actions
    wait_until(logged, timeout=30, what="the certificate's PDL entries at the log service")
    mine = [e for e in system.pdl_entries(TOLVAN) if e["certificate_id"] == certificate_id]
    assert {(e["user_id"], e["unit_id"], e["outcome"]) for e in mine} == {(INGRID, VE11, "granted")}

    # certificate.signed went through the outbox and the relay published it to RabbitMQ.
    database_url = system.env["CERTIFICATE_DATABASE_URL"]
    [event] = wait_until(lambda: [e for e in _outbox(database_url, contracts.CERTIFICATE_SIGNED)
                                  if e["payload"]["certificate_id"] == certificate_id and e["published_at"]],
                         timeout=30, what="certificate.signed published")
    assert event["payload"]["signed_by"] == INGRID and event["payload"]["recipient"] == "fk"
    # v2 names the patient once, in patient_id (the messaging service's PU-3/PU-4 and PDL); nowhere else.
    assert event["payload"]["patient_id"] == TOLVAN
    assert TOLVAN not in json.dumps({k: v for k, v in event.items() if k not in ("published_at", "payload")})
    assert TOLVAN not in json.dumps({k: v for k, v in event["payload"].items() if k != "patient_id"})


def test_the_demo_worlds_fk7263_certificates_for_tolvan_are_there_and_verify(system):
    http = _ingrid_on_ve11(system)
    found = _service(system, http, "POST", "/certificates/search", {"personnummer": TOLVAN})
    assert found.status_code == 200, found.text
    fk7263 = {c["id"]: c for c in found.json()["certificates"] if c["certificate_type"] == "FK7263"}
    assert set(fk7263) == DEMO_FK7263
    for certificate_id, summary in fk7263.items():
        assert summary["status"] == "SENT" and summary["signed_by"]["name"] == "Ingrid Holm"
        verified = _verification(system, certificate_id)
        assert verified["valid"] is True, verified
        assert verified["signer"]["name"] == "Ingrid Holm"
