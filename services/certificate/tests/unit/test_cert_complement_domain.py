"""Issue 7's rules in plain Python (domain/access.py, domain/certificate.py, domain/complement.py):
"Komplettera intyg" (§7, scenarios A and B) -- on what, by whom, what the draft holds -- and what a
signed complement takes away from the certificate it answers (§7 "Avklarad kompletteringsbegäran")."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from webcert_certificate.adapters.type_loader import build_certificate_type, load_certificate_types
from webcert_certificate.domain import access, complement, history, validation
from webcert_certificate.domain.certificate import (
    COMPLEMENT, DRAFT, LOCKED, RENEW, REPLACE, REVOKED, SENT, SIGNED, Certificate, Delivery, Related,
)
from webcert_certificate.domain.certificate_type import check_certificate_type
from webcert_certificate.domain.errors import CertificateRefusal
from webcert_certificate.domain.requester import Requester

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
INGRID = {"id": "HSA-1", "name": "Ingrid Holm", "role": "LAKARE"}
UNIT = {"id": "VE11-M1", "name": "Mottagning Norr", "care_unit_id": "VE11", "care_unit_name": "Alfa Vårdcentral",
        "care_provider_id": "VG01", "care_provider_name": "Alfa Regionen"}
TYPES = load_certificate_types()
SUCCESSIONS = (access.RENEW, access.REPLACE, access.COMPLEMENT, access.COMPLEMENT_WITH_COMMENT)
PRIVILEGES = ("RENEW_CERTIFICATE", "REPLACE_CERTIFICATE", "COMPLEMENT_WITH_NEW_CERTIFICATE", "CREATE_CERTIFICATE",
              "REVOKE_CERTIFICATE", "PRINT_CERTIFICATE")


def certificate(certificate_type="FK7804", status=SENT, **changes) -> Certificate:
    """By default what FK can ask about: signed and received by Försäkringskassan."""
    values = dict(id="c1", certificate_type=certificate_type, type_version="1.3",
                  patient={"personnummer": "19121212-1212", "name": "Tolvan Tolvansson"}, unit=dict(UNIT),
                  created_by=INGRID, created_at=NOW, updated_at=NOW, status=status, issuer=INGRID,
                  signed_at=NOW, sent_to="fk" if status == SENT else None, sent_at=NOW if status == SENT else None)
    values.update(changes)
    return Certificate(**values)


def requester(role="LAKARE", refused=(), types=("FK7804", "FK7800", "AG7804", "DB", "TSTRK1007")) -> Requester:
    privileges = {p: {"allowed": p not in refused, "reason": "NOT_AVAILABLE_FOR_ROLE" if p in refused else None,
                      "message": "Inte för din roll." if p in refused else None} for p in PRIVILEGES}
    return Requester(user_id="HSA-1", name="Ingrid Holm", role=role, login_method="siths", unit_id="VE11-M1",
                     unit_name="x", care_unit_id="VE11", care_unit_name="Alfa Vårdcentral", is_workplace=True,
                     care_provider_id="VG01", care_provider_name="Alfa Regionen", privileges=privileges,
                     certificate_types=types)


def child(kind=COMPLEMENT, status=SIGNED, id="c2") -> Related:
    return Related(kind=kind, id=id, certificate_type="FK7804", status=status, created_at=NOW + timedelta(days=1),
                   signed_at=NOW + timedelta(days=1) if status in (SIGNED, SENT) else None)


def reason(cert: Certificate, action: str, who: Requester | None = None) -> str | None:
    return access.decide(who or requester(), cert, action, TYPES[cert.certificate_type]).reason


def reasons(cert: Certificate, who: Requester | None = None) -> dict[str, str | None]:
    return {action: reason(cert, action, who) for action in SUCCESSIONS}


# --- on what (§7: a certificate FK has) ---------------------------------------------------------

def test_a_certificate_received_by_fk_can_be_complemented_with_or_without_a_comment():
    assert reasons(certificate()) == dict.fromkeys(SUCCESSIONS)


@pytest.mark.parametrize("changes", [
    {"status": SIGNED},                                                             # never sent
    {"status": SIGNED, "delivery": Delivery("fk", "d1", NOW, INGRID)},             # on its way: FK has it not yet
])
def test_only_what_fk_received_can_be_complemented(changes):
    cert = certificate(**changes)
    assert reason(cert, access.COMPLEMENT) == reason(cert, access.COMPLEMENT_WITH_COMMENT) == "NOT_SENT"
    assert reason(cert, access.RENEW) is None


def test_drafts_and_revoked_certificates_are_not_complemented():
    assert reason(certificate(status=DRAFT, signed_at=None, issuer=None), access.COMPLEMENT) == "NOT_SIGNED"
    assert reason(certificate(status=LOCKED, signed_at=None, issuer=None), access.COMPLEMENT) == "NOT_SIGNED"
    assert reason(certificate(status=REVOKED), access.COMPLEMENT) == "REVOKED"


@pytest.mark.parametrize("certificate_type", ["AG7804", "DB", "TSTRK1007", "FK7263"])
def test_only_fks_types_offer_it(certificate_type):
    """The type's operations (certificate types are data): FK7263 is shown and printed only."""
    cert = certificate(certificate_type, status=SENT)
    assert reason(cert, access.COMPLEMENT) == reason(cert, access.COMPLEMENT_WITH_COMMENT) == "NOT_APPLICABLE"


