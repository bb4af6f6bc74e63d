"""The recipients (INT-1): Försäkringskassan, Transportstyrelsen, Skatteverket, Socialstyrelsen,
each behind one interface with a real adapter (HTTP to the recipient's service; in this project
the simulators in deploy/simulators/recipient_simulator) and an in-memory fake for tests.

How an answer is judged decides what the queue does with the message (webcert_common.bus):
- no connection, 503 and other 5xx: the recipient is down -> ``RecipientUnavailable`` (a
  ``DependencyUnavailable``): the message waits in the queue, tried again with growing pauses,
  never dead-lettered (§5.5: a certificate the user sent is not lost);
- a 4xx refusal: ``RecipientRejected`` (a ``PermanentError``): dead-lettered at once, and the user
  is told that sending failed;
- an answer that is not a receipt, or none in time: ``RecipientAnswerInvalid``: tried again a
  bounded number of times, then dead-lettered like a refusal.
Every delivery carries its ``delivery_id``; the recipient stores each once (the idempotency key),
so a delivery repeated after a crash is not received twice."""
from __future__ import annotations

import threading
from typing import Protocol

from webcert_common.bus import DependencyUnavailable, PermanentError
from webcert_common.receipts import ReceiptErrors, post_for_receipt
from webcert_common.service_client import ServiceClient

from ..domain.certificate_type import RECIPIENTS

CERTIFICATES_PATH = "/api/certificates"
REVOCATIONS_PATH = "/api/revocations"


class RecipientUnavailable(DependencyUnavailable):
    """The recipient does not take deliveries now: the delivery waits and is tried again."""


class RecipientRejected(PermanentError):
    """The recipient refused the delivery for good; the text is shown to the user."""


class RecipientAnswerInvalid(RuntimeError):
    """The recipient gave no receipt (garbage, or nothing in time): tried again, then given up."""


_ERRORS = ReceiptErrors(RecipientUnavailable, RecipientRejected, RecipientAnswerInvalid)


class Recipient(Protocol):
    code: str

    def deliver_certificate(self, delivery_id: str, certificate: dict) -> dict:
        """Deliver; return the receipt ``{receipt_id, received_at}`` or raise one of the above."""

    def deliver_revocation(self, delivery_id: str, revocation: dict) -> dict:
        """As above, for a revocation notice."""


class HttpRecipient:
    def __init__(self, code: str, service: ServiceClient) -> None:
        self.code = code
        self.name = RECIPIENTS[code]
        self._service = service

    def deliver_certificate(self, delivery_id: str, certificate: dict) -> dict:
        return self._post(CERTIFICATES_PATH, {"delivery_id": delivery_id, "certificate": certificate})

    def deliver_revocation(self, delivery_id: str, revocation: dict) -> dict:
        return self._post(REVOCATIONS_PATH, dict(revocation, delivery_id=delivery_id))

    def _post(self, path: str, body: dict) -> dict:
        return post_for_receipt(self._service, path, body, self.name, _ERRORS)


class InMemoryRecipient:
    """The fake: stores each delivery id once, like the real one, and can be told to be down,
    to refuse or to answer garbage."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.name = RECIPIENTS[code]
        self.certificates: dict[str, dict] = {}
        self.revocations: dict[str, dict] = {}
        self.attempts = 0
        self.mode = "normal"          # normal | down | reject | garbage
        self._lock = threading.Lock()

    def deliver_certificate(self, delivery_id: str, certificate: dict) -> dict:
        return self._take(self.certificates, delivery_id, certificate)

    def deliver_revocation(self, delivery_id: str, revocation: dict) -> dict:
        return self._take(self.revocations, delivery_id, revocation)

    def _take(self, store: dict, delivery_id: str, body: dict) -> dict:
        with self._lock:
            self.attempts += 1
            if self.mode == "down":
                raise RecipientUnavailable(f"{self.name} tar inte emot just nu (fake).")
            if self.mode == "reject":
                raise RecipientRejected(f"{self.name} tog inte emot det: avvisat (fake).")
            if self.mode == "garbage":
                raise RecipientAnswerInvalid(f"{self.name} svarade inte med ett kvitto (fake).")
            store.setdefault(delivery_id, dict(body))
            return {"receipt_id": delivery_id, "received_at": "2026-01-01T00:00:00+00:00"}
