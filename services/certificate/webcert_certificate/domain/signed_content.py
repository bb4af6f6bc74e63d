"""What a draft's content becomes when it is signed (§5.1): answers to questions the form hides
are dropped, and Webcert's helper fields -- texts that are no question of the official form,
such as FK7804 1.2 "Motivering till varför det medicinska underlaget inte baseras på en
undersökning av patienten" -- are moved into "Övriga upplysningar" (question 25), as their help
texts promise the user."""
from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from .certificate_type import CertificateType
from .validation import strip_hidden

OTHER_INFORMATION = "25"


def signed_content(cert_type: CertificateType, content: Mapping[str, Any], today: date) -> dict:
    kept = strip_hidden(cert_type, content, today)
    helpers = [q for q in cert_type.questions() if q.helper and isinstance(kept.get(q.id), str) and kept[q.id].strip()]
    if not helpers or cert_type.question(OTHER_INFORMATION) is None:
        return {k: v for k, v in kept.items() if not _is_helper(cert_type, k)}
    parts = [kept[OTHER_INFORMATION].strip()] if (kept.get(OTHER_INFORMATION) or "").strip() else []
    parts += [f"{q.name}: {kept[q.id].strip()}" for q in helpers]
    moved = {k: v for k, v in kept.items() if not _is_helper(cert_type, k)}
    moved[OTHER_INFORMATION] = "\n\n".join(parts)
    return moved


def _is_helper(cert_type: CertificateType, question_id: str) -> bool:
    question = cert_type.question(question_id)
    return question is not None and question.helper
