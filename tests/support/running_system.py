"""Start the real system as a separate process for the system and browser tiers, and wait
until it answers (a condition, not a sleep)."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHONPATH = os.pathsep.join(str(ROOT / p) for p in ("services/common", "services/auth", "services/pu-lookup",
                                                     "services/certificate", "services/messaging", "services/pdf",
                                                     "gateway", "deploy", "deploy/simulators"))
POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres").rsplit("/", 1)[0]
AMQP = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout: float = 60.0, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = condition()
            if result:
                return result
        except Exception as exc:  # the condition may fail until the system is up
            last_error = exc
        time.sleep(interval)
    raise TimeoutError(f"{what} not met within {timeout}s (last error: {last_error!r})")


RECIPIENTS = ("fk", "ts", "skv", "sos")


class RunningSystem:
    def __init__(self, mode: str, base_url: str, process: subprocess.Popen, env: dict, log_path: Path):
        self.mode, self.base_url, self.process, self.env, self.log_path = mode, base_url, process, env, log_path

    @property
    def idp_signing_key(self) -> str:
        return self.env["IDP_SIGNING_KEY"]

    @property
    def log_service_url(self) -> str:
        """The national log-service simulator's base URL (mounted in-process when embedded)."""
        if self.mode == "embedded":
            return self.base_url + "/simulatorer/loggtjanst"
        return f"http://127.0.0.1:{self.env['LOG_SIMULATOR_PORT']}"

    @property
    def pu_simulator_url(self) -> str:
        if self.mode == "embedded":
            return self.base_url + "/simulatorer/pu"
        return f"http://127.0.0.1:{self.env['PU_SIMULATOR_PORT']}"

    def recipient_simulator_url(self, code: str) -> str:
        """A recipient simulator's base URL (fk, ts, skv, sos; mounted in-process when embedded)."""
        if self.mode == "embedded":
            return f"{self.base_url}/simulatorer/{code}"
        return f"http://127.0.0.1:{self.env[f'{code.upper()}_SIMULATOR_PORT']}"

    def recipient_received(self, code: str) -> dict:
        response = requests.get(self.recipient_simulator_url(code) + "/api/received", timeout=10)
        response.raise_for_status()
        return response.json()

    def set_recipient_mode(self, code: str, mode: str, delay_seconds: float | None = None) -> None:
        body = {"mode": mode} if delay_seconds is None else {"mode": mode, "delay_seconds": delay_seconds}
        requests.put(self.recipient_simulator_url(code) + "/api/mode", json=body, timeout=10).raise_for_status()

    @property
    def mail_sink_url(self) -> str:
        """The mail sink's "E-post" page (QA-7; mounted in-process when embedded)."""
        if self.mode == "embedded":
            return self.base_url + "/simulatorer/epost"
        return f"http://127.0.0.1:{self.env['MAIL_SINK_PORT']}"

    def mail_messages(self) -> list[dict]:
        """What the messaging worker sent through SMTP, newest first (to, subject, body, …)."""
        response = requests.get(self.mail_sink_url + "/messages", timeout=10)
        response.raise_for_status()
        return response.json()["messages"]

    @property
    def messaging_service_url(self) -> str:
        """The messaging service's own port (distributed only), where FK's adapter endpoint is."""
        if self.mode == "embedded":
            raise RuntimeError("the embedded form reaches the messaging service only in-process")
        return f"http://127.0.0.1:{self.env['MESSAGING_PORT']}"

    @property
    def certificate_service_url(self) -> str:
        """The certificate service's own port (distributed only; embedded it has no socket)."""
        if self.mode == "embedded":
            raise RuntimeError("the embedded form reaches the certificate service only through the gateway")
        return f"http://127.0.0.1:{self.env['CERTIFICATE_PORT']}"

    def pdl_entries(self, personnummer: str) -> list[dict]:
        response = requests.post(self.log_service_url + "/api/entries/search", json={"patient_id": personnummer},
                                 timeout=10)
        response.raise_for_status()
        return response.json()["entries"]

    def set_pu_available(self, available: bool) -> None:
        state = "available" if available else "unavailable"
        requests.post(self.pu_simulator_url + "/control/state", json={"state": state}, timeout=10).raise_for_status()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def _environment(mode: str, data_dir: Path, port: int) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AUTH_", "GATEWAY_", "PU_", "CERTIFICATE_", "MESSAGING_", "LOG_", "SIMULATOR",
                                  "DATABASE_URL", "SMTP_", "MAIL_"))}
    run_id = uuid.uuid4().hex[:10]
    env.update({
        "PYTHONPATH": PYTHONPATH,
        "PORT": str(port),
        "DATA_DIR": str(data_dir),
        "IDP_SIGNING_KEY": f"test-idp-key-{run_id}",
        "SECRET_KEY": f"test-secret-{run_id}-{uuid.uuid4().hex}",
        "LOG_LEVEL": "INFO",
        "SMTP_PORT": str(free_port()),     # the mail sink's SMTP port, in either form
    })
    if mode == "distributed":
        env.update({
            "AMQP_URL": AMQP,
            "BUS_NAMESPACE": f"systest-{run_id}.",
            "AUTH_PORT": str(free_port()),
            "PU_LOOKUP_PORT": str(free_port()),
            "CERTIFICATE_PORT": str(free_port()),
            "PDF_PORT": str(free_port()),
            "MESSAGING_PORT": str(free_port()),
            "MAIL_SINK_PORT": str(free_port()),
            "PU_SIMULATOR_PORT": str(free_port()),
            "LOG_SIMULATOR_PORT": str(free_port()),
            **{f"{code.upper()}_SIMULATOR_PORT": str(free_port()) for code in RECIPIENTS},
            "AUTH_DATABASE_URL": f"{POSTGRES}/webcert_systest_{run_id}_auth",
            "PU_LOOKUP_DATABASE_URL": f"{POSTGRES}/webcert_systest_{run_id}_pu_lookup",
            "CERTIFICATE_DATABASE_URL": f"{POSTGRES}/webcert_systest_{run_id}_certificate",
            "MESSAGING_DATABASE_URL": f"{POSTGRES}/webcert_systest_{run_id}_messaging",
            # This run's own demo CA, shared by its certificate processes.
            "CERTIFICATE_CA_DIR": str(data_dir / "certificate-ca"),
            "GATEWAY_DATABASE_URL": f"{POSTGRES}/webcert_systest_{run_id}_gateway",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "4",
        })
    return env


