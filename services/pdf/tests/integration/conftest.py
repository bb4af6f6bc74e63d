"""The PDF service through HTTP (Flask's test client; the service has no database). The render
requests are the ones the render tests use (tests/unit/pdf_examples.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))

from webcert_pdf.config import PdfConfig  # noqa: E402
from webcert_pdf.entrypoints.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def app():
    return create_app(PdfConfig())


@pytest.fixture
def client(app):
    return app.test_client()
