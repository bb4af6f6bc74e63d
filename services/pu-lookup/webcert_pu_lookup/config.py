"""The pu-lookup service's configuration, from the environment only."""
from __future__ import annotations

import os
from dataclasses import dataclass

from webcert_common.config import BaseConfig, ConfigError, env_int, env_str

DEFAULT_REGISTER_URL = "http://127.0.0.1:8110"   # the PU simulator's port in the distributed form


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, got {value!r}") from exc


@dataclass
class PuLookupConfig(BaseConfig):
    service_name: str = "pu-lookup"
    register_url: str = DEFAULT_REGISTER_URL
    timeout_seconds: float = 2.0          # every register call times out: a page never hangs
    cache_seconds: int = 60               # a short-lived cache in front of the register
    probe_interval_seconds: float = 2.0   # outages and recovery noticed within seconds (PU-3)

    @classmethod
    def from_env(cls, service_name: str = "pu-lookup") -> "PuLookupConfig":
        config = cls(
            **cls.base_from_env(service_name),
            register_url=env_str("PU_REGISTER_URL", DEFAULT_REGISTER_URL),
            timeout_seconds=env_float("PU_TIMEOUT_SECONDS", 2.0),
            cache_seconds=env_int("PU_CACHE_SECONDS", 60),
            probe_interval_seconds=env_float("PU_PROBE_INTERVAL_SECONDS", 2.0),
        )
        config.check()
        return config

    def check(self) -> None:
        super().check()
        if self.timeout_seconds <= 0 or self.probe_interval_seconds <= 0:
            raise ConfigError("PU_TIMEOUT_SECONDS and PU_PROBE_INTERVAL_SECONDS must be positive")
        if self.cache_seconds < 0:
            raise ConfigError("PU_CACHE_SECONDS must be zero (no cache) or positive")
        if not self.register_url:
            raise ConfigError("PU_REGISTER_URL must name the population register")
