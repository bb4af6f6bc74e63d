"""Questions received and answered per second through FK's adapter and the gateway (issue 7).

Starts the system as ``make up`` does (``--mode distributed``: gunicorn per service, RabbitMQ,
PostgreSQL) or as ``make run`` does (``--mode embedded``), logs in Maria Costa through the test IdP
and prepares a handful of FK7804 certificates on Tolvan Tolvansson through the gateway, as a user
would: "Skapa intyg", the whole form saved, "Signera intyget", "Skicka" with the patient's consent;
then waits until FK's simulator holds each and the certificate's panel offers "Administrativa
frågor" (the messaging service has FK's receipt: §7 traffic is allowed from then). Then:

  received  ``--questions`` KONTAKT questions from FK, ``--clients`` concurrent posters:
            distributed  POST <messaging>/fk/messages, FK's adapter endpoint (202 once in the outbox);
            embedded     the FK simulator's "Ny fråga från Försäkringskassan" → "Skicka" (the messaging
                         service has no socket; the simulator posts to it in-process) -- also with
                         ``--via simulator`` in the distributed form, over HTTP.
            End to end: from the first post until the count beside "Ej hanterade ärenden" (QA-2) shows
            them all: relay → RabbitMQ/memory → consumer → question stored.
  answered  each of them "Svara" → "Skicka" through the gateway, ``--clients`` sessions:
            POST /intyg/<id>/arenden/<fråga>/svar (the form's csrf_token and text; the redirect is not
            followed): gateway → messaging (session from auth, PU lookup, answer + PDL + question.answered
            in one transaction). End to end: until FK's simulator (GET /api/messages) holds every answer:
            relay → FK adapter consumer → POST /api/messages.

No sleeps beyond the polling interval (``--poll``). Results: a table, and
bench/results/messaging-<mode>.json.

    .venv/bin/python bench/messaging_benchmark.py [--mode distributed] [--questions 300] [--clients 4] [--certificates 5]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests  # noqa: E402

from certificate_benchmark import FORM_CSRF, RESULTS, Client, run_parallel, summary  # noqa: E402
from tests.support.certificate_forms import form_fields, without_false_checkboxes  # noqa: E402
from tests.support.running_system import running_system, wait_until  # noqa: E402
from webcert_certificate.adapters.type_loader import load_certificate_types  # noqa: E402
from webcert_certificate.examples import example_content  # noqa: E402
from webcert_certificate.service_layer.views import definition  # noqa: E402

UNHANDLED_COUNT = re.compile(r'data-testid="unhandled-count"> \((\d+)\)')
MAY_ASK = 'data-testid="ask-question-button"'
QUESTION_TEXT = "Vi behöver prata med dig om patientens sjukskrivning. Ring handläggaren."
ANSWER_TEXT = "Jag ringer handläggaren i morgon förmiddag."
TIMEOUT = 240.0


# --- the certificates FK asks about ---------------------------------------------------------------

def prepare_certificates(system, client: Client, count: int) -> list[str]:
    """Signed and sent FK7804s, each received by FK and known as sent by the messaging service."""
    ids = []
    for _ in range(count):
        draft = client.new_draft()
        client.save(draft)
        client.sign(draft)
        sent = client.http.post(f"{client.base}/intyg/{draft['id']}/skicka",
                                data={"csrf_token": draft["form_csrf"], "patient_consent": "true"},
                                allow_redirects=False, timeout=30)
        assert sent.status_code in (302, 303), (sent.status_code, sent.text[:300])
        ids.append(draft["id"])
    wait_until(lambda: set(ids) <= {d["certificate"]["id"] for d in system.recipient_received("fk")["certificates"]},
               timeout=TIMEOUT, what="FK's receipt of every certificate")
    for certificate_id in ids:     # certificate.delivered consumed by messaging: "Administrativa frågor" shown
        wait_until(lambda: MAY_ASK in client.http.get(f"{client.base}/intyg/{certificate_id}", timeout=20).text,
                   timeout=TIMEOUT, what="the messaging service knowing the certificate as sent to FK")
    return ids


# --- FK's questions in ----------------------------------------------------------------------------

class AdapterPoster:
    """FK's system: its JSON straight to the messaging service's adapter endpoint."""

    def __init__(self, system, work: list[tuple[str, str]]) -> None:
        self.url = system.messaging_service_url + "/fk/messages"
        self.http = requests.Session()
        self.work = work

    def post_all(self) -> list[float]:
        return [self._post(question_id, certificate_id) for question_id, certificate_id in self.work]

    def _post(self, question_id: str, certificate_id: str) -> float:
        body = {"kind": "question", "id": question_id, "certificate_id": certificate_id, "subject": "KONTAKT",
                "text": QUESTION_TEXT, "sent_at": datetime.now(timezone.utc).isoformat(),
                "complement_references": [], "reminder_of": None}
        started = time.perf_counter()
        answer = self.http.post(self.url, json=body, timeout=30)
        elapsed = time.perf_counter() - started
        assert answer.status_code == 202, (answer.status_code, answer.text[:300])
        return elapsed


class SimulatorPoster:
    """FK's operator: "Ny fråga från Försäkringskassan", Ämne Kontakt, "Skicka". The simulator makes
    the id; it is read back from its GET /api/messages afterwards."""

    def __init__(self, system, work: list[tuple[str, str]]) -> None:
        self.base = system.recipient_simulator_url("fk")
        self.http = requests.Session()
        self.work = work
        page = self.http.get(f"{self.base}/intyg/{work[0][1]}/ny-fraga", timeout=20).text if work else ""
        match = FORM_CSRF.search(page)
        self.csrf = match.group(1) if match else ""

    def post_all(self) -> list[float]:
        return [self._post(certificate_id) for _, certificate_id in self.work]

    def _post(self, certificate_id: str) -> float:
        started = time.perf_counter()
        answer = self.http.post(f"{self.base}/intyg/{certificate_id}/ny-fraga", allow_redirects=False, timeout=30,
                                data={"csrf_token": self.csrf, "subject": "KONTAKT", "text": QUESTION_TEXT})
        elapsed = time.perf_counter() - started
        assert answer.status_code in (302, 303), (answer.status_code, answer.text[:300])
        return elapsed


def unhandled_count(client: Client) -> int:
    """The number beside "Ej hanterade ärenden" in the header of a light page (QA-2)."""
    match = UNHANDLED_COUNT.search(client.http.get(f"{client.base}/om-webcert", timeout=20).text)
    assert match, "no count beside Ej hanterade ärenden"
    return int(match.group(1))


def fk_messages(system) -> dict:
    response = requests.get(system.recipient_simulator_url("fk") + "/api/messages", timeout=20)
    response.raise_for_status()
    return response.json()


def receive_questions(system, watcher: Client, certificates: list[str], count: int, clients: int, via: str,
                      poll: float) -> tuple[dict, list[tuple[str, str]]]:
    """(a): the figures and the (question id, certificate id) pairs stored."""
    work = [(str(uuid.uuid4()), certificates[i % len(certificates)]) for i in range(count)]
    chunks = [work[i::clients] for i in range(clients)]
    poster = AdapterPoster if via == "adapter" else SimulatorPoster
    posters = [poster(system, chunk) for chunk in chunks if chunk]
    baseline = unhandled_count(watcher)
    already_sent = {m["id"] for m in fk_messages(system)["sent"] if m.get("kind") == "question"}
    started = time.perf_counter()
    wall, latencies = run_parallel(posters, lambda p: p.post_all())
    wait_until(lambda: unhandled_count(watcher) >= baseline + count, timeout=TIMEOUT, interval=poll,
               what=f"{count} questions listed under Ej hanterade ärenden")
    end_to_end = time.perf_counter() - started
    if via == "simulator":
        work = [(m["id"], m["certificate_id"]) for m in fk_messages(system)["sent"]
                if m.get("kind") == "question" and m["id"] not in already_sent]
    assert len(work) == count, len(work)
    return {"via": via, "endpoint": summary(count, wall, latencies),
            "end_to_end": _end_to_end(count, end_to_end, wall)}, work


# --- the unit's answers out -----------------------------------------------------------------------

def answer_all(client: Client, work: list[tuple[str, str]], csrf: str) -> list[float]:
    latencies = []
    for question_id, certificate_id in work:
        started = time.perf_counter()
        answer = client.http.post(f"{client.base}/intyg/{certificate_id}/arenden/{question_id}/svar",
                                  data={"csrf_token": csrf, "text": ANSWER_TEXT}, allow_redirects=False, timeout=30)
        latencies.append(time.perf_counter() - started)
        # A refusal also redirects back to the question (with its notice): checked by FK's count below.
        assert answer.status_code in (302, 303) and f"arende={question_id}" in answer.headers.get("Location", ""), \
            (answer.status_code, answer.headers.get("Location"))
    return latencies


def answer_questions(system, clients: list[Client], work: list[tuple[str, str]], poll: float) -> dict:
    """(b): every question answered through the gateway; until FK's simulator has every answer."""
    csrf = {id(c): FORM_CSRF.search(c.http.get(f"{c.base}/intyg/{work[0][1]}", timeout=20).text).group(1)
            for c in clients}
    chunks = {id(c): work[i::len(clients)] for i, c in enumerate(clients)}
    wanted = {question_id for question_id, _ in work}

    def answers_at_fk() -> int:
        return len(wanted & {m["question_id"] for m in fk_messages(system)["received"] if m.get("kind") == "answer"})

    started = time.perf_counter()
    wall, latencies = run_parallel(clients, lambda c: answer_all(c, chunks[id(c)], csrf[id(c)]))
    wait_until(lambda: answers_at_fk() == len(work), timeout=TIMEOUT, interval=poll,
               what=f"{len(work)} answers at FK's simulator")
    end_to_end = time.perf_counter() - started
    return {"endpoint": summary(len(work), wall, latencies), "end_to_end": _end_to_end(len(work), end_to_end, wall)}


