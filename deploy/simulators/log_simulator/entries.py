"""A PDL entry as the log service accepts it: the fields of Webcert's ``pdl.access_logged``
payload (docs/ARCHITECTURE.md, "Events added"), checked one by one with a Swedish message.
Unknown fields are refused, so a name cannot slip into the trail unseen. Plain Python."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone

MAX_ENTRIES_PER_REQUEST = 1000
MAX_TEXT = 200
OUTCOMES = ("granted", "refused", "not_found")
OUTCOME_LABELS = {"granted": "Medgiven", "refused": "Nekad", "not_found": "Hittades inte"}
ROLES = ("LAKARE", "TANDLAKARE", "VARDADMINISTRATOR")
ROLE_LABELS = {"LAKARE": "Läkare", "TANDLAKARE": "Tandläkare", "VARDADMINISTRATOR": "Vårdadministratör"}
REQUIRED = ("entry_id", "time", "user_id", "role", "unit_id", "care_unit_id", "care_provider_id", "action",
            "outcome", "patient_id", "purpose")
NULLABLE = ("reason", "certificate_id")
FIELDS = REQUIRED + NULLABLE

# Personnummer or samordningsnummer with the century, with or without the dash.
_PATIENT_ID = re.compile(r"^(\d{8})-?(\d{4})$")


class EntryError(ValueError):
    """A request body the log service refuses, with a Swedish message naming the problem."""


@dataclass(frozen=True)
class Entry:
    entry_id: str
    time: str                 # UTC, ISO 8601, microseconds: sorts as text
    user_id: str
    role: str
    unit_id: str
    care_unit_id: str
    care_provider_id: str
    action: str
    outcome: str
    patient_id: str           # ÅÅÅÅMMDD-NNNN
    purpose: str
    reason: str | None = None
    certificate_id: str | None = None

    def to_json(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}

    def canonical(self) -> str:
        return json.dumps(self.to_json(), sort_keys=True, ensure_ascii=False)

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, self.outcome)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def normalise_patient_id(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    match = _PATIENT_ID.match(value.strip())
    return f"{match.group(1)}-{match.group(2)}" if match else None


def normalise_time(value: str) -> str | None:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_entries(body: object) -> list[Entry]:
    """One entry (an object) or a list of them; all valid, or EntryError for the first bad one."""
    items = body if isinstance(body, list) else [body]
    if not items:
        raise EntryError("Begäran innehåller inga loggposter.")
    if len(items) > MAX_ENTRIES_PER_REQUEST:
        raise EntryError(f"Högst {MAX_ENTRIES_PER_REQUEST} loggposter per begäran.")
    entries, seen = [], {}
    for position, item in enumerate(items):
        where = "Loggposten" if not isinstance(body, list) else f"Loggpost {position + 1}"
        entry = parse_entry(item, where)
        earlier = seen.get(entry.entry_id)
        if earlier is not None and earlier.canonical() != entry.canonical():
            raise EntryError(f"{where} har samma entry_id som en annan post i begäran men annat innehåll.")
        seen[entry.entry_id] = entry
        entries.append(entry)
    return entries


def parse_entry(item: object, where: str = "Loggposten") -> Entry:
    if not isinstance(item, dict):
        raise EntryError(f"{where} ska vara ett JSON-objekt.")
    unknown = sorted(str(name) for name in item if name not in FIELDS)
    if unknown:
        raise EntryError(f"{where} har okända fält: {', '.join(unknown)}.")
    values: dict[str, str | None] = {}
    for name in FIELDS:
        value = item.get(name)
        if value is None:
            if name in REQUIRED:
                raise EntryError(f"{where} saknar fältet {name}.")
            values[name] = None
            continue
        if not isinstance(value, str) or not value.strip():
            raise EntryError(f"{where}: fältet {name} ska vara en icke-tom text.")
        if len(value) > MAX_TEXT:
            raise EntryError(f"{where}: fältet {name} får vara högst {MAX_TEXT} tecken.")
        values[name] = value.strip()
    time = normalise_time(values["time"])
    if time is None:
        raise EntryError(f"{where}: fältet time ska vara en ISO 8601-tidpunkt med tidszon.")
    patient_id = normalise_patient_id(values["patient_id"])
    if patient_id is None:
        raise EntryError(f"{where}: fältet patient_id ska vara ett personnummer med 12 siffror (ÅÅÅÅMMDD-NNNN).")
    if values["outcome"] not in OUTCOMES:
        raise EntryError(f"{where}: fältet outcome ska vara en av {', '.join(OUTCOMES)}.")
    if values["role"] not in ROLES:
        raise EntryError(f"{where}: fältet role ska vara en av {', '.join(ROLES)}.")
    return Entry(**{**values, "time": time, "patient_id": patient_id})


@dataclass(frozen=True)
class PatientEntries:
    patient_id: str
    entries: tuple[Entry, ...]     # newest first


def group_by_patient(entries: list[Entry]) -> list[PatientEntries]:
    """Entries newest first, grouped per patient; the patient with the newest entry first."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:                       # already newest first
        groups.setdefault(entry.patient_id, []).append(entry)
    return [PatientEntries(patient_id, tuple(items)) for patient_id, items in groups.items()]
