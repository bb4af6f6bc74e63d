"""The printout as a document model (CERT-10, manual §5.6 "Skriva ut intyg/spara intyg som PDF"):
what every page says about the certificate's state, the patient, the issuer, the unit, the dates
and, in the form's order, every shown question with its answer. Built from the render request
alone, so the same request gives the same document (and the same bytes from the renderer)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from webcert_common.certificate_answers import answer_lines, answered_sections

from .text import clean, swedish_time

AUTHOR = "Webcert"
PROTECTED_WARNING = "Skyddade personuppgifter – hantera utskriften varsamt"
ROLE_LABELS = {"LAKARE": "Läkare", "TANDLAKARE": "Tandläkare", "VARDADMINISTRATOR": "Vårdadministratör"}


@dataclass(frozen=True)
class Marking:
    """§5.6 "Information om typ av utskrift": it is plain on every page whether the printout is a
    draft, a locked draft or, after issue 5, a revoked or replaced certificate. ``label`` is the
    state as the user interface names it, ``banner`` the bold line on every page, ``watermark`` the
    word across every page."""
    label: str
    banner: str
    watermark: str


DRAFT = Marking("Utkast", "UTKAST – intyget är inte signerat", "UTKAST")
LOCKED = Marking("Låst utkast", "LÅST UTKAST – utkastet är låst och kan inte signeras", "LÅST UTKAST")
REVOKED = Marking("Makulerat", "MAKULERAT – intyget är makulerat och får inte användas", "MAKULERAT")
REPLACED = Marking("Ersatt", "ERSATT – intyget har ersatts av ett nyare intyg", "ERSATT")


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Answer:
    label: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    label: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class PrintDocument:
    title: str                       # the PDF's title and the first page's heading
    subject: str                     # the PDF's subject
    heading: str                     # the line at the top of every page: type and patient
    marking: Marking | None          # None for a signed (or sent) certificate: no marking (§5.6)
    protected_warning: str | None    # §5.8: printed on every page for a protected patient
    notices: tuple[str, ...]         # why the marking: when revoked and why, by what it was replaced
    facts: tuple[Fact, ...]          # patient, issuer, unit, care provider, dates
    sections: tuple[Section, ...]
    footer: str                      # when and from where it was printed

    @property
    def author(self) -> str:
        return AUTHOR


def marking_of(certificate: dict) -> Marking | None:
    # A revoked certificate is revoked whatever else it was (§5.10: kept but unusable); a
    # replaced one stays valid to read and print but must not be mistaken for the current one (CERT-12).
    if certificate.get("status") == "REVOKED" or certificate.get("revocation"):
        return REVOKED
    if certificate.get("replaced_by"):
        return REPLACED
    return {"DRAFT": DRAFT, "LOCKED": LOCKED}.get(certificate.get("status"))


def build_document(definition: dict, certificate: dict, printed_at: datetime | str) -> PrintDocument:
    marking = marking_of(certificate)
    patient = certificate.get("patient") or {}
    protected = bool(patient.get("protected_identity"))
    type_name = clean(certificate.get("type_name") or definition.get("name"))
    code = clean(certificate.get("certificate_type") or definition.get("code"))
    state = marking.label if marking else clean(certificate.get("status_label"))
    return PrintDocument(
        title=f"{type_name} ({code})",
        subject=f"{type_name} ({code}), {state.lower()}, utskrift från {AUTHOR}" if state else type_name,
        heading=" – ".join(p for p in (f"{code} {type_name}", _patient_line(patient), marking and marking.label) if p),
        marking=marking,
        protected_warning=PROTECTED_WARNING if protected else None,
        notices=_notices(certificate),
        facts=_facts(certificate, protected),
        sections=_sections(definition, certificate),
        footer=f"Utskrivet från {AUTHOR} {swedish_time(printed_at)} · Intygs-id {clean(certificate.get('id'))}",
    )


def _patient_line(patient: dict) -> str:
    return ", ".join(clean(patient.get(k)) for k in ("name", "personnummer") if patient.get(k))


def _notices(certificate: dict) -> tuple[str, ...]:
    notices = []
    revocation = certificate.get("revocation")
    if revocation:
        line = " ".join(p for p in ("Intyget makulerades", swedish_time(revocation.get("revoked_at"))) if p) + "."
        if revocation.get("reason_label"):
            line += f" Anledning: {clean(revocation['reason_label'])}."
        notices.append(line)
    replaced_by = certificate.get("replaced_by")
    if replaced_by:
        line = "Intyget har ersatts av ett nyare intyg"
        if replaced_by.get("id"):
            line += f" (intygs-id {clean(replaced_by['id'])}"
            line += f", signerat {swedish_time(replaced_by['signed_at'])})" if replaced_by.get("signed_at") else ")"
        notices.append(line + ".")
    return tuple(notices)


def _facts(certificate: dict, protected: bool) -> tuple[Fact, ...]:
    patient = certificate.get("patient") or {}
    issuer = certificate.get("issuer") or {}
    unit = certificate.get("unit") or {}
    facts = [Fact("Patient", clean(patient.get("name"))), Fact("Personnummer", clean(patient.get("personnummer")))]
    # §5.8: the address is what the protection hides; it is left out of the printout.
    if not protected and _address(patient.get("address")):
        facts.append(Fact("Adress", _address(patient.get("address"))))
    role = ROLE_LABELS.get(issuer.get("role"), clean(issuer.get("role")))
    facts.append(Fact("Utfärdare", ", ".join(p for p in (clean(issuer.get("name")), role) if p)))
    facts.append(Fact("Enhet", clean(unit.get("name"))))
    if unit.get("care_unit_name") and unit.get("care_unit_name") != unit.get("name"):
        facts.append(Fact("Vårdenhet", clean(unit["care_unit_name"])))
    facts.append(Fact("Vårdgivare", clean(unit.get("care_provider_name"))))
    facts.append(Fact("Skapat", swedish_time(certificate.get("created_at"))))
    facts.append(Fact("Signerat", _signed(certificate)))
    return tuple(f for f in facts if f.value)


def _address(address) -> str:
    if not isinstance(address, dict):
        return clean(address) if isinstance(address, str) else ""
    city = " ".join(clean(address.get(k)) for k in ("postal_code", "city") if address.get(k))
    return ", ".join(p for p in (clean(address.get("street")), city) if p)


def _signed(certificate: dict) -> str:
    signature = certificate.get("signature") or {}
    signed_at = signature.get("signed_at") or certificate.get("signed_at")
    if not signed_at:
        return "Ej signerat"
    signer = (signature.get("signer") or {}).get("name")
    return f"{swedish_time(signed_at)} av {clean(signer)}" if signer else swedish_time(signed_at)


def _sections(definition: dict, certificate: dict) -> tuple[Section, ...]:
    content = certificate.get("content") if isinstance(certificate.get("content"), dict) else {}
    unreadable = unreadable_answers(definition, content)
    answered = answered_sections(definition, {k: v for k, v in content.items() if k not in unreadable},
                                 hidden_questions=certificate.get("hidden_questions") or (),
                                 hidden_sections=certificate.get("hidden_sections") or ())
    return tuple(Section(clean(s.label), tuple(_answer(a, unreadable) for a in s.answers)) for s in answered)


def _answer(answer, unreadable: dict[str, str]) -> Answer:
    lines = (unreadable[answer.question_id],) if answer.question_id in unreadable else answer.lines
    return Answer(clean(answer.label), tuple(clean(line) for line in lines))


def unreadable_answers(definition: dict, content: dict) -> dict[str, str]:
    """The answers the shared wording cannot read (a list where one choice was expected, say), as
    their plain text: bad content still prints, as what it is, instead of failing the printout."""
    unreadable = {}
    for section in definition.get("sections") or []:
        for question in section.get("questions") or []:
            key = str(question.get("id"))
            if key in content:
                try:
                    answer_lines(question, content[key])
                except (TypeError, AttributeError, ValueError, KeyError):
                    unreadable[key] = str(content[key])
    return unreadable
