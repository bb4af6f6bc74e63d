"""FK's messages in (issue 7, docs/ARCHITECTURE.md "FK's side"): the body of ``fk.message_received``
parsed and acted on inside the InboxConsumer's transaction (the unit of work joins it), so that the
question or answer, its event for the e-mail (QA-7) and the inbox row commit together.

- ``{"kind": "question", ...}``: FK's question, complement request or reminder on a certificate
  signed and sent to FK (``lifecycle.receive_from_fk``) -> ``question.received``;
- ``{"kind": "answer", ...}``: FK's answer to the unit's question (``Question.receive_answer``)
  -> ``question.answer_received``.

A body that does not parse, or breaks a rule of §7 (an unknown certificate, one not sent to FK, a
form question the type does not have, a reminder of an unknown question, an answer to a question
that is not the unit's or is already answered), can never be handled: ``FkMessageRefused`` is a
``PermanentError``, so the consumer dead-letters the event at once and nothing is changed. FK's
question id already stored on the same certificate is a repeat: nothing happens."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from marshmallow import RAISE, Schema, ValidationError, fields, validate
from webcert_common.bus import PermanentError, contracts
from webcert_common.logging import get_logger

from ..adapters.form_questions import question_ids
from ..domain import lifecycle
from ..domain.errors import MessagingRefusal
from ..domain.question import MAX_TEXT_LENGTH, ComplementReference, Question
from ..domain.subjects import FK, KOMPLETTERING, SUBJECTS

log = get_logger(__name__)

QUESTION, ANSWER = "question", "answer"
KINDS = (QUESTION, ANSWER)
MAX_ID = 64            # the question table's ids (adapters/orm.py)


class FkMessageRefused(PermanentError):
    """FK's message can never be handled: dead-lettered at once, with the reason and its text."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason


class CertificateNotYetKnown(RuntimeError):
    """FK's receipt was recorded but the signing event, which names the certificate's unit and
    type, was not yet: temporary, so the consumer tries again (a bounded number of times)."""


class _Strict(Schema):
    class Meta:
        unknown = RAISE


_ID = dict(required=True, validate=validate.Length(min=1, max=MAX_ID))


class _Reference(_Strict):
    question_id = fields.String(**_ID)
    text = fields.String(required=True, validate=validate.Length(max=MAX_TEXT_LENGTH))


class QuestionMessage(_Strict):
    kind = fields.String(required=True, validate=validate.Equal(QUESTION))
    id = fields.String(**_ID)
    certificate_id = fields.String(**_ID)
    subject = fields.String(required=True, validate=validate.OneOf(SUBJECTS))
    text = fields.String(required=True)
    sent_at = fields.AwareDateTime(required=True)
    complement_references = fields.List(fields.Nested(_Reference), load_default=list)
    reminder_of = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=MAX_ID))


class AnswerMessage(_Strict):
    kind = fields.String(required=True, validate=validate.Equal(ANSWER))
    question_id = fields.String(**_ID)
    text = fields.String(required=True)
    sent_at = fields.AwareDateTime(required=True)


SCHEMAS = {QUESTION: QuestionMessage(), ANSWER: AnswerMessage()}


def kind_of(data: object) -> str | None:
    """The message's kind when ``data`` is a JSON object with a known one (the adapter endpoint's
    only check: everything else is the consumer's)."""
    return data.get("kind") if isinstance(data, dict) and data.get("kind") in KINDS else None


def parse(body: str) -> tuple[str, dict]:
    """The kind and the checked fields of FK's message, or ``FkMessageRefused``."""
    try:
        data = json.loads(body)
    except ValueError:
        raise FkMessageRefused("FK_MESSAGE_NOT_JSON", "Meddelandet från Försäkringskassan är inte JSON.") from None
    kind = kind_of(data)
    if kind is None:
        raise FkMessageRefused("FK_MESSAGE_UNKNOWN_KIND", "Meddelandet ska ha kind \"question\" eller \"answer\".")
    try:
        message = SCHEMAS[kind].load(data)
    except ValidationError as exc:
        fields_named = ", ".join(sorted(str(name) for name in exc.messages))
        raise FkMessageRefused("FK_MESSAGE_INVALID", f"Meddelandet har fel i fälten {fields_named}.") from None
    # kept in UTC, as every time in the service's tables (SQLite keeps no offset)
    return kind, {**message, "sent_at": message["sent_at"].astimezone(timezone.utc)}


def receive(payload: dict, uow) -> Question | None:
    """Handle one ``fk.message_received`` payload in ``uow`` (joined to the consumer's transaction);
    returns the question stored or answered, None for a repeat."""
    kind, message = parse(payload["body"])
    received_at = datetime.fromisoformat(payload["received_at"]).astimezone(timezone.utc)
    try:
        if kind == QUESTION:
            return _question(message, received_at, uow)
        return _answer(message, received_at, uow)
    except MessagingRefusal as exc:      # the domain's rule, with its reason: never handled
        raise FkMessageRefused(exc.reason, exc.message) from None


def _question(message: dict, received_at: datetime, uow) -> Question | None:
    known = uow.questions.get(message["id"])
    if known is not None:
        if known.sender == FK and known.certificate_id == message["certificate_id"]:
            log.info("fk_question_repeated", question_id=known.id, certificate_id=known.certificate_id)
            return None
        raise FkMessageRefused("FK_QUESTION_ID_TAKEN", "Frågans id används redan av en annan fråga.")
    record = uow.records.get(message["certificate_id"], for_update=True)
    if record is None:
        raise FkMessageRefused("CERTIFICATE_UNKNOWN", "Intyget finns inte i Webcert.")
    if not record.unit_id and record.messaging_state().allowed:
        raise CertificateNotYetKnown(f"certificate {record.id} is sent to FK but its signing is not yet known")
    references = tuple(ComplementReference(r["question_id"], r["text"]) for r in message["complement_references"])
    question = lifecycle.receive_from_fk(
        record, uow.questions.of_certificate(record.id), id=message["id"], subject=message["subject"],
        text=message["text"], sent_at=message["sent_at"], references=references,
        reminder_of=message["reminder_of"], form_question_ids=question_ids(record.certificate_type))
    uow.questions.add(question)
    uow.add_event(contracts.QUESTION_RECEIVED, _event_payload(question, received_at))
    log.info("fk_question_received", question_id=question.id, certificate_id=record.id, subject=question.subject,
             complement_references=len(references) if question.subject == KOMPLETTERING else 0)
    return question


def _answer(message: dict, received_at: datetime, uow) -> Question:
    question = uow.questions.get(message["question_id"])
    if question is None:
        raise FkMessageRefused("QUESTION_NOT_FOUND", "Frågan som svaret avser finns inte.")
    uow.records.get(question.certificate_id, for_update=True)   # one change at a time per certificate
    question = uow.questions.get(question.id)
    question.receive_answer(message["text"], message["sent_at"])
    uow.questions.update(question)
    uow.add_event(contracts.QUESTION_ANSWER_RECEIVED, _event_payload(question, received_at))
    log.info("fk_answer_received", question_id=question.id, certificate_id=question.certificate_id)
    return question


def _event_payload(question: Question, received_at: datetime) -> dict:
    """No text: the e-mail (QA-7) links to the certificate and carries no personal or medical data."""
    return {"question_id": question.id, "certificate_id": question.certificate_id, "unit_id": question.unit_id,
            "care_unit_id": question.care_unit_id, "subject": question.subject,
            "received_at": received_at.isoformat()}
