"""A recipient simulator's configuration, from the environment. The recipient is named by
the caller (``create_app(recipient="fk")``, as the runners do) or by ``RECIPIENT_SIMULATOR``."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from webcert_common.config import DEV_SECRET, ConfigError, env_str

from simulator_index.frame import check_base_url, page_settings_from_env, seconds_from_env

from .recipients import RECIPIENTS

MAX_DELAY_SECONDS = 60.0       # "Svara långsamt" is bounded: a request thread is never held longer
# Above the certificate service's default recipient timeout (RECIPIENT_TIMEOUT_SECONDS, 10 s), so
# that "Svara långsamt" shows the adapter giving up and retrying, and the recipient answering the
# retry with the first receipt.
DEFAULT_SLOW_SECONDS = 15.0
# Where FK's messages reach Webcert (issue 7): the messaging service's adapter endpoint POST /fk/messages.
DEFAULT_WEBCERT_FK_INBOUND_URL = "http://127.0.0.1:8105"


def database_file(code: str) -> str:
    return f"recipient-{code}-simulator.sqlite3"


@dataclass(frozen=True)
class RecipientSimulatorConfig:
    recipient: str                    # fk, ts, skv or sos
    database_path: str                # the SQLite file holding what this recipient received
    secret_key: str = DEV_SECRET
    assets_base_url: str = ""
    index_url: str = ""
    slow_delay_seconds: float = DEFAULT_SLOW_SECONDS
    environment: str = "development"
    webcert_fk_inbound_url: str = DEFAULT_WEBCERT_FK_INBOUND_URL   # only the fk instance sends messages

    @classmethod
    def from_env(cls, recipient: str | None = None) -> "RecipientSimulatorConfig":
        code = recipient or env_str("RECIPIENT_SIMULATOR", "") or ""
        if code not in RECIPIENTS:
            raise ConfigError(f"RECIPIENT_SIMULATOR must be one of {', '.join(RECIPIENTS)}; got {code!r}")
        # Own directory allowed, one file per recipient: the four processes share one environment.
        data_dir = env_str("RECIPIENT_SIMULATOR_DATA_DIR") or env_str("DATA_DIR", ".data")
        config = cls(
            recipient=code,
            database_path=str(Path(data_dir) / database_file(code)),
            slow_delay_seconds=seconds_from_env("RECIPIENT_SIMULATOR_SLOW_SECONDS", DEFAULT_SLOW_SECONDS),
            webcert_fk_inbound_url=check_base_url("WEBCERT_FK_INBOUND_URL", env_str(
                "WEBCERT_FK_INBOUND_URL", DEFAULT_WEBCERT_FK_INBOUND_URL) or DEFAULT_WEBCERT_FK_INBOUND_URL),
            **page_settings_from_env(),
        )
        config.check()
        return config

    def check(self) -> None:
        # The real recipients are used in production, never these (STYLE.md "Avoid").
        if self.environment == "production":
            raise ConfigError("the recipient simulators may not run with WEBCERT_ENV=production")
        if self.recipient not in RECIPIENTS:
            raise ConfigError(f"unknown recipient {self.recipient!r}; one of {', '.join(RECIPIENTS)}")
        if not self.database_path:
            raise ConfigError("the recipient simulator needs a database path (RECIPIENT_SIMULATOR_DATA_DIR / DATA_DIR)")
        if not 0 < self.slow_delay_seconds <= MAX_DELAY_SECONDS:
            raise ConfigError(f"RECIPIENT_SIMULATOR_SLOW_SECONDS must be above 0 and at most {MAX_DELAY_SECONDS:g}")
