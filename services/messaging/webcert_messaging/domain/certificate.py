"""What the messaging service knows of a certificate: only what the certificate service's events
tell it (``certificate.signed``, ``certificate.sent``, ``certificate.delivered``,
``certificate.revoked``, and the complement and renewal drafts and signings), never asked for
(issue 7: "it learns that from certificate.* events, not by asking")."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from webcert_common.decision import ALLOWED, Decision

# What a new certificate came from (certificate.signed v2, certificate.draft_created): the kinds
# that concern the original's questions or its state here.
COMPLEMENT, RENEW, REPLACE = "COMPLEMENT", "RENEW", "REPLACE"

# §7 "Avklarad kompletteringsbegäran": shown on the original, with a link to the new certificate.
COMPLEMENTED_TEXT = "Kompletteringsbegäran besvarades med ett nytt intyg"

NOT_SENT_TO_FK = Decision(False, "NOT_SENT_TO_FK", "Ärendekommunikation kan bara ske om intyg som har "
                          "signerats och skickats till Försäkringskassan.")
IS_REVOKED = Decision(False, "REVOKED", "Intyget är makulerat.")
IS_REPLACED = Decision(False, "REPLACED", "Intyget har ersatts av ett annat intyg och kan inte kompletteras.")
IS_COMPLEMENTED = Decision(False, "ALREADY_COMPLEMENTED", "Intyget har redan kompletterats med ett nytt intyg "
                           "och kan inte kompletteras en gång till.")


@dataclass(frozen=True)
class CertificateRecord:
    id: str
    certificate_type: str
    unit_id: str
    care_unit_id: str
    care_provider_id: str = ""
    sent_to_fk: bool = False             # QA-1: "signerats och skickats till Försäkringskassan"
    revoked: bool = False                # §5.10
    replaced: bool = False               # §5.8: a signed replacement exists
    complemented_by: str | None = None   # the signed certificate that answered its complement requests
    complement_draft_id: str | None = None   # an unsigned complement draft ("Öppna utkastet", Figur 32)
    signed_at: datetime | None = None    # when the events said so (kept for the record, not for the rules)
    sent_to_fk_at: datetime | None = None
    revoked_at: datetime | None = None
    patient_id: str | None = None        # certificate.signed v2: PU-3/PU-4 and PDL; None from a v1 event
    signed_by: str | None = None         # the signer's HSA id (the list's filter "signerat av")

    def messaging_state(self) -> Decision:
        """QA-1: "När ett intyg har signerats och skickats till Försäkringskassan kan
        ärendekommunikation initieras"; §5.10: a revoked certificate's questions are all handled."""
        if self.revoked:
            return IS_REVOKED
        if not self.sent_to_fk:
            return NOT_SENT_TO_FK
        return ALLOWED

    def complement_state(self) -> Decision:
        """§7 "Avklarad kompletteringsbegäran": "Om ett intyg kompletterats med ett nytt intyg kan
        samma intyg inte kompletteras en gång till"; §5.8: a replaced certificate "kommer endast gå
        att läsa och skriva ut"."""
        state = self.messaging_state()
        if not state.allowed:
            return state
        if self.complemented_by is not None:
            return IS_COMPLEMENTED
        if self.replaced:
            return IS_REPLACED
        return ALLOWED

    def complemented(self, new_certificate_id: str) -> "CertificateRecord":
        """The complementing certificate was signed and sent: the original shows
        COMPLEMENTED_TEXT with the link, and its draft is no longer the one to open."""
        return replace(self, complemented_by=new_certificate_id, complement_draft_id=None)

    def complement_draft_created(self, draft_id: str) -> "CertificateRecord":
        """§7 "Fortsätt på intygsutkast för kompletteringsbegäran": "Öppna utkastet". A draft whose
        signing was heard of first (a retried event) is no longer open."""
        if self.complemented_by == draft_id:
            return self
        return replace(self, complement_draft_id=draft_id)

    def complement_draft_deleted(self, draft_id: str) -> "CertificateRecord":
        """§7: "Om ett utkast som skapats för att komplettera ett intyg raderas, före signering, går
        det att senare ånyo skapa ett nytt kompletterande intyg" -- only that draft is forgotten."""
        return replace(self, complement_draft_id=None) if self.complement_draft_id == draft_id else self
