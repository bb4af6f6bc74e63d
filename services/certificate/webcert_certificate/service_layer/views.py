"""What the API answers: a certificate's summary and view, a type's definition for the form.
Formatting only; every decision comes from domain/ (access.actions_for, validation)."""
from __future__ import annotations

from datetime import date
from typing import Any

from ..domain import access, revocation, validation
from ..domain.certificate import REPLACE, SIGNED_STATUSES, STATUS_LABELS, Certificate, Delivery, Related
from ..domain.certificate_type import RECIPIENTS
from ..domain.certificate_type import CertificateType, Question
from ..domain.requester import Requester


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


def summary(certificate: Certificate, cert_type: CertificateType) -> dict:
    signer = certificate.issuer if certificate.signed_at else None
    return {
        "id": certificate.id,
        "certificate_type": certificate.certificate_type,
        "type_name": cert_type.name,
        "status": certificate.status,
        "status_label": certificate.status_label,
        "patient": {"personnummer": certificate.personnummer, "name": certificate.patient.get("name")},
        "created_at": _iso(certificate.created_at),
        "updated_at": _iso(certificate.updated_at),
        "signed_at": _iso(certificate.signed_at),
        "saved_by": certificate.saved_by or {"id": certificate.created_by["id"],
                                             "name": certificate.created_by["name"]},
        "signed_by": {"id": signer["id"], "name": signer["name"]} if signer else None,
        "forwarded": certificate.forwarded,
        "unit_id": certificate.unit["id"],
    }


def visibility(cert_type: CertificateType, content: dict, today: date) -> dict:
    """Which sections and questions the form hides, and which questions are mandatory now:
    the service evaluates the type's conditions so that the browser never does."""
    hidden_sections = [s.id for s in cert_type.sections
                       if not validation.is_section_visible(s, content, today)]
    hidden_questions = [q.id for q in cert_type.questions()
                        if not validation.is_visible(cert_type, q.id, content, today)]
    mandatory = [q.id for q in cert_type.questions() if q.mandatory.evaluate(content, today)]
    return {"hidden_sections": hidden_sections, "hidden_questions": hidden_questions,
            "mandatory_questions": mandatory}


def certificate_view(certificate: Certificate, cert_type: CertificateType, requester: Requester,
                     today: date, history: list | None = None, renewal_info: dict | None = None) -> dict:
    view = summary(certificate, cert_type)
    editor = certificate.editor
    view.update({
        "type_version": certificate.type_version,
        "version": certificate.version,
        "patient": dict(certificate.patient),
        "issuer": certificate.issuer or certificate.created_by,
        "unit": dict(certificate.unit),
        "content": certificate.content,
        "editing": ({"holder_id": editor.user_id, "holder_name": editor.name, "since": _iso(editor.since)}
                    if editor else None),
        "sent": ({"recipient": certificate.sent_to, "sent_at": _iso(certificate.sent_at)}
                 if certificate.sent_to else None),
        "signature": ({"signed_at": _iso(certificate.signed_at),
                       "signer": {"id": certificate.issuer["id"], "name": certificate.issuer["name"]}}
                      if certificate.signature else None),
        "copied_from": certificate.copied_from,
        "history": [entry.as_dict() for entry in history or []],
        "actions": access.actions_for(requester, certificate, cert_type),
    })
    view.update(after_signing(certificate, cert_type, view["actions"]))
    view["renewal_info"] = renewal_info
    view.update(visibility(cert_type, certificate.content, today))
    return view


def after_signing(certificate: Certificate, cert_type: CertificateType, actions: dict) -> dict:
    """Issue 5's part of the view: recipient, delivery, revocation, the relations both ways."""
    return {
        "recipient": ({"code": cert_type.recipient, "name": cert_type.recipient_name}
                      if cert_type.recipient else None),
        "delivery": delivery_view(certificate),
        "revocation": revocation_view(certificate, cert_type),
        "relations": {"parent": related_view(certificate.parent),
                      "children": [related_view(c) for c in certificate.children]},
        "replaced_by": related_view(certificate.replaced_by),
        "replacement_draft": related_view(certificate.replacement_draft),
        # §7 "Avklarad kompletteringsbegäran": the text and "en länk till det nya intyget" (Figur 33)
        "complemented_by": _with_message(related_view(certificate.complemented_by), COMPLEMENTED_MESSAGE),
        # §7 "Fortsätt på intygsutkast för kompletteringsbegäran": "Öppna utkastet" (Figur 32)
        "complement_draft": related_view(certificate.complement_draft),
        "revoke_reasons": ([r.as_dict() for r in revocation.REASONS] if cert_type.revoke_reason_required else [])
        if actions[access.REVOKE]["allowed"] else [],
        # §5.10: shown in the dialog, before revoking a DB or DOI (their recipients are not told) that
        # its signing sent; a locked draft never reached them
        "revoke_instruction": (revocation.phone_instruction(cert_type.recipient)
                               if actions[access.REVOKE]["allowed"] and certificate.is_signed else None),
    }


