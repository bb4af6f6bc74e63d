"""After signing (issue 5) through the gateway over the real services (certificate_stack.py):
"Skicka till Försäkringskassan/Transportstyrelsen" after the consent dialog (CERT-9), "Förnya"
(CERT-11), "Ersätt" (CERT-12), "Makulera" (CERT-13), and the relations both ways. Every button
appears only when the service allows it; each dialog is also a page of its own (no script)."""
from __future__ import annotations

import html as html_lib
import re

from certificate_stack import page_text
from webcert_certificate.domain.commands import RecordDeliveryFailure, RecordReceipt
from webcert_certificate.service_layer.handlers import handle

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
BUTTONS = ("send-button", "renew-button", "replace-button", "revoke-button")


def _token(html: str) -> str:
    return _CSRF.search(html).group(1)


def _words(html: str) -> str:
    """The page's text as read: tags out, entities decoded, spaces collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _links(html: str, target: str, testid: str) -> bool:
    """Whether the element ``testid`` is a link to the certificate ``target``."""
    return re.search(rf'href="/intyg/{re.escape(target)}"\s+data-testid="{re.escape(testid)}"', html) is not None


def _signed(stack, client, certificate_type: str = "FK7804") -> tuple[dict, str]:
    draft = stack.create_draft(client, certificate_type)
    stack.sign_draft(client, draft)
    return draft, _page(client, draft["id"])


def _page(client, certificate_id: str) -> str:
    answer = client.get(f"/intyg/{certificate_id}")
    assert answer.status_code == 200, page_text(answer)[:2000]
    return page_text(answer)


def _post(client, certificate_id: str, action: str, html: str, **data):
    return client.post(f"/intyg/{certificate_id}/{action}", data={"csrf_token": _token(html), **data})


def _new_id(answer, original_id: str) -> str:
    assert answer.status_code == 302, page_text(answer)[:2000]
    created = answer.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert created != original_id
    return created


# --- the buttons ------------------------------------------------------------------------------

def test_a_signed_fk7804_offers_the_four_buttons_each_with_its_dialog(stack):
    client = stack.login("ingrid")
    fk7804, page = _signed(stack, client)
    assert 'data-testid="send-button">Skicka till Försäkringskassan<' in page
    assert 'data-testid="renew-button">Förnya<' in page
    assert 'data-testid="replace-button">Ersätt<' in page
    assert 'data-testid="revoke-button">Makulera<' in page
    for testid in ("send-dialog", "send-confirm", "send-cancel", "renew-dialog", "renew-confirm",
                   "replace-dialog", "replace-confirm", "revoke-dialog", "revoke-confirm", "revoke-cancel"):
        assert f'data-testid="{testid}"' in page, testid
    assert "Patientens samtycke måste inhämtas" in page
    assert "js/certificate-form.js" in page and "js/certificate-after-signing.js" in page
    # Without script each button is a link to the same box, open on its own page.
    for path, confirm in (("skicka", "send-confirm"), ("fornya", "renew-confirm"), ("ersatt", "replace-confirm"),
                          ("makulera", "revoke-confirm")):
        box = client.get(f"/intyg/{fk7804['id']}/{path}")
        assert box.status_code == 200 and f'data-testid="{confirm}"' in page_text(box), path
        assert "open data-wc-modal" in page_text(box)


def test_a_transportstyrelsen_certificate_is_sent_to_transportstyrelsen(stack):
    client = stack.login("ingrid")
    _, page = _signed(stack, client, "TSTRK1007")
    assert 'data-testid="send-button">Skicka till Transportstyrelsen<' in page


def test_a_draft_has_none_of_the_buttons_and_their_pages_refuse(stack):
    client = stack.login("ingrid")
    draft = stack.create_draft(client, "FK7804")
    page = _page(client, draft["id"])
    for testid in BUTTONS:
        assert f'data-testid="{testid}"' not in page
    for path in ("skicka", "fornya", "ersatt", "makulera"):
        assert client.get(f"/intyg/{draft['id']}/{path}").status_code == 409, path
    answer = _post(client, draft["id"], "skicka", page, patient_consent="true")
    assert answer.status_code in (403, 409)


def test_a_vardadministrator_cannot_revoke(stack):
    doctor = stack.login("ingrid")
    fk7804, _ = _signed(stack, doctor)
    admin = stack.login("nils")
    page = _page(admin, fk7804["id"])
    assert 'data-testid="revoke-button"' not in page and 'data-testid="revoke-dialog"' not in page
    assert admin.get(f"/intyg/{fk7804['id']}/makulera").status_code == 409


# --- "Skicka" (CERT-9) --------------------------------------------------------------------------

def test_skicka_after_consent_shows_that_it_is_on_its_way_and_a_second_click_is_refused(stack):
    client = stack.login("ingrid")
    fk7804, page = _signed(stack, client)
    sent = _post(client, fk7804["id"], "skicka", page, patient_consent="true")
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"/intyg/{fk7804['id']}")
    page = _page(client, fk7804["id"])
    status = re.search(r'<div[^>]*data-testid="delivery-status"[^>]*>', page)
    assert status and 'data-state="pending"' in status.group(0)
    # The page asks the status poll (no patient data) until the receipt arrives.
    assert f'data-wc-delivery-poll="/intyg/{fk7804["id"]}/status"' in status.group(0)
    assert "Intyget skickas till Försäkringskassan." in _words(page)
    assert 'data-testid="send-button"' not in page
    assert stack.certificates.get(stack.session_id(client), fk7804["id"])["delivery"]["state"] == "pending"
    poll = client.get(f"/intyg/{fk7804['id']}/status", headers={"Accept": "application/json"})
    assert poll.status_code == 200 and poll.get_json()["status"] == "SIGNED"
    again = _post(client, fk7804["id"], "skicka", page, patient_consent="true")
    assert again.status_code == 409
    assert 'data-testid="certificate-message"' in page_text(again)


def test_skicka_without_the_consent_shows_the_dialog_again_with_the_message(stack):
    client = stack.login("ingrid")
    fk7804, page = _signed(stack, client)
    answer = _post(client, fk7804["id"], "skicka", page)
    assert answer.status_code == 422
    box = page_text(answer)
    assert 'data-testid="send-error"' in box and 'data-testid="send-confirm"' in box
    assert stack.certificates.get(stack.session_id(client), fk7804["id"])["delivery"] is None


def _recipient_answers(stack, certificate_id: str, *, refused: str | None = None) -> None:
    """What the certificate worker's receipts consumer does with the recipient adapter's
    certificate.delivered (or, dead-lettered, certificate.delivery_failed): the stack runs no worker,
    no broker and no recipient simulator, so the same command goes to the real service's handler."""
    services = stack.certificate_app.extensions["webcert_certificate"]
    with services.uow() as uow:
        delivery = uow.certificates.get(certificate_id).delivery
    now = services.clock.now()
    if refused:
        handle(RecordDeliveryFailure(certificate_id, delivery.recipient, delivery.delivery_id, refused, now), services)
    else:
        handle(RecordReceipt(certificate_id, delivery.recipient, delivery.delivery_id, now), services)


