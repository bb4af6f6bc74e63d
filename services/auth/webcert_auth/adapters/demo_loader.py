"""Loads the demo world (deploy/demo/demo-data.yaml) into the directory, the account table
and the HoSp-like licence table. Idempotent: rows already there are updated, never doubled,
so it runs at every start."""
from __future__ import annotations

import hashlib
from pathlib import Path

import sqlalchemy as sa
import yaml

from . import orm

REPO_ROOT = Path(__file__).resolve().parents[4]
DEFAULT_DEMO_DATA_PATH = REPO_ROOT / "deploy" / "demo" / "demo-data.yaml"


def eleg_account_id(personal_identity_number: str) -> str:
    """A stable account id that does not reveal the personnummer (events name users by it)."""
    digest = hashlib.sha256(("webcert-eleg-account:" + personal_identity_number).encode()).hexdigest()
    return "ELEG-" + digest[:12].upper()


def read_demo_world(path: str | Path | None = None) -> dict:
    with open(path or DEFAULT_DEMO_DATA_PATH, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _upsert(conn: sa.Connection, table: sa.Table, key: dict, values: dict) -> None:
    where = sa.and_(*(table.c[k] == v for k, v in key.items()))
    if conn.execute(sa.select(sa.func.count()).select_from(table).where(where)).scalar():
        if values:
            conn.execute(table.update().where(where).values(**values))
    else:
        conn.execute(table.insert().values(**key, **values))


def _load_care_providers(conn, providers: list[dict]) -> None:
    position = 0
    for provider in providers:
        _upsert(conn, orm.care_provider, {"id": provider["hsa_id"]},
                {"name": provider["name"], "standalone": provider.get("standalone", "allowed")})
        for unit in provider.get("units", []):
            position += 1
            _upsert(conn, orm.care_unit, {"id": unit["hsa_id"]},
                    {"name": unit["name"], "care_provider_id": provider["hsa_id"], "parent_id": None,
                     "email": unit.get("email"), "srs_pilot": bool(unit.get("srs_pilot")), "position": position})
            for place in unit.get("workplaces") or []:
                position += 1
                _upsert(conn, orm.care_unit, {"id": place["hsa_id"]},
                        {"name": place["name"], "care_provider_id": provider["hsa_id"], "parent_id": unit["hsa_id"],
                         # A workplace's own address, if it has one; GET /units falls back to its care unit's.
                         "email": place.get("email"), "srs_pilot": bool(unit.get("srs_pilot")), "position": position})


def _load_siths_users(conn, users: list[dict]) -> None:
    for user in users:
        _upsert(conn, orm.directory_user, {"hsa_id": user["hsa_id"]}, {
            "name": user["name"],
            "licensed_professions": list(user.get("legitimerade_yrkesgrupper") or []),
            "position_codes": [str(c) for c in user.get("befattningskoder") or []],
            "group_prescriber_code": user.get("forskrivarkod"),
            "protected_identity": bool(user.get("protected_identity", False)),
        })
        for item in user.get("assignments") or []:
            _upsert(conn, orm.assignment,
                    {"user_hsa_id": user["hsa_id"], "unit_id": item["unit"], "purpose": item["purpose"]}, {})


def _load_eleg_users(conn, users: list[dict]) -> None:
    for user in users:
        pnr = user["personnummer"]
        hosp = user.get("hosp")
        if hosp and hosp.get("legitimerad_yrkesgrupp"):
            _upsert(conn, orm.licence, {"personal_identity_number": pnr},
                    {"licensed_profession": hosp["legitimerad_yrkesgrupp"]})
        if user.get("account") != "registered":
            continue   # Petra, Oskar, Hans: no account until they register (Appendix A)
        account_id = eleg_account_id(pnr)
        if conn.execute(sa.select(orm.eleg_account.c.id).where(orm.eleg_account.c.id == account_id)).first():
            continue   # the doctor may have changed the details on Min sida: keep them
        practice = user.get("practice") or {}
        provider_id, unit_id = f"{account_id}-VG", f"{account_id}-VE"
        _upsert(conn, orm.care_provider, {"id": provider_id},
                {"name": practice.get("care_provider_name", user["name"]), "standalone": "allowed"})
        _upsert(conn, orm.care_unit, {"id": unit_id},
                {"name": practice.get("unit_name", user["name"]), "care_provider_id": provider_id,
                 "parent_id": None, "email": practice.get("email"), "srs_pilot": False, "position": 10_000})
        conn.execute(orm.eleg_account.insert().values(
            id=account_id, personal_identity_number=pnr, name=user["name"], care_provider_id=provider_id,
            unit_id=unit_id, email=practice.get("email"), phone=practice.get("phone")))


def load_demo_world(engine: sa.Engine, path: str | Path | None = None) -> None:
    world = read_demo_world(path)
    with engine.begin() as conn:
        _load_care_providers(conn, world.get("care_providers") or [])
        _load_siths_users(conn, world.get("siths_users") or [])
        _load_eleg_users(conn, world.get("eleg_users") or [])
