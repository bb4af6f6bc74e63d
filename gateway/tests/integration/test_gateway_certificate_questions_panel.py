"""The panel's words (webcert_gateway/question_panel.py, plain Python): what the messaging
service's answer becomes on the page -- no service needed."""
from __future__ import annotations

from urllib.parse import unquote

from webcert_gateway import question_panel

DEFINITION = {"sections": [
    {"id": "grundformu", "questions": [{"id": "1", "label": "Intyget är baserat på"},
                                       {"id": "1.3", "label": "Ange vad annat är"}]},
    {"id": "funktionsnedsattning", "questions": [{"id": "35", "label": "Funktionsnedsättning"}]},
]}
ALLOWED, REFUSED = {"allowed": True}, {"allowed": False, "reason": "X", "message": "Inte nu."}


def _question(**extra) -> dict:
    base = {"id": "q-1", "subject": "KOMPLETTERING", "subject_label": "Komplettering", "sender": "fk",
            "sender_label": "Försäkringskassan", "text": "Komplettera.", "sent_at": "2024-05-02T12:03:00+00:00",
            "actions": {"COMPLEMENT": ALLOWED, "NO_FURTHER_INFORMATION": REFUSED, "NO_ONE_RESPONSIBLE": ALLOWED,
                        "ANSWER": REFUSED, "MARK_HANDLED": ALLOWED, "MARK_UNHANDLED": REFUSED, "FORWARD": REFUSED}}
    return {**base, **extra}


def test_references_follow_the_forms_order_with_each_questions_heading_and_anchor():
    refs = question_panel.references([{"question_id": "35", "text": "Beskriv fynden."},
                                      {"question_id": "1.3", "text": "Vad?"},
                                      {"question_id": "35", "text": "Och testerna."}], DEFINITION)
    assert [(r.question_id, r.label, r.anchor, r.texts) for r in refs] == [
        ("1.3", "Ange vad annat är", "fraga-1_3", ("Vad?",)),
        ("35", "Funktionsnedsättning", "fraga-35", ("Beskriv fynden.", "Och testerna.")),
    ]


def test_a_draft_frames_the_open_references_of_its_original():
    frames = question_panel.complement_frames({"open_complement_references": {"1": ["Vilken undersökning?"]}},
                                              DEFINITION)
    assert list(frames) == ["1"] and frames["1"].texts == ("Vilken undersökning?",)
    assert question_panel.complement_frames({}, DEFINITION) == {}


def test_a_card_offers_exactly_what_the_service_allows():
    card = question_panel.question_card(_question(), DEFINITION, highlight_id="q-1")
    assert card.may["COMPLEMENT"] and not card.may["ANSWER"] and not card.may["FORWARD"]
    assert card.may_decline                        # C allowed though B is not
    assert card.highlighted and card.anchor == "arende-q-1"
    assert card.sent_at == "2024-05-02 14:03"      # Swedish time
    nothing = _question(actions={"NO_FURTHER_INFORMATION": REFUSED, "NO_ONE_RESPONSIBLE": REFUSED})
    assert not question_panel.question_card(nothing, DEFINITION).may_decline


def test_the_panel_tells_why_nothing_can_be_asked():
    refused = {"allowed": False, "reason": "NOT_SENT_TO_FK", "message": "Intyget är inte skickat."}
    built = question_panel.panel({"actions": {"ASK": refused}, "questions": []}, DEFINITION)
    assert not built.may_ask and built.empty_text == "Intyget är inte skickat."
    readonly = question_panel.panel({"actions": {"ASK": ALLOWED}, "questions": [_question()]}, DEFINITION,
                                    complement_draft_id="d-1", readonly=True)
    assert not readonly.may_ask and readonly.complement_draft_id is None


def test_the_forwarding_mail_holds_the_link_and_nothing_else():
    mailto = question_panel.forward_mailto("https://webcert.example/intyg/abc")
    subject, body = mailto.removeprefix("mailto:?").split("&")
    assert unquote(subject) == "subject=Ärende i Webcert"
    assert unquote(body) == "body=https://webcert.example/intyg/abc"
