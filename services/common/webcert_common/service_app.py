"""The Flask application every service builds the same way (DESIGN.md: every service runs
the same way under gunicorn): the correlation id, the OpenAPI document from its
marshmallow schemas at /openapi.json, JSON errors with Swedish messages, /health and /ready.

Logging is configured by the entry point (wsgi.py, the worker, the embedded runner), not
here: in the embedded form several services share one process and one log configuration.
"""
from __future__ import annotations

from typing import Callable

from flask import Flask

from . import correlation
from .errors import register_json_error_handlers
from .health import health_blueprint
from .openapi import init_api


def create_service_app(import_name: str, *, title: str, secret_key: str, blueprints: list,
                       readiness: dict[str, Callable[[], None]]) -> Flask:
    app = Flask(import_name)
    app.config["SECRET_KEY"] = secret_key
    correlation.init_app(app)
    rest = init_api(app, title)
    for blueprint in blueprints:
        rest.register_blueprint(blueprint)
    register_json_error_handlers(app)
    app.register_blueprint(health_blueprint(readiness))
    return app
