"""gunicorn entry point: ``gunicorn webcert_pu_lookup.entrypoints.wsgi:app``. Run
``python -m webcert_pu_lookup.bootstrap`` first (database, migrations)."""
from ..config import PuLookupConfig
from .app import create_app

app = create_app(PuLookupConfig.from_env())
