"""An in-memory national log service that follows the log simulator's HTTP API
(docs/ARCHITECTURE.md, "Simulators"): ``POST /api/entries`` stores an entry once per
entry_id (201 again for the same entry), 409 for another entry under a known id; it can
be told to fail (503, which the service clients raise as ServiceUnavailable)."""
from __future__ import annotations

import copy
import threading

from webcert_common.service_client import ServiceResponse, ServiceUnavailable


class FakeLogService:
    def __init__(self) -> None:
        self.entries: dict[str, dict] = {}
        self.posts = 0
        self.failures_left = 0
        self._lock = threading.Lock()

    def fail_next(self, count: int) -> None:
        with self._lock:
            self.failures_left = count

    def request(self, method, path, json=None, headers=None, params=None) -> ServiceResponse:
        with self._lock:
            if (method, path) != ("POST", "/api/entries"):
                return ServiceResponse(404, {"error": {"reason": "HTTP_404", "message": "Finns inte."}})
            self.posts += 1
            if self.failures_left > 0:
                self.failures_left -= 1
                raise ServiceUnavailable("POST /api/entries: HTTP 503")
            known = self.entries.get(json["entry_id"])
            if known is not None and known != json:
                return ServiceResponse(409, {"error": {"reason": "ENTRY_CONFLICT", "message": "Annat innehåll."}})
            self.entries[json["entry_id"]] = copy.deepcopy(json)
            return ServiceResponse(201, copy.deepcopy(json))
