"""Ends sessions nobody touched in time (§3 "Logga ut": out after thirty minutes without
activity, enforced by the server even when the browser is gone), each with its event."""
from __future__ import annotations

from webcert_common.bus import contracts

from .handlers import AuthServices


def expire_overdue_sessions(deps: AuthServices, batch: int = 200) -> int:
    """One sweep; returns how many sessions it ended."""
    ended = 0
    while True:
        with deps.uow() as uow:
            now = deps.clock.now()
            overdue = uow.sessions.overdue(now, limit=batch)
            for session in overdue:
                reason = session.expiry_reason(now)
                session.end(now, reason)
                uow.sessions.save(session)
                uow.add_event(contracts.USER_SESSION_EXPIRED, {"user_id": session.user.id, "reason": reason})
            uow.commit()
        ended += len(overdue)
        if len(overdue) < batch:
            return ended
