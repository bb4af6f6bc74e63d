"""Who may do what with a certificate's questions (Tabell 3, §3, §7): an ordered chain per action
-- the user's privileges from auth, the role and login method where §7 names them, the
certificate's state, the question's state -- the first refusal decides, with its reason. The
view offers exactly what these allow; the service refuses the rest with the same reason."""
from __future__ import annotations

from webcert_common.decision import ALLOWED, Decision

from .certificate import IS_REVOKED, CertificateRecord
from .question import NOT_A_COMPLEMENT_REQUEST, QUESTION_HANDLED, Question
from .requester import LAKARE, SITHS, TANDLAKARE, Requester

# On the certificate.
READ = "READ"                          # Tabell 3 "Ärendekommunikation med Försäkringskassan"; §3 "Läsa ..."
ASK = "ASK"                            # §7 "Ställ en fråga till Försäkringskassan" ("Administrativa frågor")
OPEN_COMPLEMENT_DRAFT = "OPEN_COMPLEMENT_DRAFT"   # §7 "Fortsätt på intygsutkast": "Öppna utkastet"
# On one question.
ANSWER = "ANSWER"                      # §7 "Svara på fråga från Försäkringskassan": "Svara"
COMPLEMENT = "COMPLEMENT"              # scenario A "Komplettera intyg"
NO_FURTHER_INFORMATION = "NO_FURTHER_INFORMATION"  # B "Kan ej komplettera – Ingen ytterligare medicinsk ..."
NO_ONE_RESPONSIBLE = "NO_ONE_RESPONSIBLE"  # C "Kan ej komplettera – Ingen på vårdenheten kan ansvara ..."
MARK_HANDLED = "MARK_HANDLED"          # the "Hanterad" tick
MARK_UNHANDLED = "MARK_UNHANDLED"      # untick (administrative questions only)
FORWARD = "FORWARD"                    # §7 "Vidarebefordra ärendekommunikation"

CERTIFICATE_ACTIONS = (READ, ASK, OPEN_COMPLEMENT_DRAFT)
QUESTION_ACTIONS = (ANSWER, COMPLEMENT, NO_FURTHER_INFORMATION, NO_ONE_RESPONSIBLE, MARK_HANDLED, MARK_UNHANDLED,
                    FORWARD)

# The privileges (auth, Tabell 3 and §3) each action needs, in order.
MESSAGING = "MESSAGING"
PRIVILEGES = {
    READ: (MESSAGING,),
    # §3: a blocked user keeps "Skapa/besvara administrativ fråga".
    ASK: (MESSAGING, "ANSWER_ADMINISTRATIVE_QUESTION"),
    ANSWER: (MESSAGING, "ANSWER_ADMINISTRATIVE_QUESTION"),
    # §3: a blocked user loses "Svara med nytt intyg (komplettera)"; B also makes a new certificate.
    COMPLEMENT: (MESSAGING, "COMPLEMENT_WITH_NEW_CERTIFICATE"),
    NO_FURTHER_INFORMATION: (MESSAGING, "COMPLEMENT_WITH_NEW_CERTIFICATE"),
    # §3: a blocked user may "Fortsätta fylla i ett befintligt (tidigare skapat) utkast".
    OPEN_COMPLEMENT_DRAFT: (MESSAGING, "EDIT_DRAFT"),
    NO_ONE_RESPONSIBLE: (MESSAGING,),
    MARK_HANDLED: (MESSAGING,),
    MARK_UNHANDLED: (MESSAGING,),
    # Tabell 3 "Vidarebefordra fråga/svar": Ja, Nej (e-legitimation), Ja.
    FORWARD: ("FORWARD_QUESTION",),
}
# §7 scenario B: "Observera att endast läkare kan använda detta alternativ" (§2.2: a dentist has the
# doctor's functions). Scenario A lets a vårdadministratör create the draft ("endast kan skapa ett
# intygsutkast och vidarebefordra utkastet"); signing it is SIGN_CERTIFICATE, which auth refuses them.
ISSUER_ROLES = (LAKARE, TANDLAKARE)

