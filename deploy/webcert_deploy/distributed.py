"""``make up``: the distributed form on this machine.

Every service and the gateway as its own gunicorn process plus its worker process, on
RabbitMQ (``AMQP_URL``) and PostgreSQL (one database per service, created if missing,
migrated with Alembic before the processes start), the gateway at http://localhost:$PORT.
Runs in the foreground; Ctrl-C stops all of them (honcho's process manager).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from honcho.manager import Manager

from . import settings

POSTGRES = "postgresql://postgres@127.0.0.1:5432"
# One recipient simulator process per recipient (docs/ARCHITECTURE.md, "Recipient simulators").
RECIPIENT_SIMULATOR_PORTS = {"fk": "8112", "ts": "8113", "skv": "8114", "sos": "8115"}


def recipient_port_key(code: str) -> str:
    return f"{code.upper()}_SIMULATOR_PORT"       # FK_SIMULATOR_PORT …


def configure_environment() -> dict[str, str]:
    defaults = settings.common_defaults()
    defaults.update({
        "WEBCERT_MODE": "distributed",
        "AMQP_URL": "amqp://guest:guest@127.0.0.1:5672//",
        "AUTH_PORT": "8101",
        "PU_LOOKUP_PORT": "8102",
        "CERTIFICATE_PORT": "8103",
        "PDF_PORT": "8104",
        "MESSAGING_PORT": "8105",
        "PU_SIMULATOR_PORT": "8110",
        "LOG_SIMULATOR_PORT": "8111",
        "MAIL_SINK_PORT": "8116",
        **{recipient_port_key(code): port for code, port in RECIPIENT_SIMULATOR_PORTS.items()},
        "AUTH_DATABASE_URL": f"{POSTGRES}/webcert_auth",
        "PU_LOOKUP_DATABASE_URL": f"{POSTGRES}/webcert_pu_lookup",
        "CERTIFICATE_DATABASE_URL": f"{POSTGRES}/webcert_certificate",
        "MESSAGING_DATABASE_URL": f"{POSTGRES}/webcert_messaging",
        "GATEWAY_DATABASE_URL": f"{POSTGRES}/webcert_gateway",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "4",
    })
    defaults.update(settings.mail_defaults(defaults["PORT"]))
    env = settings.apply_defaults(defaults)
    gateway = f"http://localhost:{env['PORT']}"
    pu_simulator, log_simulator = (f"http://localhost:{env['PU_SIMULATOR_PORT']}",
                                   f"http://localhost:{env['LOG_SIMULATOR_PORT']}")
    recipient_ports = {code: env[recipient_port_key(code)] for code in RECIPIENT_SIMULATOR_PORTS}
    settings.apply_defaults({
        "AUTH_URL": f"http://127.0.0.1:{env['AUTH_PORT']}",
        "PU_LOOKUP_URL": f"http://127.0.0.1:{env['PU_LOOKUP_PORT']}",
        "CERTIFICATE_URL": f"http://127.0.0.1:{env['CERTIFICATE_PORT']}",
        "PDF_URL": f"http://127.0.0.1:{env['PDF_PORT']}",
        "MESSAGING_URL": f"http://127.0.0.1:{env['MESSAGING_PORT']}",
        # FK's side of the FK adapter: the FK simulator posts its questions and answers here.
        "WEBCERT_FK_INBOUND_URL": f"http://127.0.0.1:{env['MESSAGING_PORT']}",
        # One demo CA for every certificate process (gunicorn workers and the worker): made by
        # prepare_databases before any of them starts. Absolute, so that it does not depend on
        # the directory a process starts in.
        "CERTIFICATE_CA_DIR": str(Path(env.get("DATA_DIR") or ".data").resolve() / "certificate-ca"),
        "PU_REGISTER_URL": pu_simulator,
        "LOG_SERVICE_URL": log_simulator,
        # The certificate processes' recipient adapters: RECIPIENT_FK_URL …
        **{f"RECIPIENT_{code.upper()}_URL": f"http://127.0.0.1:{port}" for code, port in recipient_ports.items()},
        # The simulators are processes of their own; their pages borrow the gateway's look
        # and link back to the "Simulatorer" page on the gateway's origin.
        "ASSETS_BASE_URL": gateway,
        "SIMULATOR_INDEX_URL": f"{gateway}/simulatorer/",
        "SIMULATOR_LINKS": settings.simulator_links(
            pu_simulator + "/", log_simulator + "/",
            {code: f"http://localhost:{port}/" for code, port in recipient_ports.items()},
            f"http://localhost:{env['MAIL_SINK_PORT']}/"),
    })
    os.environ["PYTHONPATH"] = settings.PYTHONPATH + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return dict(os.environ)


def prepare_databases() -> None:
    """Create and migrate every service's database once, before any process starts, so
    that several gunicorn workers never race on a migration."""
    from .migrate import SERVICES, prepare

    for service in SERVICES:
        prepare(service)


# Idle keep-alive connections are kept longer than gunicorn's 2 s default, so that a service's
# pooled connection to another is not closed under it between two calls (the clients also
# retry once what may be sent twice: webcert_common.service_client).
KEEP_ALIVE_SECONDS = 75


def gunicorn(module: str, port: str, env: dict, workers: str | None = None) -> str:
    return (f"{sys.executable} -m gunicorn --bind 127.0.0.1:{port} --workers {workers or env['WEB_CONCURRENCY']} "
            f"--threads {env['GUNICORN_THREADS']} --worker-class gthread --keep-alive {KEEP_ALIVE_SECONDS} "
            f"--access-logfile - "
            f"--graceful-timeout 5 '{module}'")


def processes(env: dict) -> dict[str, str]:
    py = sys.executable
    return {
        "auth": gunicorn("webcert_auth.entrypoints.wsgi:app", env["AUTH_PORT"], env),
        "auth-worker": f"{py} -m webcert_auth.entrypoints.worker",
        "pu-lookup": gunicorn("webcert_pu_lookup.entrypoints.wsgi:app", env["PU_LOOKUP_PORT"], env),
        "pu-lookup-worker": f"{py} -m webcert_pu_lookup.entrypoints.worker",
        "certificate": gunicorn("webcert_certificate.entrypoints.wsgi:app", env["CERTIFICATE_PORT"], env),
        "certificate-worker": f"{py} -m webcert_certificate.entrypoints.worker",
        "pdf": gunicorn("webcert_pdf.entrypoints.wsgi:app", env["PDF_PORT"], env),
        "messaging": gunicorn("webcert_messaging.entrypoints.wsgi:app", env["MESSAGING_PORT"], env),
        "messaging-worker": f"{py} -m webcert_messaging.entrypoints.worker",
        "gateway": gunicorn("webcert_deploy.wsgi:gateway", env["PORT"], env),
        "gateway-worker": f"{py} -m webcert_gateway.worker",
        # Simulated outside systems; their state (the recipients' mode) is in memory, so one worker each.
        "pu-simulator": gunicorn("pu_simulator:create_app()", env["PU_SIMULATOR_PORT"], env, workers="1"),
        "log-simulator": gunicorn("log_simulator:create_app()", env["LOG_SIMULATOR_PORT"], env, workers="1"),
        **{f"{code}-simulator": gunicorn(f'recipient_simulator:create_app(recipient="{code}")',
                                         env[recipient_port_key(code)], env, workers="1")
           for code in RECIPIENT_SIMULATOR_PORTS},
        # QA-7: the SMTP listener and the "E-post" page share one SQLite file.
        "mail-sink": f"{py} -m mail_sink",
        "mail-sink-web": gunicorn("mail_sink:create_app()", env["MAIL_SINK_PORT"], env, workers="1"),
    }


def main() -> int:
    env = configure_environment()
    prepare_databases()
    manager = Manager()
    for name, command in processes(env).items():
        manager.add_process(name, command, env=env, cwd=str(settings.REPO_ROOT))
    print(f"Webcert (distribuerad) startar på http://localhost:{env['PORT']}  (Ctrl-C stoppar alla processer)",
          flush=True)
    manager.loop()
    return manager.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
