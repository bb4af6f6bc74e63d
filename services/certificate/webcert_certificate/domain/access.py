"""Which certificates a user reaches, and what the user may do with one (AUTH-8, Tabell 3,
§4.2, §5.1). The certificate's view offers exactly what these rules allow; the service refuses
the rest with the same rule's reason."""
from __future__ import annotations

from .certificate import SENT, SIGNED_STATUSES, Certificate
from .certificate_type import CertificateType
from .requester import ALLOWED, Decision, Requester

EDIT = "EDIT"
DELETE = "DELETE"
SIGN = "SIGN"
SHOW_MISSING = "SHOW_MISSING"
FORWARD = "FORWARD"                 # from the lists (§5.4: everyone with the privilege)
FORWARD_IN_DRAFT = "FORWARD_IN_DRAFT"  # the button at the foot of the draft (§5.4: vårdadministratörer)
PRINT = "PRINT"
COPY = "COPY"                       # §5.9 "Kopiera låst utkast"
CREATE_AG7804 = "CREATE_AG7804"     # §6.13 "Skapa AG7804" on a signed FK7804
CREATE_DOI = "CREATE_DOI"           # §6.13 "Skapa dödsorsaksintyg" on a signed DB
SEND = "SEND"                       # §5.5 "Skicka till Försäkringskassan/Transportstyrelsen" (CERT-9)
RENEW = "RENEW"                     # §5.8 "Förnya" (CERT-11)
REPLACE = "REPLACE"                 # §5.8 "Ersätt" (CERT-12)
REVOKE = "REVOKE"                   # §5.10 "Makulera" (CERT-13)
COMPLEMENT = "COMPLEMENT"           # §7 scenario A "Komplettera intyg"
# §7 scenario B "Kan ej komplettera – Ingen ytterligare medicinsk information kan anges": a copy with the
# comment in "Övriga upplysningar"
COMPLEMENT_WITH_COMMENT = "COMPLEMENT_WITH_COMMENT"
ACTIONS = (EDIT, DELETE, SIGN, SHOW_MISSING, FORWARD, FORWARD_IN_DRAFT, PRINT, COPY, CREATE_AG7804, CREATE_DOI,
           SEND, RENEW, REPLACE, REVOKE, COMPLEMENT, COMPLEMENT_WITH_COMMENT)
COMPLEMENTS = (COMPLEMENT, COMPLEMENT_WITH_COMMENT)
# The actions that make a new certificate in the place of a signed one (§5.8, §7).
SUCCESSIONS = (RENEW, REPLACE, *COMPLEMENTS)
# action: (the source's type, the new draft's type, the Tabell 3 privilege)
DERIVATIONS = {CREATE_AG7804: ("FK7804", "AG7804", "CREATE_AG7804_FROM_FK7804"),
               CREATE_DOI: ("DB", "DOI", "CREATE_DOI_FROM_DB")}

# Which Tabell 3 privilege each action needs.
PRIVILEGE = {EDIT: "EDIT_DRAFT", DELETE: "DELETE_DRAFT", SIGN: "SIGN_CERTIFICATE", FORWARD: "FORWARD_DRAFT",
             FORWARD_IN_DRAFT: "FORWARD_DRAFT", PRINT: "PRINT_CERTIFICATE", COPY: "COPY_LOCKED_DRAFT",
             SEND: "SEND_CERTIFICATE", RENEW: "RENEW_CERTIFICATE", REPLACE: "REPLACE_CERTIFICATE",
             REVOKE: "REVOKE_CERTIFICATE", COMPLEMENT: "COMPLEMENT_WITH_NEW_CERTIFICATE",
             COMPLEMENT_WITH_COMMENT: "COMPLEMENT_WITH_NEW_CERTIFICATE"}
# Which operation of the type's definition each action needs (certificate types are data).
OPERATION = {SEND: "send", RENEW: "renew", REPLACE: "replace", REVOKE: "revoke", COMPLEMENT: "complement",
             COMPLEMENT_WITH_COMMENT: "complement"}
ADMINISTRATOR = "VARDADMINISTRATOR"
# §7 scenario B: "Observera att endast läkare kan använda detta alternativ"; §2.2: a tandläkare has the
# functions of a läkare (and signs, as here), so may answer for the certificates a tandläkare writes.
COMMENTING_ROLES = ("LAKARE", "TANDLAKARE")
FK = "fk"   # only Försäkringskassan asks for complements (§7)

