"""Where an assertion may be sent: the IdP's own origin, or an origin on the allow-list.
Anything else would hand a login to a stranger (an open redirect with a credential)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

_STATE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


def state_is_valid(state: str | None) -> bool:
    return bool(state) and bool(_STATE.match(state))


def return_to_is_allowed(return_to: str | None, own_origin: str, allowed_origins: tuple[str, ...]) -> bool:
    if not return_to or len(return_to) > 2000 or "\\" in return_to or any(ord(c) < 32 for c in return_to):
        return False
    parts = urlsplit(return_to)
    if not parts.scheme and not parts.netloc:
        return return_to.startswith("/") and not return_to.startswith("//")
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.username or parts.password:
        return False
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    return origin == own_origin.rstrip("/").lower() or origin in {o.lower() for o in allowed_origins}


def origin_of(return_to: str) -> str | None:
    parts = urlsplit(return_to)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else None
