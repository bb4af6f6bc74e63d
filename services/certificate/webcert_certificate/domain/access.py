"""Which certificates a user reaches, and what the user may do with one (AUTH-8, Tabell 3,
§4.2, §5.1). The certificate's view offers exactly what these rules allow; the service refuses
the rest with the same rule's reason."""
from __future__ import annotations

from .certificate import Certificate
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
ACTIONS = (EDIT, DELETE, SIGN, SHOW_MISSING, FORWARD, FORWARD_IN_DRAFT, PRINT, COPY, CREATE_AG7804, CREATE_DOI)
# action: (the source's type, the new draft's type, the Tabell 3 privilege)
DERIVATIONS = {CREATE_AG7804: ("FK7804", "AG7804", "CREATE_AG7804_FROM_FK7804"),
               CREATE_DOI: ("DB", "DOI", "CREATE_DOI_FROM_DB")}
SIGNED_STATUSES = ("SIGNED", "SENT")

# Which Tabell 3 privilege each action needs.
PRIVILEGE = {EDIT: "EDIT_DRAFT", DELETE: "DELETE_DRAFT", SIGN: "SIGN_CERTIFICATE", FORWARD: "FORWARD_DRAFT",
             FORWARD_IN_DRAFT: "FORWARD_DRAFT", PRINT: "PRINT_CERTIFICATE", COPY: "COPY_LOCKED_DRAFT"}
ADMINISTRATOR = "VARDADMINISTRATOR"

SIGNED_IS_FINAL = Decision(False, "NOT_A_DRAFT", "Intyget är signerat och kan inte ändras.")
LOCKED_IS_FINAL = Decision(False, "DRAFT_LOCKED", "Utkastet är låst och kan inte ändras eller raderas.")
ONLY_LOCKED_COPIED = Decision(False, "NOT_LOCKED", "Bara ett låst utkast kan kopieras.")
TYPE_NOT_FOR_ROLE = Decision(False, "CERTIFICATE_TYPE_NOT_FOR_ROLE",
                             "Du kan inte signera den här intygstypen i din roll.")


def reaches(requester: Requester, unit: dict) -> bool:
    """§4.2: the certificates "utfärdade på den vårdenhet eller arbetsplats du är inloggad på";
    a user on the care unit itself also reaches its workplaces' certificates."""
    if requester.unit_id == unit["id"]:
        return True
    return not requester.is_workplace and requester.unit_id == unit.get("care_unit_id")




def decide(requester: Requester, certificate: Certificate, action: str) -> Decision:
    draft_only = action in (EDIT, DELETE, SIGN, SHOW_MISSING, FORWARD, FORWARD_IN_DRAFT)
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


def actions_for(requester: Requester, certificate: Certificate) -> dict[str, dict]:
    return {action: decide(requester, certificate, action).as_dict() for action in ACTIONS}


def _derivation(requester: Requester, certificate: Certificate, source: str, target: str, privilege: str) -> Decision:
    if certificate.certificate_type != source:
        return Decision(False, "NOT_APPLICABLE", f"Funktionen gäller bara {source}.")
    if certificate.status not in SIGNED_STATUSES:
        return Decision(False, "NOT_SIGNED", "Intyget måste vara signerat.")
    decision = requester.decision(privilege)
    if not decision.allowed:
        return decision
    if not requester.may_use_type(target):
        return Decision(False, "CERTIFICATE_TYPE_NOT_FOR_ROLE", f"Du kan inte skapa {target} i din roll.")
    return ALLOWED