COMPLEMENTED_MESSAGE = "Kompletteringsbegäran besvarades med ett nytt intyg"


def _with_message(view: dict | None, message: str) -> dict | None:
    return None if view is None else dict(view, message=message)


def related_view(related: Related | None) -> dict | None:
    if related is None:
        return None
    return {"kind": related.kind, "id": related.id, "certificate_type": related.certificate_type,
            "status": related.status, "status_label": STATUS_LABELS[related.status],
            "created_at": _iso(related.created_at), "signed_at": _iso(related.signed_at)}


def _delivery(delivery: Delivery) -> dict:
    return {"recipient": delivery.recipient, "recipient_name": RECIPIENTS.get(delivery.recipient),
            "state": delivery.state, "requested_at": _iso(delivery.requested_at),
            "delivered_at": _iso(delivery.delivered_at), "reason": delivery.reason, "by": delivery.by}


def delivery_view(certificate: Certificate) -> dict | None:
    if certificate.delivery is not None:
        return _delivery(certificate.delivery)
    if certificate.sent_to:   # sent before deliveries were kept (the demo's FK7263 certificates)
        return {"recipient": certificate.sent_to, "recipient_name": RECIPIENTS.get(certificate.sent_to),
                "state": "delivered", "requested_at": _iso(certificate.sent_at),
                "delivered_at": _iso(certificate.sent_at), "reason": None, "by": None}
    return None


def revocation_view(certificate: Certificate, cert_type: CertificateType) -> dict | None:
    revoked = certificate.revocation
    if revoked is None:
        return None
    notice = revoked.notice
    return {
        "revoked_at": _iso(revoked.revoked_at), "by": revoked.by, "reason": revoked.reason,
        "reason_label": revocation.REASON_LABELS.get(revoked.reason, revoked.reason), "message": revoked.message,
        "previous_status": revoked.previous_status,
        "recipient_informed": notice.recipient if notice else None,
        "notice": _delivery(notice) if notice else None,
        # §5.10: the instruction is for a DB or DOI that "har skickats digitalt" -- done by its signing;
        # a locked draft never reached Skatteverket or Socialstyrelsen.
        "phone_instruction": (revocation.phone_instruction(cert_type.recipient)
                              if revoked.previous_status in SIGNED_STATUSES else None),
        # §5.10: "Om du väljer att makulera ett ersättande intyg visas en informationsruta om att man
        # bör se över det ersatta intyget."
        "review_replaced": ({"id": certificate.parent_id}
                            if certificate.relation_kind == REPLACE and certificate.parent_id else None),
    }


def _question(question: Question) -> dict[str, Any]:
    return {
        "id": question.id, "label": question.label, "sub_label": question.sub_label,
        "short_label": question.short_label, "type": question.type, "help": question.help,
        "mandatory": question.mandatory.op == "always",
        "max_length": question.max_length, "min": question.min, "max": question.max,
        "options": [{"code": o.code, "label": o.label, "exclusive": o.exclusive} for o in question.options],
        "max_rows": question.max_rows, "code_systems": list(question.code_systems),
        "pattern": question.pattern,
    }


def definition(cert_type: CertificateType) -> dict:
    """The definition that drives the form (docs/ARCHITECTURE.md "Certificates")."""
    return {
        "code": cert_type.code, "name": cert_type.name, "version": cert_type.version,
        "description": cert_type.description, "recipient": cert_type.recipient,
        "recipient_name": cert_type.recipient_name, "creatable": cert_type.creatable,
        "sections": [{"id": s.id, "label": s.label, "help": s.help,
                      "questions": [_question(q) for q in s.questions]} for s in cert_type.sections],
    }


def problem_view(problem: validation.Problem) -> dict:
    return {"question_id": problem.question_id, "field": problem.field, "rule": problem.rule,
            "message": problem.message, "kind": problem.kind}


def sections_view(sections: list[validation.SectionProblems]) -> list[dict]:
    return [{"section_id": s.section_id, "label": s.label, "problems": [problem_view(p) for p in s.problems]}
            for s in sections]