def test_once_the_recipient_has_it_the_certificate_is_skickat_with_the_time(stack):
    client = stack.login("ingrid")
    fk7804, page = _signed(stack, client)
    _post(client, fk7804["id"], "skicka", page, patient_consent="true")
    pending = client.get(f"/intyg/{fk7804['id']}/status").get_json()
    _recipient_answers(stack, fk7804["id"])
    # The pending page's poll sees the change and reloads.
    polled = client.get(f"/intyg/{fk7804['id']}/status").get_json()
    assert polled["status"] == "SENT" and polled["version"] != pending["version"]
    page = _page(client, fk7804["id"])
    assert 'data-testid="certificate-status">Skickat<' in page
    assert re.search(r'data-testid="sent-at">\d{4}-\d{2}-\d{2} \d{2}:\d{2}<', page)
    assert "Skickat till Försäkringskassan" in page
    assert 'data-testid="delivery-status"' not in page and 'data-testid="send-button"' not in page


def test_a_refused_sending_is_told_with_the_reason_and_skicka_is_offered_again(stack):
    client = stack.login("ingrid")
    fk7804, page = _signed(stack, client)
    _post(client, fk7804["id"], "skicka", page, patient_consent="true")
    _recipient_answers(stack, fk7804["id"], refused="REJECTED: intyget kunde inte tas emot")
    page = _page(client, fk7804["id"])
    opening = re.search(r'<div[^>]*data-testid="delivery-status"[^>]*>', page).group(0)
    assert 'data-state="failed"' in opening and 'role="alert"' in opening
    words = _words(page[page.index(opening):][:1000])
    assert "Intyget kunde inte skickas till Försäkringskassan." in words
    assert "REJECTED: intyget kunde inte tas emot" in words
    assert 'data-testid="send-button">Skicka till Försäkringskassan<' in page
    assert 'data-testid="certificate-status">Signerat<' in page
    assert _post(client, fk7804["id"], "skicka", page, patient_consent="true").status_code == 302


