"""Validation of drafts against their type (§6.12, CERT-5) and the bad input a save refuses."""
from __future__ import annotations

import copy

import pytest

from webcert_certificate.adapters.type_loader import load_certificate_types
from webcert_certificate.domain.validation import (
    MISSING, ValidationContext, check_format, missing_by_section, strip_hidden, validate,
)
from test_cert_types_examples import BIRTH, COMPLETE, MANDATORY_WHEN_EMPTY, TODAY

KNOWN_CODES = {("ICD_10_SE", "J20"), ("ICD_10_SE", "F32"), ("ICD_10_SE", "F321"), ("ICD_10_SE", "M545"), ("KSH_97_P", "J20-P")}


def code_exists(system: str, code: str) -> bool:
    return (system, code) in KNOWN_CODES


CONTEXT = ValidationContext(today=TODAY, code_exists=code_exists, patient_birth_date=BIRTH)


@pytest.fixture(scope="module")
def types():
    return load_certificate_types()


def problems(types, code, content, context=CONTEXT):
    return validate(types[code], content, context)


def rules_for(found, question_id):
    return {p.rule for p in found if p.question_id == question_id}


@pytest.mark.parametrize("code", sorted(MANDATORY_WHEN_EMPTY))
def test_an_empty_draft_lacks_exactly_the_mandatory_questions(types, code):
    found = problems(types, code, {})
    assert all(p.kind == MISSING for p in found)
    assert {p.question_id for p in found} == MANDATORY_WHEN_EMPTY[code]


@pytest.mark.parametrize("code", sorted(COMPLETE))
def test_a_complete_example_has_no_problems(types, code):
    assert problems(types, code, COMPLETE[code]) == []
    assert check_format(types[code], COMPLETE[code], code_exists) == []


def test_every_creatable_type_has_an_example():
    assert set(COMPLETE) == {c for c, t in load_certificate_types().items() if t.creatable}


# --- conditions --------------------------------------------------------------------------

def test_fk7804_smittskydd_hides_all_but_diagnosis_assessment_and_other(types):
    found = problems(types, "FK7804", {"27": True})
    assert {p.question_id for p in found} == {"6", "32"}
    # Hidden questions are not validated either: a bad date under hidden 1 is not reported.
    content = {"27": True, "1": {"UNDERSOKNING": "2099-01-01"}, "6": COMPLETE["FK7804"]["6"],
               "32": {"HELT_NEDSATT": {"from": "2026-11-25", "to": "2026-12-01"}}}
    assert problems(types, "FK7804", content) == []
    assert set(strip_hidden(types["FK7804"], content, TODAY)) == {"27", "6", "32"}


def test_fk7804_1_3_is_required_iff_annat(types):
    base = copy.deepcopy(COMPLETE["FK7804"])
    with_annat = {**base, "1": {"ANNAT": "2026-11-20"}}
    assert rules_for(problems(types, "FK7804", with_annat), "1.3") == {"MANDATORY"}
    assert rules_for(problems(types, "FK7804", {**with_annat, "1.3": "Intyg från skolan"}), "1.3") == set()
    assert rules_for(problems(types, "FK7804", {**base, "1.3": "Intyg från skolan"}), "1.3") == {"FORBIDDEN"}


def test_fk7804_33_only_for_partial_sick_leave_and_33_2_when_yes(types):
    base = copy.deepcopy(COMPLETE["FK7804"])
    full = {**base, "32": {"HELT_NEDSATT": {"from": "2026-11-25", "to": "2026-12-01"}}}
    del full["33"]
    assert rules_for(problems(types, "FK7804", full), "33") == set()
    partial = {**full, "32": {"HALFTEN": {"from": "2026-11-25", "to": "2026-12-01"}}}
    assert rules_for(problems(types, "FK7804", partial), "33") == {"MANDATORY"}
    assert rules_for(problems(types, "FK7804", {**partial, "33": True}), "33.2") == {"MANDATORY"}


def test_fk7804_39_1_follows_the_prognosis(types):
    base = copy.deepcopy(COMPLETE["FK7804"])
    assert rules_for(problems(types, "FK7804", {**base, "39.1": None}), "39.1") == {"MANDATORY"}
    assert rules_for(problems(types, "FK7804", {**base, "39": "PROGNOS_OKLAR"}), "39.1") == {"FORBIDDEN"}


