"""Complete, valid content for every type: the demo world's certificates, the tests at every
tier and the benchmarks fill drafts with these. Written on ``EXAMPLES_DATE``; ``example_content``
moves every date by the days since then, so the content stays valid (no future dates, periods
that start today) whenever it is used."""
from __future__ import annotations

import copy
import re
from datetime import date, timedelta
from typing import Any

EXAMPLES_DATE = date(2026, 11, 26)
BIRTH = date(1912, 12, 12)

DIAGNOSIS = [{"code_system": "ICD_10_SE", "code": "J20", "description": "Akut bronkit"}]

FK7804 = {
    "1": {"UNDERSOKNING": "2026-11-25"},
    "28": ["NUVARANDE_ARBETE"],
    "29": "Snickare, bär tungt.",
    "6": DIAGNOSIS,
    "35": "Feber och hosta.",
    "17": "Kan inte bära tungt.",
    "32": {"HALFTEN": {"from": "2026-11-25", "to": "2026-12-08"}},
    "33": False,
    "39": "ATER_X_ANTAL_DGR",
    "39.1": "TRETTIO_DGR",
    "40": ["EJ_AKTUELLT"],
}

AG7804 = {
    "1": {"UNDERSOKNING": "2026-11-25"},
    "28": ["STUDIER"],
    "100": True,
    "6": DIAGNOSIS,
    "35": "Feber och hosta.",
    "17": "Orkar inte föreläsningar.",
    "32": {"HELT_NEDSATT": {"from": "2026-11-25", "to": "2026-12-01"}},
    "39": "STOR_SANNOLIKHET",
    "40": ["ARBETSANPASSNING"],
}

FK7800 = {
    "1": {"UNDERSOKNING": "2026-11-20", "ANHORIG": "2026-11-21"},
    "2": "2020-01-15",
    "3": True,
    "4": [{"type": "PSYKOLOG", "date": "2026-10-01", "source": "Alfa Psykologmottagning"}],
    "6": DIAGNOSIS,
    "7": "Alfa Vårdcentral 2025.",
    "45": False,
    "5": "Långvarigt förlopp.",
    "9": "Måttlig nedsättning.",
    "17": "Svårt att planera.",
    "22": "Förväntas inte förbättras.",
}
FK7801 = dict(FK7800)

FK7802 = {
    "1": {"JOURNALUPPGIFTER": "2026-11-20"},
    "2": "2015-03-01",
    "3": False,
    "6": DIAGNOSIS,
    "15": "Debut i tidig skolålder.",
    "16": "Behöver längre tid för skolgången.",
}

AG114 = {
    "10": {"TELEFONKONTAKT": "2026-11-25"},
    "1": ["NUVARANDE_ARBETE"],
    "2": "Lärare.",
    "3": False,
    "5": "Kan inte tala.",
    "6": False,
    "7.1": 100,
    "7.2": {"from": "2026-11-25", "to": "2026-12-01"},
}

TSTRK1007 = {
    "1": ["IAV1"], "2": "IDK3",
    "3": False, "4": False, "5": False, "6": False, "7": False,
    "8.1": 1.0, "8.4": 0.9, "8.7": 1.0,
    "10": False, "12": False, "14": False, "15": False, "16": False, "17": False,
    "20": False, "21": False, "22": False, "23": False, "24": False,
    "25.1": False, "25.2": False, "26": False, "27": False, "28": False, "29": False,
    "30": False, "31": False, "33": ["VAR1"],
}

TSTRK1031 = {
    "1": ["VAR16"], "2": "IDK1", "205": "VN1", "35": 2010, "18": "TYP2", "207": False,
    "206": False, "33": ["VAR16"],
}

DB = {
    "postadress": "Tolvansgatan 12", "postnummer": "123 45", "postort": "Tolvsby",
    "1.1": "Körkort",
    "2.1": "SAKERT", "2.2": "2026-11-20",
    "3.1": "Stockholm", "3.2": "SJUKHUS",
    "4.1": False, "5.1": False, "6.1": "JA", "7.1": False,
}

DOI = {
    "postadress": "Tolvansgatan 12", "postnummer": "12345", "postort": "Tolvsby",
    "1.1": "Körkort",
    "2.1": "SAKERT", "2.2": "2026-11-20",
    "3.1": "Stockholm", "3.2": "SJUKHUS", "4.1": False,
    "8": [{"description": "Hjärtinfarkt", "onset": "2026-11-19", "kind": "PLOTSLIG"}],
    "11.1": "NEJ", "12.1": False, "13.1": ["UNDERSOKNING_FORE_DODEN"],
}

COMPLETE = {
    "FK7804": FK7804, "AG7804": AG7804, "FK7800": FK7800, "FK7801": FK7801, "FK7802": FK7802,
    "AG1-14": AG114, "TSTRK1007": TSTRK1007, "TSTRK1031": TSTRK1031, "DB": DB, "DOI": DOI,
}

# What an empty draft lacks, per type: the questions that are mandatory and shown from the start.
MANDATORY_WHEN_EMPTY = {
    "FK7804": {"1", "28", "6", "35", "17", "32", "39", "40"},
    "AG7804": {"1", "28", "100", "35", "17", "32", "39", "40"},
    "FK7800": {"1", "2", "3", "6", "7", "45", "5", "8", "17", "22"},
    "FK7801": {"1", "2", "3", "6", "7", "45", "5", "8", "17", "22"},
    "FK7802": {"1", "2", "3", "6", "15", "16"},
    "AG1-14": {"10", "1", "2", "3", "5", "6", "7.1", "7.2"},
    "TSTRK1007": {"1", "2", "3", "4", "5", "6", "7", "8.1", "8.4", "8.7", "10", "12", "14", "15",
                  "16", "17", "20", "21", "22", "23", "24", "25.1", "25.2", "26", "27", "28", "29",
                  "30", "31", "33"},
    "TSTRK1031": {"1", "2", "205", "35", "18", "207", "206", "33"},
    "DB": {"postadress", "postnummer", "postort", "1.1", "2.1", "3.1", "3.2", "4.1", "5.1", "6.1", "7.1"},
    "DOI": {"postadress", "postnummer", "postort", "1.1", "2.1", "3.1", "3.2", "4.1", "8", "11.1",
            "12.1", "13.1"},
}


FK7263 = {
    "2": DIAGNOSIS,
    "3": "Insjuknade för en vecka sedan med feber och hosta.",
    "4": "Nedsatt kondition, andfådd vid ansträngning.",
    "5": "Klarar inte fysiskt krävande arbetsuppgifter.",
    "8b": {"HELT_NEDSATT": {"from": "2026-11-20", "to": "2026-12-03"}},
}

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _shift(value: Any, days: timedelta) -> Any:
    if isinstance(value, str) and _DATE.match(value):
        return (date.fromisoformat(value) + days).isoformat()
    if isinstance(value, dict):
        return {k: _shift(v, days) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, days) for v in value]
    return value


def example_content(code: str, today: date) -> dict:
    """A complete, valid content of type ``code`` written ``today``."""
    examples = dict(COMPLETE, FK7263=FK7263)
    return _shift(copy.deepcopy(examples[code]), today - EXAMPLES_DATE)
