"""The "Simulatorer" page (issue 3, "In the demo setup the start page links to
'Simulatorer'"). Read-only: no forms, no state."""
from __future__ import annotations

from flask import Flask, render_template

from .config import IndexConfig
from .frame import FrameSettings, init_frame


def create_app(config: IndexConfig | None = None) -> Flask:
    config = config or IndexConfig.from_env()
    config.check()
    app = Flask(__name__, static_folder=None)
    init_frame(app, FrameSettings(secret_key=config.secret_key, cookie_name="webcert_simulatorer",
                                  assets_base_url=config.assets_base_url))

    @app.get("/")
    def index():
        return render_template("simulator_index.html", links=config.links, start_url=config.start_url)

    return app
