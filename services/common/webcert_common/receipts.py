"""Posting to a recipient that answers with a receipt (the certificate recipients, FK's message
endpoint): one judgement of the answer for every queue adapter (INT-1).

- the recipient is away (refused connection, 5xx): ``unavailable`` -- a DependencyUnavailable,
  so the message waits in its queue and is never dead-lettered;
- a 4xx refusal: ``rejected`` -- a PermanentError, dead-lettered at once;
- a timeout, or an answer that is not a receipt: ``invalid`` -- retried a bounded number of times.
Each adapter passes its own three exception classes, so its callers and tests keep its words."""
from __future__ import annotations

from typing import NamedTuple

from .service_client import ServiceClient, ServiceTimeout, ServiceUnavailable


class ReceiptErrors(NamedTuple):
    unavailable: type[Exception]
    rejected: type[Exception]
    invalid: type[Exception]


def post_for_receipt(service: ServiceClient, path: str, body: dict, name: str, errors: ReceiptErrors,
                     what: str = "det") -> dict:
    """POST ``body``; the receipt (a JSON object with ``received_at``). ``name`` is the
    recipient's Swedish name, ``what`` the Swedish word for what was sent."""
    try:
        response = service.request("POST", path, json=body)
    except ServiceTimeout:
        raise errors.invalid(f"{name} svarade inte inom tidsgränsen.") from None
    except ServiceUnavailable as exc:
        raise errors.unavailable(f"{name} tar inte emot just nu ({type(exc).__name__}).") from None
    if 400 <= response.status < 500:
        raise errors.rejected(f"{name} tog inte emot {what}: {refusal_text(response.json)}")
    receipt = response.json
    if not (200 <= response.status < 300 and isinstance(receipt, dict) and receipt.get("received_at")):
        raise errors.invalid(f"{name} svarade inte med ett kvitto (HTTP {response.status}).")
    return receipt


def refusal_text(body) -> str:
    error = body.get("error") if isinstance(body, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    return str(message)[:300] if message else "mottagaren angav ingen orsak"
