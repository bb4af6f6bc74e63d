"""The certificate service's refusals: a stable reason, a Swedish message, an HTTP status, and
what the caller needs to act on it (``details`` per field, the ``holder`` of priority, the
``sections`` that lack information). The service's HTTP layer renders them as
``{"error": {"reason", "message", ...extra}}``."""
from __future__ import annotations

from typing import Any

from webcert_common.errors import DomainError


class CertificateRefusal(DomainError):
    def __init__(self, reason: str, message: str, http_status: int, **extra: Any) -> None:
        super().__init__(reason, message, http_status)
        self.extra = extra


def not_found() -> CertificateRefusal:
    return CertificateRefusal("CERTIFICATE_NOT_FOUND", "Intyget finns inte.", 404)


def other_unit() -> CertificateRefusal:
    # §4.2: a unit's certificates are reached from that unit (or its care unit), nowhere else.
    return CertificateRefusal("OTHER_UNIT", "Intyget är utfärdat på en annan vårdenhet. Byt till den vårdenheten "
                              "för att öppna det.", 403)


def not_a_draft() -> CertificateRefusal:
    # §5.1: "Då intyget är signerat är det inte längre möjligt att göra några ändringar i det och det
    # går inte heller att radera."
    return CertificateRefusal("NOT_A_DRAFT", "Intyget är signerat och kan inte ändras eller raderas.", 409)


def draft_locked() -> CertificateRefusal:
    # §5.1: "Efter låsningen går det inte längre att redigera eller radera utkastet."
    return CertificateRefusal("DRAFT_LOCKED", "Utkastet är låst eftersom det inte signerades inom fjorton dagar. "
                              "Det kan inte längre ändras eller raderas, men det kan kopieras.", 409)


def not_locked() -> CertificateRefusal:
    return CertificateRefusal("NOT_LOCKED", "Bara ett låst utkast kan kopieras.", 409)


def stale_version(current: int) -> CertificateRefusal:
    return CertificateRefusal("STALE_VERSION", "Utkastet har ändrats sedan du öppnade det. Ladda om sidan för att "
                              "se den senaste versionen.", 409, version=current)


def edited_by_other(holder_name: str, holder_id: str) -> CertificateRefusal:
    # §5.2 "Samtidig redigering": the one who opened the draft last has priority; the other is told who.
    return CertificateRefusal("EDITED_BY_OTHER", f"Utkastet har öppnats av {holder_name}, som nu har förtur att "
                              "färdigställa det. Dina senaste ändringar har inte sparats.", 409,
                              holder=holder_name, holder_id=holder_id)


def invalid_content(details: list[dict]) -> CertificateRefusal:
    return CertificateRefusal("INVALID_CONTENT", "Utkastet innehåller uppgifter som inte kan sparas. Rätta de "
                              "markerade fälten.", 422, details=details)


def incomplete(sections: list[dict]) -> CertificateRefusal:
    # §6.12: "visas en lista över obligatoriska fält som saknar information".
    return CertificateRefusal("INCOMPLETE", "Utkastet saknar uppgifter i följande avsnitt:", 422, sections=sections)


def not_signed() -> CertificateRefusal:
    return CertificateRefusal("NOT_SIGNED", "Intyget är inte signerat.", 409)


def unknown_type(code: str) -> CertificateRefusal:
    return CertificateRefusal("UNKNOWN_CERTIFICATE_TYPE", f"Intygstypen {code} finns inte.", 404)


def type_not_creatable(name: str) -> CertificateRefusal:
    # Tabell 2: FK7263 is shown and printed only.
    return CertificateRefusal("CERTIFICATE_TYPE_NOT_CREATABLE", f"{name} kan inte längre utfärdas i Webcert. "
                              "Befintliga intyg kan visas och skrivas ut.", 403)


def unit_not_chosen() -> CertificateRefusal:
    return CertificateRefusal("UNIT_NOT_CHOSEN", "Välj vårdenhet innan du hanterar intyg.", 403)


def refused(reason: str, message: str | None, status: int = 403) -> CertificateRefusal:
    """A refusal decided elsewhere (auth's privileges, pu-lookup's PU-2/PU-4 rule table)."""
    return CertificateRefusal(reason, message or "Du har inte behörighet att göra detta.", status)


def session_ended(reason: str, message: str) -> CertificateRefusal:
    return CertificateRefusal(reason, message, 401)


def pu_unavailable() -> CertificateRefusal:
    # PU-3: without the population register nothing about a patient is done.
    return CertificateRefusal("PU_UNAVAILABLE", "Personuppgiftstjänsten är inte tillgänglig. Webcert är låst tills "
                              "den fungerar igen.", 503)


def dependency_unavailable(name: str) -> CertificateRefusal:
    return CertificateRefusal("DEPENDENCY_UNAVAILABLE", f"{name} svarar inte just nu. Försök igen om en stund.", 503)
