"""The PU simulator's HTTP API and operator page (docs/ARCHITECTURE.md, "Simulators").

API (JSON, for pu-lookup's PopulationRegister adapter):
  POST /api/persons/lookup {"personnummer"} -> 200 person | 400 | 404; 503 when unavailable
  GET  /api/health                           -> 200 | 503
Control (JSON, for system and browser tests; not under /api, so it answers while the register
is unavailable): GET/POST /control/state, POST /control/reset.
Operator page: "/" with forms that POST; people are named by their position in the list, so no
personnummer ever appears in a URL."""
from __future__ import annotations

from typing import Callable

from flask import Blueprint, Flask, flash, jsonify, redirect, render_template, request, url_for

from simulator_index.frame import FrameSettings, init_frame, refusal

from .config import MAX_DELAY_SECONDS, PuSimulatorConfig
from .register import (AVAILABLE, SLOW, STATES, UNAVAILABLE, ChangeError, PopulationRegister, load_people,
                       normalise_personnummer, parse_change, parse_delay)

UNAVAILABLE_MESSAGE = "PU-tjänsten är otillgänglig."
STATE_CHANGED = {
    AVAILABLE: "PU-tjänsten är nu tillgänglig.",
    UNAVAILABLE: "PU-tjänsten är nu otillgänglig. Alla anrop besvaras med 503.",
    SLOW: "PU-tjänsten är nu långsam.",
}


def create_app(config: PuSimulatorConfig | None = None, *,
               wait: Callable[[float], None] | None = None) -> Flask:
    """``wait(seconds)`` is how a call waits in "långsam"; tests pass a recorder instead of time."""
    config = config or PuSimulatorConfig.from_env()
    config.check()
    register = PopulationRegister(load_people(config.demo_data_path), config.slow_delay_seconds)
    wait = register.pause if wait is None else wait
    app = Flask(__name__, static_folder=None)
    csrf = init_frame(app, FrameSettings(secret_key=config.secret_key, cookie_name="pu_simulator",
                                         assets_base_url=config.assets_base_url, index_url=config.index_url))
    api = _api_blueprint(register, wait)
    control = _control_blueprint(register, config)
    for blueprint in (api, control):
        csrf.exempt(blueprint)        # machine clients with JSON bodies, no browser form
        app.register_blueprint(blueprint)
    _operator_pages(app, register, config)
    app.extensions["pu_register"] = register
    return app


def _json_body() -> dict:
    body = request.get_json(silent=True) if request.is_json else None
    return body if isinstance(body, dict) else {}


def _api_blueprint(register: PopulationRegister, wait: Callable[[float], None]) -> Blueprint:
    api = Blueprint("api", __name__, url_prefix="/api")

    @api.before_request
    def _gate():
        # "långsam" waits first (to exercise the caller's timeouts), then answers as usual;
        # unavailable answers every call with 503 (§5.8 "Otillgänglig PU-tjänst").
        delay = register.delay_before_answer()
        if delay:
            wait(delay)
        if register.state == UNAVAILABLE:
            return refusal(503, "PU_UNAVAILABLE", UNAVAILABLE_MESSAGE)
        return None

    @api.post("/persons/lookup")
    def lookup():
        if not request.is_json:
            return refusal(415, "UNSUPPORTED_MEDIA_TYPE", "Begäran måste vara JSON (Content-Type: application/json).")
        number = normalise_personnummer(_json_body().get("personnummer"))
        if number is None:
            return refusal(400, "INVALID_PERSONNUMMER",
                           "Personnumret ska anges med 12 siffror, med eller utan bindestreck (ÅÅÅÅMMDD-NNNN).")
        person = register.find(number)
        if person is None:
            return refusal(404, "PERSON_NOT_FOUND", "Personen finns inte i PU-tjänsten.")
        return jsonify(person.to_json())

    @api.get("/health")
    def health():
        return jsonify({"status": "ok"})

    return api


def _control_blueprint(register: PopulationRegister, config: PuSimulatorConfig) -> Blueprint:
    control = Blueprint("control", __name__, url_prefix="/control")

    def state_view():
        return jsonify({"state": register.state, "slow_delay_seconds": register.slow_delay_seconds})

    @control.get("/state")
    def get_state():
        return state_view()

    @control.post("/state")
    def set_state():
        if not request.is_json:
            return refusal(415, "UNSUPPORTED_MEDIA_TYPE", "Begäran måste vara JSON (Content-Type: application/json).")
        body = _json_body()
        try:
            if body.get("state") not in STATES:
                raise ChangeError("Ange state: available, unavailable eller slow.")
            delay = body.get("delay_seconds")
            register.set_state(body["state"], None if delay is None else parse_delay(delay, MAX_DELAY_SECONDS))
        except ChangeError as exc:
            return refusal(400, "INVALID_STATE", str(exc))
        return state_view()

    @control.post("/reset")
    def reset():
        register.reset(load_people(config.demo_data_path))
        return state_view()

    return control


def _operator_pages(app: Flask, register: PopulationRegister, config: PuSimulatorConfig) -> None:
    def page(status: int = 200, error: str | None = None, error_position: int | None = None):
        return render_template("pu_index.html", state=register.state, delay=register.slow_delay_seconds,
                               max_delay=MAX_DELAY_SECONDS, people=register.people(), error=error,
                               error_position=error_position), status

    @app.get("/")
    def index():
        return page()

    @app.post("/tillganglighet")
    def availability():
        state = request.form.get("state")
        try:
            if state not in STATES:
                raise ChangeError("Välj om PU-tjänsten ska vara tillgänglig, otillgänglig eller långsam.")
            delay = parse_delay(request.form.get("delay_seconds", ""), MAX_DELAY_SECONDS) if state == SLOW else None
            register.set_state(state, delay)
        except ChangeError as exc:
            return page(400, str(exc))
        flash(STATE_CHANGED[state])
        return redirect(url_for("index"), 303)

    @app.post("/patienter/<int:position>")
    def change_person(position: int):
        try:
            change = parse_change(request.form.get("name"), request.form.get("protected_identity") == "on",
                                  request.form.get("deceased"))
            person = register.change(position, change)
        except ChangeError as exc:
            return page(400, str(exc), position)
        flash(f"Ändringarna för {person.name} har sparats.")
        return redirect(url_for("index"), 303)

    @app.post("/aterstall")
    def reset():
        register.reset(load_people(config.demo_data_path))
        flash("Demopatienterna har lästs in på nytt.")
        return redirect(url_for("index"), 303)
