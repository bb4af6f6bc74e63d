"""Issue 5's rules in plain Python (domain/access.py, domain/certificate.py, domain/renewal.py,
domain/revocation.py): what a signed certificate offers ("Skicka", "Förnya", "Ersätt", "Makulera")
by status, role and type, the relations that make a certificate replaced, what a renewal carries
over, the reasons of a revocation and who is told, and the deliveries' receipts."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webcert_certificate.adapters.type_loader import load_certificate_types
from webcert_certificate.domain import access, renewal, revocation
from webcert_certificate.domain.certificate import (
    DELIVERED, DRAFT, FAILED, LOCKED, PENDING, RENEW, REPLACE, REVOKED, SENT, SIGNED, Certificate, Delivery,
    Related, Revocation,
)
from webcert_certificate.domain.errors import CertificateRefusal
from webcert_certificate.domain.requester import Requester

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
INGRID = {"id": "HSA-1", "name": "Ingrid Holm", "role": "LAKARE"}
UNIT = {"id": "VE11-M1", "name": "Mottagning Norr", "care_unit_id": "VE11", "care_unit_name": "Alfa Vårdcentral",
        "care_provider_id": "VG01", "care_provider_name": "Alfa Regionen"}
TYPES = load_certificate_types()
AFTER_SIGNING = (access.SEND, access.RENEW, access.REPLACE, access.REVOKE)
PRIVILEGES = ("PRINT_CERTIFICATE", "SEND_CERTIFICATE", "RENEW_CERTIFICATE", "REPLACE_CERTIFICATE",
              "REVOKE_CERTIFICATE", "CREATE_CERTIFICATE", "EDIT_DRAFT", "SIGN_CERTIFICATE",
              "CREATE_AG7804_FROM_FK7804")
# Tabell 3: a vårdadministratör may renew and send, but neither replace nor revoke.
ADMINISTRATOR_LACKS = ("REPLACE_CERTIFICATE", "REVOKE_CERTIFICATE", "SIGN_CERTIFICATE")


def certificate(certificate_type="FK7804", status=SIGNED, **changes) -> Certificate:
    values = dict(id="c1", certificate_type=certificate_type, type_version="1.3",
                  patient={"personnummer": "19121212-1212", "name": "Tolvan Tolvansson"}, unit=dict(UNIT),
                  created_by=INGRID, created_at=NOW, updated_at=NOW, status=status,
                  signed_at=NOW if status in (SIGNED, SENT) else None, issuer=INGRID if status != DRAFT else None)
    values.update(changes)
    return Certificate(**values)


def requester(role="LAKARE", refused=(), types=("FK7804", "FK7800", "AG7804", "DB", "DOI", "TSTRK1007")) -> Requester:
    privileges = {p: {"allowed": p not in refused, "reason": "NOT_AVAILABLE_FOR_ROLE" if p in refused else None,
                      "message": "Inte för din roll." if p in refused else None} for p in PRIVILEGES}
    return Requester(user_id="HSA-1", name="Ingrid Holm", role=role, login_method="siths", unit_id="VE11-M1",
                     unit_name="x", care_unit_id="VE11", care_unit_name="Alfa Vårdcentral", is_workplace=True,
                     care_provider_id="VG01", care_provider_name="Alfa Regionen", privileges=privileges,
                     certificate_types=types)


def administrator() -> Requester:
    return requester(role="VARDADMINISTRATOR", refused=ADMINISTRATOR_LACKS)


def related(kind=REPLACE, status=SIGNED, id="c2") -> Related:
    return Related(kind=kind, id=id, certificate_type="FK7804", status=status, created_at=NOW + timedelta(days=1),
                   signed_at=NOW + timedelta(days=1) if status in (SIGNED, SENT) else None)


def decide(cert: Certificate, action: str, who: Requester | None = None):
    return access.decide(who or requester(), cert, action, TYPES[cert.certificate_type])


def reasons(cert: Certificate, who: Requester | None = None) -> dict[str, str | None]:
    return {action: decide(cert, action, who).reason for action in AFTER_SIGNING}


def refusal(call) -> CertificateRefusal:
    with pytest.raises(CertificateRefusal) as refused:
        call()
    return refused.value


# --- what each status offers (§5.5, §5.8, §5.10) ------------------------------------------------

def test_a_signed_fk7804_offers_everything_after_signing():
    assert reasons(certificate()) == dict.fromkeys(AFTER_SIGNING)
    assert all(decide(certificate(), a).allowed for a in AFTER_SIGNING)


def test_a_draft_is_neither_sent_renewed_replaced_nor_revoked():
    assert reasons(certificate(status=DRAFT)) == {access.SEND: "NOT_SIGNED", access.RENEW: "NOT_SIGNED",
                                                  access.REPLACE: "NOT_SIGNED", access.REVOKE: "NOT_REVOCABLE"}


def test_a_locked_draft_can_only_be_revoked():
    """§5.10: "Ett intyg eller låst utkast går alltid att makulera"."""
    assert reasons(certificate(status=LOCKED)) == {access.SEND: "NOT_SIGNED", access.RENEW: "NOT_SIGNED",
                                                   access.REPLACE: "NOT_SIGNED", access.REVOKE: None}


def test_a_revoked_certificate_offers_only_printing():
    revoked = certificate(status=REVOKED)
    assert reasons(revoked) == {access.SEND: "REVOKED", access.RENEW: "REVOKED", access.REPLACE: "REVOKED",
                                access.REVOKE: "ALREADY_REVOKED"}
    actions = access.actions_for(requester(), revoked, TYPES["FK7804"])
    assert {a for a, d in actions.items() if d["allowed"]} == {access.PRINT}
    assert actions[access.EDIT]["reason"] == "REVOKED" and actions[access.CREATE_AG7804]["reason"] == "REVOKED"


def test_a_sent_certificate_is_not_sent_again_but_renewed_replaced_and_revoked():
    sent = certificate(status=SENT, sent_to="fk", sent_at=NOW)
    assert reasons(sent) == {access.SEND: "ALREADY_SENT", access.RENEW: None, access.REPLACE: None,
                             access.REVOKE: None}


@pytest.mark.parametrize("state, reason", [(PENDING, "SENDING"), (DELIVERED, "ALREADY_SENT"), (FAILED, None)])
def test_sending_once_and_again_after_a_failure(state, reason):
    """CERT-9: one click hands it over; a refused delivery may be sent again."""
    cert = certificate(delivery=Delivery("fk", "d1", NOW, INGRID, state=state))
    assert decide(cert, access.SEND).reason == reason


# --- replaced (§5.8 "Ersätta intyg") ------------------------------------------------------------

@pytest.mark.parametrize("replacement", [SIGNED, SENT])
def test_a_signed_replacement_makes_the_original_read_and_print_only(replacement):
    """§5.8: "Det ersatta intyget är fortsatt giltigt, men kommer endast gå att läsa och skriva ut"."""
    replaced = certificate(children=(related(RENEW, SIGNED, "r1"), related(REPLACE, replacement, "c2")))
    assert replaced.replaced_by.id == "c2" and replaced.replacement_draft is None
    assert reasons(replaced) == {access.SEND: "REPLACED", access.RENEW: "REPLACED", access.REPLACE: "REPLACED",
                                 access.REVOKE: None}
    assert decide(replaced, access.CREATE_AG7804).reason == "REPLACED"
    assert decide(certificate(), access.CREATE_AG7804).allowed


def test_an_unsigned_replacing_draft_leaves_ersatt_offered():
    """§5.8: "Knappen Ersätt finns kvar på det ursprungliga intyget tills det nya utkastet är signerat"."""
    pending = certificate(children=(related(REPLACE, DRAFT),))
    assert pending.replaced_by is None and pending.replacement_draft.id == "c2"
    assert decide(pending, access.REPLACE).allowed and decide(pending, access.RENEW).allowed


@pytest.mark.parametrize("status", [REVOKED, LOCKED])
def test_a_revoked_or_locked_replacement_neither_replaces_nor_blocks(status):
    """A revoked replacement leaves the original to be reviewed and replaced again (§5.10)."""
    original = certificate(children=(related(REPLACE, status),))
    assert original.replaced_by is None and original.replacement_draft is None
    assert decide(original, access.REPLACE).allowed


def test_a_renewal_does_not_replace():
    renewed = certificate(children=(related(RENEW, SIGNED),))
    assert renewed.replaced_by is None and decide(renewed, access.REPLACE).allowed


# --- types and roles ----------------------------------------------------------------------------

@pytest.mark.parametrize("certificate_type, action", [
    ("AG7804", access.SEND),       # given to the patient: no recipient to send to
    ("DB", access.SEND),           # CERT-6: sent by the signing itself
    ("DOI", access.SEND),
    ("DB", access.RENEW),          # §5.8: "Förnya" is for Försäkringskassans intyg
    ("FK7263", access.REPLACE),    # shown and printed only
    ("FK7263", access.RENEW),
])
def test_what_the_type_does_not_offer(certificate_type, action):
    decision = decide(certificate(certificate_type), action)
    assert not decision.allowed and decision.reason in ("NOT_SENDABLE", "NOT_RENEWABLE", "NOT_APPLICABLE")


def test_the_reasons_the_contract_names_for_a_type_without_the_operation():
    assert decide(certificate("AG7804"), access.SEND).reason == "NOT_SENDABLE"
    assert decide(certificate("DB"), access.SEND).reason == "NOT_SENDABLE"
    assert decide(certificate("DB"), access.RENEW).reason == "NOT_RENEWABLE"


def test_without_the_type_nothing_after_signing_is_offered():
    assert all(not access.decide(requester(), certificate(), a).allowed for a in AFTER_SIGNING)


@pytest.mark.parametrize("certificate_type", ["DB", "DOI", "AG7804", "TSTRK1007", "FK7263"])
def test_every_type_can_be_revoked(certificate_type):
    assert decide(certificate(certificate_type), access.REVOKE).allowed


def test_an_administrator_renews_and_sends_but_neither_replaces_nor_revokes():
    """Tabell 3: "Förnya intyg" and "Skicka intyg" for all; "Ersätta" and "Makulera" not for vårdadministratörer."""
    assert reasons(certificate(), administrator()) == {
        access.SEND: None, access.RENEW: None, access.REPLACE: "NOT_AVAILABLE_FOR_ROLE",
        access.REVOKE: "NOT_AVAILABLE_FOR_ROLE"}
    assert decide(certificate(status=LOCKED), access.REVOKE, administrator()).reason == "NOT_AVAILABLE_FOR_ROLE"


def test_the_state_is_told_before_the_role():
    """A revoked certificate tells everyone that it is revoked, whatever their role."""
    assert decide(certificate(status=REVOKED), access.REPLACE, administrator()).reason == "REVOKED"


def test_a_type_outside_the_users_tabell_2_is_not_renewed_nor_replaced():
    dentist = requester(role="TANDLAKARE", types=("FK7804",))
    fk7800 = certificate("FK7800")
    assert decide(fk7800, access.RENEW, dentist).reason == "CERTIFICATE_TYPE_NOT_FOR_ROLE"
    assert decide(fk7800, access.REPLACE, dentist).reason == "CERTIFICATE_TYPE_NOT_FOR_ROLE"
    assert decide(fk7800, access.SEND, dentist).allowed and decide(fk7800, access.REVOKE, dentist).allowed


# --- renewal (§5.8 "Förnya intyg") --------------------------------------------------------------

FK7804_CONTENT = {
    "1": {"UNDERSOKNING": "2026-11-25"}, "1.3": "Annat.", "28": ["NUVARANDE_ARBETE"], "29": "Snickare",
    "32": {"HALFTEN": {"from": "2026-11-25", "to": "2026-12-08"}, "HELT_NEDSATT": {"from": "2026-11-11",
                                                                                   "to": "2026-11-24"}},
    "32.1": "Sent.", "26": True, "26.2": "Ring mig.", "35": "Feber.", "6": [{"code": "J20"}],
}


def test_a_renewal_leaves_out_what_the_manual_names_for_fk7804():
    """"undantaget ... Intyget baseras på ... Min bedömning av patientens nedsättning av
    arbetsförmågan ... Kontakt med Försäkringskassan"."""
    renewed = renewal.renewed_content(TYPES["FK7804"], FK7804_CONTENT)
    assert renewed == {"28": ["NUVARANDE_ARBETE"], "29": "Snickare", "35": "Feber.", "6": [{"code": "J20"}]}
    assert "32" in FK7804_CONTENT   # the original is not touched


