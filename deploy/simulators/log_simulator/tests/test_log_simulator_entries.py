"""What a PDL entry must hold to be accepted, and how entries are grouped per patient (plain Python)."""
from __future__ import annotations

import pytest

from log_simulator.entries import Entry, EntryError, group_by_patient, parse_entries, parse_entry

GOOD = {
    "entry_id": "0b6c3f9e-1111-4a2b-9c3d-000000000001", "time": "2026-11-26T09:15:00+01:00",
    "user_id": "TSTNMT2321000156-1001", "role": "LAKARE", "unit_id": "TSTNMT2321000156-VE11-M1",
    "care_unit_id": "TSTNMT2321000156-VE11", "care_provider_id": "TSTNMT2321000156-VG01", "action": "läsa",
    "outcome": "granted", "reason": None, "patient_id": "19121212-1212", "certificate_id": None,
    "purpose": "Vård och behandling",
}


def test_a_good_entry_is_normalised():
    entry = parse_entry({**GOOD, "patient_id": "191212121212"})
    assert entry.patient_id == "19121212-1212"
    assert entry.time == "2026-11-26T08:15:00.000000Z"          # UTC, so entries sort as text
    assert entry.reason is None and entry.outcome_label == "Medgiven" and entry.role_label == "Läkare"


def test_nullable_fields_may_be_left_out():
    body = {k: v for k, v in GOOD.items() if k not in ("reason", "certificate_id")}
    assert parse_entry(body).certificate_id is None


@pytest.mark.parametrize("change, message", [
    ({"user_id": None}, "saknar fältet user_id"),
    ({"patient_id": "121212-1212"}, "patient_id ska vara ett personnummer med 12 siffror"),
    ({"time": "2026-11-26T09:15:00"}, "time ska vara en ISO 8601-tidpunkt med tidszon"),
    ({"time": "igår"}, "time ska vara en ISO 8601-tidpunkt"),
    ({"outcome": "maybe"}, "outcome ska vara en av granted, refused, not_found"),
    ({"role": "ADMIN"}, "role ska vara en av"),
    ({"action": "  "}, "action ska vara en icke-tom text"),
    ({"action": 5}, "action ska vara en icke-tom text"),
    ({"name": "Tolvan Tolvansson"}, "okända fält: name"),
    ({"unit_id": "x" * 201}, "högst 200 tecken"),
])
def test_a_bad_entry_is_refused_naming_the_problem(change, message):
    with pytest.raises(EntryError) as caught:
        parse_entry({**GOOD, **change})
    assert message in str(caught.value)


def test_a_list_names_the_bad_entry_and_refuses_the_empty_list():
    with pytest.raises(EntryError, match="Loggpost 2 saknar fältet purpose"):
        parse_entries([GOOD, {**GOOD, "entry_id": "x", "purpose": None}])
    with pytest.raises(EntryError, match="inga loggposter"):
        parse_entries([])
    with pytest.raises(EntryError, match="ska vara ett JSON-objekt"):
        parse_entries(["text"])
    with pytest.raises(EntryError, match="samma entry_id"):
        parse_entries([GOOD, {**GOOD, "action": "skriva"}])


def entry(entry_id, patient, time):
    return Entry(**{**GOOD, "entry_id": entry_id, "patient_id": patient, "time": time})


def test_grouping_keeps_the_newest_patient_first_and_entries_newest_first():
    newest_first = [entry("4", "B", "t4"), entry("3", "A", "t3"), entry("2", "B", "t2"), entry("1", "A", "t1")]
    groups = group_by_patient(newest_first)
    assert [g.patient_id for g in groups] == ["B", "A"]
    assert [e.entry_id for e in groups[0].entries] == ["4", "2"]
    assert [e.entry_id for e in groups[1].entries] == ["3", "1"]
