"""The one command of the PDF service."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RenderCertificate:
    """Print ``certificate`` (the certificate service's CertificateView) in the general template
    from its type's ``definition`` (``GET /certificate-types/<code>``); ``printed_at`` is the only
    time the printout shows that is not in the certificate, so the same command gives the same PDF."""
    definition: dict
    certificate: dict
    printed_at: datetime
