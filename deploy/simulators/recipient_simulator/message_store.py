"""FK's ärendekommunikation in the simulator's SQLite file, beside the deliveries: what Webcert sent
(stored once per ``message_id``; a repeat is answered with the first receipt and counted), and what
FK sent Webcert from the operator page (once Webcert took it in)."""
from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime

from simulator_index.sqlite_store import SqliteStore

from .messages import ANSWER, QUESTION, Message

SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    direction TEXT NOT NULL,              -- received (from Webcert) | sent (to Webcert)
    message_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    certificate_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    subject TEXT,
    text TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (direction, message_id)
);
"""
COLUMNS = "message_id, kind, certificate_id, question_id, subject, text, sent_at, received_at, attempts, body"
RECEIVED, SENT = "received", "sent"


class MessageStore(SqliteStore):
    def __init__(self, path: str) -> None:
        super().__init__(path, SCHEMA)

    def receive(self, message: Message, now: datetime) -> tuple[Message, bool]:
        """The stored message and whether this call stored it (False: a repeat, counted)."""
        with closing(self._connect()) as connection:
            connection.execute("BEGIN IMMEDIATE")    # two repeats at once cannot both be "new"
            try:
                cursor = connection.execute("UPDATE messages SET attempts = attempts + 1 WHERE direction = ? "
                                            "AND message_id = ?", (RECEIVED, message.message_id))
                first = cursor.rowcount == 0
                if first:
                    self._insert(connection, RECEIVED, message, now)
                row = connection.execute(f"SELECT {COLUMNS} FROM messages WHERE direction = ? AND message_id = ?",
                                         (RECEIVED, message.message_id)).fetchone()
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return _message(row), first

    def record_sent(self, webcert_message_id: str, body: dict, now: datetime) -> None:
        """FK's question or answer, once Webcert answered 202 with its ``message_id``."""
        question_id = body["id"] if body["kind"] == QUESTION else body["question_id"]
        message = Message(webcert_message_id, body["kind"], body.get("certificate_id") or "", question_id,
                          body.get("subject"), body["text"], body["sent_at"], body)
        with closing(self._connect()) as connection:
            self._insert(connection, SENT, message, now)

    def _insert(self, connection: sqlite3.Connection, direction: str, m: Message, now: datetime) -> None:
        connection.execute(f"INSERT INTO messages (direction, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
                           (direction, m.message_id, m.kind, m.certificate_id, m.question_id, m.subject, m.text,
                            m.sent_at, now.isoformat(), json.dumps(m.body, ensure_ascii=False)))

    def messages(self, direction: str, kind: str | None = None, *, certificate_id: str | None = None,
                 newest_first: bool = False) -> list[Message]:
        sql, params = f"SELECT {COLUMNS} FROM messages WHERE direction = ?", [direction]
        if kind is not None:
            sql, params = sql + " AND kind = ?", params + [kind]
        if certificate_id is not None:
            sql, params = sql + " AND certificate_id = ?", params + [certificate_id]
        sql += f" ORDER BY seq {'DESC' if newest_first else 'ASC'}"
        with closing(self._connect()) as connection:
            return [_message(row) for row in connection.execute(sql, params).fetchall()]

    def fk_answers(self) -> dict[str, Message]:
        """FK's answers sent, by the unit's question they answer."""
        return {m.question_id: m for m in self.messages(SENT, ANSWER)}

    def received_question(self, message_id: str) -> Message | None:
        with closing(self._connect()) as connection:
            row = connection.execute(f"SELECT {COLUMNS} FROM messages WHERE direction = ? AND kind = ? "
                                     "AND message_id = ?", (RECEIVED, QUESTION, message_id)).fetchone()
        return None if row is None else _message(row)


def _message(row: sqlite3.Row) -> Message:
    return Message(message_id=row["message_id"], kind=row["kind"], certificate_id=row["certificate_id"],
                   question_id=row["question_id"], subject=row["subject"], text=row["text"], sent_at=row["sent_at"],
                   body=json.loads(row["body"]), received_at=row["received_at"], attempts=row["attempts"])
