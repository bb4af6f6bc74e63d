"""Personnummer and samordningsnummer (§4.2, CERT-2): every accepted form, the century as
Skatteverket resolves it, and a Swedish message naming each kind of problem."""
from __future__ import annotations

from datetime import date

import pytest

from webcert_pu_lookup.domain.identity_number import (MESSAGES, PERSONNUMMER, SAMORDNINGSNUMMER,
                                                      InvalidPersonnummer, parse_personal_identity_number)

TODAY = date(2026, 11, 26)


def parse(text: str, today: date = TODAY):
    return parse_personal_identity_number(text, today)


@pytest.mark.parametrize("text", ["19121212-1212", "191212121212", "121212+1212", " 19121212-1212 ",
                                  "19121212+1212"])
def test_tolvan_in_every_form_is_one_normalised_number(text):
    number = parse(text)
    assert number.normalised == "19121212-1212"
    assert number.digits == "191212121212"
    assert number.kind == PERSONNUMMER


@pytest.mark.parametrize("text", ["121212-1212", "1212121212"])
def test_ten_digits_with_a_dash_or_none_mean_younger_than_a_hundred(text):
    # Skatteverket: "-" until the year of the 100th birthday, so 1212… is born 2012, not 1912.
    assert parse(text).normalised == "20121212-1212"


def test_the_plus_sign_means_a_hundred_or_older():
    assert parse("121212+1212").normalised == "19121212-1212"


def test_the_century_follows_today():
    # Born 1950: written "-" in 2026, "+" once they are 100 (from 2050).
    assert parse("500101-0114").normalised == "19500101-0114"
    assert parse("500101-0114", today=date(2051, 1, 1)).normalised == "20500101-0114"
    assert parse("500101+0114", today=date(2051, 1, 1)).normalised == "19500101-0114"


@pytest.mark.parametrize("text", ["19850363-3219", "198503633219", "850363-3219", "8503633219"])
def test_a_samordningsnummer_carries_the_day_plus_sixty(text):
    number = parse(text)
    assert number.normalised == "19850363-3219"
    assert number.kind == SAMORDNINGSNUMMER
    assert number.birth_date == date(1985, 3, 3)


@pytest.mark.parametrize("text, problem", [
    ("", "empty"),
    ("   ", "empty"),
    (None, "empty"),
    ("19121212-121a", "characters"),
    ("1912.12.12-1212", "characters"),
    ("tolvan", "characters"),
    ("1212", "length"),
    ("121212-121", "length"),
    ("1912121212123", "length"),
    ("19121212-12121", "length"),
    ("1912-1212-1212", "separator"),
    ("19121212--1212", "separator"),
    ("19121-2121212", "separator"),
    ("19121312-1212", "date"),       # month 13
    ("19120231-1212", "date"),       # 31 February
    ("19120000-0000", "date"),
    ("19850392-3219", "date"),       # samordningsnummer with day 32 + 60
    ("20301212-1212", "date"),       # not born yet
    ("19121212-1213", "check_digit"),
    ("19850363-3218", "check_digit"),
    ("19400404-0445", "check_digit"),
    ("19121212-0009", "invalid"),    # serial number 000 is never issued
])
def test_a_bad_number_is_refused_with_a_message_naming_the_problem(text, problem):
    with pytest.raises(InvalidPersonnummer) as caught:
        parse(text)
    assert caught.value.problem == problem
    assert caught.value.message == MESSAGES[problem]


def test_the_messages_are_swedish_and_name_the_problem():
    assert "fel längd" in MESSAGES["length"]
    assert "felaktig kontrollsiffra" in MESSAGES["check_digit"]
    assert "ogiltigt datum" in MESSAGES["date"]
    assert "tecken som inte är siffror" in MESSAGES["characters"]


def test_the_repr_never_shows_the_number():
    number = parse("19121212-1212")
    assert "1212" not in repr(number)
    assert str(number) == "19121212-1212"
