"""Sessions: §3 thirty-minute inactivity, the absolute limit, choosing and changing unit,
and the pending list (choose unit, §5.8 risk dialog, §3 information box)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from webcert_common.clock import FakeClock
from webcert_auth.domain.directory import CareProvider, CareUnit, Workplace
from webcert_auth.domain.errors import InvalidRequest, NotAuthenticated, NotPermitted
from webcert_auth.domain.roles import Role
from webcert_auth.domain.session import Session, SessionUser

ALFA = CareProvider("VG01", "Alfa Regionen", "allowed")
BETA = CareProvider("VG02", "Beta Vård AB", "warn")
GAMMA = CareProvider("VG03", "Gamma Hälsa", "block")
VE11 = CareUnit("VE11", "Alfa Vårdcentral", ALFA, (Workplace("VE11-M1", "Norr"), Workplace("VE11-M2", "Söder")))
VE12 = CareUnit("VE12", "Alfa Akutmottagning", ALFA)
VE21 = CareUnit("VE21", "Beta Läkarhus", BETA)
VE31 = CareUnit("VE31", "Gamma Klinik", GAMMA)


def _user(role=Role.LAKARE, method="siths", protected=False):
    return SessionUser("HSA-1", "Test Testsson", role, method, protected)


def _start(units, clock, **kwargs):
    return Session.start("h", _user(**kwargs), units, clock.now())


def test_idle_limit_is_thirty_minutes_of_inactivity():
    clock = FakeClock()
    session = _start([VE12], clock)
    clock.advance(timedelta(minutes=29, seconds=59))
    session.ensure_alive(clock.now())
    session.touch(clock.now())
    clock.advance(timedelta(minutes=29))
    session.ensure_alive(clock.now())            # activity moved the limit
    clock.advance(timedelta(minutes=1))
    assert session.expiry_reason(clock.now()) == "idle"
    with pytest.raises(NotAuthenticated) as refused:
        session.ensure_alive(clock.now())
    assert refused.value.reason == "SESSION_EXPIRED_IDLE"


def test_absolute_limit_holds_even_with_activity():
    clock = FakeClock()
    session = Session.start("h", _user(), [VE12], clock.now(), absolute_limit=timedelta(hours=2))
    for _ in range(7):
        clock.advance(timedelta(minutes=15))
        session.ensure_alive(clock.now())
        session.touch(clock.now())
    clock.advance(timedelta(minutes=15))          # 2 h after login, 15 min after the last activity
    assert session.expiry_reason(clock.now()) == "absolute"
    with pytest.raises(NotAuthenticated) as refused:
        session.ensure_alive(clock.now())
    assert refused.value.reason == "SESSION_EXPIRED_ABSOLUTE"


def test_a_logged_out_session_is_unknown():
    clock = FakeClock()
    session = _start([VE12], clock)
    session.end(clock.now(), "logged_out")
    with pytest.raises(NotAuthenticated) as refused:
        session.ensure_alive(clock.now())
    assert refused.value.reason == "SESSION_UNKNOWN"


def test_a_single_unit_without_workplaces_is_chosen_at_login():
    session = _start([VE12], FakeClock())
    assert session.unit_id == "VE12" and session.pending == [] and not session.may_change_unit


def test_several_units_or_workplaces_must_be_chosen():
    session = _start([VE11], FakeClock())           # one unit, two workplaces: three to choose from
    assert session.pending == ["choose_unit"] and session.may_change_unit
    assert session.choose_unit("VE11-M2") is True
    assert session.current_unit.is_workplace and session.current_unit.care_unit_id == "VE11"
    assert session.choose_unit("VE11") is True
    assert session.choose_unit("VE11") is False


def test_a_unit_without_assignment_is_refused():
    session = _start([VE11, VE12], FakeClock())
    with pytest.raises(NotPermitted) as refused:
        session.choose_unit("VE21")
    assert refused.value.reason == "NOT_ASSIGNED_TO_UNIT"
    assert session.unit_id is None


def test_eleg_doctor_cannot_change_unit():
    # Tabell 3: "Byta vårdenhet" is not there for e-legitimation, even with several units.
    session = Session.start("h", _user(method="bankid"), [VE11, VE12], FakeClock().now())
    assert not session.may_change_unit
    session.choose_unit("VE12")                     # the first choice is a login, not a change
    with pytest.raises(NotPermitted) as refused:
        session.choose_unit("VE11")
    assert refused.value.reason == "CHANGE_UNIT_NOT_ALLOWED"


def test_pending_in_order_and_acknowledged_one_by_one():
    session = Session.start("h", _user(protected=True), [VE21, VE12], FakeClock().now())
    assert session.pending == ["choose_unit", "protected_identity_risk"]
    session.choose_unit("VE21")
    assert session.pending == ["protected_identity_risk", "standalone_warning"]
    session.acknowledge("protected_identity_risk")
    assert session.pending == ["standalone_warning"]
    session.acknowledge("standalone_warning")
    session.acknowledge("standalone_warning")       # twice is harmless
    assert session.pending == []
    session.choose_unit("VE12")
    session.choose_unit("VE21")                     # back again: the box was already seen for Beta
    assert session.pending == []


def test_blocked_users_get_no_information_box():
    session = _start([VE31], FakeClock())
    assert session.pending == []
    assert session.decide("CREATE_CERTIFICATE").reason == "CARE_PROVIDER_BLOCKED"
    assert session.decide("SIGN_CERTIFICATE").allowed


def test_unknown_acknowledgement_is_refused():
    session = _start([VE12], FakeClock())
    with pytest.raises(InvalidRequest):
        session.acknowledge("something")
