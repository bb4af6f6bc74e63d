"""A logged-in session: who, on which unit, what the user must still do (pending), and when
it ends. §3 "Logga ut": out after thirty minutes without activity; an absolute limit too.
Time always comes from the caller (a Clock), never from the system here."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .directory import CareUnit, SelectableUnit, find_selectable, selectable_units
from .errors import InvalidRequest, NotAuthenticated, NotPermitted, refusal
from .privileges import COLUMNS, FUNCTIONS_BY_COLUMN, Privilege, UserContext, column_for, decide
from .roles import Role

IDLE_LIMIT = timedelta(minutes=30)
ABSOLUTE_LIMIT = timedelta(hours=12)

CHOOSE_UNIT = "choose_unit"
PROTECTED_IDENTITY_RISK = "protected_identity_risk"
STANDALONE_WARNING = "standalone_warning"
ACKNOWLEDGEMENT_KINDS = (PROTECTED_IDENTITY_RISK, STANDALONE_WARNING)


@dataclass(frozen=True)
class SessionUser:
    id: str                 # HSA id, or the e-legitimation account id (never a personnummer)
    name: str
    role: Role
    login_method: str
    protected_identity: bool = False


@dataclass
class Session:
    token_hash: str
    user: SessionUser
    units: list[CareUnit]
    created_at: datetime
    last_activity_at: datetime
    expires_at: datetime
    idle_limit: timedelta = IDLE_LIMIT
    unit_id: str | None = None
    acknowledgements: list[str] = field(default_factory=list)
    ended_at: datetime | None = None
    end_reason: str | None = None     # logged_out | idle | absolute

    @classmethod
    def start(cls, token_hash: str, user: SessionUser, units: list[CareUnit], now: datetime,
              idle_limit: timedelta = IDLE_LIMIT, absolute_limit: timedelta = ABSOLUTE_LIMIT) -> "Session":
        session = cls(token_hash, user, units, now, now, now + absolute_limit, idle_limit)
        choices = selectable_units(units)
        if len(choices) == 1:
            # §3 step 1.1.3 only when there is something to choose.
            session.unit_id = choices[0].id
        return session

    # -- time ------------------------------------------------------------------------
    @property
    def idle_expires_at(self) -> datetime:
        return self.last_activity_at + self.idle_limit

    def expiry_reason(self, now: datetime) -> str | None:
        if now >= self.expires_at:
            return "absolute"
        if now >= self.idle_expires_at:
            return "idle"
        return None

    def ensure_alive(self, now: datetime) -> None:
        """Raise the matching 401 refusal for an ended or expired session."""
        reason = self.end_reason or self.expiry_reason(now)
        if reason == "idle":
            raise refusal(NotAuthenticated, "SESSION_EXPIRED_IDLE")
        if reason == "absolute":
            raise refusal(NotAuthenticated, "SESSION_EXPIRED_ABSOLUTE")
        if reason is not None:
            raise refusal(NotAuthenticated, "SESSION_UNKNOWN")

    def touch(self, now: datetime) -> None:
        self.last_activity_at = max(self.last_activity_at, now)

    def end(self, now: datetime, reason: str) -> None:
        self.ended_at = now
        self.end_reason = reason

    # -- unit ------------------------------------------------------------------------
    @property
    def current_unit(self) -> SelectableUnit | None:
        return find_selectable(self.units, self.unit_id) if self.unit_id else None

    @property
    def may_change_unit(self) -> bool:
        # §3 "Byta vårdenhet": only with several units/workplaces, only with SITHS-kort (Tabell 3).
        column = column_for(self.user.role, self.user.login_method)
        allowed = FUNCTIONS_BY_COLUMN[Privilege.CHANGE_UNIT][COLUMNS.index(column)]
        return allowed and len(selectable_units(self.units)) > 1

    def choose_unit(self, unit_id: str) -> bool:
        """Log in on, or switch to, a unit; True when the unit actually changed."""
        target = find_selectable(self.units, unit_id)
        if target is None:
            raise refusal(NotPermitted, "NOT_ASSIGNED_TO_UNIT")
        if self.unit_id is not None and not self.may_change_unit:
            if unit_id == self.unit_id:
                return False
            raise refusal(NotPermitted, "CHANGE_UNIT_NOT_ALLOWED")
        changed = unit_id != self.unit_id
        self.unit_id = unit_id
        return changed

    # -- what the user must do first ---------------------------------------------------
    def _standalone_key(self) -> str | None:
        unit = self.current_unit
        return f"{STANDALONE_WARNING}:{unit.care_provider.id}" if unit else None

    @property
    def pending(self) -> list[str]:
        steps = []
        if self.current_unit is None:
            steps.append(CHOOSE_UNIT)
        if self.user.protected_identity and PROTECTED_IDENTITY_RISK not in self.acknowledgements:
            steps.append(PROTECTED_IDENTITY_RISK)   # §5.8: accept the risk before using Webcert
        unit = self.current_unit
        # §3: a warned user gets the information box; a blocked user does not.
        if unit and unit.care_provider.standalone == "warn" and self._standalone_key() not in self.acknowledgements:
            steps.append(STANDALONE_WARNING)
        return steps

    def acknowledge(self, kind: str) -> None:
        if kind == PROTECTED_IDENTITY_RISK:
            key = PROTECTED_IDENTITY_RISK
        elif kind == STANDALONE_WARNING:
            key = self._standalone_key()
            if key is None:
                return   # nothing to acknowledge before a unit is chosen
        else:
            raise refusal(InvalidRequest, "UNKNOWN_ACKNOWLEDGEMENT")
        if key not in self.acknowledgements:
            self.acknowledgements.append(key)

    # -- privileges ----------------------------------------------------------------------
    def user_context(self) -> UserContext:
        unit = self.current_unit
        return UserContext(self.user.role, self.user.login_method,
                           unit.care_provider.standalone if unit else None)

    def decide(self, privilege: Privilege | str, certificate_type: str | None = None):
        return decide(self.user_context(), privilege, certificate_type)
