"""The event envelope (docs/ARCHITECTURE.md, 'Events'): id, type, version, time,
correlation_id, producer, payload. JSON on the wire, routing key = type."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .. import correlation
from ..clock import Clock, SystemClock
from .contracts import validate_payload
from .errors import MalformedMessage

_TEXT_FIELDS = ("id", "type", "correlation_id", "producer")


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    version: int
    time: datetime
    correlation_id: str
    producer: str
    payload: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({
            "id": self.id,
            "type": self.type,
            "version": self.version,
            "time": self.time.astimezone(timezone.utc).isoformat(),
            "correlation_id": self.correlation_id,
            "producer": self.producer,
            "payload": self.payload,
        }, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str | bytes) -> "Event":
        """Parse the envelope; raise ``MalformedMessage`` for anything that is not one.
        The payload is checked against its contract separately (``validate_payload``)."""
        data = _load(raw)
        for name in _TEXT_FIELDS:
            if not isinstance(data.get(name), str) or not data[name]:
                raise MalformedMessage(f"fältet {name!r} saknas eller är inte text")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise MalformedMessage("fältet 'version' ska vara ett positivt heltal")
        if not isinstance(data.get("payload"), dict):
            raise MalformedMessage("fältet 'payload' ska vara ett objekt")
        return cls(id=data["id"], type=data["type"], version=version, time=_parse_time(data.get("time")),
                   correlation_id=data["correlation_id"], producer=data["producer"], payload=data["payload"])


def _load(raw: str | bytes) -> dict:
    try:
        text = raw.decode("utf-8") if isinstance(raw, (bytes, bytearray, memoryview)) else raw
        data = json.loads(text)
    except (UnicodeDecodeError, ValueError, TypeError, AttributeError) as exc:
        raise MalformedMessage(f"meddelandet är inte JSON: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise MalformedMessage("meddelandet är inte ett JSON-objekt")
    return data


def _parse_time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise MalformedMessage("fältet 'time' saknas eller är inte text")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise MalformedMessage("fältet 'time' är inte en ISO 8601-tidpunkt") from None
    if parsed.tzinfo is None:
        raise MalformedMessage("fältet 'time' saknar tidszon")
    return parsed.astimezone(timezone.utc)


def make_event(type: str, payload: dict, producer: str, version: int = 1, *,  # noqa: A002 - the envelope's word
               clock: Clock | None = None) -> Event:
    """A new event, its payload checked against the contract (raises ``MalformedMessage``,
    which is also a ``ValueError``). The correlation id is the current one."""
    if not producer:
        raise ValueError("producer must be named")
    validate_payload(type, version, payload)
    return Event(
        id=str(uuid.uuid4()),
        type=type,
        version=version,
        time=(clock or SystemClock()).now().astimezone(timezone.utc),
        correlation_id=correlation.get_or_new(),
        producer=producer,
        payload=dict(payload),
    )
