"""What the recipient received, in SQLite (as the log service simulator keeps its entries).
Each delivery is stored once per ``delivery_id``: a repeat -- the adapter retrying after a lost
answer or a crash -- is answered with the first receipt and only counted (``attempts``)."""
from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import closing
from datetime import datetime

from simulator_index.sqlite_store import SqliteStore

from .deliveries import CERTIFICATE, KINDS, Delivery, Received

SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    receipt_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    last_attempt_at TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (kind, delivery_id)
);
"""
COLUMNS = "kind, delivery_id, receipt_id, received_at, last_attempt_at, attempts, body"


class DeliveryStore(SqliteStore):
    def __init__(self, path: str) -> None:
        super().__init__(path, SCHEMA)

    def receive(self, delivery: Delivery, now: datetime) -> tuple[Received, bool]:
        """The stored delivery and whether this call stored it (False: a repeat, counted)."""
        at = now.isoformat()
        with closing(self._connect()) as connection:
            # IMMEDIATE: take the write lock before reading, so two requests with the same
            # delivery_id cannot both decide it is new.
            connection.execute("BEGIN IMMEDIATE")
            try:
                cursor = connection.execute(
                    "UPDATE deliveries SET attempts = attempts + 1, last_attempt_at = ? "
                    "WHERE kind = ? AND delivery_id = ?", (at, delivery.kind, delivery.delivery_id))
                first = cursor.rowcount == 0
                if first:
                    connection.execute(
                        f"INSERT INTO deliveries ({COLUMNS}) VALUES (?, ?, ?, ?, ?, 1, ?)",
                        (delivery.kind, delivery.delivery_id, str(uuid.uuid4()), at, at,
                         json.dumps(delivery.body, ensure_ascii=False)))
                row = connection.execute(f"SELECT {COLUMNS} FROM deliveries WHERE kind = ? AND delivery_id = ?",
                                         (delivery.kind, delivery.delivery_id)).fetchone()
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return _received(row), first

    def received(self, kind: str, *, newest_first: bool = False, limit: int | None = None) -> list[Received]:
        if kind not in KINDS:
            raise ValueError(kind)
        sql = f"SELECT {COLUMNS} FROM deliveries WHERE kind = ? ORDER BY seq {'DESC' if newest_first else 'ASC'}"
        params: list = [kind]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with closing(self._connect()) as connection:
            return [_received(row) for row in connection.execute(sql, params).fetchall()]

    def certificate(self, certificate_id: str) -> Received | None:
        """The latest delivery of the certificate (FK asks about what it received, issue 7)."""
        with closing(self._connect()) as connection:
            row = connection.execute(
                f"SELECT {COLUMNS} FROM deliveries WHERE kind = ? AND json_extract(body, '$.certificate.id') = ? "
                "ORDER BY seq DESC LIMIT 1", (CERTIFICATE, certificate_id)).fetchone()
        return None if row is None else _received(row)

    def count(self, kind: str) -> int:
        with closing(self._connect()) as connection:
            return connection.execute("SELECT COUNT(*) FROM deliveries WHERE kind = ?", (kind,)).fetchone()[0]


def _received(row: sqlite3.Row) -> Received:
    return Received(kind=row["kind"], delivery_id=row["delivery_id"], receipt_id=row["receipt_id"],
                    received_at=row["received_at"], last_attempt_at=row["last_attempt_at"],
                    attempts=row["attempts"], body=json.loads(row["body"]))
