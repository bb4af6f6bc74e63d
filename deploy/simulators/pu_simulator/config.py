"""The PU simulator's configuration, from the environment."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from webcert_common.config import DEV_SECRET, ConfigError, env_str

from simulator_index.frame import page_settings_from_env, seconds_from_env

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DEMO_DATA = REPO_ROOT / "deploy" / "demo" / "demo-data.yaml"
MAX_DELAY_SECONDS = 60.0       # "långsam" is bounded: a request thread is never held longer


@dataclass(frozen=True)
class PuSimulatorConfig:
    demo_data_path: str = str(DEFAULT_DEMO_DATA)
    secret_key: str = DEV_SECRET
    assets_base_url: str = ""
    index_url: str = ""
    slow_delay_seconds: float = 5.0
    environment: str = "development"

    @classmethod
    def from_env(cls) -> "PuSimulatorConfig":
        config = cls(
            demo_data_path=env_str("DEMO_DATA_PATH", str(DEFAULT_DEMO_DATA)),
            slow_delay_seconds=seconds_from_env("PU_SIMULATOR_SLOW_SECONDS", 5),
            **page_settings_from_env(),
        )
        config.check()
        return config

    def check(self) -> None:
        # A register of invented people must never stand in for PU in production (STYLE.md "Avoid").
        if self.environment == "production":
            raise ConfigError("the PU simulator may not run with WEBCERT_ENV=production")
        if not Path(self.demo_data_path).is_file():
            raise ConfigError(f"DEMO_DATA_PATH does not name a file: {self.demo_data_path}")
        if not 0 < self.slow_delay_seconds <= MAX_DELAY_SECONDS:
            raise ConfigError(f"PU_SIMULATOR_SLOW_SECONDS must be above 0 and at most {MAX_DELAY_SECONDS:g}")
