"""The certificate page (/intyg/<id>) through the gateway over the real services
(certificate_stack.py): the form of every type, the saved answers read back from it, signing
and the signed view (CERT-3, CERT-5, CERT-16, DS-1, §6.12)."""
from __future__ import annotations

import re

import pytest

from certificate_stack import TOLVAN, page_text
from test_gateway_certificate_form_support import (
    answer_fields, autosave, form_fields, open_page, read_form, today, without_false_checkboxes,
)
from webcert_certificate.examples import example_content
from webcert_gateway.certificate_form_content import content_from_fields

CREATABLE = ["FK7800", "FK7801", "FK7802", "FK7804", "TSTRK1007", "TSTRK1031", "AG1-14", "AG7804", "DB", "DOI"]
FIELD_TYPES = {"boolean", "yes_no", "text", "textarea", "date", "approximate_date", "year", "integer", "decimal",
               "single_choice", "multiple_choice", "dated_choices", "diagnoses", "sick_leave_periods",
               "date_range", "supporting_documents", "causes_of_death", "info"}
# What each field type puts on the page, at least (the control a user meets).
CONTROL = {
    "boolean": 'type="checkbox" id="{d}" name="q[{q}]" value="true"',
    "yes_no": 'type="radio" id="{d}-true" name="q[{q}]" value="true"',
    "text": 'type="text" id="{d}" name="q[{q}]"',
    "textarea": '<textarea class="ds-input wc-textarea" id="{d}" name="q[{q}]"',
    "date": 'type="date" id="{d}" name="q[{q}]"',
    "approximate_date": 'placeholder="ÅÅÅÅ-MM"',
    "year": 'inputmode="numeric" id="{d}" name="q[{q}]"',
    "integer": 'inputmode="numeric" id="{d}" name="q[{q}]"',
    "decimal": 'inputmode="decimal" id="{d}" name="q[{q}]"',
    "single_choice": 'type="radio" id="{d}-',
    "multiple_choice": 'type="checkbox" id="{d}-',
    "dated_choices": 'name="q[{q}][',
    "diagnoses": 'data-testid="diagnosis-heading-{q}">Diagnoskod enligt ICD-10-SE<',
    "sick_leave_periods": '[from]"',
    "date_range": 'name="q[{q}][from]"',
    "supporting_documents": 'name="q[{q}][1][type]"',
    "causes_of_death": 'name="q[{q}][1][description]"',
    "info": 'data-testid="info-{q}"',
}


def dom(question_id: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "_", question_id)


def question_block(html: str, question_id: str) -> str:
    start = html.index(f'data-testid="question-{question_id}"')
    end = html.find('data-testid="question-error-', start)
    return html[start:end]


def test_the_form_of_every_type_has_every_question_and_field_type(stack):
    client = stack.login("ingrid")
    sid = stack.session_id(client)
    seen_types = set()
    for code in CREATABLE:
        draft = stack.create_draft(client, code)
        html, state = open_page(client, draft["id"])
        assert state is not None, f"{code}: no form"
        definition = stack.certificates.definition(sid, code)
        for section in definition["sections"]:
            assert f'id="section-{section["id"]}"' in html, (code, section["id"])
            for question in section["questions"]:
                kind, qid = question["type"], question["id"]
                seen_types.add(kind)
                block = question_block(html, qid)
                assert CONTROL[kind].format(q=qid, d=dom(qid)) in block, (code, qid, kind)
                if question["mandatory"] and kind != "info":
                    assert 'class="wc-star"' in block, (code, qid)
                if question.get("help"):
                    # CERT-16: the help text is there, with the arrow that folds it.
                    assert f'data-testid="help-toggle-{qid}"' in block and 'aria-expanded="false"' in block
                    assert question["help"] in block or question["help"].replace('"', "&#34;") in block
        # The service's hidden questions are hidden on the page (e.g. FK7804 1.2 until 1 says so).
        for qid in draft["hidden_questions"]:
            assert re.search(rf'data-testid="question-{re.escape(qid)}" *hidden', html), (code, qid)
        for section_id in draft["hidden_sections"]:
            assert re.search(rf'data-testid="section-{re.escape(section_id)}"\s*hidden', html), (code, section_id)
    assert seen_types == FIELD_TYPES


