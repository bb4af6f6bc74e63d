"""Who may do what with the questions (domain/access.py): Tabell 3 and §3 as auth decides them
(the privileges are auth's own ``all_decisions``, as the session view carries them), and §7's
role rules -- scenario B only for doctors, vårdadministratörer create and forward the complement
draft, forwarding only with SITHS -- then the certificate's and the question's state."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from webcert_auth.domain.privileges import UserContext, all_decisions
from webcert_auth.domain.roles import Role
from webcert_messaging.domain import access
from webcert_messaging.domain.certificate import CertificateRecord
from webcert_messaging.domain.errors import STATUS, MessagingRefusal, from_decision
from webcert_messaging.domain.question import ComplementReference, Question
from webcert_messaging.domain.requester import Requester, requester_from_session
from webcert_messaging.domain.subjects import FK, KOMPLETTERING, KONTAKT, OVRIGT, PAMINNELSE, UNIT

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
INGRID = {"id": "HSA-1", "name": "Ingrid Holm"}
SENT = CertificateRecord(id="c1", certificate_type="FK7804", unit_id="VE11-M1", care_unit_id="VE11",
                         sent_to_fk=True)


def requester(role="LAKARE", method="siths", standalone="allowed", unit_id="VE11-M1", is_workplace=True):
    privileges = all_decisions(UserContext(Role(role), method, standalone))
    return Requester(user_id="HSA-1", name="Ingrid Holm", role=role, login_method=method, privileges=privileges,
                     unit_id=unit_id, care_unit_id="VE11", is_workplace=is_workplace)


DOCTOR, DENTIST = requester(), requester("TANDLAKARE")
ELEG_DOCTOR, ADMINISTRATOR = requester(method="bankid"), requester("VARDADMINISTRATOR")
BLOCKED_DOCTOR = requester(standalone="block")


def question(subject=KONTAKT, sender=FK) -> Question:
    refs = (ComplementReference("1.1", "Förtydliga."),) if subject == KOMPLETTERING else ()
    return Question(id="q1", certificate_id="c1", subject=subject, sender=sender, text="Fråga", sent_at=NOW,
                    unit_id="VE11-M1", care_unit_id="VE11", complement_references=refs,
                    reminder_of="q0" if subject == PAMINNELSE else None)


def decide(who, action, subject=KONTAKT, record=SENT, q=None):
    return access.decide(who, action, record, q or question(subject))


@pytest.mark.parametrize("who", [DOCTOR, DENTIST, ELEG_DOCTOR, ADMINISTRATOR])
def test_every_role_reads_asks_and_answers_administrative_questions(who):
    """Tabell 3 "Ärendekommunikation med Försäkringskassan": Ja, Ja, Ja."""
    assert access.certificate_actions(who, SENT)[access.READ]["allowed"]
    assert access.certificate_actions(who, SENT)[access.ASK]["allowed"]
    assert decide(who, access.ANSWER).allowed
    assert decide(who, access.MARK_HANDLED).allowed


def test_forwarding_is_for_siths_users_only():
    """§7 "Vidarebefordra ärendekommunikation": "Om du loggat in med SITHS-kort går det att
    vidarebefordra ett ärende"; Tabell 3 "Vidarebefordra fråga/svar": Ja, Nej, Ja (QA-8, AUTH-6)."""
    assert decide(DOCTOR, access.FORWARD).allowed and decide(ADMINISTRATOR, access.FORWARD).allowed
    assert decide(ELEG_DOCTOR, access.FORWARD).reason == "NOT_AVAILABLE_WITH_ELEG"
    # Even with the privilege granted, a login without SITHS does not forward.
    odd = Requester(user_id="x", name="x", role="LAKARE", login_method="telia",
                    privileges={"FORWARD_QUESTION": {"allowed": True}})
    assert access.decide(odd, access.FORWARD, SENT, question()).reason == "NOT_AVAILABLE_WITH_ELEG"


@pytest.mark.parametrize("who", [DOCTOR, DENTIST, ELEG_DOCTOR, ADMINISTRATOR])
def test_every_role_creates_the_complement_draft(who):
    """Scenario A: "En kopia av intyget skapas som ett nytt intygsutkast. Observera att
    vårdadministratörer endast kan skapa ett intygsutkast och vidarebefordra utkastet." """
    assert decide(who, access.COMPLEMENT, KOMPLETTERING).allowed


def test_a_care_administrator_creates_and_forwards_the_complement_draft_but_does_not_sign_it():
    """Scenario A, step 5: "Läkare: Klicka på Signera och skicka ... Vårdadministratörer: Klicka på
    Vidarebefordra utkast" -- signing is auth's SIGN_CERTIFICATE, which Tabell 3 refuses them."""
    assert ADMINISTRATOR.decision("FORWARD_DRAFT").allowed
    assert not ADMINISTRATOR.decision("SIGN_CERTIFICATE").allowed