def test_a_type_that_leaves_nothing_out_renews_everything():
    content = {"1": {"UNDERSOKNING": "2026-11-20"}, "6": []}
    assert renewal.renewed_content(TYPES["FK7800"], content) == content


@given(st.dictionaries(st.sampled_from(["1", "1.2", "1.3", "6", "17", "26", "26.2", "28", "29", "32", "32.1",
                                        "35", "40", "x"]), st.integers() | st.text(max_size=5)))
def test_renewed_content_never_keeps_a_left_out_answer_and_keeps_every_other(content):
    fk7804 = TYPES["FK7804"]
    renewed = renewal.renewed_content(fk7804, content)
    assert not set(renewed) & set(fk7804.renew_leaves_out)
    assert renewed == {k: v for k, v in content.items() if k not in fk7804.renew_leaves_out}


def test_renewal_info_tells_the_grade_and_last_day_of_the_period_that_ends_last():
    info = renewal.renewal_info(TYPES["FK7804"], FK7804_CONTENT)
    assert info == {"question_id": "32", "message": "I det tidigare intyget var arbetsförmågan nedsatt med "
                                                    "50 procent till och med 2026-12-08."}


@pytest.mark.parametrize("periods", [None, {}, {"HALFTEN": {"from": "2026-11-25"}}, "garbage",
                                     {"HALFTEN": {"to": "inte ett datum"}}])
