"""The directory (HSA-like): care providers, care units with their workplaces, users and
their assignments. §2: a user sees, and may log in on, only the units where the user has an
uppdrag "Vård och behandling"; a unit's workplaces come with it (§3 "Byta vårdenhet")."""
from __future__ import annotations

from dataclasses import dataclass, field

from .roles import CARE_PURPOSE

STANDALONE_SETTINGS = ("allowed", "warn", "block")


@dataclass(frozen=True)
class CareProvider:
    id: str
    name: str
    standalone: str = "allowed"     # §3: allowed | warn | block


@dataclass(frozen=True)
class Workplace:
    id: str
    name: str


@dataclass(frozen=True)
class CareUnit:
    id: str
    name: str
    care_provider: CareProvider
    workplaces: tuple[Workplace, ...] = ()


@dataclass(frozen=True)
class Assignment:
    unit_id: str
    purpose: str


@dataclass(frozen=True)
class DirectoryUser:
    hsa_id: str
    name: str
    licensed_professions: tuple[str, ...] = ()
    position_codes: tuple[str, ...] = ()
    group_prescriber_code: str | None = None
    protected_identity: bool = False
    assignments: tuple[Assignment, ...] = field(default_factory=tuple)

    @property
    def care_unit_ids(self) -> list[str]:
        """Units with an uppdrag "Vård och behandling", in directory order, no repeats."""
        seen: list[str] = []
        for assignment in self.assignments:
            if assignment.purpose.strip() == CARE_PURPOSE and assignment.unit_id not in seen:
                seen.append(assignment.unit_id)
        return seen


@dataclass(frozen=True)
class SelectableUnit:
    """Something the user can be logged in on: a care unit or one of its workplaces."""
    id: str
    name: str
    care_unit_id: str
    care_unit_name: str
    is_workplace: bool
    care_provider: CareProvider


def selectable_units(units: list[CareUnit]) -> list[SelectableUnit]:
    """Every unit and workplace the user may log in on (§3: log in at unit level, or switch
    to a workplace to write for it)."""
    result = []
    for unit in units:
        result.append(SelectableUnit(unit.id, unit.name, unit.id, unit.name, False, unit.care_provider))
        for place in unit.workplaces:
            result.append(SelectableUnit(place.id, place.name, unit.id, unit.name, True, unit.care_provider))
    return result


def find_selectable(units: list[CareUnit], unit_id: str) -> SelectableUnit | None:
    return next((s for s in selectable_units(units) if s.id == unit_id), None)


@dataclass(frozen=True)
class UnitAddress:
    """Where a unit is reached by e-mail (QA-7: FK's questions and answers are mailed to "den
    vårdenhet eller verksamhet som utfärdade intyget"). Directory data, no personal data."""
    unit_id: str
    name: str
    email: str | None
    care_unit_id: str
    care_provider_id: str


def unit_address(unit_id: str, name: str, own_email: str | None, care_unit_id: str, care_unit_email: str | None,
                 care_provider_id: str) -> UnitAddress:
    """A workplace without an address of its own is reached through its care unit's (§3: a
    workplace belongs to its care unit; the directory usually keeps the mailbox on the unit)."""
    email = (own_email or "").strip() or (care_unit_email or "").strip() or None
    return UnitAddress(unit_id, name, email, care_unit_id, care_provider_id)
