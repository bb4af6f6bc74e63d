"""Render requests as the certificate service sends them (``printing.print_certificate``): the
type's definition, the certificate view, the time of printing -- from the certificate service's
own types and example content, for every type and state. Used by the render tests and by
bench/pdf_benchmark.py."""
from __future__ import annotations

import copy
from datetime import date
from functools import lru_cache

from webcert_certificate.adapters.type_loader import load_certificate_types
from webcert_certificate.examples import example_content
from webcert_certificate.service_layer.views import definition, visibility

TODAY = date(2026, 11, 26)
PRINTED_AT = "2026-11-26T09:30:00+00:00"
STATUS_LABELS = {"DRAFT": "Utkast", "LOCKED": "Låst utkast", "SIGNED": "Signerat", "SENT": "Skickat",
                 "REVOKED": "Makulerat"}
LONG_PARAGRAPH = ("Patienten beskriver tilltagande trötthet, värk i ländryggen och svårigheter att sitta "
                  "längre än en halvtimme åt gången. Hon har försökt återgå till arbetet på halvtid men "
                  "orkar inte med de fysiska momenten; smärtan förvärras av tunga lyft och av att stå "
                  "länge. Åtgärder: sjukgymnastik två gånger i veckan, smärtlindring och en plan för "
                  "gradvis återgång tillsammans med arbetsgivaren och företagshälsovården. ")


@lru_cache(maxsize=None)
def _types() -> dict:
    return load_certificate_types()


def type_codes() -> list[str]:
    return sorted(_types())


def type_definition(code: str) -> dict:
    return definition(_types()[code])


def certificate_view(code: str, status: str = "DRAFT", *, content: dict | None = None, protected: bool = False,
                     replaced: bool = False) -> dict:
    cert_type = _types()[code]
    content = example_content(code, TODAY) if content is None else content
    signed = status in ("SIGNED", "SENT", "REVOKED")
    issuer = {"id": "TSTNMT2321000156-1003", "name": "Maria Costa", "role": "LAKARE"}
    view = {
        "id": f"cert-{code.lower()}-{status.lower()}", "certificate_type": code, "type_name": cert_type.name,
        "type_version": cert_type.version, "status": status, "status_label": STATUS_LABELS[status],
        "patient": {"personnummer": "19121212-1212", "name": "Tolvan Tolvansson",
                    "address": None if protected else {"street": "Svensson, Storgatan 1", "postal_code": "11122",
                                                       "city": "Örebro"},
                    "protected_identity": protected, "deceased": False},
        "issuer": issuer,
        "unit": {"id": "TSTNMT2321000156-1039", "name": "NMT vg1 ve1", "care_unit_id": "TSTNMT2321000156-1039",
                 "care_unit_name": "NMT vg1 ve1", "care_provider_id": "TSTNMT2321000156-1002",
                 "care_provider_name": "NMT vg1"},
        "created_at": "2026-11-25T08:00:00+00:00", "updated_at": "2026-11-25T08:10:00+00:00",
        "signed_at": "2026-11-25T08:15:00+00:00" if signed else None,
        "signature": ({"signed_at": "2026-11-25T08:15:00+00:00", "signer": {"id": issuer["id"], "name": issuer["name"]}}
                      if signed else None),
        "content": content,
        "replaced_by": ({"kind": "REPLACE", "id": "cert-replacing", "certificate_type": code, "status": "SIGNED",
                         "status_label": "Signerat", "created_at": "2026-11-26T07:00:00+00:00",
                         "signed_at": "2026-11-26T07:30:00+00:00"} if replaced else None),
        "revocation": ({"revoked_at": "2026-11-26T08:00:00+00:00", "reason": "FEL_PATIENT",
                        "reason_label": "Intyget har utfärdats på fel patient", "message": None}
                       if status == "REVOKED" else None),
        "actions": {}, "history": [], "relations": {"parent": None, "children": []},
    }
    view.update(visibility(cert_type, content, TODAY))
    return view


def render_request(code: str = "FK7804", status: str = "DRAFT", **kwargs) -> dict:
    return {"definition": type_definition(code), "certificate": certificate_view(code, status, **kwargs),
            "printed_at": PRINTED_AT}


def long_fk7804_content(paragraphs: int = 6, *, within_limits: bool = True) -> dict:
    """FK7804's example with every free-text answer several paragraphs long: as long as the type
    allows (four pages), or, ``within_limits`` False, longer than it allows (more pages)."""
    content = copy.deepcopy(example_content("FK7804", TODAY))
    long_text = "\n\n".join(LONG_PARAGRAPH * 3 for _ in range(paragraphs))
    for question in _types()["FK7804"].questions():
        if question.type in ("text", "textarea") and question.id in content:
            limit = question.max_length if within_limits and question.max_length else len(long_text)
            content[question.id] = long_text[:limit]
    return content

