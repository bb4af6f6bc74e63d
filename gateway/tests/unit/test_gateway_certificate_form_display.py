"""What the certificate page says in words (certificate_display): the answers of a signed
certificate, the §5.2 priority notice, the §5.4 e-mail link, the signature check, times."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from webcert_gateway.certificate_display import (
    NOT_GIVEN, answer_lines, answered_sections, forward_mailto, local_time, priority_notice, signature_text,
)

OPTIONS = [{"code": "A", "label": "Alfa"}, {"code": "B", "label": "Beta"}]


def q(qid, kind, **extra):
    return {"id": qid, "type": kind, "label": f"Fråga {qid}", "options": [], **extra}


@pytest.mark.parametrize("question, value, lines", [
    (q("1", "boolean"), True, ["Ja"]),
    (q("1", "yes_no"), False, ["Nej"]),
    (q("1", "text"), "Hosta", ["Hosta"]),
    (q("1", "decimal"), 0.8, ["0,8"]),
    (q("1", "year"), 2010, ["2010"]),
    (q("1", "single_choice", options=OPTIONS), "B", ["Beta"]),
    (q("1", "multiple_choice", options=OPTIONS), ["A", "B"], ["Alfa", "Beta"]),
    (q("1", "dated_choices", options=OPTIONS), {"A": "2026-11-25", "B": ""}, ["Alfa: 2026-11-25", f"Beta: {NOT_GIVEN}"]),
    (q("1", "sick_leave_periods", options=OPTIONS), {"B": {"from": "2026-11-25", "to": "2026-12-01"}},
     ["Beta: 2026-11-25 – 2026-12-01"]),
    (q("1", "date_range"), {"from": "2026-11-25"}, ["2026-11-25 – …"]),
    (q("1", "diagnoses"), [{"code_system": "KSH_97_P", "code": "J20", "description": "Akut bronkit"},
                           {"code": "", "description": "Fritext"}], ["J20 (KSH97-P) – Akut bronkit", "Fritext"]),
    (q("1", "supporting_documents", options=OPTIONS), [{"type": "A", "date": "2026-10-01", "source": "Psykolog"}],
     ["Alfa, 2026-10-01, Psykolog"]),
    (q("1", "causes_of_death", options=[{"code": "PLOTSLIG", "label": "Akut"}]),
     [{"description": "Hjärtinfarkt", "onset": "2026-11-19", "kind": "PLOTSLIG"}, {"description": "Stroke"}],
     ["Hjärtinfarkt (2026-11-19, Akut)", "Stroke"]),
    (q("1", "text"), None, [NOT_GIVEN]),
    (q("1", "multiple_choice"), [], [NOT_GIVEN]),
    (q("1", "diagnoses"), [{"code": "", "description": ""}], [NOT_GIVEN]),
])
def test_every_answer_in_words(question, value, lines):
    assert answer_lines(question, value) == lines


def test_hidden_parts_and_info_texts_are_left_out():
    definition = {"sections": [
        {"id": "a", "label": "A", "questions": [q("1", "text"), q("1.info", "info"), q("2", "text")]},
        {"id": "b", "label": "B", "questions": [q("3", "text")]},
        {"id": "c", "label": "C", "questions": [q("4", "info")]},
    ]}
    sections = answered_sections(definition, {"1": "Ett", "3": "Tre"}, hidden_questions=["2"], hidden_sections=["b"])
    assert [(s.id, s.anchor) for s in sections] == [("a", "section-a")]
    assert [(a.question_id, a.label, a.lines) for a in sections[0].answers] == [("1", "Fråga 1", ("Ett",))]


def test_the_forward_mail_holds_the_link_and_nothing_else():
    link = "https://webcert.example/intyg/0b7e5c2a-7263-4a11-9e01-000000000001"
    mailto = forward_mailto(link)
    assert mailto.startswith("mailto:?")
    query = parse_qs(urlsplit(mailto).query)
    assert query == {"subject": ["Intygsutkast i Webcert"], "body": [link]}


def test_the_priority_notice_names_who_has_priority():
    assert priority_notice("Olle Berg").startswith("Utkastet har öppnats av Olle Berg, som nu har förtur")
    assert "en annan användare" in priority_notice(None)


def test_the_signature_check_in_words():
    assert signature_text({"valid": True, "message": None}) == (True, "Signaturen är giltig.")
    assert signature_text({"valid": False, "message": "Intyget har ändrats efter signeringen."}) == (
        False, "Intyget har ändrats efter signeringen.")
    assert signature_text(None)[0] is False


def test_times_are_shown_in_swedish_time():
    assert local_time("2026-11-26T13:05:00+00:00") == "2026-11-26 14:05"
    assert local_time("2026-07-01T10:00:00Z") == "2026-07-01 12:00"
    assert local_time(None) == "" and local_time("igår") == "igår"
