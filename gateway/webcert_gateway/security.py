"""Security headers, CSRF protection and the cookies the gateway sets.

CSP allows no inline script or style: the pages' JavaScript lives in static files.
``data:`` images are allowed because Designsystemet draws its icons as inline SVG URLs.
"""
from __future__ import annotations

from flask import current_app
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if response.mimetype == "text/html":
        # Pages show personal data: never keep them in a shared or back-button cache.
        headers["Cache-Control"] = "no-store"
    return response


def init_security(app, *, cookie_secure: bool) -> None:
    app.config.update(
        SESSION_COOKIE_NAME="webcert_ui",      # Flask's own cookie: CSRF token and one-shot notices
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=cookie_secure,
        WTF_CSRF_TIME_LIMIT=None,              # bound to the Flask session cookie instead
        # Referrer-Policy is no-referrer, so the browser sends no Referer to check: the token
        # and the SameSite=Lax cookie are the protection.
        WTF_CSRF_SSL_STRICT=False,
    )
    csrf.init_app(app)
    app.after_request(add_security_headers)


def cookie_options() -> dict:
    """The flags every gateway cookie carries."""
    return dict(httponly=True, samesite="Lax", secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
                path="/")
