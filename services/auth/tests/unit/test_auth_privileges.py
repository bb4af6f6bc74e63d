"""decide(): Tabell 3 per role and login method, Tabell 2 per role, §3's blocked lists."""
from __future__ import annotations

import pytest

from webcert_auth.domain.privileges import (BLOCKED_KEEPS, BLOCKED_TAKES_AWAY, CERTIFICATE_TYPES_BY_ROLE,
                                            Privilege, UserContext, certificate_types_for, decide)
from webcert_auth.domain.roles import Role

# Tabell 3 transcribed from the manual, in its own words: SITHS doctor, e-legitimation doctor, vårdadministratör.
TABELL_3 = """
Signera intyg                                   | Ja | Ja  | Nej | SIGN_CERTIFICATE
Makulera intyg eller låst utkast                | Ja | Ja  | Nej | REVOKE_CERTIFICATE
Ersätta intyg                                   | Ja | Ja  | Nej | REPLACE_CERTIFICATE
Förnya intyg                                    | Ja | Ja  | Ja  | RENEW_CERTIFICATE
Hantera patient med skyddade personuppgifter    | Ja | Ja  | Nej | HANDLE_PROTECTED_PATIENT
Vidarebefordra intygsutkast                     | Ja | Nej | Ja  | FORWARD_DRAFT
Vidarebefordra fråga/svar                       | Ja | Nej | Ja  | FORWARD_QUESTION
Redigera utkast                                 | Ja | Ja  | Ja  | EDIT_DRAFT
Radera utkast                                   | Ja | Ja  | Ja  | DELETE_DRAFT
Kopiera låst utkast                             | Ja | Ja  | Ja  | COPY_LOCKED_DRAFT
Ärendekommunikation med Försäkringskassan       | Ja | Ja  | Ja  | MESSAGING
Skicka intyg till mottagare                     | Ja | Ja  | Ja  | SEND_CERTIFICATE
Skriv ut intyg                                  | Ja | Ja  | Ja  | PRINT_CERTIFICATE
Byta vårdenhet                                  | Ja | Nej | Ja  | CHANGE_UNIT
"""
ROWS = [[cell.strip() for cell in line.split("|")] for line in TABELL_3.strip().splitlines()]

# Tabell 2: Läkare, Tandläkare, Vårdadministratör.
TABELL_2 = {
    "FK7800": "Ja Nej Ja", "FK7801": "Ja Nej Ja", "FK7802": "Ja Nej Ja", "FK7804": "Ja Ja Ja",
    "TSTRK1007": "Ja Nej Ja", "TSTRK1031": "Ja Nej Ja", "FK7263": "Ja Ja Ja", "AG1-14": "Ja Ja Ja",
    "AG7804": "Ja Ja Ja", "DB": "Ja Nej Ja", "DOI": "Ja Nej Ja",
}

# (role, login method, Tabell 3 column); a dentist has the SITHS doctor's column (§2.2).
USERS = [
    (Role.LAKARE, "siths", 1), (Role.TANDLAKARE, "siths", 1),
    (Role.LAKARE, "bankid", 2), (Role.LAKARE, "mobilt_bankid", 2), (Role.LAKARE, "telia", 2),
    (Role.VARDADMINISTRATOR, "siths", 3),
]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r[4])
@pytest.mark.parametrize("role, method, column", USERS, ids=lambda v: getattr(v, "value", str(v)))
def test_tabell_3(row, role, method, column):
    decision = decide(UserContext(role, method, "allowed"), Privilege(row[4]))
    assert decision.allowed == (row[column] == "Ja")
    if not decision.allowed:
        assert decision.reason == ("NOT_AVAILABLE_WITH_ELEG" if column == 2 else "NOT_AVAILABLE_FOR_ROLE")
        assert decision.message


