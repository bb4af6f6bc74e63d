"""The pu-lookup service's Flask app factory."""
from __future__ import annotations

from flask import Flask
from webcert_common import correlation
from webcert_common.clock import Clock
from webcert_common.db import make_engine, ping
from webcert_common.errors import error_body, register_json_error_handlers
from webcert_common.health import health_blueprint
from webcert_common.logging import configure_logging
from webcert_common.openapi import init_api

from ..adapters.population_register import PopulationRegister
from ..bootstrap import build_services
from ..config import PuLookupConfig
from ..domain.errors import PuLookupRefusal
from . import api


def create_app(config: PuLookupConfig, *, register: PopulationRegister | None = None,
               clock: Clock | None = None) -> Flask:
    """``register`` None: the HTTP adapter (with its cache) to ``config.register_url``."""
    configure_logging(config.service_name, config.log_level)
    app = Flask("webcert_pu_lookup")
    app.config["SECRET_KEY"] = config.secret_key
    engine = make_engine(config.database_url)
    app.extensions["webcert_pu_lookup"] = build_services(config, engine, register=register, clock=clock)
    app.extensions["webcert_pu_lookup_engine"] = engine
    correlation.init_app(app)
    rest = init_api(app, "Webcert pu-lookup")
    rest.register_blueprint(api.persons)
    rest.register_blueprint(api.register_status)
    register_json_error_handlers(app)

    @app.errorhandler(PuLookupRefusal)
    def _refused(exc: PuLookupRefusal):
        return error_body(exc.reason, exc.message), exc.status

    # Ready means this service can answer; a PU outage is answered (503 PU_UNAVAILABLE), not unready.
    app.register_blueprint(health_blueprint({"database": lambda: ping(engine)}))
    return app
