"""What a user filling the certificate form with a content makes the browser send: the form's
field names (q[<id>] and the parts in brackets) per field type. The inverse of the gateway's
certificate_form_content, written independently of it (a test's own reading of the form), and
shared by the gateway's tests, the system tests and the benchmarks."""
from __future__ import annotations


def form_fields(definition: dict, content: dict) -> list[list[str]]:
    """What a user filling the form with ``content`` makes the browser send (the test's own
    reading of the field names: q[<id>] and the parts in brackets)."""
    fields: list[list[str]] = []
    for section in definition["sections"]:
        for question in section["questions"]:
            qid, kind = question["id"], question["type"]
            if qid not in content:
                continue
            fields += _fields_of(qid, kind, content[qid])
    return fields


def _fields_of(qid: str, kind: str, value) -> list[list[str]]:
    name = f"q[{qid}]"
    if kind in ("boolean", "yes_no"):
        return [[name, "true" if value else "false"]] if (value or kind == "yes_no") else []
    if kind == "decimal":
        return [[name, str(value).replace(".", ",")]]
    if kind == "multiple_choice":
        return [[name, code] for code in value]
    if kind == "dated_choices":
        return [f for code, day in value.items() for f in ([f"{name}[{code}]", "true"], [f"{name}[{code}][date]", day])]
    if kind == "sick_leave_periods":
        return [[f"{name}[{code}][{key}]", period.get(key, "")] for code, period in value.items() for key in ("from", "to")]
    if kind == "date_range":
        return [[f"{name}[{key}]", value.get(key, "")] for key in ("from", "to")]
    if kind in ("diagnoses", "supporting_documents", "causes_of_death"):
        fields = []
        for n, row in enumerate(value, start=1):
            for key, part in row.items():
                if key == "code_system":
                    fields.append([f"{name}[code_system]", part])
                else:
                    fields.append([f"{name}[{n}][{key}]", part])
        return fields
    return [[name, str(value)]]


def without_false_checkboxes(definition: dict, content: dict) -> dict:
    """An unticked checkbox sends nothing: ``False`` of a boolean question is no answer."""
    kinds = {q["id"]: q["type"] for s in definition["sections"] for q in s["questions"]}
    return {k: v for k, v in content.items() if not (kinds.get(k) == "boolean" and v is False)}
