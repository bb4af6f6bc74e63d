"""The test identity provider's pages (§3 "Logga in i Webcert steg för steg").

SITHS-kort: Välj SITHS-certifikat -> Ange pinkod -> back to Webcert.
E-legitimation: Välj inloggningsmetod -> choose the person -> back to Webcert.
``state`` and ``return_to`` ride along in every form; people are named by position only,
so no personnummer ever appears in a URL."""
from __future__ import annotations

import re

from flask import Flask, render_template, request

from .assertion import sign
from .config import IdpConfig
from .identities import ELEG_METHODS, load_identities, pick
from .return_to import origin_of, return_to_is_allowed, state_is_valid

PIN = re.compile(r"^[0-9]{4,8}$")
PIN_MESSAGE = "Pinkoden ska bestå av 4–8 siffror."
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'{extra}")


class FlowError(Exception):
    """A request the IdP will not act on: a Swedish message and a 400."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def create_app(config: IdpConfig | None = None) -> Flask:
    config = config or IdpConfig.from_env()
    config.check()
    identities = load_identities(config.demo_data_path)
    app = Flask(__name__, static_folder="static", static_url_path="/static")
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024

    def flow() -> dict:
        """state and return_to from the query (first step) or the form (later steps), checked."""
        source = request.form if request.method == "POST" else request.args
        state, return_to = source.get("state"), source.get("return_to")
        if not state_is_valid(state):
            raise FlowError("Inloggningen saknar ett giltigt state-värde. Börja om från Webcerts startsida.")
        own_origin = request.host_url.rstrip("/")
        if not return_to_is_allowed(return_to, own_origin, config.allowed_return_origins):
            raise FlowError("Återgångsadressen är inte tillåten. Börja om från Webcerts startsida.")
        return {"state": state, "return_to": return_to}

    def back_to_webcert(method: str, subject: str, context: dict, name: str):
        assertion = sign(config.signing_key, method, subject, context["state"])
        response = app.make_response(render_template("return.html", assertion=assertion, name=name, **context))
        target = origin_of(context["return_to"])
        response.headers["Content-Security-Policy"] = CSP.format(extra=f" {target}" if target else "")
        return response

    @app.get("/")
    def index():
        return render_template("index.html")

    @app.get("/siths")
    def siths_choose():
        return render_template("siths_choose.html", cards=identities.siths_cards, **flow())

    @app.post("/siths/pin")
    def siths_pin():
        context = flow()
        card = pick(identities.siths_cards, request.form.get("card"))
        if card is None:
            raise FlowError("Välj ett SITHS-certifikat i listan.")
        return render_template("siths_pin.html", card=card, card_index=request.form["card"], **context)

    @app.post("/siths/login")
    def siths_login():
        context = flow()
        card = pick(identities.siths_cards, request.form.get("card"))
        if card is None:
            raise FlowError("Välj ett SITHS-certifikat i listan.")
        if not PIN.match(request.form.get("pin", "")):
            # Nothing happens on a malformed PIN: the same page again, with the reason.
            return render_template("siths_pin.html", card=card, card_index=request.form["card"],
                                   error=PIN_MESSAGE, **context), 400
        return back_to_webcert("siths", card.hsa_id, context, card.name)

    @app.get("/eleg")
    def eleg_method():
        return render_template("eleg_method.html", methods=ELEG_METHODS, **flow())

    def chosen_method() -> tuple[str, str]:
        method = request.form.get("method")
        for key, label in ELEG_METHODS:
            if key == method:
                return key, label
        raise FlowError("Välj en inloggningsmetod: BankID, Mobilt BankID eller Telia.")

    @app.post("/eleg/identity")
    def eleg_identity():
        context = flow()
        method, label = chosen_method()
        return render_template("eleg_person.html", people=identities.eleg_people, method=method,
                               method_label=label, **context)

    @app.post("/eleg/login")
    def eleg_login():
        context = flow()
        method, _label = chosen_method()
        person = pick(identities.eleg_people, request.form.get("person"))
        if person is None:
            raise FlowError("Välj en person i listan.")
        return back_to_webcert(method, person.personnummer, context, person.name)

    @app.errorhandler(FlowError)
    def _flow_error(exc: FlowError):
        return render_template("error.html", message=exc.message), exc.status

    @app.errorhandler(404)
    @app.errorhandler(405)
    @app.errorhandler(413)
    def _http_error(exc):
        messages = {404: "Sidan finns inte.", 405: "Metoden är inte tillåten här.", 413: "Begäran är för stor."}
        return render_template("error.html", message=messages.get(exc.code, "Begäran kunde inte hanteras.")), exc.code

    @app.errorhandler(Exception)
    def _unexpected(_exc):
        app.logger.exception("test IdP failed")
        return render_template("error.html", message="Ett tekniskt fel har uppstått."), 500

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP.format(extra=""))
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    app.extensions["idp_identities"] = identities
    return app


