"""The running session through HTTP: units (§3 "Byta vårdenhet"), acknowledgements (§5.8,
§3), decisions (Tabell 2/3, §3 blocked), inactivity (§3 "Logga ut") and logout."""
from __future__ import annotations

from datetime import timedelta

import pytest

from webcert_auth.entrypoints.worker import SessionSweeper

INGRID, KARIN, SARA = "TSTNMT2321000156-1001", "TSTNMT2321000156-1009", "TSTNMT2321000156-1008"
BERTIL, GRETA, SIGRID, MARIA = ("TSTNMT2321000156-1012", "TSTNMT2321000156-1013",
                                "TSTNMT2321000156-1014", "TSTNMT2321000156-1003")
VE11, VE11_M1, VE12, VE21 = ("TSTNMT2321000156-VE11", "TSTNMT2321000156-VE11-M1",
                             "TSTNMT2321000156-VE12", "TSTNMT2321000156-VE21")


@pytest.mark.parametrize("hsa_id, role", [(INGRID, "LAKARE"), (KARIN, "VARDADMINISTRATOR")])
def test_choose_and_change_unit(auth, hsa_id, role):
    sid = auth.session_id("siths", hsa_id)
    view = auth.get("/sessions/current", sid).get_json()
    assert view["user"]["role"] == role
    assert view["unit"] is None and view["pending"] == ["choose_unit"] and view["may_change_unit"] is True
    assert view["units"][0]["workplaces"] == [
        {"id": VE11_M1, "name": "Alfa Vårdcentral, Mottagning Norr"},
        {"id": "TSTNMT2321000156-VE11-M2", "name": "Alfa Vårdcentral, Mottagning Söder"}]
    chosen = auth.send("PUT", "/sessions/current/unit", sid, {"unit_id": VE11_M1})
    assert chosen.status_code == 200
    assert chosen.get_json()["unit"] == {"id": VE11_M1, "name": "Alfa Vårdcentral, Mottagning Norr",
                                         "care_unit_id": VE11, "care_unit_name": "Alfa Vårdcentral",
                                         "is_workplace": True}
    assert chosen.get_json()["care_provider"] == {"id": "TSTNMT2321000156-VG01", "name": "Alfa Regionen",
                                                  "standalone": "allowed"}
    assert chosen.get_json()["pending"] == []
    changed = auth.send("PUT", "/sessions/current/unit", sid, {"unit_id": VE12})
    assert changed.status_code == 200 and changed.get_json()["unit"]["id"] == VE12
    assert auth.event_types() == ["user.logged_in", "user.unit_changed", "user.unit_changed"]
    assert auth.events()[-1]["payload"] == {"user_id": hsa_id, "unit_id": VE12}


def test_a_unit_without_uppdrag_is_refused_and_nothing_changes(auth):
    sid = auth.session_id("siths", INGRID)
    auth.send("PUT", "/sessions/current/unit", sid, {"unit_id": VE12})
    refused = auth.send("PUT", "/sessions/current/unit", sid, {"unit_id": VE21})
    assert refused.status_code == 403
    assert refused.get_json()["error"]["reason"] == "NOT_ASSIGNED_TO_UNIT"
    assert auth.get("/sessions/current", sid).get_json()["unit"]["id"] == VE12
    assert auth.event_types() == ["user.logged_in", "user.unit_changed"]


def test_single_unit_is_chosen_at_login_and_cannot_be_changed(auth):
    sid = auth.session_id("siths", MARIA)
    view = auth.get("/sessions/current", sid).get_json()
    assert view["unit"]["id"] == VE12 and view["pending"] == [] and view["may_change_unit"] is False
    assert auth.events()[0]["payload"]["unit_id"] == VE12


def test_eleg_doctor_cannot_change_unit(auth):
    sid = auth.session_id("bankid", "19700102-0226")
    response = auth.send("PUT", "/sessions/current/unit", sid, {"unit_id": VE11})
    assert response.status_code == 403
    assert response.get_json()["error"]["reason"] == "NOT_ASSIGNED_TO_UNIT"


def test_protected_identity_risk_is_pending_until_acknowledged(auth):
    sid = auth.session_id("siths", SIGRID)
    view = auth.get("/sessions/current", sid).get_json()
    assert view["user"]["protected_identity"] is True
    assert view["pending"] == ["choose_unit", "protected_identity_risk"]
    auth.send("PUT", "/sessions/current/unit", sid, {"unit_id": VE11})
    assert auth.get("/sessions/current", sid).get_json()["pending"] == ["protected_identity_risk"]
    done = auth.send("POST", "/sessions/current/acknowledgements", sid, {"kind": "protected_identity_risk"})
    assert done.status_code == 200 and done.get_json()["pending"] == []
    assert auth.get("/sessions/current", sid).get_json()["pending"] == []


def test_warned_user_sees_the_information_box_once(auth):
    sid = auth.session_id("siths", BERTIL)
    view = auth.get("/sessions/current", sid).get_json()
    assert view["care_provider"]["standalone"] == "warn" and view["pending"] == ["standalone_warning"]
    assert view["privileges"]["CREATE_CERTIFICATE"]["allowed"] is True    # §3: not hindered
    done = auth.send("POST", "/sessions/current/acknowledgements", sid, {"kind": "standalone_warning"})
    assert done.get_json()["pending"] == []


def test_unknown_acknowledgement_is_422(auth):
    sid = auth.session_id("siths", BERTIL)
    response = auth.send("POST", "/sessions/current/acknowledgements", sid, {"kind": "whatever"})
    assert response.status_code == 422
    assert auth.get("/sessions/current", sid).get_json()["pending"] == ["standalone_warning"]