def test_scenario_b_is_for_doctors_only():
    """Scenario B "Ingen ytterligare medicinsk information kan anges": "Observera att endast läkare
    kan använda detta alternativ." """
    assert decide(DOCTOR, access.NO_FURTHER_INFORMATION, KOMPLETTERING).allowed
    assert decide(DENTIST, access.NO_FURTHER_INFORMATION, KOMPLETTERING).allowed   # §2.2
    refusal = decide(ADMINISTRATOR, access.NO_FURTHER_INFORMATION, KOMPLETTERING)
    assert refusal.reason == "NOT_AVAILABLE_FOR_ROLE" and "läkare" in refusal.message


@pytest.mark.parametrize("who", [DOCTOR, ADMINISTRATOR])
def test_scenario_c_is_open_to_every_role(who):
    """Scenario C carries no role restriction in §7 (only "ingen medicinsk information ska anges"),
    while "Svara på kompletteringsbegäran" says the request "kan besvaras av alla roller"."""
    assert decide(who, access.NO_ONE_RESPONSIBLE, KOMPLETTERING).allowed


def test_a_blocked_care_provider_takes_away_the_new_certificate_but_not_the_messages():
    """§3 "Blockerad användare": no "Svara med nytt intyg (komplettera)", but "Läsa
    ärendekommunikation" and "Skapa/besvara administrativ fråga"."""
    assert decide(BLOCKED_DOCTOR, access.COMPLEMENT, KOMPLETTERING).reason == "CARE_PROVIDER_BLOCKED"
    assert decide(BLOCKED_DOCTOR, access.NO_FURTHER_INFORMATION, KOMPLETTERING).reason == "CARE_PROVIDER_BLOCKED"
    assert decide(BLOCKED_DOCTOR, access.ANSWER).allowed
    assert decide(BLOCKED_DOCTOR, access.NO_ONE_RESPONSIBLE, KOMPLETTERING).allowed
    assert access.certificate_actions(BLOCKED_DOCTOR, SENT)[access.ASK]["allowed"]


def test_the_question_decides_what_can_be_answered():
    assert decide(DOCTOR, access.ANSWER, PAMINNELSE).reason == "REMINDER_NOT_ANSWERABLE"
    assert decide(DOCTOR, access.ANSWER, KOMPLETTERING).reason == "COMPLEMENT_NEEDS_CERTIFICATE"
    assert decide(DOCTOR, access.ANSWER, q=question(OVRIGT, sender=UNIT)).reason == "ANSWERED_BY_FK"
    assert decide(DOCTOR, access.COMPLEMENT, KONTAKT).reason == "NOT_A_COMPLEMENT_REQUEST"


def test_an_existing_complement_draft_is_opened_not_made_again():
    """§7 "Fortsätt på intygsutkast för kompletteringsbegäran": "Om det finns ett påbörjat utkast
    ... kan du klicka på Öppna utkastet"; "Om ett utkast som skapats för att komplettera ett intyg
    raderas, före signering, går det att senare ånyo skapa ett nytt kompletterande intyg"."""
    with_draft = CertificateRecord(id="c1", certificate_type="FK7804", unit_id="VE11-M1", care_unit_id="VE11",
                                   sent_to_fk=True, complement_draft_id="d1")
    assert decide(DOCTOR, access.COMPLEMENT, KOMPLETTERING, record=with_draft).reason == "COMPLEMENT_DRAFT_EXISTS"
    assert access.certificate_actions(DOCTOR, with_draft)[access.OPEN_COMPLEMENT_DRAFT]["allowed"]
    assert access.certificate_actions(BLOCKED_DOCTOR, with_draft)[access.OPEN_COMPLEMENT_DRAFT]["allowed"]
    # the draft deleted: "Komplettera intyg" again
    assert access.certificate_actions(DOCTOR, SENT)[access.OPEN_COMPLEMENT_DRAFT]["reason"] == "NO_COMPLEMENT_DRAFT"
    assert decide(DOCTOR, access.COMPLEMENT, KOMPLETTERING).allowed


def test_a_complemented_or_replaced_certificate_offers_no_new_complement():
    """§7 "Avklarad kompletteringsbegäran"; §5.8 (QA-9: "cannot be complemented, renewed or replaced again")."""
    assert decide(DOCTOR, access.COMPLEMENT, KOMPLETTERING, record=SENT.complemented("c2")).reason == \
        "ALREADY_COMPLEMENTED"
    replaced = CertificateRecord(id="c1", certificate_type="FK7804", unit_id="u", care_unit_id="u",
                                 sent_to_fk=True, replaced=True)
    assert decide(DOCTOR, access.NO_FURTHER_INFORMATION, KOMPLETTERING, record=replaced).reason == "REPLACED"


