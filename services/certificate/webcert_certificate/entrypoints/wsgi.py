"""gunicorn entry point: ``gunicorn webcert_certificate.entrypoints.wsgi:app``. Run
``python -m webcert_certificate.bootstrap`` first (database, migrations, demo CA)."""
from webcert_common.logging import configure_logging

from ..config import CertificateConfig
from .app import create_app

config = CertificateConfig.from_env()
configure_logging(config.service_name, config.log_level)
app = create_app(config)
