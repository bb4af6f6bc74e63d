"""Where a user goes: the tabs per role (§4.2), the steps after login (§3, §5.8) and the
start-page notices. Plain Python, no Flask: tested directly."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tab:
    key: str
    label: str        # the manual's own words (§4.2)
    endpoint: str


SEARCH = Tab("search", "Sök/skriv intyg", "patients.search")
QUESTIONS = Tab("questions", "Ej hanterade ärenden", "main.questions")
DRAFTS = Tab("drafts", "Ej signerade utkast", "certificate_lists.drafts")
SIGNED = Tab("signed", "Signerade intyg", "certificate_lists.signed")

ISSUER_TABS = (SEARCH, QUESTIONS, DRAFTS, SIGNED)
# §4: "För rollen vårdadministratör visas istället Ej hanterade ärenden som första flik."
ADMINISTRATOR_TABS = (QUESTIONS, SEARCH, DRAFTS, SIGNED)

TABS_BY_KEY = {tab.key: tab for tab in ISSUER_TABS}

# Pages that live under a tab without being its first page: the tab stays marked.
UNDER_TAB = {
    "patients.search_submit": SEARCH.endpoint,
    "patients.patient": SEARCH.endpoint,     # §5.2: the patient is reached from Sök/skriv intyg
    "certificate_form.certificate": SEARCH.endpoint,   # a certificate opens from the patient or a list
    "certificate_lists.create": SEARCH.endpoint,      # refusals are shown on the patient page
    "certificate_lists.favourite": SEARCH.endpoint,
}


def tab_endpoint_of(endpoint: str | None) -> str | None:
    """The tab endpoint to mark as current for the page ``endpoint``."""
    return UNDER_TAB.get(endpoint, endpoint)


def tabs_for(role: str) -> tuple[Tab, ...]:
    return ADMINISTRATOR_TABS if role == "VARDADMINISTRATOR" else ISSUER_TABS


def first_tab(role: str) -> Tab:
    return tabs_for(role)[0]


# The steps a SessionView's ``pending`` may name, in the order the auth service gives them.
STEP_ENDPOINTS = {
    "choose_unit": "steps.choose_unit",
    "protected_identity_risk": "steps.protected_identity_risk",
    "standalone_warning": "steps.standalone_warning",
}
UNKNOWN_STEP_ENDPOINT = "steps.unsupported_step"


def next_step_endpoint(pending: list[str] | None) -> str | None:
    """The page the user must see before anything else, or None when nothing is pending."""
    if not pending:
        return None
    return STEP_ENDPOINTS.get(pending[0], UNKNOWN_STEP_ENDPOINT)


# Why a user is back on the start page. §3: "Du loggas ut automatiskt om du varit inaktiv i
# trettio minuter."
NOTICES = {
    "logged_out": ("info", "Du är utloggad."),
    "SESSION_EXPIRED_IDLE": ("warning", "Du har blivit utloggad eftersom du varit inaktiv i 30 minuter. "
                                        "Logga in igen för att fortsätta."),
    "SESSION_EXPIRED_ABSOLUTE": ("warning", "Din inloggning har gått ut. Logga in igen för att fortsätta."),
    "SESSION_UNKNOWN": ("warning", "Din inloggning är inte längre giltig. Logga in igen för att fortsätta."),
    "LOGIN_INTERRUPTED": ("warning", "Inloggningen kunde inte slutföras. Försök igen."),
}


def notice_for(code: str | None) -> tuple[str, str] | None:
    if not code:
        return None
    return NOTICES.get(code, NOTICES["SESSION_UNKNOWN"])


LOGIN_METHOD_LABELS = {
    "siths": "SITHS-kort",
    "bankid": "BankID",
    "mobilt_bankid": "Mobilt BankID",
    "telia": "Telia e-legitimation",
}


def is_eleg(login_method: str | None) -> bool:
    return login_method in ("bankid", "mobilt_bankid", "telia")


def may_edit_account(user: dict) -> bool:
    # §4.1: "Ändra uppgifter" only for doctors who logged in with e-legitimation.
    return is_eleg(user.get("login_method")) and user.get("role") == "LAKARE"
