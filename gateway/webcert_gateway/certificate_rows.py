"""What the certificate lists show (CERT-2, CERT-14; manual §4.2 "Flikarna", §5.2): rows for the
templates, made from the certificate service's and pu-lookup's answers. Plain Python, no
Flask; tested directly. The services decide; this module only words and shapes their answers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .certificate_display import local_time

DOI = "DOI"                       # Dödsorsaksintyg: its own PU-4 action (CREATE_DOI)
DRAFT = "DRAFT"
# A type's code as the service names it (FK7804, AG1-14, TSTRK1007, DB ...): what a form may post.
TYPE_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")
# The service's certificate ids (uuid4); anything else is not one of ours.
CERTIFICATE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")
# §5.8 / §7.8: the reason itself is written once above the list (patient_view.action_notes).
NOT_FOR_PATIENT = "Kan inte skapas för patienten."


def is_type_code(value: str | None) -> bool:
    return bool(value) and bool(TYPE_CODE.match(value))


def is_certificate_id(value: str | None) -> bool:
    return bool(value) and bool(CERTIFICATE_ID.match(value))


@dataclass(frozen=True)
class TypeRow:
    code: str
    name: str
    description: str
    favourite: bool
    note: str | None             # why "Skapa intyg" is not offered for this patient, or None

    @property
    def creatable(self) -> bool:
        return self.note is None


def type_rows(types: list[dict], patient_answer: dict) -> list[TypeRow]:
    """The service's types in its order (favourites pinned on top, CERT-2), each with "Skapa
    intyg" unless pu-lookup's answer rules it out for this patient: a type excluded for a
    protected patient (§5.8, PU-2) or an action refused for a deceased one (§7.8, PU-4)."""
    excluded = set(patient_answer.get("excluded_certificate_types") or [])
    actions = patient_answer.get("actions") if isinstance(patient_answer.get("actions"), dict) else {}
    rows = []
    for item in types:
        code = str(item.get("code") or "")
        decision = actions.get("CREATE_DOI" if code == DOI else "CREATE_CERTIFICATE")
        refused = isinstance(decision, dict) and decision.get("allowed") is False
        rows.append(TypeRow(code=code, name=str(item.get("name") or code),
                            description=str(item.get("description") or ""), favourite=bool(item.get("favourite")),
                            note=NOT_FOR_PATIENT if code in excluded or refused else None))
    return rows


def privilege_refusal(view: dict, privilege: str) -> str | None:
    """The message of a privilege the auth service refuses this user here (e.g. §3 "Blockerad
    användare": CREATE_CERTIFICATE), or None when it is allowed."""
    decision = (view.get("privileges") or {}).get(privilege)
    if isinstance(decision, dict) and decision.get("allowed") is False:
        return decision.get("message") or "Du har inte behörighet att göra detta."
    return None


def privilege_allowed(view: dict, privilege: str) -> bool:
    decision = (view.get("privileges") or {}).get(privilege)
    return isinstance(decision, dict) and decision.get("allowed") is True


@dataclass(frozen=True)
class CertificateRow:
    id: str
    certificate_type: str
    type_name: str
    status: str
    status_label: str
    saved_or_signed: str          # "Sparat/signerat": the signing time when signed, else the last save
    saved_at: str
    signed_at: str
    by: str                       # "Sparat/signerat av"
    saved_by: str
    personnummer: str
    patient_name: str
    forwarded: bool
    may_renew: bool = False       # §5.8 "I tabellen, klicka på knappen Förnya" (the patient page only)

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    @property
    def status_color(self) -> str:
        if self.status == "REVOKED":
            return "danger"
        return "warning" if self.status in (DRAFT, "LOCKED") else "success"


def _name(person) -> str:
    return str(person.get("name") or "") if isinstance(person, dict) else ""


def certificate_row(summary: dict) -> CertificateRow:
    """One CertificateSummary (docs/ARCHITECTURE.md) as a table row."""
    patient = summary.get("patient") if isinstance(summary.get("patient"), dict) else {}
    signed_at = local_time(summary.get("signed_at"))
    saved_at = local_time(summary.get("updated_at"))
    saved_by = _name(summary.get("saved_by"))
    return CertificateRow(
        id=str(summary.get("id") or ""),
        certificate_type=str(summary.get("certificate_type") or ""),
        type_name=str(summary.get("type_name") or summary.get("certificate_type") or ""),
        status=str(summary.get("status") or ""),
        status_label=str(summary.get("status_label") or summary.get("status") or ""),
        saved_or_signed=signed_at or saved_at,
        saved_at=saved_at,
        signed_at=signed_at,
        by=_name(summary.get("signed_by")) or saved_by,
        saved_by=saved_by,
        personnummer=str(patient.get("personnummer") or ""),
        patient_name=str(patient.get("name") or ""),
        forwarded=bool(summary.get("forwarded")),
        may_renew=_allowed(summary, "RENEW"),
    )


def _allowed(summary: dict, action: str) -> bool:
    actions = summary.get("actions") if isinstance(summary.get("actions"), dict) else {}
    decision = actions.get(action) if isinstance(actions.get(action), dict) else {}
    return decision.get("allowed") is True


def certificate_rows(summaries: list[dict]) -> list[CertificateRow]:
    return [certificate_row(s) for s in summaries if isinstance(s, dict) and is_certificate_id(str(s.get("id") or ""))]
