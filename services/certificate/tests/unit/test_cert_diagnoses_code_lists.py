"""The code lists in memory (DS-1, §6 "Fyll i diagnos via diagnoskod eller fritext").

Two kinds of index: the project's full lists (what the service will use), and tiny lists written
to a temporary folder, so that ranking can be checked against rows the test controls.
"""
from __future__ import annotations

import csv

import pytest

from webcert_certificate.adapters.code_lists import CodeListIndex, UnknownCodeSystem, code_lists, fold
from webcert_certificate.domain.diagnoses import CodeSystem

ICD = CodeSystem.ICD_10_SE
KSH = CodeSystem.KSH_97_P


@pytest.fixture(scope="module")
def full() -> CodeListIndex:
    return code_lists()


def _write(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture()
def small(tmp_path) -> CodeListIndex:
    _write(tmp_path / "icd10se_codes.csv", ["kod", "beskrivning", "fil_niva"], [
        ("J45", "Astma", 3), ("J459", "Astma, ospecificerad", 4), ("J458", "Blandad astma", 4),
        ("J441", "Astmatisk bronkit", 4), ("I21", "Akut hjärtinfarkt", 3), ("I63", "Cerebral infarkt", 3),
        ("I219", "Akut hjärtinfarkt, ospecificerad", 4), ("I01", "Akut reumatisk feber med hjärtsjukdom", 3),
        ("Z001", "Får", 4), ("Z002", "Farmaceutisk behandling", 4), ("H810", "Ménières sjukdom", 4),
        ("F419", "Ångesttillstånd, ospecificerat", 4), ("B15", "Akut hepatit A", 3),
    ])
    _write(tmp_path / "ksh97p_koder.csv", ["kod", "beskrivning"], [("A02-P", "Salmonellainfektioner"), ("F32-", "Depressiv episod")])
    _write(tmp_path / "ksh97p_sokord.csv", ["kod", "beskrivning"], [
        ("A02-P", "Salmonellainfektioner"), ("A02-P", "Salmonellos"), ("F32-", "Depression"),
        ("F32-", "Reaktiv depression"),
    ])
    return CodeListIndex.load(tmp_path)


def codes(suggestions) -> list[str]:
    return [suggestion.code for suggestion in suggestions]


# --- loading ------------------------------------------------------------------------------------

def test_the_full_lists_load(full):
    assert full.size(ICD) == 35_684
    assert full.size(KSH) == 977
    assert full.describe(ICD, "F438A") == "Utmattningssyndrom"
    assert full.describe("KSH_97_P", "A02-P") == "Salmonellainfektioner"


def test_the_lists_are_loaded_once():
    assert code_lists() is code_lists()


def test_exists_and_describe_normalise_the_code(full):
    assert full.exists(ICD, "f43.8a")
    assert full.describe(ICD, " j45.9 ") == "Astma, ospecificerad"
    assert full.exists(KSH, "a02-p")
    assert not full.exists(KSH, "A02P")  # the dash belongs to the KSH97-P code
    assert not full.exists(ICD, "X999")
    assert full.describe(ICD, "X999") is None


def test_unknown_code_system_is_refused(full):
    with pytest.raises(UnknownCodeSystem) as refused:
        full.search_by_code("ICD-11", "A00")
    assert refused.value.reason == "UNKNOWN_CODE_SYSTEM"
    assert "ICD-10-SE eller KSH97-P" in refused.value.message


# --- search by code (suggestions after three characters) ----------------------------------------

@pytest.mark.parametrize("typed", ["", "A", "A0", "a.0", " F4 ", "J4."])
def test_no_code_suggestions_before_three_positions(full, typed):
    assert full.search_by_code(ICD, typed) == []


def test_code_suggestions_from_three_positions(full):
    found = full.search_by_code(ICD, "A00", limit=10)
    assert codes(found) == ["A00", "A000", "A001", "A009"]
    assert found[0].description == "Kolera"


def test_code_search_ignores_dots_case_and_spaces(full):
    assert codes(full.search_by_code(ICD, "f43.8")) == ["F438", "F438A", "F438W"]
    assert codes(full.search_by_code(ICD, " f 438 a")) == ["F438A"]


def test_code_search_keeps_the_limit_and_code_order(full):
    found = codes(full.search_by_code(ICD, "M54", limit=5))
    assert len(found) == 5
    assert found == sorted(found) and all(code.startswith("M54") for code in found)
    assert full.search_by_code(ICD, "M54", limit=0) == []


def test_ksh97p_codes_with_dash_are_found(full):
    assert codes(full.search_by_code(KSH, "A02")) == ["A02-P"]
    assert codes(full.search_by_code(KSH, "a02-p")) == ["A02-P"]
    assert codes(full.search_by_code(KSH, "A02P")) == ["A02-P"]  # typed without the dash
    assert codes(full.search_by_code(KSH, "F32")) == ["F32-"]


def test_code_search_stays_in_its_code_system(full):
    assert codes(full.search_by_code(KSH, "J45")) == ["J45-P"]
    assert codes(full.search_by_code(ICD, "J45"))[:3] == ["J45", "J450", "J450A"]
    assert "A02-P" not in codes(full.search_by_code(ICD, "A02"))


# --- search by description (suggestions at any length) ------------------------------------------

@pytest.mark.parametrize("typed", ["a", "as", "ast", "astma"])
def test_description_suggestions_at_any_length(full, typed):
    found = full.search_by_description(ICD, typed, limit=10)
    assert len(found) == 10
    assert all(fold(typed) in fold(s.description) for s in found)


def test_no_description_suggestions_for_nothing(full):
    assert full.search_by_description(ICD, "") == []
    assert full.search_by_description(ICD, " ,. ") == []
    assert full.search_by_description(ICD, "astma", limit=0) == []


def test_description_search_ignores_case_and_accents(small):
    assert codes(small.search_by_description(ICD, "ASTMA"))[:2] == ["J45", "J459"]
    assert codes(small.search_by_description(ICD, "menieres")) == ["H810"]
    assert codes(small.search_by_description(ICD, "MÉNIÈRES")) == ["H810"]


def test_swedish_letters_are_letters_of_their_own(small):
    # "far" is not "får": Z001 "Får" is not offered while "far" itself matches something.
    assert codes(small.search_by_description(ICD, "far")) == ["Z002"]
    assert codes(small.search_by_description(ICD, "får")) == ["Z001"]


def test_without_swedish_letters_the_search_falls_back_only_when_nothing_matches(small):
    # A keyboard without å, ä and ö: "angest" matches nothing strictly, so it finds "Ångest…".
    assert codes(small.search_by_description(ICD, "angest")) == ["F419"]


def test_short_words_are_not_looked_for_inside_compounds(small):
    # "far" would otherwise find "infarkt"; four letters and more are ("arkt" does).
    assert codes(small.search_by_description(ICD, "far")) == ["Z002"]
    assert codes(small.search_by_description(ICD, "arkt")) == ["I63", "I21", "I219"]


def test_description_ranking(small):
    # Starting with what was typed first (shorter first), then word starts, then compounds.
    assert codes(small.search_by_description(ICD, "astma")) == ["J45", "J459", "J441", "J458"]
    assert codes(small.search_by_description(ICD, "akut hj")) == ["I21", "I219", "I01"]
    assert codes(small.search_by_description(ICD, "infarkt")) == ["I63", "I21", "I219"]


def test_whole_words_rank_before_word_starts(small):
    # "a" alone: "Akut hepatit A" has the whole word and starts with "a".
    assert codes(small.search_by_description(ICD, "a", limit=1)) == ["B15"]


def test_every_typed_word_must_match(small):
    assert codes(small.search_by_description(ICD, "akut feber")) == ["I01"]
    assert small.search_by_description(ICD, "akut astma") == []


def test_description_limit(full):
    assert len(full.search_by_description(ICD, "s", limit=3)) == 3
    assert len(full.search_by_description(ICD, "s")) == 20


def test_ksh97p_search_terms_are_searched(small, full):
    assert codes(small.search_by_description(KSH, "salmonellos")) == ["A02-P"]
    found = small.search_by_description(KSH, "depr")
    assert [(s.code, s.description) for s in found] == [
        ("F32-", "Depression"), ("F32-", "Depressiv episod"), ("F32-", "Reaktiv depression")]
    assert codes(full.search_by_description(KSH, "salmonellos")) == ["A02-P"]


def test_real_descriptions_are_found_sensibly(full):
    assert codes(full.search_by_description(ICD, "utmattningssyndrom"))[0] == "F438A"
    assert codes(full.search_by_description(ICD, "diabetes typ 2"))[0] == "E11"
    assert codes(full.search_by_description(ICD, "akut hjärtinfarkt"))[0] == "I21"
    assert "I21" in codes(full.search_by_description(ICD, "hjärtinf"))


def test_fold():
    assert fold("Ménières") == "menieres"
    assert fold("Behçets") == "behcets"
    assert fold("FÅR Ärr Öra") == "får ärr öra"
    assert fold("Striæ") == "striae"
