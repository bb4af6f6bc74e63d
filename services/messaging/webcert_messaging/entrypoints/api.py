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
        """The certificate's questions, latest first, with what the user may do with each."""
        return _run(commands.ListQuestions(_session_id(), certificate_id))


@questions.route("/unhandled")
class Unhandled(MethodView):
    def get(self):
        """"Ej hanterade ärenden" for the unit or workplace the user is logged in on, with the count."""
        return _run(commands.ListUnhandled(_session_id()))


@questions.route("/<question_id>/answer")
class AnswerQuestion(MethodView):
    @questions.arguments(schemas.AnswerRequest)
    def post(self, body, question_id):
        """"Svara": the unit's answer to FK's question; it handles the question."""
        return _run(commands.AnswerQuestion(_session_id(), question_id, body["text"]))


@questions.route("/<question_id>/handled")
class Handled(MethodView):
    @questions.arguments(schemas.HandledRequest)
    def put(self, body, question_id):
        """"Hanterad": tick (a complement request only with ``confirmed``) or untick."""
        return _run(commands.SetHandled(_session_id(), question_id, body["handled"], body["confirmed"]))
