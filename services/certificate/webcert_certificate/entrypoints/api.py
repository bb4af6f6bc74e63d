"""HTTP views: parse, build a command, hand it to the handlers, format (STYLE.md habit 3).
The session id arrives in ``X-Session-Id``; a personnummer only ever in a JSON body."""
from __future__ import annotations

from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from webcert_common.auth_sessions import session_id_of

from ..domain import commands, errors
from ..service_layer.handlers import handle
from . import schemas

types = Blueprint("certificate_types", __name__, url_prefix="/certificate-types",
                  description="Intygstyperna (Tabell 2) och deras definitioner")
favourites = Blueprint("favourites", __name__, url_prefix="/favourites", description="Favoritmarkerade intygstyper")
certificates = Blueprint("certificates", __name__, url_prefix="/certificates",
                         description="Utkast och signerade intyg")
diagnoses = Blueprint("diagnoses", __name__, url_prefix="/diagnoses", description="Diagnoskoder (DS-1)")


def _services():
    return current_app.extensions["webcert_certificate"]


def _session_id() -> str:
    return session_id_of(request.headers, errors.session_ended)


def _run(command):
    return handle(command, _services())


@types.route("")
class TypeList(MethodView):
    def get(self):
        """The types this user may create here, favourites first (CERT-2, Tabell 2)."""
        return _run(commands.ListTypes(_session_id()))


@types.route("/<code>")
class TypeDefinition(MethodView):
    def get(self, code):
        """The definition that drives the form."""
        return _run(commands.GetDefinition(_session_id(), code))


@types.route("/<code>/schema")
class TypeSchema(MethodView):
    def get(self, code):
        """The JSON Schema (2020-12) of the type's content, from the same definition."""
        return _run(commands.GetContentSchema(_session_id(), code))


@favourites.route("/<code>")
class Favourite(MethodView):
    @favourites.response(204)
    def put(self, code):
        """Star a type."""
        _run(commands.SetFavourite(_session_id(), code, True))

    @favourites.response(204)
    def delete(self, code):
        """Unstar a type."""
        _run(commands.SetFavourite(_session_id(), code, False))


@certificates.route("")
class Create(MethodView):
    @certificates.arguments(schemas.CreateRequest)
    @certificates.response(201)
    def post(self, body):
        """"Skapa intyg": a draft for the patient on the user's unit."""
        return _run(commands.CreateDraft(_session_id(), body["certificate_type"], body["personnummer"]))


@certificates.route("/search")
class ForPatient(MethodView):
    @certificates.arguments(schemas.PatientRequest)
    def post(self, body):
        """The patient's certificates on this unit."""
        return _run(commands.ListForPatient(_session_id(), body["personnummer"]))


@certificates.route("/drafts")
class Drafts(MethodView):
    def get(self):
        """"Ej signerade utkast"."""
        return _run(commands.ListDrafts(_session_id()))


@certificates.route("/signed")
class Signed(MethodView):
    def get(self):
        """"Signerade intyg": the last three months."""
        return _run(commands.ListSigned(_session_id()))


@certificates.route("/<certificate_id>")
class One(MethodView):
    def get(self, certificate_id):
        """One certificate (a PDL read entry)."""
        return _run(commands.GetCertificate(_session_id(), certificate_id))

    @certificates.arguments(schemas.SaveRequest)
    def put(self, body, certificate_id):
        """Autosave of a draft's whole content."""
        return _run(commands.SaveDraft(_session_id(), certificate_id, body["version"], body["edit_token"],
                                       body["content"]))

    @certificates.arguments(schemas.VersionRequest)
    @certificates.response(204)
    def delete(self, body, certificate_id):
        """"Radera": the draft and its content gone."""
        _run(commands.DeleteDraft(_session_id(), certificate_id, body["version"]))


@certificates.route("/<certificate_id>/editing")
class Editing(MethodView):
    def get(self, certificate_id):
        """Who has priority now, and whether the caller's edit token still holds it (no PDL entry)."""
        token = request.args.get("edit_token") or None
        return _run(commands.GetEditingStatus(_session_id(), certificate_id, token[:64] if token else None))

    def post(self, certificate_id):
        """Open the draft for editing and take priority (§5.2 "Samtidig redigering")."""
        return _run(commands.StartEditing(_session_id(), certificate_id))


@certificates.route("/<certificate_id>/missing")
class Missing(MethodView):
    def get(self, certificate_id):
        """§6.12: what is missing, per section."""
        return _run(commands.ShowMissing(_session_id(), certificate_id))


