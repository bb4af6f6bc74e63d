"""gunicorn entry point: ``gunicorn webcert_auth.entrypoints.wsgi:app``. Run
``python -m webcert_auth.bootstrap`` first (database, migrations, demo world)."""
from webcert_common.logging import configure_logging

from ..config import AuthConfig
from .app import create_app

config = AuthConfig.from_env()
configure_logging(config.service_name, config.log_level)
app = create_app(config)
