"""§5.8 "Förnya intyg" (CERT-11): what a renewal carries over, and what it tells the user about
the period of the certificate it renews."""
from __future__ import annotations

from datetime import date

from .certificate_type import CertificateType


def renewed_content(cert_type: CertificateType, content: dict) -> dict:
    """"Vid förnyelse följer all information med från det ursprungliga intyget, undantaget" the
    type's ``renew_leaves_out``."""
    left_out = set(cert_type.renew_leaves_out)
    return {key: value for key, value in content.items() if key not in left_out}


def renewal_info(cert_type: CertificateType, original_content: dict) -> dict | None:
    """§5.8: "du informeras om vilken sjukskrivningsgrad och vilket slutdatum som gällde för
    sjukskrivningsperioden i det ursprungliga intyget. Informationsmeddelande visas ovanför fält
    för sjukskrivningsperiod och grad." The period that ends last is the one that applied."""
    for question_id in cert_type.renew_leaves_out:
        question = cert_type.question(question_id)
        if question is None or question.type != "sick_leave_periods":
            continue
        last = _last_period(original_content.get(question_id))
        if last is None:
            return None
        grade, end = last
        option = question.option(grade)
        label = option.label if option else grade
        return {"question_id": question_id,
                "message": f"I det tidigare intyget var arbetsförmågan nedsatt med {label} "
                           f"till och med {end.isoformat()}."}
    return None


def _last_period(periods) -> tuple[str, date] | None:
    found: list[tuple[date, str]] = []
    for grade, period in (periods or {}).items() if isinstance(periods, dict) else ():
        try:
            found.append((date.fromisoformat(period["to"]), grade))
        except (TypeError, KeyError, ValueError):
            continue
    if not found:
        return None
    end, grade = max(found)
    return grade, end
