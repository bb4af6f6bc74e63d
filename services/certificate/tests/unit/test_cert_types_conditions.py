"""The small condition language of the definitions: parsed, never eval'd."""
from __future__ import annotations

from datetime import date

import pytest

from webcert_certificate.domain.certificate_type import DefinitionError, parse_condition

TODAY = date(2026, 11, 26)


def holds(source: str, content: dict) -> bool:
    return parse_condition(source).evaluate(content, TODAY)


def test_equality_with_booleans_and_codes():
    assert holds("@27 == true", {"27": True})
    assert not holds("@27 == true", {"27": "true"})     # a string is not a boolean
    assert not holds("@27 == true", {})
    assert holds("@39 == ATER_X_ANTAL_DGR", {"39": "ATER_X_ANTAL_DGR"})


def test_not_equal_counts_unanswered_as_not_equal():
    # AG7804 6 is shown while 100 is unanswered.
    assert holds("@100 != false", {})
    assert not holds("@100 != false", {"100": False})


def test_has_works_for_lists_dated_choices_and_periods():
    assert holds("has(@28, NUVARANDE_ARBETE)", {"28": ["STUDIER", "NUVARANDE_ARBETE"]})
    assert holds("has(@1, ANNAT)", {"1": {"ANNAT": "2026-11-01"}})
    assert not holds("has(@1, ANNAT)", {"1": {"ANNAT": ""}})
    assert holds("has_any(@32, HALFTEN, EN_FJARDEDEL)", {"32": {"HALFTEN": {"from": "2026-11-01"}}})
    assert holds("has_other_than(@40, EJ_AKTUELLT)", {"40": ["ARBETSTRANING"]})
    assert not holds("has_other_than(@40, EJ_AKTUELLT)", {"40": ["EJ_AKTUELLT"]})


def test_boolean_operators_and_precedence():
    content = {"1": True, "2": False}
    assert holds("@1 == true and not @2 == true", content)
    assert holds("@2 == true or @1 == true and @2 == false", content)   # and binds tighter
    assert not holds("(@2 == true or @1 == true) and @2 == true", content)


def test_answered_and_starts_before():
    assert holds("answered(@5)", {"5": "text"}) and not holds("answered(@5)", {"5": "   "})
    assert holds("starts_before(@32, 7)", {"32": {"HELT_NEDSATT": {"from": "2026-11-18", "to": "2026-11-30"}}})
    assert not holds("starts_before(@32, 7)", {"32": {"HELT_NEDSATT": {"from": "2026-11-19", "to": "2026-11-30"}}})


def test_refs_are_collected_for_the_loader():
    condition = parse_condition("has(@1, ANNAT) and (@27 != true or answered(@3.2))")
    assert condition.refs() == {"1", "27", "3.2"}
    assert ("1", "ANNAT") in condition.codes_by_ref()


@pytest.mark.parametrize("source", [
    "", "@1 ==", "@1 = true", "has(@1)", "open(@1, x)", "@1 == true)", "lambda: 1", "@1 == 'x'",
])
def test_malformed_conditions_are_refused(source):
    with pytest.raises(DefinitionError):
        parse_condition(source)
