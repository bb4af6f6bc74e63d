"""Drafts saved per second and signatures per second through the gateway (issue 4).

Starts the system as ``make up`` does (``--mode distributed``: gunicorn per service, RabbitMQ,
PostgreSQL) or as ``make run`` does (``--mode embedded``), logs in ``--clients`` users through
the test IdP, and drives the gateway over HTTP exactly as the draft page's script and form do:

  save  PUT /intyg/<id>/innehall with a complete FK7804 (the autosave of every keystroke pause):
        gateway → auth (session) → certificate (auth again, format check, versioned UPDATE,
        PDL entry in the outbox) and back;
  sign  POST /intyg/<id>/signera on a complete draft: gateway → certificate → auth, pu-lookup
        (the patient again, PU-4), full validation, canonical bytes, ECDSA P-256 signature,
        UPDATE + certificate.signed + PDL entry in one transaction; the redirect is not followed.

For scale, the same machine's bare cost of one signature (canonical bytes + ECDSA, in process)
is measured too. Results: a table, and bench/results/certificates-<mode>-<clients>clients.json.

    .venv/bin/python bench/certificate_benchmark.py [--mode distributed] [--saves 400] [--signatures 120] [--clients 4]
"""
from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for path in ("services/common", "services/auth", "services/pu-lookup", "services/certificate", "gateway", "deploy",
             "deploy/simulators", "."):
    sys.path.insert(0, str(ROOT / path))

import requests  # noqa: E402

from tests.support.certificate_forms import form_fields, without_false_checkboxes  # noqa: E402
from tests.support.running_system import running_system  # noqa: E402
from tests.system.http_flows import create_certificate, login, search_patient  # noqa: E402
from webcert_certificate.adapters.signing import DemoCertificateAuthority, sign  # noqa: E402
from webcert_certificate.adapters.type_loader import load_certificate_types  # noqa: E402
from webcert_certificate.domain.canonical import SignableCertificate  # noqa: E402
from webcert_certificate.domain.signature import SignerIdentity  # noqa: E402
from webcert_certificate.examples import example_content  # noqa: E402
from webcert_certificate.service_layer.views import definition  # noqa: E402

TOLVAN = "19121212-1212"
MARIA = "TSTNMT2321000156-1003"       # Maria Costa: one unit without workplaces, no unit choice
CSRF = re.compile(r'data-csrf="([^"]+)"')
FORM_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)" data-wc-version')
EDIT_TOKEN = re.compile(r'name="edit_token" value="([^"]*)"')
RESULTS = ROOT / "bench" / "results"


class Client:
    """One logged-in user with a patient page, as a browser would be."""

    def __init__(self, system, fields: list[list[str]]) -> None:
        self.system = system
        self.base = system.base_url
        self.http, _ = login(system, MARIA)
        self.patient_page = search_patient(self.http, self.base, TOLVAN).url
        self.fields = fields

    def new_draft(self) -> dict:
        certificate_id = create_certificate(self.http, self.patient_page, "FK7804")
        html = self.http.get(f"{self.base}/intyg/{certificate_id}", timeout=20).text
        return {"id": certificate_id, "csrf": CSRF.search(html).group(1), "form_csrf": FORM_CSRF.search(html).group(1),
                "version": int(VERSION.search(html).group(1)), "edit_token": EDIT_TOKEN.search(html).group(1)}

    def save(self, draft: dict) -> float:
        started = time.perf_counter()
        answer = self.http.put(f"{self.base}/intyg/{draft['id']}/innehall",
                               json={"version": draft["version"], "edit_token": draft["edit_token"],
                                     "certificate_type": "FK7804", "fields": self.fields},
                               headers={"X-CSRFToken": draft["csrf"], "Accept": "application/json"}, timeout=30)
        elapsed = time.perf_counter() - started
        assert answer.status_code == 200, answer.text[:500]
        draft["version"] = answer.json()["version"]
        return elapsed

    def sign(self, draft: dict) -> float:
        started = time.perf_counter()
        answer = self.http.post(f"{self.base}/intyg/{draft['id']}/signera",
                                data={"csrf_token": draft["form_csrf"], "version": str(draft["version"])},
                                allow_redirects=False, timeout=30)
        elapsed = time.perf_counter() - started
        location = answer.headers.get("Location", "")
        assert answer.status_code in (302, 303) and location.endswith(f"/intyg/{draft['id']}"), \
            (answer.status_code, location)
        return elapsed


