"""The simulated population register: people, their changes, and the register's state
(available, unavailable, slow). Plain Python, thread-safe: one gunicorn worker serves the
API and the operator page from many threads."""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from datetime import date

import yaml

AVAILABLE, UNAVAILABLE, SLOW = "available", "unavailable", "slow"
STATES = (AVAILABLE, UNAVAILABLE, SLOW)
MAX_NAME_LENGTH = 100

# The register is asked with the full 12 digits; pu-lookup resolves the century first.
_PERSONNUMMER = re.compile(r"^(\d{8})-?(\d{4})$")


def normalise_personnummer(value: object) -> str | None:
    """'19121212-1212' or '191212121212' -> '191212121212'; anything else -> None."""
    if not isinstance(value, str):
        return None
    match = _PERSONNUMMER.match(value.strip())
    return match.group(1) + match.group(2) if match else None


@dataclass(frozen=True)
class Address:
    street: str
    postal_code: str
    city: str


@dataclass(frozen=True)
class Person:
    personnummer: str                 # 12 digits, no separator
    name: str
    address: Address | None
    protected_identity: bool = False  # sekretessmarkering, §5.8
    deceased: date | None = None      # date of death, §7.8

    @property
    def display_number(self) -> str:
        return f"{self.personnummer[:8]}-{self.personnummer[8:]}"

    def to_json(self) -> dict:
        return {
            "personnummer": self.personnummer,
            "name": self.name,
            "address": None if self.address is None else {
                "street": self.address.street, "postal_code": self.address.postal_code, "city": self.address.city},
            "protected_identity": self.protected_identity,
            "deceased": self.deceased.isoformat() if self.deceased else None,
        }


class ChangeError(ValueError):
    """An operator's change the register refuses, with a Swedish message."""


@dataclass(frozen=True)
class PersonChange:
    name: str
    protected_identity: bool
    deceased: date | None


def parse_change(name: str | None, protected: bool, deceased: str | None) -> PersonChange:
    """The operator form's fields, checked: a name, and a date of death or nothing (alive)."""
    name = " ".join((name or "").split())
    if not name:
        raise ChangeError("Ange ett namn.")
    if len(name) > MAX_NAME_LENGTH:
        raise ChangeError(f"Namnet får vara högst {MAX_NAME_LENGTH} tecken.")
    deceased = (deceased or "").strip()
    try:
        death = date.fromisoformat(deceased) if deceased else None
    except ValueError as exc:
        raise ChangeError("Dödsdatum ska anges som ÅÅÅÅ-MM-DD, eller lämnas tomt om personen lever.") from exc
    return PersonChange(name, protected, death)


def load_people(path: str) -> tuple[Person, ...]:
    with open(path, encoding="utf-8") as handle:
        world = yaml.safe_load(handle) or {}
    people = []
    for item in world.get("patients") or []:
        number = normalise_personnummer(str(item["personnummer"]))
        if number is None:
            raise ValueError(f"demo patient with a malformed personnummer: {item.get('name')!r}")
        address = item.get("address")
        people.append(Person(
            personnummer=number,
            name=str(item["name"]),
            address=None if not address else Address(str(address["street"]), str(address["postal_code"]),
                                                      str(address["city"])),
            protected_identity=bool(item.get("protected_identity", False)),
            deceased=date.fromisoformat(str(item["deceased"])) if item.get("deceased") else None,
        ))
    return tuple(people)


class PopulationRegister:
    """The people and the register's state, behind one lock."""

    def __init__(self, people: tuple[Person, ...], slow_delay_seconds: float) -> None:
        self._lock = threading.Lock()
        self._people = list(people)
        self._state = AVAILABLE
        self._delay = slow_delay_seconds
        # Set whenever the state changes: a call waiting in "långsam" is let go at once when the
        # operator makes the register available or unavailable.
        self._state_changed = threading.Event()

    # -- the register's answers -------------------------------------------------------
    def find(self, personnummer: str) -> Person | None:
        with self._lock:
            return next((p for p in self._people if p.personnummer == personnummer), None)

    def people(self) -> list[Person]:
        with self._lock:
            return list(self._people)

    # -- state ------------------------------------------------------------------------
    @property
    def state(self) -> str:
        with self._lock:
            return self._state

    @property
    def slow_delay_seconds(self) -> float:
        with self._lock:
            return self._delay

    def set_state(self, state: str, delay_seconds: float | None = None) -> None:
        if state not in STATES:
            raise ChangeError("Okänt läge för PU-tjänsten.")
        with self._lock:
            self._state = state
            if delay_seconds is not None:
                self._delay = delay_seconds
            previous, self._state_changed = self._state_changed, threading.Event()
        previous.set()

    def delay_before_answer(self) -> float:
        """Seconds an API call waits first: the configured delay when slow, else 0."""
        with self._lock:
            return self._delay if self._state == SLOW else 0.0

    def pause(self, seconds: float) -> None:
        """Wait up to ``seconds``, or until the state changes."""
        with self._lock:
            event = self._state_changed
        event.wait(seconds)

    # -- operator changes ---------------------------------------------------------------
    def change(self, position: int, change: PersonChange) -> Person:
        with self._lock:
            if not 0 <= position < len(self._people):
                raise ChangeError("Personen finns inte i registret. Ladda om sidan.")
            person = replace(self._people[position], name=change.name,
                             protected_identity=change.protected_identity, deceased=change.deceased)
            self._people[position] = person
            return person

    def reset(self, people: tuple[Person, ...]) -> None:
        with self._lock:
            self._people = list(people)


def parse_delay(value: object, maximum: float) -> float:
    """Seconds for "långsam": a number above 0 and at most ``maximum``."""
    try:
        seconds = float(str(value).replace(",", ".").strip())
    except ValueError as exc:
        raise ChangeError("Ange fördröjningen i sekunder, till exempel 5.") from exc
    if not 0 < seconds <= maximum:
        raise ChangeError(f"Fördröjningen ska vara mer än 0 och högst {maximum:g} sekunder.")
    return seconds
