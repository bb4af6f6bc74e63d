"""The four recipients of certificates (GLOSSARY.md "intygsmottagare"). Plain Python."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Recipient:
    code: str              # fk, ts, skv, sos: the recipient's code in events and URLs
    name: str              # as the manual and the UI name it
    receives: str          # what it takes, for the operator page: "… tar emot <receives>."


RECIPIENTS: dict[str, Recipient] = {r.code: r for r in (
    Recipient("fk", "Försäkringskassan", "skickade FK-intyg (till exempel FK7804) och makuleringar av dem"),
    Recipient("ts", "Transportstyrelsen", "skickade TS-intyg och makuleringar av dem"),
    Recipient("skv", "Skatteverket", "dödsbevis (DB) när de signeras"),
    Recipient("sos", "Socialstyrelsen", "dödsorsaksintyg (DOI) när de signeras"),
)}

