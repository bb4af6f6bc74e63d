"""The PDF service's Flask app factory."""
from __future__ import annotations

from flask import Flask
from webcert_common.errors import error_body
from webcert_common.service_app import create_service_app

from ..adapters.renderer import Renderer
from ..bootstrap import build_renderer, check_renderer
from ..config import PdfConfig
from . import api


def create_app(config: PdfConfig, *, renderer: Renderer | None = None) -> Flask:
    """``renderer`` None: reportlab, warmed up by one rendering (fonts loaded before the first print)."""
    renderer = renderer if renderer is not None else build_renderer()
    app = create_service_app("webcert_pdf", title="Webcert pdf", secret_key=config.secret_key,
                             blueprints=[api.printing], readiness={"renderer": lambda: check_renderer(renderer)})
    # A body over the bound is refused before it is read (413, "Begäran är för stor.").
    app.config["MAX_CONTENT_LENGTH"] = config.max_request_bytes
    app.extensions["webcert_pdf_renderer"] = renderer

    @app.errorhandler(RecursionError)
    def _too_deep(exc: RecursionError):
        # JSON nested deeper than Python recurses: the request's fault, not the service's.
        return error_body("REQUEST_TOO_DEEP", "Begäran är för djupt nästlad för att kunna tolkas."), 400

    return app
