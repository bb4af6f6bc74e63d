"""Min sida (Appendix A "Ändra dina uppgifter"): stored now, shown after the next login."""
from __future__ import annotations

EVA = "19700102-0226"


def test_eva_sees_and_changes_her_details_which_apply_at_next_login(auth):
    sid = auth.session_id("bankid", EVA)
    account = auth.get("/accounts/current", sid)
    assert account.status_code == 200
    assert account.get_json() == {"id": account.get_json()["id"], "name": "Eva Lund",
                                  "care_provider_name": "Lunds Läkarpraktik", "unit_name": "Lunds Läkarpraktik",
                                  "email": "eva.lund@example.invalid", "phone": None}
    assert EVA not in str(account.get_json())
    changes = {"unit_name": "Lunds Läkarpraktik, Mottagning 2", "care_provider_name": "Lund Läkare AB",
               "email": "eva@example.invalid", "phone": "046-123 45"}
    changed = auth.send("PATCH", "/accounts/current", sid, changes)
    assert changed.status_code == 200 and changed.get_json()["unit_name"] == changes["unit_name"]
    assert auth.get("/accounts/current", sid).get_json()["phone"] == "046-123 45"
    # The running session keeps what was true at login ...
    assert auth.get("/sessions/current", sid).get_json()["unit"]["name"] == "Lunds Läkarpraktik"
    # ... the next login shows the new details.
    view = auth.login("bankid", EVA).get_json()["session"]
    assert view["unit"]["name"] == "Lunds Läkarpraktik, Mottagning 2"
    assert view["care_provider"]["name"] == "Lund Läkare AB"


def test_bad_details_are_refused_in_swedish_and_nothing_is_stored(auth):
    sid = auth.session_id("bankid", EVA)
    response = auth.send("PATCH", "/accounts/current", sid, {"email": "inte-en-adress", "unit_name": "Ny"})
    assert response.status_code == 422
    assert response.get_json()["error"]["details"]["json"]["email"] == ["Ange en giltig e-postadress."]
    blank = auth.send("PATCH", "/accounts/current", sid, {"name": "   "})
    assert blank.status_code == 422
    account = auth.get("/accounts/current", sid).get_json()
    assert account["unit_name"] == "Lunds Läkarpraktik" and account["name"] == "Eva Lund"


def test_min_sida_is_only_for_eleg_doctors(auth):
    sid = auth.session_id("siths", "TSTNMT2321000156-1001")
    response = auth.get("/accounts/current", sid)
    assert response.status_code == 403
    assert response.get_json()["error"]["reason"] == "NOT_AN_ELEG_ACCOUNT"
    assert auth.send("PATCH", "/accounts/current", sid, {"name": "X"}).status_code == 403
    assert auth.get("/accounts/current", None).status_code == 401
