"""§7's rules over all the questions of one certificate (domain/lifecycle.py, domain/overview.py,
domain/certificate.py): FK's questions in, the unit's questions out, a complement answered by a new
certificate or a message, renewal, revocation, reminders, and the "Ej hanterade ärenden" list."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from webcert_messaging.domain import lifecycle, overview
from webcert_messaging.domain.certificate import COMPLEMENTED_TEXT, CertificateRecord
from webcert_messaging.domain.errors import MessagingRefusal
from webcert_messaging.domain.question import (
    ANSWERED, COMPLEMENTED, REMINDED_QUESTION_ANSWERED, RENEWED, REVOKED, ComplementReference,
)
from webcert_messaging.domain.subjects import (
    AVSTAMNINGSMOTE, FK, KOMPLETTERING, KONTAKT, OVRIGT, PAMINNELSE, UNIT,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
INGRID = {"id": "HSA-1", "name": "Ingrid Holm"}
SENT = CertificateRecord(id="c1", certificate_type="FK7804", unit_id="VE11-M1", care_unit_id="VE11",
                         sent_to_fk=True)
FORM = ("1.1", "27.1", "35.1")


def at(minutes: int) -> datetime:
    return NOW + timedelta(minutes=minutes)


def reference(question_id="1.1", text="Förtydliga grunden för bedömningen.") -> ComplementReference:
    return ComplementReference(question_id, text)


def from_fk(questions, id, subject=KONTAKT, minutes=0, record=SENT, **kwargs):
    if subject == KOMPLETTERING:
        kwargs.setdefault("references", (reference(),))
    question = lifecycle.receive_from_fk(record, questions, id=id, subject=subject, text=f"Fråga {id}",
                                         sent_at=at(minutes), **kwargs)
    questions.append(question)
    return question


def refused(reason: str, call, *args, **kwargs) -> MessagingRefusal:
    with pytest.raises(MessagingRefusal) as caught:
        call(*args, **kwargs)
    assert caught.value.reason == reason
    return caught.value


# -- FK's questions in, the unit's out (QA-1, QA-6) ---------------------------------------------------

def test_fk_asks_only_about_a_certificate_signed_and_sent_to_fk():
    """§7: "När ett intyg har signerats och skickats till Försäkringskassan kan
    ärendekommunikation initieras med Försäkringskassan" (QA-1); issue 7 "Bad input": "a question
    on an unsent certificate ... a clear 4xx"."""
    unsent = CertificateRecord(id="c1", certificate_type="FK7804", unit_id="VE11-M1", care_unit_id="VE11")
    assert refused("NOT_SENT_TO_FK", from_fk, [], "q1", record=unsent).http_status == 409
    q = from_fk([], "q1")
    assert q.sender == FK and q.unit_id == "VE11-M1" and q.care_unit_id == "VE11" and not q.is_handled


def test_a_subject_that_does_not_exist_is_refused():
    assert refused("UNKNOWN_SUBJECT", from_fk, [], "q1", subject="FRAGA").http_status == 422


def test_a_complement_request_names_the_forms_questions_with_fks_text():
    """§7: "Frågan som kompletteringsbegäran avser är inramad och motsvarar frågans rubrik i intyget
    ... I inramningen finns även Försäkringskassans kompletteringsbegäran beskriven i text." """
    q = from_fk([], "k1", KOMPLETTERING, references=(reference("1.1", "A"), reference("35.1", "B")),
                form_question_ids=FORM)
    assert [(r.question_id, r.text) for r in q.complement_references] == [("1.1", "A"), ("35.1", "B")]


@pytest.mark.parametrize("references", [(), (reference("99.9"),), (reference("1.1", "  "),)])
def test_a_complement_request_without_references_or_naming_an_unknown_field_is_refused(references):
    """Issue 7 "Bad input": "a complement request naming a field the type does not have"."""
    refused("INVALID_COMPLEMENT_REFERENCES", from_fk, [], "k1", KOMPLETTERING, references=references,
            form_question_ids=FORM)


