"""A recipient simulator's HTTP API and operator page (docs/ARCHITECTURE.md, "Recipient simulators").

API (JSON, for the certificate worker's recipient adapter):
  POST /api/certificates  {delivery_id, certificate}   -> 201 {receipt_id, received_at};
                          200 the first receipt for a delivery_id already stored; 400 malformed
  POST /api/revocations   {delivery_id, certificate_id, reason, message, revoked_at} -> as above
  GET  /api/received      -> {certificates, revocations}, in the order they arrived, with attempts
  GET  /api/mode, PUT /api/mode {mode, delay_seconds} -> {mode, delay_seconds}
  GET  /api/health        -> 200; 503 while down
Modes, for deliveries: down 503; slow waits delay_seconds first; reject 422 REJECTED; garbage
stores the delivery and answers 200 with a body that is not JSON (the answer lost on the way back).
Operator page: "/" lists what arrived and switches the mode with forms that POST.

Försäkringskassan only (issue 7, fk_pages.py): POST /api/messages and GET /api/messages (the unit's
questions and answers, in the same modes), "Ny fråga från Försäkringskassan" per received certificate,
and "Svara" on the unit's questions; FK's messages are posted to Webcert's POST /fk/messages."""
from __future__ import annotations

from datetime import datetime
from typing import Callable
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, flash, jsonify, redirect, render_template, request, url_for

from simulator_index.frame import FrameSettings, init_frame, refusal
from webcert_common.clock import Clock, SystemClock
from webcert_common.service_client import HttpServiceClient, ServiceClient

from . import fk_pages
from .config import MAX_DELAY_SECONDS, RecipientSimulatorConfig
from .deliveries import CERTIFICATE, REVOCATION, parse_delivery
from .intake import JSON_REQUIRED, take_in_mode
from .message_store import MessageStore
from .mode import DOWN, GARBAGE, MODES, NORMAL, REJECT, SLOW, ModeError, ModeSwitch, parse_delay
from .recipients import RECIPIENTS, Recipient
from .store import DeliveryStore

PAGE_LIMIT = 200              # the operator page shows the newest; GET /api/received has them all
LOCAL_TIME = ZoneInfo("Europe/Stockholm")
MODE_CHANGED = {
    NORMAL: "{name} är nu tillgänglig och tar emot intyg och makuleringar.",
    DOWN: "{name} är nu otillgänglig. Alla leveranser besvaras med 503.",
    SLOW: "{name} svarar nu långsamt.",
    REJECT: "{name} avvisar nu allt som skickas (422).",
    GARBAGE: "{name} svarar nu med skräp i stället för ett kvitto.",
}
WHAT = {CERTIFICATE: "intyget", REVOCATION: "makuleringen"}


def create_app(config: RecipientSimulatorConfig | None = None, *, recipient: str | None = None,
               clock: Clock | None = None, wait: Callable[[float], None] | None = None,
               webcert_client: ServiceClient | None = None) -> Flask:
    """``create_app(recipient="fk")``, or the recipient from ``RECIPIENT_SIMULATOR``. ``wait(seconds)``
    is how a delivery waits in "slow"; tests pass a recorder instead of time. ``webcert_client``: how
    FK's messages reach Webcert's ``POST /fk/messages`` (embedded: in-process; None: HTTP to
    ``WEBCERT_FK_INBOUND_URL``); only the fk instance uses it."""
    config = config or RecipientSimulatorConfig.from_env(recipient)
    config.check()
    if recipient is not None and recipient != config.recipient:
        raise ValueError(f"create_app(recipient={recipient!r}) with a configuration for {config.recipient!r}")
    who = RECIPIENTS[config.recipient]
    store = DeliveryStore(config.database_path)
    modes = ModeSwitch(config.slow_delay_seconds)
    app = Flask(__name__, static_folder=None)
    # The cookie is distinct per recipient: mounted, the four share the gateway's origin.
    csrf = init_frame(app, FrameSettings(secret_key=config.secret_key, cookie_name=f"recipient_{who.code}_simulator",
                                         assets_base_url=config.assets_base_url, index_url=config.index_url))
    clock = clock or SystemClock()
    wait = modes.pause if wait is None else wait
    api = _api_blueprint(who, store, modes, clock, wait)
    csrf.exempt(api)                  # machine clients with JSON bodies, no browser form
    app.register_blueprint(api)
    if who.code == "fk":              # issue 7: ärendekommunikation is FK's only
        webcert = webcert_client or HttpServiceClient(config.webcert_fk_inbound_url)
        fk = fk_pages.FkMessaging(who, store, MessageStore(config.database_path), modes, clock, wait, webcert)
        fk_api = fk.api_blueprint()
        csrf.exempt(fk_api)
        app.register_blueprint(fk_api)
        fk.register_forms(app, _operator_pages(app, who, store, modes, extra=fk.page_context))
    else:
        _operator_pages(app, who, store, modes)
    app.add_template_filter(local_time, "local_time")
    app.extensions["recipient"] = who
    app.extensions["recipient_store"] = store
    app.extensions["recipient_mode"] = modes
    return app


