"""OpenAPI from the marshmallow schemas (flask-smorest), served at ``/openapi.json``."""
from __future__ import annotations

from flask_smorest import Api


def init_api(app, title: str, version: str = "1") -> Api:
    app.config.setdefault("API_TITLE", title)
    app.config.setdefault("API_VERSION", version)
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    return Api(app)
