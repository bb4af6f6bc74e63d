"""QA-7: "När Försäkringskassan ställer en fråga kring ett intyg skickas ett e-postmeddelande till
den vårdenhet eller verksamhet som utfärdade intyget", and likewise when FK answers the unit's
question (§7 "Hantera svar från Försäkringskassan"). The reader clicks the link, logs in and
handles the question in Webcert.

The e-mail carries the subject's label, the unit's name and a link to the certificate -- never the
question's text, the patient's name or personnummer, or anything medical (§7 "Observera: Texten i
e-postmeddelandet får inte tillföras några personuppgifter eller någon medicinsk information som
rör patienten"). It is composed from the event's subject and certificate id alone, so nothing
else can slip in."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from webcert_common.bus import Event, contracts
from webcert_common.logging import get_logger

from ..adapters.mailer import Mailer, MailMessage
from ..adapters.units import UnitDirectory
from ..domain import subjects

log = get_logger(__name__)

NO_PERSONAL_DATA = ("Meddelandet innehåller inga personuppgifter eller medicinska uppgifter. "
                    "Logga in i Webcert för att se ärendet.")
NO_REPLY = "Det här meddelandet skickas automatiskt från Webcert och går inte att svara på."


@dataclass(frozen=True)
class Notice:
    """One kind of e-mail: its subject line and what the reader is asked to do."""
    subject: str
    happened: str          # "{label}", "{unit}": filled in per event
    action: str


NOTICES = {
    contracts.QUESTION_RECEIVED: Notice(
        "Ny fråga från Försäkringskassan",
        "Försäkringskassan har skickat en fråga med ämnet {label} om ett intyg som utfärdats på {unit}.",
        "Öppna intyget i Webcert för att läsa och hantera frågan:"),
    contracts.QUESTION_ANSWER_RECEIVED: Notice(
        "Svar från Försäkringskassan",
        "Försäkringskassan har svarat på en fråga med ämnet {label} om ett intyg som utfärdats på {unit}.",
        "Öppna intyget i Webcert för att läsa svaret och markera frågan som Hanterad:"),
}
NOTIFIED_TYPES = tuple(NOTICES)


def certificate_link(public_url: str, certificate_id: str) -> str:
    """The certificate's page behind the login (the gateway's /intyg/<id>); the id names no one."""
    return f"{public_url.rstrip('/')}/intyg/{quote(certificate_id, safe='')}"


def compose(event_type: str, payload: dict, unit_name: str, public_url: str) -> tuple[str, str]:
    """The subject line and the plain-text body, from the subject code and the certificate id only."""
    notice = NOTICES[event_type]
    label = subjects.label(payload["subject"])
    body = "\n\n".join((
        notice.happened.format(label=label, unit=unit_name),
        f"{notice.action}\n{certificate_link(public_url, payload['certificate_id'])}",
        NO_PERSONAL_DATA,
        NO_REPLY,
    ))
    return f"{notice.subject}: {label}", body + "\n"


def notify(event: Event, *, units: UnitDirectory, mailer: Mailer, public_url: str) -> MailMessage | None:
    """Mail the issuing unit (the certificate's unit or workplace; auth answers a workplace without
    an address with its care unit's). A unit with no address at all gets nothing: there is nowhere
    to send it, and the question is in "Ej hanterade ärenden" all the same."""
    payload = event.payload
    address = units.address(payload["unit_id"])
    if not address.email:
        log.warning("mail_unit_without_address", unit_id=address.unit_id, event_type=event.type,
                    certificate_id=payload["certificate_id"])
        return None
    subject, body = compose(event.type, payload, address.name, public_url)
    message = MailMessage(to=address.email, subject=subject, body=body, message_id=event.id)
    mailer.send(message)
    log.info("mail_sent", unit_id=address.unit_id, event_type=event.type, certificate_id=payload["certificate_id"])
    return message
