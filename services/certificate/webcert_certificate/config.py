"""The certificate service's configuration, from the environment only."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from webcert_common.config import BaseConfig, ConfigError, env_bool, env_int, env_str

DEFAULT_AUTH_URL = "http://127.0.0.1:8101"
DEFAULT_PU_LOOKUP_URL = "http://127.0.0.1:8102"
# INT-1: where each recipient takes deliveries (deploy: the recipient simulators)
DEFAULT_RECIPIENT_URLS = {"fk": "http://127.0.0.1:8112", "ts": "http://127.0.0.1:8113",
                          "skv": "http://127.0.0.1:8114", "sos": "http://127.0.0.1:8115"}
DEFAULT_PDF_URL = "http://127.0.0.1:8104"    # CERT-10: the PDF service (services/pdf)
DEFAULT_DEMO_DATA_PATH = Path(__file__).resolve().parents[3] / "deploy" / "demo" / "demo-data.yaml"


@dataclass
class CertificateConfig(BaseConfig):
    service_name: str = "certificate"
    auth_url: str = DEFAULT_AUTH_URL            # who the user is: GET /sessions/current
    pu_lookup_url: str = DEFAULT_PU_LOOKUP_URL  # the patient: POST /persons/lookup
    ca_dir: str = ""                            # the demo CA's key and certificate; $DATA_DIR/certificate-ca
    signed_list_days: int = 90                  # CERT-14: "Signerade intyg" three months back
    lock_interval_seconds: float = 60.0         # CERT-8: how often the locking job looks for due drafts
    service_timeout_seconds: float = 5.0
    demo_data_path: str = ""                    # the demo world: FK7263 certificates for Tolvan (issue 4)
    load_demo_world: bool = False
    recipient_urls: dict = field(default_factory=lambda: dict(DEFAULT_RECIPIENT_URLS))
    recipient_timeout_seconds: float = 10.0
    pdf_url: str = DEFAULT_PDF_URL     # a recipient silent this long is tried again, then given up

    @classmethod
    def from_env(cls, service_name: str = "certificate") -> "CertificateConfig":
        base = cls.base_from_env(service_name)
        # The demo world is for development and demos; production loads it only when told to.
        demo_by_default = base["environment"] != "production"
        config = cls(
            **base,
            auth_url=env_str("AUTH_URL", DEFAULT_AUTH_URL),
            pu_lookup_url=env_str("PU_LOOKUP_URL", DEFAULT_PU_LOOKUP_URL),
            ca_dir=env_str("CERTIFICATE_CA_DIR", ""),
            signed_list_days=env_int("SIGNED_LIST_DAYS", 90),
            lock_interval_seconds=float(env_int("LOCK_INTERVAL_SECONDS", 60)),
            demo_data_path=env_str("DEMO_DATA_PATH", str(DEFAULT_DEMO_DATA_PATH)),
            load_demo_world=env_bool("LOAD_DEMO_WORLD", demo_by_default),
            recipient_urls={code: env_str(f"RECIPIENT_{code.upper()}_URL", url)
                            for code, url in DEFAULT_RECIPIENT_URLS.items()},
            recipient_timeout_seconds=float(env_int("RECIPIENT_TIMEOUT_SECONDS", 10)),
            pdf_url=env_str("PDF_URL", DEFAULT_PDF_URL),
        )
        config.check()
        return config

    @property
    def signing_ca_dir(self) -> Path:
        return Path(self.ca_dir) if self.ca_dir else Path(self.data_dir) / "certificate-ca"

    def check(self) -> None:
        super().check()
        if self.signed_list_days <= 0 or self.lock_interval_seconds <= 0:
            raise ConfigError("SIGNED_LIST_DAYS and LOCK_INTERVAL_SECONDS must be positive")
        if self.load_demo_world and not self.demo_data_path:
            raise ConfigError("LOAD_DEMO_WORLD needs DEMO_DATA_PATH")
