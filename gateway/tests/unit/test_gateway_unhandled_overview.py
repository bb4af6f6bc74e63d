"""What "Ej hanterade ärenden" makes of the messaging service's answer (unhandled_overview)."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from webcert_gateway.unhandled_overview import (
    Search, filter_options, find_row, forward_mailto, question_rows, search_from, workplace_choices,
)

VIEW = {"unit": {"id": "VE11", "is_workplace": False},
        "units": [{"id": "VE11", "workplaces": [{"id": "VE11-M1", "name": "Norr"}]}, {"id": "VE12", "workplaces": []}]}


def question(**overrides) -> dict:
    item = {"id": "q1", "certificate_id": "c1", "subject_label": "Kontakt", "sender_label": "Försäkringskassan",
            "sent_at": "2026-11-26T08:00:00+00:00", "action_needed": {"code": "ANSWER", "label": "Svara"},
            "forwarded": False, "actions": {"FORWARD": {"allowed": True}}}
    return {**item, **overrides}


def test_the_form_is_read_leniently_and_only_set_values_travel():
    search = search_from({"subject": "KONTAKT", "sender": "nobody", "forwarded": "true", "workplace": "VE11-M1",
                          "signed_by": "<script>"})
    assert search == Search(workplace="VE11-M1", subject="KONTAKT", forwarded="true")
    assert search.as_params() == {"workplace": "VE11-M1", "subject": "KONTAKT", "forwarded": "true"}
    assert search.narrowed and not Search(workplace="VE11-M1").narrowed


def test_workplaces_from_the_service_else_from_the_session_and_none_on_a_workplace():
    answer = {"workplaces": [{"id": "VE11-M2", "name": "Söder"}]}
    assert [(c.value, c.label) for c in workplace_choices(answer, VIEW)] == [("VE11-M2", "Söder")]
    assert [(c.value, c.label) for c in workplace_choices({}, VIEW)] == [("VE11-M1", "Norr")]
    on_workplace = {**VIEW, "unit": {"id": "VE11-M1", "is_workplace": True}}
    assert workplace_choices(answer, on_workplace) == []


def test_options_default_to_the_manuals_subjects_and_senders():
    options = filter_options({"filters": {"subject": None}})
    assert [c.label for c in options["subjects"]] == ["Avstämningsmöte", "Komplettering", "Kontakt", "Övrigt",
                                                       "Påminnelse"]
    assert [c.value for c in options["senders"]] == ["fk", "unit"]
    assert options["signers"] == []


def test_rows_follow_the_service_and_skip_what_is_not_a_question():
    answer = {"questions": [question(), question(id="q2", actions={"FORWARD": {"allowed": False, "message": "Nej."}},
                                                 forwarded=True),
                            "nonsense", question(id="", certificate_id="c3"), question(id="q4", certificate_id="../x")]}
    rows = question_rows(answer)
    assert [row.id for row in rows] == ["q1", "q2"]
    assert rows[0].may_forward and rows[0].action_label == "Svara" and rows[0].sent_at == "2026-11-26 09:00"
    assert not rows[1].may_forward and rows[1].forward_refusal == "Nej." and rows[1].forwarded
    assert find_row(answer, "q2") == rows[1] and find_row(answer, "q9") is None


def test_the_mail_holds_the_certificate_link_and_nothing_else():
    mail = urlsplit(forward_mailto("https://webcert.example/intyg/c1"))
    assert mail.path == ""
    assert parse_qs(mail.query) == {"subject": ["Ärende i Webcert"], "body": ["https://webcert.example/intyg/c1"]}