def test_no_renewal_info_without_a_period(periods):
    assert renewal.renewal_info(TYPES["FK7804"], {"32": periods} if periods is not None else {}) is None


def test_no_renewal_info_for_a_type_without_periods_left_out():
    assert renewal.renewal_info(TYPES["FK7800"], {"1": {"UNDERSOKNING": "2026-11-20"}}) is None


# --- revocation (§5.10 "Makulera intyg eller låst utkast") --------------------------------------

def test_a_reason_is_required_for_fk_certificates():
    assert refusal(lambda: revocation.checked_reason(None, "x", required=True)).reason == "REASON_REQUIRED"
    assert refusal(lambda: revocation.checked_reason("OKAND", None, required=True)).reason == "REASON_REQUIRED"
    assert revocation.checked_reason("FEL_PATIENT", None, required=True) == ("FEL_PATIENT", None)


def test_annat_allvarligt_fel_needs_a_message_and_the_message_is_trimmed():
    assert refusal(lambda: revocation.checked_reason("ANNAT_ALLVARLIGT_FEL", "   ", required=True)).reason \
        == "MESSAGE_REQUIRED"
    assert revocation.checked_reason("ANNAT_ALLVARLIGT_FEL", "  Fel diagnos. ", required=True) \
        == ("ANNAT_ALLVARLIGT_FEL", "Fel diagnos.")


