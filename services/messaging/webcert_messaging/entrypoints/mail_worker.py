"""The mail worker (QA-7): an InboxConsumer on its own queue ``messaging-mail.events`` that mails
the issuing unit for ``question.received`` and ``question.answer_received``
(service_layer/notifications.py).

- Its own queue, so that a mail server that is down never holds up the certificate events on
  ``messaging.events`` (and the reverse).
- Idempotent through the inbox: an event already handled is acknowledged without a second e-mail.
- One event per transaction (``batch_size=1``): the e-mail goes out before the inbox row commits,
  and a batch rolled back by a later event's failure would send the earlier ones again.
- The mail server or auth not answering is a ``DependencyUnavailable``: the event waits in the
  queue, uncounted, and is tried again with growing pauses -- never lost. An unknown unit or a
  5xx refusal is dead-lettered with the reason.
- At least once: an e-mail sent whose inbox row then fails to commit is sent again (with the same
  Message-ID, so a receiving system may tell)."""
from __future__ import annotations

from dataclasses import dataclass

from webcert_common.bus import Event, InboxConsumer, MessageBus
from webcert_common.clock import Clock
from webcert_common.config import ConfigError, env_bool, env_int, env_str
from webcert_common.service_client import HttpServiceClient, ServiceClient

from ..adapters.mailer import Mailer, SmtpMailer
from ..adapters.units import AuthUnitDirectory, UnitDirectory
from ..config import MessagingConfig
from ..service_layer.notifications import NOTIFIED_TYPES, notify

MAIL_SERVICE = "messaging-mail"
MAIL_TYPES = NOTIFIED_TYPES
DEFAULT_SMTP_HOST = "127.0.0.1"
DEFAULT_SMTP_PORT = 8025               # the local mail sink's
DEFAULT_MAIL_FROM = "no-reply@webcert.invalid"
DEFAULT_PUBLIC_URL = "http://localhost:8000"


@dataclass(frozen=True)
class MailConfig:
    """SMTP_HOST, SMTP_PORT, MAIL_FROM, SMTP_STARTTLS, and PUBLIC_URL: where the reader of the e-mail
    reaches Webcert (the gateway's address as the browser sees it)."""
    smtp_host: str = DEFAULT_SMTP_HOST
    smtp_port: int = DEFAULT_SMTP_PORT
    mail_from: str = DEFAULT_MAIL_FROM
    public_url: str = DEFAULT_PUBLIC_URL
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = 10.0
    environment: str = "development"

    @classmethod
    def from_env(cls) -> "MailConfig":
        config = cls(smtp_host=env_str("SMTP_HOST", DEFAULT_SMTP_HOST),
                     smtp_port=env_int("SMTP_PORT", DEFAULT_SMTP_PORT),
                     mail_from=env_str("MAIL_FROM", DEFAULT_MAIL_FROM),
                     public_url=env_str("PUBLIC_URL", DEFAULT_PUBLIC_URL),
                     smtp_starttls=env_bool("SMTP_STARTTLS", False),
                     environment=env_str("WEBCERT_ENV", "development"))
        config.check()
        return config

    def check(self) -> None:
        if not self.public_url.startswith(("http://", "https://")):
            raise ConfigError(f"PUBLIC_URL must be an http(s) URL, got {self.public_url!r}")
        # Development defaults must not reach production (STYLE.md "Avoid"): links to localhost,
        # mail from an address no one owns.
        if self.environment == "production" and (self.public_url == DEFAULT_PUBLIC_URL
                                                  or self.mail_from == DEFAULT_MAIL_FROM):
            raise ConfigError("PUBLIC_URL and MAIL_FROM must be set in production")


def smtp_mailer(config: MailConfig) -> SmtpMailer:
    return SmtpMailer(config.smtp_host, config.smtp_port, config.mail_from,
                      timeout=config.smtp_timeout_seconds, starttls=config.smtp_starttls)


def mail_handlers(config: MailConfig, mailer: Mailer, units: UnitDirectory) -> dict:
    def handler(event: Event, _connection) -> None:   # changes no table: the inbox row is the record
        notify(event, units=units, mailer=mailer, public_url=config.public_url)

    return {event_type: handler for event_type in MAIL_TYPES}


def build_mail_workers(config: MailConfig, engine, bus: MessageBus, mailer: Mailer, units: UnitDirectory, *,
                       clock: Clock | None = None) -> list:
    # before anything is published, so that no question event is routed nowhere
    bus.declare_consumer_queue(MAIL_SERVICE, MAIL_TYPES)
    return [InboxConsumer(engine, bus, service=MAIL_SERVICE, handlers=mail_handlers(config, mailer, units),
                          clock=clock, batch_size=1)]


def mail_workers_from_env(messaging_config: MessagingConfig, engine, bus: MessageBus, *,
                          auth_client: ServiceClient | None = None, clock: Clock | None = None) -> list:
    """The real wiring: SMTP from MailConfig.from_env(), auth at AUTH_URL (or ``auth_client``:
    in-process when embedded)."""
    config = MailConfig.from_env()
    auth = auth_client or HttpServiceClient(messaging_config.auth_url,
                                            timeout=messaging_config.service_timeout_seconds)
    return build_mail_workers(config, engine, bus, smtp_mailer(config), AuthUnitDirectory(auth), clock=clock)
