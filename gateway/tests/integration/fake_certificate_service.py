"""A stand-in for the certificate service in the gateway tests that do not need it: it
answers the readiness probe (GET /health), has no types and no certificates, and refuses
everything else. Pages that show certificates are tested against the real service
(certificate_stack.py)."""
from __future__ import annotations

from webcert_common.service_client import ServiceResponse, ServiceUnavailable

EMPTY_LISTS = {("POST", "/certificates/search"), ("GET", "/certificates/drafts"), ("GET", "/certificates/signed")}


class FakeCertificateService:
    def __init__(self) -> None:
        self.down = False
        self.calls: list[tuple[str, str]] = []

    def request(self, method, path, json=None, headers=None, params=None) -> ServiceResponse:
        self.calls.append((method, path))
        if self.down:
            raise ServiceUnavailable(f"{method} {path}: connection refused")
        if method == "GET" and path == "/health":
            return ServiceResponse(200, {"status": "ok"})
        if (method, path) == ("GET", "/certificate-types"):
            return ServiceResponse(200, {"types": []})
        if (method, path) in EMPTY_LISTS:
            return ServiceResponse(200, {"certificates": []})
        return ServiceResponse(501, {"error": {"reason": "NOT_IN_THIS_FAKE",
                                               "message": "Intygstjänsten finns inte i det här testet."}})