def test_fk7804_32_1_is_asked_when_sick_leave_starts_over_a_week_back(types):
    base = copy.deepcopy(COMPLETE["FK7804"])
    early = {**base, "32": {"HALFTEN": {"from": "2026-11-10", "to": "2026-12-01"}}, "32.1": "   "}
    assert rules_for(problems(types, "FK7804", early), "32.1") == {"WHITESPACE_ONLY"}
    assert rules_for(problems(types, "FK7804", {**base, "32.1": "   "}), "32.1") == set()   # hidden


def test_ag7804_diagnoses_depend_on_question_100(types):
    base = {k: v for k, v in COMPLETE["AG7804"].items() if k != "6"}
    assert rules_for(problems(types, "AG7804", base), "6") == {"MANDATORY"}
    assert rules_for(problems(types, "AG7804", {**base, "100": False}), "6") == set()
    unanswered = {k: v for k, v in base.items() if k != "100"}
    assert {p.question_id for p in problems(types, "AG7804", unanswered)} == {"100"}


def test_fk7800_needs_one_function_area_and_documents_when_yes(types):
    base = {k: v for k, v in COMPLETE["FK7800"].items() if k != "9"}
    assert {p.rule for p in problems(types, "FK7800", base)} == {"FUNCTION_AREA_REQUIRED"}
    rows = [{"type": "", "date": "", "source": ""}, {"type": "LOGOPED", "date": "2026-01-01", "source": "X"}]
    found = problems(types, "FK7800", {**COMPLETE["FK7800"], "4": rows})
    assert "FIRST_ROW_EMPTY" in rules_for(found, "4")
    half = [{"type": "LOGOPED", "date": "", "source": ""}]
    assert {p.field for p in problems(types, "FK7800", {**COMPLETE["FK7800"], "4": half})} == {"4[1].date", "4[1].source"}


def test_fk7800_known_since_is_not_after_the_examination(types):
    content = {**COMPLETE["FK7800"], "2": "2026-11-21"}
    found = problems(types, "FK7800", content)
    assert [p.message for p in found] == ['Ange ett datum, tidigare än eller samma som för "min undersökning av patienten".']


def test_ts_higher_licences_add_questions(types):
    content = {**COMPLETE["TSTRK1007"], "1": ["IAV9"]}
    assert {p.question_id for p in problems(types, "TSTRK1007", content)} == {"11", "13"}
    diabetes = {**COMPLETE["TSTRK1031"], "1": ["VAR16", "VAR3"]}
    assert {p.question_id for p in problems(types, "TSTRK1031", diabetes)} == {"203", "204"}


def test_db_police_report_required_after_forensic_examination(types):
    content = {**COMPLETE["DB"], "6.1": "UNDERSOKNING_SKA_GORAS"}
    assert [p.rule for p in problems(types, "DB", content)] == ["POLICE_REPORT_REQUIRED"]
    assert problems(types, "DB", {**content, "7.1": True}) == []


def test_db_examination_date_window_and_uncertain_death_date(types):
    base = {**COMPLETE["DB"], "6.1": "UNDERSOKNING_GJORT_KORT_FORE_DODEN"}
    assert rules_for(problems(types, "DB", {**base, "6.3": "2026-11-21"}), "6.3") == {"DATE_AFTER_REFERENCE"}
    assert rules_for(problems(types, "DB", {**base, "6.3": "2026-10-01"}), "6.3") == {"DATE_TOO_EARLY"}
    assert problems(types, "DB", {**base, "6.3": "2026-11-01"}) == []
    uncertain = {**COMPLETE["DB"], "2.1": "EJ_SAKERT", "2.2": None}
    assert {p.question_id for p in problems(types, "DB", uncertain)} == {"2.2.1", "2.3"}
    assert problems(types, "DB", {**uncertain, "2.2.1": "2026-00", "2.3": "2026-11-20"}) == []


def test_doi_causes_follow_each_other(types):
    chain = [{"description": "Diabetes", "onset": "2026-11-20", "kind": "KRONISK"}]
    found = problems(types, "DOI", {**COMPLETE["DOI"], "9": chain})
    assert [p.rule for p in found] == ["CAUSE_ONSET_ORDER"]
    assert found[0].field == "9[1].onset"
    fine = [{"description": "Diabetes", "onset": "2000-01-01", "kind": "KRONISK"}]
    assert problems(types, "DOI", {**COMPLETE["DOI"], "9": fine}) == []
    assert rules_for(problems(types, "DOI", {**COMPLETE["DOI"], "9": [{"kind": "", "onset": ""}]}), "9") == set()
    assert rules_for(problems(types, "DOI", {**COMPLETE["DOI"], "9": [{"kind": "KRONISK"}]}), "9") == {"ROW_INCOMPLETE"}


# --- dates, lengths, text, choices -----------------------------------------------------------

