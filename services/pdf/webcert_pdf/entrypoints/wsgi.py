"""gunicorn entry point: ``gunicorn webcert_pdf.entrypoints.wsgi:app``. Nothing to prepare first:
the service has no database."""
from webcert_common.logging import configure_logging

from ..config import PdfConfig
from .app import create_app

config = PdfConfig.from_env()
configure_logging(config.service_name, config.log_level)
app = create_app(config)