def run_parallel(clients: list[Client], work) -> tuple[float, list[float]]:
    """Run ``work(client)`` (which returns latencies) on one thread per client; wall time and latencies."""
    latencies: list[float] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def body(client: Client) -> None:
        try:
            mine = work(client)
        except BaseException as error:   # reported after the run
            errors.append(error)
            return
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=body, args=(c,)) for c in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        raise errors[0]
    return wall, latencies


def summary(count: int, wall: float, latencies: list[float]) -> dict:
    ordered = sorted(latencies)
    return {"count": count, "seconds": round(wall, 2), "per_second": round(count / wall, 1),
            "latency_ms": {"median": round(statistics.median(ordered) * 1000, 1),
                           "p95": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1),
                           "max": round(ordered[-1] * 1000, 1)}}


def bare_signatures(count: int) -> dict:
    """The floor: canonical bytes + one ECDSA P-256 signature, in this process, no I/O."""
    authority = DemoCertificateAuthority.create()
    signer = authority.issue(SignerIdentity(MARIA, "Maria Costa"))
    content = example_content("FK7804", date.today())
    certificate = SignableCertificate("c", "FK7804", "1.3", {"id": TOLVAN}, {"id": MARIA, "name": "Maria Costa"},
                                      {"id": "u"}, content)
    started = time.perf_counter()
    for _ in range(count):
        sign(certificate, signer)
    wall = time.perf_counter() - started
    return {"count": count, "seconds": round(wall, 3), "per_second": round(count / wall, 1)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=("distributed", "embedded"), default="distributed")
    parser.add_argument("--saves", type=int, default=400)
    parser.add_argument("--signatures", type=int, default=120)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args(argv)
    fk7804 = definition(load_certificate_types()["FK7804"])
    fields = form_fields(fk7804, without_false_checkboxes(fk7804, example_content("FK7804", date.today())))
    with tempfile.TemporaryDirectory() as workdir, running_system(args.mode, Path(workdir)) as system:
        print(f"system up ({args.mode}) at {system.base_url}; {args.clients} clients", flush=True)
        clients = [Client(system, fields) for _ in range(args.clients)]
        per_client_saves = max(1, args.saves // args.clients)
        drafts = {id(c): c.new_draft() for c in clients}
        for c in clients:            # warm: the first save of each draft and process
            c.save(drafts[id(c)])
        wall, latencies = run_parallel(clients, lambda c: [c.save(drafts[id(c)]) for _ in range(per_client_saves)])
        saves = summary(per_client_saves * len(clients), wall, latencies)
        print(f"saves: {saves}", flush=True)
        per_client_signs = max(1, args.signatures // args.clients)
        to_sign = {id(c): [c.new_draft() for _ in range(per_client_signs)] for c in clients}
        for c in clients:            # each draft complete before the clock starts
            for draft in to_sign[id(c)]:
                c.save(draft)
        wall, latencies = run_parallel(clients, lambda c: [c.sign(d) for d in to_sign[id(c)]])
        signatures = summary(per_client_signs * len(clients), wall, latencies)
        print(f"signatures: {signatures}", flush=True)
    floor = bare_signatures(2000)
    print(f"bare signature (in process): {floor}")
    result = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "mode": args.mode,
              "clients": args.clients, "machine": {"python": platform.python_version(), "cpus": _cpus(),
                                                   "processor": platform.processor() or platform.machine()},
              "saves_through_gateway": saves, "signatures_through_gateway": signatures,
              "bare_signature": floor}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"certificates-{args.mode}-{args.clients}clients.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"| {args.mode} | {args.clients} | {saves['per_second']}/s | {saves['latency_ms']['median']} ms | "
          f"{saves['latency_ms']['p95']} ms | {signatures['per_second']}/s | {signatures['latency_ms']['median']} ms | "
          f"{signatures['latency_ms']['p95']} ms | {floor['per_second']}/s |")
    return 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
