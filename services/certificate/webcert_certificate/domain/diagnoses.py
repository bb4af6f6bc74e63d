"""Diagnoses on a certificate (DS-1, §6 "Fyll i diagnos via diagnoskod eller fritext").

A diagnosis is a row of code, description and code system (ICD-10-SE by default, KSH97-P
allowed). The rules are the same for every FK and AG type (certtypes/README.md "Diagnosis
rules"); each refusal carries a stable rule id and a Swedish message naming the problem.

Whether a code exists is asked of a ``CodeLookup`` (the adapter over the full code lists), so
this module stays free of files and libraries.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence


class CodeSystem(str, enum.Enum):
    """The two code systems Webcert accepts; the values are the legacy wire names."""

    ICD_10_SE = "ICD_10_SE"
    KSH_97_P = "KSH_97_P"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {CodeSystem.ICD_10_SE: "ICD-10-SE", CodeSystem.KSH_97_P: "KSH97-P"}

# §6: the heading stays the same whichever code system the user chooses.
DIAGNOSIS_CODE_HEADING = "Diagnoskod enligt ICD-10-SE"
DEFAULT_CODE_SYSTEM = CodeSystem.ICD_10_SE

MAX_ROWS = 3
MIN_CODE_POSITIONS = 3
MAX_CODE_POSITIONS = 5
MIN_PSYCHIATRIC_CODE_POSITIONS = 4
PSYCHIATRIC_CODE_PREFIXES = ("F", "Z73")
MAX_DESCRIPTION_LENGTH = 81
# DS-1: code suggestions only once the user has typed three positions.
MIN_CODE_SEARCH_POSITIONS = 3

# Rule ids (stable; the API and the "what is missing" list refer to them).
DIAGNOSIS_MISSING = "DIAGNOSIS_MISSING"
DIAGNOSIS_TOO_MANY_ROWS = "DIAGNOSIS_TOO_MANY_ROWS"
DIAGNOSIS_FIRST_ROW_EMPTY = "DIAGNOSIS_FIRST_ROW_EMPTY"
DIAGNOSIS_CODE_SYSTEM_UNKNOWN = "DIAGNOSIS_CODE_SYSTEM_UNKNOWN"
DIAGNOSIS_CODE_SYSTEM_MIXED = "DIAGNOSIS_CODE_SYSTEM_MIXED"
DIAGNOSIS_CODE_MISSING = "DIAGNOSIS_CODE_MISSING"
DIAGNOSIS_CODE_TOO_SHORT = "DIAGNOSIS_CODE_TOO_SHORT"
DIAGNOSIS_CODE_TOO_LONG = "DIAGNOSIS_CODE_TOO_LONG"
DIAGNOSIS_CODE_PSYCHIATRIC_TOO_SHORT = "DIAGNOSIS_CODE_PSYCHIATRIC_TOO_SHORT"
DIAGNOSIS_CODE_UNKNOWN = "DIAGNOSIS_CODE_UNKNOWN"
DIAGNOSIS_DESCRIPTION_MISSING = "DIAGNOSIS_DESCRIPTION_MISSING"
DIAGNOSIS_DESCRIPTION_TOO_LONG = "DIAGNOSIS_DESCRIPTION_TOO_LONG"

MESSAGES = {
    DIAGNOSIS_MISSING: "Ange minst en diagnos.",
    DIAGNOSIS_TOO_MANY_ROWS: "Högst tre diagnoser kan anges. Ange fler diagnoser under Övriga upplysningar.",
    DIAGNOSIS_FIRST_ROW_EMPTY: "Fyll i den första diagnosraden innan du anger fler diagnoser.",
    DIAGNOSIS_CODE_SYSTEM_UNKNOWN: "Välj kodverk: ICD-10-SE eller KSH97-P.",
    DIAGNOSIS_CODE_SYSTEM_MIXED: "Alla diagnoser måste anges enligt samma kodverk.",
    DIAGNOSIS_CODE_MISSING: "Ange diagnoskod.",
    DIAGNOSIS_CODE_TOO_SHORT: "Diagnoskoden måste anges med minst tre positioner.",
    DIAGNOSIS_CODE_TOO_LONG: "Diagnoskoden får ha högst fem positioner.",
    DIAGNOSIS_CODE_PSYCHIATRIC_TOO_SHORT:
        "Psykiatriska diagnoskoder (F och Z73) måste anges med minst fyra positioner.",
    DIAGNOSIS_CODE_UNKNOWN: "Diagnoskoden finns inte i kodverket {system}.",
    DIAGNOSIS_DESCRIPTION_MISSING: "Ange diagnos i fritext.",
    DIAGNOSIS_DESCRIPTION_TOO_LONG: "Diagnosen i fritext får vara högst 81 tecken.",
}

CODE = "code"
DESCRIPTION = "description"
CODE_SYSTEM = "code_system"

_NOT_IN_CODE = re.compile(r"[.\s]+")


def normalise_code(text: str | None) -> str:
    """The code as the code lists hold it: no dots, no spaces, upper case ("f43.8 a" → "F438A").

    KSH97-P keeps its dash ("A02-P"): the dash is part of that code system's codes.
    """
    return _NOT_IN_CODE.sub("", text or "").upper()


def code_positions(code: str) -> int:
    """Positions as the rules count them: dots do not count (certtypes "3–5 positions")."""
    return len(normalise_code(code))


def is_psychiatric(code: str) -> bool:
    return normalise_code(code).startswith(PSYCHIATRIC_CODE_PREFIXES)


def parse_code_system(value: str | CodeSystem | None) -> CodeSystem | None:
    """The code system named by its wire name or its label; ``None`` when it is neither."""
    if isinstance(value, CodeSystem):
        return value
    for system in CodeSystem:
        if value in (system.value, system.label):
            return system
    return None


class CodeLookup(Protocol):
    """What validation needs from the code lists (the adapter ``CodeListIndex`` is one)."""

    def exists(self, system: CodeSystem, code: str) -> bool: ...


@dataclass(frozen=True)
class DiagnosisRow:
    """One row as the user filled it in; any part may still be empty in a draft."""

    code: str | None = None
    description: str | None = None
    code_system: str | CodeSystem | None = DEFAULT_CODE_SYSTEM

    @property
    def is_empty(self) -> bool:
        return not (self.code or "").strip() and not (self.description or "").strip()


@dataclass(frozen=True)
class DiagnosisProblem:
    """A broken rule: ``row`` is 0-based (``None`` for the list as a whole), ``part`` the field."""

    rule: str
    message: str
    row: int | None = None
    part: str | None = None

    @property
    def path(self) -> str:
        """Where the problem is, e.g. ``diagnoses[1].code``, for the form and the API details."""
        if self.row is None:
            return "diagnoses"
        return f"diagnoses[{self.row}]" + (f".{self.part}" if self.part else "")


def _problem(rule: str, row: int | None = None, part: str | None = None, **values: str) -> DiagnosisProblem:
    return DiagnosisProblem(rule, MESSAGES[rule].format(**values), row, part)


def validate_diagnoses(
    rows: Sequence[DiagnosisRow], codes: CodeLookup, *, mandatory: bool = False
) -> list[DiagnosisProblem]:
    """Every broken diagnosis rule, in form order; empty when the rows may be signed.

    Empty rows are allowed (a draft may be incomplete) unless they come before a filled one.
    ``mandatory`` is the type's own rule (e.g. FK7804 question 6: row 1 always).
    """
    problems: list[DiagnosisProblem] = []
    if len(rows) > MAX_ROWS:
        problems.append(_problem(DIAGNOSIS_TOO_MANY_ROWS))
    filled = [index for index, row in enumerate(rows) if not row.is_empty]
    if not filled:
        return problems + ([_problem(DIAGNOSIS_MISSING, 0, CODE)] if mandatory else [])
    if rows[0].is_empty:
        # c-13a: the most important diagnosis goes first; rows 2–3 only after row 1.
        problems.append(_problem(DIAGNOSIS_FIRST_ROW_EMPTY, 0, CODE))
    first_system = parse_code_system(rows[filled[0]].code_system)
    for index in filled:
        problems.extend(_row_problems(index, rows[index], codes, first_system))
    return problems


def _row_problems(
    index: int, row: DiagnosisRow, codes: CodeLookup, first_system: CodeSystem | None
) -> Iterable[DiagnosisProblem]:
    system = parse_code_system(row.code_system)
    if system is None:
        yield _problem(DIAGNOSIS_CODE_SYSTEM_UNKNOWN, index, CODE_SYSTEM)
    elif first_system is not None and system is not first_system:
        yield _problem(DIAGNOSIS_CODE_SYSTEM_MIXED, index, CODE_SYSTEM)
    code_rule = _code_rule(row.code, system, codes)
    if code_rule:
        yield _problem(code_rule, index, CODE, system=system.label if system else "")
    yield from _description_problems(index, row.description)


def _code_rule(code: str | None, system: CodeSystem | None, codes: CodeLookup) -> str | None:
    """The first rule the code breaks, checked from shape to existence (one message a field)."""
    normalised = normalise_code(code)
    if not normalised:
        return DIAGNOSIS_CODE_MISSING
    if len(normalised) < MIN_CODE_POSITIONS:
        return DIAGNOSIS_CODE_TOO_SHORT
    if len(normalised) > MAX_CODE_POSITIONS:
        return DIAGNOSIS_CODE_TOO_LONG
    if is_psychiatric(normalised) and len(normalised) < MIN_PSYCHIATRIC_CODE_POSITIONS:
        return DIAGNOSIS_CODE_PSYCHIATRIC_TOO_SHORT
    if system is not None and not codes.exists(system, normalised):
        return DIAGNOSIS_CODE_UNKNOWN
    return None


def _description_problems(index: int, description: str | None) -> Iterable[DiagnosisProblem]:
    text = (description or "").strip()
    if not text:
        yield _problem(DIAGNOSIS_DESCRIPTION_MISSING, index, DESCRIPTION)
    elif len(text) > MAX_DESCRIPTION_LENGTH:
        yield _problem(DIAGNOSIS_DESCRIPTION_TOO_LONG, index, DESCRIPTION)


def normalise_rows(rows: Sequence[DiagnosisRow]) -> list[DiagnosisRow]:
    """The rows as they are stored: codes normalised, descriptions trimmed, systems by wire name."""
    result = []
    for row in rows:
        system = parse_code_system(row.code_system)
        result.append(DiagnosisRow(
            code=normalise_code(row.code) or None,
            description=(row.description or "").strip() or None,
            code_system=system if system is not None else row.code_system,
        ))
    return result
