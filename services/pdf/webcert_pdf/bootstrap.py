"""Wiring: the renderer of the PDF service (reportlab, or a fake in tests). ``python -m
webcert_pdf.bootstrap`` checks that a PDF can be made (fonts found, one page rendered); there is
no database to prepare."""
from __future__ import annotations

from datetime import datetime, timezone

from .adapters.renderer import Renderer
from .adapters.reportlab_renderer import ReportlabRenderer
from .domain.document import build_document

_PROBE = build_document({"code": "PROBE", "name": "Provutskrift", "sections": []},
                        {"id": "probe", "certificate_type": "PROBE", "status": "DRAFT",
                         "patient": {"personnummer": "19121212-1212", "name": "Prov"}},
                        datetime(2026, 1, 1, tzinfo=timezone.utc))


def check_renderer(renderer: Renderer) -> None:
    """Raises when ``renderer`` cannot make a PDF (the readiness check; a few milliseconds)."""
    if not renderer.render(_PROBE).startswith(b"%PDF"):
        raise RuntimeError("the renderer made no PDF")


def build_renderer() -> Renderer:
    """reportlab, warmed up: fonts are read and the first document is made before the first request."""
    renderer = ReportlabRenderer()
    check_renderer(renderer)
    return renderer


def main() -> None:
    from webcert_common.logging import configure_logging, get_logger

    from .config import PdfConfig

    config = PdfConfig.from_env()
    configure_logging(config.service_name, config.log_level)
    build_renderer()
    get_logger(__name__).info("pdf_renderer_ready")


if __name__ == "__main__":
    main()
