"""The simulators' SQLite file (log service, recipients): what they received survives a restart of
the process, and a connection per call serves gunicorn's threads (SQLite serialises the writers)."""
from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


class SqliteStore:
    def __init__(self, path: str, schema: str) -> None:
        self._path = path
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(schema)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self._path, timeout=10, isolation_level=None)
        connection.row_factory = sqlite3.Row
        return connection
