"""PDL audit entries (patientdatalagen 4 kap., HSLF-FS 2016:40 4:9): who, what, when and why,
for every access to patient data -- refused and not-found lookups included. The patient is
named by the normalised personnummer; never by name."""
from __future__ import annotations

from datetime import datetime

from .commands import Requester
from .identity_number import PersonalIdentityNumber

READ = "läsa"
PURPOSE = "Vård och behandling"

GRANTED = "granted"
REFUSED = "refused"
NOT_FOUND = "not_found"


def access_entry(entry_id: str, time: datetime, requester: Requester, patient: PersonalIdentityNumber,
                 outcome: str, reason: str | None = None, action: str = READ,
                 certificate_id: str | None = None) -> dict:
    """The payload of one ``pdl.access_logged`` event."""
    return {
        "entry_id": entry_id,
        "time": time.isoformat(),
        "user_id": requester.user_id,
        "role": requester.role,
        "unit_id": requester.unit_id,
        "care_unit_id": requester.care_unit_id,
        "care_provider_id": requester.care_provider_id,
        "action": action,
        "outcome": outcome,
        "reason": reason,
        "patient_id": patient.normalised,
        "certificate_id": certificate_id,
        "purpose": PURPOSE,
    }
