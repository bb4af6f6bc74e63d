"""The simulator index's configuration, from the environment."""
from __future__ import annotations

import json
from dataclasses import dataclass

from webcert_common.config import DEV_SECRET, ConfigError, env_str

from .frame import check_base_url


@dataclass(frozen=True)
class SimulatorLink:
    name: str
    url: str
    description: str = ""


@dataclass(frozen=True)
class IndexConfig:
    links: tuple[SimulatorLink, ...] = ()
    secret_key: str = DEV_SECRET
    assets_base_url: str = ""
    start_url: str = "/"              # Webcert's start page, linked back to
    environment: str = "development"

    @classmethod
    def from_env(cls) -> "IndexConfig":
        config = cls(
            links=parse_links(env_str("SIMULATOR_LINKS", "") or ""),
            secret_key=env_str("SECRET_KEY", DEV_SECRET),
            assets_base_url=check_base_url("ASSETS_BASE_URL", env_str("ASSETS_BASE_URL", "") or ""),
            start_url=check_base_url("WEBCERT_START_URL", env_str("WEBCERT_START_URL", "/") or "/") or "/",
            environment=env_str("WEBCERT_ENV", "development"),
        )
        config.check()
        return config

    def check(self) -> None:
        # Simulators stand in for outside systems in development and demo only (STYLE.md "Avoid").
        if self.environment == "production":
            raise ConfigError("the simulators may not run with WEBCERT_ENV=production")


def parse_links(text: str) -> tuple[SimulatorLink, ...]:
    """SIMULATOR_LINKS: a JSON list of {"name", "url", "description"}, shown in this order."""
    if not text.strip():
        return ()
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"SIMULATOR_LINKS is not valid JSON: {exc}") from exc
    if not isinstance(items, list):
        raise ConfigError("SIMULATOR_LINKS must be a JSON list of {name, url, description}")
    links = []
    for position, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise ConfigError(f"SIMULATOR_LINKS[{position}] needs a non-empty \"name\"")
        description = item.get("description") or ""
        if not isinstance(description, str):
            raise ConfigError(f"SIMULATOR_LINKS[{position}].description must be a string")
        url = item.get("url")
        if not isinstance(url, str) or not url.strip():
            raise ConfigError(f"SIMULATOR_LINKS[{position}] needs a \"url\"")
        check_base_url(f"SIMULATOR_LINKS[{position}].url", url)   # refuses javascript: and the like
        links.append(SimulatorLink(item["name"].strip(), url.strip(), description.strip()))
    return tuple(links)
