"""Reads the certificate type definitions (YAML, one file a type) into the domain model and
checks every one at start: an unknown key, an unknown field type, a condition naming an
unknown question or code refuses the start with an error that names the file (CERT-1)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import yaml

from webcert_certificate.domain.certificate_type import (
    ALWAYS, DEFAULT_TEXTAREA_MAX_LENGTH, NEVER, OPERATIONS, RECIPIENTS, CertificateType,
    Condition, CrossRule, DateRules, DefinitionError, OneOf, Option, Question, Section,
    check_certificate_type, parse_condition,
)

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "certificate_types"

_TYPE_KEYS = {"code", "name", "version", "recipient", "operations", "creatable", "sent_on_sign",
              "revoke_reason_required", "description", "sections", "rules", "prefill_from",
              "renew_leaves_out", "complement_comment_question"}
_SECTION_KEYS = {"id", "label", "help", "shown_if", "hidden_if", "one_of", "questions"}
_QUESTION_KEYS = {"id", "label", "type", "help", "sub_label", "short_label", "mandatory", "shown_if", "hidden_if",
                  "forbidden", "max_length", "max_length_complement", "min", "max", "options",
                  "max_rows", "code_systems", "dates", "pattern", "pattern_message", "helper"}
_DATE_KEYS = {"not_future", "not_before_birth", "on_or_before", "on_or_after",
              "within_days_before", "follows"}


class TypeDefinitionError(Exception):
    """A definition file that cannot be used; the message names the file and the problem."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path.name}: " + "; ".join(problems))


def load_certificate_types(directory: Path | None = None) -> dict[str, CertificateType]:
    """Every ``*.yaml`` in ``directory`` (default: the project's definitions), by type code."""
    directory = Path(directory or DEFAULT_DIRECTORY)
    types: dict[str, CertificateType] = {}
    for path in sorted(directory.glob("*.yaml")):
        cert_type = load_certificate_type(path)
        if cert_type.code in types:
            raise TypeDefinitionError(path, [f"typen {cert_type.code} finns redan i en annan fil"])
        types[cert_type.code] = cert_type
    if not types:
        raise TypeDefinitionError(directory, ["inga definitionsfiler hittades"])
    return types


def load_certificate_type(path: Path) -> CertificateType:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TypeDefinitionError(path, [f"filen kan inte läsas: {error}"]) from error
    try:
        cert_type = build_certificate_type(data)
    except DefinitionError as error:
        raise TypeDefinitionError(path, [str(error)]) from error
    problems = check_certificate_type(cert_type)
    if problems:
        raise TypeDefinitionError(path, problems)
    return cert_type


def build_certificate_type(data: Any) -> CertificateType:
    data = _mapping(data, "definitionen", _TYPE_KEYS)
    recipient = data.get("recipient")
    if recipient is not None and recipient not in RECIPIENTS:
        raise DefinitionError(f"okänd intygsmottagare '{recipient}'")
    operations = frozenset(data.get("operations") or ())
    unknown = operations - set(OPERATIONS)
    if unknown:
        raise DefinitionError(f"okända operationer {sorted(unknown)}")
    return CertificateType(
        code=_required_str(data, "code", "definitionen"),
        name=_required_str(data, "name", "definitionen"),
        version=str(data.get("version", "1.0")),
        recipient=recipient,
        operations=operations,
        sections=tuple(_section(s) for s in _list(data, "sections", "definitionen")),
        description=data.get("description"),
        creatable=bool(data.get("creatable", True)),
        sent_on_sign=bool(data.get("sent_on_sign", False)),
        revoke_reason_required=bool(data.get("revoke_reason_required", True)),
        rules=tuple(_rule(r) for r in data.get("rules") or ()),
        prefill_from=_prefill(data.get("prefill_from")),
        renew_leaves_out=tuple(str(q) for q in data.get("renew_leaves_out") or ()),
        complement_comment_question=_optional_id(data.get("complement_comment_question")),
    )


def _optional_id(raw: Any) -> str | None:
    return None if raw is None else str(raw)


