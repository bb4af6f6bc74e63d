"""The mail sink: a real SMTP conversation (smtplib against start_smtp on a free port) stores each
message; "E-post" lists them newest first in Swedish; GET /messages gives them to tests; a sink
mounted under a prefix keeps its links under it."""
from __future__ import annotations

import re
import smtplib
import socket
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

import pytest
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client

from mail_sink import MailSinkConfig, MessageStore, create_app, start_smtp
from webcert_common.clock import FakeClock
from webcert_common.config import ConfigError

PREFIX = "/simulatorer/e-post"
T0 = datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def config(tmp_path) -> MailSinkConfig:
    return MailSinkConfig(database_path=str(tmp_path / "mail.sqlite3"), smtp_port=free_port())


@pytest.fixture
def store(config) -> MessageStore:
    return MessageStore(config.database_path)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def smtp(config, store, clock):
    controller = start_smtp(config.smtp_host, config.smtp_port, store, clock=clock)
    try:
        yield controller
    finally:
        controller.stop()


def send(config: MailSinkConfig, to: str, subject: str, body: str, message_id: str | None = None) -> None:
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = "no-reply@webcert.invalid", to, subject
    if message_id:
        email["Message-ID"] = message_id
    email.set_content(body)
    with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=5) as client:
        client.send_message(email)


def test_each_message_sent_over_smtp_is_stored_with_its_swedish_words(config, store, smtp):
    send(config, "alfa.vardcentral@example.invalid", "Ny fråga från Försäkringskassan: Övrigt",
         "Öppna intyget:\nhttp://localhost:8000/intyg/abc\n", "<e1@webcert.invalid>")
    # the server answers 250 only once the message is stored: no waiting needed after send
    [message] = store.messages()
    assert (message.mail_to, message.mail_from, message.subject) == \
        ("alfa.vardcentral@example.invalid", "no-reply@webcert.invalid", "Ny fråga från Försäkringskassan: Övrigt")
    assert message.body == "Öppna intyget:\nhttp://localhost:8000/intyg/abc\n"
    assert message.received_at == T0.isoformat() and message.message_id == "<e1@webcert.invalid>"


def test_get_messages_lists_them_newest_first(config, store, smtp, clock):
    send(config, "alfa.vardcentral@example.invalid", "Första", "ett")
    clock.advance(timedelta(minutes=1))
    send(config, "alfa.akut@example.invalid", "Andra", "två")
    body = create_app(config, store=store).test_client().get("/messages").get_json()
    assert body["count"] == 2
    assert [(m["to"], m["subject"], m["body"]) for m in body["messages"]] == [
        ("alfa.akut@example.invalid", "Andra", "två\n"), ("alfa.vardcentral@example.invalid", "Första", "ett\n")]
    assert body["messages"][0]["received_at"] == (T0 + timedelta(minutes=1)).isoformat()
    assert body["messages"][0]["from"] == "no-reply@webcert.invalid"


def test_the_page_e_post_shows_to_subject_and_body_newest_first(config, store):
    store.add("no-reply@webcert.invalid", ["alfa.vardcentral@example.invalid"],
              "Ny fråga från Försäkringskassan: Kontakt", "Öppna intyget:\nhttp://localhost:8000/intyg/abc\n", T0)
    store.add("no-reply@webcert.invalid", ["alfa.akut@example.invalid"], "Svar från Försäkringskassan: Övrigt",
              "<b>inte fetstil</b>", T0 + timedelta(minutes=5))
    page = create_app(config, store=store).test_client().get("/").get_data(as_text=True)
    assert "E-post (simulerad)" in page and "2 meddelanden totalt." in page
    rows = re.findall(r'<tr data-testid="mail-message">(.*?)</tr>', page, re.S)
    assert "alfa.akut@example.invalid" in rows[0] and "Svar från Försäkringskassan: Övrigt" in rows[0]
    assert "&lt;b&gt;inte fetstil&lt;/b&gt;" in rows[0] and "<b>" not in rows[0]        # text, never markup
    assert "2026-11-26 09:05" in rows[0]                                                 # Swedish time
    assert "Ny fråga från Försäkringskassan: Kontakt" in rows[1]
    assert 'href="http://localhost:8000/intyg/abc"' in rows[1]                            # the link is clickable


def test_an_empty_sink_says_so(config, store):
    page = create_app(config, store=store).test_client().get("/").get_data(as_text=True)
    assert "Inga e-postmeddelanden har tagits emot." in page and "0 meddelanden totalt." in page


def test_mounted_under_a_prefix_its_links_stay_under_it(config, store):
    app = create_app(config, store=store)
    client = Client(DispatcherMiddleware(lambda env, start: start("404 Not Found", []) or [b""], {PREFIX: app}))
    page = client.get(f"{PREFIX}/").get_data(as_text=True)
    own = [u for u in re.findall(r'(?:href|src)="([^"]*)"', page) if not u.startswith(("/static/", "#"))]
    assert own and all(u.startswith(PREFIX + "/") for u in own), own
    assert client.get(f"{PREFIX}/messages").get_json() == {"count": 0, "messages": []}


def test_messages_survive_a_restart_of_the_sink(config, store, clock):
    controller = start_smtp(config.smtp_host, config.smtp_port, store, clock=clock)
    try:
        send(config, "gamma.klinik@example.invalid", "Ny fråga från Försäkringskassan: Påminnelse", "text")
    finally:
        controller.stop()
    assert [m.subject for m in MessageStore(config.database_path).messages()] == \
        ["Ny fråga från Försäkringskassan: Påminnelse"]


def test_configuration_from_the_environment_and_never_in_production(monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SMTP_PORT", "2525")
    config = MailSinkConfig.from_env()
    assert config.database_path == str(tmp_path / "mail-sink.sqlite3")
    assert (config.smtp_host, config.smtp_port) == ("127.0.0.1", 2525)
    monkeypatch.setenv("MAIL_SINK_SMTP_PORT", "2626")
    assert MailSinkConfig.from_env().smtp_port == 2626
    monkeypatch.setenv("WEBCERT_ENV", "production")
    with pytest.raises(ConfigError):
        MailSinkConfig.from_env()
