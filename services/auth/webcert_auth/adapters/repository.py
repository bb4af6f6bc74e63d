"""Repositories over one open connection (the unit of work's transaction)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from ..domain.directory import (Assignment, CareProvider, CareUnit, DirectoryUser, UnitAddress, Workplace,
                                unit_address)
from ..domain.roles import Role
from ..domain.session import Session, SessionUser
from . import orm
from .orm import utc


class DirectoryRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def user(self, hsa_id: str) -> DirectoryUser | None:
        row = self.conn.execute(sa.select(orm.directory_user).where(orm.directory_user.c.hsa_id == hsa_id)).first()
        if row is None:
            return None
        assignments = self.conn.execute(
            sa.select(orm.assignment.c.unit_id, orm.assignment.c.purpose)
            .where(orm.assignment.c.user_hsa_id == hsa_id).order_by(orm.assignment.c.id)).all()
        return DirectoryUser(
            hsa_id=row.hsa_id, name=row.name,
            licensed_professions=tuple(row.licensed_professions or ()),
            position_codes=tuple(row.position_codes or ()),
            group_prescriber_code=row.group_prescriber_code,
            protected_identity=bool(row.protected_identity),
            assignments=tuple(Assignment(a.unit_id, a.purpose) for a in assignments),
        )

    def care_units(self, unit_ids: list[str]) -> list[CareUnit]:
        """The named top-level care units with their workplaces, in the order asked for."""
        if not unit_ids:
            return []
        u, p = orm.care_unit, orm.care_provider
        rows = self.conn.execute(
            sa.select(u.c.id, u.c.name, u.c.parent_id, u.c.position, p.c.id.label("cp_id"),
                      p.c.name.label("cp_name"), p.c.standalone)
            .join(p, p.c.id == u.c.care_provider_id)
            .where(sa.or_(u.c.id.in_(unit_ids), u.c.parent_id.in_(unit_ids)))
            .order_by(u.c.position, u.c.id)).all()
        workplaces: dict[str, list[Workplace]] = {}
        for row in rows:
            if row.parent_id is not None:
                workplaces.setdefault(row.parent_id, []).append(Workplace(row.id, row.name))
        units = {row.id: CareUnit(row.id, row.name, CareProvider(row.cp_id, row.cp_name, row.standalone),
                                  tuple(workplaces.get(row.id, ())))
                 for row in rows if row.parent_id is None}
        return [units[i] for i in unit_ids if i in units]

    def unit_address(self, unit_id: str) -> UnitAddress | None:
        """A care unit or workplace with its e-mail address. An e-legitimation doctor's practice is
        reached at the account's address, which "Ändra uppgifter" (Appendix A) keeps current."""
        u, parent, account = orm.care_unit, orm.care_unit.alias("parent"), orm.eleg_account
        row = self.conn.execute(
            sa.select(u.c.id, u.c.name, u.c.email, u.c.parent_id, u.c.care_provider_id,
                      parent.c.email.label("parent_email"), account.c.email.label("account_email"))
            .outerjoin(parent, parent.c.id == u.c.parent_id)
            .outerjoin(account, account.c.unit_id == u.c.id)
            .where(u.c.id == unit_id)).first()
        if row is None:
            return None
        return unit_address(row.id, row.name, row.account_email or row.email, row.parent_id or row.id,
                            row.parent_email, row.care_provider_id)


@dataclass(frozen=True)
class ElegAccount:
    id: str
    personal_identity_number: str
    name: str
    care_provider_id: str
    care_provider_name: str
    unit_id: str
    unit_name: str
    email: str | None
    phone: str | None

    def as_view(self) -> dict:
        """Min sida: never the personnummer (it is the user's own, but stays out of the API)."""
        return {"id": self.id, "name": self.name, "care_provider_name": self.care_provider_name,
                "unit_name": self.unit_name, "email": self.email, "phone": self.phone}


class AccountRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def _select(self):
        a, p, u = orm.eleg_account, orm.care_provider, orm.care_unit
        return (sa.select(a, p.c.name.label("care_provider_name"), u.c.name.label("unit_name"))
                .join(p, p.c.id == a.c.care_provider_id).join(u, u.c.id == a.c.unit_id))

    @staticmethod
    def _account(row) -> ElegAccount | None:
        if row is None:
            return None
        return ElegAccount(row.id, row.personal_identity_number, row.name, row.care_provider_id,
                           row.care_provider_name, row.unit_id, row.unit_name, row.email, row.phone)

    def by_personal_identity_number(self, pnr: str) -> ElegAccount | None:
        return self._account(self.conn.execute(
            self._select().where(orm.eleg_account.c.personal_identity_number == pnr)).first())

    def by_id(self, account_id: str) -> ElegAccount | None:
        return self._account(self.conn.execute(self._select().where(orm.eleg_account.c.id == account_id)).first())

    def licensed_profession(self, pnr: str) -> str | None:
        return self.conn.execute(sa.select(orm.licence.c.licensed_profession)
                                 .where(orm.licence.c.personal_identity_number == pnr)).scalar()

    def update(self, account: ElegAccount, changes: dict) -> None:
        own = {k: changes[k] for k in ("name", "email", "phone") if k in changes}
        if own:
            self.conn.execute(orm.eleg_account.update().where(orm.eleg_account.c.id == account.id).values(**own))
        if "care_provider_name" in changes:
            self.conn.execute(orm.care_provider.update().where(orm.care_provider.c.id == account.care_provider_id)
                              .values(name=changes["care_provider_name"]))
        if "unit_name" in changes:
            self.conn.execute(orm.care_unit.update().where(orm.care_unit.c.id == account.unit_id)
                              .values(name=changes["unit_name"]))


def _units_to_json(units: list[CareUnit]) -> list[dict]:
    return [{"id": u.id, "name": u.name,
             "care_provider": {"id": u.care_provider.id, "name": u.care_provider.name,
                               "standalone": u.care_provider.standalone},
             "workplaces": [{"id": w.id, "name": w.name} for w in u.workplaces]} for u in units]


def _units_from_json(data: list[dict]) -> list[CareUnit]:
    return [CareUnit(u["id"], u["name"], CareProvider(**u["care_provider"]),
                     tuple(Workplace(w["id"], w["name"]) for w in u["workplaces"])) for u in data]


class SessionRepository:
    """Sessions keep a snapshot of the user taken at login: §Appendix A, changed account
    details show up after the next login, not in the running session."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def add(self, s: Session) -> None:
        snapshot = {"user": {"id": s.user.id, "name": s.user.name, "role": s.user.role.value,
                             "login_method": s.user.login_method, "protected_identity": s.user.protected_identity},
                    "units": _units_to_json(s.units)}
        self.conn.execute(orm.session.insert().values(
            token_hash=s.token_hash, user_id=s.user.id, snapshot=snapshot, created_at=s.created_at,
            idle_limit_seconds=int(s.idle_limit.total_seconds()), expires_at=s.expires_at, **self._mutable(s)))

    @staticmethod
    def _mutable(s: Session) -> dict:
        return {"unit_id": s.unit_id, "acknowledgements": list(s.acknowledgements),
                "last_activity_at": s.last_activity_at, "idle_expires_at": s.idle_expires_at,
                "ended_at": s.ended_at, "end_reason": s.end_reason}

    def save(self, s: Session) -> None:
        self.conn.execute(orm.session.update().where(orm.session.c.token_hash == s.token_hash)
                          .values(**self._mutable(s)))

    def get(self, token_hash: str) -> Session | None:
        row = self.conn.execute(sa.select(orm.session).where(orm.session.c.token_hash == token_hash)).first()
        return self._session(row) if row is not None else None

    def overdue(self, now: datetime, limit: int = 200) -> list[Session]:
        """Open sessions past their idle or absolute limit, for the sweeper."""
        s = orm.session
        rows = self.conn.execute(sa.select(s).where(s.c.ended_at.is_(None))
                                 .where(sa.or_(s.c.idle_expires_at <= now, s.c.expires_at <= now))
                                 .order_by(s.c.idle_expires_at).limit(limit)).all()
        return [self._session(r) for r in rows]

    @staticmethod
    def _session(row) -> Session:
        user = row.snapshot["user"]
        return Session(
            token_hash=row.token_hash,
            user=SessionUser(user["id"], user["name"], Role(user["role"]), user["login_method"],
                             bool(user["protected_identity"])),
            units=_units_from_json(row.snapshot["units"]),
            created_at=utc(row.created_at), last_activity_at=utc(row.last_activity_at),
            expires_at=utc(row.expires_at), idle_limit=timedelta(seconds=row.idle_limit_seconds),
            unit_id=row.unit_id, acknowledgements=list(row.acknowledgements or []),
            ended_at=utc(row.ended_at), end_reason=row.end_reason,
        )


class AssertionLedger:
    """Assertions already used to log in (replay protection)."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def claim(self, assertion_hash: str, now: datetime, keep: timedelta) -> bool:
        """True the first time a hash is claimed, False ever after (while it is kept)."""
        table = orm.used_assertion
        self.conn.execute(table.delete().where(table.c.used_at < now - keep))
        try:
            with self.conn.begin_nested():
                self.conn.execute(table.insert().values(assertion_hash=assertion_hash, used_at=now))
        except sa.exc.IntegrityError:
            return False
        return True
