"""The PDF service (services/pdf), behind one interface: a real adapter over a ServiceClient
(HTTP when distributed, in-process WSGI when embedded) and a fake for tests. Rendering is a pure
function of the request (definition, certificate, printed_at), so the same request gives the
same bytes."""
from __future__ import annotations

from typing import Protocol

from webcert_common.service_client import ServiceClient, ServiceUnavailable

from ..domain import errors

RENDER_PATH = "/render"
PDF_SERVICE = "Utskriftstjänsten"


class PdfRenderer(Protocol):
    def render(self, request: dict) -> bytes:
        """The PDF of ``request``; raise a CertificateRefusal (503) when it cannot be made now."""


class HttpPdfRenderer:
    def __init__(self, service: ServiceClient) -> None:
        self._service = service

    def render(self, request: dict) -> bytes:
        try:
            response = self._service.request("POST", RENDER_PATH, json=request)
        except ServiceUnavailable:
            raise errors.dependency_unavailable(PDF_SERVICE) from None
        if response.status == 200 and response.content.startswith(b"%PDF"):
            return response.content
        # A 4xx here means this service sent something the PDF service cannot read: a fault on
        # our side, not the user's; the user is told to try again, the log says what happened.
        raise errors.dependency_unavailable(PDF_SERVICE)


class FakePdfRenderer:
    """Keeps what it was asked to render; answers a tiny PDF-looking body."""

    def __init__(self) -> None:
        self.requests: list[dict] = []

    def render(self, request: dict) -> bytes:
        self.requests.append(request)
        return b"%PDF-1.4 fake " + request["certificate"]["id"].encode()
