"""One plain function per command, looked up in HANDLERS (STYLE.md habit 3). The handlers live
by subject -- catalogue (types, favourites, diagnoses), drafts, reading (one certificate, the
lists), signing, lifecycle (locking, copying, prefill), sending (and the recipients' receipts), successors
(renew, replace, complement), revoking -- and all begin as steps.py says: who
asks, whether the user reaches the certificate, the domain's rule, and only then a change,
committed with its PDL entry and events in one transaction."""
from __future__ import annotations

from typing import Callable

from ..domain import commands
from . import catalogue, drafts, lifecycle, printing, reading, revoking, sending, signing, successors
from .steps import CertificateServices

__all__ = ["CertificateServices", "HANDLERS", "handle"]

HANDLERS: dict[type, Callable] = {
    commands.ListTypes: catalogue.list_types,
    commands.GetDefinition: catalogue.get_definition,
    commands.GetContentSchema: catalogue.get_content_schema,
    commands.SetFavourite: catalogue.set_favourite,
    commands.SearchDiagnoses: catalogue.search_diagnoses,
    commands.CreateDraft: drafts.create_draft,
    commands.StartEditing: drafts.start_editing,
    commands.GetEditingStatus: drafts.editing_status,
    commands.SaveDraft: drafts.save_draft,
    commands.ShowMissing: drafts.show_missing,
    commands.SetForwarded: drafts.set_forwarded,
    commands.DeleteDraft: drafts.delete_draft,
    commands.GetCertificate: reading.get_certificate,
    commands.ListForPatient: reading.list_for_patient,
    commands.ListDrafts: reading.list_drafts,
    commands.ListSigned: reading.list_signed,
    commands.SignCertificate: signing.sign_certificate,
    commands.VerifySignature: signing.verify,
    commands.LockDueDrafts: lifecycle.lock_due_drafts,
    commands.CopyLockedDraft: lifecycle.copy_locked_draft,
    commands.DeriveCertificate: lifecycle.derive_certificate,
    commands.SendCertificate: sending.send_certificate,
    commands.RecordReceipt: sending.record_receipt,
    commands.RecordDeliveryFailure: sending.record_failure,
    commands.RenewCertificate: successors.renew_certificate,
    commands.ReplaceCertificate: successors.replace_certificate,
    commands.ComplementCertificate: successors.complement_certificate,
    commands.RevokeCertificate: revoking.revoke_certificate,
    commands.PrintCertificate: printing.print_certificate,
}


def handle(cmd, deps: CertificateServices):
    return HANDLERS[type(cmd)](cmd, deps)
