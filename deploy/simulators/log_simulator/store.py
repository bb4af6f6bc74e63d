"""The entries, append-only, in SQLite. Triggers refuse UPDATE and DELETE, so not even a
bug in this code can change the trail; a batch is stored in one transaction (all or
nothing); an entry_id already stored is counted, not stored again (idempotent)."""
from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime

from simulator_index.sqlite_store import SqliteStore

from .entries import FIELDS, Entry

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id TEXT NOT NULL UNIQUE,
    received_at TEXT NOT NULL,
    time TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL, unit_id TEXT NOT NULL,
    care_unit_id TEXT NOT NULL, care_provider_id TEXT NOT NULL, action TEXT NOT NULL,
    outcome TEXT NOT NULL, reason TEXT, patient_id TEXT NOT NULL, certificate_id TEXT,
    purpose TEXT NOT NULL, canonical TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_patient ON entries (patient_id, time);
CREATE INDEX IF NOT EXISTS entries_time ON entries (time);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'PDL entries are append-only: update refused'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'PDL entries are append-only: delete refused'); END;
"""
COLUMNS = ", ".join(FIELDS)


class EntryConflict(ValueError):
    """An entry_id already stored with other content: the trail is never rewritten."""


@dataclass(frozen=True)
class StoreResult:
    received: int
    stored: int
    already_stored: int

    def to_json(self) -> dict:
        return {"received": self.received, "stored": self.stored, "already_stored": self.already_stored}


class EntryStore(SqliteStore):
    def __init__(self, path: str) -> None:
        super().__init__(path, SCHEMA)

    def add(self, entries: list[Entry], received_at: datetime) -> StoreResult:
        stored = already = 0
        with closing(self._connect()) as connection:
            # IMMEDIATE: take the write lock before reading, so two requests with the same
            # entry_id cannot both decide it is new.
            connection.execute("BEGIN IMMEDIATE")
            try:
                for entry in entries:
                    row = connection.execute("SELECT canonical FROM entries WHERE entry_id = ?",
                                             (entry.entry_id,)).fetchone()
                    if row is not None:
                        if row["canonical"] != entry.canonical():
                            raise EntryConflict(entry.entry_id)
                        already += 1
                        continue
                    connection.execute(
                        f"INSERT INTO entries (received_at, canonical, {COLUMNS}) VALUES (?, ?, "
                        + ", ".join("?" for _ in FIELDS) + ")",
                        (received_at.isoformat(), entry.canonical(), *(getattr(entry, f) for f in FIELDS)))
                    stored += 1
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return StoreResult(len(entries), stored, already)

    def search(self, patient_id: str | None = None, limit: int | None = None) -> list[Entry]:
        """Newest first; every patient's when ``patient_id`` is None."""
        sql = f"SELECT {COLUMNS} FROM entries"
        params: list = []
        if patient_id is not None:
            sql += " WHERE patient_id = ?"
            params.append(patient_id)
        sql += " ORDER BY time DESC, seq DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with closing(self._connect()) as connection:
            rows = connection.execute(sql, params).fetchall()
        return [Entry(**{name: row[name] for name in FIELDS}) for row in rows]

    def count(self) -> int:
        with closing(self._connect()) as connection:
            return connection.execute("SELECT COUNT(*) FROM entries").fetchone()[0]

    def connect_raw(self) -> sqlite3.Connection:
        """A plain connection, for tests that try to change the trail behind the API's back."""
        return self._connect()