def test_only_a_complement_request_names_fields():
    refused("INVALID_COMPLEMENT_REFERENCES", from_fk, [], "q1", OVRIGT, references=(reference(),))


def test_a_reminder_names_an_earlier_question_from_fk_on_the_same_certificate():
    """§7 "Påminnelse från Försäkringskassan": "påminnelsen avser" one question."""
    questions = []
    from_fk(questions, "q1", KONTAKT)
    p = from_fk(questions, "p1", PAMINNELSE, reminder_of="q1")
    assert p.reminder_of == "q1" and not p.is_handled
    refused("INVALID_REMINDER", from_fk, questions, "p2", PAMINNELSE, reminder_of="nope")
    refused("INVALID_REMINDER", from_fk, questions, "p3", PAMINNELSE, reminder_of="p1")
    refused("INVALID_REMINDER", from_fk, questions, "p4", PAMINNELSE)
    refused("INVALID_REMINDER", from_fk, questions, "q2", KONTAKT, reminder_of="q1")
    own = lifecycle.ask(SENT, id="u1", subject=OVRIGT, text="Fråga", by=INGRID, at=NOW)
    refused("INVALID_REMINDER", from_fk, [*questions, own], "p5", PAMINNELSE, reminder_of="u1")


def test_the_unit_asks_with_an_administrative_subject():
    """§7 "Ställ en fråga till Försäkringskassan": "Skriv din fråga i textfältet, välj ämne och
    klicka på Skicka" (QA-6)."""
    q = lifecycle.ask(SENT, id="u1", subject=AVSTAMNINGSMOTE, text="Möte?", by=INGRID, at=NOW)
    assert q.sender == UNIT and q.author == INGRID and q.sent_at == NOW and not q.is_handled
    for subject in (KOMPLETTERING, PAMINNELSE):
        refused("SUBJECT_NOT_FOR_UNIT", lifecycle.ask, SENT, id="u2", subject=subject, text="x", by=INGRID, at=NOW)
    refused("TEXT_REQUIRED", lifecycle.ask, SENT, id="u3", subject=OVRIGT, text=" ", by=INGRID, at=NOW)


def test_no_question_is_asked_on_a_revoked_or_unsent_certificate():
    revoked = CertificateRecord(id="c1", certificate_type="FK7804", unit_id="u", care_unit_id="u", sent_to_fk=True,
                                revoked=True)
    refused("REVOKED", lifecycle.ask, revoked, id="u1", subject=OVRIGT, text="x", by=INGRID, at=NOW)
    unsent = CertificateRecord(id="c1", certificate_type="FK7804", unit_id="u", care_unit_id="u")
    refused("NOT_SENT_TO_FK", lifecycle.ask, unsent, id="u1", subject=OVRIGT, text="x", by=INGRID, at=NOW)


# -- complement requests (QA-9) --------------------------------------------------------------------------

def test_a_new_certificate_handles_every_open_complement_request_but_not_administrative_questions():
    """§7 "Svara på flera kompletteringsbegäran": "Alla kompletteringsbegäran markeras som hanterade
    när ett svar skickats till Försäkringskassan, oavsett om det svarades med ett nytt intyg eller
    ett meddelande." """
    questions = []
    k1, k2, admin = from_fk(questions, "k1", KOMPLETTERING), from_fk(questions, "k2", KOMPLETTERING, 5), \
        from_fk(questions, "q1", KONTAKT, 6)
    changed = lifecycle.complemented_with_new_certificate(questions, "c2", INGRID, at(30))
    assert changed == [k1, k2]
    assert all(k.handling.how == COMPLEMENTED and k.handling.related_id == "c2" for k in (k1, k2))
    assert not admin.is_handled


