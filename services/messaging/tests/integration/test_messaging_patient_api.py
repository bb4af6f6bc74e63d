"""The patient behind the questions, through HTTP with the REAL auth and pu-lookup services (an
in-memory population register): PU-3 (PU down: every change refused with PU_UNAVAILABLE, nothing
changed), PU-4 (a deceased patient's questions are still handled, §7.8), PU-2 (a protected
patient: pu-lookup's refusal passed on), a record from a v1 event (no patient: no lookup, no PDL),
and the PDL entries of each read and change."""
from __future__ import annotations

import pytest

from messaging_world import GUNHILD_DECEASED, SKYDDAD_PROTECTED, TOLVAN

REFERENCES = (("1", "Beskriv hur sjukdomen begränsar patientens arbetsförmåga."),)


def _changes(record, questions) -> list[tuple[str, str, dict]]:
    """Every change a user makes, as (method, path, body)."""
    contact, complement, meeting = questions
    return [
        ("POST", f"/certificates/{record.id}/questions", {"subject": "KONTAKT", "text": "Fråga"}),
        ("POST", f"/questions/{contact.id}/answer", {"text": "Svar"}),
        ("POST", f"/questions/{complement.id}/cannot-complement", {"text": "Ingen kan ansvara."}),
        ("PUT", f"/questions/{meeting.id}/handled", {"handled": True}),
        ("PUT", f"/questions/{complement.id}/forwarded", {"forwarded": True}),
    ]


def _certificate_with_questions(messaging, patient_id):
    record = messaging.world.certificate(patient_id=patient_id)
    contact = messaging.world.fk_question(record, "KONTAKT")
    complement = messaging.world.fk_question(record, "KOMPLETTERING", "Komplettera.", references=REFERENCES)
    meeting = messaging.world.fk_question(record, "AVSTAMNINGSMOTE")
    return record, (contact, complement, meeting)


def test_while_pu_is_down_every_change_is_refused_and_nothing_changes(messaging):
    """PU-3, §5.8 "Otillgänglig PU-tjänst": all handling of certificates and questions is locked."""
    sid = messaging.login("ingrid")
    record, questions = _certificate_with_questions(messaging, TOLVAN)
    messaging.register.make_unavailable()
    try:
        for method, path, body in _changes(record, questions):
            before = messaging.world.state(record.id)
            response = messaging.call(sid, method, path, body)
            assert response.status_code == 503, (path, response.get_json())
            error = response.get_json()["error"]
            assert error["reason"] == "PU_UNAVAILABLE" and "inte tillgänglig" in error["message"]
            assert messaging.world.state(record.id) == before, path
        # reads go on, as in the certificate service (the gateway shows the lock on every page)
        assert messaging.call(sid, "GET", f"/certificates/{record.id}/questions").status_code == 200
    finally:
        messaging.register.make_available()


def test_a_record_from_a_v1_event_names_no_patient_so_pu_is_not_asked(messaging):
    sid = messaging.login("ingrid")
    record, questions = _certificate_with_questions(messaging, None)
    messaging.register.make_unavailable()
    calls = messaging.register.find_calls
    for method, path, body in _changes(record, questions):
        response = messaging.call(sid, method, path, body)
        assert response.status_code in (200, 201), (path, response.get_json())
    messaging.call(sid, "GET", f"/certificates/{record.id}/questions")
    assert messaging.register.find_calls == calls
    assert messaging.pdl() == []


@pytest.mark.parametrize("who", ["ingrid", "karin"])
def test_a_deceased_patients_questions_are_still_handled(messaging, who):
    """PU-4, §7.8: "För en avliden patient kan du ... ställa en ny fråga till Försäkringskassan,
    svara på en fråga från Försäkringskassan"."""
    sid = messaging.login(who)
    record, questions = _certificate_with_questions(messaging, GUNHILD_DECEASED)
    for method, path, body in _changes(record, questions):
        response = messaging.call(sid, method, path, body)
        assert response.status_code in (200, 201), (path, response.get_json())
    assert {e["patient_id"] for e in messaging.pdl()} == {GUNHILD_DECEASED}


def test_a_protected_patient_is_refused_to_a_vardadministrator_as_pu_lookup_decides(messaging):
    """PU-2, §5.8: only läkare and tandläkare handle a patient with skyddade personuppgifter."""
    record, questions = _certificate_with_questions(messaging, SKYDDAD_PROTECTED)
    karin = messaging.login("karin")
    for method, path, body in _changes(record, questions):
        before = messaging.world.state(record.id)
        response = messaging.call(karin, method, path, body)
        assert response.status_code == 403, (path, response.get_json())
        assert response.get_json()["error"]["reason"] == "PROTECTED_IDENTITY_NOT_AUTHORISED"
        assert messaging.world.state(record.id) == before, path
    ingrid = messaging.login("ingrid")
    answered = messaging.call(ingrid, "POST", f"/questions/{questions[0].id}/answer", {"text": "Svar"})
    assert answered.status_code == 200, answered.get_json()


def test_each_read_and_change_leaves_one_pdl_entry_with_the_patient(messaging):
    """docs/ARCHITECTURE.md "Patients": one entry per read or write of a patient's data, in the
    same transaction; the messaging service's are "läsa" and "skriva"."""
    sid = messaging.login("ingrid")
    record, (contact, complement, _meeting) = _certificate_with_questions(messaging, TOLVAN)

    messaging.call(sid, "GET", f"/certificates/{record.id}/questions")
    messaging.call(sid, "POST", f"/questions/{contact.id}/answer", {"text": "Svar"})
    messaging.call(sid, "PUT", f"/questions/{complement.id}/handled", {"handled": True, "confirmed": True})
    messaging.call(sid, "GET", f"/certificates/{record.id}/questions")

    entries = messaging.pdl()
    assert [e["action"] for e in entries] == ["läsa", "skriva", "skriva", "läsa"]
    assert len({e["entry_id"] for e in entries}) == 4
    for entry in entries:
        assert (entry["patient_id"], entry["certificate_id"], entry["outcome"], entry["purpose"]) == \
            (TOLVAN, record.id, "granted", "Vård och behandling")
        assert (entry["user_id"], entry["role"], entry["care_provider_id"]) == \
            ("TSTNMT2321000156-1001", "LAKARE", "TSTNMT2321000156-VG01")
    # a refused change writes none
    messaging.call(sid, "POST", f"/questions/{contact.id}/answer", {"text": "Igen"})
    assert len(messaging.pdl()) == 4