SIGNED_IS_FINAL = Decision(False, "NOT_A_DRAFT", "Intyget är signerat och kan inte ändras.")
LOCKED_IS_FINAL = Decision(False, "DRAFT_LOCKED", "Utkastet är låst och kan inte ändras eller raderas.")
ONLY_LOCKED_COPIED = Decision(False, "NOT_LOCKED", "Bara ett låst utkast kan kopieras.")
IS_REVOKED = Decision(False, "REVOKED", "Intyget är makulerat.")
ALREADY_REVOKED = Decision(False, "ALREADY_REVOKED", "Intyget är redan makulerat.")
MUST_BE_SIGNED = Decision(False, "NOT_SIGNED", "Intyget måste vara signerat.")
IS_REPLACED = Decision(False, "REPLACED", "Intyget har ersatts av ett annat intyg och kan bara läsas och skrivas ut.")
ALREADY_SENT = Decision(False, "ALREADY_SENT", "Intyget är redan skickat till mottagaren.")
BEING_SENT = Decision(False, "SENDING", "Intyget håller på att skickas till mottagaren.")
IS_COMPLEMENTED = Decision(False, "ALREADY_COMPLEMENTED", "Intyget har kompletterats med ett nytt intyg och kan "
                           "inte förnyas, ersättas eller kompletteras en gång till.")
NOT_SENT_TO_FK = Decision(False, "NOT_SENT", "Bara ett intyg som har skickats till Försäkringskassan kan kompletteras.")
COMMENT_NOT_FOR_ROLE = Decision(False, "NOT_AVAILABLE_FOR_ROLE", "Endast läkare kan svara att ingen ytterligare "
                                "medicinsk information kan anges.")
DRAFT_NOT_REVOCABLE = Decision(False, "NOT_REVOCABLE", "Ett utkast kan inte makuleras. Radera det i stället.")
# The reason the contract names when the type has no such operation (docs/ARCHITECTURE.md, issue 5).
NOT_OFFERED_REASON = {SEND: "NOT_SENDABLE", RENEW: "NOT_RENEWABLE"}
TYPE_NOT_FOR_ROLE = Decision(False, "CERTIFICATE_TYPE_NOT_FOR_ROLE",
                             "Du kan inte signera den här intygstypen i din roll.")


def reaches(requester: Requester, unit: dict) -> bool:
    """§4.2: the certificates "utfärdade på den vårdenhet eller arbetsplats du är inloggad på";
    a user on the care unit itself also reaches its workplaces' certificates."""
    if requester.unit_id == unit["id"]:
        return True
    return not requester.is_workplace and requester.unit_id == unit.get("care_unit_id")




def decide(requester: Requester, certificate: Certificate, action: str,
           cert_type: CertificateType | None = None) -> Decision:
    draft_only = action in (EDIT, DELETE, SIGN, SHOW_MISSING, FORWARD, FORWARD_IN_DRAFT)
    if action in OPERATION:
        return _after_signing(requester, certificate, action, cert_type)
    if draft_only and certificate.is_revoked:
        return IS_REVOKED
    if draft_only and certificate.is_locked:
        return LOCKED_IS_FINAL
    if draft_only and not certificate.is_draft:
        return SIGNED_IS_FINAL
    if action == COPY and not certificate.is_locked:
        return ONLY_LOCKED_COPIED
    if action in DERIVATIONS:
        return _derivation(requester, certificate, *DERIVATIONS[action])
    if action == SHOW_MISSING:
        # §6.12: "Visa vad som saknas" is the vårdadministratör's; an issuer gets it by "Signera intyget".
        return ALLOWED if not requester.decision(PRIVILEGE[SIGN]).allowed else Decision(
            False, "USE_SIGN", "Klicka på Signera intyget för att se vad som saknas.")
    decision = requester.decision(PRIVILEGE[action])
    if not decision.allowed:
        return decision
    if action == FORWARD_IN_DRAFT and requester.role != ADMINISTRATOR:
        # §5.4: "Läkare kan endast vidarebefordra intygsutkast från tabellen under fliken Sök/skriv intyg.
        # Vårdadministratörer kan även vidarebefordra via en knapp längst ned i intyget."
        return Decision(False, "FORWARD_FROM_LIST", "Vidarebefordra utkastet från tabellen under Sök/skriv intyg.")
    if action == SIGN and not requester.may_use_type(certificate.certificate_type):
        return TYPE_NOT_FOR_ROLE
    return ALLOWED


