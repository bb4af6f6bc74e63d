"""Repositories over one open connection (the unit of work's transaction)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from webcert_common.db import from_json, to_json

from ..domain.certificate import (
    DRAFT, LOCKED, SIGNED_STATUSES, UNSIGNED, Certificate, Delivery, Editor, Related, Revocation,
)
from ..domain.history import HistoryEntry
from . import orm
from .orm import utc

T = orm.certificate
E = orm.certificate_event


def _editor_dump(editor: Editor | None) -> str | None:
    if editor is None:
        return None
    return to_json({"user_id": editor.user_id, "name": editor.name, "token": editor.token,
                  "since": editor.since.isoformat()})


def _editor_load(text: str | None) -> Editor | None:
    data = from_json(text)
    if data is None:
        return None
    return Editor(data["user_id"], data["name"], data["token"], datetime.fromisoformat(data["since"]))


def _row(c: Certificate) -> dict:
    return {
        "id": c.id, "certificate_type": c.certificate_type, "type_version": c.type_version, "status": c.status,
        "version": c.version, "patient_id": c.personnummer, "patient": to_json(c.patient),
        "unit_id": c.unit["id"], "care_unit_id": c.unit["care_unit_id"],
        "care_provider_id": c.unit["care_provider_id"], "unit": to_json(c.unit),
        "created_by": to_json(c.created_by), "created_at": c.created_at, "updated_at": c.updated_at or c.created_at,
        "saved_by": to_json(c.saved_by), "content": to_json(c.content), "forwarded": c.forwarded,
        "editor": _editor_dump(c.editor), "issuer": to_json(c.issuer), "signed_at": c.signed_at,
        "signature": to_json(c.signature), "sent_to": c.sent_to, "sent_at": c.sent_at, "copied_from": c.copied_from,
        "relation_kind": c.relation_kind, "parent_id": c.parent_id,
        "delivery": to_json(c.delivery.as_dict()) if c.delivery else None,
        "revocation": to_json(c.revocation.as_dict()) if c.revocation else None,
    }


def _certificate(row) -> Certificate:
    return Certificate(
        id=row.id, certificate_type=row.certificate_type, type_version=row.type_version,
        patient=from_json(row.patient), unit=from_json(row.unit), created_by=from_json(row.created_by),
        created_at=utc(row.created_at), content=from_json(row.content), status=row.status, version=row.version,
        updated_at=utc(row.updated_at), saved_by=from_json(row.saved_by), forwarded=bool(row.forwarded),
        editor=_editor_load(row.editor), issuer=from_json(row.issuer), signed_at=utc(row.signed_at),
        signature=from_json(row.signature), sent_to=row.sent_to, sent_at=utc(row.sent_at), copied_from=row.copied_from,
        relation_kind=row.relation_kind, parent_id=row.parent_id, delivery=Delivery.from_dict(from_json(row.delivery)),
        revocation=Revocation.from_dict(from_json(row.revocation)),
    )


def _related(row, kind: str) -> Related:
    return Related(kind=kind, id=row.id, certificate_type=row.certificate_type, status=row.status,
                   created_at=utc(row.created_at), signed_at=utc(row.signed_at))


def _on_unit(unit_id: str, include_workplaces: bool):
    """§4.2: the unit or workplace the user is logged in on; a care unit also lists its workplaces'."""
    if include_workplaces:
        return sa.or_(T.c.unit_id == unit_id, T.c.care_unit_id == unit_id)
    return T.c.unit_id == unit_id


class CertificateRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def add(self, certificate: Certificate) -> None:
        self.conn.execute(T.insert().values(**_row(certificate)))

    def get(self, certificate_id: str, *, for_update: bool = False) -> Certificate | None:
        query = sa.select(T).where(T.c.id == certificate_id)
        if for_update and self.conn.dialect.name == "sqlite":
            # SQLite has no row locks: a write that changes nothing takes the database's write lock
            # until commit, so two "check, then act" transactions on one certificate (two clicks on
            # "Ersätt" or "Skicka") run one after the other, as FOR UPDATE makes them on PostgreSQL.
            self.conn.execute(T.update().where(T.c.id == certificate_id).values(version=T.c.version))
        elif for_update:
            query = query.with_for_update()
        row = self.conn.execute(query).one_or_none()
        return None if row is None else self._with_family(_certificate(row))

    def with_children(self, certificates: list[Certificate]) -> list[Certificate]:
        """The certificates made from each of ``certificates``, in one query (a list's rules need them)."""
        ids = [c.id for c in certificates]
        if not ids:
            return certificates
        columns = (T.c.id, T.c.certificate_type, T.c.status, T.c.created_at, T.c.signed_at, T.c.relation_kind,
                   T.c.parent_id)
        by_parent: dict[str, list[Related]] = {}
        for row in self.conn.execute(sa.select(*columns).where(T.c.parent_id.in_(ids))
                                     .order_by(T.c.created_at, T.c.id)):
            by_parent.setdefault(row.parent_id, []).append(_related(row, row.relation_kind))
        for certificate in certificates:
            certificate.children = tuple(by_parent.get(certificate.id, ()))
        return certificates

    def _with_family(self, certificate: Certificate) -> Certificate:
        """The certificates this one came from and those made from it (relations, both ways)."""
        columns = (T.c.id, T.c.certificate_type, T.c.status, T.c.created_at, T.c.signed_at, T.c.relation_kind)
        children = self.conn.execute(sa.select(*columns).where(T.c.parent_id == certificate.id)
                                     .order_by(T.c.created_at, T.c.id))
        certificate.children = tuple(_related(r, r.relation_kind) for r in children)
        if certificate.parent_id:
            parent = self.conn.execute(sa.select(*columns).where(T.c.id == certificate.parent_id)).one_or_none()
            if parent is not None:
                certificate.parent = _related(parent, certificate.relation_kind)
        return certificate

    def update(self, certificate: Certificate, *, expected_version: int) -> bool:
        """Write ``certificate`` if the stored version is still ``expected_version``: two saves
        made on one version cannot both win, whichever process they run in."""
        values = _row(certificate)
        del values["id"]
        result = self.conn.execute(T.update().where(T.c.id == certificate.id)
                                   .where(T.c.version == expected_version).values(**values))
        return result.rowcount == 1

    def delete(self, certificate_id: str, *, expected_version: int) -> bool:
        """Only a draft, only at the version the user saw (§5.2 "Radera"); its history goes with it."""
        result = self.conn.execute(T.delete().where(T.c.id == certificate_id).where(T.c.status == DRAFT)
                                   .where(T.c.version == expected_version))
        if result.rowcount != 1:
            return False
        # its own history, and the rows of its parent that point at it (a deleted replacing draft
        # leaves the original as if "Ersätt" had never been clicked, §5.8)
        self.conn.execute(E.delete().where(sa.or_(E.c.certificate_id == certificate_id,
                                                  E.c.related_id == certificate_id)))
        return True

    def record(self, entry: HistoryEntry) -> None:
        by = entry.by or {}
        self.conn.execute(E.insert().values(certificate_id=entry.certificate_id, kind=entry.kind, at=entry.at,
                                            by_id=by.get("id"), by_name=by.get("name"), related_id=entry.related_id,
                                            detail=entry.detail))

    def history(self, certificate_id: str) -> list[HistoryEntry]:
        rows = self.conn.execute(sa.select(E).where(E.c.certificate_id == certificate_id).order_by(E.c.at, E.c.id))
        return [HistoryEntry(r.certificate_id, r.kind, utc(r.at), {"id": r.by_id, "name": r.by_name} if r.by_id
                             else None, r.related_id, r.detail) for r in rows]

    def for_patient(self, personnummer: str, unit_id: str, include_workplaces: bool) -> list[Certificate]:
        query = (sa.select(T).where(T.c.patient_id == personnummer).where(_on_unit(unit_id, include_workplaces))
                 .order_by(T.c.updated_at.desc()))
        return [_certificate(r) for r in self.conn.execute(query)]

    def drafts(self, unit_id: str, include_workplaces: bool) -> list[Certificate]:
        query = (sa.select(T).where(T.c.status.in_(UNSIGNED)).where(_on_unit(unit_id, include_workplaces))
                 .order_by(T.c.updated_at.desc()))
        return [_certificate(r) for r in self.conn.execute(query)]

    def signed_since(self, unit_id: str, include_workplaces: bool, since: datetime) -> list[Certificate]:
        query = (sa.select(T).where(T.c.signed_at.is_not(None)).where(T.c.signed_at >= since)
                 .where(_on_unit(unit_id, include_workplaces)).order_by(T.c.signed_at.desc()))
        return [_certificate(r) for r in self.conn.execute(query)]

    def lock_created_before(self, cutoff: datetime, now: datetime) -> list:
        """CERT-8 in one statement: every draft created before ``cutoff`` becomes LOCKED. The
        ``status = DRAFT`` condition makes it safe in several processes at once: a row is
        locked by exactly one of them, and only that one gets it back (RETURNING)."""
        statement = (T.update().where(T.c.status == DRAFT).where(T.c.created_at < cutoff)
                     .values(status=LOCKED, version=T.c.version + 1, editor=None, updated_at=now)
                     .returning(T.c.id, T.c.certificate_type, T.c.type_version, T.c.unit_id, T.c.care_unit_id,
                                T.c.care_provider_id, T.c.created_at))
        return list(self.conn.execute(statement))

    def latest_signed(self, personnummer: str, certificate_type: str, unit_id: str) -> Certificate | None:
        """The patient's most recently signed certificate of a type on one unit (§6.13: a DOI takes
        from the DB of the same unit)."""
        query = (sa.select(T).where(T.c.patient_id == personnummer).where(T.c.certificate_type == certificate_type)
                 .where(T.c.unit_id == unit_id).where(T.c.status.in_(SIGNED_STATUSES))
                 .order_by(T.c.signed_at.desc()).limit(1))
        row = self.conn.execute(query).one_or_none()
        return None if row is None else _certificate(row)

    def exists(self, certificate_id: str) -> bool:
        return self.conn.execute(sa.select(T.c.id).where(T.c.id == certificate_id)).first() is not None


class FavouriteRepository:
    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def of(self, user_id: str) -> set[str]:
        rows = self.conn.execute(sa.select(orm.favourite.c.certificate_type)
                                 .where(orm.favourite.c.user_id == user_id))
        return {r.certificate_type for r in rows}

    def set(self, user_id: str, certificate_type: str, favourite: bool, now: datetime) -> None:
        table = orm.favourite
        self.conn.execute(table.delete().where(table.c.user_id == user_id)
                          .where(table.c.certificate_type == certificate_type))
        if favourite:
            self.conn.execute(table.insert().values(user_id=user_id, certificate_type=certificate_type,
                                                    created_at=now))
