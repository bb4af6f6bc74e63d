"""The PU lock (PU-3, §5.8 "Otillgänglig PU-tjänst", INT-2): what the gateway knows about
the PU service's availability, in one ``pu_state`` row of the gateway's database.

The gateway worker keeps the row up to date from pu-lookup's ``pu.unavailable`` /
``pu.available`` events, and asks ``GET /status`` when it starts (a gateway that starts
while PU is down must learn it). Every gateway process reads the row for the banner and
the 503 lock, so locking reaches every process as soon as the worker has written it.

Facts may arrive in any order (status answer, redelivered or late events): only the
newest ``changed_at`` is kept. When the row cannot be read the gateway is locked (fail
closed: the lock exists to keep skyddade personuppgifter from being shown by mistake).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from webcert_common.bus import Event, PermanentError, contracts
from webcert_common.logging import get_logger

from .security_events import metadata

log = get_logger(__name__)

ROW_ID = 1


def pu_state_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("available", sa.Boolean, nullable=False),
        # null: nothing heard yet (the seeded row); any real fact is newer
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source", sa.String(40), nullable=False),
    ]


pu_state = sa.Table("pu_state", metadata, *pu_state_columns())


# -- the rule (plain Python) -----------------------------------------------------

@dataclass(frozen=True)
class PuState:
    available: bool
    changed_at: datetime | None
    source: str = "initial"       # initial | status | pu.available | pu.unavailable | unreadable

    @property
    def locked(self) -> bool:
        return not self.available


INITIAL = PuState(available=True, changed_at=None, source="initial")
UNREADABLE = PuState(available=False, changed_at=None, source="unreadable")


def is_newer(incoming: PuState, current: PuState | None) -> bool:
    """Keep only the newest fact. Equal times are the same fact told twice: no change."""
    if current is None or current.changed_at is None:
        return True
    if incoming.changed_at is None:
        return False
    return incoming.changed_at > current.changed_at


def parse_changed_at(value) -> datetime:
    """``changed_at`` from an event or a status answer: ISO 8601 with a time zone."""
    if not isinstance(value, str):
        raise ValueError("changed_at saknas")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("changed_at saknar tidszon")
    return parsed.astimezone(timezone.utc)


# -- storage -----------------------------------------------------------------------

def _from_row(row) -> PuState:
    changed_at = row.changed_at
    if changed_at is not None and changed_at.tzinfo is None:   # SQLite gives naive UTC back
        changed_at = changed_at.replace(tzinfo=timezone.utc)
    return PuState(available=bool(row.available), changed_at=changed_at, source=row.source)


def load(conn: Connection, *, for_update: bool = False) -> PuState | None:
    query = sa.select(pu_state).where(pu_state.c.id == ROW_ID)
    if for_update and conn.dialect.name == "postgresql":
        query = query.with_for_update()     # two writers (status at start, an event) keep the newest
    row = conn.execute(query).first()
    return _from_row(row) if row is not None else None


def store(conn: Connection, incoming: PuState) -> bool:
    """Write ``incoming`` unless a newer fact is already stored; True when it was written."""
    current = load(conn, for_update=True)
    if not is_newer(incoming, current):
        return False
    values = {"available": incoming.available, "changed_at": incoming.changed_at, "source": incoming.source}
    if current is None:
        conn.execute(pu_state.insert().values(id=ROW_ID, **values))
    else:
        conn.execute(pu_state.update().where(pu_state.c.id == ROW_ID).values(**values))
    log.info("pu_state_changed", available=incoming.available, source=incoming.source,
             changed_at=incoming.changed_at.isoformat() if incoming.changed_at else None)
    return True


def read(engine: Engine) -> PuState:
    """What every page asks. Fail closed: an unreadable or missing row means locked."""
    try:
        with engine.connect() as conn:
            state = load(conn)
    except Exception as exc:  # the database is away: lock rather than risk showing protected data
        log.warning("pu_state_unreadable", error_type=type(exc).__name__)
        return UNREADABLE
    return state if state is not None else UNREADABLE


# -- the consumer's handlers --------------------------------------------------------

HANDLED_TYPES = (contracts.PU_UNAVAILABLE, contracts.PU_AVAILABLE)


def record_event(event: Event, connection: Connection) -> None:
    try:
        changed_at = parse_changed_at(event.payload.get("changed_at"))
    except ValueError as exc:
        raise PermanentError(f"{event.type}: {exc}") from None
    store(connection, PuState(available=event.type == contracts.PU_AVAILABLE, changed_at=changed_at,
                              source=event.type))


def handlers() -> dict:
    return {event_type: record_event for event_type in HANDLED_TYPES}


def record_status(engine: Engine, status: dict) -> bool:
    """Store pu-lookup's ``GET /status`` answer ``{"available": bool, "changed_at": iso}``."""
    available = status.get("available") if isinstance(status, dict) else None
    if not isinstance(available, bool):
        raise ValueError("svaret från pu-lookup saknar available")
    state = PuState(available=available, changed_at=parse_changed_at(status.get("changed_at")), source="status")
    with engine.begin() as conn:
        return store(conn, state)
