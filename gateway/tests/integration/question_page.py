"""Reading the certificate page's panel "Ärendekommunikation" in the tests of
test_gateway_certificate_questions*.py: a small tree from the standard library's HTML parser
(elements by ``data-testid``, their text as read) and the browser's steps (a form's CSRF token,
the panel's POSTs)."""
from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from certificate_stack import page_text

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Element:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)   # Element or str

    @property
    def text(self) -> str:
        """The text as read: spaces collapsed."""
        parts = []
        for child in self.children:
            parts.append(child.text if isinstance(child, Element) else child)
        return " ".join(" ".join(parts).split())

    def all(self, testid: str | None = None, tag: str | None = None) -> list["Element"]:
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if (testid is None or child.attrs.get("data-testid") == testid) and (tag is None or child.tag == tag):
                    found.append(child)
                found.extend(child.all(testid, tag))
        return found

    def one(self, testid: str) -> "Element":
        found = self.all(testid)
        assert len(found) == 1, f"{len(found)} elements {testid!r}"
        return found[0]

    def has(self, testid: str) -> bool:
        return bool(self.all(testid))

    def by_id(self, element_id: str) -> "Element | None":
        for element in self.all():
            if element.attrs.get("id") == element_id:
                return element
        return None


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {k: (v if v is not None else "") for k, v in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    return builder.root


def words(html: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def token(html: str) -> str:
    return _CSRF.search(html).group(1)


def open_page(client, certificate_id: str, **args) -> str:
    answer = client.get(f"/intyg/{certificate_id}", query_string=args or None)
    assert answer.status_code == 200, page_text(answer)[:3000]
    return page_text(answer)


def panel(client, certificate_id: str, **args) -> Element:
    return parse(open_page(client, certificate_id, **args)).one("questions-panel")


def post(client, certificate_id: str, path: str, **data):
    """A form of the panel, as the browser sends it (the token from the certificate's page)."""
    html = open_page(client, certificate_id)
    return client.post(f"/intyg/{certificate_id}/{path}", data={"csrf_token": token(html), **data})


def location(answer) -> str:
    assert answer.status_code in (302, 303), page_text(answer)[:3000]
    parts = urlsplit(answer.headers["Location"])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def question_ids(stack, client, certificate_id: str) -> list[str]:
    """The certificate's questions in the panel's order, as the messaging service gives them."""
    answer = stack.messaging.of_certificate(stack.session_id(client), certificate_id)
    return [q["id"] for q in answer["questions"]]


def question(stack, client, certificate_id: str, question_id: str) -> dict:
    answer = stack.messaging.of_certificate(stack.session_id(client), certificate_id)
    return next(q for q in answer["questions"] if q["id"] == question_id)
