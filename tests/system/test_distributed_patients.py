"""Patients in the distributed form: pu-lookup, the PU simulator and the national log-service
simulator as processes of their own; outages reach every process through RabbitMQ."""
from __future__ import annotations

import json

import requests
import sqlalchemy as sa

from http_flows import choose_unit, login, search_patient
from tests.support.running_system import wait_until
from webcert_common.db import make_engine

TOLVAN = "19121212-1212"
SKYDDAD = "19680815-1556"
SVEN = "19500101-0114"


def outbox_types(database_url: str) -> list[str]:
    engine = make_engine(database_url)
    try:
        table = sa.Table("outbox", sa.MetaData(), autoload_with=engine)
        with engine.connect() as conn:
            return [json.loads(body)["type"] for body in conn.execute(sa.select(table.c.body)).scalars()]
    finally:
        engine.dispose()


def test_a_search_shows_the_patient_and_leaves_a_pdl_entry_per_register_read(system):
    """The patient page reads PU (pu-lookup's entry) and the patient's certificates on the unit
    (the certificate service's entry): two accesses, two entries."""
    before = len(system.pdl_entries(TOLVAN))
    http, _ = login(system, "TSTNMT2321000156-1003")          # Maria Costa
    page = search_patient(http, system.base_url, TOLVAN)
    assert page.status_code == 200 and "Tolvan Tolvansson" in page.text
    assert TOLVAN not in page.url and TOLVAN.replace("-", "") not in page.url
    entries = wait_until(lambda: (e := system.pdl_entries(TOLVAN)) and len(e) == before + 2 and e, timeout=20,
                         what="the PDL entries at the log service")
    newest = sorted(entries, key=lambda e: e["time"])[-2:]
    assert {(e["user_id"], e["unit_id"], e["outcome"], e["action"]) for e in newest} == {
        ("TSTNMT2321000156-1003", "TSTNMT2321000156-VE12", "granted", "läsa")}


def test_a_refused_access_is_logged_too(system):
    before = len(system.pdl_entries(SKYDDAD))
    http, _ = login(system, "TSTNMT2321000156-1004")          # Ali Rahimi, läkare: allowed
    assert search_patient(http, system.base_url, SKYDDAD).status_code == 200
    http, _ = login(system, "TSTNMT2321000156-1009")          # Karin Admin, vårdadministratör: refused
    choose_unit(http, system.base_url, "TSTNMT2321000156-VE12")
    refused = search_patient(http, system.base_url, SKYDDAD)
    assert refused.status_code == 403 and "Sköld" not in refused.text
    # Ali's page: the PU lookup and the certificate list; Karin's refusal: the lookup only.
    entries = wait_until(lambda: (e := system.pdl_entries(SKYDDAD)) and len(e) == before + 3 and e, timeout=20,
                         what="three PDL entries")
    assert {"granted", "refused"} <= {e["outcome"] for e in entries}


def test_an_outage_locks_every_gateway_process_and_is_published_once(system):
    http, _ = login(system, "TSTNMT2321000156-1003")
    patient_page = search_patient(http, system.base_url, TOLVAN).url
    pu_lookup_db = system.env["PU_LOOKUP_DATABASE_URL"]
    unavailable_before = outbox_types(pu_lookup_db).count("pu.unavailable")
    try:
        system.set_pu_available(False)
        # Several requests land on different gunicorn workers; every one must show the lock.
        wait_until(lambda: all("pu-lock-banner" in http.get(system.base_url + "/sok-skriv-intyg", timeout=10).text
                               for _ in range(6)), timeout=20, what="the lock on every gateway process")
        assert http.get(patient_page, timeout=10).status_code == 503
        lookup = requests.post(f"http://127.0.0.1:{system.env['PU_LOOKUP_PORT']}/persons/lookup",
                               json={"personnummer": TOLVAN, "requester": {
                                   "user_id": "TSTNMT2321000156-1003", "role": "LAKARE",
                                   "unit_id": "TSTNMT2321000156-VE12", "care_unit_id": "TSTNMT2321000156-VE12",
                                   "care_provider_id": "TSTNMT2321000156-VG01"}}, timeout=10)
        assert lookup.status_code == 503 and lookup.json()["error"]["reason"] == "PU_UNAVAILABLE"
        assert outbox_types(pu_lookup_db).count("pu.unavailable") == unavailable_before + 1
    finally:
        system.set_pu_available(True)
    wait_until(lambda: all("pu-lock-banner" not in http.get(system.base_url + "/sok-skriv-intyg", timeout=10).text
                           for _ in range(6)), timeout=20, what="the lock lifted everywhere")
    assert http.get(patient_page, timeout=10).status_code == 200
    assert outbox_types(pu_lookup_db).count("pu.unavailable") == unavailable_before + 1


def test_a_register_that_does_not_answer_never_hangs_a_page(system):
    """Issue "Bad input": the register timing out never hangs a page -- it locks (fail closed)."""
    http, _ = login(system, "TSTNMT2321000156-1003")
    control = system.pu_simulator_url + "/control/state"
    try:
        requests.post(control, json={"state": "slow", "delay_seconds": 30}, timeout=10).raise_for_status()
        # The register would answer after 30 s; the page must answer long before (the
        # client gives up after 10 s), with the lock instead of the patient. (A patient no
        # other test looks up, so that pu-lookup's short cache cannot answer instead.)
        page = search_patient(http, system.base_url, SVEN)
        assert page.status_code == 503 and "PU-tjänsten" in page.text
    finally:
        system.set_pu_available(True)
    wait_until(lambda: search_patient(http, system.base_url, TOLVAN).status_code == 200, timeout=20,
               what="lookups working again")
