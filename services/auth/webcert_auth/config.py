"""The auth service's configuration, from the environment only."""
from __future__ import annotations

from dataclasses import dataclass

from webcert_common.config import BaseConfig, ConfigError, env_bool, env_int, env_str

from .adapters.demo_loader import DEFAULT_DEMO_DATA_PATH

DEV_IDP_SIGNING_KEY = "dev-only-idp-signing-key-do-not-use-in-production"


@dataclass
class AuthConfig(BaseConfig):
    service_name: str = "auth"
    test_idp_enabled: bool = False
    idp_signing_key: str = ""
    demo_data_path: str = str(DEFAULT_DEMO_DATA_PATH)
    load_demo_world: bool = True
    session_idle_minutes: int = 30          # §3 "Logga ut": thirty minutes without activity
    session_absolute_hours: int = 12
    sweep_interval_seconds: int = 30

    @classmethod
    def from_env(cls, service_name: str = "auth") -> "AuthConfig":
        enabled = env_bool("TEST_IDP_ENABLED", False)
        # The demo world is for development and demos; production loads it only when told to.
        demo_by_default = env_str("WEBCERT_ENV", "development") != "production"
        config = cls(
            **cls.base_from_env(service_name),
            test_idp_enabled=enabled,
            idp_signing_key=env_str("IDP_SIGNING_KEY", DEV_IDP_SIGNING_KEY if enabled else "") or "",
            demo_data_path=env_str("DEMO_DATA_PATH", str(DEFAULT_DEMO_DATA_PATH)),
            load_demo_world=env_bool("LOAD_DEMO_WORLD", demo_by_default),
            session_idle_minutes=env_int("SESSION_IDLE_MINUTES", 30),
            session_absolute_hours=env_int("SESSION_ABSOLUTE_HOURS", 12),
            sweep_interval_seconds=env_int("SESSION_SWEEP_INTERVAL_SECONDS", 30),
        )
        config.check()
        return config

    def check(self) -> None:
        super().check()
        if self.session_idle_minutes < 1 or self.session_absolute_hours < 1:
            raise ConfigError("SESSION_IDLE_MINUTES and SESSION_ABSOLUTE_HOURS must be positive")
        if self.is_production and self.test_idp_enabled:
            # STYLE.md "Avoid": the test identity provider must never reach production.
            raise ConfigError("TEST_IDP_ENABLED must not be set in production")
        if self.test_idp_enabled and not self.idp_signing_key:
            raise ConfigError("IDP_SIGNING_KEY must be set when TEST_IDP_ENABLED=true")
