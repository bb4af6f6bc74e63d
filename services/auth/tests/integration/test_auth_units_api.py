"""GET /units/<hsa id>: the directory's answer to another service (the messaging worker's QA-7
e-mail to the issuing unit). No session; directory data only."""
from __future__ import annotations

import sqlalchemy as sa

from webcert_auth.adapters import orm
from webcert_auth.adapters.demo_loader import eleg_account_id

VG01 = "TSTNMT2321000156-VG01"
VE11 = "TSTNMT2321000156-VE11"
VE11_M1 = "TSTNMT2321000156-VE11-M1"
EVA = "19700102-0226"


def test_a_care_unit_answers_with_its_own_address_without_a_session(auth):
    response = auth.get(f"/units/{VE11}", None)
    assert response.status_code == 200
    assert response.get_json() == {"unit_id": VE11, "name": "Alfa Vårdcentral",
                                   "email": "alfa.vardcentral@example.invalid",
                                   "care_unit_id": VE11, "care_provider_id": VG01}


def test_a_workplace_without_an_address_answers_with_its_care_units(auth):
    with auth.engine.connect() as conn:
        own = conn.execute(sa.select(orm.care_unit.c.email).where(orm.care_unit.c.id == VE11_M1)).scalar()
    assert own is None      # the demo world keeps the mailbox on the care unit
    body = auth.get(f"/units/{VE11_M1}", None).get_json()
    assert body == {"unit_id": VE11_M1, "name": "Alfa Vårdcentral, Mottagning Norr",
                    "email": "alfa.vardcentral@example.invalid", "care_unit_id": VE11, "care_provider_id": VG01}


def test_a_workplace_with_an_address_of_its_own_keeps_it(auth):
    with auth.engine.begin() as conn:
        conn.execute(orm.care_unit.update().where(orm.care_unit.c.id == VE11_M1).values(email="norr@example.invalid"))
    assert auth.get(f"/units/{VE11_M1}", None).get_json()["email"] == "norr@example.invalid"


def test_a_practice_is_reached_at_the_address_given_on_min_sida(auth):
    unit_id = f"{eleg_account_id(EVA)}-VE"
    assert auth.get(f"/units/{unit_id}", None).get_json()["email"] == "eva.lund@example.invalid"
    sid = auth.session_id("bankid", EVA)
    assert auth.send("PATCH", "/accounts/current", sid, {"email": "mottagning@example.invalid"}).status_code == 200
    body = auth.get(f"/units/{unit_id}", None).get_json()
    assert body["email"] == "mottagning@example.invalid" and body["care_unit_id"] == unit_id
    assert EVA not in str(body)


def test_a_unit_without_any_address_answers_null(auth):
    with auth.engine.begin() as conn:
        conn.execute(orm.care_unit.update().where(orm.care_unit.c.id.in_([VE11, VE11_M1])).values(email=None))
    assert auth.get(f"/units/{VE11_M1}", None).get_json()["email"] is None


def test_an_unknown_unit_is_404_in_swedish_and_nothing_is_written(auth):
    before = auth.event_types()
    response = auth.get("/units/TSTNMT2321000156-FINNS-INTE", None)
    assert response.status_code == 404
    assert response.get_json()["error"] == {"reason": "UNIT_NOT_FOUND",
                                            "message": "Vårdenheten finns inte i katalogen."}
    assert auth.event_types() == before
