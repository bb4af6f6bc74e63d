"""Prefill (CERT-15, §6.13 "Förifyllnad av intygsutkast") through the gateway over the real services
(certificate_stack.py): "Skapa AG7804" on a signed FK7804, with the question whether the patient
wishes to convey the diagnoses, and "Skapa dödsorsaksintyg" on a signed DB."""
from __future__ import annotations

import re

from certificate_stack import page_text
from test_gateway_certificate_form_support import answer_fields, open_page, read_form
from webcert_gateway.certificate_form_content import content_from_fields

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _signed_page(stack, client, certificate_type: str) -> tuple[dict, str]:
    draft = stack.create_draft(client, certificate_type)
    stack.sign_draft(client, draft)
    answer = client.get(f"/intyg/{draft['id']}")
    assert answer.status_code == 200, page_text(answer)[:2000]
    return draft, page_text(answer)


def _token(html: str) -> str:
    return _CSRF.search(html).group(1)


def _form_content(stack, client, location: str, certificate_type: str) -> tuple[str, dict]:
    """The new draft's page and what its form holds, read as the browser would send it."""
    certificate_id = location.rstrip("/").rsplit("/", 1)[-1]
    html, state = open_page(client, certificate_id)
    assert state is not None, "the new draft opens as a form"
    definition = stack.certificates.definition(stack.session_id(client), certificate_type)
    content, _ = content_from_fields(definition, answer_fields(read_form(html).pairs))
    return html, content


def _codes(content: dict) -> list[str]:
    return [row.get("code") for row in content.get("6") or [] if isinstance(row, dict)]


def test_a_signed_fk7804_offers_skapa_ag7804_with_the_question(stack):
    client = stack.login("ingrid")
    fk7804, page = _signed_page(stack, client, "FK7804")
    assert 'data-testid="create-ag7804-button"' in page and "Skapa AG7804" in page
    for testid in ("ag7804-dialog", "ag7804-convey-yes", "ag7804-convey-no", "ag7804-cancel"):
        assert f'data-testid="{testid}"' in page
    assert "Önskar patienten förmedla information om diagnos/diagnoser till sin arbetsgivare?" in page
    assert "innan du skapar AG7804" in page
    assert "js/certificate-form.js" in page
    assert 'data-testid="create-doi-button"' not in page
    # Without script the button is a link to the same question on its own page.
    box = client.get(f"/intyg/{fk7804['id']}/skapa-ag7804")
    assert box.status_code == 200 and 'data-testid="ag7804-convey-yes"' in page_text(box)


def test_skapa_ag7804_with_ja_conveys_the_diagnoses(stack):
    client = stack.login("ingrid")
    fk7804, page = _signed_page(stack, client, "FK7804")
    created = client.post(f"/intyg/{fk7804['id']}/skapa-ag7804",
                          data={"csrf_token": _token(page), "convey_diagnoses": "ja"})
    assert created.status_code == 302, page_text(created)[:2000]
    assert f"/intyg/{fk7804['id']}" not in created.headers["Location"]
    html, content = _form_content(stack, client, created.headers["Location"], "AG7804")
    assert "J20" in _codes(content)
    assert content.get("100") is True


def test_skapa_ag7804_with_nej_leaves_the_diagnoses_behind(stack):
    client = stack.login("ingrid")
    fk7804, page = _signed_page(stack, client, "FK7804")
    created = client.post(f"/intyg/{fk7804['id']}/skapa-ag7804",
                          data={"csrf_token": _token(page), "convey_diagnoses": "nej"})
    assert created.status_code == 302, page_text(created)[:2000]
    html, content = _form_content(stack, client, created.headers["Location"], "AG7804")
    assert _codes(content) == [] and "J20" not in html
    assert content.get("100") is False


def test_skapa_ag7804_without_an_answer_is_refused(stack):
    client = stack.login("ingrid")
    fk7804, page = _signed_page(stack, client, "FK7804")
    answer = client.post(f"/intyg/{fk7804['id']}/skapa-ag7804", data={"csrf_token": _token(page)})
    assert answer.status_code == 400
    assert "förmedla diagnosen" in page_text(answer)


def test_a_signed_db_offers_skapa_dodsorsaksintyg_which_prefills_a_doi(stack):
    client = stack.login("ingrid")
    db, page = _signed_page(stack, client, "DB")
    assert 'data-testid="create-doi-button"' in page and "Skapa dödsorsaksintyg" in page
    assert 'data-testid="create-ag7804-button"' not in page
    created = client.post(f"/intyg/{db['id']}/skapa-doi", data={"csrf_token": _token(page)})
    assert created.status_code == 302, page_text(created)[:2000]
    html, content = _form_content(stack, client, created.headers["Location"], "DOI")
    assert 'data-testid="certificate-form"' in html
    assert content.get("3.1") == "Stockholm"


def test_a_draft_fk7804_has_no_skapa_ag7804(stack):
    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804")
    page = page_text(client.get(f"/intyg/{draft['id']}"))
    assert 'data-testid="create-ag7804-button"' not in page and 'data-testid="ag7804-dialog"' not in page
    assert client.get(f"/intyg/{draft['id']}/skapa-ag7804").status_code == 409
    token = _token(page)
    assert client.post(f"/intyg/{draft['id']}/skapa-ag7804",
                       data={"csrf_token": token, "convey_diagnoses": "ja"}).status_code in (403, 409)