# --- "Förnya" (CERT-11) -------------------------------------------------------------------------

def test_fornya_opens_the_new_draft_with_the_message_and_both_link_to_each_other(stack):
    client = stack.login("ingrid")
    fk7804, page = _signed(stack, client)
    renewal_id = _new_id(_post(client, fk7804["id"], "fornya", page), fk7804["id"])
    draft = _page(client, renewal_id)
    assert "data-wc-certificate-form" in draft
    view = stack.certificates.get(stack.session_id(client), renewal_id)
    info = view["renewal_info"]
    # "Informationsmeddelande visas ovanför fält för sjukskrivningsperiod och grad."
    notice = draft.index('data-testid="renewal-info"')
    assert notice < draft.index(f'data-testid="question-{info["question_id"]}"')
    assert html_lib.escape(info["message"], quote=False) in draft[notice:notice + 2000]
    assert 'data-testid="relation-parent-renew"' in draft
    assert _links(draft, fk7804["id"], "relation-link-parent-renew")
    original = _page(client, fk7804["id"])
    assert _links(original, renewal_id, "relation-link-renewed-by")


# --- "Ersätt" (CERT-12) -------------------------------------------------------------------------

def test_ersatt_opens_a_draft_then_offers_to_continue_it_and_once_signed_links_both_ways(stack):
    client = stack.login("ingrid")
    fk7804, page = _signed(stack, client)
    replacement_id = _new_id(_post(client, fk7804["id"], "ersatt", page), fk7804["id"])
    draft = _page(client, replacement_id)
    assert "Utkastet ersätter ett tidigare intyg." in _words(draft)
    assert _links(draft, fk7804["id"], "relation-link-parent-replace")

    # "Knappen Ersätt finns kvar … Om du klickar på Ersätt … igen öppnas en informationsruta".
    page = _page(client, fk7804["id"])
    assert 'data-wc-dialog-open="replace-existing-dialog"' in page
    assert _links(page, replacement_id, "replace-continue") and "Fortsätt på utkastet" in page
    without_script = page_text(client.get(f"/intyg/{fk7804['id']}/ersatt"))
    assert _links(without_script, replacement_id, "replace-continue")
    assert 'data-testid="replace-confirm"' not in without_script
    again = _post(client, fk7804["id"], "ersatt", page)
    assert again.status_code == 409
    box = page_text(again)
    assert "Det finns redan ett intygsutkast som ersätter det här intyget." in _words(box)
    assert f'href="/intyg/{replacement_id}"' in box and 'data-testid="replace-cancel"' in box

    stack.sign_draft(client, {"id": replacement_id, "certificate_type": "FK7804"})
    replaced = _page(client, fk7804["id"])
    assert "Intyget har ersatts av detta intyg" in _words(replaced)
    assert _links(replaced, replacement_id, "relation-link-replaced-by")
    # "Det ersatta intyget … kommer endast gå att läsa och skriva ut."
    for testid in ("send-button", "renew-button", "replace-button"):
        assert f'data-testid="{testid}"' not in replaced, testid


# --- "Makulera" (CERT-13) -----------------------------------------------------------------------

def test_makulera_asks_for_a_reason_and_keeps_what_was_typed(stack):
    client = stack.login("ingrid")
    fk7804, page = _signed(stack, client)
    assert 'data-testid="revoke-reason-FEL_PATIENT"' in page and "Intyget har utfärdats på fel patient" in page
    assert 'data-testid="revoke-reason-ANNAT_ALLVARLIGT_FEL"' in page and "Förtydliga vid behov" in page
    no_reason = _post(client, fk7804["id"], "makulera", page, message="Skrivet i onödan.")
    assert no_reason.status_code == 422
    box = page_text(no_reason)
    assert 'data-testid="revoke-error"' in box and ">Skrivet i onödan.</textarea>" in box
    no_message = _post(client, fk7804["id"], "makulera", page, reason="ANNAT_ALLVARLIGT_FEL")
    assert no_message.status_code == 422
    box = page_text(no_message)
    assert 'data-testid="revoke-error"' in box
    assert re.search(r'value="ANNAT_ALLVARLIGT_FEL"\s+data-message-required\s+checked', box)
    assert stack.certificates.get(stack.session_id(client), fk7804["id"])["status"] == "SIGNED"


