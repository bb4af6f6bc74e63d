"""Structured JSON logging (structlog) with the service name and the correlation id on
every line.

Ordinary logs must never carry a personnummer (DEVELOPERS.md): as a last line of defence
anything that looks like one is masked before a line is written. The PDL audit trail,
which must name the patient, is a separate store, not these logs.
"""
from __future__ import annotations

import logging
import re
import sys

import structlog

from . import correlation

# 12 or 10 digits, with or without separator: 19121212-1212, 191212121212, 121212-1212, 121212+1212.
# Not inside a longer word (HSA ids such as TSTNMT2321000156-1001 stay readable).
_PERSONNUMMER = re.compile(r"(?<![\w-])(\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})(?![\w-])")


def _plausible(match: re.Match) -> bool:
    month, day = int(match.group(3)), int(match.group(4))
    # samordningsnummer carry day + 60
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


def mask_personnummer(text: str) -> str:
    return _PERSONNUMMER.sub(lambda m: "<personnummer>" if _plausible(m) else m.group(0), text)


def _mask(_logger, _name, event_dict):
    for key, value in list(event_dict.items()):
        if isinstance(value, str):
            event_dict[key] = mask_personnummer(value)
    return event_dict


def _add_correlation_id(_logger, _name, event_dict):
    cid = correlation.get()
    if cid and "correlation_id" not in event_dict:
        event_dict["correlation_id"] = cid
    return event_dict


def configure_logging(service_name: str, level: str = "INFO", stream=None) -> None:
    """Route both structlog and the standard library's logging through one JSON renderer."""
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_correlation_id,
        lambda _l, _n, ed: {**ed, "service": ed.get("service", service_name)},
    ]
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, _mask, structlog.processors.JSONRenderer(ensure_ascii=False)],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=stream or sys.stderr),
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, _mask,
                        structlog.processors.JSONRenderer(ensure_ascii=False)],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("amqp", "kombu", "pika", "urllib3", "werkzeug"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


def get_logger(name: str | None = None):
    return structlog.get_logger(name)
