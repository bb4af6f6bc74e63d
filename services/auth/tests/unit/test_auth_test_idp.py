"""The test IdP's assertions (ARCHITECTURE.md "Login") and the configuration that guards it."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from webcert_common.config import ConfigError
from webcert_auth.adapters.identity import NoIdentityProvider
from webcert_auth.adapters.test_idp import TestIdentityProvider, sign_assertion
from webcert_auth.bootstrap import identity_provider_for
from webcert_auth.config import AuthConfig
from webcert_auth.domain.errors import InvalidRequest

KEY = "test-key"


def _now():
    return datetime.now(timezone.utc)


def test_a_fresh_assertion_gives_the_identity():
    identity = TestIdentityProvider(KEY).verify(sign_assertion(KEY, "siths", "HSA-1", "n1"), _now())
    assert (identity.method, identity.subject, identity.nonce) == ("siths", "HSA-1", "n1")


@pytest.mark.parametrize("make", [
    lambda: sign_assertion("another-key", "siths", "HSA-1", "n"),     # forged
    lambda: sign_assertion(KEY, "siths", "HSA-1", "n") + "x",          # tampered
    lambda: sign_assertion(KEY, "password", "HSA-1", "n"),            # unknown method
    lambda: sign_assertion(KEY, "bankid", "  ", "n"),                 # no subject
    lambda: "not an assertion",
])
def test_bad_assertions_are_refused(make):
    with pytest.raises(InvalidRequest) as refused:
        TestIdentityProvider(KEY).verify(make(), _now())
    assert refused.value.reason == "INVALID_ASSERTION"


def test_an_assertion_older_than_120_seconds_is_refused():
    assertion = sign_assertion(KEY, "siths", "HSA-1", "n")
    provider = TestIdentityProvider(KEY)
    provider.verify(assertion, _now() + timedelta(seconds=110))
    with pytest.raises(InvalidRequest):
        provider.verify(assertion, _now() + timedelta(seconds=125))
    with pytest.raises(InvalidRequest):
        provider.verify(assertion, _now() - timedelta(minutes=5))   # signed "in the future"


def test_test_idp_is_off_unless_enabled(monkeypatch):
    monkeypatch.delenv("TEST_IDP_ENABLED", raising=False)
    monkeypatch.delenv("WEBCERT_ENV", raising=False)
    assert isinstance(identity_provider_for(AuthConfig.from_env()), NoIdentityProvider)
    monkeypatch.setenv("TEST_IDP_ENABLED", "true")
    monkeypatch.setenv("IDP_SIGNING_KEY", KEY)
    assert isinstance(identity_provider_for(AuthConfig.from_env()), TestIdentityProvider)


def test_production_refuses_the_test_idp(monkeypatch):
    monkeypatch.setenv("WEBCERT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("AMQP_URL", "amqp://webcert:secret@rabbit:5672//")
    monkeypatch.setenv("TEST_IDP_ENABLED", "true")
    monkeypatch.setenv("IDP_SIGNING_KEY", KEY)
    with pytest.raises(ConfigError):
        AuthConfig.from_env()
    monkeypatch.setenv("TEST_IDP_ENABLED", "false")
    assert AuthConfig.from_env().test_idp_enabled is False


def test_no_provider_refuses_everything():
    with pytest.raises(InvalidRequest):
        NoIdentityProvider().verify(sign_assertion(KEY, "siths", "HSA-1", "n"), _now())
