"""The document model as a PDF, with reportlab's open-source toolkit (platypus). Deterministic:
``invariant`` fixes the creation date and the document id, the fonts are the ones inside the
pinned reportlab, and the only time in the text is the request's ``printed_at``.

PDF/A: reportlab's open-source edition cannot produce PDF/A (that is in the commercial ReportLab
PLUS); the PDF is PDF 1.4 with embedded fonts, Unicode text maps (searchable text), title,
author, subject and language set."""
from __future__ import annotations

import io
import threading
from functools import partial
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..domain.document import PrintDocument
from .fonts import BOLD, REGULAR, printable, register_fonts
from .text_block import text_blocks
from .page_furniture import MARGIN, PAGE_WIDTH, NumberedCanvas, draw_page, header_height

TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN - 2 * 6     # platypus' frame keeps 6 pt padding on each side
STYLES = {
    "title": ParagraphStyle("title", fontName=BOLD, fontSize=16, leading=20, spaceAfter=3 * mm),
    "notice": ParagraphStyle("notice", fontName=BOLD, fontSize=10, leading=13, spaceAfter=2 * mm,
                             textColor=colors.Color(0.45, 0.16, 0)),
    "fact_label": ParagraphStyle("fact_label", fontName=BOLD, fontSize=9, leading=11.5),
    "fact": ParagraphStyle("fact", fontName=REGULAR, fontSize=9, leading=11.5),
    "section": ParagraphStyle("section", fontName=BOLD, fontSize=12, leading=15, spaceBefore=5 * mm,
                              spaceAfter=1.5 * mm, keepWithNext=1),
    "question": ParagraphStyle("question", fontName=BOLD, fontSize=9.5, leading=12, spaceBefore=2 * mm,
                               keepWithNext=1),
    "answer": ParagraphStyle("answer", fontName=REGULAR, fontSize=9.5, leading=12.5, leftIndent=3 * mm),
}

# reportlab subsets an embedded font by reading the font file through a position kept on the
# font object, which every document shares: two renderings at once in one process (gunicorn's
# threads) can read each other's glyphs. One at a time; the GIL ran them one at a time anyway.
_RENDERING = threading.Lock()


def markup(text: str) -> str:
    """Plain text as a platypus paragraph: what the fonts can show, markup characters escaped."""
    return escape(printable(text)).replace("\t", "    ")


class ReportlabRenderer:
    def __init__(self) -> None:
        register_fonts()

    def render(self, document: PrintDocument) -> bytes:
        buffer = io.BytesIO()
        template = SimpleDocTemplate(
            buffer, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=header_height(document),
            bottomMargin=MARGIN, title=document.title, author=document.author, subject=document.subject,
            creator=document.author, lang="sv-SE", invariant=1, initialFontName=REGULAR,
        )
        on_page = partial(_on_page, document=document)
        with _RENDERING:
            template.build(story(document), onFirstPage=on_page, onLaterPages=on_page, canvasmaker=NumberedCanvas)
        return buffer.getvalue()


def _on_page(canvas, template, *, document: PrintDocument) -> None:
    draw_page(canvas, document)


def story(document: PrintDocument) -> list:
    flowables = [Paragraph(markup(document.title), STYLES["title"])]
    flowables += [Paragraph(markup(notice), STYLES["notice"]) for notice in document.notices]
    if document.facts:
        flowables.append(_facts_table(document))
    for section in document.sections:
        flowables.append(Paragraph(markup(section.label), STYLES["section"]))
        for answer in section.answers:
            flowables.append(Paragraph(markup(answer.label), STYLES["question"]))
            flowables += _answer_blocks(answer.lines)
    return flowables


def _facts_table(document: PrintDocument) -> Table:
    rows = [[Paragraph(markup(f.label), STYLES["fact_label"]), Paragraph(markup(f.value), STYLES["fact"])]
            for f in document.facts]
    table = Table(rows, colWidths=[32 * mm, TEXT_WIDTH - 32 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.Color(0.7, 0.7, 0.7)),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("FONTNAME", (0, 0), (-1, -1), REGULAR)]))
    return table


def _answer_blocks(lines: tuple[str, ...]) -> list:
    style = STYLES["answer"]
    return [block for line in lines for block in text_blocks(line, style, TEXT_WIDTH - 1)] \
        or [Spacer(TEXT_WIDTH, style.leading)]
