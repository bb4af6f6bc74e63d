"""The mail sink: the units' mail server in development and demo. It takes every e-mail Webcert
sends (QA-7: FK's questions and answers, to the issuing unit) over SMTP (aiosmtpd), keeps it in
SQLite and lists it on its operator page "E-post"; nothing is passed on
(docs/ARCHITECTURE.md "Mail (QA-7)").

Two parts over one store: ``start_smtp(host, port, store)`` starts the SMTP listener on a thread
of its own and returns its controller (``.stop()``); ``create_app(store=...)`` is the page and
``GET /messages``. ``python -m mail_sink`` runs the listener alone (the distributed form, beside
``gunicorn 'mail_sink:create_app()'`` on the same SQLite file)."""
from .app import create_app
from .config import MailSinkConfig
from .smtp import start_smtp
from .store import MessageStore, StoredMessage

__all__ = ["create_app", "start_smtp", "MailSinkConfig", "MessageStore", "StoredMessage"]
