"""The messaging service's configuration, from the environment only."""
from __future__ import annotations

from dataclasses import dataclass

from webcert_common.config import BaseConfig, env_str

DEFAULT_AUTH_URL = "http://127.0.0.1:8101"
DEFAULT_PU_LOOKUP_URL = "http://127.0.0.1:8102"


@dataclass
class MessagingConfig(BaseConfig):
    service_name: str = "messaging"
    auth_url: str = DEFAULT_AUTH_URL            # who the user is: GET /sessions/current
    pu_lookup_url: str = DEFAULT_PU_LOOKUP_URL  # PU-3/PU-4: whether the patient's questions may be handled
    service_timeout_seconds: float = 5.0

    @classmethod
    def from_env(cls, service_name: str = "messaging") -> "MessagingConfig":
        config = cls(
            **cls.base_from_env(service_name),
            auth_url=env_str("AUTH_URL", DEFAULT_AUTH_URL),
            pu_lookup_url=env_str("PU_LOOKUP_URL", DEFAULT_PU_LOOKUP_URL),
        )
        config.check()
        return config