@certificates.route("/<certificate_id>/sign")
class Sign(MethodView):
    @certificates.arguments(schemas.VersionRequest)
    def post(self, body, certificate_id):
        """"Signera intyget"."""
        return _run(commands.SignCertificate(_session_id(), certificate_id, body["version"]))


@certificates.route("/<certificate_id>/forwarded")
class Forwarded(MethodView):
    @certificates.arguments(schemas.ForwardedRequest)
    def put(self, body, certificate_id):
        """§5.4: mark the draft as forwarded (or not)."""
        return _run(commands.SetForwarded(_session_id(), certificate_id, body["forwarded"]))


@certificates.route("/<certificate_id>/copy")
class Copy(MethodView):
    @certificates.response(201)
    def post(self, certificate_id):
        """§5.9 "Kopiera": a new draft with everything of a locked draft, which stays."""
        return _run(commands.CopyLockedDraft(_session_id(), certificate_id))


@certificates.route("/<certificate_id>/derive")
class Derive(MethodView):
    @certificates.arguments(schemas.DeriveRequest)
    @certificates.response(201)
    def post(self, body, certificate_id):
        """§6.13: a draft prefilled from this signed certificate (AG7804 from FK7804, DOI from DB)."""
        return _run(commands.DeriveCertificate(_session_id(), certificate_id, body["certificate_type"],
                                               body["convey_diagnoses"]))


@certificates.route("/<certificate_id>/send")
class Send(MethodView):
    @certificates.arguments(schemas.SendRequest)
    @certificates.response(202)
    def post(self, body, certificate_id):
        """CERT-9 "Skicka till Försäkringskassan/Transportstyrelsen": handed to the recipient's adapter;
        "Skickat" once the recipient has it."""
        return _run(commands.SendCertificate(_session_id(), certificate_id, body["patient_consent"]))


@certificates.route("/<certificate_id>/renew")
class Renew(MethodView):
    @certificates.response(201)
    def post(self, certificate_id):
        """CERT-11 "Förnya": a new draft from this signed certificate, less what a renewal leaves out."""
        return _run(commands.RenewCertificate(_session_id(), certificate_id))


@certificates.route("/<certificate_id>/replace")
class Replace(MethodView):
    @certificates.response(201)
    def post(self, certificate_id):
        """CERT-12 "Ersätt": a new draft with everything of this signed certificate."""
        return _run(commands.ReplaceCertificate(_session_id(), certificate_id))


@certificates.route("/<certificate_id>/complement")
class Complement(MethodView):
    @certificates.arguments(schemas.ComplementRequest)
    @certificates.response(201)
    def post(self, body, certificate_id):
        """§7 "Komplettera intyg": a new draft with everything of this certificate sent to FK; with a
        comment, "Kan ej komplettera – Ingen ytterligare medicinsk information kan anges"."""
        return _run(commands.ComplementCertificate(_session_id(), certificate_id, body["comment"]))


@certificates.route("/<certificate_id>/revoke")
class Revoke(MethodView):
    @certificates.arguments(schemas.RevokeRequest)
    def post(self, body, certificate_id):
        """CERT-13 "Makulera" a signed certificate or a locked draft, with a reason."""
        return _run(commands.RevokeCertificate(_session_id(), certificate_id, body["reason"], body["message"]))


@certificates.route("/<certificate_id>/pdf")
class Pdf(MethodView):
    @certificates.response(200, content_type="application/pdf")
    def get(self, certificate_id):
        """CERT-10 "Skriv ut": the PDF (a PDL entry "utskrift"); the state is marked on every page."""
        printout = _run(commands.PrintCertificate(_session_id(), certificate_id))
        response = Response(printout.pdf, mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'attachment; filename="{printout.file_name}"'
        response.headers["Cache-Control"] = "no-store"     # patient data: never in a shared cache
        return response


@certificates.route("/<certificate_id>/verification")
class Verification(MethodView):
    def get(self, certificate_id):
        """Does the stored signature cover the stored certificate? Open to anyone."""
        return _run(commands.VerifySignature(certificate_id))


@diagnoses.route("")
class Diagnoses(MethodView):
    @diagnoses.arguments(schemas.DiagnosisQuery, location="query")
    def get(self, query):
        """DS-1 suggestions by code or description."""
        return _run(commands.SearchDiagnoses(_session_id(), query["code_system"], query["code"],
                                             query["description"]))
