"""How a consumer classifies a failure (STYLE.md, 'Avoid': a consumer that catches every
exception and acks is a silent loss).

Anything a handler raises is *temporary* by default: the message is retried a bounded
number of times, then dead-lettered with the reason. A ``PermanentError`` says retrying
cannot help: the message goes to the dead-letter queue at once.
"""
from __future__ import annotations


class PermanentError(Exception):
    """Raise from a handler when the message can never be handled: dead-letter at once."""


class MalformedMessage(PermanentError, ValueError):
    """The message is not a valid event: bad JSON, a missing envelope field, an unknown
    type or version, or a payload that does not follow its contract schema.

    Also a ``ValueError``, so a producer that builds a bad event with ``make_event`` may
    treat it as ordinary bad input."""