def test_blocked_user_cannot_create_but_can_sign(auth):
    sid = auth.session_id("siths", GRETA)
    view = auth.get("/sessions/current", sid).get_json()
    assert view["pending"] == []                                 # §3: no box for blocked users
    assert view["privileges"]["CREATE_CERTIFICATE"]["reason"] == "CARE_PROVIDER_BLOCKED"
    create = auth.get("/sessions/current/decisions", sid,
                      query_string={"privilege": "CREATE_CERTIFICATE", "certificate_type": "FK7804"})
    assert create.status_code == 200
    assert create.get_json()["allowed"] is False and create.get_json()["reason"] == "CARE_PROVIDER_BLOCKED"
    assert "fristående Webcert" in create.get_json()["message"]
    sign = auth.get("/sessions/current/decisions", sid, query_string={"privilege": "SIGN_CERTIFICATE"})
    assert sign.get_json() == {"allowed": True, "reason": None, "message": None}


def test_dentist_gets_only_the_dentist_types(auth):
    sid = auth.session_id("siths", SARA)
    view = auth.get("/sessions/current", sid).get_json()
    assert view["user"]["role_label"] == "Tandläkare"
    assert view["certificate_types"] == ["FK7804", "FK7263", "AG1-14", "AG7804"]
    auth.send("PUT", "/sessions/current/unit", sid, {"unit_id": VE11})
    db = auth.get("/sessions/current/decisions", sid,
                  query_string={"privilege": "CREATE_CERTIFICATE", "certificate_type": "DB"}).get_json()
    assert db["reason"] == "CERTIFICATE_TYPE_NOT_FOR_ROLE"
    assert view["privileges"]["SIGN_CERTIFICATE"]["reason"] == "UNIT_NOT_CHOSEN"


def test_unknown_privilege_is_422(auth):
    sid = auth.session_id("siths", MARIA)
    assert auth.get("/sessions/current/decisions", sid, query_string={"privilege": "FLY"}).status_code == 422


@pytest.mark.parametrize("sid", [None, "", "forged-session-id", "x" * 43])
def test_forged_or_missing_session_is_401(auth, sid):
    auth.session_id("siths", MARIA)
    response = auth.get("/sessions/current", sid)
    assert response.status_code == 401
    assert response.get_json()["error"]["reason"] == "SESSION_UNKNOWN"


def test_idle_timeout_after_thirty_minutes(auth):
    sid = auth.session_id("siths", MARIA)
    auth.clock.advance(timedelta(minutes=29))
    assert auth.get("/sessions/current", sid).status_code == 200     # activity
    auth.clock.advance(timedelta(minutes=29))
    assert auth.get("/sessions/current", sid).status_code == 200
    auth.clock.advance(timedelta(minutes=30))
    response = auth.get("/sessions/current", sid)
    assert response.status_code == 401
    assert response.get_json()["error"]["reason"] == "SESSION_EXPIRED_IDLE"
    assert auth.get("/sessions/current", sid).get_json()["error"]["reason"] == "SESSION_EXPIRED_IDLE"
    assert auth.event_types() == ["user.logged_in", "user.session_expired"]
    assert auth.events()[-1]["payload"] == {"user_id": MARIA, "reason": "idle"}


def test_absolute_limit(auth):
    sid = auth.session_id("siths", MARIA)
    for _ in range(12 * 2):                       # active all day: 11 h 59 min 36 s
        auth.clock.advance(timedelta(minutes=29, seconds=59))
        assert auth.get("/sessions/current", sid).status_code == 200
    auth.clock.advance(timedelta(seconds=30))
    response = auth.get("/sessions/current", sid)
    assert response.get_json()["error"]["reason"] == "SESSION_EXPIRED_ABSOLUTE"
    assert auth.events()[-1]["payload"] == {"user_id": MARIA, "reason": "absolute"}


def test_logout_then_401(auth):
    sid = auth.session_id("siths", MARIA)
    response = auth.send("DELETE", "/sessions/current", sid)
    assert response.status_code == 204 and response.data == b""
    after = auth.get("/sessions/current", sid)
    assert after.status_code == 401 and after.get_json()["error"]["reason"] == "SESSION_UNKNOWN"
    assert auth.send("DELETE", "/sessions/current", sid).status_code == 401
    assert auth.event_types() == ["user.logged_in", "user.logged_out"]


def test_sweeper_expires_sessions_nobody_touches(auth):
    idle_sid = auth.session_id("siths", MARIA)
    busy_sid = auth.session_id("siths", GRETA)
    auth.clock.advance(timedelta(minutes=20))
    assert auth.get("/sessions/current", busy_sid).status_code == 200
    auth.clock.advance(timedelta(minutes=10))
    sweeper = SessionSweeper(auth.client.application.extensions["webcert_auth"])
    assert sweeper.run_once() == 1
    assert sweeper.run_once() == 0
    assert auth.events()[-1]["payload"] == {"user_id": MARIA, "reason": "idle"}
    assert auth.get("/sessions/current", idle_sid).get_json()["error"]["reason"] == "SESSION_EXPIRED_IDLE"
    assert auth.get("/sessions/current", busy_sid).status_code == 200
    assert auth.event_types().count("user.session_expired") == 1


def test_openapi_lists_the_endpoints_and_health_answers(auth):
    paths = auth.client.get("/openapi.json").get_json()["paths"]
    assert set(paths) >= {"/sessions", "/sessions/current", "/sessions/current/unit",
                          "/sessions/current/acknowledgements", "/sessions/current/decisions",
                          "/accounts/current"}
    assert set(paths["/sessions/current"]) >= {"get", "delete"}
    assert set(paths["/accounts/current"]) >= {"get", "patch"}
    assert auth.client.get("/health").status_code == 200
    assert auth.client.get("/ready").get_json()["checks"] == {"database": "ok"}
