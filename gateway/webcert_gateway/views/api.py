"""The JSON API for the pages' scripts (flask-smorest, in /openapi.json)."""
from __future__ import annotations

from flask import current_app, g, jsonify, make_response, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from webcert_common.errors import error_body

from ..clients.auth import SessionEnded
from ..clients.certificate import CertificateRefused
from ..navigation import may_edit_account, tabs_for
from ..session_cookie import current_session_id
from .context import auth, unhandled_header

blp = Blueprint("api", __name__, url_prefix="/api", description="Gatewayens JSON-API för sidornas skript")


class UserSchema(Schema):
    id = fields.String()
    name = fields.String()
    role = fields.String()
    role_label = fields.String()
    login_method = fields.String()
    protected_identity = fields.Boolean()


class NamedSchema(Schema):
    id = fields.String()
    name = fields.String()


class TabSchema(Schema):
    key = fields.String()
    label = fields.String()
    url = fields.String()


class HeaderSchema(Schema):
    user = fields.Nested(UserSchema)
    care_provider = fields.Nested(NamedSchema, allow_none=True)
    unit = fields.Nested(NamedSchema, allow_none=True)
    may_change_unit = fields.Boolean()
    may_edit_account = fields.Boolean()
    pending = fields.List(fields.String())
    tabs = fields.List(fields.Nested(TabSchema))
    other_units_unhandled = fields.Integer(allow_none=True, metadata={
        "description": "Antalet ej hanterade ärenden på användarens andra vårdenheter (§7); null med en enda "
                       "vårdenhet eller när ärendetjänsten inte svarar"})


class GatewayErrorSchema(Schema):
    error = fields.Dict()


@blp.route("/session")
class SessionHeader(MethodView):
    @blp.response(200, HeaderSchema)
    @blp.alt_response(401, schema=GatewayErrorSchema, description="Inte inloggad eller utloggad")
    def get(self):
        """The data of the page header (§4.1) for the logged-in user."""
        session_id = current_session_id()
        if not session_id:
            return make_response(jsonify(error_body("NOT_LOGGED_IN", "Du är inte inloggad.")), 401)
        try:
            view = auth().current_session(session_id)
        except SessionEnded as ended:
            return make_response(jsonify(error_body(ended.reason, ended.message)), 401)
        user = view["user"]
        g.session_id = session_id
        return {
            "user": user,
            "care_provider": view.get("care_provider"),
            "unit": view.get("unit"),
            "may_change_unit": bool(view.get("may_change_unit")),
            "may_edit_account": may_edit_account(user),
            "pending": view.get("pending") or [],
            "tabs": [{"key": t.key, "label": t.label, "url": url_for(t.endpoint)} for t in tabs_for(user["role"])],
            "other_units_unhandled": unhandled_header(view)["other_units_unhandled"],
        }


class SignerSchema(Schema):
    id = fields.String()
    name = fields.String()


class VerificationSchema(Schema):
    valid = fields.Boolean()
    reason = fields.String(allow_none=True)
    message = fields.String()
    signed_at = fields.String()
    signer = fields.Nested(SignerSchema)


@blp.route("/intyg/<certificate_id>/signaturkontroll")
class SignatureVerification(MethodView):
    @blp.response(200, VerificationSchema)
    @blp.alt_response(404, schema=GatewayErrorSchema, description="Intyget finns inte")
    @blp.alt_response(409, schema=GatewayErrorSchema, description="Intyget är inte signerat")
    def get(self, certificate_id):
        """Does the stored signature cover exactly the stored certificate (CERT-5)? Open to anyone,
        without login: the answer names the signer and the time, never the patient or the content."""
        try:
            return current_app.extensions["webcert_certificate"].verification(certificate_id[:64])
        except CertificateRefused as refused:
            return make_response(jsonify(error_body(refused.reason, refused.message)), refused.status)
