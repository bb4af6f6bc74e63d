"""The Bitstream Vera fonts that ship inside reportlab, embedded in every PDF: the same glyphs on
every machine (no system fonts), and åäöÅÄÖé with them (the PDF standard fonts lack a Unicode map
that text extraction can rely on)."""
from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
REGULAR, BOLD, ITALIC, BOLD_ITALIC = "WebcertVera", "WebcertVera-Bold", "WebcertVera-Italic", "WebcertVera-BoldItalic"
_FILES = {REGULAR: "Vera.ttf", BOLD: "VeraBd.ttf", ITALIC: "VeraIt.ttf", BOLD_ITALIC: "VeraBI.ttf"}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Once per process (reportlab keeps fonts in a process-wide registry)."""
    global _registered
    with _lock:
        if _registered:
            return
        for name, file_name in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file_name)))
        for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
            addMapping(REGULAR, bold, italic, name)
        _registered = True


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """The characters both the regular and the bold font have glyphs for, and the line breaks and
    tabs the layout turns into lines and spaces."""
    register_fonts()
    regular, bold = (set(pdfmetrics.getFont(name).face.charToGlyph) for name in (REGULAR, BOLD))
    return frozenset(regular & bold | {ord("\n"), ord("\t")})


def printable(text: str) -> str:
    """``text`` with every character the fonts lack replaced: by its letter without the accent
    when the fonts have that (ő → o, ă → a: a name stays readable), otherwise by "?". A missing
    glyph prints as nothing or a box and reads back as a NUL character; a "?" shows that
    something was there."""
    covered = _covered()
    if covered.issuperset(map(ord, text)):
        return text
    return "".join(ch if ord(ch) in covered else _substitute(ch, covered) for ch in text)


def _substitute(ch: str, covered: frozenset[int]) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if base and all(ord(c) in covered for c in base) else "?"
