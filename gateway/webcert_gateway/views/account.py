"""Min sida (Appendix A "Ändra dina uppgifter"): what an e-legitimation doctor gave when
the account was created, and changing it, through auth ``GET/PATCH /accounts/current``.

The account's fields are the auth service's; this page shows the ones it knows a Swedish
label for, top-level or under ``practice``, and sends changes back in the same shape."""
from __future__ import annotations

# (key, label, editable). The e-mail address and the practice's details are the user's own
# statements; name and identity come from the e-legitimation and are not edited here.
ACCOUNT_FIELDS = (
    ("name", "Namn", False),
    ("email", "E-postadress", True),
    ("phone", "Telefonnummer", True),
    ("care_provider_name", "Vårdgivarens namn", True),
    ("unit_name", "Vårdenhetens namn", True),
    ("workplace_code", "Arbetsplatskod", True),
    ("street", "Postadress", True),
    ("postal_code", "Postnummer", True),
    ("city", "Postort", True),
    ("municipality", "Kommun", True),
    ("county", "Län", True),
)
NESTED = ("practice",)
MAX_LENGTH = 200


def account_rows(account: dict) -> list[dict]:
    """The fields to show: key, label, value, editable and where it lives (None or 'practice')."""
    rows = []
    for key, label, editable in ACCOUNT_FIELDS:
        for parent in (None, *NESTED):
            source = account if parent is None else account.get(parent)
            if isinstance(source, dict) and key in source and not isinstance(source[key], (dict, list)):
                rows.append({"key": key, "label": label, "value": source[key] or "", "editable": editable,
                             "parent": parent})
                break
    return rows


def changes_from_form(rows: list[dict], form) -> tuple[dict, list[str]]:
    """The PATCH body for what the user changed, and the Swedish problems found first."""
    changes: dict = {}
    problems: list[str] = []
    for row in rows:
        if not row["editable"] or row["key"] not in form:
            continue
        value = form.get(row["key"], "").strip()
        if len(value) > MAX_LENGTH:
            problems.append(f"{row['label']} får vara högst {MAX_LENGTH} tecken.")
            continue
        if value == str(row["value"]):
            continue
        if row["key"] == "email" and value and "@" not in value:
            problems.append("Ange en giltig e-postadress.")
            continue
        target = changes if row["parent"] is None else changes.setdefault(row["parent"], {})
        target[row["key"]] = value
    return changes, problems