def test_a_replaced_certificate_is_not_complemented_either():
    """§5.8: a replaced certificate "kommer endast gå att läsa och skriva ut"."""
    replaced = certificate(children=(child(REPLACE, SIGNED),))
    assert reasons(replaced) == dict.fromkeys(SUCCESSIONS, "REPLACED")


# --- once complemented (§7 "Avklarad kompletteringsbegäran") ------------------------------------

@pytest.mark.parametrize("signed_as", [SIGNED, SENT])
def test_a_signed_complement_ends_renewal_replacement_and_complement(signed_as):
    """"Om ett intyg kompletterats med ett nytt intyg kan samma intyg inte kompletteras en gång till ...
    knapparna Förnya och Ersätt inte visas för det kompletterade intyget"."""
    complemented = certificate(children=(child(RENEW, SIGNED, "r1"), child(COMPLEMENT, signed_as)))
    assert complemented.complemented_by.id == "c2" and complemented.complement_draft is None
    assert reasons(complemented) == dict.fromkeys(SUCCESSIONS, "ALREADY_COMPLEMENTED")
    message = access.decide(requester(), complemented, access.COMPLEMENT, TYPES["FK7804"]).message
    assert "kompletterats" in message
    assert reason(complemented, access.REVOKE) is None and reason(complemented, access.PRINT) is None


def test_an_open_complement_draft_is_offered_and_blocks_nothing():
    """§7 "Fortsätt på intygsutkast för kompletteringsbegäran": "Öppna utkastet"; the service answers a
    second click with the draft (COMPLEMENT_DRAFT_EXISTS), as "Ersätt" does."""
    pending = certificate(children=(child(COMPLEMENT, DRAFT),))
    assert pending.complement_draft.id == "c2" and pending.complemented_by is None
    assert pending.replacement_draft is None
    assert reasons(pending) == dict.fromkeys(SUCCESSIONS)


@pytest.mark.parametrize("status", [REVOKED, LOCKED])
def test_a_revoked_or_locked_complement_neither_complements_nor_blocks(status):
    original = certificate(children=(child(COMPLEMENT, status),))
    assert original.complemented_by is None and original.complement_draft is None
    assert reasons(original) == dict.fromkeys(SUCCESSIONS)


def test_a_complement_is_a_complement():
    assert certificate(relation_kind=COMPLEMENT, parent_id="c0").is_complement
    assert not certificate(relation_kind=REPLACE, parent_id="c0").is_complement
    assert not certificate().is_complement


# --- by whom -----------------------------------------------------------------------------------

def test_a_vardadministrator_complements_but_cannot_answer_with_a_comment():
    """§7 A: "vårdadministratörer endast kan skapa ett intygsutkast och vidarebefordra utkastet";
    B: "Observera att endast läkare kan använda detta alternativ"."""
    administrator = requester(role="VARDADMINISTRATOR", refused=("REPLACE_CERTIFICATE",))
    assert reason(certificate(), access.COMPLEMENT, administrator) is None
    decision = access.decide(administrator, certificate(), access.COMPLEMENT_WITH_COMMENT, TYPES["FK7804"])
    assert (decision.allowed, decision.reason) == (False, "NOT_AVAILABLE_FOR_ROLE")
    assert "läkare" in decision.message


def test_a_dentist_answers_for_the_types_a_dentist_writes():
    """§2.2: a tandläkare has a läkare's functions -- within Tabell 2 (FK7804, not FK7800)."""
    dentist = requester(role="TANDLAKARE", types=("FK7804",))
    assert reasons(certificate(), dentist) == dict.fromkeys(SUCCESSIONS)
    assert reason(certificate("FK7800"), access.COMPLEMENT, dentist) == "CERTIFICATE_TYPE_NOT_FOR_ROLE"


