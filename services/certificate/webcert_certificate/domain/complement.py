"""§7 "Svara på kompletteringsbegäran": what the new draft that answers FK's request holds.

Scenario A ("Komplettera intyg"): "En kopia av intyget skapas som ett nytt intygsutkast" -- all of it.
Scenario B ("Kan ej komplettera – Ingen ytterligare medicinsk information kan anges"): "När du skickar
svaret skapas en kopia av intyget med din kommentar i fältet "Övriga upplysningar"" -- the type's
``complement_comment_question``. What the certificate already said there is kept, the comment after
it: a copy must not lose what was signed."""
from __future__ import annotations

from .certificate_type import CertificateType
from .errors import CertificateRefusal

SEPARATOR = "\n\n"


def complement_content(cert_type: CertificateType, content: dict, comment: str | None) -> dict:
    """The draft's content; a comment that is blank, or that would not fit the question, is refused."""
    copied = dict(content)
    if comment is None:
        return copied
    text = comment.strip()
    if not text:
        raise CertificateRefusal("COMMENT_REQUIRED", "Skriv varför ingen ytterligare medicinsk information kan "
                                 "anges.", 422)
    question = cert_type.question(cert_type.complement_comment_question or "")
    if question is None:     # access.decide refuses first; kept so that no comment is ever dropped silently
        raise CertificateRefusal("NOT_APPLICABLE", "Funktionen finns inte för den här intygstypen.", 400)
    earlier = (copied.get(question.id) or "").strip() if isinstance(copied.get(question.id), str) else ""
    combined = f"{earlier}{SEPARATOR}{text}" if earlier else text
    # a complement draft is allowed the longer text (the form's limit "vid komplettering")
    limit = question.max_length_complement or question.max_length
    if limit and len(combined) > limit:
        room = max(limit - len(earlier) - (len(SEPARATOR) if earlier else 0), 0)
        raise CertificateRefusal("COMMENT_TOO_LONG", f"Kommentaren är för lång. {question.name} får innehålla "
                                 f"högst {limit} tecken; det finns plats för {room} tecken till.", 422,
                                 max_length=room)
    copied[question.id] = combined
    return copied
