"""The PDF service's configuration, from the environment only. The service keeps nothing: no
database and no broker, so neither is read here (and nothing is created on disk at start)."""
from __future__ import annotations

from dataclasses import dataclass

from webcert_common.config import DEV_SECRET, BaseConfig, ConfigError, env_int, env_str

DEFAULT_MAX_REQUEST_BYTES = 512 * 1024   # a certificate with every text field full is under 100 KiB


@dataclass
class PdfConfig(BaseConfig):
    service_name: str = "pdf"
    amqp_url: str = ""                    # no broker: asked over HTTP only (README, "Why HTTP")
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES

    @classmethod
    def from_env(cls, service_name: str = "pdf") -> "PdfConfig":
        config = cls(
            service_name=service_name,
            environment=env_str("WEBCERT_ENV", "development"),
            mode=env_str("WEBCERT_MODE", "embedded"),
            secret_key=env_str("SECRET_KEY", DEV_SECRET),
            log_level=env_str("LOG_LEVEL", "INFO"),
            max_request_bytes=env_int("PDF_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES),
        )
        config.check()
        return config

    def check(self) -> None:
        super().check()
        if self.max_request_bytes < 64 * 1024:
            raise ConfigError("PDF_MAX_REQUEST_BYTES must be at least 65536 (a full certificate's request)")
