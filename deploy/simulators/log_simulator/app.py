"""The log service simulator's HTTP API and operator page (docs/ARCHITECTURE.md, "Simulators").

API (JSON, for the gateway's NationalLogService adapter):
  POST /api/entries          one entry or a list -> 201 {received, stored, already_stored};
                             400 a bad entry (nothing stored); 409 an entry_id stored with other content
  POST /api/entries/search   {"patient_id"} -> 200 {patient_id, entries} newest first
  GET  /api/entries/count    -> 200 {count}
  GET  /api/health           -> 200; every /api call answers 503 while made unavailable
Control (JSON, for tests; answers while unavailable): GET/POST /control/state {"available": bool}.
Operator page: "/" lists the entries per patient; the patient filter is a POST form, so the
personnummer never rides in a URL."""
from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, flash, jsonify, redirect, render_template, request, url_for

from simulator_index.frame import FrameSettings, init_frame, refusal
from webcert_common.clock import Clock, SystemClock

from .config import LogSimulatorConfig
from .entries import EntryError, group_by_patient, normalise_patient_id, parse_entries
from .store import EntryConflict, EntryStore

PAGE_LIMIT = 1000            # the operator page shows the newest entries; the API has them all
LOCAL_TIME = ZoneInfo("Europe/Stockholm")
JSON_REQUIRED = "Begäran måste vara JSON (Content-Type: application/json)."
PATIENT_ID_MESSAGE = "Ange patientens personnummer med 12 siffror (ÅÅÅÅMMDD-NNNN)."


class Availability:
    """Whether the log service answers; thread-safe, per process (one worker)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._available = True

    @property
    def available(self) -> bool:
        with self._lock:
            return self._available

    def set(self, available: bool) -> None:
        with self._lock:
            self._available = available


def create_app(config: LogSimulatorConfig | None = None, *, clock: Clock | None = None) -> Flask:
    config = config or LogSimulatorConfig.from_env()
    config.check()
    clock = clock or SystemClock()
    store = EntryStore(config.database_path)
    availability = Availability()
    app = Flask(__name__, static_folder=None)
    csrf = init_frame(app, FrameSettings(secret_key=config.secret_key, cookie_name="log_simulator",
                                         assets_base_url=config.assets_base_url, index_url=config.index_url))
    for blueprint in (_api_blueprint(store, availability, clock), _control_blueprint(availability)):
        csrf.exempt(blueprint)        # machine clients with JSON bodies, no browser form
        app.register_blueprint(blueprint)
    _operator_pages(app, store, availability)
    app.add_template_filter(local_time, "local_time")
    app.extensions["log_store"] = store
    app.extensions["log_availability"] = availability
    return app


def local_time(value: str) -> str:
    """A stored UTC time as Swedish local time, for people."""
    return datetime.fromisoformat(value).astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M:%S")


def _api_blueprint(store: EntryStore, availability: Availability, clock: Clock) -> Blueprint:
    api = Blueprint("api", __name__, url_prefix="/api")

    @api.before_request
    def _gate():
        if not availability.available:
            return refusal(503, "LOG_SERVICE_UNAVAILABLE", "Loggtjänsten är otillgänglig. Försök igen senare.")
        return None

    @api.post("/entries")
    def add_entries():
        if not request.is_json:
            return refusal(415, "UNSUPPORTED_MEDIA_TYPE", JSON_REQUIRED)
        body = request.get_json(silent=True)
        if body is None:
            return refusal(400, "INVALID_ENTRY", "Begäran är inte giltig JSON.")
        try:
            result = store.add(parse_entries(body), clock.now())
        except EntryError as exc:
            return refusal(400, "INVALID_ENTRY", str(exc))
        except EntryConflict:
            return refusal(409, "ENTRY_CONFLICT",
                           "En loggpost med samma entry_id finns redan med annat innehåll. Loggen ändras aldrig.")
        return jsonify(result.to_json()), 201

    @api.post("/entries/search")
    def search_entries():
        if not request.is_json:
            return refusal(415, "UNSUPPORTED_MEDIA_TYPE", JSON_REQUIRED)
        body = request.get_json(silent=True)
        patient_id = normalise_patient_id(body.get("patient_id")) if isinstance(body, dict) else None
        if patient_id is None:
            return refusal(400, "INVALID_PATIENT_ID", PATIENT_ID_MESSAGE)
        return jsonify({"patient_id": patient_id, "entries": [e.to_json() for e in store.search(patient_id)]})

    @api.get("/entries/count")
    def count_entries():
        return jsonify({"count": store.count()})

    @api.get("/health")
    def health():
        return jsonify({"status": "ok"})

    return api


def _control_blueprint(availability: Availability) -> Blueprint:
    control = Blueprint("control", __name__, url_prefix="/control")

    @control.get("/state")
    def get_state():
        return jsonify({"available": availability.available})

    @control.post("/state")
    def set_state():
        body = request.get_json(silent=True) if request.is_json else None
        if not isinstance(body, dict) or not isinstance(body.get("available"), bool):
            return refusal(400, "INVALID_STATE", "Ange available: true eller false.")
        availability.set(body["available"])
        return jsonify({"available": availability.available})

    return control


def _operator_pages(app: Flask, store: EntryStore, availability: Availability) -> None:
    def page(patient_id: str | None = None, typed: str = "", error: str | None = None, status: int = 200):
        entries = [] if error else store.search(patient_id, limit=PAGE_LIMIT)
        return render_template("log_index.html", available=availability.available, groups=group_by_patient(entries),
                               total=store.count(), shown=len(entries), limit=PAGE_LIMIT,
                               patient_id=patient_id, typed=typed, error=error), status

    @app.get("/")
    def index():
        return page()

    @app.post("/sok")
    def filter_entries():
        # The filter answers the POST with the page itself: a redirect would have to carry
        # the personnummer in the URL.
        typed = (request.form.get("patient_id") or "").strip()[:20]
        if not typed:
            return page()
        patient_id = normalise_patient_id(typed)
        if patient_id is None:
            return page(typed=typed, error=PATIENT_ID_MESSAGE, status=400)
        return page(patient_id, typed=patient_id)

    @app.post("/tillganglighet")
    def availability_form():
        state = request.form.get("state")
        if state not in ("available", "unavailable"):
            return page(error="Välj om loggtjänsten ska vara tillgänglig eller otillgänglig.", status=400)
        availability.set(state == "available")
        flash("Loggtjänsten är nu tillgänglig." if state == "available"
              else "Loggtjänsten är nu otillgänglig. Alla anrop besvaras med 503.")
        return redirect(url_for("index"), 303)
