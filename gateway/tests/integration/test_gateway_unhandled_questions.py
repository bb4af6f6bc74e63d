"""The tab "Ej hanterade ärenden" (§4.2, §7 "Se lista över ärendekommunikation") through the real
stack: the list of the unit or workplace logged in on, its count beside the tab (QA-2), the
choice of workplace, the search filter and "Öppna". Forwarding and the header are in
test_gateway_unhandled_questions_forwarding.py and test_gateway_unhandled_questions_header.py."""
from __future__ import annotations

import re

from certificate_stack import ALFA_VARDCENTRAL, TOLVAN, page_text
from unhandled_questions_stack import TAB, fk_question_on, listed, tab_count, unit_asks

WORKPLACE_NORR = "TSTNMT2321000156-VE11-M1"
WORKPLACE_SODER = "TSTNMT2321000156-VE11-M2"
NONE_AT_ALL = "Det finns inga ej hanterade ärenden."


def test_the_unit_sees_its_unhandled_questions_with_the_action_each_needs(stack):
    client = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    contact_certificate, contact = fk_question_on(stack, client, "KONTAKT")
    complement_certificate, complement = fk_question_on(stack, client, "KOMPLETTERING",
                                                     references={"1": "Förtydliga diagnosen."})
    response = client.get(TAB)
    body = page_text(response)
    assert response.status_code == 200
    assert listed(body) == [complement, contact]          # newest first
    assert tab_count(body) == "2"
    assert "2 ej hanterade ärenden." in body
    assert re.search(rf'data-testid="action-{contact}">Svara</td>', body)
    assert re.search(rf'data-testid="action-{complement}">Komplettera</td>', body)
    assert re.search(rf'data-testid="subject-{complement}">Komplettering</td>', body)
    assert re.search(rf'data-testid="sender-{contact}">Försäkringskassan</td>', body)
    # "Öppna": the certificate, with the question beside it.
    assert f'href="/intyg/{contact_certificate}?arende={contact}#arende-{contact}"' in body
    opened = client.get(f"/intyg/{contact_certificate}?arende={contact}")
    assert opened.status_code == 200
    assert f'id="arende-{contact}"' in page_text(opened)        # the panel beside the certificate holds it
    assert f'href="/intyg/{complement_certificate}?arende={complement}#arende-{complement}"' in body


def test_every_column_explains_itself(stack):
    client = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    unit_asks(stack, client)
    body = page_text(client.get(TAB))
    assert 'title="Vad som behöver göras för att ärendet ska räknas som hanterat."' in body
    for key, label in (("action", "Åtgärd"), ("sender", "Avsändare"), ("subject", "Ämne"), ("sent", "Skickat"),
                       ("forwarded", "Vidarebefordrad")):
        header = re.search(rf'<th scope="col" title="([^"]+)" data-testid="column-{key}">\s*'
                           rf'<span class="wc-colhelp" tabindex="0" aria-describedby="column-{key}-description">'
                           rf'{label}</span>\s*<span class="wc-colhelp__tip" role="tooltip" '
                           rf'id="column-{key}-description">([^<]+)</span>', body)
        assert header, label
        assert header.group(1) == header.group(2)


def test_a_unit_without_questions_says_so_and_counts_zero(stack):
    client = stack.login("karin", unit_id=ALFA_VARDCENTRAL)
    body = page_text(client.get(TAB))
    assert NONE_AT_ALL in body
    assert listed(body) == []
    assert tab_count(body) == "0"


