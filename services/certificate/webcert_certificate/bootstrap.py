"""Wiring: the real (or fake) dependencies of the certificate service, and ``prepare`` that
makes its database ready (create, migrate, the demo CA, the demo world's certificates) -- safe
at every start, and run once before any process of the service starts."""
from __future__ import annotations

from functools import partial
from pathlib import Path

import sqlalchemy as sa
from webcert_common.clock import Clock, SystemClock
from webcert_common.db import migrate_database
from webcert_common.service_client import HttpServiceClient, ServiceClient

from .adapters.code_lists import code_lists
from .adapters.demo_loader import load_demo_certificates
from .adapters.outside_services import auth_sessions, pu_lookup_patients
from .adapters.pdf_renderer import HttpPdfRenderer
from .adapters.signing import DemoCertificateAuthority
from .adapters.signing_cards import DemoSigningCards
from .adapters.type_loader import load_certificate_types
from .config import CertificateConfig
from .service_layer.handlers import CertificateServices
from .service_layer.unit_of_work import SqlUnitOfWork

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def certificate_authority(config: CertificateConfig, clock: Clock | None = None) -> DemoCertificateAuthority:
    """The demo identity provider's CA (the stand-in for SITHS and BankID), one per deployment."""
    return DemoCertificateAuthority.load_or_create(config.signing_ca_dir, clock=clock)


def prepare(config: CertificateConfig, engine: sa.Engine | None = None) -> None:
    authority = certificate_authority(config)
    demo = None
    if config.load_demo_world:
        def demo(e: sa.Engine) -> None:
            load_demo_certificates(e, config.demo_data_path, load_certificate_types(), authority)
    migrate_database(config.database_url, MIGRATIONS_DIR, engine, then=demo)


def build_services(config: CertificateConfig, engine: sa.Engine, *, auth_client: ServiceClient | None = None,
                   pu_lookup_client: ServiceClient | None = None, pdf_client: ServiceClient | None = None,
                   clock: Clock | None = None) -> CertificateServices:
    clock = clock or SystemClock()
    timeout = config.service_timeout_seconds
    return CertificateServices(
        uow=partial(SqlUnitOfWork, engine, clock),
        sessions=auth_sessions(auth_client or HttpServiceClient(config.auth_url, timeout=timeout)),
        patients=pu_lookup_patients(pu_lookup_client or HttpServiceClient(config.pu_lookup_url, timeout=timeout,
                                                                        reads_by_post=True)),
        types=load_certificate_types(),
        code_lists=code_lists(),
        cards=DemoSigningCards(lambda: certificate_authority(config, clock)),
        clock=clock,
        signed_list_days=config.signed_list_days,
        pdf=HttpPdfRenderer(pdf_client or HttpServiceClient(config.pdf_url, timeout=timeout)),
    )


def main() -> None:
    """``python -m webcert_certificate.bootstrap``: prepare the database before gunicorn starts."""
    from webcert_common.logging import configure_logging, get_logger

    config = CertificateConfig.from_env()
    configure_logging(config.service_name, config.log_level)
    prepare(config)
    get_logger(__name__).info("certificate_database_ready")


if __name__ == "__main__":
    main()
