"""What "Ej hanterade ärenden" shows (§4.2, §7 "Se lista över ärendekommunikation"): the search
filter read from the page's GET form, the rows made from the messaging service's answer, the
choice of workplace, and the forwarding e-mail. Plain Python, no Flask: tested directly.

The messaging service decides which questions are listed and what the user may do with each
(``actions``); this module only words and shapes its answer. Nothing here carries a personnummer:
the service's list holds none, and the page's URLs name only the filter, certificates and questions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from .certificate_display import local_time

# §7: "En fråga från Försäkringskassan har alltid ett ämne" -- the manual's order and words. Used
# when the service's ``filters`` do not list the subjects themselves.
SUBJECTS = (("AVSTAMNINGSMOTE", "Avstämningsmöte"), ("KOMPLETTERING", "Komplettering"), ("KONTAKT", "Kontakt"),
            ("OVRIGT", "Övrigt"), ("PAMINNELSE", "Påminnelse"))
SENDERS = (("fk", "Försäkringskassan"), ("unit", "Vårdenheten"))
FORWARDED_CHOICES = (("true", "Ja"), ("false", "Nej"))
FORWARDED_LABEL = "Vidarebefordrad"
# §7 "Vidarebefordra ärendekommunikation": the e-mail holds the link to the certificate and nothing
# about the patient ("Texten i e-postmeddelandet får inte tillföras några personuppgifter").
FORWARD_SUBJECT = "Ärende i Webcert"

# HSA ids and the services' ids: letters, digits and a few separators; anything else is not one.
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")


def is_id(value: str | None) -> bool:
    return bool(value) and bool(_ID.match(value))


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Search:
    """The filter as the page's GET form sends it (QA-4); empty means "alla"."""
    workplace: str = ""
    subject: str = ""
    sender: str = ""
    forwarded: str = ""
    signed_by: str = ""

    def as_params(self) -> dict[str, str]:
        """For the messaging client and for links back to the same list: only what is set."""
        return {name: value for name, value in vars(self).items() if value}

    @property
    def narrowed(self) -> bool:
        """Anything but the workplace chosen: the list may be shorter than the tab's count."""
        return bool(self.subject or self.sender or self.forwarded or self.signed_by)


def _one_of(value: str | None, allowed: set[str]) -> str:
    value = (value or "").strip()
    return value if value in allowed else ""


def _an_id(value: str | None) -> str:
    value = (value or "").strip()
    return value if is_id(value) else ""


def search_from(args) -> Search:
    """Read the form leniently: an unknown value is left out (the list shows everything for that
    criterion) rather than refused, so a stale bookmark still opens the tab."""
    return Search(workplace=_an_id(args.get("workplace")),
                  subject=_one_of(args.get("subject"), {code for code, _ in SUBJECTS}),
                  sender=_one_of(args.get("sender"), {code for code, _ in SENDERS}),
                  forwarded=_one_of(args.get("forwarded"), {code for code, _ in FORWARDED_CHOICES}),
                  signed_by=_an_id(args.get("signed_by")))


# --- the form's options -------------------------------------------------------------------------

def _choices(items, value_keys: tuple[str, ...], label_keys: tuple[str, ...]) -> list[Choice]:
    choices = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        value = next((str(item[k]) for k in value_keys if item.get(k)), "")
        label = next((str(item[k]) for k in label_keys if item.get(k)), value)
        if value:
            choices.append(Choice(value, label))
    return choices


def workplace_choices(answer: dict, view: dict) -> list[Choice]:
    """§7: "Om du är inloggad på en vårdenhet som har flera arbetsplatser kan du välja om du vill se
    ärenden för hela vårdenheten eller för en specifik arbetsplats genom att välja i listan". The
    service's ``workplaces``; failing those, the logged-in care unit's own from the session. A user
    logged in on a workplace has nothing to choose."""
    unit = view.get("unit") or {}
    if unit.get("is_workplace"):
        return []
    listed = _choices(answer.get("workplaces"), ("id", "unit_id", "hsa_id"), ("name", "label"))
    if not listed:
        here = next((u for u in view.get("units") or [] if u.get("id") == unit.get("id")), {})
        listed = _choices(here.get("workplaces"), ("id",), ("name",))
    return [choice for choice in listed if choice.value != unit.get("id")]


def filter_options(answer: dict) -> dict[str, list[Choice]]:
    """The service's ``filters`` where it lists options; the manual's subjects and senders otherwise."""
    filters = answer.get("filters") if isinstance(answer.get("filters"), dict) else {}
    subjects = _choices(filters.get("subjects"), ("code", "value", "id"), ("label", "name"))
    senders = _choices(filters.get("senders"), ("code", "value", "id"), ("label", "name"))
    signers = _choices(filters.get("signed_by") or filters.get("signers"), ("id", "hsa_id", "value"), ("name", "label"))
    return {
        "subjects": subjects or [Choice(code, label) for code, label in SUBJECTS],
        "senders": senders or [Choice(code, label) for code, label in SENDERS],
        "forwarded": [Choice(code, label) for code, label in FORWARDED_CHOICES],
        "signers": signers,
    }


# --- the rows -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuestionRow:
    id: str
    certificate_id: str
    certificate_type: str
    certificate_type_name: str
    subject_label: str
    sender_label: str
    sent_at: str
    action_label: str
    forwarded: bool
    may_forward: bool
    forward_refusal: str | None


def _allowed(actions, name: str) -> tuple[bool, str | None]:
    decision = actions.get(name) if isinstance(actions, dict) else None
    if not isinstance(decision, dict):
        return False, None
    return decision.get("allowed") is True, decision.get("message")


def question_rows(answer: dict) -> list[QuestionRow]:
    """The service's questions in its order (newest activity first), skipping anything that is not
    a question with an id and a certificate (never one broken row failing the whole tab)."""
    rows = []
    for item in answer.get("questions") or []:
        if not isinstance(item, dict) or not is_id(str(item.get("id") or "")) \
                or not is_id(str(item.get("certificate_id") or "")):
            continue
        may_forward, refusal = _allowed(item.get("actions"), "FORWARD")
        action = item.get("action_needed") if isinstance(item.get("action_needed"), dict) else {}
        certificate_type = str(item.get("certificate_type") or "")
        rows.append(QuestionRow(
            id=str(item["id"]), certificate_id=str(item["certificate_id"]), certificate_type=certificate_type,
            certificate_type_name=str(item.get("certificate_type_name") or certificate_type),
            subject_label=str(item.get("subject_label") or item.get("subject") or ""),
            sender_label=str(item.get("sender_label") or item.get("sender") or ""),
            sent_at=local_time(item.get("sent_at")), action_label=str(action.get("label") or ""),
            forwarded=item.get("forwarded") is True, may_forward=may_forward,
            forward_refusal=None if may_forward else refusal))
    return rows


def find_row(answer: dict, question_id: str) -> QuestionRow | None:
    return next((row for row in question_rows(answer) if row.id == question_id), None)


def forward_mailto(certificate_url: str) -> str:
    """§7: "Ett nytt e-postmeddelande skapas i din e-postklient, där länken till det berörda intyget
    är ifylld. Notera att länken går till intyget och inte till det specifika ärendet." """
    return f"mailto:?subject={quote(FORWARD_SUBJECT)}&body={quote(certificate_url, safe='')}"