@contextlib.contextmanager
def running_system(mode: str, workdir: Path, extra_env: dict | None = None):
    """``mode`` is ``embedded`` (make run) or ``distributed`` (make up)."""
    port = free_port()
    env = _environment(mode, workdir / "data", port)
    env.update(extra_env or {})
    log_path = workdir / f"{mode}.log"
    module = "webcert_deploy.embedded" if mode == "embedded" else "webcert_deploy.distributed"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", module], cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    system = RunningSystem(mode, f"http://127.0.0.1:{port}", process, env, log_path)
    try:
        def ready():
            if process.poll() is not None:
                raise RuntimeError(f"{module} exited with {process.returncode}:\n{system.log()[-4000:]}")
            return requests.get(system.base_url + "/ready", timeout=2).status_code == 200
        wait_until(ready, timeout=90, what=f"{mode} system ready")
        yield system
    finally:
        _stop(process)
        if mode == "distributed":
            _drop_databases(env)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _drop_databases(env: dict) -> None:
    from webcert_common.db import drop_database

    for key in ("AUTH_DATABASE_URL", "PU_LOOKUP_DATABASE_URL", "CERTIFICATE_DATABASE_URL", "MESSAGING_DATABASE_URL",
                "GATEWAY_DATABASE_URL"):
        with contextlib.suppress(Exception):
            drop_database(env[key])
