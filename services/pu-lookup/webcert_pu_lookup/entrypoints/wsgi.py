"""gunicorn entry point: ``gunicorn webcert_pu_lookup.entrypoints.wsgi:app``. Run
``python -m webcert_pu_lookup.bootstrap`` first (database, migrations)."""
from webcert_common.logging import configure_logging

from ..config import PuLookupConfig
from .app import create_app

config = PuLookupConfig.from_env()
configure_logging(config.service_name, config.log_level)
app = create_app(config)
