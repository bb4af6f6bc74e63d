"""The demo world's certificates (deploy/demo/demo-data.yaml, ``certificates``): signed with the
demo CA as if on the day they were signed, sent where the entry says. Loaded once: an id
already in the database is left alone, so ``prepare`` may run at every start."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import yaml

from webcert_common.clock import FakeClock

from ..domain.certificate import SENT, Certificate
from ..domain import history
from ..domain.certificate_type import CertificateType
from ..domain.history import HistoryEntry
from ..domain.signature import SignerIdentity
from ..examples import example_content
from .repository import CertificateRepository
from .signing import DemoCertificateAuthority, sign

SWEDEN = ZoneInfo("Europe/Stockholm")
ROLE_BY_PROFESSION = {"Läkare": "LAKARE", "Tandläkare": "TANDLAKARE"}


def _units(world: dict) -> dict[str, dict]:
    units = {}
    for provider in world.get("care_providers", []):
        for unit in provider.get("units", []):
            snapshot = {"care_unit_id": unit["hsa_id"], "care_unit_name": unit["name"],
                        "care_provider_id": provider["hsa_id"], "care_provider_name": provider["name"]}
            units[unit["hsa_id"]] = {"id": unit["hsa_id"], "name": unit["name"], **snapshot}
            for workplace in unit.get("workplaces", []):
                units[workplace["hsa_id"]] = {"id": workplace["hsa_id"], "name": workplace["name"], **snapshot}
    return units


def _issuer(world: dict, hsa_id: str) -> dict:
    user = next(u for u in world.get("siths_users", []) if u["hsa_id"] == hsa_id)
    professions = user.get("legitimerade_yrkesgrupper") or []
    role = next((ROLE_BY_PROFESSION[p] for p in professions if p in ROLE_BY_PROFESSION), "LAKARE")
    return {"id": hsa_id, "name": user["name"], "role": role}


def _patient(world: dict, personnummer: str) -> dict:
    person = next(p for p in world.get("patients", []) if p["personnummer"] == personnummer)
    return {"personnummer": personnummer, "name": person["name"], "address": person.get("address"),
            "protected_identity": bool(person.get("protected_identity")),
            "deceased": bool(person.get("deceased")), "date_of_death": person.get("date_of_death")}


def load_demo_certificates(engine: sa.Engine, path: str | Path, types: dict[str, CertificateType],
                           authority: DemoCertificateAuthority, now: datetime | None = None) -> int:
    """Returns how many certificates were added."""
    from ..service_layer.signing import signable   # the one definition of what a signature covers

    world = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    now = now or datetime.now(timezone.utc)
    units, added = _units(world), 0
    with engine.begin() as conn:
        repository = CertificateRepository(conn)
        for entry in world.get("certificates", []):
            if repository.exists(entry["id"]):
                continue
            cert_type = types[entry["type"]]
            signed_at = (now - timedelta(days=entry["signed_days_ago"])).replace(microsecond=0)
            issuer = _issuer(world, entry["issuer"])
            certificate = Certificate(
                id=entry["id"], certificate_type=cert_type.code, type_version=cert_type.version,
                patient=_patient(world, entry["patient"]), unit=units[entry["unit"]], created_by=issuer,
                created_at=signed_at - timedelta(hours=1), updated_at=signed_at - timedelta(hours=1))
            content = example_content(cert_type.code, signed_at.astimezone(SWEDEN).date())
            signer = authority.issue(SignerIdentity(issuer["id"], issuer["name"]),
                                     not_before=signed_at - timedelta(days=1))
            signature = sign(signable(certificate, issuer, content), signer, clock=FakeClock(signed_at))
            certificate.sign(issuer=issuer, content=content, signature=signature.to_dict(),
                             signed_at=signature.signed_at)
            if entry.get("sent_to"):
                certificate.status, certificate.sent_to = SENT, entry["sent_to"]
                certificate.sent_at = signature.signed_at + timedelta(minutes=2)
            repository.add(certificate)
            who = {"id": issuer["id"], "name": issuer["name"]}
            repository.record(HistoryEntry(certificate.id, history.CREATED, certificate.created_at, who))
            repository.record(HistoryEntry(certificate.id, history.SIGNED, certificate.signed_at, who))
            if certificate.sent_at:
                repository.record(HistoryEntry(certificate.id, history.SENT, certificate.sent_at, who))
            added += 1
        added += _load_drafts(world, units, repository, types, now)
    return added


def _load_drafts(world: dict, units: dict, repository: CertificateRepository, types: dict[str, CertificateType],
                 now: datetime) -> int:
    """The demo world's unsigned drafts, created ``created_days_ago`` days before ``now``; the
    locking job, not this loader, locks the ones that are due (CERT-8)."""
    added = 0
    for entry in world.get("drafts", []):
        if repository.exists(entry["id"]):
            continue
        cert_type = types[entry["type"]]
        created_at = (now - timedelta(days=entry["created_days_ago"])).replace(microsecond=0)
        author = _issuer(world, entry["created_by"])
        who = {"id": author["id"], "name": author["name"]}
        repository.add(Certificate(
            id=entry["id"], certificate_type=cert_type.code, type_version=cert_type.version,
            patient=_patient(world, entry["patient"]), unit=units[entry["unit"]], created_by=author,
            created_at=created_at, updated_at=created_at, content=dict(entry.get("content") or {}),
            saved_by=who))
        repository.record(HistoryEntry(entry["id"], history.CREATED, created_at, who))
        added += 1
    return added
