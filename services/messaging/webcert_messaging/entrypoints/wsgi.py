"""gunicorn entry point: ``gunicorn webcert_messaging.entrypoints.wsgi:app``. Run
``python -m webcert_messaging.bootstrap`` first (database, migrations)."""
from webcert_common.logging import configure_logging

from ..config import MessagingConfig
from .app import create_app

config = MessagingConfig.from_env()
configure_logging(config.service_name, config.log_level)
app = create_app(config)
