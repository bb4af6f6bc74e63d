"""The gateway's configuration, from the environment only (12-factor)."""
from __future__ import annotations

from dataclasses import dataclass

from webcert_common.config import BaseConfig, ConfigError, env_bool, env_str


@dataclass
class GatewayConfig(BaseConfig):
    auth_url: str = "http://127.0.0.1:8001"
    idp_url: str = "/testidp"                 # where /login/siths and /login/eleg send the browser
    cookie_secure: bool = False               # Secure cookie flag and HSTS; always on in production
    session_cookie_name: str = "webcert_session"
    assets_dir: str = ""                      # gateway/node_modules by default (npm ci --prefix gateway)
    pu_lookup_url: str = "http://127.0.0.1:8002"   # the pu-lookup service (patients, PU state)
    certificate_url: str = "http://127.0.0.1:8003"  # the certificate service (drafts, certificates)
    messaging_url: str = "http://127.0.0.1:8005"    # the messaging service (ärendekommunikation, §7)
    log_service_url: str = "http://127.0.0.1:8111"  # the national log service (PDL entries are shipped there)
    simulators_url: str = ""                  # demo setups: the "Simulatorer" page; empty hides the link

    @classmethod
    def from_env(cls, service_name: str = "gateway") -> "GatewayConfig":
        base = cls.base_from_env(service_name)
        production = base["environment"] == "production"
        config = cls(
            **base,
            auth_url=env_str("AUTH_URL", "http://127.0.0.1:8001"),
            idp_url=env_str("IDP_URL", "/testidp"),
            cookie_secure=env_bool("COOKIE_SECURE", production),
            session_cookie_name=env_str("SESSION_COOKIE_NAME", "webcert_session"),
            assets_dir=env_str("GATEWAY_ASSETS_DIR", ""),
            pu_lookup_url=env_str("PU_LOOKUP_URL", "http://127.0.0.1:8002"),
            certificate_url=env_str("CERTIFICATE_URL", "http://127.0.0.1:8003"),
            messaging_url=env_str("MESSAGING_URL", "http://127.0.0.1:8005"),
            log_service_url=env_str("LOG_SERVICE_URL", "http://127.0.0.1:8111"),
            simulators_url=env_str("SIMULATORS_URL", ""),
        )
        config.check()
        return config

    def check(self) -> None:
        super().check()
        if self.is_production and not self.cookie_secure:
            raise ConfigError("COOKIE_SECURE may not be turned off in production")
