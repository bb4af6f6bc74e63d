"""E-mail to the units (QA-7), behind one interface: ``SmtpMailer`` hands a message to an SMTP
server with ``smtplib`` (in this project the mail sink, deploy/simulators/mail_sink); ``FakeMailer``
collects messages for tests.

How a failure is judged decides what the mail worker's queue does with the event
(webcert_common.bus):
- no connection, a timeout, a dropped connection or a 4xx ("try later"): ``MailerUnavailable``
  (a ``DependencyUnavailable``): the event waits in its queue and is tried again, never lost;
- a 5xx refusal (an address the server will never take): ``MailRejected`` (a ``PermanentError``):
  dead-lettered at once with the server's reason."""
from __future__ import annotations

import smtplib
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Protocol

from webcert_common.bus import DependencyUnavailable, PermanentError

MAIL_DOMAIN = "webcert.invalid"     # the right-hand side of our Message-IDs


class MailerUnavailable(DependencyUnavailable):
    """The mail server does not take messages now: the notice waits and is tried again."""


class MailRejected(PermanentError):
    """The mail server refused the message for good."""


@dataclass(frozen=True)
class MailMessage:
    to: str
    subject: str
    body: str
    message_id: str        # stable per event: a resend after a crash carries the same Message-ID


class Mailer(Protocol):
    def send(self, message: MailMessage) -> None:
        """Hand the message over, or raise ``MailerUnavailable`` / ``MailRejected``."""


def as_email(message: MailMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False, usegmt=True)
    email["Message-ID"] = f"<{message.message_id}@{MAIL_DOMAIN}>"
    email.set_content(message.body)          # UTF-8 plain text: the Swedish letters survive
    return email


class SmtpMailer:
    def __init__(self, host: str, port: int, sender: str, *, timeout: float = 10.0, starttls: bool = False) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.timeout = timeout
        self.starttls = starttls

    def send(self, message: MailMessage) -> None:
        email = as_email(message, self.sender)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _text in exc.recipients.values()]
            raise _judged(min(codes, default=550), f"mottagaren avvisades: {_texts(exc.recipients)}") from None
        except smtplib.SMTPResponseException as exc:
            raise _judged(exc.smtp_code, _decoded(exc.smtp_error)) from None
        except (smtplib.SMTPException, OSError) as exc:   # refused, timed out, dropped
            raise MailerUnavailable(f"e-postservern {self.host}:{self.port} svarar inte ({type(exc).__name__})") \
                from None


def _judged(code: int, text: str) -> Exception:
    if 500 <= code < 600:
        return MailRejected(f"e-postservern avvisade meddelandet ({code}): {text}"[:300])
    return MailerUnavailable(f"e-postservern tar inte emot just nu ({code}): {text}"[:300])


def _decoded(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _texts(recipients: dict) -> str:
    return "; ".join(f"{code} {_decoded(text)}" for code, text in recipients.values())


class FakeMailer:
    """Collects what is sent; ``down`` makes it answer as an unreachable server would."""

    def __init__(self) -> None:
        self.sent: list[MailMessage] = []
        self.attempts = 0
        self.down = False
        self._lock = threading.Lock()

    def send(self, message: MailMessage) -> None:
        with self._lock:
            self.attempts += 1
            if self.down:
                raise MailerUnavailable("e-postservern svarar inte (fake)")
            self.sent.append(message)