def local_time(value: str) -> str:
    """A stored UTC time as Swedish local time, for people."""
    return datetime.fromisoformat(value).astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M:%S")


def _api_blueprint(who: Recipient, store: DeliveryStore, modes: ModeSwitch, clock: Clock,
                   wait: Callable[[float], None]) -> Blueprint:
    api = Blueprint("api", __name__, url_prefix="/api")

    def unavailable():
        return refusal(503, "RECIPIENT_UNAVAILABLE", f"{who.name} är otillgänglig. Försök igen senare.")

    def receive(kind: str):
        return take_in_mode(who, modes, wait, lambda body: parse_delivery(kind, body),
                            lambda delivery: store.receive(delivery, clock.now()), WHAT[kind])

    @api.post("/certificates")
    def receive_certificate():
        return receive(CERTIFICATE)

    @api.post("/revocations")
    def receive_revocation():
        return receive(REVOCATION)

    @api.get("/received")
    def received():
        return jsonify({"certificates": [r.to_json() for r in store.received(CERTIFICATE)],
                        "revocations": [r.to_json() for r in store.received(REVOCATION)]})

    @api.get("/mode")
    def get_mode():
        return jsonify(modes.to_json())

    @api.put("/mode")
    def set_mode():
        if not request.is_json:
            return refusal(415, "UNSUPPORTED_MEDIA_TYPE", JSON_REQUIRED)
        body = request.get_json(silent=True)
        body = body if isinstance(body, dict) else {}
        try:
            delay = body.get("delay_seconds")
            modes.set(body.get("mode"), None if delay is None else parse_delay(delay, MAX_DELAY_SECONDS))
        except ModeError as exc:
            return refusal(400, "INVALID_MODE", str(exc))
        return jsonify(modes.to_json())

    @api.get("/health")
    def health():
        if modes.mode == DOWN:
            return unavailable()
        return jsonify({"status": "ok", "recipient": who.code})

    return api


def _operator_pages(app: Flask, who: Recipient, store: DeliveryStore, modes: ModeSwitch,
                    extra: Callable[[], dict] | None = None) -> Callable:
    """The operator page; returns ``page(status, error)`` for other forms that answer with it.
    ``extra()``: more for the page (FK: its ärendekommunikation)."""
    def page(status: int = 200, error: str | None = None):
        return render_template(
            "recipient_index.html", recipient=who, mode=modes.mode, delay=modes.delay_seconds,
            max_delay=MAX_DELAY_SECONDS, limit=PAGE_LIMIT, error=error,
            certificates=store.received(CERTIFICATE, newest_first=True, limit=PAGE_LIMIT),
            revocations=store.received(REVOCATION, newest_first=True, limit=PAGE_LIMIT),
            certificate_count=store.count(CERTIFICATE), revocation_count=store.count(REVOCATION),
            **(extra() if extra else {})), status

    @app.get("/")
    def index():
        return page()

    @app.post("/lage")
    def mode_form():
        mode = request.form.get("mode")
        try:
            if mode not in MODES:
                raise ModeError("Välj hur mottagaren ska svara.")
            delay = parse_delay(request.form.get("delay_seconds", ""), MAX_DELAY_SECONDS) if mode == SLOW else None
            modes.set(mode, delay)
        except ModeError as exc:
            return page(400, str(exc))
        flash(MODE_CHANGED[mode].format(name=who.name))
        return redirect(url_for("index"), 303)

    return page
