"""Tabell 1 and §2.1-2.3: roles from directory data, checked against every demo user."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from webcert_auth.adapters.demo_loader import DEFAULT_DEMO_DATA_PATH
from webcert_auth.domain.roles import Role, resolve_eleg_role, resolve_role

WORLD = yaml.safe_load(DEFAULT_DEMO_DATA_PATH.read_text(encoding="utf-8"))
CARE = "Vård och behandling"


def _role_of(user: dict) -> Role | None:
    return resolve_role(user["legitimerade_yrkesgrupper"], user["befattningskoder"], user["forskrivarkod"],
                        [a["purpose"] for a in user["assignments"]])


@pytest.mark.parametrize("user", WORLD["siths_users"], ids=lambda u: u["name"])
def test_every_demo_siths_user_gets_the_expected_role(user):
    expected = user["expected_role"]
    assert _role_of(user) == (Role(expected) if expected else None)


@pytest.mark.parametrize("user", [u for u in WORLD["eleg_users"] if "expected_role" in u], ids=lambda u: u["name"])
def test_demo_eleg_users_get_the_expected_role(user):
    assert resolve_eleg_role(user["hosp"]["legitimerad_yrkesgrupp"]) == Role(user["expected_role"])


@pytest.mark.parametrize("codes, prescriber, expected", [
    (["204010"], None, Role.LAKARE),                 # AT-läkare, no prescriber code needed
    (["203090"], "9300005", Role.LAKARE),            # EU/ESS
    (["203090"], "9400003", Role.LAKARE),            # outside EU/ESS
    (["204090"], "9100009", Role.LAKARE),            # vikarierande examinerad läkare
    (["204090"], "9200007", Role.LAKARE),            # med. student med vikariat
    (["203090"], "9100009", Role.VARDADMINISTRATOR),  # a code that belongs to the other position
    (["204090"], "9300005", Role.VARDADMINISTRATOR),
    (["203090"], None, Role.VARDADMINISTRATOR),
    (["204090"], "", Role.VARDADMINISTRATOR),
    (["999999", "204090"], "9200007", Role.LAKARE),  # any one matching position code is enough
    ([], "9300005", Role.VARDADMINISTRATOR),          # a prescriber code alone is nothing
])
def test_position_and_group_prescriber_codes_per_tabell_1(codes, prescriber, expected):
    assert resolve_role([], codes, prescriber, [CARE]) == expected


def test_doctor_wins_over_dentist():
    assert resolve_role(["Tandläkare", "Läkare"], [], None, [CARE]) == Role.LAKARE
    assert resolve_role(["Tandläkare"], ["204010"], None, [CARE]) == Role.LAKARE
    assert resolve_role(["Tandläkare"], [], None, [CARE]) == Role.TANDLAKARE


def test_without_care_assignment_nobody_gets_a_role():
    assert resolve_role(["Läkare"], [], None, ["Administration"]) is None
    assert resolve_role(["Läkare"], [], None, []) is None


def test_eleg_login_needs_the_licensed_profession_doctor():
    assert resolve_eleg_role("Läkare") == Role.LAKARE
    assert resolve_eleg_role("Tandläkare") is None
    assert resolve_eleg_role("Sjuksköterska") is None
    assert resolve_eleg_role(None) is None


def test_role_labels_are_the_manuals_words():
    assert [r.label for r in Role] == ["Läkare", "Tandläkare", "Vårdadministratör"]


professions = st.lists(st.sampled_from(["Läkare", "Tandläkare", "Sjuksköterska", "Psykolog"]), max_size=3)
codes = st.lists(st.sampled_from(["204010", "203090", "204090", "201010", "999999"]), max_size=3)
prescribers = st.one_of(st.none(), st.sampled_from(["9300005", "9400003", "9100009", "9200007", "1234567"]))
purposes = st.lists(st.sampled_from([CARE, "Administration", "Statistik"]), max_size=3)


@given(professions, codes, prescribers, purposes)
def test_role_properties(p, c, g, u):
    role = resolve_role(p, c, g, u)
    if CARE not in u:
        assert role is None
    elif "Läkare" in p or "204010" in c:
        assert role == Role.LAKARE
    elif role == Role.TANDLAKARE:
        assert "Tandläkare" in p
    else:
        assert role in (Role.LAKARE, Role.VARDADMINISTRATOR)