def test_scenario_c_handles_every_open_complement_request_with_one_message():
    """Scenario C, and "Svara på flera kompletteringsbegäran": one answer handles them all."""
    questions = []
    k1, k2 = from_fk(questions, "k1", KOMPLETTERING), from_fk(questions, "k2", KOMPLETTERING, 5)
    admin = from_fk(questions, "q1", OVRIGT)
    changed = lifecycle.answer(questions, "k2", "Ingen kan ta ansvaret.", INGRID, at(20), no_one_responsible=True)
    assert changed == [k2, k1]
    assert k2.answer.no_one_responsible and k2.handling.how == ANSWERED
    assert k1.answer is None and k1.handling.how == ANSWERED and k1.handling.related_id == "k2"
    assert not admin.is_handled


def test_a_complemented_certificate_cannot_be_complemented_again():
    """§7: "Om ett intyg kompletterats med ett nytt intyg kan samma intyg inte kompletteras en gång
    till"; the original shows "Kompletteringsbegäran besvarades med ett nytt intyg" with a link."""
    record = SENT.complemented("c2")
    assert record.complemented_by == "c2" and record.complement_draft_id is None
    assert record.complement_state().reason == "ALREADY_COMPLEMENTED"
    assert COMPLEMENTED_TEXT == "Kompletteringsbegäran besvarades med ett nytt intyg"


def test_a_replaced_certificate_cannot_be_complemented():
    """§5.8: "Det ersatta intyget är fortsatt giltigt, men kommer endast gå att läsa och skriva ut"."""
    record = CertificateRecord(id="c1", certificate_type="FK7804", unit_id="u", care_unit_id="u", sent_to_fk=True,
                               replaced=True)
    assert record.complement_state().reason == "REPLACED"


# -- renewal and revocation (CERT-11, CERT-13) -------------------------------------------------------------

def test_signing_a_renewal_handles_the_originals_complement_requests_not_its_administrative_questions():
    """§5.8 "Förnya intyg": "När det förnyande intyget signerats markeras eventuell
    kompletteringsbegäran automatiskt som hanterad på ursprungsintyget. Eventuell administrativ
    ärendekommunikation förblir obesvarad." """
    questions = []
    k1, admin = from_fk(questions, "k1", KOMPLETTERING), from_fk(questions, "q1", AVSTAMNINGSMOTE)
    own = lifecycle.ask(SENT, id="u1", subject=OVRIGT, text="x", by=INGRID, at=NOW)
    questions.append(own)
    assert lifecycle.renewal_signed(questions, "c3", INGRID, at(40)) == [k1]
    assert k1.handling.how == RENEWED and k1.handling.related_id == "c3"
    assert not admin.is_handled and not own.is_handled


def test_revoking_handles_every_open_question():
    """§5.10 "Makulering och ärendekommunikation": "Om det finns obesvarad ärendekommunikation
    kopplad till intyget markeras de som hanterade när intyget makuleras." """
    questions = []
    for id, subject in (("k1", KOMPLETTERING), ("q1", KONTAKT), ("q2", OVRIGT)):
        from_fk(questions, id, subject)
    from_fk(questions, "p1", PAMINNELSE, reminder_of="q1")
    questions.append(lifecycle.ask(SENT, id="u1", subject=OVRIGT, text="x", by=INGRID, at=NOW))
    questions[2].give_answer("Svar", INGRID, at(1))          # already handled: stays answered
    changed = lifecycle.certificate_revoked(questions, INGRID, at(50))
    assert [q.id for q in changed] == ["k1", "q1", "p1", "u1"]
    assert all(q.is_handled for q in questions) and questions[2].handling.how == ANSWERED
    assert all(q.handling.how == REVOKED for q in changed)


# -- reminders (QA-11) ---------------------------------------------------------------------------------

