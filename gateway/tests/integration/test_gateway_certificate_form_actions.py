"""What a user does on a draft's page, through the gateway over the real services: autosave
(CERT-3), "Samtidig redigering" (§5.2), "Visa vad som saknas" (§6.12), "Vidarebefordra utkast"
(§5.4), "Radera", and the refusals (403/404, session end, PU-3)."""
from __future__ import annotations

import html as html_lib
import re
from datetime import date, datetime, timezone
from urllib.parse import parse_qs, unquote, urlsplit

from certificate_stack import ALFA_AKUT, TOLVAN, page_text
from test_gateway_certificate_form_support import autosave, open_page, read_form
from webcert_common.bus import contracts, make_event
from webcert_gateway import pu_state

TEXT = "Feber och hosta sedan en vecka."


def test_autosave_keeps_the_text_and_a_reload_shows_it(stack):
    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804")
    html, state = open_page(client, draft["id"])
    assert 'data-testid="save-status">Utkastet är sparat<' in html and 'aria-live="polite"' in html
    saved = autosave(client, draft["id"], state, [["q[35]", TEXT], ["q[1][ANNAT]", "true"],
                                                  ["q[1][ANNAT][date]", date.today().isoformat()]], "FK7804")
    assert saved.status_code == 200
    body = saved.get_json()
    assert body["version"] == state["version"] + 1 and body["message"] == "Utkastet är sparat."
    # The service's conditions, applied by the script: "Ange vad annat är" shows, 1.2 too.
    assert "1.3" not in body["hidden_questions"] and "1.2" not in body["hidden_questions"]
    html, state = open_page(client, draft["id"])
    assert f">{TEXT}</textarea>" in html and state["version"] == body["version"]
    assert ("q[35]", TEXT) in read_form(html).pairs


def test_autosave_without_the_csrf_header_is_refused(stack):
    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804")
    _, state = open_page(client, draft["id"])
    answer = client.put(f"/intyg/{draft['id']}/innehall", json={"version": state["version"], "fields": [],
                                                                "certificate_type": "FK7804"})
    assert answer.status_code == 400
    assert stack.certificates.get(stack.session_id(client), draft["id"])["version"] == state["version"]


def test_a_refused_answer_is_named_at_its_field(stack):
    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804")
    _, state = open_page(client, draft["id"])
    # The service's format check (422 INVALID_CONTENT): a date that is no date.
    answer = autosave(client, draft["id"], state, [["q[1][UNDERSOKNING]", "true"],
                                                   ["q[1][UNDERSOKNING][date]", "2024-13-45"]], "FK7804")
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["reason"] == "INVALID_CONTENT"
    detail = error["details"][0]
    assert detail["question_id"] == "1" and detail["field"] == "1.UNDERSOKNING"
    assert detail["display"] == "min undersökning av patienten: Ange ett giltigt datum (ÅÅÅÅ-MM-DD)."
    # The gateway's own: a number that is no number (TSTRK1007 8.1), nothing sent on.
    visual = stack.create_draft(client, "TSTRK1007")
    _, state2 = open_page(client, visual["id"])
    answer = autosave(client, visual["id"], state2, [["q[8.1]", "ett komma noll"]], "TSTRK1007")
    assert answer.status_code == 422
    assert answer.get_json()["error"]["details"] == [
        {"question_id": "8.1", "field": None, "rule": "NOT_A_NUMBER", "message": "Ange ett tal.",
         "display": "Ange ett tal."}]
    assert autosave(client, visual["id"], state2, [["q[8.1]", "0,8"]], "TSTRK1007").status_code == 200
    assert stack.certificates.get(stack.session_id(client), visual["id"])["content"] == {"8.1": 0.8}


def test_without_script_the_form_posts_and_a_refusal_shows_at_the_field(stack):
    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804")
    html, state = open_page(client, draft["id"])
    form = dict(read_form(html).pairs)
    form.update({"q[35]": TEXT, "q[1][UNDERSOKNING]": "true", "q[1][UNDERSOKNING][date]": "2024-13-45"})
    answer = client.post(f"/intyg/{draft['id']}/innehall", data=form)
    assert answer.status_code == 422
    page = page_text(answer)
    assert f">{TEXT}</textarea>" in page      # what was typed is still there
    assert "min undersökning av patienten: Ange ett giltigt datum (ÅÅÅÅ-MM-DD)." in page
    assert 'id="f-1-UNDERSOKNING-date" name="q[1][UNDERSOKNING][date]"' in page
    assert re.search(r'data-field="1\.UNDERSOKNING"\s+aria-invalid="true"', page)
    html, state = open_page(client, draft["id"])
    form = dict(read_form(html).pairs, **{"q[35]": TEXT})
    saved = client.post(f"/intyg/{draft['id']}/innehall", data=form)
    assert saved.status_code == 302
    assert 'data-testid="certificate-notice"' in page_text(client.get(saved.headers["Location"]))
    assert stack.certificates.get(stack.session_id(client), draft["id"])["content"] == {"35": TEXT}


