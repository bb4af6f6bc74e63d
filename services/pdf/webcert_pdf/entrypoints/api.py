"""HTTP views: parse, build the command, hand it to the handler, answer the bytes (STYLE.md habit 3)."""
from __future__ import annotations

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from ..domain.commands import RenderCertificate
from ..service_layer.rendering import render_certificate
from . import schemas

printing = Blueprint("render", __name__, url_prefix="/render",
                     description="Utskrift av intyg som PDF i den generella utskriftsmallen (CERT-10, §5.6)")


@printing.route("")
class Render(MethodView):
    @printing.arguments(schemas.RenderRequest, error_status_code=400)
    @printing.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf",
                       description="The PDF; the same request gives the same bytes.")
    @printing.alt_response(400, description='{"error": {"reason", "message"}}: the request cannot be read.')
    def post(self, body):
        """The certificate as a PDF, from its type's definition and the certificate view."""
        pdf = render_certificate(RenderCertificate(body["definition"], body["certificate"], body["printed_at"]),
                                 current_app.extensions["webcert_pdf_renderer"])
        return Response(pdf, mimetype="application/pdf",
                        headers={"Content-Disposition": 'inline; filename="intyg.pdf"'})
