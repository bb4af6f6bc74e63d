"""§7 "Vidarebefordra ärendekommunikation" from "Ej hanterade ärenden" through the real stack:
SITHS only (QA-8, Tabell 3), an e-mail whose only content is the link to the certificate, then
"Markera som vidarebefordrad?" Ja/Nej, and the marker in the table."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

from certificate_stack import ALFA_VARDCENTRAL, TOLVAN, csrf_token, page_text
from unhandled_questions_stack import TAB, listed, unit_asks

# The service's own words (auth's privilege rule behind the messaging service's FORWARD, Tabell 3).
ELEG_REFUSAL = "Funktionen är inte tillgänglig när du har loggat in med e-legitimation."


def forward_link(body: str, question_id: str) -> dict | None:
    found = re.search(rf'data-testid="forward-{re.escape(question_id)}"\s+href="([^"]+)"\s+'
                      rf'data-wc-mailto="([^"]+)" data-wc-forward-action="([^"]+)"', body)
    if not found:
        return None
    return {"page": unescape(found.group(1)), "mailto": unescape(found.group(2)), "action": unescape(found.group(3))}


def forwarded_marker(body: str, question_id: str) -> bool:
    cell = body.split(f'data-testid="forwarded-{question_id}">', 1)[1].split("</td>", 1)[0]
    return ">Vidarebefordrad</span>" in cell


def test_siths_user_forwards_with_a_mail_that_holds_only_the_certificate_link(stack):
    client = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    certificate_id, question_id = unit_asks(stack, client)
    body = page_text(client.get(TAB))
    link = forward_link(body, question_id)
    assert link is not None
    mail = urlsplit(link["mailto"])
    assert mail.scheme == "mailto" and mail.path == ""          # the user types the recipient
    fields = parse_qs(mail.query)
    assert fields["body"] == [f"http://localhost/intyg/{certificate_id}"]   # §7: the link goes to the certificate
    assert fields["subject"] == ["Ärende i Webcert"]
    assert TOLVAN not in unquote(link["mailto"]) and "Tolvan" not in unquote(link["mailto"])
    assert link["action"] == f"/ej-hanterade-arenden/{question_id}/vidarebefordrad"
    assert not forwarded_marker(body, question_id)


def test_without_script_the_question_is_a_page_and_ja_marks_it_forwarded(stack):
    client = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    certificate_id, question_id = unit_asks(stack, client)
    link = forward_link(page_text(client.get(f"{TAB}?sender=unit")), question_id)
    assert link["page"] == f"{TAB}/{question_id}/vidarebefordra?intyg={certificate_id}&sender=unit"
    confirm = client.get(link["page"])
    body = page_text(confirm)
    assert confirm.status_code == 200
    assert "Markera som vidarebefordrad?" in body and "Notera att länken går till intyget" in body
    assert f'href="{link["mailto"]}"'.replace("&", "&amp;") in body
    assert 'href="/ej-hanterade-arenden?sender=unit" data-testid="forward-question-no">Nej</a>' in body
    assert '<input type="hidden" name="sender" value="unit">' in body

    answer = client.post(link["action"], data={"csrf_token": csrf_token(client, link["page"]), "sender": "unit"})
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"{TAB}?markerad=1&sender=unit"
    after = page_text(client.get(answer.headers["Location"]))
    assert "Ärendet är markerat som vidarebefordrat." in after
    assert forwarded_marker(after, question_id)
    assert listed(page_text(client.get(f"{TAB}?forwarded=true"))) == [question_id]
    assert question_id not in page_text(client.get(f"{TAB}?forwarded=false"))


def test_the_dialog_posts_to_the_same_mark(stack):
    client = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    _, question_id = unit_asks(stack, client)
    body = page_text(client.get(TAB))
    dialog = body.split('id="forward-question-dialog"', 1)[1].split("</dialog>", 1)[0]
    assert "Markera som vidarebefordrad?" in dialog
    assert ">Ja</button>" in dialog and ">Nej</button>" in dialog
    assert "js/unhandled-questions.js" in body
    answer = client.post(forward_link(body, question_id)["action"],
                         data={"csrf_token": csrf_token(client, TAB)})
    assert answer.headers["Location"] == f"{TAB}?markerad=1"
    assert forwarded_marker(page_text(client.get(TAB)), question_id)


def test_e_legitimation_cannot_forward(stack):
    client = stack.login("eva")
    certificate_id, question_id = unit_asks(stack, client)
    body = page_text(client.get(TAB))
    assert f'data-testid="unhandled-row-{question_id}"' in body
    assert forward_link(body, question_id) is None and "Vidarebefordra<span" not in body
    refused = client.get(f"{TAB}/{question_id}/vidarebefordra?intyg={certificate_id}")
    assert refused.status_code == 403
    assert ELEG_REFUSAL in page_text(refused)
    # Posting anyway: the messaging service refuses, in its words, over the list; nothing is marked.
    answer = client.post(f"{TAB}/{question_id}/vidarebefordrad",
                         data={"csrf_token": csrf_token(client, TAB)})
    assert answer.status_code == 403
    assert ELEG_REFUSAL in page_text(answer)
    assert not forwarded_marker(page_text(answer), question_id)
    assert not forwarded_marker(page_text(client.get(TAB)), question_id)


def test_a_question_not_of_that_certificate_is_not_forwarded(stack):
    client = stack.login("ingrid", unit_id=ALFA_VARDCENTRAL)
    certificate_id, question_id = unit_asks(stack, client)
    other_certificate, _ = unit_asks(stack, client)
    assert client.get(f"{TAB}/{question_id}/vidarebefordra?intyg={other_certificate}").status_code == 404
    assert client.get(f"{TAB}/{question_id}/vidarebefordra").status_code == 404
    assert client.get(f"{TAB}/{question_id}/vidarebefordra?intyg={certificate_id}").status_code == 200
