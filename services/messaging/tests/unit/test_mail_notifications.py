"""QA-7: the e-mail to the issuing unit for FK's question and FK's answer -- its address, its Swedish
words, the link, and nothing about the patient. The fakes stand in for auth and the mail server."""
from __future__ import annotations

import uuid

import pytest

from webcert_common.bus import DependencyUnavailable, PermanentError, contracts, make_event
from webcert_common.config import ConfigError
from webcert_messaging.adapters.mailer import FakeMailer
from webcert_messaging.adapters.units import InMemoryUnitDirectory, UnitAddress
from webcert_messaging.entrypoints.mail_worker import MailConfig, mail_handlers
from webcert_messaging.service_layer.notifications import certificate_link, compose, notify

VE11, VE11_M1, VG01 = "TSTNMT2321000156-VE11", "TSTNMT2321000156-VE11-M1", "TSTNMT2321000156-VG01"
PUBLIC_URL = "https://webcert.example.invalid"
NORR = UnitAddress(VE11_M1, "Alfa Vårdcentral, Mottagning Norr", "alfa.vardcentral@example.invalid", VE11, VG01)


def question_event(event_type: str = contracts.QUESTION_RECEIVED, subject: str = "KOMPLETTERING",
                   unit_id: str = VE11_M1, certificate_id: str | None = None):
    return make_event(event_type, {"question_id": str(uuid.uuid4()),
                                   "certificate_id": certificate_id or str(uuid.uuid4()),
                                   "unit_id": unit_id, "care_unit_id": VE11, "subject": subject,
                                   "received_at": "2026-11-26T09:00:00+00:00"}, "messaging")


@pytest.fixture
def units():
    return InMemoryUnitDirectory([NORR])


@pytest.fixture
def mailer():
    return FakeMailer()


def test_fk_question_mails_the_issuing_unit_with_a_link_to_the_certificate(units, mailer):
    event = question_event(certificate_id="c0ffee00-0000-4000-8000-000000000001")
    message = notify(event, units=units, mailer=mailer, public_url=PUBLIC_URL + "/")
    assert mailer.sent == [message]
    assert message.to == "alfa.vardcentral@example.invalid"
    assert message.subject == "Ny fråga från Försäkringskassan: Komplettering"
    assert message.message_id == event.id
    assert message.body.splitlines() == [
        "Försäkringskassan har skickat en fråga med ämnet Komplettering om ett intyg som utfärdats på "
        "Alfa Vårdcentral, Mottagning Norr.",
        "",
        "Öppna intyget i Webcert för att läsa och hantera frågan:",
        "https://webcert.example.invalid/intyg/c0ffee00-0000-4000-8000-000000000001",
        "",
        "Meddelandet innehåller inga personuppgifter eller medicinska uppgifter. Logga in i Webcert för att se "
        "ärendet.",
        "",
        "Det här meddelandet skickas automatiskt från Webcert och går inte att svara på.",
    ]


@pytest.mark.parametrize("subject,label", [("KONTAKT", "Kontakt"), ("OVRIGT", "Övrigt"),
                                           ("AVSTAMNINGSMOTE", "Avstämningsmöte")])
def test_fk_answer_asks_the_unit_to_read_it_and_mark_the_question_handled(units, mailer, subject, label):
    event = question_event(contracts.QUESTION_ANSWER_RECEIVED, subject)
    message = notify(event, units=units, mailer=mailer, public_url=PUBLIC_URL)
    assert message.subject == f"Svar från Försäkringskassan: {label}"
    assert f"har svarat på en fråga med ämnet {label}" in message.body
    assert "markera frågan som Hanterad" in message.body
    assert certificate_link(PUBLIC_URL, event.payload["certificate_id"]) in message.body


def test_the_mail_is_made_from_the_subject_and_certificate_id_alone():
    """§7 "Observera": whatever else a payload might carry, none of it reaches the e-mail."""
    leaky = {"certificate_id": "abc", "subject": "KONTAKT", "text": "Patienten har ont i ryggen",
             "patient_id": "19121212-1212", "patient_name": "Tolvan Tolvansson", "unit_id": VE11_M1}
    subject, body = compose(contracts.QUESTION_RECEIVED, leaky, "Alfa Vårdcentral", PUBLIC_URL)
    for secret in ("ryggen", "19121212", "121212", "Tolvan"):
        assert secret not in subject + body


def test_a_certificate_id_is_quoted_into_the_link():
    assert certificate_link("http://localhost:8000/", "a b/c") == "http://localhost:8000/intyg/a%20b%2Fc"


def test_a_unit_without_an_address_gets_nothing_and_the_event_is_done(mailer):
    units = InMemoryUnitDirectory([UnitAddress(VE11, "Alfa Vårdcentral", None, VE11, VG01)])
    assert notify(question_event(unit_id=VE11), units=units, mailer=mailer, public_url=PUBLIC_URL) is None
    assert mailer.attempts == 0


def test_an_unknown_unit_is_permanent_and_a_silent_directory_or_mail_server_is_waited_for(units, mailer):
    with pytest.raises(PermanentError):
        notify(question_event(unit_id="TSTNMT2321000156-OKAND"), units=units, mailer=mailer, public_url=PUBLIC_URL)
    units.down = True
    with pytest.raises(DependencyUnavailable):
        notify(question_event(), units=units, mailer=mailer, public_url=PUBLIC_URL)
    units.down, mailer.down = False, True
    with pytest.raises(DependencyUnavailable):
        notify(question_event(), units=units, mailer=mailer, public_url=PUBLIC_URL)
    assert mailer.sent == []


def test_the_worker_handles_both_event_types_with_the_configured_link(units, mailer):
    handlers = mail_handlers(MailConfig(public_url="https://wc.example.invalid"), mailer, units)
    assert set(handlers) == {contracts.QUESTION_RECEIVED, contracts.QUESTION_ANSWER_RECEIVED}
    event = question_event(contracts.QUESTION_ANSWER_RECEIVED, "KONTAKT")
    handlers[event.type](event, None)
    assert f"https://wc.example.invalid/intyg/{event.payload['certificate_id']}" in mailer.sent[0].body


def test_mail_config_from_the_environment_and_production_refuses_the_defaults(monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "mail.example.invalid")
    monkeypatch.setenv("SMTP_PORT", "2525")
    monkeypatch.setenv("MAIL_FROM", "webcert@region.example.invalid")
    monkeypatch.setenv("PUBLIC_URL", "https://webcert.region.example.invalid")
    config = MailConfig.from_env()
    assert (config.smtp_host, config.smtp_port, config.mail_from, config.public_url) == \
        ("mail.example.invalid", 2525, "webcert@region.example.invalid", "https://webcert.region.example.invalid")
    monkeypatch.setenv("WEBCERT_ENV", "production")
    assert MailConfig.from_env().environment == "production"
    monkeypatch.delenv("PUBLIC_URL")
    with pytest.raises(ConfigError):
        MailConfig.from_env()
    with pytest.raises(ConfigError):
        MailConfig(public_url="javascript:alert(1)").check()
