"""The auth service's Flask app factory."""
from __future__ import annotations

from flask import Flask
from webcert_common.clock import Clock
from webcert_common.db import make_engine, ping
from webcert_common.errors import error_body
from webcert_common.service_app import create_service_app

from ..adapters.identity import IdentityProvider
from ..bootstrap import build_services
from ..config import AuthConfig
from ..domain.errors import AuthRefusal
from . import api

STATUS_BY_KIND = {"invalid": 400, "unauthenticated": 401, "forbidden": 403, "not_found": 404}


def create_app(config: AuthConfig, *, clock: Clock | None = None,
               identity_provider: IdentityProvider | None = None) -> Flask:
    engine = make_engine(config.database_url)
    app = create_service_app("webcert_auth", title="Webcert auth", secret_key=config.secret_key,
                             blueprints=[api.sessions, api.accounts, api.units],
                             readiness={"database": lambda: ping(engine)})
    app.extensions["webcert_auth"] = build_services(config, engine, clock, identity_provider)
    app.extensions["webcert_auth_engine"] = engine

    @app.errorhandler(AuthRefusal)
    def _refused(exc: AuthRefusal):
        return error_body(exc.reason, exc.message), STATUS_BY_KIND[exc.kind]

    return app