def test_a_reminder_is_handled_when_the_question_it_reminds_of_is_answered():
    """§7: "när du besvarat frågan påminnelsen avser kommer påminnelsen automatiskt markeras som
    Hanterad" (QA-11)."""
    questions = []
    q1 = from_fk(questions, "q1", KONTAKT)
    p1, p2 = from_fk(questions, "p1", PAMINNELSE, 10, reminder_of="q1"), \
        from_fk(questions, "p2", PAMINNELSE, 20, reminder_of="q1")
    changed = lifecycle.answer(questions, "q1", "Svar", INGRID, at(30))
    assert changed == [q1, p1, p2]
    assert p1.handling.how == REMINDED_QUESTION_ANSWERED and p1.handling.by is None
    assert p1.handling.related_id == "q1" and p1.handling.at == at(30)


def test_a_reminder_of_a_complement_request_is_handled_by_the_new_certificate():
    questions = []
    from_fk(questions, "k1", KOMPLETTERING)
    p1 = from_fk(questions, "p1", PAMINNELSE, reminder_of="k1")
    lifecycle.complemented_with_new_certificate(questions, "c2", INGRID, at(30))
    assert p1.handling.how == REMINDED_QUESTION_ANSWERED


def test_a_reminder_of_an_already_answered_question_is_handled_on_arrival():
    questions = []
    from_fk(questions, "q1", KONTAKT)
    lifecycle.answer(questions, "q1", "Svar", INGRID, at(1))
    assert from_fk(questions, "p1", PAMINNELSE, 10, reminder_of="q1").handling.how == REMINDED_QUESTION_ANSWERED


def test_a_reminder_stays_open_when_its_question_is_only_ticked_by_hand():
    """The manual names the answer ("när du besvarat frågan"); a tick tells FK nothing."""
    questions = []
    q1 = from_fk(questions, "q1", KONTAKT)
    p1 = from_fk(questions, "p1", PAMINNELSE, reminder_of="q1")
    q1.mark_handled(INGRID, at(5))
    assert lifecycle.settle_reminders(questions) == [] and not p1.is_handled
    assert overview.action_needed(p1, questions) == overview.MARK_HANDLED


# -- "Ej hanterade ärenden" (§4.2, QA-2, QA-4) -----------------------------------------------------------

def world():
    questions = []
    from_fk(questions, "k1", KOMPLETTERING, 1)
    from_fk(questions, "q1", KONTAKT, 2)
    from_fk(questions, "p1", PAMINNELSE, 3, reminder_of="q1")
    questions.append(lifecycle.ask(SENT, id="u1", subject=OVRIGT, text="x", by=INGRID, at=at(4)))
    other = CertificateRecord(id="c9", certificate_type="FK7804", unit_id="VE11-M2", care_unit_id="VE11",
                              sent_to_fk=True)
    from_fk(questions, "q9", AVSTAMNINGSMOTE, 5, record=other)
    far = CertificateRecord(id="c8", certificate_type="FK7804", unit_id="VE22", care_unit_id="VE22", sent_to_fk=True)
    from_fk(questions, "q8", OVRIGT, 6, record=far)
    return questions


def test_the_list_holds_the_unhandled_questions_of_the_unit_or_workplace():
    """§7: "Under fliken Ej hanterade ärenden listas alla ej hanterade ärenden för den vårdenhet
    eller arbetsplats du är inloggad på ... välja om du vill se ärenden för hela vårdenheten eller
    för en specifik arbetsplats"."""
    questions = world()
    assert [q.id for q in overview.unhandled(questions, "VE11-M1")] == ["u1", "p1", "q1", "k1"]
    assert [q.id for q in overview.unhandled(questions, "VE11")] == ["q9", "u1", "p1", "q1", "k1"]
    assert [q.id for q in overview.unhandled(questions, "VE11-M2")] == ["q9"]
    questions[1].give_answer("Svar", INGRID, at(10))   # q1 answered: its reminder goes with it
    lifecycle.settle_reminders(questions)
    assert [q.id for q in overview.unhandled(questions, "VE11-M1")] == ["u1", "k1"]


