"""INT-1 in the distributed form: the certificate worker's queue adapters on RabbitMQ and
PostgreSQL deliver to the recipient simulators, each a process of its own.

- With Försäkringskassan down, a sent certificate waits in its queue and arrives, once, when FK
  is back (§5.5: "Skickat" only once the recipient has it).
- With RabbitMQ restarted in the middle of a batch of sends, nothing is lost or duplicated: every
  certificate reaches FK exactly once and every one becomes "Skickat".
"""
from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import requests

from http_flows import choose_unit, create_certificate, login, search_patient, session_id
from tests.support.running_system import wait_until
from webcert_certificate.examples import example_content

TOLVAN = "19121212-1212"
INGRID = "TSTNMT2321000156-1001"
VE11 = "TSTNMT2321000156-VE11"
BATCH = 12


def _ingrid(system) -> requests.Session:
    http, _ = login(system, INGRID)
    assert choose_unit(http, system.base_url, VE11).status_code == 200
    return http


def _service(system, http, method: str, path: str, body=None) -> requests.Response:
    return requests.request(method, system.certificate_service_url + path, json=body,
                            headers={"X-Session-Id": session_id(http)}, timeout=30)


def _signed_fk7804(system, http, patient_page_url: str) -> str:
    certificate_id = create_certificate(http, patient_page_url, "FK7804")
    editing = _service(system, http, "POST", f"/certificates/{certificate_id}/editing").json()
    today = datetime.now(ZoneInfo("Europe/Stockholm")).date()
    saved = _service(system, http, "PUT", f"/certificates/{certificate_id}",
                     {"version": editing["version"], "edit_token": editing["edit_token"],
                      "content": example_content("FK7804", today)})
    assert saved.status_code == 200, saved.text
    signed = _service(system, http, "POST", f"/certificates/{certificate_id}/sign", {"version": saved.json()["version"]})
    assert signed.status_code == 200, signed.text
    return certificate_id


def _send(system, http, certificate_id: str) -> None:
    answer = _service(system, http, "POST", f"/certificates/{certificate_id}/send", {"patient_consent": True})
    assert answer.status_code == 202, answer.text


def _status(system, http, certificate_id: str) -> dict:
    return _service(system, http, "GET", f"/certificates/{certificate_id}").json()


def _received_by_fk(system) -> dict[str, list[dict]]:
    """Each certificate id the FK simulator stored, with its stored deliveries."""
    found: dict[str, list[dict]] = {}
    for delivery in system.recipient_received("fk")["certificates"]:
        found.setdefault(delivery["certificate"]["id"], []).append(delivery)
    return found


def test_with_forsakringskassan_down_a_sent_certificate_waits_and_arrives_once(system):
    http = _ingrid(system)
    patient = search_patient(http, system.base_url, TOLVAN)
    certificate_id = _signed_fk7804(system, http, patient.url)
    system.set_recipient_mode("fk", "down")
    try:
        _send(system, http, certificate_id)
        view = _status(system, http, certificate_id)
        assert (view["status"], view["delivery"]["state"]) == ("SIGNED", "pending")
        assert certificate_id not in _received_by_fk(system)
    finally:
        system.set_recipient_mode("fk", "normal")
    wait_until(lambda: _status(system, http, certificate_id)["status"] == "SENT", timeout=90,
               what="Skickat once Försäkringskassan is back")
    assert len(_received_by_fk(system)[certificate_id]) == 1


def _rabbitmqctl() -> str:
    path = shutil.which("rabbitmqctl") or ("/usr/sbin/rabbitmqctl" if os.path.exists("/usr/sbin/rabbitmqctl") else None)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("rabbitmqctl is needed to restart the broker in this test")
        pytest.skip("rabbitmqctl is not installed here")
    return path


def _restart_broker(ctl: str) -> None:
    """A real restart of the RabbitMQ application: every connection is dropped; durable queues
    and persistent messages survive it."""
    subprocess.run([ctl, "stop_app"], check=True, capture_output=True, timeout=120)
    subprocess.run([ctl, "start_app"], check=True, capture_output=True, timeout=120)


def test_a_broker_restart_in_the_middle_of_a_batch_loses_and_duplicates_nothing(system):
    ctl = _rabbitmqctl()
    http = _ingrid(system)
    patient = search_patient(http, system.base_url, TOLVAN)
    batch = [_signed_fk7804(system, http, patient.url) for _ in range(BATCH)]
    half = BATCH // 2
    for certificate_id in batch[:half]:
        _send(system, http, certificate_id)
    try:
        _restart_broker(ctl)
    finally:
        subprocess.run([ctl, "start_app"], capture_output=True, timeout=120)   # never leave it stopped
    for certificate_id in batch[half:]:
        _send(system, http, certificate_id)

    def all_sent():
        return all(_status(system, http, c)["status"] == "SENT" for c in batch)
    wait_until(all_sent, timeout=180, interval=1.0, what="every certificate of the batch Skickat")
    received = _received_by_fk(system)
    assert {c: len(received.get(c, [])) for c in batch} == {c: 1 for c in batch}
    for certificate_id in batch:
        view = _status(system, http, certificate_id)
        assert [h["kind"] for h in view["history"]].count("received") == 1