@pytest.mark.parametrize("code", CREATABLE)
def test_saved_answers_come_back_in_the_form_exactly(stack, code):
    """Every field type written, read back from the page as a browser sends it, and turned into
    the same content: the templates and the gateway's converter agree (CERT-3)."""
    client = stack.login("ingrid")
    sid = stack.session_id(client)
    draft = stack.create_draft(client, code)
    definition = stack.certificates.definition(sid, code)
    content = example_content(code, today())
    html, state = open_page(client, draft["id"])
    saved = autosave(client, draft["id"], state, form_fields(definition, content), code)
    assert saved.status_code == 200, saved.get_json()
    assert stack.certificates.get(sid, draft["id"])["content"] == without_false_checkboxes(definition, content)
    html, _ = open_page(client, draft["id"])
    sent_back, problems = content_from_fields(definition, answer_fields(read_form(html).pairs))
    assert not problems and sent_back == without_false_checkboxes(definition, content)


def test_signing_a_complete_draft_shows_the_signed_certificate_with_a_valid_signature(stack):
    client = stack.login("ingrid")
    sid = stack.session_id(client)
    draft = stack.create_draft(client, "FK7804")
    definition = stack.certificates.definition(sid, "FK7804")
    html, state = open_page(client, draft["id"])
    saved = autosave(client, draft["id"], state, form_fields(definition, example_content("FK7804", today())),
                     "FK7804")
    html, state = open_page(client, draft["id"])
    assert 'data-testid="sign-button">Signera intyget<' in html
    signed = client.post(f"/intyg/{draft['id']}/signera",
                         data={"csrf_token": state["csrf"], "version": saved.get_json()["version"]})
    assert signed.status_code == 302 and signed.headers["Location"].endswith(f"/intyg/{draft['id']}")
    page = page_text(client.get(f"/intyg/{draft['id']}"))
    assert 'data-testid="certificate-status">Signerat<' in page
    assert 'data-testid="signature-result">' in page and "Signaturen är giltig." in page
    assert 'data-testid="signed-by">Ingrid Holm<' in page and 'data-testid="certificate-unit">Alfa Vårdcentral' in page
    assert re.search(r'data-testid="signed-at">\d{4}-\d{2}-\d{2} \d{2}:\d{2}<', page)
    # Every answer in words, under its question's label; no form, no buttons that change it.
    assert "Snickare, bär tungt." in page and "J20 (ICD-10-SE) – Akut bronkit" in page
    assert "50 procent: " in page and "min undersökning av patienten: " in page
    assert "data-wc-certificate-form" not in page
    for testid in ("sign-button", "delete-button", "forward-link", "show-missing-button"):
        assert f'data-testid="{testid}"' not in page


def test_signing_an_incomplete_draft_lists_the_sections_and_marks_the_fields(stack):
    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804")
    html, state = open_page(client, draft["id"])
    answer = client.post(f"/intyg/{draft['id']}/signera", data={"csrf_token": state["csrf"], "version": state["version"]})
    # Post/redirect/get: the list is a page of its own, so a reload never signs again.
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/intyg/{draft['id']}/saknas")
    page = page_text(client.get(answer.headers["Location"]))
    # §6.12: the list of sections, each a link to its section in the draft.
    assert 'data-testid="missing-list"' in page and "Utkastet saknar uppgifter i följande avsnitt:" in page
    assert 'href="#section-diagnos" data-testid="missing-link-diagnos">Diagnos<' in page
    assert 'id="section-diagnos"' in page
    # "Varje fält som saknar information har också fått en markering samt en text".
    assert re.search(r'class="wc-question wc-question--invalid"\s+data-question="6"', page)
    assert re.search(r'data-testid="question-error-6"\s*>\s*<p class="ds-validation-message" data-color="danger">'
                     r'Ange minst en diagnos\.</p>', page)
    assert 'data-testid="sign-button"' in page and "Signerat" not in page
    assert stack.certificates.get(stack.session_id(client), draft["id"])["status"] == "DRAFT"


