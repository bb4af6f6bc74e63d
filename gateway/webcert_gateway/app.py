"""The gateway's Flask application factory."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from webcert_common import correlation
from webcert_common.clock import Clock
from webcert_common.db import make_engine, ping
from webcert_common.health import health_blueprint
from webcert_common.logging import get_logger
from webcert_common.openapi import init_api
from webcert_common.service_client import HttpServiceClient, ServiceClient

from .clients.auth import AuthClient
from .clients.certificate import CertificateClient
from .clients.messaging import MessagingClient
from .clients.pu_lookup import PuLookupClient
from .config import GatewayConfig
from .patient_reference import PatientReferences
from .security import init_security
from .views import (
    api, assets, certificate_after_signing, certificate_form, certificate_lists, certificate_printing, errors, lock,
    login, main, patients, steps,
)
from .views import certificate_questions

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_ASSETS_DIR = PACKAGE_DIR.parent / "node_modules"

log = get_logger(__name__)


def create_app(config: GatewayConfig, *, auth_client: ServiceClient | None = None,
               pu_lookup_client: ServiceClient | None = None, certificate_client: ServiceClient | None = None,
               messaging_client: ServiceClient | None = None, clock: Clock | None = None) -> Flask:
    """``auth_client`` / ``pu_lookup_client`` are ServiceClients for the auth and pu-lookup
    services (``WsgiServiceClient`` when embedded, fakes in tests); None means HTTP to
    ``config.auth_url`` / ``config.pu_lookup_url``. ``clock`` ages patient references."""
    app = Flask(__name__, static_folder="static", static_url_path="/static")
    app.config.update(
        SECRET_KEY=config.secret_key,
        WEBCERT_SESSION_COOKIE=config.session_cookie_name,
        WEBCERT_IDP_URL=config.idp_url,
        WEBCERT_ASSETS_DIR=config.assets_dir or str(DEFAULT_ASSETS_DIR),
        WEBCERT_SIMULATORS_URL=config.simulators_url or None,
        MAX_CONTENT_LENGTH=256 * 1024,
        TEMPLATES_AUTO_RELOAD=False,
    )
    service = auth_client if auth_client is not None else HttpServiceClient(config.auth_url)
    auth = AuthClient(service)
    app.extensions["webcert_auth"] = auth
    pu_service = (pu_lookup_client if pu_lookup_client is not None
                  else HttpServiceClient(config.pu_lookup_url, reads_by_post=True))   # lookups only read
    pu_lookup = PuLookupClient(pu_service)
    app.extensions["webcert_pu_lookup"] = pu_lookup
    certificate_service = (certificate_client if certificate_client is not None
                           else HttpServiceClient(config.certificate_url))
    certificates = CertificateClient(certificate_service)
    app.extensions["webcert_certificate"] = certificates
    messaging_service = (messaging_client if messaging_client is not None
                         else HttpServiceClient(config.messaging_url))
    messaging = MessagingClient(messaging_service)
    app.extensions["webcert_messaging"] = messaging
    app.extensions["webcert_patient_references"] = PatientReferences(config.secret_key, clock=clock)
    engine = make_engine(config.database_url)
    app.extensions["webcert_engine"] = engine

    correlation.init_app(app)
    init_security(app, cookie_secure=config.cookie_secure)
    api_ext = init_api(app, "Webcert gateway")
    api_ext.register_blueprint(api.blp)
    for blueprint in (login.bp, steps.bp, main.bp, patients.bp, certificate_lists.bp, certificate_form.bp,
                      certificate_after_signing.bp, certificate_printing.bp, assets.bp, main.unhandled_questions.bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(certificate_questions.bp)   # issue 7: the panel "Ärendekommunikation" (§7)
    lock.init_app(app)
    app.register_blueprint(health_blueprint({"auth": auth.check_ready, "pu_lookup": pu_lookup.check_ready,
                                             "certificate": certificates.check_ready,
                                             "database": lambda: ping(engine)}))
    errors.register(app)
    log.info("gateway_created", mode=config.mode, auth=("in-process" if auth_client is not None else config.auth_url),
             pu_lookup=("in-process" if pu_lookup_client is not None else config.pu_lookup_url))
    return app
