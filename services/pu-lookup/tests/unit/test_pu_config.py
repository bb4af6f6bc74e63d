"""PuLookupConfig from the environment: the PU_LOOKUP_ prefix and the PU_* settings."""
from __future__ import annotations

import pytest
from webcert_common.config import ConfigError

from webcert_pu_lookup.config import PuLookupConfig


def test_defaults_and_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    for name in ("PU_LOOKUP_DATABASE_URL", "DATABASE_URL", "PU_REGISTER_URL", "PU_TIMEOUT_SECONDS",
                 "PU_CACHE_SECONDS", "PU_PROBE_INTERVAL_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    config = PuLookupConfig.from_env()
    assert config.service_name == "pu-lookup"
    assert config.database_url.endswith("pu-lookup.sqlite3")
    assert (config.register_url, config.timeout_seconds, config.cache_seconds, config.probe_interval_seconds) == (
        "http://127.0.0.1:8110", 2.0, 60, 2.0)
    monkeypatch.setenv("PU_LOOKUP_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/pu_lookup")
    monkeypatch.setenv("PU_REGISTER_URL", "http://pu-simulator:8110")
    monkeypatch.setenv("PU_TIMEOUT_SECONDS", "0.5")
    monkeypatch.setenv("PU_CACHE_SECONDS", "0")
    monkeypatch.setenv("PU_PROBE_INTERVAL_SECONDS", "1")
    config = PuLookupConfig.from_env()
    assert config.database_url == "postgresql://postgres@127.0.0.1:5432/pu_lookup"
    assert (config.register_url, config.timeout_seconds, config.cache_seconds, config.probe_interval_seconds) == (
        "http://pu-simulator:8110", 0.5, 0, 1.0)


@pytest.mark.parametrize("name, value", [("PU_TIMEOUT_SECONDS", "0"), ("PU_TIMEOUT_SECONDS", "snart"),
                                         ("PU_CACHE_SECONDS", "-1"), ("PU_PROBE_INTERVAL_SECONDS", "-2")])
def test_bad_values_are_refused(monkeypatch, tmp_path, name, value):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError):
        PuLookupConfig.from_env()
