"""The page frame every simulator shares: the gateway's look, a banner saying it is a
simulator, CSRF on operator forms, security headers, and Swedish error answers.

A simulator is mounted under a prefix (embedded: ``/simulatorer/pu``) or runs on its own
port (distributed), so every link goes through ``url_for`` and the design system's CSS is
fetched from ``ASSETS_BASE_URL`` (empty = the page's own origin, where the gateway serves it).
JSON API paths (``/api/…``, ``/control/…``) answer errors as the house refusal shape
``{"error": {"reason", "message"}}``, pages as a page."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Blueprint, Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from webcert_common.config import DEV_SECRET, ConfigError, env_str

frame = Blueprint("simulator_frame", __name__, template_folder="templates", static_folder="static",
                  static_url_path="/simulator-static")

JSON_PREFIXES = ("/api/", "/control/")
MAX_BODY_BYTES = 1024 * 1024
HTTP_MESSAGES = {
    400: ("BAD_REQUEST", "Begäran kunde inte tolkas."),
    404: ("NOT_FOUND", "Sidan finns inte."),
    405: ("METHOD_NOT_ALLOWED", "Metoden är inte tillåten här."),
    413: ("TOO_LARGE", "Begäran är för stor."),
    415: ("UNSUPPORTED_MEDIA_TYPE", "Begäran måste vara JSON (Content-Type: application/json)."),
}
CSRF_MESSAGE = "Formuläret saknar en giltig säkerhetskod. Ladda om sidan och försök igen."


@dataclass(frozen=True)
class FrameSettings:
    secret_key: str
    cookie_name: str                 # distinct per simulator: they share the gateway's origin when mounted
    assets_base_url: str = ""        # where /static/ds/… and /static/css/webcert.css are served
    index_url: str = ""              # the "Simulatorer" page, linked from every simulator when set


def seconds_from_env(name: str, default: float) -> float:
    """A simulator's "slow" delay from the environment, or a ConfigError naming the variable."""
    text = env_str(name, str(default))
    try:
        return float(text)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, got {text!r}") from exc


def page_settings_from_env() -> dict:
    """What every simulator's operator page reads from the environment: the form's secret, the
    gateway's look (ASSETS_BASE_URL), the link back to "Simulatorer", and where it runs."""
    return {"secret_key": env_str("SECRET_KEY", DEV_SECRET),
            "assets_base_url": check_base_url("ASSETS_BASE_URL", env_str("ASSETS_BASE_URL", "") or ""),
            "index_url": check_base_url("SIMULATOR_INDEX_URL", env_str("SIMULATOR_INDEX_URL", "") or ""),
            "environment": env_str("WEBCERT_ENV", "development")}


def check_base_url(name: str, value: str) -> str:
    """'' or an http(s) origin with an optional path; never javascript: or the like."""
    value = (value or "").strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if value.startswith("/") and not value.startswith("//"):
        return value
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{name} must be empty, a path starting with '/', or an http(s) URL; got {value!r}")
    return value


def wants_json() -> bool:
    return request.path.startswith(JSON_PREFIXES)


def refusal(status: int, reason: str, message: str):
    return jsonify({"error": {"reason": reason, "message": message}}), status


def init_frame(app: Flask, settings: FrameSettings) -> CSRFProtect:
    """Wire the shared frame into a simulator app; returns its CSRFProtect so the caller can
    exempt the JSON API blueprints (machine clients, no browser form)."""
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_NAME=settings.cookie_name,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        WTF_CSRF_TIME_LIMIT=None,
        # Referrer-Policy is no-referrer, so there is no Referer to check: the token and the
        # SameSite=Lax cookie protect the forms (as in the gateway, security.py).
        WTF_CSRF_SSL_STRICT=False,
    )
    app.register_blueprint(frame)
    csrf = CSRFProtect(app)
    assets = settings.assets_base_url
    style_origin = _origin(assets)

    @app.context_processor
    def _frame_context():
        return {
            "ds_css": [f"{assets}/static/ds/theme.css", f"{assets}/static/ds/designsystemet.css"],
            "webcert_css": f"{assets}/static/css/webcert.css",
            "simulator_index_url": settings.index_url,
        }

    @app.after_request
    def _headers(response):
        style_src = "'self'" + (f" {style_origin}" if style_origin else "")
        response.headers.setdefault(
            "Content-Security-Policy",
            f"default-src 'self'; script-src 'self'; style-src {style_src}; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(CSRFError)
    def _csrf_error(_exc):
        if wants_json():
            return refusal(400, "CSRF_FAILED", CSRF_MESSAGE)
        return render_template("simulator_error.html", message=CSRF_MESSAGE, status=400), 400

    for status in HTTP_MESSAGES:
        app.register_error_handler(status, _http_error)

    @app.errorhandler(Exception)
    def _unexpected(exc):
        if isinstance(exc, HTTPException):       # any other HTTP status: its own code, a Swedish text
            return _http_error(exc)
        app.logger.exception("simulator failed")
        message = "Ett tekniskt fel har uppstått i simulatorn."
        if wants_json():
            return refusal(500, "INTERNAL_ERROR", message)
        return render_template("simulator_error.html", message=message, status=500), 500

    return csrf


def _http_error(exc):
    reason, message = HTTP_MESSAGES.get(exc.code, ("BAD_REQUEST", "Begäran kunde inte hanteras."))
    if wants_json():
        return refusal(exc.code, reason, message)
    return render_template("simulator_error.html", message=message, status=exc.code), exc.code


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
