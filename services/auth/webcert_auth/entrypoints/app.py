"""The auth service's Flask app factory."""
from __future__ import annotations

from flask import Flask
from webcert_common import correlation
from webcert_common.clock import Clock
from webcert_common.db import make_engine, ping
from webcert_common.errors import error_body, register_json_error_handlers
from webcert_common.health import health_blueprint
from webcert_common.logging import configure_logging
from webcert_common.openapi import init_api

from ..adapters.identity import IdentityProvider
from ..bootstrap import build_services
from ..config import AuthConfig
from ..domain.errors import AuthRefusal
from . import api

STATUS_BY_KIND = {"invalid": 400, "unauthenticated": 401, "forbidden": 403}


def create_app(config: AuthConfig, *, clock: Clock | None = None,
               identity_provider: IdentityProvider | None = None) -> Flask:
    configure_logging(config.service_name, config.log_level)
    app = Flask("webcert_auth")
    app.config["SECRET_KEY"] = config.secret_key
    engine = make_engine(config.database_url)
    app.extensions["webcert_auth"] = build_services(config, engine, clock, identity_provider)
    app.extensions["webcert_auth_engine"] = engine
    correlation.init_app(app)
    rest = init_api(app, "Webcert auth")
    rest.register_blueprint(api.sessions)
    rest.register_blueprint(api.accounts)
    register_json_error_handlers(app)

    @app.errorhandler(AuthRefusal)
    def _refused(exc: AuthRefusal):
        return error_body(exc.reason, exc.message), STATUS_BY_KIND[exc.kind]

    app.register_blueprint(health_blueprint({"database": lambda: ping(engine)}))
    return app
