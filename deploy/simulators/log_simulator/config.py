"""The log service simulator's configuration, from the environment."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from webcert_common.config import DEV_SECRET, ConfigError, env_str

from simulator_index.frame import page_settings_from_env

DATABASE_FILE = "log-simulator.sqlite3"


@dataclass(frozen=True)
class LogSimulatorConfig:
    database_path: str                # the SQLite file holding the entries
    secret_key: str = DEV_SECRET
    assets_base_url: str = ""
    index_url: str = ""
    environment: str = "development"

    @classmethod
    def from_env(cls) -> "LogSimulatorConfig":
        path = env_str("LOG_SIMULATOR_DATABASE")
        if not path:
            data_dir = env_str("LOG_SIMULATOR_DATA_DIR") or env_str("DATA_DIR", ".data")
            path = str(Path(data_dir) / DATABASE_FILE)
        config = cls(database_path=path, **page_settings_from_env())
        config.check()
        return config

    def check(self) -> None:
        # The real national log service is used in production, never this one (STYLE.md "Avoid").
        if self.environment == "production":
            raise ConfigError("the log service simulator may not run with WEBCERT_ENV=production")
        if not self.database_path:
            raise ConfigError("LOG_SIMULATOR_DATABASE (or LOG_SIMULATOR_DATA_DIR / DATA_DIR) must name a place")