def test_the_retired_fk7263_is_shown_read_only(stack):
    client = stack.login("ingrid")
    sid = stack.session_id(client)
    old = [c for c in stack.certificates.for_patient(sid, TOLVAN) if c["certificate_type"] == "FK7263"]
    assert old
    page = page_text(client.get(f"/intyg/{old[0]['id']}"))
    assert 'data-testid="certificate-status">Skickat<' in page and "data-wc-certificate-form" not in page
    definition = stack.certificates.definition(sid, "FK7263")
    for section in definition["sections"]:
        for question in section["questions"]:
            if question["type"] != "info":
                assert f'data-testid="answer-{question["id"]}"' in page, question["id"]
    assert re.search(r'data-testid="signature-result">\s*<p class="ds-paragraph">Signaturen är giltig\.</p>', page)


def test_diagnosis_suggestions_come_from_the_code_lists(stack):
    client = stack.login("ingrid")
    by_code = client.get("/diagnoser?code_system=ICD_10_SE&code=J20")
    assert by_code.status_code == 200
    assert any(s["code"].startswith("J20") for s in by_code.get_json()["suggestions"])
    by_text = client.get("/diagnoser?code_system=ICD_10_SE&description=bronkit")
    assert by_text.get_json()["suggestions"]
    # DS-1: code suggestions only from three characters.
    assert client.get("/diagnoser?code_system=ICD_10_SE&code=J2").get_json() == {"suggestions": []}


def test_anyone_can_check_a_signature_without_logging_in(stack):
    """CERT-5: the verification is open; it names the signer and the time, never the patient."""
    ingrid = stack.login("ingrid")
    draft = stack.create_draft(ingrid, "FK7804")
    signed = stack.sign_draft(ingrid, draft)
    stranger = stack.client()
    answer = stranger.get(f"/api/intyg/{signed['id']}/signaturkontroll")
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["valid"] is True and body["signer"]["name"] == "Ingrid Holm" and TOLVAN not in answer.text
    assert stranger.get(f"/api/intyg/{draft['id']}x/signaturkontroll").status_code == 404
    unsigned = stack.create_draft(ingrid, "FK7804")
    assert stranger.get(f"/api/intyg/{unsigned['id']}/signaturkontroll").status_code == 409


def test_a_locked_draft_is_read_only_and_kopiera_opens_a_new_draft(stack):
    """CERT-8 / §5.9: "Klicka på Kopiera ... I informationsrutan som visas, klicka på Kopiera."."""
    import sqlalchemy as sa
    from datetime import datetime, timedelta, timezone

    from webcert_certificate.domain import commands
    from webcert_certificate.service_layer.handlers import handle

    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804")
    engine = stack.certificate_app.extensions["webcert_certificate_engine"]
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE certificate SET created_at = :t WHERE id = :id"),
                     {"t": datetime.now(timezone.utc) - timedelta(days=15), "id": draft["id"]})
    assert handle(commands.LockDueDrafts(), stack.certificate_app.extensions["webcert_certificate"]) >= 1
    page = page_text(client.get(f"/intyg/{draft['id']}"))
    assert 'data-testid="locked-notice"' in page and "Låst utkast" in page
    assert 'data-testid="certificate-form"' not in page and 'data-testid="delete-button"' not in page
    assert 'data-testid="copy-button"' in page and 'data-testid="copy-dialog"' in page
    box = client.get(f"/intyg/{draft['id']}/kopiera")
    assert box.status_code == 200 and 'data-testid="copy-confirm"' in page_text(box)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    copied = client.post(f"/intyg/{draft['id']}/kopiera", data={"csrf_token": token})
    assert copied.status_code == 302 and f"/intyg/{draft['id']}" not in copied.headers["Location"]
    new_page = page_text(client.get(copied.headers["Location"]))
    assert 'data-testid="certificate-form"' in new_page
    assert "Utkastet skapades som en kopia av ett låst utkast" in new_page and "(Ingrid Holm)" in new_page
    locked_page = page_text(client.get(f"/intyg/{draft['id']}"))
    assert 'data-testid="certificate-history"' in locked_page and "(Webcert)" in locked_page
    assert client.get(f"/intyg/{draft['id']}/kopiera").status_code == 200
    unlocked = stack.create_draft(client, "FK7804")
    assert client.get(f"/intyg/{unlocked['id']}/kopiera").status_code == 409
