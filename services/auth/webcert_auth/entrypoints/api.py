"""HTTP views: parse, build a command, hand it to the handlers, format. Nothing else
(STYLE.md habit 3). The session id travels in X-Session-Id, never in a URL."""
from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from ..domain import commands
from ..service_layer.handlers import handle
from . import schemas

SESSION_HEADER = "X-Session-Id"

sessions = Blueprint("sessions", __name__, url_prefix="/sessions",
                     description="Inloggning, sessioner, vårdenhet och behörigheter")
accounts = Blueprint("accounts", __name__, url_prefix="/accounts",
                     description="Min sida för läkare med e-legitimation")
units = Blueprint("units", __name__, url_prefix="/units",
                  description="Katalogen: vårdenheter och arbetsplatser, för andra tjänster")


def _services():
    return current_app.extensions["webcert_auth"]


def _session_id() -> str | None:
    return request.headers.get(SESSION_HEADER) or None


@sessions.route("")
class Sessions(MethodView):
    @sessions.arguments(schemas.LoginRequest)
    @sessions.response(201, schemas.LoginResponse)
    def post(self, body):
        """Log in with a signed assertion from the identity provider."""
        session_id, view = handle(commands.Login(body["assertion"], body.get("nonce")), _services())
        return {"session_id": session_id, "session": view}


@sessions.route("/current")
class CurrentSession(MethodView):
    @sessions.response(200, schemas.SessionView)
    def get(self):
        """The caller's session (counts as activity)."""
        return handle(commands.CheckSession(_session_id()), _services())

    @sessions.response(204)
    def delete(self):
        """Logga ut."""
        handle(commands.Logout(_session_id()), _services())
        return None


@sessions.route("/current/unit")
class CurrentUnit(MethodView):
    @sessions.arguments(schemas.ChooseUnitRequest)
    @sessions.response(200, schemas.SessionView)
    def put(self, body):
        """Choose ("Välj vårdenhet") or change ("Byt vårdenhet") unit or workplace."""
        return handle(commands.ChooseUnit(_session_id(), body["unit_id"]), _services())


@sessions.route("/current/acknowledgements")
class Acknowledgements(MethodView):
    @sessions.arguments(schemas.AcknowledgementRequest)
    @sessions.response(200, schemas.SessionView)
    def post(self, body):
        """Accept the risk dialog (§5.8) or close the information box (§3)."""
        return handle(commands.Acknowledge(_session_id(), body["kind"]), _services())


@sessions.route("/current/decisions")
class Decisions(MethodView):
    @sessions.arguments(schemas.DecisionQuery, location="query")
    @sessions.response(200, schemas.Decision)
    def get(self, query):
        """May this user do this here (Tabell 2, Tabell 3, §3)?"""
        return handle(commands.Decide(_session_id(), query["privilege"], query.get("certificate_type")), _services())


@accounts.route("/current")
class CurrentAccount(MethodView):
    @accounts.response(200, schemas.Account)
    def get(self):
        """Min sida: the details of the logged-in e-legitimation doctor."""
        return handle(commands.ViewAccount(_session_id()), _services())

    @accounts.arguments(schemas.AccountChanges)
    @accounts.response(200, schemas.Account)
    def patch(self, changes):
        """Ändra uppgifter: shown on new certificates after the next login (Appendix A)."""
        return handle(commands.EditAccount(_session_id(), changes), _services())


@units.route("/<string:unit_id>")
class Unit(MethodView):
    @units.response(200, schemas.UnitAddress)
    def get(self, unit_id):
        """A care unit or workplace: name, e-mail address (a workplace without one: its care unit's),
        care unit and care provider. Service to service, without a session: the messaging worker
        mails FK's questions and answers to the issuing unit (QA-7) and acts for no user. It is
        directory data only -- no person, no patient -- and the gateway does not route here, so
        the browser never reaches it."""
        return handle(commands.ViewUnit(unit_id), _services())
