"""How a consumer classifies a failure (STYLE.md, 'Avoid': a consumer that catches every
exception and acks is a silent loss).

Anything a handler raises is *temporary* by default: the message is retried a bounded
number of times, then dead-lettered with the reason. A ``PermanentError`` says retrying
cannot help: the message goes to the dead-letter queue at once. A
``DependencyUnavailable`` says the message is fine but an outside system the handler needs
is down: nothing is counted or dead-lettered, the message waits in its queue.
"""
from __future__ import annotations


class PermanentError(Exception):
    """Raise from a handler when the message can never be handled: dead-letter at once."""


class MalformedMessage(PermanentError, ValueError):
    """The message is not a valid event: bad JSON, a missing envelope field, an unknown
    type or version, or a payload that does not follow its contract schema.

    Also a ``ValueError``, so a producer that builds a bad event with ``make_event`` may
    treat it as ordinary bad input."""


class DependencyUnavailable(Exception):
    """Raise from a handler when an outside system it needs (the national log service, say)
    does not answer. The message is not at fault: it stays unacknowledged in its queue, is
    neither counted as a retry nor dead-lettered, and the consumer pauses -- longer each time,
    up to a limit -- before it tries again. For deliveries that must never be given up, such
    as the PDL audit trail."""