def test_the_count_beside_the_tab_and_in_the_header():
    """§7: "Intill fliken Ej hanterade ärenden visas antalet ej hanterade ärenden ... Om du har
    medarbetaruppdrag på flera vårdenheter visas antalet ej hanterade ärenden för de andra
    vårdenheterna i sidhuvudet" (QA-2, AUTH-6)."""
    questions = world()
    assert overview.unhandled_count(questions, "VE11-M1") == 4
    assert overview.counts_by_care_unit(questions) == {"VE11": 5, "VE22": 1}


def test_what_must_be_done_depends_on_sender_and_subject():
    """§7: "Se vilken åtgärd som behövs för att ärendet ska anses som hanterat och avslutat.
    Beroende på avsändare och ämne på frågan krävs olika åtgärder." """
    questions = world()
    need = {q.id: overview.action_needed(q, questions).label for q in questions}
    assert need["k1"] == "Komplettera"
    assert need["q1"] == "Svara"
    assert need["p1"] == "Svara på frågan som påminnelsen avser"
    assert need["u1"] == "Invänta svar från Försäkringskassan"
    questions[3].receive_answer("Svar från FK", at(20))
    assert overview.action_needed(questions[3], questions).label == "Markera som hanterad"
    questions[1].mark_handled(INGRID, at(21))
    assert overview.action_needed(questions[1], questions) == overview.NONE


def test_the_filter_narrows_the_list():
    """QA-4 "filter": by sender, forwarded, action and time."""
    questions = world()
    questions[1].set_forwarded(True)
    listed = lambda **f: [q.id for q in overview.unhandled(questions, "VE11-M1", overview.Filter(**f))]  # noqa: E731
    assert listed(sender=UNIT) == ["u1"]
    assert listed(forwarded=True) == ["q1"]
    assert listed(action="COMPLEMENT") == ["k1"]
    assert listed(sent_from=at(2), sent_to=at(3)) == ["p1", "q1"]
    assert listed(subject=KOMPLETTERING) == ["k1"]
    assert listed(subject=KOMPLETTERING, sender=UNIT) == []


def test_a_complement_draft_is_open_until_signed_or_deleted():
    """§7 "Fortsätt på intygsutkast": "Öppna utkastet"; a deleted one may be made again; a draft whose
    signing came first stays closed."""
    opened = SENT.complement_draft_created("d1")
    assert opened.complement_draft_id == "d1"
    assert opened.complement_draft_deleted("d2") == opened
    assert opened.complement_draft_deleted("d1").complement_draft_id is None
    signed = opened.complemented("d1")
    assert signed.complement_draft_id is None and signed.complemented_by == "d1"
    assert signed.complement_draft_created("d1") == signed


def test_beside_the_certificate_the_latest_comes_first():
    """§7: "När frågan har skickats visas den överst i listan"; "Då frågan är markerad som Hanterad
    visas frågan och det tillhörande svaret överst"."""
    questions = world()[:4]
    assert [q.id for q in overview.panel_order(questions)] == ["u1", "p1", "q1", "k1"]
    questions[0].mark_handled(INGRID, at(30), confirmed=True)
    assert overview.panel_order(questions)[0].id == "k1"


def test_the_complement_draft_frames_the_questions_fk_asks_about():
    """Scenario A: "Frågan som kompletteringen gäller är markerad med en orange ram och
    kompletteringsbegäran från Försäkringskassan syns under frågan." """
    questions = []
    from_fk(questions, "k1", KOMPLETTERING, 1, references=(reference("1.1", "A"), reference("35.1", "B")))
    from_fk(questions, "k2", KOMPLETTERING, 2, references=(reference("1.1", "C"),))
    assert overview.open_complement_references(questions) == {"1.1": ["A", "C"], "35.1": ["B"]}
    questions[0].mark_handled(INGRID, at(3), confirmed=True)
    assert overview.open_complement_references(questions) == {"1.1": ["C"]}


def test_find_refuses_an_unknown_question():
    assert refused("QUESTION_NOT_FOUND", lifecycle.find, [], "nope").http_status == 404
