"""Personnummer and samordningsnummer (§4.2 "Sök/skriv intyg", CERT-2).

Accepted: 10 or 12 digits, with or without "-" or "+" before the last four. The century of
a 10-digit number is resolved as Skatteverket does: "-" means younger than 100 this year,
"+" means 100 or older. A samordningsnummer carries the day of birth + 60. The check digit
and the date are verified with the ``personnummer`` package; our own checks come first so that
the message names the problem. Normalised form: ``YYYYMMDD-NNNN``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from personnummer import personnummer as _library

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"

COORDINATION_DAY_OFFSET = 60

MESSAGES = {
    "empty": "Ange personnummer eller samordningsnummer.",
    "characters": "Personnumret innehåller tecken som inte är siffror. Ange bara siffror, "
                  "med bindestreck eller plustecken före de fyra sista.",
    "separator": "Bindestreck eller plustecken får bara stå före de fyra sista siffrorna.",
    "length": "Personnumret har fel längd. Ange 10 eller 12 siffror (ÅÅMMDD-NNNN eller ÅÅÅÅMMDD-NNNN).",
    "date": "Personnumret innehåller ett ogiltigt datum.",
    "check_digit": "Personnumret har felaktig kontrollsiffra.",
    "invalid": "Personnumret är inte giltigt.",
}

_ALLOWED = re.compile(r"^[0-9+\-]+$")
_SHAPE = re.compile(r"^(\d{6}|\d{8})([-+]?)(\d{4})$")


class InvalidPersonnummer(ValueError):
    """A number that is not a personnummer or samordningsnummer; ``problem`` names why."""

    def __init__(self, problem: str) -> None:
        super().__init__(MESSAGES[problem])
        self.problem = problem
        self.message = MESSAGES[problem]


@dataclass(frozen=True)
class PersonalIdentityNumber:
    """A valid personnummer or samordningsnummer in its normalised form ``YYYYMMDD-NNNN``."""

    normalised: str

    @property
    def digits(self) -> str:
        """The 12 digits, as the population register wants them."""
        return self.normalised.replace("-", "")

    @property
    def kind(self) -> str:
        return SAMORDNINGSNUMMER if int(self.normalised[6:8]) > COORDINATION_DAY_OFFSET else PERSONNUMMER

    @property
    def birth_date(self) -> date:
        day = int(self.normalised[6:8])
        if day > COORDINATION_DAY_OFFSET:
            day -= COORDINATION_DAY_OFFSET
        return date(int(self.normalised[:4]), int(self.normalised[4:6]), day)

    def __str__(self) -> str:
        return self.normalised

    def __repr__(self) -> str:
        # Never the number itself: reprs end up in tracebacks and log lines.
        return f"PersonalIdentityNumber(kind={self.kind!r})"


def parse_personal_identity_number(text: str | None, today: date) -> PersonalIdentityNumber:
    """Parse what the user typed; raise ``InvalidPersonnummer`` naming the problem."""
    candidate = (text or "").strip().replace(" ", "")
    if not candidate:
        raise InvalidPersonnummer("empty")
    if not _ALLOWED.match(candidate):
        raise InvalidPersonnummer("characters")
    digits = candidate.replace("-", "").replace("+", "")
    if len(digits) not in (10, 12):
        raise InvalidPersonnummer("length")
    match = _SHAPE.match(candidate)
    if match is None:
        raise InvalidPersonnummer("separator")
    head, separator, tail = match.groups()
    full_date = head if len(head) == 8 else _with_century(head, separator, today)
    number = PersonalIdentityNumber(f"{full_date}-{tail}")
    _check_date(number, today)
    _check_with_library(number)
    return number


def _with_century(yymmdd: str, separator: str, today: date) -> str:
    # Skatteverket: "-" until the year the person turns 100, "+" from then on.
    base_year = today.year - 100 if separator == "+" else today.year
    year = base_year - ((base_year - int(yymmdd[:2])) % 100)
    return f"{year:04d}{yymmdd[2:]}"


def _check_date(number: PersonalIdentityNumber, today: date) -> None:
    try:
        born = number.birth_date
    except ValueError:
        raise InvalidPersonnummer("date") from None
    if born > today:   # nobody is registered before being born
        raise InvalidPersonnummer("date")


def _check_with_library(number: PersonalIdentityNumber) -> None:
    try:
        _library.Personnummer(number.digits)
    except _library.PersonnummerParseException:
        raise InvalidPersonnummer("invalid") from None   # e.g. serial number 000, never issued
    except _library.PersonnummerInvalidException:
        # The date was checked above, so what the package refuses here is the check digit.
        raise InvalidPersonnummer("check_digit") from None
