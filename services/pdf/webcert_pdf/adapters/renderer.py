"""The interface the service layer renders through, and a fake that keeps what it was given."""
from __future__ import annotations

from typing import Protocol

from ..domain.document import PrintDocument


class Renderer(Protocol):
    def render(self, document: PrintDocument) -> bytes:
        """The PDF of ``document``: the same document gives the same bytes."""


class FakeRenderer:
    def __init__(self) -> None:
        self.documents: list[PrintDocument] = []

    def render(self, document: PrintDocument) -> bytes:
        self.documents.append(document)
        return b"%PDF-1.4 fake " + document.title.encode("utf-8")
