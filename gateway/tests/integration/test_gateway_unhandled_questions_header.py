"""The counts of §7 through the real stack: "Intill fliken Ej hanterade ärenden visas antalet ej
hanterade ärenden för den vårdenhet eller arbetsplats som du är inloggad på" (QA-2) and "Om du har
medarbetaruppdrag på flera vårdenheter visas antalet ej hanterade ärenden för de andra
vårdenheterna i sidhuvudet" (AUTH-6). Without the messaging service every page still works, with
no number; while PU is unavailable the tab is locked (PU-3)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from certificate_stack import ALFA_AKUT, ALFA_VARDCENTRAL, csrf_token, page_text
from webcert_common.bus import contracts, make_event
from webcert_common.service_client import ServiceUnavailable
from webcert_gateway import pu_state

from unhandled_questions_stack import TAB, tab_count, unit_asks
WORKPLACE_NORR = "TSTNMT2321000156-VE11-M1"


def header_other_units(body: str) -> tuple[str, str] | None:
    """(the total, the per-unit title) of the header's other-units count, or None."""
    found = re.search(r'data-testid="other-units-unhandled"\s+title="([^"]*)">\s*Ej hanterade ärenden på andra '
                      r'vårdenheter: <strong data-testid="other-units-unhandled-total">(\d+)</strong>', body)
    return (found.group(2), found.group(1)) if found else None


class MessagingDown:
    """The messaging service not answering (connection refused), behind the gateway's client."""

    def request(self, method, path, **_kwargs):
        raise ServiceUnavailable(f"{method} {path}: connection refused")


def test_the_other_units_count_is_in_the_header_and_the_own_beside_the_tab(stack):
    on_vardcentral = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    unit_asks(stack, on_vardcentral)
    unit_asks(stack, on_vardcentral)
    on_akut = stack.login("ingrid", unit_id=ALFA_AKUT)

    akut = page_text(on_akut.get("/sok-skriv-intyg"))
    assert header_other_units(akut) == ("2", "Alfa Vårdcentral: 2")
    assert tab_count(akut) == "0"
    assert on_akut.get("/api/session").get_json()["other_units_unhandled"] == 2

    vardcentral = page_text(on_vardcentral.get("/signerade-intyg"))
    assert header_other_units(vardcentral) == ("0", "Alfa Akutmottagning: 0")
    assert tab_count(vardcentral) == "2"
    assert on_vardcentral.get("/api/session").get_json()["other_units_unhandled"] == 0


def test_on_a_workplace_the_tab_counts_the_workplace_and_its_own_care_unit_is_not_another(stack):
    on_vardcentral = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    unit_asks(stack, on_vardcentral)
    on_norr = stack.login("ingrid", unit_id=WORKPLACE_NORR)
    unit_asks(stack, on_norr)
    norr = page_text(on_norr.get(TAB))
    assert tab_count(norr) == "1"
    assert header_other_units(norr) == ("0", "Alfa Akutmottagning: 0")
    assert tab_count(page_text(on_vardcentral.get(TAB))) == "2"


def test_a_user_with_one_unit_has_the_tab_count_but_no_header_count(stack):
    client = stack.login("olle")
    unit_asks(stack, client)
    body = page_text(client.get("/sok-skriv-intyg"))
    assert tab_count(body) == "1"
    assert 'data-testid="other-units-unhandled"' not in body
    assert client.get("/api/session").get_json()["other_units_unhandled"] is None


def test_without_the_messaging_service_pages_work_without_numbers(stack):
    client = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    stack.gateway.extensions["webcert_messaging"]._service = MessagingDown()
    tab = client.get(TAB)
    assert tab.status_code == 503
    assert "Ärendetjänsten svarar inte just nu." in page_text(tab)
    for path in ("/sok-skriv-intyg", "/ej-signerade-utkast", "/signerade-intyg", "/om-webcert"):
        other = client.get(path)
        assert other.status_code == 200, path
        assert tab_count(page_text(other)) is None and header_other_units(page_text(other)) is None
    session = client.get("/api/session")
    assert session.status_code == 200
    assert session.get_json()["other_units_unhandled"] is None and session.get_json()["user"]["name"] == "Ingrid Holm"


def test_while_pu_is_unavailable_the_tab_and_forwarding_are_locked(stack):
    client = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    _, question_id = unit_asks(stack, client)
    token = csrf_token(client, TAB)
    event = make_event(contracts.PU_UNAVAILABLE, {"changed_at": datetime.now(timezone.utc).isoformat()}, "pu-lookup")
    with stack.gateway.extensions["webcert_engine"].begin() as conn:
        pu_state.record_event(event, conn)
    locked = client.get(TAB)
    assert locked.status_code == 503
    assert "All hantering av intyg och ärendekommunikation i Webcert är låst" in page_text(locked)
    assert client.post(f"{TAB}/{question_id}/vidarebefordrad", data={"csrf_token": token}).status_code == 503
