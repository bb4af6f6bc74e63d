"""The pu-lookup service's Flask app factory."""
from __future__ import annotations

from flask import Flask
from webcert_common.clock import Clock
from webcert_common.db import make_engine, ping
from webcert_common.errors import error_body
from webcert_common.service_app import create_service_app

from ..adapters.population_register import PopulationRegister
from ..bootstrap import build_services
from ..config import PuLookupConfig
from ..domain.errors import PuLookupRefusal
from . import api


def create_app(config: PuLookupConfig, *, register: PopulationRegister | None = None,
               clock: Clock | None = None) -> Flask:
    """``register`` None: the HTTP adapter (with its cache) to ``config.register_url``."""
    engine = make_engine(config.database_url)
    # Ready means this service can answer; a PU outage is answered (503 PU_UNAVAILABLE), not unready.
    app = create_service_app("webcert_pu_lookup", title="Webcert pu-lookup", secret_key=config.secret_key,
                             blueprints=[api.persons, api.register_status],
                             readiness={"database": lambda: ping(engine)})
    app.extensions["webcert_pu_lookup"] = build_services(config, engine, register=register, clock=clock)
    app.extensions["webcert_pu_lookup_engine"] = engine

    @app.errorhandler(PuLookupRefusal)
    def _refused(exc: PuLookupRefusal):
        return error_body(exc.reason, exc.message), exc.status

    return app
