"""Roles from directory data: manual §2.1-2.3 and Tabell 1."""
from __future__ import annotations

from enum import Enum
from typing import Iterable


class Role(str, Enum):
    LAKARE = "LAKARE"
    TANDLAKARE = "TANDLAKARE"
    VARDADMINISTRATOR = "VARDADMINISTRATOR"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.LAKARE: "Läkare",
    Role.TANDLAKARE: "Tandläkare",
    Role.VARDADMINISTRATOR: "Vårdadministratör",
}

CARE_PURPOSE = "Vård och behandling"
DOCTOR_PROFESSION = "Läkare"
DENTIST_PROFESSION = "Tandläkare"

# Tabell 1: the position codes that make a doctor on their own, and those that need one
# of the named group prescriber codes (EU/ESS doctors, doctors from elsewhere, locums,
# medical students holding a locum post).
DOCTOR_POSITION_CODES = frozenset({"204010"})
DOCTOR_POSITION_WITH_PRESCRIBER_CODE = {
    "203090": frozenset({"9300005", "9400003"}),
    "204090": frozenset({"9100009", "9200007"}),
}


def is_doctor(licensed_professions: Iterable[str], position_codes: Iterable[str],
              group_prescriber_code: str | None) -> bool:
    """Tabell 1, row by row."""
    professions = {p.strip() for p in licensed_professions}
    codes = {c.strip() for c in position_codes}
    if DOCTOR_PROFESSION in professions:
        return True
    if codes & DOCTOR_POSITION_CODES:
        return True
    prescriber = (group_prescriber_code or "").strip()
    return any(prescriber in DOCTOR_POSITION_WITH_PRESCRIBER_CODE[code]
               for code in codes if code in DOCTOR_POSITION_WITH_PRESCRIBER_CODE)


def resolve_role(licensed_professions: Iterable[str], position_codes: Iterable[str],
                 group_prescriber_code: str | None, assignment_purposes: Iterable[str]) -> Role | None:
    """The user's role, or None when the user may not log in at all.

    §2: every role is tied to a unit, so without an uppdrag "Vård och behandling" there is
    no role, whatever the profession.
    """
    if CARE_PURPOSE not in {p.strip() for p in assignment_purposes}:
        return None
    licensed_professions = list(licensed_professions)
    if is_doctor(licensed_professions, position_codes, group_prescriber_code):
        return Role.LAKARE
    # §2.2: dentist only if not already a doctor (checked above).
    if DENTIST_PROFESSION in {p.strip() for p in licensed_professions}:
        return Role.TANDLAKARE
    # §2.3: an uppdrag "Vård och behandling" without being doctor or dentist.
    return Role.VARDADMINISTRATOR


def resolve_eleg_role(licensed_profession: str | None) -> Role | None:
    """§2.1.1: e-legitimation needs the licensed profession "Läkare" (from HoSp); dentists
    and care administrators (§2.3) cannot log in this way."""
    if licensed_profession is not None and licensed_profession.strip() == DOCTOR_PROFESSION:
        return Role.LAKARE
    return None