def test_a_revoked_certificate_is_greyed_with_who_when_and_why_and_no_buttons(stack):
    client = stack.login("ingrid")
    fk7804, page = _signed(stack, client)
    revoked = _post(client, fk7804["id"], "makulera", page, reason="ANNAT_ALLVARLIGT_FEL",
                    message="Fel diagnos angiven.")
    assert revoked.status_code == 302 and revoked.headers["Location"].endswith(f"/intyg/{fk7804['id']}")
    page = _page(client, fk7804["id"])
    assert 'data-testid="certificate-status">Makulerat<' in page
    assert 'class="wc-readonly wc-readonly--revoked"' in page
    assert 'data-testid="certificate-notice"' in page and "Intyget är makulerat." in page
    words = _words(page)
    assert "Orsak: Annat allvarligt fel" in words and "Förtydligande: Fel diagnos angiven." in words
    assert 'data-testid="revoked-by">Ingrid Holm<' in page
    assert re.search(r'data-testid="revoked-at">\d{4}-\d{2}-\d{2} \d{2}:\d{2}<', page)
    for testid in BUTTONS:
        assert f'data-testid="{testid}"' not in page, testid
    again = _post(client, fk7804["id"], "makulera", page, reason="FEL_PATIENT")
    assert again.status_code == 409 and 'data-testid="certificate-message"' in page_text(again)


def test_makulera_a_db_tells_the_user_to_phone_skatteverket(stack):
    client = stack.login("ingrid")
    db, page = _signed(stack, client, "DB")
    dialog = page[page.index('id="revoke-dialog"'):]
    assert 'data-testid="revoke-reasons"' not in dialog
    assert "0771-567 567" in dialog and "folkbokföring - dödsfall" in dialog
    assert _post(client, db["id"], "makulera", page).status_code == 302
    page = _page(client, db["id"])
    instruction = page[page.index('data-testid="revocation-phone-instruction"'):]
    assert "0771-567 567" in instruction[:600]


def test_makulera_a_doi_tells_the_user_to_phone_socialstyrelsen(stack):
    client = stack.login("ingrid")
    _, page = _signed(stack, client, "DOI")
    dialog = page[page.index('id="revoke-dialog"'):]
    assert "075 247 30 00" in dialog and "Socialstyrelsen" in dialog


def test_revoking_a_replacing_certificate_asks_to_review_the_replaced_one(stack):
    client = stack.login("ingrid")
    original, page = _signed(stack, client)
    replacement_id = _new_id(_post(client, original["id"], "ersatt", page), original["id"])
    stack.sign_draft(client, {"id": replacement_id, "certificate_type": "FK7804"})
    page = _page(client, replacement_id)
    assert "Intyget ersätter ett tidigare intyg." in _words(page)
    assert _post(client, replacement_id, "makulera", page, reason="FEL_PATIENT").status_code == 302
    page = _page(client, replacement_id)
    # §5.10 Figur 11: "Länk till det ersatta intyget".
    assert ("Intyget som makulerades ersatte ett tidigare intyg. Se över det ersatta intyget."
            in _words(page))
    assert _links(page, original["id"], "review-replaced-link")
    # The original is no longer replaced (its replacement is revoked): it may be replaced again.
    assert 'data-testid="replace-button"' in _page(client, original["id"])


def test_the_patients_table_offers_forny_for_what_may_be_renewed(stack):
    """§5.8 "I tabellen, klicka på knappen Förnya": beside "Öppna", only where the service allows it."""
    client = stack.login("ingrid")
    signed, _ = _signed(stack, client)
    draft = stack.create_draft(client, "FK7804")
    table = page_text(client.get(stack.open_patient(client, "19121212-1212")))
    assert f'data-testid="renew-{signed["id"]}"' in table
    assert f'href="/intyg/{signed["id"]}/fornya"' in table
    assert f'data-testid="renew-{draft["id"]}"' not in table
