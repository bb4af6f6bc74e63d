"""Refusals of a render request, with a reason code and a Swedish message (STYLE.md habit 10)."""
from __future__ import annotations

from webcert_common.errors import DomainError


def type_mismatch(certificate_type: str, definition_code: str) -> DomainError:
    return DomainError("TYPE_MISMATCH",
                       f"Intyget är av typen {certificate_type} men beskrivningen gäller {definition_code}; "
                       "utskriften kan inte göras.", 400)
