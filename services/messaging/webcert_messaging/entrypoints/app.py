"""The messaging service's Flask app factory."""
from __future__ import annotations

from flask import Flask
from webcert_common.clock import Clock
from webcert_common.db import make_engine, ping
from webcert_common.errors import error_body
from webcert_common.service_app import create_service_app
from webcert_common.service_client import ServiceClient

from ..bootstrap import build_services
from ..config import MessagingConfig
from ..domain.errors import MessagingRefusal
from . import api, fk_adapter


def create_app(config: MessagingConfig, *, auth_client: ServiceClient | None = None,
               pu_lookup_client: ServiceClient | None = None, clock: Clock | None = None) -> Flask:
    """``auth_client`` / ``pu_lookup_client`` None: HTTP to ``config.auth_url`` / ``config.pu_lookup_url``;
    embedded and tests pass in-process clients."""
    engine = make_engine(config.database_url)
    app = create_service_app("webcert_messaging", title="Webcert messaging", secret_key=config.secret_key,
                             blueprints=[api.certificates, api.questions, fk_adapter.fk_messages],
                             readiness={"database": lambda: ping(engine)})
    app.extensions["webcert_messaging"] = build_services(config, engine, auth_client=auth_client,
                                                         pu_lookup_client=pu_lookup_client, clock=clock)
    app.extensions["webcert_messaging_engine"] = engine

    @app.errorhandler(MessagingRefusal)
    def _refused(exc: MessagingRefusal):
        body = error_body(exc.reason, exc.message)
        body["error"].update(exc.extra)
        return body, exc.http_status

    return app
