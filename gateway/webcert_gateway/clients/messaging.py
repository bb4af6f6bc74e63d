"""The messaging service, as the gateway sees it (docs/ARCHITECTURE.md, "messaging HTTP API").

Every call carries the user's session id: the messaging service asks auth who the user is and
decides what may be done with each question; the gateway only shows what it is allowed
(``actions`` in every answer). No personnummer travels here at all.
"""
from __future__ import annotations

from typing import Any

from webcert_common.service_client import ServiceClient, ServiceUnavailable

from .refusals import ServiceRefused, session_request

_FALLBACK_MESSAGE = "Ärendetjänsten svarade inte som väntat. Försök igen."


class MessagingRefused(ServiceRefused):
    """A 4xx from the messaging service: a stable reason and a Swedish message."""


class MessagingServiceUnavailable(ServiceUnavailable):
    """The messaging service, or PU behind it (``reason`` PU_UNAVAILABLE), does not answer."""


class MessagingClient:
    def __init__(self, service: ServiceClient) -> None:
        self._service = service

    def _call(self, method: str, path: str, session_id: str | None, *, json: Any = None,
              params: dict | None = None):
        return session_request(self._service, "messaging", method, path, session_id, refused=MessagingRefused,
                               unavailable=MessagingServiceUnavailable, fallback_message=_FALLBACK_MESSAGE,
                               json=json, params=params).json

    def check_ready(self) -> None:
        self._call("GET", "/health", None)

    # --- one certificate's questions (the panel beside the certificate, §7) ---------------------
    def of_certificate(self, session_id: str, certificate_id: str) -> dict:
        return self._call("GET", f"/certificates/{certificate_id}/questions", session_id)

    def ask(self, session_id: str, certificate_id: str, subject: str, text: str) -> dict:
        return self._call("POST", f"/certificates/{certificate_id}/questions", session_id,
                          json={"subject": subject, "text": text})

    def save_question_draft(self, session_id: str, certificate_id: str, subject: str | None, text: str) -> dict:
        return self._call("PUT", f"/certificates/{certificate_id}/question-draft", session_id,
                          json={"subject": subject, "text": text})

    # --- one question ------------------------------------------------------------------------
    def save_answer_draft(self, session_id: str, question_id: str, text: str) -> dict:
        return self._call("PUT", f"/questions/{question_id}/answer-draft", session_id, json={"text": text})

    def answer(self, session_id: str, question_id: str, text: str) -> dict:
        return self._call("POST", f"/questions/{question_id}/answer", session_id, json={"text": text})

    def cannot_complement(self, session_id: str, question_id: str, text: str) -> dict:
        """Scenario C: a message instead of a new certificate."""
        return self._call("POST", f"/questions/{question_id}/cannot-complement", session_id, json={"text": text})

    def set_handled(self, session_id: str, question_id: str, handled: bool, confirmed: bool = False) -> dict:
        return self._call("PUT", f"/questions/{question_id}/handled", session_id,
                          json={"handled": handled, "confirmed": confirmed})

    def set_forwarded(self, session_id: str, question_id: str, forwarded: bool) -> dict:
        return self._call("PUT", f"/questions/{question_id}/forwarded", session_id, json={"forwarded": forwarded})

    # --- "Ej hanterade ärenden" (§4.2) ---------------------------------------------------------
    def unhandled(self, session_id: str, **filters: str) -> dict:
        params = {name: value for name, value in filters.items() if value not in (None, "")}
        return self._call("GET", "/questions/unhandled", session_id, params=params or None)

    def unhandled_counts(self, session_id: str) -> dict:
        """``{"current": n, "units": [{"unit_id", "count"}]}`` (AUTH-6: the header's counts)."""
        return self._call("GET", "/questions/unhandled/counts", session_id)
