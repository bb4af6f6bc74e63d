"""The demo world's patient kinds for the pu-lookup integration tests, and who asks."""
from __future__ import annotations

from datetime import date

from webcert_pu_lookup.domain.identity_number import PersonalIdentityNumber
from webcert_pu_lookup.domain.person import Address, Person

# The demo world's patient kinds. Gunhild Ek, Skyddad Sköld and the unknown number carry the
# check digit that makes them valid (deploy/demo/demo-data.yaml has 0445, 1552 and 4541).
TOLVAN = "19121212-1212"
JAN_SAMORDNINGSNUMMER = "19850363-3219"
GUNHILD_DECEASED = "19400404-0442"
SKYDDAD_PROTECTED = "19680815-1556"
UNKNOWN = "19721225-4549"

DEMO_PATIENTS = [
    Person(PersonalIdentityNumber(TOLVAN), "Tolvan Tolvansson", Address("Svensksundsvägen 11", "11111", "Stockholm")),
    Person(PersonalIdentityNumber(JAN_SAMORDNINGSNUMMER), "Jan Samuelsson",
           Address("Tullgatan 2", "25225", "Helsingborg")),
    Person(PersonalIdentityNumber(GUNHILD_DECEASED), "Gunhild Ek", Address("Björkvägen 2", "60221", "Norrköping"),
           date_of_death=date(2026, 11, 20)),
    Person(PersonalIdentityNumber(SKYDDAD_PROTECTED), "Skyddad Sköld", None, protected_identity=True),
]
ALL_NUMBERS = [p.number.normalised for p in DEMO_PATIENTS] + [UNKNOWN]

REQUESTERS = {
    "LAKARE": {"user_id": "TSTNMT2321000156-1001", "role": "LAKARE", "unit_id": "TSTNMT2321000156-VE11-M1",
               "care_unit_id": "TSTNMT2321000156-VE11", "care_provider_id": "TSTNMT2321000156-VG01"},
    "VARDADMINISTRATOR": {"user_id": "TSTNMT2321000156-1003", "role": "VARDADMINISTRATOR",
                          "unit_id": "TSTNMT2321000156-VE11", "care_unit_id": "TSTNMT2321000156-VE11",
                          "care_provider_id": "TSTNMT2321000156-VG01"},
}
