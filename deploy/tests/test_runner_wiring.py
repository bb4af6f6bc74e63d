"""The distributed runner starts every service and the gateway as its own gunicorn process
plus a worker process, on the broker and databases of the environment."""
import json
import os

import pytest

from webcert_deploy import distributed, embedded

RECIPIENTS = {"fk": ("8112", "Försäkringskassan"), "ts": ("8113", "Transportstyrelsen"),
              "skv": ("8114", "Skatteverket"), "sos": ("8115", "Socialstyrelsen")}
RECIPIENT_KEYS = [key for code in RECIPIENTS
                  for key in (f"{code.upper()}_SIMULATOR_PORT", f"RECIPIENT_{code.upper()}_URL")]


@pytest.fixture(autouse=True)
def _environment_restored():
    """The runner fills ``os.environ`` itself (its children inherit it); undo that here."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def test_processes_cover_each_service_and_its_worker(monkeypatch, tmp_path):
    for key in ("AUTH_PORT", "AUTH_URL", "AUTH_DATABASE_URL", "GATEWAY_DATABASE_URL", "AMQP_URL", "PORT",
                "PU_LOOKUP_PORT", "PU_LOOKUP_URL", "PU_REGISTER_URL", "LOG_SERVICE_URL", "PU_SIMULATOR_PORT",
                "LOG_SIMULATOR_PORT", "SIMULATOR_LINKS", "PU_LOOKUP_DATABASE_URL", "CERTIFICATE_PORT",
                "CERTIFICATE_URL", "CERTIFICATE_DATABASE_URL", "CERTIFICATE_CA_DIR", "PDF_PORT", "PDF_URL",
                "MESSAGING_PORT", "MESSAGING_URL", "MESSAGING_DATABASE_URL", "WEBCERT_FK_INBOUND_URL",
                "MAIL_SINK_PORT", "SMTP_HOST", "SMTP_PORT", "PUBLIC_URL", *RECIPIENT_KEYS):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    env = distributed.configure_environment()
    procs = distributed.processes(env)
    assert set(procs) == {"auth", "auth-worker", "pu-lookup", "pu-lookup-worker", "certificate",
                          "certificate-worker", "pdf", "gateway", "gateway-worker", "pu-simulator", "log-simulator",
                          "fk-simulator", "ts-simulator", "skv-simulator", "sos-simulator",
                          "messaging", "messaging-worker", "mail-sink", "mail-sink-web"}
    # CERT-10: the certificate processes reach the PDF service on its own port
    assert env["PDF_URL"] == "http://127.0.0.1:8104" and "--bind 127.0.0.1:8104" in procs["pdf"]
    # simulators keep their state in memory: exactly one worker each
    for name in ("pu-simulator", "log-simulator", "fk-simulator", "ts-simulator", "skv-simulator", "sos-simulator"):
        assert "--workers 1 " in procs[name], name
    assert env["PU_REGISTER_URL"].endswith(env["PU_SIMULATOR_PORT"])
    assert env["PU_LOOKUP_DATABASE_URL"].startswith("postgresql://")
    assert "--bind 127.0.0.1:8123" in procs["gateway"] and "webcert_deploy.wsgi:gateway" in procs["gateway"]
    assert f"--bind 127.0.0.1:{env['AUTH_PORT']}" in procs["auth"]
    assert env["AMQP_URL"].startswith("amqp://") and env["AUTH_DATABASE_URL"].startswith("postgresql://")
    assert os.environ["AUTH_URL"] == f"http://127.0.0.1:{env['AUTH_PORT']}"
    # the gateway finds the certificate service, which finds auth and pu-lookup
    assert env["CERTIFICATE_URL"] == f"http://127.0.0.1:{env['CERTIFICATE_PORT']}"
    assert f"--bind 127.0.0.1:{env['CERTIFICATE_PORT']}" in procs["certificate"]
    assert "webcert_certificate.entrypoints.wsgi:app" in procs["certificate"]
    assert "webcert_certificate.entrypoints.worker" in procs["certificate-worker"]
    assert env["CERTIFICATE_DATABASE_URL"].startswith("postgresql://")
    # one demo CA for all certificate processes, whatever directory each starts in
    assert env["CERTIFICATE_CA_DIR"] == str(tmp_path / "certificate-ca")
    # §7: the gateway and FK's simulator find the messaging service; its worker mails the sink (QA-7)
    assert env["MESSAGING_URL"] == env["WEBCERT_FK_INBOUND_URL"] == "http://127.0.0.1:8105"
    assert "--bind 127.0.0.1:8105" in procs["messaging"] and "webcert_messaging.entrypoints.worker" in procs[
        "messaging-worker"]
    assert env["MESSAGING_DATABASE_URL"].startswith("postgresql://")
    assert (env["SMTP_HOST"], env["SMTP_PORT"]) == ("127.0.0.1", "8025") and "-m mail_sink" in procs["mail-sink"]
    assert "--bind 127.0.0.1:8116 --workers 1 " in procs["mail-sink-web"]
    assert env["PUBLIC_URL"] == "http://localhost:8123"


def test_each_recipient_simulator_is_its_own_process_and_the_certificate_processes_find_it(monkeypatch, tmp_path):
    for key in ("PORT", "SIMULATOR_LINKS", *RECIPIENT_KEYS):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    env = distributed.configure_environment()
    procs = distributed.processes(env)
    links = {link["name"]: link["url"] for link in json.loads(env["SIMULATOR_LINKS"])}
    for code, (port, name) in RECIPIENTS.items():
        assert env[f"{code.upper()}_SIMULATOR_PORT"] == port
        assert env[f"RECIPIENT_{code.upper()}_URL"] == f"http://127.0.0.1:{port}"
        assert f"--bind 127.0.0.1:{port} " in procs[f"{code}-simulator"]
        assert f"'recipient_simulator:create_app(recipient=\"{code}\")'" in procs[f"{code}-simulator"]
        assert links[name] == f"http://localhost:{port}/"
    assert list(links)[:2] == ["PU-tjänsten", "Loggtjänsten"] and len(links) == 7
    assert links["E-post"] == "http://localhost:8116/"


def test_gunicorn_builds_a_recipient_simulator_from_the_process_line(monkeypatch, tmp_path):
    from gunicorn.util import import_app

    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("RECIPIENT_SIMULATOR_DATA_DIR", raising=False)
    monkeypatch.delenv("WEBCERT_ENV", raising=False)
    app = import_app('recipient_simulator:create_app(recipient="skv")')
    assert app.test_client().get("/api/health").get_json() == {"status": "ok", "recipient": "skv"}


def test_embedded_mounts_the_four_recipients_and_lists_them_under_simulatorer(monkeypatch, tmp_path):
    monkeypatch.delenv("SIMULATOR_LINKS", raising=False)
    monkeypatch.delenv("RECIPIENT_SIMULATOR_DATA_DIR", raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    env = embedded.configure_environment()
    links = {link["name"]: link["url"] for link in json.loads(env["SIMULATOR_LINKS"])}
    mounts = embedded._simulators(embedded._LateClient())
    for code, (_port, name) in RECIPIENTS.items():
        assert links[name] == f"/simulatorer/{code}/"
        app = mounts[f"/simulatorer/{code}"]
        assert app.extensions["recipient"].name == name
        assert name in app.test_client().get("/").get_data(as_text=True)
    assert {"/simulatorer/pu", "/simulatorer/loggtjanst"} <= set(mounts)
    assert links["E-post"] == "/simulatorer/epost/"


def test_the_simulator_index_needs_every_recipient():
    from webcert_deploy import settings

    with pytest.raises(ValueError, match="each recipient"):
        settings.simulator_links("/pu/", "/logg/", {"fk": "/fk/"})


def test_the_certificate_service_is_migrated_after_the_services_it_asks():
    from webcert_deploy.migrate import SERVICES

    assert SERVICES.index("pu-lookup") < SERVICES.index("certificate") < SERVICES.index("gateway")
    assert SERVICES.index("auth") < SERVICES.index("messaging") < SERVICES.index("gateway")


def test_each_start_has_its_own_signing_keys(monkeypatch):
    from webcert_deploy import settings

    first, second = settings.common_defaults(), settings.common_defaults()
    assert first["IDP_SIGNING_KEY"] != second["IDP_SIGNING_KEY"]
    assert first["SECRET_KEY"] != second["SECRET_KEY"]
