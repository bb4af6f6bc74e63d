"""The one rule table of PU-2 (§5.8, skyddade personuppgifter) and PU-4 (§7.8, avliden
patient), over every person kind, role and action."""
from __future__ import annotations

from datetime import date

import pytest

from webcert_pu_lookup.domain.identity_number import PersonalIdentityNumber
from webcert_pu_lookup.domain.person import Address, Person
from webcert_pu_lookup.domain.rules import (DRAFT_CREATED_AFTER_DEATH, MESSAGES, PATIENT_ACTIONS, PATIENT_DECEASED,
                                            PROTECTED_IDENTITY_CERTIFICATE_TYPE, PROTECTED_IDENTITY_NOT_AUTHORISED,
                                            ROLES, Action, decide_all, decide_for_patient,
                                            excluded_certificate_types)

DEATH = date(2026, 11, 20)
ORDINARY = Person(PersonalIdentityNumber("19121212-1212"), "Tolvan Tolvansson",
                  Address("Svensksundsvägen 11", "11111", "Stockholm"))
PROTECTED = Person(PersonalIdentityNumber("19680815-1556"), "Skyddad Sköld", None, protected_identity=True)
DECEASED = Person(PersonalIdentityNumber("19400404-0442"), "Gunhild Ek", None, date_of_death=DEATH)
PROTECTED_AND_DECEASED = Person(PersonalIdentityNumber("19680815-1556"), "Skyddad Sköld", None,
                                protected_identity=True, date_of_death=DEATH)

A = Action
DOCTORS = ("LAKARE", "TANDLAKARE")

# (person, role) -> the actions refused, with their reason; every other action is allowed.
TABLE = {
    ("ordinary", "LAKARE"): {},
    ("ordinary", "TANDLAKARE"): {},
    ("ordinary", "VARDADMINISTRATOR"): {},
    # §5.8: läkare/tandläkare handle every type but DB and DOI
    ("protected", "LAKARE"): {A.CREATE_DOI: PROTECTED_IDENTITY_CERTIFICATE_TYPE},
    ("protected", "TANDLAKARE"): {A.CREATE_DOI: PROTECTED_IDENTITY_CERTIFICATE_TYPE},
    # §5.8: a vårdadministratör handles nothing for the patient
    ("protected", "VARDADMINISTRATOR"): {a: PROTECTED_IDENTITY_NOT_AUTHORISED for a in Action},
    # §7.8: no new certificate (but DOI), no renew, no replace; send, questions, revoke, sign still work
    **{("deceased", role): {A.CREATE_CERTIFICATE: PATIENT_DECEASED, A.RENEW_CERTIFICATE: PATIENT_DECEASED,
                            A.REPLACE_CERTIFICATE: PATIENT_DECEASED} for role in ROLES},
    **{("protected_and_deceased", role): {A.CREATE_CERTIFICATE: PATIENT_DECEASED,
                                          A.RENEW_CERTIFICATE: PATIENT_DECEASED,
                                          A.REPLACE_CERTIFICATE: PATIENT_DECEASED,
                                          A.CREATE_DOI: PROTECTED_IDENTITY_CERTIFICATE_TYPE} for role in DOCTORS},
    ("protected_and_deceased", "VARDADMINISTRATOR"): {a: PROTECTED_IDENTITY_NOT_AUTHORISED for a in Action},
}
PERSONS = {"ordinary": ORDINARY, "protected": PROTECTED, "deceased": DECEASED,
           "protected_and_deceased": PROTECTED_AND_DECEASED}


@pytest.mark.parametrize("kind, role, action", [(k, r, a) for (k, r) in TABLE for a in Action])
def test_the_whole_table(kind, role, action):
    decision = decide_for_patient(PERSONS[kind], role, action)
    refused = TABLE[(kind, role)]
    if action in refused:
        assert (decision.allowed, decision.reason) == (False, refused[action])
        assert decision.message == MESSAGES[refused[action]]
    else:
        assert (decision.allowed, decision.reason, decision.message) == (True, None, None)