def test_dates_must_be_valid_and_not_in_the_future_where_the_form_says(types):
    base = COMPLETE["FK7804"]
    future = problems(types, "FK7804", {**base, "1": {"UNDERSOKNING": "2026-11-27"}})
    assert [(p.rule, p.field) for p in future] == [("DATE_IN_FUTURE", "1.UNDERSOKNING")]
    assert future[0].message == "Ange ett giltigt datum. Framtida datum får inte anges."
    for bad in ("2026-02-30", "26-11-01", "igår"):
        found = problems(types, "FK7804", {**base, "1": {"UNDERSOKNING": bad}})
        assert [p.rule for p in found] == ["DATE_INVALID"]
    # Sick-leave periods may lie in the future.
    assert problems(types, "FK7804", {**base, "32": {"HALFTEN": {"from": "2027-01-01", "to": "2027-01-10"}}}) == []


def test_a_date_before_birth_is_refused(types):
    found = problems(types, "FK7800", {**COMPLETE["FK7800"], "2": "1900-01-01"})
    assert [p.rule for p in found] == ["DATE_BEFORE_BIRTH"]


def test_sick_leave_periods_in_order_and_without_overlap(types):
    base = COMPLETE["FK7804"]
    backwards = problems(types, "FK7804", {**base, "32": {"HALFTEN": {"from": "2026-12-08", "to": "2026-12-01"}}})
    assert [p.rule for p in backwards] == ["PERIOD_ORDER"]
    overlap = {"HALFTEN": {"from": "2026-11-25", "to": "2026-12-08"},
               "HELT_NEDSATT": {"from": "2026-12-08", "to": "2026-12-20"}}
    found = problems(types, "FK7804", {**base, "32": overlap})
    assert [(p.rule, p.field) for p in found] == [("PERIOD_OVERLAP", "32.HELT_NEDSATT.from")]
    half = problems(types, "FK7804", {**base, "32": {"HALFTEN": {"from": "2026-11-25"}}})
    assert [(p.rule, p.field, p.kind) for p in half] == [("DATE_MISSING", "32.HALFTEN.to", MISSING)]


def test_max_length_whitespace_and_the_complement_limit(types):
    base = COMPLETE["FK7804"]
    assert rules_for(problems(types, "FK7804", {**base, "25": "x" * 2701}), "25") == {"MAX_LENGTH"}
    assert problems(types, "FK7804", {**base, "25": "x" * 2700}) == []
    complement = ValidationContext(today=TODAY, code_exists=code_exists, complement=True)
    assert problems(types, "FK7804", {**base, "25": "x" * 3000}, complement) == []
    assert rules_for(problems(types, "FK7804", {**base, "25": " \n\t "}), "25") == {"WHITESPACE_ONLY"}
    # A mandatory text of blanks lacks information.
    assert rules_for(problems(types, "FK7804", {**base, "35": "   "}), "35") == {"MANDATORY"}


def test_exclusive_and_repeated_choices(types):
    base = COMPLETE["FK7804"]
    found = problems(types, "FK7804", {**base, "40": ["EJ_AKTUELLT", "ARBETSTRANING"]})
    assert [p.message for p in found] == ['"Inte aktuellt" kan inte kombineras med andra alternativ.']
    assert rules_for(problems(types, "FK7804", {**base, "28": ["STUDIER", "STUDIER"]}), "28") == {"DUPLICATE_OPTION"}


def test_ranges(types):
    assert rules_for(problems(types, "AG1-14", {**COMPLETE["AG1-14"], "7.1": 120}), "7.1") == {"OUT_OF_RANGE"}
    found = problems(types, "TSTRK1007", {**COMPLETE["TSTRK1007"], "8.1": 2.5})
    assert [p.message for p in found] == ["Ange ett värde mellan 0,0 och 2,0."]


def test_postal_code_pattern(types):
    found = problems(types, "DB", {**COMPLETE["DB"], "postnummer": "1234"})
    assert [p.message for p in found] == ["Ange postnumret med fem siffror."]


# --- diagnoses ---------------------------------------------------------------------------------

