"""§4.2/§7 "Ej hanterade ärenden": the list for the unit or workplace the user is logged in on (or
a workplace of that unit chosen in the list), with the search filter (QA-4); and the counts
beside the tab (QA-2) and in the header for every care unit of the user (AUTH-6)."""
from __future__ import annotations

from webcert_common import pdl

from ..domain import access, commands, errors, overview
from ..domain.certificate import CertificateRecord
from ..domain.requester import Requester
from . import views
from .steps import MessagingServices, log_access, requester_of


def scope_of(requester: Requester, workplace: str | None) -> str:
    """§7: "Om du är inloggad på en vårdenhet som har flera arbetsplatser kan du välja om du vill
    se ärenden för hela vårdenheten eller för en specifik arbetsplats genom att välja i listan"."""
    if workplace in (None, "", requester.unit_id):
        return requester.unit_id
    if workplace in {id_ for id_, _name in requester.workplaces()}:
        return workplace
    raise errors.unknown_workplace()


def list_unhandled(cmd: commands.ListUnhandled, deps: MessagingServices) -> dict:
    """The list shows FK's and the unit's texts about patients: one PDL "läsa" per patient shown,
    as the certificate service's lists do (none for a record from a v1 event)."""
    requester = requester_of(deps, cmd.session_id)
    errors.require(requester.decision(access.MESSAGING))
    scope = scope_of(requester, cmd.workplace)
    search = overview.Filter(sender=cmd.sender, forwarded=cmd.forwarded, subject=cmd.subject)
    with deps.uow() as uow:
        around = uow.questions.around_unhandled(scope)
        records = uow.records.of(q.certificate_id for q in around)
        for question in around:   # a question always has its certificate's record; never fail the list on one
            records.setdefault(question.certificate_id,
                               CertificateRecord(question.certificate_id, "", question.unit_id, question.care_unit_id))
        listed = [q for q in overview.unhandled(around, scope, search)
                  if cmd.signed_by is None or records[q.certificate_id].signed_by == cmd.signed_by]
        for patient_id in sorted({records[q.certificate_id].patient_id or "" for q in listed} - {""}):
            log_access(uow, deps, requester, patient_id, pdl.READ, None)
        uow.commit()
    filters = {"workplace": cmd.workplace or None, "subject": cmd.subject, "sender": cmd.sender,
               "forwarded": cmd.forwarded, "signed_by": cmd.signed_by}
    return views.unhandled_list(scope, listed, records, requester, around, filters=filters)


def count_unhandled(cmd: commands.CountUnhandled, deps: MessagingServices) -> dict:
    """QA-2 "Intill fliken Ej hanterade ärenden visas antalet ej hanterade ärenden för den
    vårdenhet eller arbetsplats som du är inloggad på" (``current``); AUTH-6 "Om du har
    medarbetaruppdrag på flera vårdenheter visas antalet ej hanterade ärenden för de andra
    vårdenheterna i sidhuvudet" (``units``: each care unit with its workplaces)."""
    requester = requester_of(deps, cmd.session_id)
    errors.require(requester.decision(access.MESSAGING))
    units = [a.unit_id for a in requester.assignments]
    with deps.uow() as uow:
        questions = uow.questions.unhandled_of_care_units([*units, requester.care_unit_id])
    by_care_unit = overview.counts_by_care_unit(questions)
    return {"current": overview.unhandled_count(questions, requester.unit_id),
            "units": [{"unit_id": unit_id, "count": by_care_unit.get(unit_id, 0)} for unit_id in units]}
