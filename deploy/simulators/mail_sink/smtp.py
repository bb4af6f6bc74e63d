"""The SMTP side: an aiosmtpd handler that keeps every message it is given, and the controller
that runs it on a thread of its own (``start_smtp``), for the runners and the tests."""
from __future__ import annotations

import signal
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from webcert_common.clock import Clock, SystemClock

from .config import MailSinkConfig
from .store import MessageStore

MAX_MESSAGE_BYTES = 1024 * 1024      # Webcert's notices are a few hundred bytes


class SinkHandler:
    """aiosmtpd calls ``handle_DATA`` once per message; the 250 is answered only after the
    message is stored, so a sender that got its 250 can find it on the page."""

    def __init__(self, store: MessageStore, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or SystemClock()

    async def handle_DATA(self, server, session, envelope) -> str:
        email = message_from_bytes(envelope.content, policy=policy.default)
        self.store.add(envelope.mail_from or "", list(envelope.rcpt_tos), str(email.get("Subject", "")),
                       plain_text(email), self.clock.now(), email.get("Message-ID"))
        return "250 Message accepted for delivery"


def plain_text(email: EmailMessage) -> str:
    """The text/plain body with plain line ends ('' when there is none: the page shows text only)."""
    part = email.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    return part.get_content().replace("\r\n", "\n")


def start_smtp(host: str, port: int, store: MessageStore, *, clock: Clock | None = None) -> Controller:
    """Start listening; returns once the server answers. ``controller.stop()`` stops it."""
    controller = Controller(SinkHandler(store, clock), hostname=host, port=port, data_size_limit=MAX_MESSAGE_BYTES)
    controller.start()
    return controller


def main() -> None:
    """``python -m mail_sink``: the SMTP listener alone, until SIGTERM or Ctrl-C."""
    config = MailSinkConfig.from_env()
    controller = start_smtp(config.smtp_host, config.smtp_port, MessageStore(config.database_path))
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    print(f"E-postmottagaren tar emot SMTP på {config.smtp_host}:{config.smtp_port}", flush=True)
    try:
        stop.wait()
    finally:
        controller.stop()
