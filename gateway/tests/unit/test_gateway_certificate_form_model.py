"""The draft's form model (certificate_form_model): definition → what the templates render,
the form's fields → the content autosave sends (CERT-3), problems at their fields (§6.12)."""
from __future__ import annotations

import pytest

from webcert_gateway.certificate_form_content import content_from_fields
from webcert_gateway.certificate_form_model import (
    FieldProblem, data_field, dom_id, field_location, field_name, form_sections, parse_field_name, problems_from,
    problems_of_sections,
)

OPTIONS = [{"code": "A", "label": "Alfa"}, {"code": "B", "label": "Beta"}]
GRADES = [{"code": "HALFTEN", "label": "50 procent"}, {"code": "HELT_NEDSATT", "label": "100 procent"}]


def q(qid, kind, **extra):
    return {"id": qid, "type": kind, "label": f"Fråga {qid}", "mandatory": False, "options": [], **extra}


DEFINITION = {"code": "TEST", "name": "Testintyg", "sections": [
    {"id": "forsta", "label": "Första", "help": "Om avsnittet.", "questions": [
        q("1", "boolean"), q("1.1", "yes_no"), q("2", "text"), q("2.1", "textarea", max_length=10),
        q("3", "date"), q("3.1", "approximate_date"), q("4", "year"), q("4.1", "integer"), q("4.2", "decimal"),
    ]},
    {"id": "andra", "label": "Andra", "questions": [
        q("5", "single_choice", options=OPTIONS), q("5.1", "multiple_choice", options=OPTIONS),
        q("6", "dated_choices", options=OPTIONS), q("7", "sick_leave_periods", options=GRADES),
        q("7.1", "date_range"), q("8", "diagnoses", max_rows=3, code_systems=["ICD_10_SE", "KSH_97_P"]),
        q("9", "supporting_documents", options=OPTIONS, max_rows=2), q("10", "causes_of_death", options=OPTIONS),
        q("11", "info"),
    ]},
]}


def test_names_keep_dotted_question_ids_apart_from_their_parts():
    assert field_name("32.1") == "q[32.1]"
    assert field_name("6", 2, "code") == "q[6][2][code]"
    assert parse_field_name("q[32][HALFTEN][from]") == ("32", "HALFTEN", "from")
    assert parse_field_name("q[2.2.1]") == ("2.2.1",)
    for junk in ("csrf_token", "version", "q", "q[", "x[1]", "q[1]x", ""):
        assert parse_field_name(junk) is None
    assert dom_id("2.2.1", 1, "code") == "f-2_2_1-1-code"
    # The service's names for parts: rows in brackets, the rest after dots.
    assert data_field("6", 2, "code") == "6[2].code"
    assert data_field("32", "HALFTEN", "to") == "32.HALFTEN.to"
    assert data_field("7.2", "from") == "7.2.from"


