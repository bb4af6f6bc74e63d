"""The conditions of a certificate type's definition (which questions are shown, hidden,
mandatory or forbidden, given the other answers): a small expression form, parsed here and
evaluated without ``eval``::

    @27 == true                      a yes/no or checkbox answer
    @39 == ATER_X_ANTAL_DGR          a single choice
    @100 != false                    unanswered counts as "not false"
    has(@1, ANNAT)                   a choice, dated choice or sick-leave grade is present
    has_any(@32, HALFTEN, HELT_NEDSATT)
    has_other_than(@40, EJ_AKTUELLT)
    answered(@45)
    starts_before(@32, 7)            a period starts more than 7 days before today
    not …, … and …, … or …, ( … )
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable, Mapping

class DefinitionError(ValueError):
    """A definition the system cannot trust; the message says what and where."""


EMPTY = (None, "", [], {})


def is_answered(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, bool):
        return True    # "Nej" is an answer; validation treats an unticked checkbox as empty
    return value not in EMPTY


def _codes(value: Any) -> set[str]:
    """The codes an answer holds: a choice, the list of a checkbox group, the keys of a
    dated choice group or of the sick-leave periods."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    if isinstance(value, dict):
        return {k for k, v in value.items() if is_answered(v)}
    return set()


def _earliest_start(value: Any) -> date | None:
    starts = []
    if isinstance(value, dict):
        for period in value.values():
            if isinstance(period, dict):
                parsed = parse_date(period.get("from"))
                if parsed:
                    starts.append(parsed)
    return min(starts) if starts else None


def parse_date(value: Any) -> date | None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Ref:
    question_id: str


@dataclass(frozen=True)
class Condition:
    """A parsed condition. ``op`` is and/or/not/==/!=/a function name; no eval anywhere."""
    op: str
    args: tuple
    source: str = ""

    def refs(self) -> set[str]:
        found: set[str] = set()
        for arg in self.args:
            if isinstance(arg, Ref):
                found.add(arg.question_id)
            elif isinstance(arg, Condition):
                found |= arg.refs()
        return found

    def codes_by_ref(self) -> list[tuple[str, str]]:
        """(question id, option code) pairs named by has/has_any/has_other_than/==, so that
        the loader can check each code exists."""
        pairs: list[tuple[str, str]] = []
        if self.op in ("has", "has_any", "has_other_than", "==", "!=") and self.args \
                and isinstance(self.args[0], Ref):
            pairs += [(self.args[0].question_id, a) for a in self.args[1:]
                      if isinstance(a, str) and a not in ("true", "false")]
        for arg in self.args:
            if isinstance(arg, Condition):
                pairs += arg.codes_by_ref()
        return pairs

    def evaluate(self, content: Mapping[str, Any], today: date) -> bool:
        return _EVALUATORS[self.op](self, content, today)


def _value(arg: Any, content: Mapping[str, Any]) -> Any:
    return content.get(arg.question_id) if isinstance(arg, Ref) else arg


def _equals(value: Any, literal: str) -> bool:
    if literal in ("true", "false"):
        return value is (literal == "true")
    return value == literal


def _starts_before(cond: Condition, content: Mapping[str, Any], today: date) -> bool:
    start = _earliest_start(_value(cond.args[0], content))
    return start is not None and start < today - timedelta(days=int(cond.args[1]))


_EVALUATORS: dict[str, Callable[[Condition, Mapping[str, Any], date], bool]] = {
    "and": lambda c, v, t: all(a.evaluate(v, t) for a in c.args),
    "or": lambda c, v, t: any(a.evaluate(v, t) for a in c.args),
    "not": lambda c, v, t: not c.args[0].evaluate(v, t),
    "==": lambda c, v, t: _equals(_value(c.args[0], v), c.args[1]),
    "!=": lambda c, v, t: not _equals(_value(c.args[0], v), c.args[1]),
    "answered": lambda c, v, t: is_answered(_value(c.args[0], v)),
    "has": lambda c, v, t: c.args[1] in _codes(_value(c.args[0], v)),
    "has_any": lambda c, v, t: bool(set(c.args[1:]) & _codes(_value(c.args[0], v))),
    "has_other_than": lambda c, v, t: bool(_codes(_value(c.args[0], v)) - set(c.args[1:])),
    "starts_before": _starts_before,
}
FUNCTIONS = {"answered": (1, 1), "has": (2, 2), "has_any": (2, 99), "has_other_than": (2, 99),
             "starts_before": (2, 2)}

