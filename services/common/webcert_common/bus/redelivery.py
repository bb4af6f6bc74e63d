"""What happens to a message that could not be handled: retried a bounded number of times
(temporary error) or moved to the service's dead-letter queue (permanent error, or retries
used up). Never acknowledged and dropped: the copy is published (and confirmed on amqp)
before the original is acknowledged.

The retry count travels in a header that the consumer increments when it republishes, so
the bound works the same on memory://, which has no x-death bookkeeping.
"""
from __future__ import annotations

HEADER_RETRY_COUNT = "x-webcert-retry-count"
HEADER_REASON = "x-webcert-reason"
HEADER_ROUTING_KEY = "x-webcert-routing-key"   # the event's own routing key, kept across retries
HEADER_QUEUE = "x-webcert-queue"              # the work queue the dead letter came from
_MAX_REASON = 500


def retry_count(message) -> int:
    value = (message.headers or {}).get(HEADER_RETRY_COUNT, 0)
    return value if isinstance(value, int) and value >= 0 else 0


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:_MAX_REASON]


def _original_headers(message) -> dict:
    headers = dict(message.headers or {})
    headers.setdefault(HEADER_ROUTING_KEY, (message.delivery_info or {}).get("routing_key", ""))
    return headers


def retry_headers(message) -> dict:
    headers = _original_headers(message)
    headers[HEADER_RETRY_COUNT] = retry_count(message) + 1
    return headers


def dead_letter_headers(message, reason: str, queue: str) -> dict:
    headers = _original_headers(message)
    headers[HEADER_RETRY_COUNT] = retry_count(message)
    headers[HEADER_REASON] = reason
    headers[HEADER_QUEUE] = queue
    return headers
