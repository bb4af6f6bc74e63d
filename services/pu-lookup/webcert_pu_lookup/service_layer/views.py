"""The person as the API shows it (docs/ARCHITECTURE.md: ``person``)."""
from __future__ import annotations

from ..domain.person import Person


def person_view(person: Person) -> dict:
    address = person.address
    return {
        "personnummer": person.number.normalised,
        "kind": person.kind,
        "name": person.name,
        "address": None if address is None else {"street": address.street, "postal_code": address.postal_code,
                                                 "city": address.city},
        "protected_identity": person.protected_identity,
        "deceased": person.deceased,
        "date_of_death": person.date_of_death.isoformat() if person.date_of_death else None,
    }