_TOKEN = re.compile(r"\s*(?:(==|!=|\(|\)|,)|@([A-Za-z0-9_.]+)|([A-Za-z_][A-Za-z0-9_]*)|(\d+))")


def parse_condition(source: str) -> Condition:
    tokens = _tokenize(source)
    parser = _Parser(tokens, source)
    result = parser.expression()
    if parser.pos != len(tokens):
        raise DefinitionError(f"villkoret '{source}' har överblivna delar efter position {parser.pos}")
    return result


def _tokenize(source: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    source_stripped = source.rstrip()
    while pos < len(source_stripped):
        match = _TOKEN.match(source_stripped, pos)
        if not match:
            raise DefinitionError(f"villkoret '{source}' kan inte tolkas vid position {pos}")
        symbol, ref, word, number = match.groups()
        if symbol:
            tokens.append(("sym", symbol))
        elif ref:
            tokens.append(("ref", ref))
        elif word:
            tokens.append(("word", word))
        else:
            tokens.append(("num", number))
        pos = match.end()
    return tokens


class _Parser:
    """Recursive descent: or > and > not > comparison/call/parentheses."""

    def __init__(self, tokens: list[tuple[str, str]], source: str) -> None:
        self.tokens, self.source, self.pos = tokens, source, 0

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self, kind: str | None = None, text: str | None = None) -> tuple[str, str]:
        token = self._peek()
        if token is None or (kind and token[0] != kind) or (text and token[1] != text):
            wanted = text or kind or "mer"
            raise DefinitionError(f"villkoret '{self.source}': väntade {wanted} vid del {self.pos + 1}")
        self.pos += 1
        return token

    def _is(self, kind: str, text: str) -> bool:
        return self._peek() == (kind, text)

    def expression(self) -> Condition:
        parts = [self._and()]
        while self._is("word", "or"):
            self.pos += 1
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else Condition("or", tuple(parts), self.source)

    def _and(self) -> Condition:
        parts = [self._not()]
        while self._is("word", "and"):
            self.pos += 1
            parts.append(self._not())
        return parts[0] if len(parts) == 1 else Condition("and", tuple(parts), self.source)

    def _not(self) -> Condition:
        if self._is("word", "not"):
            self.pos += 1
            return Condition("not", (self._not(),), self.source)
        return self._primary()

    def _primary(self) -> Condition:
        if self._is("sym", "("):
            self.pos += 1
            inner = self.expression()
            self._take("sym", ")")
            return inner
        token = self._peek()
        if token and token[0] == "ref":
            self.pos += 1
            op = self._take("sym")[1]
            if op not in ("==", "!="):
                raise DefinitionError(f"villkoret '{self.source}': okänd jämförelse '{op}'")
            literal = self._take("word")[1]
            return Condition(op, (Ref(token[1]), literal), self.source)
        name = self._take("word")[1]
        if name not in FUNCTIONS:
            raise DefinitionError(f"villkoret '{self.source}': okänd funktion '{name}'")
        self._take("sym", "(")
        args: list[Any] = [Ref(self._take("ref")[1])]
        while self._is("sym", ","):
            self.pos += 1
            kind, text = self._take()
            if kind not in ("word", "num"):
                raise DefinitionError(f"villkoret '{self.source}': väntade en kod eller ett tal")
            args.append(text)
        self._take("sym", ")")
        low, high = FUNCTIONS[name]
        if not low <= len(args) <= high:
            raise DefinitionError(f"villkoret '{self.source}': fel antal argument till {name}")
        return Condition(name, tuple(args), self.source)


ALWAYS = Condition("always", ())
NEVER = Condition("never", ())
_EVALUATORS["always"] = lambda c, v, t: True
_EVALUATORS["never"] = lambda c, v, t: False
