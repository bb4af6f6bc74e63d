"""PDL audit entries of a lookup (webcert_common.pdl holds the shape every service shares)."""
from __future__ import annotations

from datetime import datetime

from webcert_common import pdl
from webcert_common.pdl import GRANTED, NOT_FOUND, READ, REFUSED  # noqa: F401  (re-exported)

from .commands import Requester
from .identity_number import PersonalIdentityNumber


def access_entry(entry_id: str, time: datetime, requester: Requester, patient: PersonalIdentityNumber,
                 outcome: str, reason: str | None = None, action: str = READ,
                 certificate_id: str | None = None) -> dict:
    """The payload of one ``pdl.access_logged`` event for a lookup of ``patient``."""
    return pdl.access_entry(entry_id, time, requester, patient.normalised, outcome, reason, action, certificate_id)