def test_a_revoked_certificate_is_read_but_nothing_more():
    """§5.10: its questions are all handled; none is answered, asked or unticked afterwards."""
    revoked = CertificateRecord(id="c1", certificate_type="FK7804", unit_id="VE11-M1", care_unit_id="VE11",
                                sent_to_fk=True, revoked=True)
    assert access.certificate_actions(DOCTOR, revoked)[access.READ]["allowed"]
    for action in (access.ANSWER, access.MARK_UNHANDLED):
        assert decide(DOCTOR, action, record=revoked).reason == "REVOKED"
    assert access.certificate_actions(DOCTOR, revoked)[access.ASK]["reason"] == "REVOKED"


def test_untick_is_offered_for_a_ticked_administrative_question_only():
    q = question()
    assert access.question_actions(DOCTOR, SENT, q)[access.MARK_UNHANDLED]["reason"] == "NOT_HANDLED"
    q.mark_handled(INGRID, NOW)
    actions = access.question_actions(DOCTOR, SENT, q)
    assert actions[access.MARK_UNHANDLED]["allowed"] and actions[access.MARK_HANDLED]["reason"] == "ALREADY_HANDLED"
    k = question(KOMPLETTERING)
    k.mark_handled(INGRID, NOW, confirmed=True)
    assert access.question_actions(DOCTOR, SENT, k)[access.MARK_UNHANDLED]["reason"] == "HANDLING_IRREVERSIBLE"


def test_the_questions_of_another_unit_are_not_reached():
    """§4.2: "kopplade till intyg som utfärdats på den arbetsplats eller vårdenhet du är inloggad
    på"; on the care unit itself, its workplaces' too."""
    assert access.reaches(DOCTOR, SENT).allowed
    assert access.reaches(requester(unit_id="VE11", is_workplace=False), SENT).allowed
    assert access.reaches(requester(unit_id="VE11-M2"), SENT).reason == "OTHER_UNIT"


def test_every_refusal_has_a_status_and_a_swedish_message():
    """STYLE.md habit 10: typed errors with a reason and a Swedish message, mapped to 4xx."""
    reasons = set()
    for who in (DOCTOR, ELEG_DOCTOR, ADMINISTRATOR, BLOCKED_DOCTOR):
        for subject in (KONTAKT, KOMPLETTERING, PAMINNELSE):
            for action in access.QUESTION_ACTIONS:
                decision = decide(who, action, subject)
                if not decision.allowed:
                    reasons.add(decision.reason)
                    assert decision.message
    assert reasons <= set(STATUS)
    error = from_decision(decide(ADMINISTRATOR, access.NO_FURTHER_INFORMATION, KOMPLETTERING))
    assert isinstance(error, MessagingRefusal) and error.http_status == 403


def test_a_requester_comes_from_the_session_view_once_a_unit_is_chosen():
    view = {"user": {"id": "HSA-1", "name": "Ingrid Holm", "role": "LAKARE", "login_method": "siths"},
            "unit": {"id": "VE11-M1", "care_unit_id": "VE11", "is_workplace": True}, "pending": [],
            "privileges": {"MESSAGING": {"allowed": True}}}
    who = requester_from_session(view)
    assert who.unit_id == "VE11-M1" and who.is_workplace and who.decision("MESSAGING").allowed
    with pytest.raises(MessagingRefusal) as caught:
        requester_from_session({**view, "unit": None})
    assert caught.value.reason == "UNIT_NOT_CHOSEN"


def test_the_workplaces_to_choose_among_are_the_care_units_own():
    """§7 "Se lista över ärendekommunikation": on a care unit with workplaces one of them may be
    chosen; on a workplace there is nothing to choose. The care provider goes to PDL and pu-lookup."""
    units = [{"id": "VE11", "name": "Alfa", "workplaces": [{"id": "VE11-M1", "name": "Norr"}]},
             {"id": "VE12", "name": "Akut", "workplaces": []}]
    view = {"user": {"id": "HSA-1", "name": "Ingrid Holm", "role": "LAKARE", "login_method": "siths"},
            "unit": {"id": "VE11", "care_unit_id": "VE11", "is_workplace": False}, "pending": [],
            "care_provider": {"id": "VG01"}, "units": units, "privileges": {}}
    on_unit = requester_from_session(view)
    assert on_unit.workplaces() == (("VE11-M1", "Norr"),) and on_unit.care_provider_id == "VG01"
    assert [a.unit_id for a in on_unit.assignments] == ["VE11", "VE12"]
    on_workplace = requester_from_session({**view, "unit": {"id": "VE11-M1", "care_unit_id": "VE11",
                                                            "is_workplace": True}})
    assert on_workplace.workplaces() == ()
