"""The mail sink's configuration, from the environment."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from webcert_common.config import DEV_SECRET, ConfigError, env_int, env_str

from simulator_index.frame import page_settings_from_env

DATABASE_FILE = "mail-sink.sqlite3"
DEFAULT_SMTP_PORT = 8025          # where the messaging service's SmtpMailer looks by default


@dataclass(frozen=True)
class MailSinkConfig:
    database_path: str                # the SQLite file holding the messages
    smtp_host: str = "127.0.0.1"      # never 0.0.0.0 by default: a sink open to the network is a relay's target
    smtp_port: int = DEFAULT_SMTP_PORT
    secret_key: str = DEV_SECRET
    assets_base_url: str = ""
    index_url: str = ""
    environment: str = "development"

    @classmethod
    def from_env(cls) -> "MailSinkConfig":
        path = env_str("MAIL_SINK_DATABASE")
        if not path:
            data_dir = env_str("MAIL_SINK_DATA_DIR") or env_str("DATA_DIR", ".data")
            path = str(Path(data_dir) / DATABASE_FILE)
        config = cls(database_path=path, smtp_host=env_str("MAIL_SINK_SMTP_HOST", "127.0.0.1"),
                     smtp_port=env_int("MAIL_SINK_SMTP_PORT", env_int("SMTP_PORT", DEFAULT_SMTP_PORT)),
                     **page_settings_from_env())
        config.check()
        return config

    def check(self) -> None:
        # Real units have real mail servers in production, never this one (STYLE.md "Avoid").
        if self.environment == "production":
            raise ConfigError("the mail sink may not run with WEBCERT_ENV=production")
        if not self.database_path:
            raise ConfigError("MAIL_SINK_DATABASE (or MAIL_SINK_DATA_DIR / DATA_DIR) must name a place")
