"""STYLE.md 'Avoid': development defaults must not reach production."""
import pytest

from webcert_common.config import DEV_SECRET, BaseConfig, ConfigError


def config(**overrides):
    values = dict(service_name="auth", environment="production", secret_key="x" * 40,
                  amqp_url="amqp://webcert:s3cret@rabbitmq:5672/")
    values.update(overrides)
    return BaseConfig(**values)


def test_a_production_config_with_real_values_passes():
    config().check()


@pytest.mark.parametrize("overrides", [
    {"secret_key": DEV_SECRET},
    {"secret_key": "short"},
    {"amqp_url": "amqp://guest:guest@rabbitmq:5672/"},
    {"amqp_url": "memory://"},
])
def test_production_refuses_development_defaults(overrides):
    with pytest.raises(ConfigError):
        config(**overrides).check()


def test_development_accepts_the_defaults():
    config(environment="development", secret_key=DEV_SECRET, amqp_url="memory://").check()


def test_from_env_gives_each_service_its_own_sqlite_file(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("AUTH_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WEBCERT_ENV", "development")
    cfg = BaseConfig.from_env("auth")
    assert cfg.database_url == f"sqlite:///{tmp_path.resolve() / 'auth.sqlite3'}"
    assert cfg.amqp_url == "memory://"