def test_who_opened_the_draft_last_has_priority_and_the_other_is_told_who(stack):
    ingrid = stack.login("ingrid")
    olle = stack.login("olle")
    draft = stack.create_draft(ingrid, "FK7804")
    page_html, first = open_page(ingrid, draft["id"])
    # The page's poll carries its edit token (the status URL in the form).
    assert f"edit_token={first['edit_token']}" in page_html.replace("&amp;", "&")
    assert ingrid.get(f"/intyg/{draft['id']}/status?edit_token={first['edit_token']}").get_json()[
        "other_editor"] is False
    _, second = open_page(olle, draft["id"])
    # §5.2: the one who only reads learns it from the poll ...
    polled = ingrid.get(f"/intyg/{draft['id']}/status?edit_token={first['edit_token']}").get_json()
    assert polled["other_editor"] is True and polled["holder_name"] == "Olle Berg"
    assert "Olle Berg" in polled["notice"] and "förtur" in polled["notice"]
    # ... the one who types from the refused save, and the text is not stored.
    refused = autosave(ingrid, draft["id"], first, [["q[35]", "Ingrids text"]], "FK7804")
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["reason"] == "EDITED_BY_OTHER" and error["holder"] == "Olle Berg"
    assert "Olle Berg" in error["message"]
    assert autosave(olle, draft["id"], second, [["q[35]", "Olles text"]], "FK7804").status_code == 200
    assert stack.certificates.get(stack.session_id(olle), draft["id"])["content"] == {"35": "Olles text"}
    assert olle.get(f"/intyg/{draft['id']}/status?edit_token={second['edit_token']}").get_json()[
        "other_editor"] is False
    # The page carries the place for the notice and the script that fills it.
    html, _ = open_page(ingrid, draft["id"])
    assert 'data-testid="priority-notice"' in html and "js/certificate-form.js" in html


def test_the_administrator_sees_what_is_missing_and_cannot_sign(stack):
    ingrid = stack.login("ingrid")
    draft = stack.create_draft(ingrid, "FK7804")
    karin = stack.login("karin")
    html, state = open_page(karin, draft["id"])
    assert 'data-testid="sign-button"' not in html and "Signera intyget" not in html
    assert 'data-testid="show-missing-button"' in html
    autosave(karin, draft["id"], state, [["q[35]", TEXT]], "FK7804")
    answer = karin.get(f"/intyg/{draft['id']}/saknas")
    assert answer.status_code == 200
    page = page_text(answer)
    assert "Utkastet saknar uppgifter i följande avsnitt:" in page
    links = re.findall(r'<a class="ds-link" href="#(section-[\w-]+)" data-testid="missing-link-[\w-]+">', page)
    assert "section-diagnos" in links and "section-bedomning" in links
    assert "section-funktionsnedsattning" in links          # 17 is still missing
    assert all(f'id="{anchor}"' in page for anchor in links)
    assert "Ange minst en diagnos." in page and 'data-testid="sign-button"' not in page
    assert f">{TEXT}</textarea>" in page
    assert stack.certificates.get(stack.session_id(ingrid), draft["id"])["status"] == "DRAFT"
    # The doctor has no such button: "Signera intyget" shows the list (§6.12).
    html, _ = open_page(ingrid, draft["id"])
    assert 'data-testid="show-missing-button"' not in html and 'data-testid="sign-button"' in html