def test_every_privilege_is_covered_by_tabell_3_or_the_blocked_lists():
    named = {row[4] for row in ROWS} | {p.value for p in BLOCKED_TAKES_AWAY | BLOCKED_KEEPS}
    assert named == {p.value for p in Privilege}


@pytest.mark.parametrize("code", sorted(TABELL_2))
@pytest.mark.parametrize("role", list(Role))
def test_tabell_2(code, role):
    expected = TABELL_2[code].split()[list(Role).index(role)] == "Ja"
    decision = decide(UserContext(role, "siths", "allowed"), Privilege.CREATE_CERTIFICATE, code)
    assert decision.allowed == expected
    assert (code in certificate_types_for(role)) == expected
    if not expected:
        assert decision.reason == "CERTIFICATE_TYPE_NOT_FOR_ROLE"
        assert "Tandläkare" in decision.message


def test_tabell_2_lists_exactly_the_manuals_types():
    assert set(CERTIFICATE_TYPES_BY_ROLE) == set(TABELL_2)


def test_unknown_certificate_type_is_refused():
    decision = decide(UserContext(Role.LAKARE, "siths", "allowed"), "SIGN_CERTIFICATE", "XYZ")
    assert (decision.allowed, decision.reason) == (False, "UNKNOWN_CERTIFICATE_TYPE")


def test_role_privilege_comes_before_the_certificate_type():
    decision = decide(UserContext(Role.VARDADMINISTRATOR, "siths", "allowed"), "SIGN_CERTIFICATE", "FK7804")
    assert decision.reason == "NOT_AVAILABLE_FOR_ROLE"


# §3 "Blockerad användare", as the manual lists it.
BLOCKED_CANNOT = ["CREATE_CERTIFICATE", "RENEW_CERTIFICATE", "REPLACE_CERTIFICATE",
                  "COMPLEMENT_WITH_NEW_CERTIFICATE", "CREATE_DOI_FROM_DB", "CREATE_AG7804_FROM_FK7804",
                  "COPY_LOCKED_DRAFT"]
BLOCKED_CAN = ["EDIT_DRAFT", "SIGN_CERTIFICATE", "SEND_CERTIFICATE", "REVOKE_CERTIFICATE", "PRINT_CERTIFICATE",
               "MESSAGING", "ANSWER_ADMINISTRATIVE_QUESTION"]


@pytest.mark.parametrize("privilege", BLOCKED_CANNOT)
def test_blocked_care_provider_takes_away(privilege):
    blocked = decide(UserContext(Role.LAKARE, "siths", "block"), privilege)
    assert (blocked.allowed, blocked.reason) == (False, "CARE_PROVIDER_BLOCKED")
    assert "fristående Webcert" in blocked.message
    assert decide(UserContext(Role.LAKARE, "siths", "allowed"), privilege).allowed
    assert decide(UserContext(Role.LAKARE, "siths", "warn"), privilege).allowed   # §3: warned users are not hindered


@pytest.mark.parametrize("privilege", BLOCKED_CAN)
def test_blocked_care_provider_keeps(privilege):
    assert decide(UserContext(Role.LAKARE, "siths", "block"), privilege).allowed


def test_blocked_lists_match_the_manual_and_do_not_overlap():
    assert {p.value for p in BLOCKED_TAKES_AWAY} == set(BLOCKED_CANNOT)
    assert {p.value for p in BLOCKED_KEEPS} == set(BLOCKED_CAN)
    assert not BLOCKED_TAKES_AWAY & BLOCKED_KEEPS


def test_nothing_is_allowed_before_a_unit_is_chosen():
    decision = decide(UserContext(Role.LAKARE, "siths", None), "PRINT_CERTIFICATE")
    assert (decision.allowed, decision.reason) == (False, "UNIT_NOT_CHOSEN")


def test_unknown_privilege_is_an_error():
    with pytest.raises(ValueError):
        decide(UserContext(Role.LAKARE, "siths", "allowed"), "FLY")
