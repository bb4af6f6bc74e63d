"""Answer text as a platypus flowable that costs time linear in its length, whatever the text.

A platypus ``Paragraph`` re-wraps its remaining text at every page break (one paragraph of a
megabyte took minutes) and costs a quarter of a millisecond each (a text of many short lines);
``Preformatted`` trims blank lines one list copy at a time. Here the text is wrapped once, with
reportlab's own line splitting, and each page takes the lines that fit."""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.lib.utils import simpleSplit
from reportlab.platypus.flowables import Flowable

from .fonts import printable

LINES_PER_BLOCK = 40   # a long answer is several blocks, so that a page break copies few lines
FIRST_LINES = 3        # the question's label keeps with the first block: a short one, so that a long
                       # answer starts under its question instead of moving whole to the next page


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` as the lines it prints on: its own line breaks kept, a run of blank lines kept
    as one, long lines wrapped at spaces and a word too long for a line cut where the line ends."""
    lines: list[str] = []
    for part in printable(text).replace("\t", "    ").split("\n"):
        wrapped = simpleSplit(part, font, size, width)
        if not wrapped and lines and lines[-1] != "":
            lines.append("")
        for line in wrapped:
            # simpleSplit overruns the width only with a word alone on its line
            too_wide = " " not in line and stringWidth(line, font, size) > width
            lines += _cut(line, font, size, width) if too_wide else [line]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _cut(word: str, font: str, size: float, width: float) -> list[str]:
    pieces, start, used = [], 0, 0.0
    for index, char in enumerate(word):
        advance = stringWidth(char, font, size)
        if used + advance > width and index > start:
            pieces.append(word[start:index])
            start, used = index, 0.0
        used += advance
    return pieces + [word[start:]]


def text_blocks(text: str, style: ParagraphStyle, width: float) -> list["TextBlock"]:
    lines = wrap_text(text, style.fontName, style.fontSize, width - style.leftIndent)
    blocks = [lines[:FIRST_LINES]] + [lines[i:i + LINES_PER_BLOCK]
                                      for i in range(FIRST_LINES, len(lines), LINES_PER_BLOCK)]
    return [TextBlock(block, style) for block in blocks if block]


class TextBlock(Flowable):
    def __init__(self, lines: list[str], style: ParagraphStyle) -> None:
        super().__init__()
        self.lines = lines
        self.style = style

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = self.style.leading * len(self.lines)
        return self.width, self.height

    def split(self, available_width, available_height):
        fit = int(available_height // self.style.leading)
        if fit < 1 or fit >= len(self.lines):
            return []
        if fit < 2 < len(self.lines):   # no single line left alone at the foot of a page
            return []
        return [TextBlock(self.lines[:fit], self.style), TextBlock(self.lines[fit:], self.style)]

    def draw(self):
        text = self.canv.beginText(self.style.leftIndent, self.height - self.style.fontSize)
        text.setFont(self.style.fontName, self.style.fontSize, self.style.leading)
        for line in self.lines:
            text.textLine(line)
        self.canv.drawText(text)