def test_the_administrator_is_told_the_words_of_the_manual():
    decision = decide_for_patient(PROTECTED, "VARDADMINISTRATOR", A.READ_PATIENT)
    assert decision.message == "Du har inte behörighet att hantera intyg för denna patient."


@pytest.mark.parametrize("certificate_type, allowed", [("DB", False), ("DOI", False), ("FK7804", True),
                                                       ("TSTRK1007", True), ("AG7804", True)])
@pytest.mark.parametrize("action", [A.CREATE_CERTIFICATE, A.SIGN_DRAFT, A.SEND_CERTIFICATE])
def test_protected_patient_every_type_but_db_and_doi(certificate_type, allowed, action):
    decision = decide_for_patient(PROTECTED, "LAKARE", action, certificate_type)
    assert decision.allowed is allowed
    assert decision.reason == (None if allowed else PROTECTED_IDENTITY_CERTIFICATE_TYPE)


@pytest.mark.parametrize("certificate_type, allowed", [("DOI", True), ("DB", False), ("FK7804", False),
                                                       (None, False)])
def test_deceased_patient_no_new_certificate_except_doi(certificate_type, allowed):
    decision = decide_for_patient(DECEASED, "LAKARE", A.CREATE_CERTIFICATE, certificate_type)
    assert decision.allowed is allowed
    assert decision.reason == (None if allowed else PATIENT_DECEASED)


@pytest.mark.parametrize("created_on, certificate_type, allowed", [
    (date(2026, 11, 1), "FK7804", True),     # created while alive
    (DEATH, "FK7804", True),                 # the day of death: only the date is known, counted as alive
    (date(2026, 11, 21), "FK7804", False),   # created after death
    (date(2026, 11, 21), "DOI", True),       # a DOI is written after death
    (None, "FK7804", True),                  # no draft in question: what the lookup answer reports
])
def test_deceased_patient_signing_only_drafts_created_while_alive(created_on, certificate_type, allowed):
    decision = decide_for_patient(DECEASED, "LAKARE", A.SIGN_DRAFT, certificate_type, draft_created_on=created_on)
    assert decision.allowed is allowed
    assert decision.reason == (None if allowed else DRAFT_CREATED_AFTER_DEATH)


def test_a_living_patient_signs_whenever_the_draft_was_made():
    assert decide_for_patient(ORDINARY, "LAKARE", A.SIGN_DRAFT, "FK7804",
                              draft_created_on=date(2026, 11, 21)).allowed


def test_the_lookup_answer_lists_every_action_but_reading():
    actions = decide_all(DECEASED, "LAKARE")
    assert set(actions) == {a.value for a in PATIENT_ACTIONS} == {
        "CREATE_CERTIFICATE", "CREATE_DOI", "RENEW_CERTIFICATE", "REPLACE_CERTIFICATE", "SIGN_DRAFT",
        "SEND_CERTIFICATE", "REVOKE_CERTIFICATE", "HANDLE_QUESTIONS"}
    assert actions["CREATE_DOI"].allowed and not actions["CREATE_CERTIFICATE"].allowed


def test_excluded_certificate_types():
    assert excluded_certificate_types(PROTECTED) == ["DB", "DOI"]
    assert excluded_certificate_types(ORDINARY) == []
    assert excluded_certificate_types(DECEASED) == []


def test_actions_are_named_by_text_too_and_unknown_roles_or_actions_are_errors():
    assert decide_for_patient(DECEASED, "LAKARE", "RENEW_CERTIFICATE").reason == PATIENT_DECEASED
    with pytest.raises(ValueError):
        decide_for_patient(ORDINARY, "ADMIN", A.SEND_CERTIFICATE)
    with pytest.raises(ValueError):
        decide_for_patient(ORDINARY, "LAKARE", "FLY")


def test_no_personal_data_in_a_persons_repr():
    text = repr(PROTECTED)
    assert "Sköld" not in text and "1968" not in text