def test_every_field_type_becomes_its_content_shape():
    pairs = [
        ("q[1]", "true"), ("q[1.1]", "false"), ("q[2]", "  Text  "), ("q[2.1]", "rad 1\nrad 2"),
        ("q[3]", "2026-11-20"), ("q[3.1]", "2026-00"), ("q[4]", "2010"), ("q[4.1]", " 100 "), ("q[4.2]", "0,8"),
        ("q[5]", "B"), ("q[5.1]", "B"), ("q[5.1]", "A"),
        ("q[6][A]", "true"), ("q[6][A][date]", "2026-11-25"), ("q[6][B][date]", ""),
        ("q[7][HALFTEN][from]", "2026-11-25"), ("q[7][HALFTEN][to]", "2026-12-08"),
        ("q[7][HELT_NEDSATT][from]", ""), ("q[7][HELT_NEDSATT][to]", ""),
        ("q[7.1][from]", "2026-11-25"), ("q[7.1][to]", ""),
        ("q[8][code_system]", "KSH_97_P"), ("q[8][1][code]", "J20"), ("q[8][1][description]", "Akut bronkit"),
        ("q[8][2][code]", ""), ("q[8][2][description]", ""),
        ("q[9][1][type]", "A"), ("q[9][1][date]", "2026-10-01"), ("q[9][1][source]", "Psykolog"),
        ("q[10][1][description]", "Hjärtinfarkt"), ("q[10][1][onset]", ""), ("q[10][1][kind]", ""),
        ("q[11]", "never an answer"), ("csrf_token", "x"), ("q[99]", "no such question"),
    ]
    content, problems = content_from_fields(DEFINITION, pairs)
    assert problems == []
    assert content == {
        "1": True, "1.1": False, "2": "  Text  ", "2.1": "rad 1\nrad 2",
        "3": "2026-11-20", "3.1": "2026-00", "4": 2010, "4.1": 100, "4.2": 0.8,
        "5": "B", "5.1": ["A", "B"],
        "6": {"A": "2026-11-25"},
        "7": {"HALFTEN": {"from": "2026-11-25", "to": "2026-12-08"}},
        "7.1": {"from": "2026-11-25", "to": ""},
        "8": [{"code": "J20", "description": "Akut bronkit", "code_system": "KSH_97_P"}],
        "9": [{"type": "A", "date": "2026-10-01", "source": "Psykolog"}],
        "10": [{"description": "Hjärtinfarkt", "onset": "", "kind": ""}],
    }


def test_empty_answers_are_left_out_a_draft_may_be_incomplete():
    pairs = [("q[2]", ""), ("q[3]", " "), ("q[4.2]", ""), ("q[5]", ""), ("q[6][A][date]", ""),
             ("q[7.1][from]", ""), ("q[8][code_system]", "ICD_10_SE"), ("q[8][1][code]", " "),
             ("q[9][1][type]", ""), ("q[1.1]", "maybe")]
    assert content_from_fields(DEFINITION, pairs) == ({}, [])


def test_a_ticked_dated_choice_without_date_is_chosen_and_a_date_alone_chooses():
    content, _ = content_from_fields(DEFINITION, [("q[6][A]", "true"), ("q[6][B][date]", "2026-11-01")])
    assert content == {"6": {"A": "", "B": "2026-11-01"}}


def test_rows_keep_their_places_so_an_empty_first_row_can_be_named():
    pairs = [("q[8][1][code]", ""), ("q[8][1][description]", ""), ("q[8][2][code]", "J20"),
             ("q[8][2][description]", "Akut bronkit"), ("q[8][3][code]", ""), ("q[8][3][description]", "")]
    content, _ = content_from_fields(DEFINITION, pairs)
    # No code system chosen: the question's first.
    assert content["8"] == [{"code": "", "description": "", "code_system": "ICD_10_SE"},
                            {"code": "J20", "description": "Akut bronkit", "code_system": "ICD_10_SE"}]


@pytest.mark.parametrize("qid, typed, message", [
    ("4", "tjugohundra", "Ange ett årtal."), ("4.1", "1,5", "Ange ett heltal."), ("4.2", "0,8,1", "Ange ett tal."),
    ("4.2", "abc", "Ange ett tal."),
])
def test_a_number_that_is_no_number_is_named_not_sent(qid, typed, message):
    content, problems = content_from_fields(DEFINITION, [(f"q[{qid}]", typed), ("q[2]", "kvar")])
    assert content == {"2": "kvar"}
    assert problems == [FieldProblem(qid, None, message, "NOT_A_NUMBER")]


@pytest.mark.parametrize("typed, value", [("2", 2), ("-1", -1), ("1,25", 1.25), ("1.25", 1.25), (",5", 0.5),
                                          ("1 000", 1000)])
def test_decimals_are_read_as_swedes_write_them(typed, value):
    assert content_from_fields(DEFINITION, [("q[4.2]", typed)])[0] == {"4.2": value}


