"""PDL audit entries (patientdatalagen 4 kap., HSLF-FS 2016:40 4:9): who, what, when and why,
for every access to patient data -- refused and not-found accesses included. The patient is
named by the normalised personnummer, never by name. Every service that touches patient data
builds its ``pdl.access_logged`` payloads here, so the trail has one shape."""
from __future__ import annotations

from datetime import datetime
from typing import Protocol

PURPOSE = "Vård och behandling"

GRANTED = "granted"
REFUSED = "refused"
NOT_FOUND = "not_found"

# The actions' Swedish words (bus.contracts.PDL_ACTIONS)
READ = "läsa"
CREATE = "skapa"
WRITE = "skriva"
SIGN = "signera"
DELETE = "radera"
SEND = "skicka"
PRINT = "utskrift"
REVOKE = "makulera"


class Accessor(Protocol):
    """Who accessed: any object with these attributes (pu-lookup's and certificate's Requester)."""
    user_id: str
    role: str
    unit_id: str
    care_unit_id: str
    care_provider_id: str


def access_entry(entry_id: str, time: datetime, accessor: Accessor, patient_id: str, outcome: str,
                 reason: str | None = None, action: str = READ, certificate_id: str | None = None) -> dict:
    """The payload of one ``pdl.access_logged`` event."""
    return {
        "entry_id": entry_id,
        "time": time.isoformat(),
        "user_id": accessor.user_id,
        "role": accessor.role,
        "unit_id": accessor.unit_id,
        "care_unit_id": accessor.care_unit_id,
        "care_provider_id": accessor.care_provider_id,
        "action": action,
        "outcome": outcome,
        "reason": reason,
        "patient_id": patient_id,
        "certificate_id": certificate_id,
        "purpose": PURPOSE,
    }