def test_a_care_unit_chooses_the_whole_unit_or_one_workplace(stack):
    on_norr = stack.login("ingrid", unit_id=WORKPLACE_NORR)
    _, asked_on_norr = unit_asks(stack, on_norr)
    on_unit = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    _, asked_on_unit = unit_asks(stack, on_unit)

    whole = page_text(on_unit.get(TAB))
    assert set(listed(whole)) == {asked_on_norr, asked_on_unit}
    assert tab_count(whole) == "2"
    select = whole.split('id="filter-workplace"', 1)[1].split("</select>", 1)[0]
    assert f'value="{WORKPLACE_NORR}"' in select and f'value="{WORKPLACE_SODER}"' in select
    assert '<option value="">Hela vårdenheten (Alfa Vårdcentral)</option>' in select

    norr = page_text(on_unit.get(f"{TAB}?workplace={WORKPLACE_NORR}"))
    assert listed(norr) == [asked_on_norr]
    assert f'<option value="{WORKPLACE_NORR}" selected>' in norr
    assert tab_count(norr) == "2"                 # the tab counts the unit logged in on
    soder = page_text(on_unit.get(f"{TAB}?workplace={WORKPLACE_SODER}"))
    assert listed(soder) == []
    assert "Det finns inga ej hanterade ärenden som matchar sökfiltret." in soder

    # Another unit's HSA id is not a workplace to choose: the service's words, over the whole unit's list.
    foreign = on_unit.get(f"{TAB}?workplace=TSTNMT2321000156-VE12")
    assert 400 <= foreign.status_code < 500
    assert 'data-testid="unhandled-message"' in page_text(foreign)
    assert set(listed(page_text(foreign))) == {asked_on_norr, asked_on_unit}

    # Logged in on the workplace: its own questions only, and nothing to choose.
    workplace = page_text(on_norr.get(TAB))
    assert listed(workplace) == [asked_on_norr]
    assert tab_count(workplace) == "1"
    assert 'id="filter-workplace"' not in workplace


def test_the_search_filter_narrows_the_list_by_sender_and_subject(stack):
    client = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    certificate_id, contact = fk_question_on(stack, client, "KONTAKT")
    _, meeting = fk_question_on(stack, client, "AVSTAMNINGSMOTE")
    asked = stack.messaging.ask(stack.session_id(client), certificate_id, "OVRIGT", "Vi undrar en sak.")
    ours = next(q["id"] for q in asked["questions"] if q["sender"] == "unit")

    assert set(listed(page_text(client.get(TAB)))) == {contact, meeting, ours}
    from_unit = page_text(client.get(f"{TAB}?sender=unit"))
    assert listed(from_unit) == [ours]
    assert re.search(rf'data-testid="action-{ours}">Invänta svar från Försäkringskassan</td>', from_unit)
    assert re.search(rf'data-testid="sender-{ours}">Vårdenheten</td>', from_unit)
    assert '<option value="unit" selected>Vårdenheten</option>' in from_unit
    assert "1 ej hanterat ärende matchar sökfiltret." in from_unit
    assert set(listed(page_text(client.get(f"{TAB}?sender=fk")))) == {contact, meeting}
    by_subject = page_text(client.get(f"{TAB}?subject=AVSTAMNINGSMOTE"))
    assert listed(by_subject) == [meeting]
    assert '<option value="AVSTAMNINGSMOTE" selected>Avstämningsmöte</option>' in by_subject
    # A value the form never offers is left out, not refused: the whole list.
    assert set(listed(page_text(client.get(f"{TAB}?subject=NONSENSE&sender=x")))) == {contact, meeting, ours}


def test_no_personnummer_anywhere_on_the_page_or_in_its_urls(stack):
    client = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    unit_asks(stack, client)
    body = page_text(client.get(f"{TAB}?sender=unit&forwarded=false"))
    urls = re.findall(r'(?:href|action|data-wc-mailto|data-wc-forward-action)="([^"]*)"', body)
    assert urls
    # ÅÅÅÅMMDD-NNNN, ÅÅMMDD-NNNN, or 12 digits, not inside a longer word (an HSA id, a uuid).
    number = re.compile(r"(?<!\w)(?:(?:19|20)?\d{6}[-+]\d{4}|(?:19|20)\d{10})(?!\w)")
    assert [url for url in urls if number.search(url) or "19121212" in url] == []
    assert TOLVAN not in body and TOLVAN.replace("-", "") not in body
    assert "Tolvansson" not in body
