"""FK's queue adapter, outward (issue 7, docs/ARCHITECTURE.md "FK's side"): the unit's questions
and answers (``question.asked`` / ``question.answered``) handed to Försäkringskassan. One interface,
``FkMessages``, with the HTTP adapter (in this project the FK simulator's ``POST /api/messages``) and
an in-memory fake for tests.

How FK's answer is judged decides what the queue does with the message (webcert_common.bus), as for
the certificates themselves (webcert_certificate/adapters/recipients.py):
- no connection, 503 and other 5xx: FK is down -> ``FkUnavailable`` (a ``DependencyUnavailable``):
  the message waits in the queue, tried again with growing pauses, never dead-lettered;
- a 4xx refusal: ``FkRejected`` (a ``PermanentError``): dead-lettered at once;
- an answer that is not a receipt, or none in time: ``FkAnswerInvalid``: tried again a bounded
  number of times, then dead-lettered.
Every message carries its ``message_id``; FK stores each once, so a message repeated after a crash
or a lost receipt is not received twice."""
from __future__ import annotations

import threading
from typing import Protocol

from webcert_common.bus import DependencyUnavailable, PermanentError, contracts
from webcert_common.config import env_int, env_str
from webcert_common.receipts import ReceiptErrors, post_for_receipt
from webcert_common.service_client import ServiceClient

MESSAGES_PATH = "/api/messages"
FK_NAME = "Försäkringskassan"
# The same variables as the certificate service's recipient adapter: one FK, one address.
DEFAULT_FK_URL = "http://127.0.0.1:8112"
DEFAULT_TIMEOUT_SECONDS = 10


class FkUnavailable(DependencyUnavailable):
    """FK does not take messages now: the message waits and is tried again."""


class FkRejected(PermanentError):
    """FK refused the message for good."""


class FkAnswerInvalid(RuntimeError):
    """FK gave no receipt (garbage, or nothing in time): tried again, then given up."""


class FkMessages(Protocol):
    def send(self, message: dict) -> dict:
        """Hand ``message`` to FK; return the receipt ``{receipt_id, received_at}`` or raise one of the above."""


def fk_settings_from_env() -> tuple[str, float]:
    """FK's address and how long to wait for its receipt: ``RECIPIENT_FK_URL`` and
    ``RECIPIENT_TIMEOUT_SECONDS``, as the certificate worker reads them."""
    return (env_str("RECIPIENT_FK_URL", DEFAULT_FK_URL) or DEFAULT_FK_URL,
            float(env_int("RECIPIENT_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS)))


def message_for(event_type: str, payload: dict) -> dict:
    """What FK receives for ``question.asked`` / ``question.answered`` (docs/ARCHITECTURE.md):
    ``{message_id, kind, certificate_id, question_id, subject|null, text, sent_at}``."""
    asked = event_type == contracts.QUESTION_ASKED
    return {"message_id": payload["message_id"], "kind": "question" if asked else "answer",
            "certificate_id": payload["certificate_id"], "question_id": payload["question_id"],
            "subject": payload["subject"] if asked else None, "text": payload["text"], "sent_at": payload["sent_at"]}


class HttpFkMessages:
    def __init__(self, service: ServiceClient) -> None:
        self._service = service

    def send(self, message: dict) -> dict:
        return post_for_receipt(self._service, MESSAGES_PATH, message, FK_NAME,
                                ReceiptErrors(FkUnavailable, FkRejected, FkAnswerInvalid), what="meddelandet")


class InMemoryFkMessages:
    """The fake: stores each message id once, like FK, and can be told to be down, to refuse or
    to answer garbage."""

    def __init__(self) -> None:
        self.messages: dict[str, dict] = {}
        self.attempts = 0
        self.mode = "normal"          # normal | down | reject | garbage
        self._lock = threading.Lock()

    def send(self, message: dict) -> dict:
        with self._lock:
            self.attempts += 1
            if self.mode == "down":
                raise FkUnavailable(f"{FK_NAME} tar inte emot just nu (fake).")
            if self.mode == "reject":
                raise FkRejected(f"{FK_NAME} tog inte emot meddelandet: avvisat (fake).")
            if self.mode == "garbage":
                raise FkAnswerInvalid(f"{FK_NAME} svarade inte med ett kvitto (fake).")
            self.messages.setdefault(message["message_id"], dict(message))
            return {"receipt_id": message["message_id"], "received_at": "2026-01-01T00:00:00+00:00"}
