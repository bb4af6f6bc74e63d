"""The certificate service, as the gateway sees it (docs/ARCHITECTURE.md, "certificate HTTP API").

Wraps any ``ServiceClient`` and turns answers into values or typed refusals. Every call
carries the user's session id in ``X-Session-Id``: the certificate service asks auth who the
user is and decides; the gateway only shows what it is allowed. A personnummer travels only in
JSON bodies.
"""
from __future__ import annotations

import re
from typing import Any

from webcert_common.service_client import ServiceClient, ServiceUnavailable

from .refusals import ServiceRefused, session_request

_FALLBACK_MESSAGE = "Intygstjänsten svarade inte som väntat. Försök igen."


class CertificateRefused(ServiceRefused):
    """A 4xx from the certificate service: a stable reason, a Swedish message and the rest of
    the error body (``details`` of a 422, ``holder`` of a 409 EDITED_BY_OTHER, ``sections``)."""


class CertificateServiceUnavailable(ServiceUnavailable):
    """The certificate service, or PU behind it (``reason`` PU_UNAVAILABLE), does not answer."""


class CertificateClient:
    def __init__(self, service: ServiceClient) -> None:
        self._service = service
        # Type definitions change only with a deployment of the service: asked once per process,
        # not at every autosave.
        self._definitions: dict[str, dict] = {}

    def _call(self, method: str, path: str, session_id: str | None, *, json: Any = None,
              params: dict | None = None):
        return self._response(method, path, session_id, json=json, params=params).json

    def _response(self, method: str, path: str, session_id: str | None, *, json: Any = None,
                  params: dict | None = None):
        return session_request(self._service, "certificate", method, path, session_id, refused=CertificateRefused,
                               unavailable=CertificateServiceUnavailable, fallback_message=_FALLBACK_MESSAGE,
                               json=json, params=params)

    # --- types and favourites ---------------------------------------------------------------
    def types(self, session_id: str) -> list[dict]:
        return self._call("GET", "/certificate-types", session_id)["types"]

    def definition(self, session_id: str, code: str) -> dict:
        found = self._definitions.get(code)
        if found is None:
            found = self._call("GET", f"/certificate-types/{code}", session_id)
            self._definitions[code] = found
        return found

    def set_favourite(self, session_id: str, code: str, favourite: bool) -> None:
        self._call("PUT" if favourite else "DELETE", f"/favourites/{code}", session_id)

    # --- drafts and certificates ------------------------------------------------------------
    def create(self, session_id: str, certificate_type: str, personnummer: str) -> dict:
        return self._call("POST", "/certificates", session_id,
                          json={"certificate_type": certificate_type, "personnummer": personnummer})

    def for_patient(self, session_id: str, personnummer: str) -> list[dict]:
        return self._call("POST", "/certificates/search", session_id,
                          json={"personnummer": personnummer})["certificates"]

    def drafts(self, session_id: str) -> list[dict]:
        return self._call("GET", "/certificates/drafts", session_id)["certificates"]

    def signed(self, session_id: str) -> list[dict]:
        return self._call("GET", "/certificates/signed", session_id)["certificates"]

    def get(self, session_id: str, certificate_id: str) -> dict:
        return self._call("GET", f"/certificates/{certificate_id}", session_id)

    def start_editing(self, session_id: str, certificate_id: str) -> dict:
        return self._call("POST", f"/certificates/{certificate_id}/editing", session_id)

    def editing_status(self, session_id: str, certificate_id: str, edit_token: str | None) -> dict:
        """``{status, version, editing, has_priority}``: no patient data, so no PDL entry (the poll)."""
        return self._call("GET", f"/certificates/{certificate_id}/editing", session_id,
                          params={"edit_token": edit_token} if edit_token else None)

    def save(self, session_id: str, certificate_id: str, *, version: int, edit_token: str | None,
             content: dict) -> dict:
        return self._call("PUT", f"/certificates/{certificate_id}", session_id,
                          json={"version": version, "edit_token": edit_token, "content": content})

    def missing(self, session_id: str, certificate_id: str) -> dict:
        return self._call("GET", f"/certificates/{certificate_id}/missing", session_id)

    def sign(self, session_id: str, certificate_id: str, version: int) -> dict:
        return self._call("POST", f"/certificates/{certificate_id}/sign", session_id, json={"version": version})

    def set_forwarded(self, session_id: str, certificate_id: str, forwarded: bool) -> dict:
        return self._call("PUT", f"/certificates/{certificate_id}/forwarded", session_id,
                          json={"forwarded": forwarded})

    def delete(self, session_id: str, certificate_id: str, version: int) -> None:
        self._call("DELETE", f"/certificates/{certificate_id}", session_id, json={"version": version})

    def copy(self, session_id: str, certificate_id: str) -> dict:
        """§5.9 "Kopiera" a locked draft: the new draft's CertificateView."""
        return self._call("POST", f"/certificates/{certificate_id}/copy", session_id)

    def derive(self, session_id: str, certificate_id: str, certificate_type: str,
               convey_diagnoses: bool | None = None) -> dict:
        """§6.13 "Förifyllnad av intygsutkast": a new draft of ``certificate_type`` (AG7804 from a
        signed FK7804, DOI from a signed DB) prefilled from this certificate; its CertificateView.
        For AG7804 the diagnoses follow only when ``convey_diagnoses`` is answered true."""
        return self._call("POST", f"/certificates/{certificate_id}/derive", session_id,
                          json={"certificate_type": certificate_type, "convey_diagnoses": convey_diagnoses})

    # --- after signing (issue 5) --------------------------------------------------------------
    def send(self, session_id: str, certificate_id: str, *, patient_consent: bool) -> dict:
        """CERT-9 "Skicka till Försäkringskassan/Transportstyrelsen": 202 with ``delivery.state``
        pending; the recipient's receipt arrives later (status "Skickat")."""
        return self._call("POST", f"/certificates/{certificate_id}/send", session_id,
                          json={"patient_consent": patient_consent})

    def renew(self, session_id: str, certificate_id: str) -> dict:
        """CERT-11 "Förnya": the new draft's CertificateView."""
        return self._call("POST", f"/certificates/{certificate_id}/renew", session_id)

    def replace(self, session_id: str, certificate_id: str) -> dict:
        """CERT-12 "Ersätt": the new draft's CertificateView; 409 REPLACEMENT_DRAFT_EXISTS carries
        the existing draft's ``draft_id`` in the refusal's ``error``."""
        return self._call("POST", f"/certificates/{certificate_id}/replace", session_id)

    def complement(self, session_id: str, certificate_id: str, comment: str | None = None) -> dict:
        """§7 "Komplettera intyg" (scenario A, no comment) or "Kan ej komplettera – Ingen ytterligare
        medicinsk information kan anges" (B, the comment goes to "Övriga upplysningar"): the new
        draft's CertificateView; 409 COMPLEMENT_DRAFT_EXISTS carries the open draft's ``draft_id``."""
        return self._call("POST", f"/certificates/{certificate_id}/complement", session_id,
                          json={"comment": comment} if comment else {})

    def revoke(self, session_id: str, certificate_id: str, *, reason: str | None, message: str | None) -> dict:
        """CERT-13 "Makulera": the revoked certificate's CertificateView (``revocation``)."""
        return self._call("POST", f"/certificates/{certificate_id}/revoke", session_id,
                          json={"reason": reason, "message": message})

    def verification(self, certificate_id: str) -> dict:
        return self._call("GET", f"/certificates/{certificate_id}/verification", None)

    def diagnoses(self, session_id: str, *, code_system: str, code: str | None = None,
                  description: str | None = None) -> list[dict]:
        params = {"code_system": code_system}
        if code is not None:
            params["code"] = code
        if description is not None:
            params["description"] = description
        return self._call("GET", "/diagnoses", session_id, params=params)["suggestions"]

    def check_ready(self) -> None:
        self._call("GET", "/health", None)

    # --- printing (CERT-10) ---------------------------------------------------------------------
    def printout(self, session_id: str, certificate_id: str) -> tuple[bytes, str]:
        """The PDF and its file name (the service's, free of personal data)."""
        response = self._response("GET", f"/certificates/{certificate_id}/pdf", session_id)
        return response.content, _file_name(response.headers.get("Content-Disposition", ""))


def _file_name(disposition: str) -> str:
    found = re.search(r'filename="([A-Za-z0-9._-]+)"', disposition)
    return found.group(1) if found else "intyg.pdf"
