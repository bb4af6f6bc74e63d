"""Configuration from the environment only (12-factor).

``BaseConfig.from_env()`` reads what every service shares; a service's own config class
extends it. In production (``WEBCERT_ENV=production``) development defaults are refused:
a fixed secret key, the broker's guest account, the test identity provider.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEV_SECRET = "dev-only-secret-do-not-use-in-production"


class ConfigError(RuntimeError):
    pass


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {value!r}") from exc


def sqlite_url(data_dir: str, service: str) -> str:
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(data_dir).resolve() / (service + '.sqlite3')}"


@dataclass
class BaseConfig:
    service_name: str
    environment: str = "development"          # development | production
    mode: str = "embedded"                    # embedded | distributed
    data_dir: str = ".data"
    database_url: str = ""
    amqp_url: str = "memory://"
    bus_namespace: str = ""                   # prefix for exchanges/queues (test isolation)
    secret_key: str = DEV_SECRET
    log_level: str = "INFO"
    extra: dict = field(default_factory=dict)

    @classmethod
    def base_from_env(cls, service_name: str) -> dict:
        """The shared fields as keyword arguments, for subclasses' ``from_env``."""
        prefix = service_name.upper().replace("-", "_")
        mode = env_str("WEBCERT_MODE", "embedded")
        data_dir = env_str("DATA_DIR", ".data")
        database_url = env_str(f"{prefix}_DATABASE_URL") or env_str("DATABASE_URL")
        if not database_url:
            database_url = sqlite_url(data_dir, service_name)
        return dict(
            service_name=service_name,
            environment=env_str("WEBCERT_ENV", "development"),
            mode=mode,
            data_dir=data_dir,
            database_url=database_url,
            amqp_url=env_str("AMQP_URL", "memory://" if mode == "embedded" else "amqp://guest:guest@127.0.0.1:5672//"),
            bus_namespace=env_str("BUS_NAMESPACE", ""),
            secret_key=env_str("SECRET_KEY", DEV_SECRET),
            log_level=env_str("LOG_LEVEL", "INFO"),
        )

    @classmethod
    def from_env(cls, service_name: str) -> "BaseConfig":
        config = cls(**cls.base_from_env(service_name))
        config.check()
        return config

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    def check(self) -> None:
        """Refuse development defaults in production (STYLE.md, 'Avoid')."""
        if not self.is_production:
            return
        if self.secret_key == DEV_SECRET or len(self.secret_key) < 32:
            raise ConfigError("SECRET_KEY must be set to a random value of at least 32 characters in production")
        if "guest:guest@" in self.amqp_url or self.amqp_url.startswith("memory://"):
            raise ConfigError("AMQP_URL must name a real broker account in production, not guest or memory://")
