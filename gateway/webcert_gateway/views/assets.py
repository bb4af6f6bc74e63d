"""Designsystemet's CSS (MIT, npm ``@digdir/designsystemet-css``, pinned in
gateway/package.json), served from gateway/node_modules as installed by ``npm ci``.
Only the named files are reachable: no path from the URL touches the file system."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, send_file

from webcert_common.logging import get_logger

bp = Blueprint("assets", __name__)
log = get_logger(__name__)

DS_PACKAGE = Path("@digdir") / "designsystemet-css"
DS_FILES = {
    "designsystemet.css": DS_PACKAGE / "dist" / "src" / "index.css",       # components
    "theme.css": DS_PACKAGE / "dist" / "theme" / "designsystemet.css",     # the default theme
    "LICENSE": DS_PACKAGE / "LICENSE",
}


@bp.get("/static/ds/<name>")
def design_system(name: str):
    relative = DS_FILES.get(name)
    if relative is None:
        abort(404)
    path = Path(current_app.config["WEBCERT_ASSETS_DIR"]) / relative
    if not path.is_file():
        log.warning("design_system_missing", file=str(relative), hint="run: npm ci --prefix gateway")
        abort(404)
    mimetype = "text/plain" if name == "LICENSE" else "text/css"
    return send_file(path, mimetype=mimetype, max_age=86400)
