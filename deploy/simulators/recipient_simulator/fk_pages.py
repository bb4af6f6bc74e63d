"""Försäkringskassan's ärendekommunikation in the FK simulator (issue 7, docs/ARCHITECTURE.md "FK's
side"), the fk instance only:

  POST /api/messages  what the unit sends FK (from question.asked / question.answered): stored once
                      per message_id, 201 {receipt_id, received_at}, 200 for a repeat; in the modes
  GET  /api/messages  {received: [...], sent: [...]}, in the order they came
  GET/POST /intyg/<certificate id>/ny-fraga   "Ny fråga från Försäkringskassan" on a received certificate
  POST /meddelanden/<message id>/svar         "Svara" on the unit's question

FK's question or answer is posted to Webcert's ``POST /fk/messages`` through a ServiceClient and
stored once Webcert took it in (202)."""
from __future__ import annotations

import uuid
from typing import Callable

from flask import Blueprint, Flask, flash, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import NotFound

from webcert_common.clock import Clock
from webcert_common.service_client import ServiceClient, ServiceUnavailable

from .fk_forms import FORMS
from .intake import take_in_mode
from .message_store import RECEIVED, SENT, MessageStore
from .messages import (
    ANSWER, PAMINNELSE, QUESTION, SUBJECT_LABELS, MessageError, fk_answer, fk_question, parse_from_webcert,
)
from .mode import ModeSwitch
from .recipients import Recipient
from .store import DeliveryStore

WEBCERT_PATH = "/fk/messages"
SENT_NOTICE = {QUESTION: "Frågan skickades till Webcert.", ANSWER: "Svaret skickades till Webcert."}


class WebcertRefused(Exception):
    """Webcert did not take FK's message in; the text is for the operator."""


class FkMessaging:
    def __init__(self, who: Recipient, deliveries: DeliveryStore, messages: MessageStore, modes: ModeSwitch,
                 clock: Clock, wait: Callable[[float], None], webcert: ServiceClient) -> None:
        self.who, self.deliveries, self.messages, self.modes = who, deliveries, messages, modes
        self.clock, self.wait, self.webcert = clock, wait, webcert

    # -- from Webcert ------------------------------------------------------------------------------
    def api_blueprint(self) -> Blueprint:
        api = Blueprint("fk_api", __name__, url_prefix="/api")

        @api.post("/messages")
        def receive_message():
            return take_in_mode(self.who, self.modes, self.wait, parse_from_webcert,
                                lambda message: self.messages.receive(message, self.clock.now()), "meddelandet")

        @api.get("/messages")
        def messages():
            return jsonify({"received": [m.to_json() for m in self.messages.messages(RECEIVED)],
                            "sent": [m.to_json() for m in self.messages.messages(SENT)]})

        return api

    def page_context(self) -> dict:
        """The operator page's ärendekommunikation: the unit's questions (with FK's answer when sent),
        the unit's answers to FK's questions, and FK's questions sent."""
        fk_questions = {m.question_id: m for m in self.messages.messages(SENT, QUESTION)}
        return {"fk_messaging": True, "subject_labels": SUBJECT_LABELS,
                "unit_questions": self.messages.messages(RECEIVED, QUESTION, newest_first=True),
                "fk_answers": self.messages.fk_answers(),
                "unit_answers": self.messages.messages(RECEIVED, ANSWER, newest_first=True),
                "fk_questions": fk_questions,
                "sent_questions": list(reversed(list(fk_questions.values())))}

    # -- to Webcert --------------------------------------------------------------------------------
    def send(self, body: dict) -> None:
        try:
            response = self.webcert.request("POST", WEBCERT_PATH, json=body)
        except ServiceUnavailable:
            raise WebcertRefused("Webcert svarar inte. Försök igen om en stund.") from None
        if response.status != 202:
            error = (response.json or {}).get("error") if isinstance(response.json, dict) else None
            detail = error.get("message") if isinstance(error, dict) else f"HTTP {response.status}"
            raise WebcertRefused(f"Webcert tog inte emot meddelandet: {detail}")
        message_id = (response.json or {}).get("message_id") if isinstance(response.json, dict) else None
        self.messages.record_sent(str(message_id or uuid.uuid4()), body, self.clock.now())

    def register_forms(self, app: Flask, page: Callable) -> None:
        @app.route("/intyg/<certificate_id>/ny-fraga", methods=["GET", "POST"])
        def fk_new_question(certificate_id):
            certificate = self.deliveries.certificate(certificate_id)
            if certificate is None:
                raise NotFound()
            if request.method == "GET":
                return self._question_form(certificate)
            form = {**request.form.to_dict(), "fraga": request.form.getlist("fraga")}
            try:
                self.send(fk_question(certificate_id, form, form_questions=self._form_questions(certificate),
                                      earlier=self._earlier(certificate_id), now=self.clock.now()))
            except MessageError as exc:
                return self._question_form(certificate, form, str(exc), 400)
            except WebcertRefused as exc:
                return self._question_form(certificate, form, str(exc), 502)
            flash(SENT_NOTICE[QUESTION])
            return redirect(url_for("index"), 303)

        @app.post("/meddelanden/<message_id>/svar")
        def fk_answer_question(message_id):
            question = self.messages.received_question(message_id)
            if question is None:
                raise NotFound()
            try:
                self.send(fk_answer(question.question_id, request.form.get("text"), self.clock.now()))
            except MessageError as exc:
                return page(400, str(exc))
            except WebcertRefused as exc:
                return page(502, str(exc))
            flash(SENT_NOTICE[ANSWER])
            return redirect(url_for("index"), 303)

    def _form_questions(self, certificate) -> dict[str, str]:
        return dict(FORMS.get(certificate.certificate.get("certificate_type"), ()))

    def _earlier(self, certificate_id: str) -> dict[str, str]:
        """FK's questions on the certificate that a reminder may name (never a reminder itself)."""
        return {m.question_id: f"{m.subject_label}: {m.text[:60]}"
                for m in self.messages.messages(SENT, QUESTION, certificate_id=certificate_id)
                if m.subject != PAMINNELSE}

    def _question_form(self, certificate, form: dict | None = None, error: str | None = None, status: int = 200):
        return render_template(
            "fk_new_question.html", recipient=self.who, certificate=certificate, form=form or {"fraga": []},
            error=error, subjects=SUBJECT_LABELS, form_questions=self._form_questions(certificate),
            earlier=self._earlier(certificate.certificate_id)), status
