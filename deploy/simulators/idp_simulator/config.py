"""The test identity provider's configuration, from the environment."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from webcert_common.config import ConfigError, env_bool, env_str

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DEMO_DATA = REPO_ROOT / "deploy" / "demo" / "demo-data.yaml"


@dataclass(frozen=True)
class IdpConfig:
    signing_key: str
    demo_data_path: str = str(DEFAULT_DEMO_DATA)
    enabled: bool = False
    environment: str = "development"
    # Origins (scheme://host[:port]) besides the IdP's own that may receive an assertion.
    allowed_return_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls) -> "IdpConfig":
        origins = tuple(o.strip().rstrip("/") for o in (env_str("IDP_ALLOWED_RETURN_ORIGINS", "") or "").split(",")
                        if o.strip())
        return cls(
            signing_key=env_str("IDP_SIGNING_KEY", "") or "",
            demo_data_path=env_str("DEMO_DATA_PATH", str(DEFAULT_DEMO_DATA)),
            enabled=env_bool("TEST_IDP_ENABLED", False),
            environment=env_str("WEBCERT_ENV", "development"),
            allowed_return_origins=origins,
        )

    def check(self) -> None:
        # STYLE.md "Avoid": the test identity provider must never reach production by default.
        if not self.enabled:
            raise ConfigError("the test identity provider is off: set TEST_IDP_ENABLED=true to start it")
        if self.environment == "production":
            raise ConfigError("the test identity provider may not run with WEBCERT_ENV=production")
        if len(self.signing_key) < 16:
            raise ConfigError("IDP_SIGNING_KEY must be set (at least 16 characters)")
        if not Path(self.demo_data_path).is_file():
            raise ConfigError(f"DEMO_DATA_PATH does not name a file: {self.demo_data_path}")
