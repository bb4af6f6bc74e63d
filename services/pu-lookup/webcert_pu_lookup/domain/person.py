"""The person as the population register knows them (PU-1): name, address, protection, death."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .identity_number import PersonalIdentityNumber


@dataclass(frozen=True)
class Address:
    street: str
    postal_code: str
    city: str


@dataclass(frozen=True)
class Person:
    """A value object; equal persons are the same facts. ``address`` is None for a person with
    skyddade personuppgifter (the register does not hand it out) or when none is registered."""

    number: PersonalIdentityNumber
    name: str
    address: Address | None = None
    protected_identity: bool = False
    date_of_death: date | None = None

    @property
    def deceased(self) -> bool:
        return self.date_of_death is not None

    @property
    def kind(self) -> str:
        return self.number.kind

    def __repr__(self) -> str:
        # No personal data in reprs: they end up in tracebacks and log lines.
        return (f"Person(kind={self.kind!r}, protected_identity={self.protected_identity}, "
                f"deceased={self.deceased})")


# The population register's answer (docs/ARCHITECTURE.md: find(personnummer) -> PersonRecord | None).
PersonRecord = Person
