"""What a user may do: Tabell 3 (functions per role and login method), Tabell 2
(certificate types per role) and §3's lists for a care provider that blocks standalone
Webcert -- all as data, read by one ordered chain of rules in ``decide``."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from webcert_common.decision import ALLOWED, Decision  # noqa: F401  (part of this module's API)

from .roles import Role

YES, NO = True, False

SITHS = "siths"
ELEG_METHODS = ("bankid", "mobilt_bankid", "telia")
LOGIN_METHODS = (SITHS, *ELEG_METHODS)


class Privilege(str, Enum):
    SIGN_CERTIFICATE = "SIGN_CERTIFICATE"
    REVOKE_CERTIFICATE = "REVOKE_CERTIFICATE"
    REPLACE_CERTIFICATE = "REPLACE_CERTIFICATE"
    RENEW_CERTIFICATE = "RENEW_CERTIFICATE"
    HANDLE_PROTECTED_PATIENT = "HANDLE_PROTECTED_PATIENT"
    FORWARD_DRAFT = "FORWARD_DRAFT"
    FORWARD_QUESTION = "FORWARD_QUESTION"
    EDIT_DRAFT = "EDIT_DRAFT"
    DELETE_DRAFT = "DELETE_DRAFT"
    COPY_LOCKED_DRAFT = "COPY_LOCKED_DRAFT"
    MESSAGING = "MESSAGING"
    SEND_CERTIFICATE = "SEND_CERTIFICATE"
    PRINT_CERTIFICATE = "PRINT_CERTIFICATE"
    CHANGE_UNIT = "CHANGE_UNIT"
    CREATE_CERTIFICATE = "CREATE_CERTIFICATE"
    COMPLEMENT_WITH_NEW_CERTIFICATE = "COMPLEMENT_WITH_NEW_CERTIFICATE"
    CREATE_DOI_FROM_DB = "CREATE_DOI_FROM_DB"
    CREATE_AG7804_FROM_FK7804 = "CREATE_AG7804_FROM_FK7804"
    ANSWER_ADMINISTRATIVE_QUESTION = "ANSWER_ADMINISTRATIVE_QUESTION"


# Tabell 3's columns. §2.2: a dentist has the functions of "Läkare med SITHS-kort".
DOCTOR_SITHS, DOCTOR_ELEG, CARE_ADMINISTRATOR = "doctor_siths", "doctor_eleg", "care_administrator"

# Tabell 3, row by row: (Läkare med SITHS-kort, Läkare med e-legitimation, Vårdadministratör).
FUNCTIONS_BY_COLUMN: dict[Privilege, tuple[bool, bool, bool]] = {
    Privilege.SIGN_CERTIFICATE: (YES, YES, NO),               # Signera intyg
    Privilege.REVOKE_CERTIFICATE: (YES, YES, NO),             # Makulera intyg eller låst utkast
    Privilege.REPLACE_CERTIFICATE: (YES, YES, NO),            # Ersätta intyg
    Privilege.RENEW_CERTIFICATE: (YES, YES, YES),             # Förnya intyg
    Privilege.HANDLE_PROTECTED_PATIENT: (YES, YES, NO),       # Hantera patient med skyddade personuppgifter
    Privilege.FORWARD_DRAFT: (YES, NO, YES),                  # Vidarebefordra intygsutkast
    Privilege.FORWARD_QUESTION: (YES, NO, YES),               # Vidarebefordra fråga/svar
    Privilege.EDIT_DRAFT: (YES, YES, YES),                    # Redigera utkast
    Privilege.DELETE_DRAFT: (YES, YES, YES),                  # Radera utkast
    Privilege.COPY_LOCKED_DRAFT: (YES, YES, YES),             # Kopiera låst utkast
    Privilege.MESSAGING: (YES, YES, YES),                     # Ärendekommunikation med Försäkringskassan
    Privilege.SEND_CERTIFICATE: (YES, YES, YES),              # Skicka intyg till mottagare
    Privilege.PRINT_CERTIFICATE: (YES, YES, YES),             # Skriv ut intyg
    Privilege.CHANGE_UNIT: (YES, NO, YES),                    # Byta vårdenhet
    # Not rows of Tabell 3: operations every role has (§5: a vårdadministratör creates and
    # forwards drafts) that §3's blocked list takes away or keeps.
    Privilege.CREATE_CERTIFICATE: (YES, YES, YES),
    Privilege.COMPLEMENT_WITH_NEW_CERTIFICATE: (YES, YES, YES),
    Privilege.CREATE_DOI_FROM_DB: (YES, YES, YES),
    Privilege.CREATE_AG7804_FROM_FK7804: (YES, YES, YES),
    Privilege.ANSWER_ADMINISTRATIVE_QUESTION: (YES, YES, YES),
}
COLUMNS = (DOCTOR_SITHS, DOCTOR_ELEG, CARE_ADMINISTRATOR)

# Tabell 2: (Läkare, Tandläkare, Vårdadministratör) per certificate type.
CERTIFICATE_TYPES_BY_ROLE: dict[str, tuple[bool, bool, bool]] = {
    "FK7800": (YES, NO, YES),
    "FK7801": (YES, NO, YES),
    "FK7802": (YES, NO, YES),
    "FK7804": (YES, YES, YES),
    "TSTRK1007": (YES, NO, YES),
    "TSTRK1031": (YES, NO, YES),
    "FK7263": (YES, YES, YES),      # endast visning och utskrift
    "AG1-14": (YES, YES, YES),
    "AG7804": (YES, YES, YES),
    "DB": (YES, NO, YES),
    "DOI": (YES, NO, YES),
}
ROLE_ORDER = (Role.LAKARE, Role.TANDLAKARE, Role.VARDADMINISTRATOR)

# §3 "Blockerad användare": what the user has no possibility to do ...
BLOCKED_TAKES_AWAY = frozenset({
    Privilege.CREATE_CERTIFICATE,                 # Skapa
    Privilege.RENEW_CERTIFICATE,                  # Förnya
    Privilege.REPLACE_CERTIFICATE,                # Ersätta
    Privilege.COMPLEMENT_WITH_NEW_CERTIFICATE,    # Svara med nytt intyg (komplettera)
    Privilege.CREATE_DOI_FROM_DB,                 # Skapa Dödsorsaksintyg från Dödsbevis
    Privilege.CREATE_AG7804_FROM_FK7804,          # Skapa AG7804 från FK7804
    Privilege.COPY_LOCKED_DRAFT,                  # Kopiera låst utkast
})
# ... and what the user still may do.
BLOCKED_KEEPS = frozenset({
    Privilege.EDIT_DRAFT,                         # Fortsätta fylla i ett befintligt utkast
    Privilege.SIGN_CERTIFICATE,                   # Signera ett befintligt utkast
    Privilege.SEND_CERTIFICATE,                   # Skicka
    Privilege.REVOKE_CERTIFICATE,                 # Makulera
    Privilege.PRINT_CERTIFICATE,                  # Skriva ut
    Privilege.MESSAGING,                          # Läsa ärendekommunikation
    Privilege.ANSWER_ADMINISTRATIVE_QUESTION,     # Skapa/besvara administrativ fråga
})


@dataclass(frozen=True)
class UserContext:
    role: Role
    login_method: str
    standalone: str | None = None     # the current care provider's setting; None before a unit is chosen


def column_for(role: Role, login_method: str) -> str:
    if role is Role.VARDADMINISTRATOR:
        return CARE_ADMINISTRATOR
    return DOCTOR_ELEG if login_method in ELEG_METHODS else DOCTOR_SITHS


def certificate_types_for(role: Role) -> list[str]:
    index = ROLE_ORDER.index(role)
    return [code for code, allowed in CERTIFICATE_TYPES_BY_ROLE.items() if allowed[index]]


def _function_rule(ctx: UserContext, privilege: Privilege, _type: str | None) -> Decision | None:
    column = column_for(ctx.role, ctx.login_method)
    if FUNCTIONS_BY_COLUMN[privilege][COLUMNS.index(column)]:
        return None
    if column == DOCTOR_ELEG:
        return Decision(False, "NOT_AVAILABLE_WITH_ELEG",
                        "Funktionen är inte tillgänglig när du har loggat in med e-legitimation.")
    return Decision(False, "NOT_AVAILABLE_FOR_ROLE",
                    f"Funktionen är inte tillgänglig för rollen {ctx.role.label}.")


def _certificate_type_rule(ctx: UserContext, _privilege: Privilege, certificate_type: str | None) -> Decision | None:
    if certificate_type is None:
        return None
    row = CERTIFICATE_TYPES_BY_ROLE.get(certificate_type)
    if row is None:
        return Decision(False, "UNKNOWN_CERTIFICATE_TYPE", "Intygstypen finns inte i Webcert.")
    if row[ROLE_ORDER.index(ctx.role)]:
        return None
    return Decision(False, "CERTIFICATE_TYPE_NOT_FOR_ROLE",
                    f"Intygstypen är inte tillgänglig för rollen {ctx.role.label}.")


def _unit_chosen_rule(ctx: UserContext, _privilege: Privilege, _type: str | None) -> Decision | None:
    # §2: a privilege is always tied to the unit the user is logged in on.
    if ctx.standalone is None:
        return Decision(False, "UNIT_NOT_CHOSEN", "Välj vilken vårdenhet du vill logga in på.")
    return None


def _blocked_rule(ctx: UserContext, privilege: Privilege, _type: str | None) -> Decision | None:
    if ctx.standalone == "block" and privilege in BLOCKED_TAKES_AWAY:
        return Decision(False, "CARE_PROVIDER_BLOCKED",
                        "Din vårdgivare har blockerat utfärdande av intyg i fristående Webcert. "
                        "Du kan fortsätta med befintliga utkast, signera, skicka, makulera och skriva ut intyg.")
    return None


# The chain, in order: the first rule that refuses decides.
RULES = (_function_rule, _certificate_type_rule, _unit_chosen_rule, _blocked_rule)


def decide(user_context: UserContext, privilege: Privilege | str, certificate_type: str | None = None) -> Decision:
    privilege = Privilege(privilege)
    for rule in RULES:
        refusal = rule(user_context, privilege, certificate_type)
        if refusal is not None:
            return refusal
    return ALLOWED


def all_decisions(user_context: UserContext) -> dict[str, dict]:
    return {p.value: decide(user_context, p).as_dict() for p in Privilege}
