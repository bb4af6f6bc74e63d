"""SmtpMailer against a real SMTP server (aiosmtpd on a free port): what the unit's mail server
receives, and how each kind of failure is judged -- a refusal for good is a PermanentError
(dead-lettered), anything else makes the notice wait (DependencyUnavailable)."""
from __future__ import annotations

import socket
import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from webcert_messaging.adapters.mailer import MailMessage, MailRejected, MailerUnavailable, SmtpMailer

SENDER = "no-reply@webcert.invalid"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An aiosmtpd handler: keeps what arrives; ``refuse`` answers RCPT TO with that reply."""

    def __init__(self) -> None:
        self.envelopes: list = []
        self.arrived = threading.Event()
        self.refuse: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.arrived.set()
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()                       # returns once the server answers
    try:
        yield inbox, SmtpMailer("127.0.0.1", controller.port, SENDER, timeout=5)
    finally:
        controller.stop()


def notice(to: str = "alfa.vardcentral@example.invalid") -> MailMessage:
    return MailMessage(to=to, subject="Ny fråga från Försäkringskassan: Övrigt",
                       body="Öppna intyget i Webcert:\nhttp://localhost:8000/intyg/abc\n", message_id="event-1")


def test_the_message_arrives_with_its_swedish_words_sender_and_message_id(smtp_server):
    inbox, mailer = smtp_server
    mailer.send(notice())
    assert inbox.arrived.wait(timeout=5)
    [envelope] = inbox.envelopes
    assert envelope.mail_from == SENDER and envelope.rcpt_tos == ["alfa.vardcentral@example.invalid"]
    email = message_from_bytes(envelope.content, policy=policy.default)
    assert email["Subject"] == "Ny fråga från Försäkringskassan: Övrigt"
    assert email["From"] == SENDER and email["To"] == "alfa.vardcentral@example.invalid"
    assert email["Message-ID"] == "<event-1@webcert.invalid>"
    assert email.get_content().splitlines() == ["Öppna intyget i Webcert:", "http://localhost:8000/intyg/abc"]


def test_a_refusal_for_good_is_permanent_and_a_temporary_one_waits(smtp_server):
    inbox, mailer = smtp_server
    inbox.refuse = "550 5.1.1 Mailbox unavailable"
    with pytest.raises(MailRejected, match="550"):
        mailer.send(notice("ingen@example.invalid"))
    inbox.refuse = "451 4.3.0 Try again later"
    with pytest.raises(MailerUnavailable, match="451"):
        mailer.send(notice())
    assert inbox.envelopes == []


def test_no_server_listening_is_unavailable():
    with pytest.raises(MailerUnavailable):
        SmtpMailer("127.0.0.1", free_port(), SENDER, timeout=2).send(notice())