def test_the_form_model_carries_values_hidden_parts_and_messages():
    content = {"2.1": "abc", "4.2": 1.5, "5.1": ["A"], "6": {"B": "2026-11-01"},
               "7": {"HALFTEN": {"from": "2026-11-25"}}, "8": [{"code": "F32", "code_system": "KSH_97_P"}]}
    problems = [FieldProblem("8", "8[1].description", "Ange diagnosbeskrivning."),
                FieldProblem("7", "7.HALFTEN.to", "Ange ett datum."), FieldProblem("5", None, "Välj ett alternativ.")]
    sections = form_sections(DEFINITION, content, hidden_questions=["3.1"], hidden_sections=["andra"],
                             problems=problems)
    first, second = sections
    assert (first.anchor, first.help, first.hidden, second.hidden) == ("section-forsta", "Om avsnittet.", False, True)
    by_id = {question.id: question for s in sections for question in s.questions}
    assert by_id["3.1"].hidden and not by_id["3"].hidden
    assert by_id["2.1"].text_value == "abc" and by_id["2.1"].max_length == 10
    assert by_id["4.2"].text_value == "1,5"
    assert by_id["5.1"].selected("A") and not by_id["5.1"].selected("B")
    assert by_id["6"].selected("B") and by_id["6"].part("B") == "2026-11-01"
    assert by_id["7"].part("HALFTEN", "from") == "2026-11-25" and by_id["7"].part("HALFTEN", "to") == ""
    diagnoses = by_id["8"]
    assert len(diagnoses.rows) == 3 and diagnoses.rows[0]["code"] == "F32" and diagnoses.code_system == "KSH_97_P"
    assert diagnoses.code_system_choices == [("ICD_10_SE", "ICD-10-SE"), ("KSH_97_P", "KSH97-P")]
    assert diagnoses.messages == ["Rad 1, Beskrivning: Ange diagnosbeskrivning."]
    assert diagnoses.is_invalid(1, "description") and not diagnoses.is_invalid(1, "code")
    assert by_id["7"].messages == ["50 procent, Till och med: Ange ett datum."] and by_id["7"].is_invalid("HALFTEN", "to")
    assert by_id["5"].messages == ["Välj ett alternativ."] and by_id["5"].is_invalid() and by_id["5"].invalid
    assert not by_id["1"].invalid and by_id["1"].name() == "q[1]" and by_id["9"].name(2, "date") == "q[9][2][date]"
    assert len(by_id["9"].rows) == 2 and len(by_id["10"].rows) == 3      # max_rows, or three


def test_where_a_problem_sits_in_words():
    question = DEFINITION["sections"][1]["questions"][3]     # 7, the periods
    assert field_location(question, "7.HALFTEN.from") == "50 procent, Från och med"
    assert field_location(question, "7") == "" and field_location(question, None) == ""
    assert field_location(q("6", "dated_choices", options=OPTIONS), "6.A") == "Alfa"
    assert field_location(q("9", "supporting_documents"), "9[2].source") == "Rad 2, Varifrån underlaget kan hämtas"
    assert field_location(q("8", "diagnoses"), "8[1]") == "Rad 1"
    assert field_location(q("7.2", "date_range"), "7.2.to") == "Till och med"


def test_problems_are_read_from_details_and_from_the_missing_sections():
    details = [{"question_id": "6", "field": "6[1].code", "rule": "R", "message": "Fel."}, {"junk": True}, "x"]
    assert problems_from(details) == [FieldProblem("6", "6[1].code", "Fel.", "R")]
    sections = [{"section_id": "diagnos", "label": "Diagnos",
                 "problems": [{"question_id": "6", "field": None, "rule": "MANDATORY", "message": "Ange minst en diagnos."}]}]
    assert problems_of_sections(sections) == [FieldProblem("6", None, "Ange minst en diagnos.", "MANDATORY")]
    assert problems_from(None) == [] and problems_of_sections(None) == []