def test_a_too_long_message_is_refused_with_422():
    refused = refusal(lambda: revocation.checked_reason("FEL_PATIENT", "x" * 1001, required=True))
    assert (refused.reason, refused.http_status) == ("MESSAGE_TOO_LONG", 422)


@pytest.mark.parametrize("certificate_type", ["DB", "DOI"])
def test_db_and_doi_need_no_reason(certificate_type):
    cert_type = TYPES[certificate_type]
    assert cert_type.revoke_reason_required is False
    assert revocation.checked_reason(None, None, required=cert_type.revoke_reason_required) \
        == (revocation.NO_REASON, None)
    assert revocation.REASON_LABELS[revocation.NO_REASON]


@pytest.mark.parametrize("recipient, on_its_way, told", [
    ("fk", True, "fk"), ("ts", True, "ts"),       # told, with the reason
    ("fk", False, None),                          # never sent (or the sending failed): nothing to revoke there
    ("skv", True, None), ("sos", True, None),     # §5.10: Skatteverket and Socialstyrelsen are NOT told
    (None, False, None),
])
def test_who_is_told(recipient, on_its_way, told):
    assert revocation.who_is_told(recipient, on_its_way) == told


def test_the_phone_instructions_of_db_and_doi():
    skatteverket = revocation.phone_instruction("skv")
    assert "0771-567 567" in skatteverket and "folkbokföring - dödsfall" in skatteverket
    assert "075 247 30 00" in revocation.phone_instruction("sos")
    assert revocation.phone_instruction("fk") is None and revocation.phone_instruction(None) is None