@pytest.mark.parametrize("row, rule", [
    ({"code": "J2", "description": "x"}, "DIAGNOSIS_CODE_TOO_SHORT"),
    ({"code": "J20123", "description": "x"}, "DIAGNOSIS_CODE_TOO_LONG"),
    ({"code": "F32", "description": "Depression"}, "DIAGNOSIS_CODE_PSYCHIATRIC_TOO_SHORT"),
    ({"code": "J20", "description": ""}, "DIAGNOSIS_DESCRIPTION_MISSING"),
    ({"code": "", "description": "Bronkit"}, "DIAGNOSIS_CODE_MISSING"),
    ({"code": "A99", "description": "Påhittad"}, "DIAGNOSIS_CODE_UNKNOWN"),
    ({"code": "J20", "description": "x" * 82}, "MAX_LENGTH"),
    ({"code_system": "SNOMED", "code": "J20", "description": "x"}, "DIAGNOSIS_CODE_SYSTEM_UNKNOWN"),
])
def test_diagnosis_rules(types, row, rule):
    found = problems(types, "FK7804", {**COMPLETE["FK7804"], "6": [row]})
    assert rule in {p.rule for p in found}


def test_diagnosis_rows_in_order_same_system_and_at_most_three(types):
    base = COMPLETE["FK7804"]
    second_only = [{}, {"code": "J20", "description": "Bronkit"}]
    assert "DIAGNOSIS_FIRST_ROW_EMPTY" in rules_for(problems(types, "FK7804", {**base, "6": second_only}), "6")
    mixed = [{"code": "J20", "description": "Bronkit"},
             {"code_system": "KSH_97_P", "code": "J20-P", "description": "Bronkit"}]
    assert rules_for(problems(types, "FK7804", {**base, "6": mixed}), "6") == {"DIAGNOSIS_CODE_SYSTEM_MIXED"}
    four = [{"code": "J20", "description": "Bronkit"}] * 4
    assert "TOO_MANY_ROWS" in rules_for(problems(types, "FK7804", {**base, "6": four}), "6")
    dotted = [{"code": "f32.1", "description": "Depression"}]
    assert problems(types, "FK7804", {**base, "6": dotted}) == []


def test_the_code_lookup_gets_the_system_and_the_normalised_code(types):
    asked = []
    def recording(system, code):
        asked.append((system, code))
        return True
    content = {"6": [{"code_system": "KSH_97_P", "code": "j20-p", "description": "Bronkit"}]}
    assert check_format(types["FK7804"], content, recording) == []
    assert asked == [("KSH_97_P", "J20-P")]


# --- what a save refuses, and the §6.12 list ------------------------------------------------------

@pytest.mark.parametrize("content, rule", [
    ({"999": "x"}, "UNKNOWN_FIELD"),
    ({"27": "ja"}, "WRONG_TYPE"),
    ({"28": "STUDIER"}, "WRONG_TYPE"),
    ({"28": ["LEDIG"]}, "UNKNOWN_OPTION"),
    ({"1": {"UNDERSOKNING": "2026-13-01"}}, "DATE_INVALID"),
    ({"32": {"HALFTEN": {"from": "2026-11-01", "until": "2026-11-02"}}}, "WRONG_TYPE"),
    ({"35": "x" * 3501}, "MAX_LENGTH"),
    ({"6": [{"code": "A99", "description": "x"}]}, "DIAGNOSIS_CODE_UNKNOWN"),
    ({"6": [{"code": "J20", "description": "x", "note": "y"}]}, "UNKNOWN_FIELD"),
])
def test_check_format_refuses_bad_input_whether_shown_or_not(types, content, rule):
    found = check_format(types["FK7804"], {"27": True, **content}, code_exists)
    assert [p.rule for p in found] == [rule]
    assert found[0].message and found[0].question_id


def test_check_format_lets_an_incomplete_draft_through(types):
    assert check_format(types["FK7804"], {"35": "Feber", "28": [], "39": None}, code_exists) == []
    assert check_format(types["FK7804"], {"1": {"UNDERSOKNING": "2099-01-01"}}, code_exists) == []


def test_missing_by_section_lists_sections_in_form_order(types):
    content = {k: v for k, v in COMPLETE["FK7804"].items() if k not in ("6", "35", "40")}
    content["25"] = "x" * 5000   # invalid, but not "missing"
    summary = missing_by_section(types["FK7804"], content, CONTEXT)
    assert [(s.section_id, s.label) for s in summary] == [
        ("diagnos", "Diagnos"), ("funktionsnedsattning", "Sjukdomens konsekvenser"), ("atgarder", "Åtgärder")]
    assert [p.question_id for p in summary[0].problems] == ["6"]
    with_invalid = missing_by_section(types["FK7804"], content, CONTEXT, include_invalid=True)
    assert [s.section_id for s in with_invalid][-1] == "ovrigt"


def test_messages_are_swedish_and_every_problem_names_its_place(types):
    for code, content in COMPLETE.items():
        for problem in problems(types, code, {}):
            assert problem.section_id and problem.question_id and problem.message.endswith(".")
            assert types[code].section_of(problem.question_id).id == problem.section_id
