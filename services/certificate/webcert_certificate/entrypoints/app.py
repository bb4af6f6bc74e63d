"""The certificate service's Flask app factory."""
from __future__ import annotations

from flask import Flask
from webcert_common.clock import Clock
from webcert_common.db import make_engine, ping
from webcert_common.errors import error_body
from webcert_common.service_app import create_service_app
from webcert_common.service_client import ServiceClient

from ..bootstrap import build_services
from ..config import CertificateConfig
from ..domain.errors import CertificateRefusal
from . import api


def create_app(config: CertificateConfig, *, auth_client: ServiceClient | None = None,
               pu_lookup_client: ServiceClient | None = None, pdf_client: ServiceClient | None = None,
               clock: Clock | None = None) -> Flask:
    """``auth_client`` / ``pu_lookup_client`` / ``pdf_client`` None: HTTP to ``config.auth_url`` /
    ``config.pu_lookup_url`` / ``config.pdf_url``; embedded and tests pass in-process clients."""
    engine = make_engine(config.database_url)
    app = create_service_app("webcert_certificate", title="Webcert certificate", secret_key=config.secret_key,
                             blueprints=[api.types, api.favourites, api.certificates, api.diagnoses],
                             readiness={"database": lambda: ping(engine)})
    app.extensions["webcert_certificate"] = build_services(config, engine, auth_client=auth_client,
                                                           pu_lookup_client=pu_lookup_client,
                                                           pdf_client=pdf_client, clock=clock)
    app.extensions["webcert_certificate_engine"] = engine

    @app.errorhandler(CertificateRefusal)
    def _refused(exc: CertificateRefusal):
        body = error_body(exc.reason, exc.message)
        body["error"].update(exc.extra)
        return body, exc.http_status

    return app
