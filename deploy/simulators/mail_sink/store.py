"""The messages the sink received, in SQLite (the simulators' shared SqliteStore): they survive a
restart, and the SMTP listener and the page may be two processes on one file."""
from __future__ import annotations

from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import datetime

from simulator_index.sqlite_store import SqliteStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at TEXT NOT NULL,
    mail_from TEXT NOT NULL,
    mail_to TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    message_id TEXT
);
"""
COLUMNS = "received_at, mail_from, mail_to, subject, body, message_id"


@dataclass(frozen=True)
class StoredMessage:
    received_at: str       # ISO, UTC
    mail_from: str
    mail_to: str           # the envelope's recipients, comma-separated
    subject: str
    body: str
    message_id: str | None = None

    def to_json(self) -> dict:
        data = asdict(self)
        return {"received_at": data["received_at"], "from": data["mail_from"], "to": data["mail_to"],
                "subject": data["subject"], "body": data["body"], "message_id": data["message_id"]}


class MessageStore(SqliteStore):
    def __init__(self, path: str) -> None:
        super().__init__(path, SCHEMA)

    def add(self, mail_from: str, mail_to: list[str], subject: str, body: str, received_at: datetime,
            message_id: str | None = None) -> StoredMessage:
        message = StoredMessage(received_at.isoformat(), mail_from, ", ".join(mail_to), subject, body, message_id)
        with closing(self._connect()) as connection:
            connection.execute(f"INSERT INTO messages ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                               (message.received_at, message.mail_from, message.mail_to, message.subject,
                                message.body, message.message_id))
        return message

    def messages(self, limit: int | None = None) -> list[StoredMessage]:
        """Newest first (the order of arrival: two may share a second)."""
        sql = f"SELECT {COLUMNS} FROM messages ORDER BY seq DESC"
        params: tuple = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        with closing(self._connect()) as connection:
            return [StoredMessage(*row) for row in connection.execute(sql, params).fetchall()]

    def count(self) -> int:
        with closing(self._connect()) as connection:
            return connection.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
