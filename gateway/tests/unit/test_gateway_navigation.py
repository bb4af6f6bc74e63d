"""Tabs per role (§4.2), the next step after login, notices and account fields: no I/O."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from webcert_gateway.navigation import (first_tab, may_edit_account, next_step_endpoint, notice_for, tabs_for)
from webcert_gateway.views.account import account_rows, changes_from_form

LABELS = ["Sök/skriv intyg", "Ej hanterade ärenden", "Ej signerade utkast", "Signerade intyg"]


def test_doctors_and_dentists_start_with_search():
    for role in ("LAKARE", "TANDLAKARE"):
        assert [t.label for t in tabs_for(role)] == LABELS
        assert first_tab(role).label == "Sök/skriv intyg"


def test_care_administrators_start_with_unhandled_questions():
    assert [t.label for t in tabs_for("VARDADMINISTRATOR")] == [LABELS[1], LABELS[0], LABELS[2], LABELS[3]]


def test_next_step_follows_the_pending_order():
    assert next_step_endpoint([]) is None
    assert next_step_endpoint(None) is None
    assert next_step_endpoint(["choose_unit", "protected_identity_risk"]) == "steps.choose_unit"
    assert next_step_endpoint(["protected_identity_risk", "standalone_warning"]) == "steps.protected_identity_risk"
    assert next_step_endpoint(["standalone_warning"]) == "steps.standalone_warning"
    assert next_step_endpoint(["accept_terms"]) == "steps.unsupported_step"


def test_notices():
    assert notice_for("logged_out") == ("info", "Du är utloggad.")
    assert "30 minuter" in notice_for("SESSION_EXPIRED_IDLE")[1]
    assert notice_for("SOMETHING_NEW") == notice_for("SESSION_UNKNOWN")
    assert notice_for(None) is None


def test_only_eleg_doctors_edit_their_account():
    assert may_edit_account({"role": "LAKARE", "login_method": "bankid"})
    assert may_edit_account({"role": "LAKARE", "login_method": "telia"})
    assert not may_edit_account({"role": "LAKARE", "login_method": "siths"})
    assert not may_edit_account({"role": "VARDADMINISTRATOR", "login_method": "siths"})


ACCOUNT = {"id": "A1", "name": "Eva Lund", "email": "eva@example.invalid", "secret": "x",
           "practice": {"unit_name": "Praktik", "care_provider_name": "Praktik AB"}}


def test_account_rows_show_known_fields_from_both_levels():
    rows = {row["key"]: row for row in account_rows(ACCOUNT)}
    assert set(rows) == {"name", "email", "unit_name", "care_provider_name"}
    assert rows["name"]["editable"] is False
    assert rows["unit_name"]["parent"] == "practice" and rows["email"]["parent"] is None


def test_changes_keep_the_accounts_shape_and_skip_unchanged_and_readonly():
    rows = account_rows(ACCOUNT)
    form = MultiDict({"name": "Someone Else", "email": "eva@example.invalid", "unit_name": "Ny praktik"})
    changes, problems = changes_from_form(rows, form)
    assert problems == []
    assert changes == {"practice": {"unit_name": "Ny praktik"}}


def test_changes_report_problems_in_swedish():
    rows = account_rows(ACCOUNT)
    changes, problems = changes_from_form(rows, MultiDict({"email": "no-at-sign", "unit_name": "x" * 201}))
    assert changes == {}
    assert "Ange en giltig e-postadress." in problems
    assert any("högst 200 tecken" in p for p in problems)
