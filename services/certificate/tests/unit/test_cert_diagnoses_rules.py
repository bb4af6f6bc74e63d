"""Diagnosis rules (certtypes/README.md "Diagnosis rules", DS-1): one test or more per rule.

Most tests ask a small fake code list so that each rule is seen alone; the last ones use the
full lists to show that real codes pass and unknown codes are refused.
"""
from __future__ import annotations

import pytest

from webcert_certificate.adapters.code_lists import code_lists
from webcert_certificate.domain import diagnoses as d
from webcert_certificate.domain.diagnoses import CodeSystem, DiagnosisRow, validate_diagnoses

ICD = CodeSystem.ICD_10_SE
KSH = CodeSystem.KSH_97_P


class FakeCodes:
    def __init__(self, **codes: set[str]) -> None:
        self.codes = {ICD: codes.get("icd", set()), KSH: codes.get("ksh", set())}

    def exists(self, system: CodeSystem, code: str) -> bool:
        return code in self.codes[system]


CODES = FakeCodes(icd={"J45", "J459", "F438A", "Z730", "M545", "A00", "A0001"}, ksh={"A02-P", "F32-", "J45-P"})


def row(code="J45", description="Astma", system=ICD) -> DiagnosisRow:
    return DiagnosisRow(code=code, description=description, code_system=system)


def rules(rows, codes=CODES, **options) -> list[tuple[str, str]]:
    return [(problem.rule, problem.path) for problem in validate_diagnoses(rows, codes, **options)]


# --- code normalisation -----------------------------------------------------------------

@pytest.mark.parametrize("typed, normalised", [
    ("F43.8A", "F438A"), ("f438a", "F438A"), (" f43 .8a ", "F438A"), ("J45.9", "J459"),
    ("a02-p", "A02-P"), ("", ""), (None, ""),
])
def test_codes_are_normalised_without_dots_spaces_or_lower_case(typed, normalised):
    assert d.normalise_code(typed) == normalised


def test_positions_do_not_count_dots():
    assert d.code_positions("F43.8A") == 5


def test_normalise_rows_stores_codes_as_the_lists_hold_them():
    stored = d.normalise_rows([DiagnosisRow(" f43.8a ", "  Utmattningssyndrom ", "ICD-10-SE")])
    assert stored == [DiagnosisRow("F438A", "Utmattningssyndrom", ICD)]


@pytest.mark.parametrize("value, system", [
    ("ICD_10_SE", ICD), ("ICD-10-SE", ICD), ("KSH_97_P", KSH), ("KSH97-P", KSH), (KSH, KSH),
    ("ICD-11", None), (None, None),
])
def test_code_system_by_wire_name_or_label(value, system):
    assert d.parse_code_system(value) is system


def test_heading_stays_icd10se_for_both_code_systems():
    # §6: "Rubriken i intyget kommer fortfarande vara 'Diagnoskod enligt ICD-10-SE'".
    assert d.DIAGNOSIS_CODE_HEADING == "Diagnoskod enligt ICD-10-SE"
    assert d.DEFAULT_CODE_SYSTEM is ICD


# --- the rules ----------------------------------------------------------------------------

def test_valid_rows_have_no_problems():
    assert rules([row(), row("F43.8A", "Utmattningssyndrom"), row("M545", "Lumbago")]) == []


def test_ksh97p_rows_with_their_own_codes_are_valid():
    assert rules([row("A02-P", "Salmonellainfektioner", KSH), row("F32-", "Depression", KSH)]) == []


def test_at_most_three_rows():
    problems = validate_diagnoses([row()] * 4, CODES)
    assert [(p.rule, p.path) for p in problems] == [(d.DIAGNOSIS_TOO_MANY_ROWS, "diagnoses")]
    assert "Övriga upplysningar" in problems[0].message


def test_first_row_must_be_filled_before_the_others():
    assert rules([DiagnosisRow(None, None), row()]) == [(d.DIAGNOSIS_FIRST_ROW_EMPTY, "diagnoses[0].code")]


def test_empty_rows_are_allowed_in_a_draft():
    assert rules([]) == []
    assert rules([row(), DiagnosisRow(" ", "")]) == []


def test_mandatory_diagnosis_missing():
    problems = validate_diagnoses([DiagnosisRow()], CODES, mandatory=True)
    assert [(p.rule, p.path, p.message) for p in problems] == [
        (d.DIAGNOSIS_MISSING, "diagnoses[0].code", "Ange minst en diagnos.")]


def test_code_required_when_description_given():
    assert rules([row(code="", description="Astma")]) == [(d.DIAGNOSIS_CODE_MISSING, "diagnoses[0].code")]


@pytest.mark.parametrize("code", ["J4", "A.0", "M 5"])
def test_code_needs_three_positions(code):
    assert rules([row(code=code)]) == [(d.DIAGNOSIS_CODE_TOO_SHORT, "diagnoses[0].code")]


