"""HTTP views: parse, build a command, hand it to the handlers, format (STYLE.md habit 3).
The session id arrives in ``X-Session-Id``."""
from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from webcert_common.auth_sessions import session_id_of

from ..domain import commands, errors
from ..service_layer.handlers import handle
from . import schemas

certificates = Blueprint("certificate_questions", __name__, url_prefix="/certificates",
                         description="Ärendekommunikationen om ett intyg (§7)")
questions = Blueprint("questions", __name__, url_prefix="/questions",
                      description="Frågor och svar; Ej hanterade ärenden (§4.2)")


def _services():
    return current_app.extensions["webcert_messaging"]


def _session_id() -> str:
    return session_id_of(request.headers, errors.session_ended)


def _run(command):
    return handle(command, _services())


@certificates.route("/<certificate_id>/questions")
class CertificateQuestions(MethodView):
    def get(self, certificate_id):
        """The certificate's questions, latest first, with what the user may do with each; the
        autosaved question; the framed questions of a complement draft. PDL "läsa"."""
        return _run(commands.ListQuestions(_session_id(), certificate_id))

    @certificates.arguments(schemas.AskRequest)
    def post(self, body, certificate_id):
        """"Administrativa frågor" → "Skicka": the unit's question to FK (201, the list)."""
        return _run(commands.AskQuestion(_session_id(), certificate_id, body["subject"], body["text"])), 201


@certificates.route("/<certificate_id>/question-draft")
class QuestionDraft(MethodView):
    @certificates.arguments(schemas.QuestionDraftRequest)
    def put(self, body, certificate_id):
        """Autosave of the unit's question being written (QA-1)."""
        return _run(commands.SaveQuestionDraft(_session_id(), certificate_id, body.get("subject"), body["text"],
                                               subject_given="subject" in body))


@questions.route("/unhandled")
class Unhandled(MethodView):
    @questions.arguments(schemas.UnhandledQuery, location="query")
    def get(self, query):
        """"Ej hanterade ärenden" for the unit or workplace the user is logged in on (or one of the
        unit's workplaces), filtered, with the count, the workplaces to choose among and the filter."""
        return _run(commands.ListUnhandled(_session_id(), **query))


@questions.route("/unhandled/counts")
class UnhandledCounts(MethodView):
    def get(self):
        """The number beside the tab (``current``) and per care unit of the user (AUTH-6 header)."""
        return _run(commands.CountUnhandled(_session_id()))


@questions.route("/<question_id>/answer")
class AnswerQuestion(MethodView):
    @questions.arguments(schemas.AnswerRequest)
    def post(self, body, question_id):
        """"Svara": the unit's answer to FK's question; it handles the question."""
        return _run(commands.AnswerQuestion(_session_id(), question_id, body["text"]))


@questions.route("/<question_id>/cannot-complement")
class CannotComplement(MethodView):
    @questions.arguments(schemas.AnswerRequest)
    def post(self, body, question_id):
        """Scenario C "Kan ej komplettera – Ingen på vårdenheten kan ansvara ...": a message to FK."""
        return _run(commands.CannotComplement(_session_id(), question_id, body["text"]))


@questions.route("/<question_id>/answer-draft")
class AnswerDraft(MethodView):
    @questions.arguments(schemas.AnswerRequest)
    def put(self, body, question_id):
        """Autosave of an answer being written (QA-1): the question with its draft."""
        return _run(commands.SaveAnswerDraft(_session_id(), question_id, body["text"]))


@questions.route("/<question_id>/forwarded")
class Forwarded(MethodView):
    @questions.arguments(schemas.ForwardedRequest)
    def put(self, body, question_id):
        """"Vidarebefordra" → "Ja": the question is marked forwarded (SITHS only, QA-8)."""
        return _run(commands.SetForwarded(_session_id(), question_id, body["forwarded"]))


@questions.route("/<question_id>/handled")
class Handled(MethodView):
    @questions.arguments(schemas.HandledRequest)
    def put(self, body, question_id):
        """"Hanterad": tick (a complement request only with ``confirmed``) or untick."""
        return _run(commands.SetHandled(_session_id(), question_id, body["handled"], body["confirmed"]))