def test_forwarding_prepares_a_mail_with_only_the_link_and_marks_the_draft(stack):
    ingrid = stack.login("ingrid")
    draft = stack.create_draft(ingrid, "FK7804")
    karin = stack.login("karin")
    html, state = open_page(karin, draft["id"])
    href = html_lib.unescape(re.search(r'href="(mailto:[^"]*)"[^>]*data-testid="forward-link"', html).group(1))
    query = parse_qs(urlsplit(href).query)
    body = unquote(query["body"][0])
    assert body == f"http://localhost/intyg/{draft['id']}"
    # §5.4: "Texten i e-postmeddelandet får inte tillföras några personuppgifter eller någon medicinsk information".
    for secret in (TOLVAN, TOLVAN.replace("-", ""), "Tolvan", "Tolvansson", "sjukpenning", "FK7804"):
        assert secret not in href
    # The dialog: "markera utkastet som vidarebefordrat?" with Ja and Nej.
    assert 'data-testid="forward-dialog"' in html and 'data-testid="forward-yes">Ja<' in html
    assert re.search(r'<form method="dialog">\s*<button[^>]*data-testid="forward-no">Nej<', html)
    answer = karin.post(f"/intyg/{draft['id']}/vidarebefordrad", data={"csrf_token": state["csrf"], "forwarded": "true"})
    assert answer.status_code == 302
    assert stack.certificates.get(stack.session_id(karin), draft["id"])["forwarded"] is True
    assert "Utkastet är markerat som vidarebefordrat." in page_text(karin.get(answer.headers["Location"]))


def test_radera_removes_the_draft_and_goes_back_to_the_patient(stack):
    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804")
    html, state = open_page(client, draft["id"])
    assert 'data-testid="delete-button"' in html and 'data-wc-dialog-open="delete-dialog"' in html
    assert 'data-testid="delete-dialog"' in html and 'data-testid="delete-confirm">Radera<' in html
    # Without script the button opens the same dialog as a page.
    confirm = client.get(f"/intyg/{draft['id']}/radera")
    assert confirm.status_code == 200 and "open data-wc-modal" in page_text(confirm)
    answer = client.post(f"/intyg/{draft['id']}/radera", data={"csrf_token": state["csrf"], "version": state["version"]})
    assert answer.status_code == 302 and urlsplit(answer.headers["Location"]).path.startswith("/patient/")
    assert TOLVAN not in answer.headers["Location"]
    gone = client.get(f"/intyg/{draft['id']}")
    assert gone.status_code == 404 and "Intyget finns inte." in page_text(gone)


def test_a_certificate_on_another_unit_is_refused_with_the_services_message(stack):
    ingrid = stack.login("ingrid")
    draft = stack.create_draft(ingrid, "FK7804")
    maria = stack.login("maria", unit_id=ALFA_AKUT)
    answer = maria.get(f"/intyg/{draft['id']}")
    assert answer.status_code == 403 and "Intyget är utfärdat på en annan vårdenhet." in page_text(answer)
    polled = maria.get(f"/intyg/{draft['id']}/status")
    assert polled.status_code == 403 and polled.get_json()["error"]["reason"] == "OTHER_UNIT"


def test_after_logout_the_page_goes_to_the_start_and_the_script_is_told_where(stack):
    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804")
    _, state = open_page(client, draft["id"])
    stack.auth_app.test_client().delete("/sessions/current", headers={"X-Session-Id": stack.session_id(client)})
    answer = autosave(client, draft["id"], state, [["q[35]", TEXT]], "FK7804")
    assert answer.status_code == 401
    error = answer.get_json()["error"]
    assert error["reason"] == "SESSION_ENDED" and urlsplit(error["redirect"]).path == "/"
    assert client.get_cookie(stack.gateway.config["WEBCERT_SESSION_COOKIE"]) is None   # cleared, as by the page
    page = client.get(f"/intyg/{draft['id']}")
    assert page.status_code == 302 and urlsplit(page.headers["Location"]).path == "/"


def test_while_pu_is_unavailable_the_page_and_the_script_are_locked(stack):
    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804")
    _, state = open_page(client, draft["id"])
    event = make_event(contracts.PU_UNAVAILABLE, {"changed_at": datetime.now(timezone.utc).isoformat()}, "pu-lookup")
    with stack.gateway.extensions["webcert_engine"].begin() as conn:
        pu_state.record_event(event, conn)
    page = client.get(f"/intyg/{draft['id']}")
    assert page.status_code == 503 and "PU-tjänsten" in page_text(page)
    answer = autosave(client, draft["id"], state, [["q[35]", TEXT]], "FK7804")
    assert answer.status_code == 503 and answer.get_json()["error"]["reason"] == "PU_UNAVAILABLE"