def _prefill(raw: Any) -> dict[str, tuple[str, ...]]:
    """CERT-15: ``{source type code: [question ids copied from it]}``."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(v, list) for v in raw.values()):
        raise DefinitionError("prefill_from ska vara en intygstyp per lista av fråge-id")
    return {str(code): tuple(str(q) for q in ids) for code, ids in raw.items()}


def _section(raw: Any) -> Section:
    data = _mapping(raw, "ett avsnitt", _SECTION_KEYS)
    section_id = _required_str(data, "id", "ett avsnitt")
    where = f"avsnitt {section_id}"
    return Section(
        id=section_id,
        label=_required_str(data, "label", where),
        help=data.get("help"),
        shown_if=_condition(data.get("shown_if"), ALWAYS, where),
        hidden_if=_condition(data.get("hidden_if"), NEVER, where),
        one_of=tuple(OneOf(rule=g["rule"], question_ids=tuple(str(q) for q in g["questions"]),
                           message=g["message"]) for g in data.get("one_of") or ()),
        questions=tuple(_question(q) for q in _list(data, "questions", where)),
    )


def _question(raw: Any) -> Question:
    data = _mapping(raw, "en fråga", _QUESTION_KEYS)
    question_id = str(_required(data, "id", "en fråga"))
    where = f"fråga {question_id}"
    field_type = _required_str(data, "type", where)
    max_length = data.get("max_length")
    if max_length is None and field_type == "textarea":
        max_length = DEFAULT_TEXTAREA_MAX_LENGTH
    return Question(
        id=question_id,
        label=_required_str(data, "label", where),
        type=field_type,
        help=data.get("help"),
        sub_label=data.get("sub_label"),
        short_label=data.get("short_label"),
        mandatory=_condition(data.get("mandatory"), NEVER, where),
        shown_if=_condition(data.get("shown_if"), ALWAYS, where),
        hidden_if=_condition(data.get("hidden_if"), NEVER, where),
        forbidden=_condition(data.get("forbidden"), NEVER, where),
        max_length=max_length,
        max_length_complement=data.get("max_length_complement"),
        min=data.get("min"),
        max=data.get("max"),
        options=tuple(_option(o, where) for o in data.get("options") or ()),
        max_rows=data.get("max_rows"),
        code_systems=tuple(data.get("code_systems") or ()),
        dates=_dates(data.get("dates"), where),
        pattern=data.get("pattern"),
        pattern_message=data.get("pattern_message"),
        helper=bool(data.get("helper", False)),
    )


def _option(raw: Any, where: str) -> Option:
    data = _mapping(raw, f"{where}: ett svarsalternativ", {"code", "label", "exclusive"})
    return Option(code=str(_required(data, "code", where)), label=str(_required(data, "label", where)),
                  exclusive=bool(data.get("exclusive", False)))


def _dates(raw: Any, where: str) -> DateRules:
    if raw is None:
        return DateRules()
    data = _mapping(raw, f"{where}: datumregler", _DATE_KEYS)
    window = data.get("within_days_before")
    return DateRules(
        not_future=bool(data.get("not_future", False)),
        not_before_birth=bool(data.get("not_before_birth", False)),
        on_or_before=tuple(str(r) for r in data.get("on_or_before") or ()),
        on_or_after=tuple(str(r) for r in data.get("on_or_after") or ()),
        within_days_before=(str(window["ref"]), int(window["days"])) if window else None,
        follows=str(data["follows"]) if data.get("follows") else None,
    )


def _rule(raw: Any) -> CrossRule:
    data = _mapping(raw, "en regel", {"id", "question", "when", "require", "message"})
    rule_id = _required_str(data, "id", "en regel")
    where = f"regel {rule_id}"
    return CrossRule(id=rule_id, question_id=str(_required(data, "question", where)),
                     when=_condition(_required(data, "when", where), NEVER, where),
                     require=_condition(_required(data, "require", where), ALWAYS, where),
                     message=_required_str(data, "message", where))


def _condition(raw: Any, default: Condition, where: str) -> Condition:
    if raw is None:
        return default
    if raw is True:
        return ALWAYS
    if raw is False:
        return NEVER
    if not isinstance(raw, str):
        raise DefinitionError(f"{where}: ett villkor ska vara true, false eller ett uttryck")
    try:
        return parse_condition(raw)
    except DefinitionError as error:
        raise DefinitionError(f"{where}: {error}") from error


def _mapping(raw: Any, what: str, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise DefinitionError(f"{what} ska vara en mappning")
    unknown = set(raw) - allowed
    if unknown:
        name = raw.get("id") or raw.get("code") or what
        raise DefinitionError(f"{name}: okända nycklar {sorted(map(str, unknown))}")
    return raw


def _list(data: Mapping[str, Any], key: str, where: str) -> list:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise DefinitionError(f"{where}: '{key}' ska vara en lista som inte är tom")
    return value


def _required(data: Mapping[str, Any], key: str, where: str) -> Any:
    if data.get(key) in (None, ""):
        raise DefinitionError(f"{where}: '{key}' saknas")
    return data[key]


def _required_str(data: Mapping[str, Any], key: str, where: str) -> str:
    return str(_required(data, key, where))
