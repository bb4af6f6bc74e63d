"""``make run``: the whole system in one process.

SQLite files under ``$DATA_DIR``, kombu's in-process ``memory://`` transport, the demo
world loaded, the test identity provider and the simulators (PU, the national log
service, the four recipients, the "Simulatorer" page) on, at http://localhost:$PORT. The
gateway calls the services, pu-lookup the PU simulator, the certificate service auth and
pu-lookup and the PDF service, and its worker the recipient simulators, through ``WsgiServiceClient`` (no
socket); the demo CA lives under ``$DATA_DIR/certificate-ca``; every service's workers
(outbox relay, consumers, probes, sweepers) run as threads. Ctrl-C stops it.
"""
from __future__ import annotations

import os
import signal
import sys
import threading

from werkzeug.serving import make_server

from webcert_common.service_client import WsgiServiceClient
from webcert_common.worker import start_threads

from . import settings
from .migrate import prepare
from .wsgi import compose_gateway


def configure_environment() -> dict[str, str]:
    defaults = settings.common_defaults()
    defaults.update({"WEBCERT_MODE": "embedded", "DATA_DIR": ".data", "AMQP_URL": "memory://",
                     "SIMULATOR_LINKS": settings.simulator_links(
                         "/simulatorer/pu/", "/simulatorer/loggtjanst/",
                         {code: f"{recipient_mount(code)}/" for code in settings.RECIPIENT_SIMULATORS},
                         f"{MAIL_SINK_MOUNT}/"),
                     "SIMULATOR_INDEX_URL": "/simulatorer/"})
    defaults.update(settings.mail_defaults(defaults["PORT"]))
    env = settings.apply_defaults(defaults)
    # Each service gets its own SQLite file (webcert_common.config.sqlite_url) unless told otherwise.
    return env


MAIL_SINK_MOUNT = "/simulatorer/epost"


def recipient_mount(code: str) -> str:
    return f"/simulatorer/{code}"


class _LateClient:
    """A ServiceClient for an app built later: FK's simulator posts to the messaging service's
    FK endpoint, and the messaging service is built after the simulators it delivers to."""

    def __init__(self) -> None:
        self.client = None

    def request(self, *args, **kwargs):
        if self.client is None:
            raise RuntimeError("the messaging service is not built yet")
        return self.client.request(*args, **kwargs)


def _simulators(fk_webcert_client) -> dict:
    """Mount point -> simulator app; the recipients' apps are also reached by the certificate
    worker (and FK's by the messaging worker), and FK's posts its questions to ``fk_webcert_client``."""
    import log_simulator
    import pu_simulator
    import recipient_simulator

    mounts = {"/simulatorer/pu": pu_simulator.create_app(), "/simulatorer/loggtjanst": log_simulator.create_app()}
    for code in settings.RECIPIENT_SIMULATORS:
        extra = {"webcert_client": fk_webcert_client} if code == "fk" else {}
        mounts[recipient_mount(code)] = recipient_simulator.create_app(recipient=code, **extra)
    return mounts


def _mail_sink():
    """QA-7: the local SMTP server the messaging worker sends to, and its "E-post" page."""
    from mail_sink import MailSinkConfig, MessageStore, create_app, start_smtp

    config = MailSinkConfig.from_env()
    store = MessageStore(config.database_path)
    controller = start_smtp(config.smtp_host, config.smtp_port, store)
    return create_app(config, store=store), controller


def _messaging(auth_app, pu_app, fk_app):
    from webcert_messaging.config import MessagingConfig
    from webcert_messaging.entrypoints.app import create_app
    from webcert_messaging.entrypoints.worker import build_workers

    prepare("messaging")
    config = MessagingConfig.from_env()
    app = create_app(config, auth_client=WsgiServiceClient(auth_app), pu_lookup_client=WsgiServiceClient(pu_app))
    workers = build_workers(config, auth_client=WsgiServiceClient(auth_app),
                            fk_client=WsgiServiceClient(fk_app, timeout=config.service_timeout_seconds))
    return app, workers


def _auth():
    from webcert_auth.config import AuthConfig
    from webcert_auth.entrypoints.app import create_app
    from webcert_auth.entrypoints.worker import build_workers

    prepare("auth")
    config = AuthConfig.from_env()
    return create_app(config), build_workers(config)


