"""gunicorn entry point: ``gunicorn webcert_auth.entrypoints.wsgi:app``. Run
``python -m webcert_auth.bootstrap`` first (database, migrations, demo world)."""
from ..config import AuthConfig
from .app import create_app

app = create_app(AuthConfig.from_env())
