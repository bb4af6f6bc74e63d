"""What is drawn on every page around the form (§5.6 "Information om typ av utskrift"): the
heading with the type and the patient, the state's banner, the warning for a protected patient
(§5.8), a light diagonal watermark word, the footer, and "Sida N av M"."""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas

from ..domain.document import PrintDocument
from .fonts import BOLD, REGULAR, printable

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
HEADING_SIZE, BANNER_SIZE, WARNING_SIZE, FOOTER_SIZE = 8, 11, 9.5, 8
BANNER_HEIGHT, WARNING_HEIGHT = 9 * mm, 6 * mm
BANNER_FILL, BANNER_TEXT = colors.Color(1, 0.93, 0.80), colors.Color(0.45, 0.16, 0)
WARNING_TEXT, MUTED, WATERMARK = colors.Color(0.62, 0, 0), colors.Color(0.35, 0.35, 0.35), colors.Color(0.9, 0.9, 0.9)


def header_height(document: PrintDocument) -> float:
    """The room the page furniture takes above the form, the same on every page."""
    height = MARGIN + 4 * mm
    if document.marking:
        height += BANNER_HEIGHT + 2 * mm
    if document.protected_warning:
        height += WARNING_HEIGHT
    return height + 3 * mm


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis to ``width`` (a heading is one line on every page)."""
    text = printable(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def draw_page(canvas, document: PrintDocument) -> None:
    """Drawn before the page's flowables, so the watermark lies under the text."""
    canvas.saveState()
    if document.marking:
        _watermark(canvas, document.marking.watermark)
    width = PAGE_WIDTH - 2 * MARGIN
    y = PAGE_HEIGHT - MARGIN
    canvas.setFont(REGULAR, HEADING_SIZE)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, y, fit(document.heading, REGULAR, HEADING_SIZE, width))
    y -= 2 * mm
    if document.marking:
        y -= BANNER_HEIGHT
        canvas.setFillColor(BANNER_FILL)
        canvas.setStrokeColor(BANNER_TEXT)
        canvas.rect(MARGIN, y, width, BANNER_HEIGHT, stroke=1, fill=1)
        canvas.setFillColor(BANNER_TEXT)
        canvas.setFont(BOLD, BANNER_SIZE)
        canvas.drawString(MARGIN + 3 * mm, y + 3 * mm, fit(document.marking.banner, BOLD, BANNER_SIZE, width - 6 * mm))
        y -= 2 * mm
    if document.protected_warning:
        y -= WARNING_HEIGHT - 2 * mm
        canvas.setFillColor(WARNING_TEXT)
        canvas.setFont(BOLD, WARNING_SIZE)
        canvas.drawString(MARGIN, y, fit(document.protected_warning, BOLD, WARNING_SIZE, width))
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, FOOTER_SIZE)
    canvas.drawString(MARGIN, MARGIN - 6 * mm, fit(document.footer, REGULAR, FOOTER_SIZE, width - 30 * mm))
    canvas.restoreState()


def _watermark(canvas, word: str) -> None:
    diagonal = (PAGE_WIDTH ** 2 + PAGE_HEIGHT ** 2) ** 0.5
    size = min(96.0, 0.6 * diagonal / max(stringWidth(word, BOLD, 1), 1))
    canvas.saveState()
    canvas.setFillColor(WATERMARK)
    canvas.setFont(BOLD, size)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(54.7)      # the A4 diagonal
    canvas.drawCentredString(0, -size / 3, word)
    canvas.restoreState()


class NumberedCanvas(pdfcanvas.Canvas):
    """Holds the pages back until the last one is laid out, so each can say "Sida N av M"."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, page in enumerate(self._pages, start=1):
            self.__dict__.update(page)
            self.setFont(REGULAR, FOOTER_SIZE)
            self.setFillColor(MUTED)
            self.drawRightString(PAGE_WIDTH - MARGIN, MARGIN - 6 * mm, f"Sida {number} av {total}")
            super().showPage()
        super().save()