def actions_for(requester: Requester, certificate: Certificate,
                cert_type: CertificateType | None = None) -> dict[str, dict]:
    return {action: decide(requester, certificate, action, cert_type).as_dict() for action in ACTIONS}


def _after_signing(requester: Requester, certificate: Certificate, action: str,
                   cert_type: CertificateType | None) -> Decision:
    """SEND, RENEW, REPLACE, REVOKE, COMPLEMENT: the type must offer the operation, the certificate be
    in a state that allows it, and the user hold the Tabell 3 privilege."""
    if not _offered(cert_type, action):
        return Decision(False, NOT_OFFERED_REASON.get(action, "NOT_APPLICABLE"),
                        "Funktionen finns inte för den här intygstypen.")
    state = _revoke_state(certificate) if action == REVOKE else _signed_state(certificate, action)
    if not state.allowed:
        return state
    decision = requester.decision(PRIVILEGE[action])
    if not decision.allowed:
        return decision
    if action in SUCCESSIONS and not requester.may_use_type(certificate.certificate_type):
        return Decision(False, "CERTIFICATE_TYPE_NOT_FOR_ROLE", f"Du kan inte skapa {cert_type.name} i din roll.")
    if action == COMPLEMENT_WITH_COMMENT and requester.role not in COMMENTING_ROLES:
        return COMMENT_NOT_FOR_ROLE
    return ALLOWED


def _offered(cert_type: CertificateType | None, action: str) -> bool:
    if cert_type is None or not cert_type.allows(OPERATION[action]):
        return False
    if action == SEND:        # CERT-6: DB and DOI go by their signing
        return not cert_type.sent_on_sign
    if action == COMPLEMENT_WITH_COMMENT:   # the comment needs the form's "Övriga upplysningar"
        return cert_type.complement_comment_question is not None
    return True


def _revoke_state(certificate: Certificate) -> Decision:
    # §5.10: "Ett intyg eller låst utkast går alltid att makulera" -- a draft is deleted instead.
    if certificate.is_revoked:
        return ALREADY_REVOKED
    if certificate.is_draft:
        return DRAFT_NOT_REVOCABLE
    return ALLOWED


def _signed_state(certificate: Certificate, action: str) -> Decision:
    if certificate.is_revoked:
        return IS_REVOKED
    if not certificate.is_signed:
        return MUST_BE_SIGNED
    # §5.8: "Om ett intyg ersätts av ett annat intyg förhindrar Webcert att samma intyg ersätts en
    # gång till ... knappen Förnya och Ersätt inte visas för ett intyg som är ersatt"; the replaced
    # one "kommer endast gå att läsa och skriva ut".
    if certificate.replaced_by is not None:
        return IS_REPLACED
    # §7 "Avklarad kompletteringsbegäran": "Om ett intyg kompletterats med ett nytt intyg kan samma intyg
    # inte kompletteras en gång till ... knapparna Förnya och Ersätt inte visas för det kompletterade intyget".
    if action in SUCCESSIONS and certificate.complemented_by is not None:
        return IS_COMPLEMENTED
    # §7: FK asks for a complement of what it received; nothing else can be complemented.
    if action in COMPLEMENTS and not (certificate.status == SENT and certificate.sent_to == FK):
        return NOT_SENT_TO_FK
    if action == SEND:
        delivery = certificate.delivery
        if certificate.status == "SENT" or (delivery is not None and delivery.state == "delivered"):
            return ALREADY_SENT
        if delivery is not None and delivery.state == "pending":
            return BEING_SENT
    return ALLOWED


def _derivation(requester: Requester, certificate: Certificate, source: str, target: str, privilege: str) -> Decision:
    if certificate.certificate_type != source:
        return Decision(False, "NOT_APPLICABLE", f"Funktionen gäller bara {source}.")
    if certificate.is_revoked:
        return IS_REVOKED
    if certificate.status not in SIGNED_STATUSES:
        return MUST_BE_SIGNED
    if certificate.replaced_by is not None:   # §5.8: a replaced certificate can only be read and printed
        return IS_REPLACED
    decision = requester.decision(privilege)
    if not decision.allowed:
        return decision
    if not requester.may_use_type(target):
        return Decision(False, "CERTIFICATE_TYPE_NOT_FOR_ROLE", f"Du kan inte skapa {target} i din roll.")
    return ALLOWED
