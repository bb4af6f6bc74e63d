"""Environment defaults for the local runners. Each runner fills in what the operator did
not set, so that ``make run`` and ``make up`` work on a fresh machine with no configuration,
and prints where it serves."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DATA = REPO_ROOT / "deploy" / "demo" / "demo-data.yaml"
PYTHONPATH = os.pathsep.join(
    str(REPO_ROOT / p) for p in ("services/common", "services/auth", "gateway", "deploy", "deploy/simulators")
)


def common_defaults() -> dict[str, str]:
    return {
        "WEBCERT_ENV": "development",
        "PORT": "8000",
        "DEMO_DATA_PATH": str(DEMO_DATA),
        # The test identity provider is a development tool: the local runners turn it on,
        # production configuration refuses it (webcert_common.config).
        "TEST_IDP_ENABLED": "true",
        "IDP_URL": "/testidp",
        # A fresh key per start: assertions and cookies of an earlier run are worthless.
        "IDP_SIGNING_KEY": secrets.token_urlsafe(32),
        "SECRET_KEY": secrets.token_urlsafe(32),
    }


def apply_defaults(defaults: dict[str, str]) -> dict[str, str]:
    """Set each default unless the environment already has a value; return the result."""
    for key, value in defaults.items():
        if not os.environ.get(key):
            os.environ[key] = value
    return dict(os.environ)