def test_a_blocked_care_provider_cannot_answer_with_a_new_certificate():
    """§3 "Blockerad användare": no "Svara med nytt intyg (komplettera)"."""
    blocked = requester(refused=("COMPLEMENT_WITH_NEW_CERTIFICATE",))
    assert reason(certificate(), access.COMPLEMENT, blocked) == "NOT_AVAILABLE_FOR_ROLE"
    assert reason(certificate(), access.COMPLEMENT_WITH_COMMENT, blocked) == "NOT_AVAILABLE_FOR_ROLE"


def test_the_state_is_told_before_the_role():
    administrator = requester(role="VARDADMINISTRATOR")
    assert reason(certificate(status=SIGNED), access.COMPLEMENT_WITH_COMMENT, administrator) == "NOT_SENT"


# --- what the draft holds (domain/complement.py) -----------------------------------------------

FK7804 = TYPES["FK7804"]


def test_scenario_a_copies_everything():
    content = {"25": "Tidigare upplysning.", "29": "Snickare"}
    copied = complement.complement_content(FK7804, content, None)
    assert copied == content and copied is not content


def test_scenario_b_puts_the_comment_under_ovriga_upplysningar_after_what_was_there():
    answer = complement.complement_content(FK7804, {"25": "Tidigare upplysning.", "29": "Snickare"},
                                           "  Ingen ytterligare information finns.  ")
    assert answer == {"25": "Tidigare upplysning.\n\nIngen ytterligare information finns.", "29": "Snickare"}
    assert complement.complement_content(FK7804, {"29": "Snickare"}, "Inget nytt.") == {"29": "Snickare",
                                                                                        "25": "Inget nytt."}


def test_a_blank_comment_is_refused():
    with pytest.raises(CertificateRefusal) as refused:
        complement.complement_content(FK7804, {}, "   ")
    assert (refused.value.reason, refused.value.http_status) == ("COMMENT_REQUIRED", 422)


def test_a_comment_that_does_not_fit_is_refused_with_the_room_left():
    limit = FK7804.question("25").max_length_complement
    earlier = "x" * (limit - 10)
    with pytest.raises(CertificateRefusal) as refused:
        complement.complement_content(FK7804, {"25": earlier}, "y" * 9)
    assert refused.value.reason == "COMMENT_TOO_LONG" and refused.value.extra["max_length"] == 8
    fits = complement.complement_content(FK7804, {"25": earlier}, "y" * 8)
    assert len(fits["25"]) == limit


def test_a_complement_draft_may_hold_the_longer_text():
    """The form's "vid komplettering" limit of Övriga upplysningar (max_length_complement)."""
    longer = {"25": "x" * (FK7804.question("25").max_length + 1)}
    assert [p.rule for p in validation.check_format(FK7804, longer)] == ["MAX_LENGTH"]
    assert validation.check_format(FK7804, longer, complement=True) == []


# --- the types as data, and the history's words ------------------------------------------------

@pytest.mark.parametrize("code", ["FK7800", "FK7801", "FK7802", "FK7804"])
def test_fks_types_name_their_ovriga_upplysningar(code):
    question = TYPES[code].question(TYPES[code].complement_comment_question)
    assert question.label == "Övriga upplysningar" and question.type == "textarea"


def _small(**extra) -> dict:
    return {"code": "XX1", "name": "Prov", "recipient": "fk", "operations": ["complement", "print"],
            "sections": [{"id": "s", "label": "S", "questions": [
                {"id": "1", "label": "Ja", "type": "yes_no"}, {"id": "25", "label": "Övrigt", "type": "textarea"}]}],
            **extra}


@pytest.mark.parametrize("extra, expected", [
    ({"complement_comment_question": "9"}, "complement_comment_question nämner 9"),
    ({"complement_comment_question": "1"}, "inte är en textfråga"),
    ({"complement_comment_question": "25", "operations": ["print"]}, "utan operationen complement"),
])
def test_a_comment_question_must_be_a_text_of_a_type_that_is_complemented(extra, expected):
    problems = check_certificate_type(build_certificate_type(_small(**extra)))
    assert any(expected in p for p in problems), problems


def test_a_good_comment_question_loads():
    cert_type = build_certificate_type(_small(complement_comment_question=25))
    assert cert_type.complement_comment_question == "25" and check_certificate_type(cert_type) == []


def test_the_history_says_complemented_both_ways():
    by = {"id": "HSA-1", "name": "Ingrid Holm"}
    assert history.HistoryEntry("c1", history.COMPLEMENTED_BY, NOW, by, "c2").label \
        == "Ett utkast skapades för att komplettera intyget"
    assert history.HistoryEntry("c2", history.COMPLEMENTS, NOW, by, "c1").label \
        == "Utkastet skapades för att komplettera ett tidigare intyg"
