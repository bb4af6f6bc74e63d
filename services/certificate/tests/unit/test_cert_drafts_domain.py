"""The draft's rules in plain Python (domain/certificate.py, domain/access.py, domain/requester.py):
versions, priority (§5.2 "Samtidig redigering"), signing freezes, who reaches what, which actions."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from webcert_certificate.domain import access
from webcert_certificate.domain.certificate import DRAFT, SIGNED, Certificate
from webcert_certificate.domain.errors import CertificateRefusal
from webcert_certificate.domain.requester import Requester, requester_from_session

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
INGRID = {"id": "HSA-1", "name": "Ingrid Holm", "role": "LAKARE"}
OLLE = {"id": "HSA-2", "name": "Olle Berg", "role": "LAKARE"}
UNIT = {"id": "VE11-M1", "name": "Mottagning Norr", "care_unit_id": "VE11", "care_unit_name": "Alfa Vårdcentral",
        "care_provider_id": "VG01", "care_provider_name": "Alfa Regionen"}


def draft(**changes) -> Certificate:
    values = dict(id="c1", certificate_type="FK7804", type_version="1.3",
                  patient={"personnummer": "19121212-1212", "name": "Tolvan Tolvansson"}, unit=dict(UNIT),
                  created_by=INGRID, created_at=NOW, updated_at=NOW)
    values.update(changes)
    return Certificate(**values)


def requester(role="LAKARE", unit_id="VE11-M1", workplace=True, allowed=("EDIT_DRAFT", "DELETE_DRAFT",
              "SIGN_CERTIFICATE", "FORWARD_DRAFT", "PRINT_CERTIFICATE"), types=("FK7804",)) -> Requester:
    privileges = {p: {"allowed": p in allowed, "reason": None if p in allowed else "NOT_AVAILABLE_FOR_ROLE",
                      "message": None if p in allowed else "Inte för din roll."}
                  for p in ("EDIT_DRAFT", "DELETE_DRAFT", "SIGN_CERTIFICATE", "FORWARD_DRAFT", "PRINT_CERTIFICATE",
                            "COPY_LOCKED_DRAFT")}
    return Requester(user_id="HSA-1", name="Ingrid Holm", role=role, login_method="siths", unit_id=unit_id,
                     unit_name="x", care_unit_id="VE11", care_unit_name="Alfa Vårdcentral", is_workplace=workplace,
                     care_provider_id="VG01", care_provider_name="Alfa Regionen", privileges=privileges,
                     certificate_types=types)


def reason(call) -> str:
    with pytest.raises(CertificateRefusal) as refused:
        call()
    return refused.value.reason


def test_a_save_moves_the_version_and_names_who_saved():
    c = draft()
    c.save({"29": "Snickare"}, version=1, token=None, user=OLLE, now=NOW + timedelta(minutes=1))
    assert (c.version, c.content, c.saved_by["name"], c.updated_at) == (2, {"29": "Snickare"}, "Olle Berg",
                                                                        NOW + timedelta(minutes=1))


def test_a_save_on_an_old_version_is_refused_and_changes_nothing():
    c = draft()
    c.save({"29": "a"}, version=1, token=None, user=INGRID, now=NOW)
    assert reason(lambda: c.save({"29": "b"}, version=1, token=None, user=INGRID, now=NOW)) == "STALE_VERSION"
    assert c.content == {"29": "a"} and c.version == 2


def test_the_last_to_open_has_priority_and_the_first_is_told_who():
    c = draft()
    c.open_for_editing(INGRID, "t-ingrid", NOW)
    c.open_for_editing(OLLE, "t-olle", NOW + timedelta(seconds=5))
    with pytest.raises(CertificateRefusal) as refused:
        c.save({"29": "x"}, version=1, token="t-ingrid", user=INGRID, now=NOW)
    assert refused.value.reason == "EDITED_BY_OTHER" and refused.value.extra["holder"] == "Olle Berg"
    c.save({"29": "y"}, version=1, token="t-olle", user=OLLE, now=NOW)
    assert c.content == {"29": "y"}


def test_signing_freezes_the_certificate():
    c = draft()
    c.open_for_editing(INGRID, "t", NOW)
    c.sign(issuer=INGRID, content={"29": "x"}, signature={"signature": "..."}, signed_at=NOW)
    assert (c.status, c.version, c.editor, c.issuer["name"]) == (SIGNED, 2, None, "Ingrid Holm")
    for call in (lambda: c.save({}, version=2, token=None, user=INGRID, now=NOW),
                 lambda: c.sign(issuer=INGRID, content={}, signature={}, signed_at=NOW),
                 lambda: c.require_deletable(2), lambda: c.mark_forwarded(True),
                 lambda: c.open_for_editing(INGRID, "t2", NOW)):
        assert reason(call) == "NOT_A_DRAFT"


def test_deleting_needs_the_current_version():
    c = draft(version=3)
    assert reason(lambda: c.require_deletable(2)) == "STALE_VERSION"
    c.require_deletable(3)


@pytest.mark.parametrize("unit_id, workplace, reached", [
    ("VE11-M1", True, True),       # the workplace itself
    ("VE11", False, True),         # its care unit
    ("VE11-M2", True, False),      # a sibling workplace
    ("VE12", False, False),        # another care unit
])
def test_who_reaches_a_certificate(unit_id, workplace, reached):
    assert access.reaches(requester(unit_id=unit_id, workplace=workplace), UNIT) is reached


def test_actions_of_a_doctor_on_a_draft():
    actions = access.actions_for(requester(), draft())
    assert {a for a, d in actions.items() if d["allowed"]} == {"EDIT", "DELETE", "SIGN", "FORWARD", "PRINT"}
    # §5.4: a doctor forwards from the list, not from a button in the draft.
    assert actions["FORWARD_IN_DRAFT"]["reason"] == "FORWARD_FROM_LIST"


def test_an_administrator_gets_visa_vad_som_saknas_instead_of_signing():
    admin = requester(role="VARDADMINISTRATOR", allowed=("EDIT_DRAFT", "DELETE_DRAFT", "FORWARD_DRAFT",
                                                          "PRINT_CERTIFICATE"))
    actions = access.actions_for(admin, draft())
    assert actions["SHOW_MISSING"]["allowed"] and not actions["SIGN"]["allowed"]
    assert actions["FORWARD_IN_DRAFT"]["allowed"]
    assert actions["SIGN"]["reason"] == "NOT_AVAILABLE_FOR_ROLE"


def test_a_type_outside_tabell_2_cannot_be_signed():
    decision = access.decide(requester(types=("AG7804",)), draft(), access.SIGN)
    assert (decision.allowed, decision.reason) == (False, "CERTIFICATE_TYPE_NOT_FOR_ROLE")


def test_a_signed_certificate_offers_only_printing():
    signed = draft(status=SIGNED)
    actions = access.actions_for(requester(), signed)
    assert {a for a, d in actions.items() if d["allowed"]} == {"PRINT"}
    assert actions["EDIT"]["reason"] == "NOT_A_DRAFT" and draft().status == DRAFT


def test_a_session_without_a_unit_is_refused():
    view = {"user": {"id": "HSA-1", "name": "Ingrid Holm", "role": "LAKARE"}, "unit": None, "pending": ["choose_unit"]}
    assert reason(lambda: requester_from_session(view)) == "UNIT_NOT_CHOSEN"


def test_a_privilege_the_session_does_not_name_is_refused():
    assert requester().decision("NO_SUCH_PRIVILEGE").allowed is False


def test_signing_moves_helper_texts_into_ovriga_upplysningar():
    from datetime import date

    from webcert_certificate.adapters.type_loader import load_certificate_types
    from webcert_certificate.domain.signed_content import signed_content

    fk7804 = load_certificate_types()["FK7804"]
    content = {"1": {"TELEFONKONTAKT": "2026-11-25"}, "1.2": "Patienten var på resa.", "25": "Tidigare frisk.",
               "27": False}
    signed = signed_content(fk7804, content, date(2026, 11, 26))
    assert "1.2" not in signed
    assert signed["25"].startswith("Tidigare frisk.") and "Patienten var på resa." in signed["25"]
    hidden = signed_content(fk7804, {"27": True, "1": {"UNDERSOKNING": "2026-11-25"}}, date(2026, 11, 26))
    assert "1" not in hidden   # section hidden by smittbärarpenning: the answer is dropped


@pytest.mark.parametrize("created, now, due", [
    ("2026-11-12T10:00:00+01:00", "2026-11-25T23:59:00+01:00", False),   # the thirteenth day
    ("2026-11-12T10:00:00+01:00", "2026-11-26T00:00:00+01:00", True),    # the fourteenth day begins
    ("2026-11-12T23:59:00+01:00", "2026-11-26T00:01:00+01:00", True),    # by date, not by hours
    ("2026-03-16T00:30:00+01:00", "2026-03-30T00:10:00+02:00", True),    # across the change to summer time
])
def test_the_fourteen_day_rule_counts_swedish_calendar_days(created, now, due):
    """§5.1: "inom fjorton dagar från den dagen det skapades"."""
    from zoneinfo import ZoneInfo

    from webcert_certificate.domain.certificate import lock_cutoff

    cutoff = lock_cutoff(datetime.fromisoformat(now), ZoneInfo("Europe/Stockholm"))
    assert (datetime.fromisoformat(created) < cutoff) is due


def test_locked_drafts_offer_copy_and_printing_only():
    from webcert_certificate.domain.certificate import LOCKED

    locked = draft(status=LOCKED)
    admin_like = requester(allowed=("EDIT_DRAFT", "DELETE_DRAFT", "SIGN_CERTIFICATE", "FORWARD_DRAFT",
                                    "PRINT_CERTIFICATE", "COPY_LOCKED_DRAFT"))
    actions = access.actions_for(admin_like, locked)
    assert {a for a, d in actions.items() if d["allowed"]} == {"COPY", "PRINT"}
    assert actions["EDIT"]["reason"] == "DRAFT_LOCKED" and reason(lambda: locked.require_draft()) == "DRAFT_LOCKED"
    assert access.decide(admin_like, draft(), access.COPY).reason == "NOT_LOCKED"