def _pu_lookup(pu_simulator_app):
    from webcert_pu_lookup.bootstrap import build_register
    from webcert_pu_lookup.config import PuLookupConfig
    from webcert_pu_lookup.entrypoints.app import create_app
    from webcert_pu_lookup.entrypoints.worker import build_workers

    prepare("pu-lookup")
    config = PuLookupConfig.from_env()
    # One register (and cache) for the API and the probe, reaching the simulator in-process.
    register = build_register(config, client=WsgiServiceClient(pu_simulator_app, timeout=config.timeout_seconds))
    return create_app(config, register=register), build_workers(config, register=register)


def _pdf():
    """CERT-10: the PDF service (stateless: no database to prepare)."""
    from webcert_pdf.config import PdfConfig
    from webcert_pdf.entrypoints.app import create_app

    return create_app(PdfConfig.from_env())


def _certificate(auth_app, pu_app, recipient_apps: dict, pdf_app):
    from webcert_certificate.config import CertificateConfig
    from webcert_certificate.entrypoints.app import create_app
    from webcert_certificate.entrypoints.worker import build_workers

    prepare("certificate")   # the database, the demo CA under $DATA_DIR/certificate-ca, the demo certificates
    config = CertificateConfig.from_env()
    app = create_app(config, auth_client=WsgiServiceClient(auth_app), pu_lookup_client=WsgiServiceClient(pu_app),
                     pdf_client=WsgiServiceClient(pdf_app, timeout=config.service_timeout_seconds))
    # The recipient adapters reach the mounted simulators in-process; with a timeout, so that a
    # recipient made slow is given up on and retried as over HTTP.
    recipient_clients = {code: WsgiServiceClient(recipient_app, timeout=config.recipient_timeout_seconds)
                         for code, recipient_app in recipient_apps.items()}
    return app, build_workers(config, recipient_clients=recipient_clients)


def _gateway(auth_app, pu_app, certificate_app, messaging_app, log_simulator_app):
    from webcert_gateway.app import create_app
    from webcert_gateway.config import GatewayConfig
    from webcert_gateway.worker import build_workers

    prepare("gateway")
    config = GatewayConfig.from_env()
    pu_lookup = WsgiServiceClient(pu_app)
    app = create_app(config, auth_client=WsgiServiceClient(auth_app), pu_lookup_client=pu_lookup,
                     certificate_client=WsgiServiceClient(certificate_app),
                     messaging_client=WsgiServiceClient(messaging_app))
    workers = build_workers(config, pu_lookup_client=pu_lookup, log_service_client=WsgiServiceClient(log_simulator_app))
    return app, workers


class EmbeddedSystem:
    """Builds every service, the gateway and their workers in this process."""

    def __init__(self) -> None:
        from webcert_common.logging import configure_logging

        configure_logging("webcert", os.environ.get("LOG_LEVEL", "INFO"))
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []
        fk_webcert_client = _LateClient()
        simulators = _simulators(fk_webcert_client)
        mail_app, self.smtp = _mail_sink()
        simulators[MAIL_SINK_MOUNT] = mail_app
        auth_app, auth_workers = _auth()
        pu_app, pu_workers = _pu_lookup(simulators["/simulatorer/pu"])
        recipient_apps = {code: simulators[recipient_mount(code)] for code in settings.RECIPIENT_SIMULATORS}
        certificate_app, certificate_workers = _certificate(auth_app, pu_app, recipient_apps, _pdf())
        # Messaging's queues are declared before the certificate worker's relay publishes anything.
        messaging_app, messaging_workers = _messaging(auth_app, pu_app, simulators[recipient_mount("fk")])
        fk_webcert_client.client = WsgiServiceClient(messaging_app)
        gateway_app, gateway_workers = _gateway(auth_app, pu_app, certificate_app, messaging_app,
                                                simulators["/simulatorer/loggtjanst"])
        self.app = compose_gateway(gateway_app, simulators)
        self.workers = [*auth_workers, *pu_workers, *messaging_workers, *certificate_workers, *gateway_workers]

    def start_workers(self) -> None:
        self.threads = start_threads(self.workers, self.stop)

    def shutdown(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=5)
        self.smtp.stop()


def main() -> int:
    configure_environment()
    system = EmbeddedSystem()
    system.start_workers()
    port = int(os.environ["PORT"])
    host = os.environ.get("HOST", "127.0.0.1")
    server = make_server(host, port, system.app, threaded=True)
    print(f"Webcert körs på http://localhost:{port}  (Ctrl-C stoppar)", flush=True)

    def _stop(_signum, _frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        server.serve_forever()
    finally:
        system.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
