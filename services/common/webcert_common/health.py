"""``/health`` (the process lives) and ``/ready`` (its dependencies answer), the same in
every service. A check is a function that raises when its dependency is not usable."""
from __future__ import annotations

from typing import Callable

from flask import Blueprint, jsonify


def health_blueprint(checks: dict[str, Callable[[], None]] | None = None) -> Blueprint:
    checks = dict(checks or {})
    bp = Blueprint("health", __name__)

    @bp.get("/health")
    def health():
        return jsonify(status="ok")

    @bp.get("/ready")
    def ready():
        results, ok = {}, True
        for name, check in checks.items():
            try:
                check()
                results[name] = "ok"
            except Exception as exc:  # a readiness probe reports, it does not raise
                ok = False
                results[name] = f"fel: {type(exc).__name__}"
        return jsonify(status="ok" if ok else "unavailable", checks=results), (200 if ok else 503)

    return bp