ONLY_DOCTORS = Decision(False, "NOT_AVAILABLE_FOR_ROLE", "Endast läkare kan använda detta alternativ.")
ONLY_SITHS = Decision(False, "NOT_AVAILABLE_WITH_ELEG", "Vidarebefordra går bara när du har loggat in med "
                      "SITHS-kort.")
DRAFT_EXISTS = Decision(False, "COMPLEMENT_DRAFT_EXISTS", "Det finns redan ett påbörjat utkast för att "
                        "komplettera intyget. Öppna utkastet.")
NO_DRAFT = Decision(False, "NO_COMPLEMENT_DRAFT", "Det finns inget påbörjat utkast för att komplettera intyget.")
OTHER_UNIT = Decision(False, "OTHER_UNIT", "Intyget är utfärdat på en annan vårdenhet. Byt till den vårdenheten "
                      "för att se dess ärenden.")


def reaches(requester: Requester, record: CertificateRecord) -> Decision:
    """§4.2: the questions "kopplade till intyg som utfärdats på den arbetsplats eller vårdenhet
    du är inloggad på"; a user on the care unit itself also reaches its workplaces'."""
    if requester.unit_id == record.unit_id:
        return ALLOWED
    if not requester.is_workplace and requester.unit_id == record.care_unit_id:
        return ALLOWED
    return OTHER_UNIT


def decide(requester: Requester, action: str, record: CertificateRecord, question: Question | None = None) -> Decision:
    for rule in (_privileges, _role, _state):
        decision = rule(requester, action, record, question)
        if not decision.allowed:
            return decision
    return ALLOWED


def certificate_actions(requester: Requester, record: CertificateRecord) -> dict[str, dict]:
    return {action: decide(requester, action, record).as_dict() for action in CERTIFICATE_ACTIONS}


def question_actions(requester: Requester, record: CertificateRecord, question: Question) -> dict[str, dict]:
    return {action: decide(requester, action, record, question).as_dict() for action in QUESTION_ACTIONS}


def _privileges(requester: Requester, action: str, _record, _question) -> Decision:
    for privilege in PRIVILEGES[action]:
        decision = requester.decision(privilege)
        if not decision.allowed:
            return decision
    return ALLOWED


def _role(requester: Requester, action: str, _record, _question) -> Decision:
    if action == NO_FURTHER_INFORMATION and requester.role not in ISSUER_ROLES:
        return ONLY_DOCTORS
    # QA-8, §7: "Om du loggat in med SITHS-kort går det att vidarebefordra ett ärende".
    if action == FORWARD and requester.login_method != SITHS:
        return ONLY_SITHS
    return ALLOWED


def _state(_requester, action: str, record: CertificateRecord, question: Question | None) -> Decision:
    if action in (READ, FORWARD):
        return ALLOWED
    if action == ASK:
        return record.messaging_state()
    if action == OPEN_COMPLEMENT_DRAFT:
        return record.complement_state() if record.complement_draft_id else NO_DRAFT
    if question is None:
        raise ValueError(f"{action} is decided on a question")
    if action == MARK_HANDLED:
        return question.mark_state()
    if action == MARK_UNHANDLED:
        return IS_REVOKED if record.revoked else question.unmark_state()
    if action in (COMPLEMENT, NO_FURTHER_INFORMATION):
        return _complement_state(record, question)
    state = record.messaging_state()
    if not state.allowed:
        return state
    return question.answer_state(no_one_responsible=action == NO_ONE_RESPONSIBLE)


def _complement_state(record: CertificateRecord, question: Question) -> Decision:
    """Scenario A and B make a new draft from the certificate: one at a time ("Om det finns ett
    påbörjat utkast ... kan du klicka på Öppna utkastet"), and not again once complemented."""
    if not question.is_complement_request:
        return NOT_A_COMPLEMENT_REQUEST
    state = record.complement_state()
    if not state.allowed:
        return state
    if question.is_handled:
        return QUESTION_HANDLED
    if record.complement_draft_id:
        return DRAFT_EXISTS
    return ALLOWED
