"""Text as it may be printed: no control characters, times as Swedes read them."""
from __future__ import annotations

import re
from datetime import datetime

from webcert_common.clock import swedish_minute

# Unicode's control characters (category Cc) but newline and tab, and the lone surrogates (Cs).
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(value) -> str:
    """``value`` as text fit for a PDF: control characters (except newline and tab) and lone
    surrogates removed. A JSON string may carry either; the PDF writer cannot encode a lone
    surrogate, and control characters print as nothing or as garbage."""
    text = "" if value is None else str(value)
    return UNPRINTABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def swedish_time(value) -> str:
    """An ISO time as "2026-11-26 09:00" in Swedish time; a value that is no time is shown as it
    came, cleaned."""
    return swedish_minute(value if isinstance(value, datetime) else clean(value)) or clean(value)
