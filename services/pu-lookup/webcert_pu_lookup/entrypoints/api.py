"""HTTP views: parse, build a command, hand it to the handlers, format (STYLE.md habit 3).
The personnummer travels in the JSON body only, never in a URL."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from ..domain import commands
from ..service_layer.handlers import handle
from . import schemas

persons = Blueprint("persons", __name__, url_prefix="/persons",
                    description="Personnummer, samordningsnummer och uppslag i PU-tjänsten")
register_status = Blueprint("status", __name__, url_prefix="/status",
                            description="PU-tjänstens tillgänglighet")


def _services():
    return current_app.extensions["webcert_pu_lookup"]


@persons.route("/validate")
class Validate(MethodView):
    @persons.arguments(schemas.ValidateRequest)
    @persons.response(200, schemas.ValidatedNumber)
    def post(self, body):
        """Check a personnummer or samordningsnummer and normalise it (no register call, no PDL entry)."""
        return handle(commands.ValidatePersonnummer(body["personnummer"]), _services())


@persons.route("/lookup")
class Lookup(MethodView):
    @persons.arguments(schemas.LookupRequest)
    @persons.response(200, schemas.LookupResponse)
    def post(self, body):
        """Look the person up in PU for the requester: person, actions (PU-2, PU-4), one PDL entry."""
        requester = commands.Requester(**body["requester"])
        return handle(commands.LookupPerson(body["personnummer"], requester), _services())


@register_status.route("")
class Status(MethodView):
    @register_status.response(200, schemas.RegisterStatus)
    def get(self):
        """Is the population register available (asked by a consumer on start, then events)?"""
        return handle(commands.CheckStatus(), _services())