def _end_to_end(count: int, seconds: float, posting: float) -> dict:
    return {"count": count, "seconds": round(seconds, 2), "per_second": round(count / seconds, 1),
            "after_last_request_seconds": round(seconds - posting, 2)}


# --- the run --------------------------------------------------------------------------------------

def machine(load_before: tuple[float, ...]) -> dict:
    """The machine, and its load average (1, 5, 15 min) before and after the run: on a shared
    machine the figures say little without it."""
    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor() or platform.machine())
    kib = next((int(line.split()[1]) for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return {"python": platform.python_version(), "cpus": os.cpu_count() or 0, "processor": cpu,
            "memory_gib": round(kib / 1024 / 1024, 1), "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()]}


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=("distributed", "embedded"), default="distributed")
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--certificates", type=int, default=5)
    parser.add_argument("--via", choices=("adapter", "simulator"), default=None,
                        help="how FK's questions are posted (distributed default: adapter; embedded: simulator only)")
    parser.add_argument("--poll", type=float, default=0.1, help="polling interval for the end-to-end conditions, s")
    args = parser.parse_args(argv)
    via = args.via or ("adapter" if args.mode == "distributed" else "simulator")
    if args.mode == "embedded" and via == "adapter":
        parser.error("embedded: the messaging service has no socket; FK's questions go through the simulator")
    load_before = os.getloadavg()
    fk7804 = definition(load_certificate_types()["FK7804"])
    fields = form_fields(fk7804, without_false_checkboxes(fk7804, example_content("FK7804", date.today())))
    with tempfile.TemporaryDirectory() as workdir, running_system(args.mode, Path(workdir)) as system:
        print(f"system up ({args.mode}) at {system.base_url}; {args.clients} clients, via {via}", flush=True)
        clients = [Client(system, fields) for _ in range(args.clients)]
        prepared = time.perf_counter()
        certificates = prepare_certificates(system, clients[0], args.certificates)
        print(f"{len(certificates)} certificates signed, sent and received by FK "
              f"in {time.perf_counter() - prepared:.1f} s", flush=True)
        received, work = receive_questions(system, clients[0], certificates, args.questions, args.clients, via,
                                           args.poll)
        print(f"received: {received}", flush=True)
        answered = answer_questions(system, clients, work, args.poll)
        print(f"answered: {answered}", flush=True)
        remaining = unhandled_count(clients[0])
        assert remaining == 0, f"{remaining} questions still unhandled after every answer"
    result = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "mode": args.mode,
              "clients": args.clients, "questions": args.questions, "certificates": args.certificates,
              "poll_seconds": args.poll, "machine": machine(load_before), "received": received, "answered": answered}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"messaging-{args.mode}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    r, a = received, answered
    print(f"| {args.mode} ({via}) | {args.questions} | {args.clients} | {r['endpoint']['per_second']}/s | "
          f"{r['endpoint']['latency_ms']['median']} / {r['endpoint']['latency_ms']['p95']} ms | "
          f"{r['end_to_end']['per_second']}/s | {a['endpoint']['per_second']}/s | "
          f"{a['endpoint']['latency_ms']['median']} / {a['endpoint']['latency_ms']['p95']} ms | "
          f"{a['end_to_end']['per_second']}/s |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
