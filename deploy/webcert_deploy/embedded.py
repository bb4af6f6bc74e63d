"""``make run``: the whole system in one process.

SQLite files under ``$DATA_DIR``, kombu's in-process ``memory://`` transport, the demo
world loaded, the test identity provider on, at http://localhost:$PORT. The gateway calls
the auth service through ``WsgiServiceClient`` (no socket); every service's workers
(outbox relay, consumers, sweepers) run as threads. Ctrl-C stops it.
"""
from __future__ import annotations

import os
import signal
import sys
import threading

from werkzeug.serving import make_server

from . import settings


def configure_environment() -> dict[str, str]:
    defaults = settings.common_defaults()
    defaults.update({"WEBCERT_MODE": "embedded", "DATA_DIR": ".data", "AMQP_URL": "memory://"})
    env = settings.apply_defaults(defaults)
    # Each service gets its own SQLite file (webcert_common.config.sqlite_url) unless told otherwise.
    return env


class EmbeddedSystem:
    """Builds every service, the gateway and their workers in this process."""

    def __init__(self) -> None:
        from webcert_auth import bootstrap as auth_bootstrap
        from webcert_auth.config import AuthConfig
        from webcert_auth.entrypoints.app import create_app as create_auth_app
        from webcert_auth.entrypoints.worker import build_workers as auth_workers
        from webcert_common.logging import configure_logging
        from webcert_common.service_client import WsgiServiceClient
        from webcert_gateway import bootstrap as gateway_bootstrap
        from webcert_gateway.app import create_app as create_gateway_app
        from webcert_gateway.config import GatewayConfig
        from webcert_gateway.worker import build_workers as gateway_workers

        from .wsgi import compose_gateway

        configure_logging("webcert", os.environ.get("LOG_LEVEL", "INFO"))
        auth_config = AuthConfig.from_env()
        gateway_config = GatewayConfig.from_env()
        auth_bootstrap.prepare(auth_config)
        gateway_bootstrap.prepare(gateway_config)
        auth_app = create_auth_app(auth_config)
        self.app = compose_gateway(create_gateway_app(gateway_config, auth_client=WsgiServiceClient(auth_app)))
        self.workers = [*auth_workers(auth_config), *gateway_workers(gateway_config)]
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def start_workers(self) -> None:
        for worker in self.workers:
            thread = threading.Thread(target=worker.run, args=(self.stop,), name=type(worker).__name__, daemon=True)
            thread.start()
            self.threads.append(thread)

    def shutdown(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=5)


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
