"""What the patient page shows, from pu-lookup's ``{person, actions}`` (plain Python, no
Flask; tested directly). The rules themselves are pu-lookup's (PU-2, PU-4): this module
only words their answers in the manual's Swedish."""
from __future__ import annotations

# The actions pu-lookup evaluates (docs/ARCHITECTURE.md), in the order a user meets them.
ACTION_LABELS = {
    "CREATE_CERTIFICATE": "Skapa intyg",
    "CREATE_DOI": "Skapa dödsorsaksintyg",
    "RENEW_CERTIFICATE": "Förnya intyg",
    "REPLACE_CERTIFICATE": "Ersätta intyg",
    "SIGN_DRAFT": "Signera utkast",
    "SEND_CERTIFICATE": "Skicka intyg",
    "REVOKE_CERTIFICATE": "Makulera intyg",
    "HANDLE_QUESTIONS": "Hantera ärenden",
}
CERTIFICATE_TYPE_NAMES = {"DB": "Dödsbevis", "DOI": "Dödsorsaksintyg"}
KIND_LABELS = {"personnummer": "Personnummer", "samordningsnummer": "Samordningsnummer"}
NOT_POSSIBLE = "Inte möjligt för den här patienten."


def patient_header(person: dict) -> dict:
    """Name, number (with its kind), address, and the markings of §5.8 and §7.8."""
    address = person.get("address") or None
    kind = person.get("kind") or "personnummer"
    return {
        "name": person.get("name") or "",
        "personnummer": person.get("personnummer") or "",
        "kind": kind,
        "kind_label": KIND_LABELS.get(kind, "Personnummer"),
        "address_lines": _address_lines(address),
        "protected_identity": bool(person.get("protected_identity")),
        "deceased": bool(person.get("deceased")),
        "date_of_death": person.get("date_of_death"),
    }


def _address_lines(address: dict | None) -> list[str]:
    if not isinstance(address, dict):
        return []
    postal = " ".join(part for part in (address.get("postal_code"), address.get("city")) if part)
    return [line for line in (address.get("street"), postal) if line]


def excluded_types(answer: dict) -> list[str]:
    """``excluded_certificate_types`` (DB and DOI for a protected patient, §5.8), named."""
    codes = answer.get("excluded_certificate_types") or []
    return [f"{CERTIFICATE_TYPE_NAMES.get(code, code)} ({code})" for code in codes if isinstance(code, str)]


def action_notes(actions: dict | None) -> list[str]:
    """What cannot be done, one line per reason given by pu-lookup (the refused actions
    named before it); what is allowed needs no note. A deceased patient (§7.8) also
    learns that Dödsorsaksintyg can still be created."""
    actions = actions if isinstance(actions, dict) else {}
    refused: dict[str, list[str]] = {}          # message -> labels, in ACTION_LABELS order
    for key, label in ACTION_LABELS.items():
        decision = actions.get(key)
        if isinstance(decision, dict) and decision.get("allowed") is False:
            refused.setdefault(decision.get("message") or NOT_POSSIBLE, []).append(label)
    notes = [f"{', '.join(labels)}: {message}" for message, labels in refused.items()]
    create, doi = actions.get("CREATE_CERTIFICATE"), actions.get("CREATE_DOI")
    if isinstance(create, dict) and create.get("allowed") is False and isinstance(doi, dict) and doi.get("allowed"):
        notes.append("Dödsorsaksintyg kan skapas för patienten.")
    return notes