def test_revoking_keeps_the_certificate_and_notes_who_why_and_what_it_was():
    """§5.10: "Ett makulerat intyg raderas inte ur databasen utan får endast en status som gör det oanvändbart"."""
    cert = certificate(status=SIGNED, version=2, content={"29": "Snickare"})
    notice = Delivery("fk", "n1", NOW, INGRID)
    cert.revoke(by=INGRID, reason="FEL_PATIENT", message=None, now=NOW + timedelta(hours=1), notice=notice)
    assert (cert.status, cert.version, cert.content) == (REVOKED, 3, {"29": "Snickare"})
    assert (cert.revocation.previous_status, cert.revocation.reason, cert.revocation.notice.recipient) \
        == (SIGNED, "FEL_PATIENT", "fk")


# --- deliveries and receipts --------------------------------------------------------------------

def test_delivery_and_revocation_survive_their_round_trip():
    delivery = Delivery("fk", "d1", NOW, INGRID, state=DELIVERED, delivered_at=NOW + timedelta(seconds=3))
    assert Delivery.from_dict(delivery.as_dict()) == delivery
    failed = Delivery("ts", "d2", NOW, None, state=FAILED, reason="REJECTED")
    assert Delivery.from_dict(failed.as_dict()) == failed and Delivery.from_dict(None) is None
    revoked = Revocation(NOW, INGRID, "ANNAT_ALLVARLIGT_FEL", "Fel.", SENT, notice=Delivery("fk", "n1", NOW, INGRID))
    assert Revocation.from_dict(revoked.as_dict()) == revoked
    quiet = Revocation(NOW, INGRID, revocation.NO_REASON, None, LOCKED)
    assert Revocation.from_dict(quiet.as_dict()) == quiet and Revocation.from_dict({}) is None


def test_a_receipt_makes_it_skickat_once():
    """§5.5: "När ett intyg har skickats till mottagaren ändras statusen till Skickat"."""
    cert = certificate()
    cert.request_delivery("fk", "d1", by=INGRID, now=NOW)
    assert (cert.status, cert.delivery.state, cert.version) == (SIGNED, PENDING, 2)
    at = NOW + timedelta(seconds=2)
    assert cert.record_receipt("d1", at) == "certificate"
    assert (cert.status, cert.sent_to, cert.sent_at, cert.delivery.state, cert.version) == (SENT, "fk", at,
                                                                                             DELIVERED, 3)
    assert cert.record_receipt("d1", at + timedelta(seconds=5)) is None      # a repeated receipt
    assert (cert.sent_at, cert.version) == (at, 3)
    assert cert.record_receipt("someone-elses", at) is None


def test_a_receipt_for_a_certificate_revoked_meanwhile_keeps_it_revoked():
    cert = certificate()
    cert.request_delivery("fk", "d1", by=INGRID, now=NOW)
    cert.revoke(by=INGRID, reason="FEL_PATIENT", message=None, now=NOW, notice=Delivery("fk", "n1", NOW, INGRID))
    assert cert.record_receipt("d1", NOW) == "certificate" and cert.status == REVOKED and cert.sent_to == "fk"
    assert cert.record_receipt("n1", NOW) == "revocation" and cert.revocation.notice.state == DELIVERED
    assert cert.record_receipt("n1", NOW) is None


def test_a_failure_is_recorded_once_and_never_after_a_receipt():
    cert = certificate()
    cert.request_delivery("fk", "d1", by=INGRID, now=NOW)
    assert cert.record_failure("d1", "REJECTED", NOW) == "certificate"
    assert (cert.delivery.state, cert.delivery.reason, cert.status) == (FAILED, "REJECTED", SIGNED)
    version = cert.version
    assert cert.record_failure("d1", "REJECTED", NOW) is None and cert.version == version
    assert decide(cert, access.SEND).allowed      # "Skicka" is offered again
    cert.request_delivery("fk", "d2", by=INGRID, now=NOW)
    assert cert.record_receipt("d2", NOW) == "certificate"
    assert cert.record_failure("d2", "late", NOW) is None and cert.delivery.state == DELIVERED


def test_a_failed_revocation_notice_is_recorded_as_such():
    cert = certificate(status=SENT, sent_to="fk", sent_at=NOW)
    cert.revoke(by=INGRID, reason="FEL_PATIENT", message=None, now=NOW, notice=Delivery("fk", "n1", NOW, INGRID))
    assert cert.record_failure("n1", "down", NOW) == "revocation" and cert.revocation.notice.reason == "down"
    assert cert.record_failure("unknown", "down", NOW) is None