def test_code_may_have_at_most_five_positions():
    assert rules([row(code="A00011")]) == [(d.DIAGNOSIS_CODE_TOO_LONG, "diagnoses[0].code")]
    assert rules([row(code="A00.01")]) == []  # five positions: the dot does not count


@pytest.mark.parametrize("code", ["F43", "f43", "Z73"])
def test_psychiatric_codes_need_four_positions(code):
    problems = validate_diagnoses([row(code=code)], FakeCodes(icd={"F43", "Z73"}))
    assert [(p.rule, p.part) for p in problems] == [(d.DIAGNOSIS_CODE_PSYCHIATRIC_TOO_SHORT, "code")]
    assert "minst fyra positioner" in problems[0].message


def test_psychiatric_codes_with_four_positions_pass():
    assert rules([row("Z73.0", "Utbrändhet")]) == []
    assert rules([row("F32-", "Depression", KSH)]) == []


def test_z_codes_other_than_z73_are_not_psychiatric():
    assert not d.is_psychiatric("Z72")
    assert d.is_psychiatric("z73.0")


def test_code_must_exist_in_the_chosen_code_system():
    problems = validate_diagnoses([row(code="J46")], CODES)
    assert [(p.rule, p.path) for p in problems] == [(d.DIAGNOSIS_CODE_UNKNOWN, "diagnoses[0].code")]
    assert problems[0].message == "Diagnoskoden finns inte i kodverket ICD-10-SE."


def test_an_icd_code_is_unknown_in_ksh97p():
    problems = validate_diagnoses([row("F438A", "Utmattningssyndrom", KSH)], CODES)
    assert [p.rule for p in problems] == [d.DIAGNOSIS_CODE_UNKNOWN]
    assert "KSH97-P" in problems[0].message


def test_description_required_per_row():
    assert rules([row(), row(code="M545", description="   ")]) == [
        (d.DIAGNOSIS_DESCRIPTION_MISSING, "diagnoses[1].description")]


def test_description_at_most_81_characters():
    assert rules([row(description="x" * 81)]) == []
    assert rules([row(description="x" * 82)]) == [(d.DIAGNOSIS_DESCRIPTION_TOO_LONG, "diagnoses[0].description")]


def test_all_rows_in_one_code_system():
    problems = rules([row(), row("A02-P", "Salmonellainfektioner", KSH)])
    assert problems == [(d.DIAGNOSIS_CODE_SYSTEM_MIXED, "diagnoses[1].code_system")]


def test_unknown_code_system_refused():
    problems = validate_diagnoses([row(system="ICD-11")], CODES)
    assert [(p.rule, p.path) for p in problems] == [(d.DIAGNOSIS_CODE_SYSTEM_UNKNOWN, "diagnoses[0].code_system")]
    assert "ICD-10-SE eller KSH97-P" in problems[0].message


def test_every_problem_of_every_row_is_reported_in_form_order():
    rows = [row(code="J4", description=""), row("J45-P", "Astma", KSH), row("F43", "x" * 90)]
    assert rules(rows) == [
        (d.DIAGNOSIS_CODE_TOO_SHORT, "diagnoses[0].code"),
        (d.DIAGNOSIS_DESCRIPTION_MISSING, "diagnoses[0].description"),
        (d.DIAGNOSIS_CODE_SYSTEM_MIXED, "diagnoses[1].code_system"),
        (d.DIAGNOSIS_CODE_PSYCHIATRIC_TOO_SHORT, "diagnoses[2].code"),
        (d.DIAGNOSIS_DESCRIPTION_TOO_LONG, "diagnoses[2].description"),
    ]


def test_every_rule_has_a_swedish_message():
    rule_ids = {value for name, value in vars(d).items() if name.startswith("DIAGNOSIS_") and name != "DIAGNOSIS_CODE_HEADING"}
    assert rule_ids == set(d.MESSAGES)
    assert all(message.endswith(".") for message in d.MESSAGES.values())


# --- against the full code lists ------------------------------------------------------------

def test_real_codes_pass_with_the_full_lists():
    rows = [row("F43.8A", "Utmattningssyndrom"), row("J45.9", "Astma, ospecificerad"), row("m54.5", "Lumbago")]
    assert rules(rows, code_lists()) == []
    assert rules([row("A02-P", "Salmonellainfektioner", KSH), row("F32-", "Depression", KSH)], code_lists()) == []


@pytest.mark.parametrize("code, system", [("J99.9", ICD), ("X99.9", ICD), ("A02P", KSH), ("J45.9", KSH), ("A02-P", ICD)])
def test_unknown_code_refused_with_the_full_lists(code, system):
    assert rules([row(code, "Något", system)], code_lists()) == [(d.DIAGNOSIS_CODE_UNKNOWN, "diagnoses[0].code")]
