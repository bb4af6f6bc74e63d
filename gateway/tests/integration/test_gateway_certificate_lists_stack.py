"""The real-stack fixture itself (certificate_stack.py): login through the real auth service
with the test IdP's assertion, unit choice, and a patient page from the real pu-lookup."""
from __future__ import annotations

from certificate_stack import ALFA_AKUT, TOLVAN, page_text


def test_login_reaches_the_first_tab_and_opens_a_patient(stack):
    client = stack.login("ingrid", unit_id=ALFA_AKUT)
    view = stack.session_view(client)
    assert view["user"]["name"] == "Ingrid Holm" and view["unit"]["id"] == ALFA_AKUT and not view["pending"]
    path = stack.open_patient(client, "191212121212")
    assert path.startswith("/patient/") and "1912" not in path
    page = client.get(path)
    assert page.status_code == 200
    assert "Tolvan Tolvansson" in page_text(page) and TOLVAN in page_text(page)


def test_two_browsers_are_two_users(stack):
    doctor = stack.login("ingrid")
    administrator = stack.login("karin")
    assert stack.session_view(doctor)["user"]["role"] == "LAKARE"
    assert stack.session_view(administrator)["user"]["role"] == "VARDADMINISTRATOR"
    assert stack.session_id(doctor) != stack.session_id(administrator)


def test_steps_after_login_are_taken(stack):
    # Sigrid: the risk dialog (§5.8); Bertil: the information box of a warned care provider (§3).
    for user in ("sigrid", "bertil", "greta", "sara"):
        assert not stack.session_view(stack.login(user))["pending"]


def test_the_certificate_service_behind_answers_as_the_user(stack):
    client = stack.login("ingrid", unit_id=ALFA_AKUT)
    draft = stack.create_draft(client, "FK7804")
    assert draft["status"] == "DRAFT" and draft["unit"]["id"] == ALFA_AKUT
    assert draft["issuer"]["name"] == "Ingrid Holm" and draft["patient"]["personnummer"] == TOLVAN
    assert [c["id"] for c in stack.certificates.drafts(stack.session_id(client))] == [draft["id"]]


def test_a_draft_is_completed_and_signed_through_the_service(stack):
    client = stack.login("ingrid", unit_id=ALFA_AKUT)
    signed = stack.sign_draft(client, stack.create_draft(client, "FK7804"))
    assert signed["status"] == "SIGNED" and signed["signature"]["signer"]["name"] == "Ingrid Holm"
