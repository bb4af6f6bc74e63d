"""Helpers for the certificate page's tests (no tests here): read the page's form the way a
browser submits it, fill it from a content, and call the page's JSON endpoints like its script."""
from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

from certificate_stack import page_text
from tests.support.certificate_forms import form_fields, without_false_checkboxes  # noqa: F401  (re-exported)

_CSRF_ATTR = re.compile(r'data-csrf="([^"]+)"')
_VERSION = re.compile(r'name="version" value="(\d+)" data-wc-version')
_EDIT_TOKEN = re.compile(r'name="edit_token" value="([^"]*)"')


class FormReader(HTMLParser):
    """The controls of ``<form id="certificate-form">`` as the browser would send them
    (FormData): checked boxes and radios, text values, textarea text, the selected option."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.pairs: list[tuple[str, str]] = []
        self.controls: list[dict] = []
        self._textarea: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "certificate-form":
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            self.controls.append({"tag": tag, **a})
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.pairs.append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self._textarea = {"tag": tag, **a, "text": ""}
        elif tag == "select":
            self._select = {"tag": tag, **a, "options": [], "chosen": None}
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
            if "selected" in a:
                self._select["chosen"] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.controls.append(self._textarea)
            self.pairs.append((self._textarea["name"], self._textarea["text"]))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            self.controls.append(select)
            chosen = select["chosen"] if select["chosen"] is not None else (select["options"] or [""])[0]
            self.pairs.append((select["name"], chosen))


def read_form(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    return reader


def answer_fields(pairs: list[tuple[str, str]]) -> list[list[str]]:
    """Only the answers (``q[…]``), as the script sends them."""
    return [[n, v] for n, v in pairs if n.startswith("q[")]


def page_state(html: str) -> dict:
    return {"csrf": _CSRF_ATTR.search(html).group(1), "version": int(_VERSION.search(html).group(1)),
            "edit_token": _EDIT_TOKEN.search(html).group(1)}


def open_page(client, certificate_id: str):
    """GET the page (which takes priority, §5.2) and return (html, state)."""
    answer = client.get(f"/intyg/{certificate_id}")
    assert answer.status_code == 200, page_text(answer)[:2000]
    html = page_text(answer)
    return html, page_state(html) if "data-wc-certificate-form" in html else None


def autosave(client, certificate_id: str, state: dict, fields, certificate_type: str):
    """The script's PUT (certificate-form.js)."""
    return client.put(f"/intyg/{certificate_id}/innehall",
                      json={"version": state["version"], "edit_token": state["edit_token"],
                            "certificate_type": certificate_type, "fields": fields},
                      headers={"X-CSRFToken": state["csrf"], "Accept": "application/json"})


def today() -> date:
    return date.today()
