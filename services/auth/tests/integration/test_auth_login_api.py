"""POST /sessions for every demo user (Tabell 1, §2, Appendix A) and its refusals."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
import yaml

from webcert_auth.adapters import orm
from webcert_auth.adapters.demo_loader import DEFAULT_DEMO_DATA_PATH, eleg_account_id

WORLD = yaml.safe_load(DEFAULT_DEMO_DATA_PATH.read_text(encoding="utf-8"))
CARE = "Vård och behandling"
ALLOWED_SITHS = [u for u in WORLD["siths_users"] if u["expected_role"]]
EVA = "19700102-0226"


@pytest.mark.parametrize("user", ALLOWED_SITHS, ids=lambda u: u["name"])
def test_every_demo_siths_user_logs_in_with_the_expected_role_and_units(auth, user):
    response = auth.login("siths", user["hsa_id"])
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    view = body["session"]
    assert len(body["session_id"]) >= 32
    assert view["user"]["id"] == user["hsa_id"] and view["user"]["name"] == user["name"]
    assert view["user"]["role"] == user["expected_role"]
    assert view["user"]["login_method"] == "siths"
    assert view["user"]["protected_identity"] == bool(user.get("protected_identity"))
    assert [u["id"] for u in view["units"]] == [a["unit"] for a in user["assignments"] if a["purpose"] == CARE]
    assert auth.event_types() == ["user.logged_in"]
    assert auth.events()[0]["payload"]["user_id"] == user["hsa_id"]


def test_user_without_care_assignment_is_refused_with_the_reason(auth):
    response = auth.login("siths", "TSTNMT2321000156-1011")     # Lena Ingen
    assert response.status_code == 403
    assert response.get_json()["error"] == {
        "reason": "NO_CARE_ASSIGNMENT",
        "message": "Du saknar medarbetaruppdrag med ändamålet Vård och behandling och kan därför inte "
                   "logga in i Webcert."}
    [event] = auth.events()
    assert event["type"] == "user.login_refused"
    assert event["payload"] == {"reason": "NO_CARE_ASSIGNMENT", "login_method": "siths",
                                "user_id": "TSTNMT2321000156-1011"}
    with auth.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(orm.session)).scalar() == 0


def test_unknown_hsa_id_is_refused(auth):
    response = auth.login("siths", "TSTNMT2321000156-9999")
    assert response.status_code == 403
    assert response.get_json()["error"]["reason"] == "UNKNOWN_IDENTITY"


def test_eva_lund_by_bankid_is_a_doctor_on_her_practice(auth):
    response = auth.login("bankid", EVA)
    assert response.status_code == 201
    view = response.get_json()["session"]
    account_id = eleg_account_id(EVA)
    assert view["user"] == {"id": account_id, "name": "Eva Lund", "role": "LAKARE", "role_label": "Läkare",
                            "login_method": "bankid", "protected_identity": False}
    assert view["care_provider"]["name"] == "Lunds Läkarpraktik"
    assert view["unit"]["name"] == "Lunds Läkarpraktik" and view["unit"]["is_workplace"] is False
    assert view["may_change_unit"] is False and view["pending"] == []
    assert view["privileges"]["FORWARD_DRAFT"]["reason"] == "NOT_AVAILABLE_WITH_ELEG"
    assert view["privileges"]["CHANGE_UNIT"]["allowed"] is False
    assert view["privileges"]["SIGN_CERTIFICATE"]["allowed"] is True
    # No personnummer anywhere in the events: the account id names her.
    assert EVA not in str(auth.events()) and "197001020226" not in str(auth.events())
    assert auth.events()[0]["payload"]["user_id"] == account_id


@pytest.mark.parametrize("method", ["mobilt_bankid", "telia"])
def test_every_eleg_method_works(auth, method):
    assert auth.login(method, EVA).status_code == 201


@pytest.mark.parametrize("pnr", ["19650101-2485", "19720815-3697", "19580220-1177", "19721225-4549"])
def test_eleg_person_without_account_is_told_to_create_one(auth, pnr):
    response = auth.login("bankid", pnr)
    assert response.status_code == 403
    assert response.get_json()["error"]["reason"] == "NO_ACCOUNT"
    assert response.get_json()["error"]["message"].startswith("Du har inget användarkonto i Webcert.")
    [event] = auth.events()
    assert event["payload"] == {"reason": "NO_ACCOUNT", "login_method": "bankid", "user_id": None}


def _give_account(auth, pnr: str) -> None:
    """As if the person had registered (Appendix A); registration itself is not built here."""
    with auth.engine.begin() as conn:
        conn.execute(orm.eleg_account.insert().values(
            id="ELEG-TEST", personal_identity_number=pnr, name="Test", email=None, phone=None,
            care_provider_id=f"{eleg_account_id(EVA)}-VG", unit_id=f"{eleg_account_id(EVA)}-VE"))


def test_eleg_account_of_a_non_doctor_is_refused(auth):
    _give_account(auth, "19580220-1177")          # Hans Sjöberg: HoSp says Sjuksköterska (§2.3)
    response = auth.login("bankid", "19580220-1177")
    assert response.status_code == 403
    assert response.get_json()["error"]["reason"] == "NOT_A_DOCTOR"


def test_eleg_account_with_licence_not_yet_confirmed_is_refused(auth):
    _give_account(auth, "19720815-3697")          # Oskar Väntesson: no HoSp answer yet
    response = auth.login("telia", "19720815-3697")
    assert response.status_code == 403
    assert response.get_json()["error"]["reason"] == "LICENCE_PENDING"


@pytest.mark.parametrize("assertion", [
    lambda a: a.assertion("siths", "TSTNMT2321000156-1001", key="forged-key"),
    lambda a: a.assertion("siths", "TSTNMT2321000156-1001")[:-3],
    lambda a: "garbage",
])
def test_forged_assertion_is_400_and_changes_nothing(auth, assertion):
    response = auth.client.post("/sessions", json={"assertion": assertion(auth)})
    assert response.status_code == 400
    assert response.get_json()["error"]["reason"] == "INVALID_ASSERTION"
    assert auth.events() == []


def test_expired_assertion_is_400(auth):
    assertion = auth.assertion("siths", "TSTNMT2321000156-1001")
    auth.clock.advance(timedelta(seconds=121))
    response = auth.client.post("/sessions", json={"assertion": assertion})
    assert response.status_code == 400
    assert response.get_json()["error"]["reason"] == "INVALID_ASSERTION"
    assert auth.events() == []


def test_nonce_must_match_when_given(auth):
    assertion = auth.assertion("siths", "TSTNMT2321000156-1002", nonce="abc")
    assert auth.client.post("/sessions", json={"assertion": assertion, "nonce": "xyz"}).status_code == 400
    assert auth.client.post("/sessions", json={"assertion": assertion, "nonce": "abc"}).status_code == 201


def test_missing_assertion_is_a_swedish_422(auth):
    response = auth.client.post("/sessions", json={})
    assert response.status_code == 422
    assert response.get_json()["error"]["details"]["json"]["assertion"] == ["Uppgiften saknas."]


def test_an_assertion_logs_in_only_once(auth):
    assertion = auth.assertion("siths", "TSTNMT2321000156-1001")
    assert auth.client.post("/sessions", json={"assertion": assertion}).status_code == 201
    replay = auth.client.post("/sessions", json={"assertion": assertion})
    assert replay.status_code == 400
    assert replay.get_json()["error"]["reason"] == "INVALID_ASSERTION"
    assert auth.event_types() == ["user.logged_in"]
