"""Helpers for the tests of "Ej hanterade ärenden" (test_gateway_unhandled_questions*.py): questions
made through the real stack, and what the page shows of them."""
from __future__ import annotations

import re

from messaging_stack import fk_asks

TAB = "/ej-hanterade-arenden"


def unit_asks(stack, client, subject: str = "KONTAKT") -> tuple[str, str]:
    """A certificate of the browser's user, signed and sent to FK, and the unit's own question
    about it ("Administrativa frågor"): unhandled until FK answers and it is ticked.
    Returns (certificate id, question id)."""
    certificate = stack.signed_and_sent_to_fk(client)
    asked = stack.messaging.ask(stack.session_id(client), certificate["id"], subject, "Vi behöver veta mer.")
    return certificate["id"], next(q["id"] for q in asked["questions"] if q["sender"] == "unit")


def fk_question_on(stack, client, subject: str = "KONTAKT", **fk) -> tuple[str, str]:
    """A certificate of the browser's user, signed and sent to FK, and FK's question about it
    through the FK adapter's endpoint. Returns (certificate id, question id)."""
    certificate = stack.signed_and_sent_to_fk(client)
    return certificate["id"], fk_asks(stack, certificate["id"], subject, "Ring oss.", **fk)


def listed(body: str) -> list[str]:
    """The question ids of the table's rows, in the page's order."""
    return re.findall(r'data-testid="unhandled-row-([^"]+)"', body)


def tab_count(body: str) -> str | None:
    """The number beside the tab "Ej hanterade ärenden", or None when none is shown."""
    found = re.search(r'data-testid="unhandled-count"> \((\d+)\)</span>', body)
    return found.group(1) if found else None
